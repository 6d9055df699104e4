"""Coordinate reference systems: storage, analysis (Gauss-Krüger) and GCJ-02.

* Storage and display: CGCS2000 geographic, EPSG:4490 (WGS84, EPSG:4326, is accepted too; the
  two differ by centimetres, well below the accuracy of county data).
* Metric work: the CGCS2000 3-degree Gauss-Krüger zone whose central meridian is nearest to
  the data (EPSG:4534–4554 without the zone prefix in the easting, 4513–4533 with it).
* GCJ-02 is the obfuscated datum of Chinese web maps (Amap, Tencent, …). It is not an EPSG CRS:
  data from those maps are shifted by ~100–700 m and must be converted explicitly with
  :func:`gcj02_to_wgs84`; nothing in this project converts silently.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

from geo.core.errors import Problem
from geo.text.i18n import bilingual, both

STORAGE_EPSG = 4490
ACCEPTED_STORAGE_EPSG = frozenset({4490, 4326})
# Where stored (geographic) coordinates of Chinese data can be: degrees east, degrees north.
CHINA_LON = (73.0, 136.0)
CHINA_LAT = (3.0, 54.0)
_GK3_FIRST_CM = 75
_GK3_LAST_CM = 135
_GK3_NO_PREFIX_FIRST_EPSG = 4534  # CGCS2000 / 3-degree Gauss-Kruger CM 75E
_GK3_PREFIX_FIRST_EPSG = 4513  # CGCS2000 / 3-degree Gauss-Kruger zone 25


def gk3_central_meridian(lon: float) -> int:
    """Return the central meridian (degrees) of the 3-degree zone containing ``lon``.

    The zone with central meridian ``3n`` covers ``[3n − 1.5, 3n + 1.5)`` degrees east.
    """
    if not np.isfinite(lon) or not _GK3_FIRST_CM - 1.5 <= lon < _GK3_LAST_CM + 1.5:
        raise ValueError(f"longitude {lon:.3f} is outside China's Gauss-Krüger zones (73.5–136.5°E)")
    return int(np.floor((lon + 1.5) / 3.0)) * 3


def gk3_epsg(lon: float, *, zone_prefix: bool = False) -> int:
    """EPSG code of the CGCS2000 3-degree Gauss-Krüger zone for a longitude.

    ``zone_prefix=True`` gives the variant whose eastings carry the zone number
    (e.g. 39 500 000 m), as many surveying files do.
    """
    step = (gk3_central_meridian(lon) - _GK3_FIRST_CM) // 3
    return (_GK3_PREFIX_FIRST_EPSG if zone_prefix else _GK3_NO_PREFIX_FIRST_EPSG) + step


def analysis_crs(frame: gpd.GeoDataFrame | gpd.GeoSeries) -> CRS:
    """The metric CRS for analysing ``frame``: the GK zone of the centre of its extent.

    Raises ``ValueError`` for a frame without CRS (its coordinates could be anything) or
    without any geometry (it has no extent).
    """
    if frame.crs is None:
        raise ValueError(bilingual("crs.zone_needs_crs"))
    geographic = frame if CRS(frame.crs).is_geographic else frame.to_crs(STORAGE_EPSG)
    minx, _, maxx, _ = geographic.total_bounds
    if not np.isfinite([minx, maxx]).all():
        raise ValueError(bilingual("crs.zone_needs_geometry"))
    return CRS.from_epsg(gk3_epsg((minx + maxx) / 2.0))


def to_storage(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Reproject to CGCS2000 geographic (EPSG:4490) unless already in 4490 or 4326."""
    if frame.crs is None:
        raise ValueError("frame has no CRS")
    epsg = CRS(frame.crs).to_epsg()
    return frame if epsg in ACCEPTED_STORAGE_EPSG else frame.to_crs(STORAGE_EPSG)


def check_storage_crs(frame: gpd.GeoDataFrame, *, source: str, layer: str) -> list[Problem]:
    """Report a layer whose CRS is not geographic CGCS2000/WGS84, or whose coordinates are not in China.

    The second case catches projected coordinates (metres) labelled as degrees, and
    longitude/latitude swapped. A missing CRS (or geometry column) is reported by the schema
    validator, not here.
    """
    if not isinstance(frame, gpd.GeoDataFrame) or getattr(frame, "active_geometry_name", None) not in frame.columns:
        return []
    if frame.crs is None:
        return []
    crs = CRS(frame.crs)
    if crs.to_epsg() not in ACCEPTED_STORAGE_EPSG:
        return [
            Problem(
                source,
                layer,
                None,
                None,
                *both("crs.crs_store_holds_epsg", name=crs.name),
            )
        ]
    bounds = shapely.bounds(frame.geometry.to_numpy())  # NaN for missing and empty geometries
    with np.errstate(invalid="ignore"):
        outside = (
            (bounds[:, 0] < CHINA_LON[0])
            | (bounds[:, 2] > CHINA_LON[1])
            | (bounds[:, 1] < CHINA_LAT[0])
            | (bounds[:, 3] > CHINA_LAT[1])
        )
    rows = np.flatnonzero(outside)
    if not len(rows):
        return []
    listed = ", ".join(str(r) for r in rows[:20]) + (f", … (+{len(rows) - 20})" if len(rows) > 20 else "")
    return [
        Problem(
            source,
            layer,
            int(rows[0]) if len(rows) == 1 else None,
            "geometry",
            *both(
                "crs.feature_s_lie_outside",
                n_rows=len(rows),
                west=CHINA_LON[0],
                east=CHINA_LON[1],
                south=CHINA_LAT[0],
                north=CHINA_LAT[1],
                listed=listed,
            ),
        )
    ]


# --- GCJ-02 ---------------------------------------------------------------------------------
# The published GCJ-02 forward formula (Krasovsky ellipsoid constants), vectorized. Like the
# published implementations, it leaves points outside China's bounding box unchanged.
_A = 6378245.0
_EE = 0.00669342162296594323
_GCJ_LON = (72.004, 137.8347)
_GCJ_LAT = (0.8293, 55.8271)


def _in_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return (lon >= _GCJ_LON[0]) & (lon <= _GCJ_LON[1]) & (lat >= _GCJ_LAT[0]) & (lat <= _GCJ_LAT[1])


def _delta(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = lon - 105.0, lat - 35.0
    dlat = (
        -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * np.sqrt(np.abs(x))
        + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
        + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
        + (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    )
    dlon = (
        300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * np.sqrt(np.abs(x))
        + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
        + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
        + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    )
    rad = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad) * np.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Shift WGS84/CGCS2000 coordinates to GCJ-02 (what a Chinese web map displays)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    dlon, dlat = _delta(lon, lat)
    inside = _in_china(lon, lat)
    return np.where(inside, lon + dlon, lon), np.where(inside, lat + dlat, lat)


def gcj02_to_wgs84(lon: np.ndarray, lat: np.ndarray, *, iterations: int = 6) -> tuple[np.ndarray, np.ndarray]:
    """Invert :func:`wgs84_to_gcj02` by fixed-point iteration (error ≪ 1 cm after 6 steps)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    inside = _in_china(lon, lat)
    wlon, wlat = lon.copy(), lat.copy()
    for _ in range(iterations):
        dlon, dlat = _delta(wlon, wlat)
        wlon, wlat = lon - dlon, lat - dlat
    return np.where(inside, wlon, lon), np.where(inside, wlat, lat)


def frame_gcj02_to_wgs84(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Convert a layer digitised on a Chinese web map (GCJ-02) to WGS84 (EPSG:4326).

    The caller says the data are GCJ-02 (nothing can tell it from the file: GeoJSON from
    those maps claims WGS84); the result is labelled EPSG:4326.
    """

    def convert(xy: np.ndarray) -> np.ndarray:
        lon, lat = gcj02_to_wgs84(xy[:, 0], xy[:, 1])
        return np.column_stack([lon, lat])

    out = frame.copy()
    out[out.geometry.name] = gpd.GeoSeries(shapely.transform(frame.geometry.to_numpy(), convert), index=frame.index)
    return out.set_crs(4326, allow_override=True)
