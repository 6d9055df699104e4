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
from pyproj import CRS

from geo.errors import Problem

STORAGE_EPSG = 4490
ACCEPTED_STORAGE_EPSG = frozenset({4490, 4326})
_GK3_FIRST_CM = 75
_GK3_LAST_CM = 135
_GK3_NO_PREFIX_FIRST_EPSG = 4534  # CGCS2000 / 3-degree Gauss-Kruger CM 75E
_GK3_PREFIX_FIRST_EPSG = 4513  # CGCS2000 / 3-degree Gauss-Kruger zone 25


def gk3_central_meridian(lon: float) -> int:
    """Return the central meridian (degrees) of the 3-degree zone containing ``lon``."""
    cm = int(round(lon / 3.0) * 3)
    if not _GK3_FIRST_CM <= cm <= _GK3_LAST_CM:
        raise ValueError(f"longitude {lon:.3f} is outside China's Gauss-Krüger zones (73.5–136.5°E)")
    return cm


def gk3_epsg(lon: float, *, zone_prefix: bool = False) -> int:
    """EPSG code of the CGCS2000 3-degree Gauss-Krüger zone for a longitude.

    ``zone_prefix=True`` gives the variant whose eastings carry the zone number
    (e.g. 39 500 000 m), as many surveying files do.
    """
    step = (gk3_central_meridian(lon) - _GK3_FIRST_CM) // 3
    return (_GK3_PREFIX_FIRST_EPSG if zone_prefix else _GK3_NO_PREFIX_FIRST_EPSG) + step


def analysis_crs(frame: gpd.GeoDataFrame) -> CRS:
    """The metric CRS for analysing ``frame``: the GK zone of the centre of its extent."""
    geographic = frame.to_crs(STORAGE_EPSG) if frame.crs and not CRS(frame.crs).is_geographic else frame
    minx, _, maxx, _ = geographic.total_bounds
    return CRS.from_epsg(gk3_epsg((minx + maxx) / 2.0))


def to_storage(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Reproject to CGCS2000 geographic (EPSG:4490) unless already in 4490 or 4326."""
    if frame.crs is None:
        raise ValueError("frame has no CRS")
    epsg = CRS(frame.crs).to_epsg()
    return frame if epsg in ACCEPTED_STORAGE_EPSG else frame.to_crs(STORAGE_EPSG)


def check_storage_crs(frame: gpd.GeoDataFrame, *, source: str, layer: str) -> list[Problem]:
    """Report a layer whose CRS is missing or not geographic CGCS2000/WGS84."""
    if frame.crs is None:
        return []  # reported by the schema validator
    epsg = CRS(frame.crs).to_epsg()
    if epsg in ACCEPTED_STORAGE_EPSG:
        return []
    return [Problem(source, layer, None, None,
                    f"坐标系为 {CRS(frame.crs).name}，存储应为 CGCS2000 (EPSG:4490) 或 WGS84 (EPSG:4326)，请先导入转换",
                    f"CRS is {CRS(frame.crs).name}; the store holds EPSG:4490 or EPSG:4326, convert on import")]


# --- GCJ-02 ---------------------------------------------------------------------------------
# The published GCJ-02 forward formula (Krasovsky ellipsoid constants), vectorized.
_A = 6378245.0
_EE = 0.00669342162296594323


def _delta(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = lon - 105.0, lat - 35.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
            + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
            + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
            + (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0)
    dlon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
            + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
            + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
            + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0)
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
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: np.ndarray, lat: np.ndarray, *, iterations: int = 6) -> tuple[np.ndarray, np.ndarray]:
    """Invert :func:`wgs84_to_gcj02` by fixed-point iteration (error ≪ 1 cm after 6 steps)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    wlon, wlat = lon.copy(), lat.copy()
    for _ in range(iterations):
        glon, glat = wgs84_to_gcj02(wlon, wlat)
        wlon, wlat = wlon - (glon - lon), wlat - (glat - lat)
    return wlon, wlat
