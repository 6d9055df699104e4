"""Fixed parameters of the demo county: seed, reference date, grid, places and file paths.

Everything that makes the output reproducible lives here. Dates are relative to a fixed
reference date, never today's date, so two runs on different days give the same bytes.
"""

from __future__ import annotations

import zlib
from datetime import date
from pathlib import Path

import numpy as np

SEED = 20261031
COUNTY_ADCODE = "360222"
COUNTY_NAME = "浮梁县"
COUNTY_SEAT_TOWN = "360222100"  # 浮梁镇: the county government sits there
STORAGE_EPSG = 4490

REFERENCE_DATE = date(2026, 10, 31)  # "today" for inspections and overdue checks
GDAL_TIMESTAMP = "2026-10-31T00:00:00Z"  # written into the GeoPackage instead of the clock

BASE_CELL_M = 100.0  # DEM and population cell at scale 1
GRID_PAD_M = 3000.0  # grid margin around the county

DEMO_DIR = Path(__file__).resolve().parents[1] / "demo"
SOURCES_DIR = DEMO_DIR / "sources"
DEFAULT_OUT = DEMO_DIR / "fuliang_demo.gpkg"

# Township seats without a GeoNames point (寿安镇, 兴田乡, 勒功乡, 罗家桥乡): synthetic, placed
# once at the points of the county farthest from the 14 real seats (3 km inside the boundary).
SYNTHETIC_SEATS: dict[str, tuple[float, float]] = {
    "360222107": (117.2856, 29.4810),
    "360222204": (117.4616, 29.6429),
    "360222207": (117.1053, 29.6526),
    "360222209": (117.4449, 29.3587),
}

# Where the rivers leave the county (lon, lat): the Chang river towards Jingdezhen city in the
# south-west notch, and two minor outlets south and west.
RIVER_OUTLETS: tuple[tuple[float, float, float], ...] = (
    (117.205, 29.335, 28.0),
    (117.335, 29.130, 34.0),
    (116.995, 29.470, 45.0),
)

# Mountain massifs (lon, lat, sigma km, weight): the east (瑶里, 五股尖 1,618 m), the Anhui
# border in the north and north-east, lower hills west.
MASSIFS: tuple[tuple[float, float, float, float], ...] = (
    (117.64, 29.58, 9.0, 0.85),
    (117.50, 29.80, 11.0, 0.55),
    (117.27, 29.91, 12.0, 0.55),
    (117.06, 29.78, 10.0, 0.45),
    (117.00, 29.52, 8.0, 0.30),
)
MAX_ELEVATION_M = 1618.0

# National road through the county (waypoints: south exit, township seats, north exit).
TRUNK_ROAD = (
    "G206",
    "国道G206（示意走向）",
    (117.215, 29.345),
    ("360222100", "360222109", "360222102"),
    (117.205, 29.925),
)


def rng(seed: int, stream: str) -> np.random.Generator:
    """An independent random stream per concern, so changing one module leaves the others alone."""
    return np.random.default_rng([seed, zlib.crc32(stream.encode("utf-8"))])
