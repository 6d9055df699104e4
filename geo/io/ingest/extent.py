"""Is the import where the county is? Features beyond the county by more than a tolerance are refused, with the cause.

A .prj naming the wrong Gauss-Krüger zone, eastings without their zone number, swapped
longitude/latitude columns or web-map (GCJ-02) coordinates all give valid geometry hundreds of
kilometres off (or a few hundred metres, for GCJ-02), still inside China. The county is the
store's townships (else its admin villages); each feature's distance from it is measured in the
county's Gauss-Krüger zone. When features lie outside, the coordinates as the file held them are
re-read under the other interpretations (every Chinese Gauss-Krüger CRS in PROJ's database,
x/y swapped, GCJ-02 → WGS84) and the one that puts nearly all of them inside is named, with its
EPSG code, so the user can re-import with ``--crs`` (or ``--gcj02``).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Transformer

from geo.core.crs import STORAGE_EPSG, analysis_crs, gcj02_to_wgs84
from geo.core.errors import Problem
from geo.core.layer_names import ADMIN_VILLAGES, TOWNSHIPS
from geo.core.store import Dataset
from geo.io.ingest.crs_guess import gk_codes
from geo.text.i18n import both

TOLERANCE_M = 2_000.0  # boundary layers of different surveys disagree by a few hundred metres
_SAMPLE = 400  # points used to try the other interpretations
_FIT_SHARE = 0.9  # an interpretation "puts them inside" when this share of the sample lands inside
MAX_ROWS_REPORTED = 200


def county_of(dataset: Dataset, kind: str) -> gpd.GeoSeries | None:
    """The county's area (one polygon, EPSG:4490) from the store, not from the layer being imported."""
    for name in (TOWNSHIPS, ADMIN_VILLAGES):
        frame = dataset.layers.get(name)
        if name != kind and frame is not None and len(frame) and frame.crs is not None:
            area = shapely.union_all(shapely.make_valid(frame.to_crs(STORAGE_EPSG).geometry.to_numpy()))
            if not area.is_empty:
                return gpd.GeoSeries([area], crs=STORAGE_EPSG)
    return None


def outside_problems(
    layer: gpd.GeoDataFrame, county: gpd.GeoSeries, crs_used: str | None, *, source: str, kind: str
) -> list[Problem]:
    """Problems for the features of ``layer`` (EPSG:4490) farther than the tolerance from ``county``.

    ``crs_used`` is the reader's label of the CRS the coordinates were read in (``EPSG:4527 …``).
    """
    geometry = layer.geometry.to_numpy()
    present = ~(shapely.is_missing(geometry) | shapely.is_empty(geometry))
    if not present.any():
        return []
    metric = analysis_crs(county)
    area = county.to_crs(metric).iloc[0]
    distance = np.full(len(layer), np.nan)
    distance[present] = shapely.distance(area, gpd.GeoSeries(geometry[present], crs=STORAGE_EPSG).to_crs(metric))
    far = np.flatnonzero(distance > TOLERANCE_M)
    if not len(far):
        return []
    points = shapely.get_coordinates(shapely.point_on_surface(geometry[far[:_SAMPLE]]))
    code = crs_used.split()[0] if crs_used and crs_used.startswith("EPSG:") else None
    used = CRS.from_user_input(code) if code else None
    problems = [Problem(source, kind, None, "geometry", *_cause(points, used, area, metric, len(far)))]
    for row in far[:MAX_ROWS_REPORTED]:
        problems.append(
            Problem(source, kind, int(row), "geometry", *both("input.outside_row", km=distance[row] / 1000.0))
        )
    return problems


def _inside_share(lon: np.ndarray, lat: np.ndarray, area: object, metric: CRS) -> float:
    x, y = Transformer.from_crs(STORAGE_EPSG, metric, always_xy=True).transform(lon, lat)
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return 0.0
    near = shapely.distance(area, shapely.points(x[ok], y[ok])) <= TOLERANCE_M
    return float(near.sum()) / len(lon)


def _cause(points: np.ndarray, crs_used: CRS | None, area: object, metric: CRS, n: int) -> tuple[str, str]:
    """The message of the whole layer: how many features are outside and the likely cause with its EPSG."""
    lon, lat = points[:, 0], points[:, 1]
    used = crs_used if crs_used is not None else CRS.from_epsg(STORAGE_EPSG)
    if used.is_geographic:
        if _inside_share(lat, lon, area, metric) >= _FIT_SHARE:
            return both("input.outside_swapped", n=n, crs=used.name)
        wlon, wlat = gcj02_to_wgs84(lon, lat)
        if _inside_share(wlon, wlat, area, metric) >= _FIT_SHARE:
            return both("input.outside_gcj02", n=n)
        return both("input.outside_unknown", n=n, crs=used.name)
    x, y = Transformer.from_crs(STORAGE_EPSG, used, always_xy=True).transform(lon, lat)
    if _inside_share(*_to_storage(y, x, used), area, metric) >= _FIT_SHARE:
        return both("input.outside_swapped", n=n, crs=used.name)
    best: tuple[float, int, str] | None = None
    datum = used.name.split(" / ")[0]
    # Of equally good fits the file's own datum wins, then CGCS2000 (Xi'an 80 CM 117 fits as well as CGCS2000's).
    width = "3-degree" in used.name  # CM 117°E is a 3° and a 6° central meridian: keep the file's zone width
    ranked = sorted(
        gk_codes().items(),
        key=lambda item: (not item[0].startswith(datum), ("3-degree" in item[0]) != width, "CGCS2000" not in item[0]),
    )
    for name, code in ranked:
        if code == used.to_epsg():
            continue
        share = _inside_share(*_to_storage(x, y, CRS.from_epsg(code)), area, metric)
        if share >= _FIT_SHARE and (best is None or share > best[0]):
            best = (share, code, name)
    if best is None:
        return both("input.outside_unknown", n=n, crs=used.name)
    _, code, name = best
    prefix_only = (" zone " in name) != (" zone " in used.name)
    key = "input.outside_zone_prefix" if prefix_only else "input.outside_wrong_zone"
    return both(key, n=n, crs=used.name, epsg=code, name=name)


def _to_storage(x: np.ndarray, y: np.ndarray, crs: CRS) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = Transformer.from_crs(crs, STORAGE_EPSG, always_xy=True).transform(x, y)
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
