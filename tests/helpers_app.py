"""A small hand-made county for the map, relief and summary tests (built in metres, stored in 4490).

Layout in km east/north of (500 000 m E, 3 250 000 m N) in EPSG:4548 (CGCS2000 GK, CM 117°E)::

    y=4 +-------------+-------------+
        |  V1 (T1)    |  V2 (T2)    |     T1 = 甲镇, T2 = the township with a hostile name
        |  NV1 NV2    |  NV3        |     road R1: (1,1) → (4,1)   3 km asphalt, 2 lanes
    y=0 +-------------+-------------+     road R2: (1,3) → (5,3)   4 km gravel, 1 lane (crosses x=4)
        x=0           4             8

Every sum is easy to check by hand: see the expected values in the tests.
"""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from affine import Affine
from pyproj import CRS
from shapely.geometry import LineString, Point, box

from geo.core.store import Dataset, RasterGrid
from layers.registry import normalize_dataset, validate_dataset

GK_EPSG = 4548
STORE_EPSG = 4490
X0, Y0 = 500_000.0, 3_250_000.0
KM = 1000.0
HOSTILE = "<script>alert(1)</script>"
ROOT = Path(__file__).resolve().parents[1]
# The page and browser tests run on the demo county; RCM_TEST_DATA points them at another file.
DEMO = Path(os.environ.get("RCM_TEST_DATA") or ROOT / "data" / "demo" / "fuliang_demo.gpkg")


def xy(x_km: float, y_km: float) -> tuple[float, float]:
    """Metres in EPSG:4548 of a point given in km from the origin."""
    return X0 + x_km * KM, Y0 + y_km * KM


def _frame(rows: list[dict[str, object]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=GK_EPSG).to_crs(STORE_EPSG)


def _box(x1: float, y1: float, x2: float, y2: float) -> object:
    return box(*xy(x1, y1), *xy(x2, y2))


def dem_grid() -> RasterGrid:
    """A 100 m DEM over the county in EPSG:4548: a plane rising 50 m per km to the east, nodata in one corner."""
    cols, rows = 90, 50
    transform = Affine(100.0, 0.0, X0 - 500.0, 0.0, -100.0, Y0 + 4500.0)
    x_km = (np.arange(cols) * 100.0 - 500.0) / KM
    values = np.tile(100.0 + 50.0 * x_km, (rows, 1)).astype("float32")
    values[:2, :2] = -9999.0
    return RasterGrid(values, transform, CRS.from_epsg(GK_EPSG), -9999.0)


def mini_county() -> Dataset:
    """Two townships, two admin villages, three natural villages and one of every other layer."""
    towns = _frame(
        [
            {"town_code": "360222100", "name": "甲镇", "kind": "town", "geometry": _box(0, 0, 4, 4)},
            {"town_code": "360222101", "name": HOSTILE, "kind": "township", "geometry": _box(4, 0, 8, 4)},
        ]
    )
    seats = _frame([{"geometry": Point(xy(2, 2))}, {"geometry": Point(xy(6, 2))}])
    towns["seat_x"], towns["seat_y"] = seats.geometry.x.round(6).to_numpy(), seats.geometry.y.round(6).to_numpy()
    villages = _frame(
        [
            {
                "village_code": "360222100201",
                "name": "一村",
                "town_code": "360222100",
                "households": 300,
                "population": 1_000,
                "is_former_poor": True,
                "is_key_village": False,
                "geometry": _box(0, 0, 4, 4),
            },
            {
                "village_code": "360222101201",
                "name": "二村",
                "town_code": "360222101",
                "households": 120,
                "population": 450,
                "is_former_poor": False,
                "is_key_village": True,
                "geometry": _box(4, 0, 8, 4),
            },
        ]
    )
    naturals = _frame(
        [
            {
                "nv_id": "NV1",
                "name": "上屋",
                "village_code": "360222100201",
                "households": 200,
                "population": 700,
                "water_supply": "centralized",
                "garbage_collected": True,
                "sanitary_toilet_households": 180,
                "geometry": Point(xy(1, 2)),
            },
            {
                "nv_id": "NV2",
                "name": "下屋",
                "village_code": "360222100201",
                "households": 100,
                "population": 300,
                "water_supply": "dispersed",
                "garbage_collected": False,
                "sanitary_toilet_households": 50,
                "geometry": Point(xy(3, 2)),
            },
            {
                "nv_id": "NV3",
                "name": HOSTILE,
                "village_code": "360222101201",
                "households": 120,
                "population": 450,
                "water_supply": "none",
                "garbage_collected": True,
                "sanitary_toilet_households": 60,
                "geometry": Point(xy(6, 2)),
            },
        ]
    )
    roads = _frame(
        [
            {
                "road_id": "R1",
                "name": "县道一",
                "admin_class": "county",
                "tech_grade": 3,
                "surface": "asphalt",
                "lanes": 2,
                "width_m": 7.0,
                "geometry": LineString([xy(1, 1), xy(4, 1)]),
            },
            {
                "road_id": "R2",
                "name": "村道二",
                "admin_class": "village",
                "tech_grade": 0,
                "surface": "gravel",
                "lanes": 1,
                "width_m": 3.5,
                "geometry": LineString([xy(1, 3), xy(5, 3)]),
            },
        ]
    )
    works = _frame(
        [
            {
                "works_id": "W1",
                "name": "甲水厂",
                "scale": "large",
                "capacity_m3d": 1_500.0,
                "has_treatment": True,
                "quality_ok": True,
                "village_code": "360222100201",
                "geometry": Point(xy(2, 1.5)),
            },
            {
                "works_id": "W2",
                "name": "乙水站",
                "scale": "small",
                "capacity_m3d": 80.0,
                "has_treatment": False,
                "quality_ok": False,
                "village_code": "360222101201",
                "geometry": Point(xy(6, 1.5)),
            },
        ]
    )
    service = _frame([{"works_id": "W1", "geometry": Point(xy(2, 1.5)).buffer(1500)}])
    cells = _frame(
        [
            {
                "site_id": "C1",
                "operator": "cmcc",
                "tech": "4G",
                "antenna_height_m": 35.0,
                "radius_m": 3_000.0,
                "geometry": Point(xy(2, 3.5)),
            },
            {
                "site_id": "C2",
                "operator": "telecom",
                "tech": "4G",
                "antenna_height_m": 30.0,
                "radius_m": 2_500.0,
                "geometry": Point(xy(6, 3.5)),
            },
            {
                "site_id": "C3",
                "operator": "unicom",
                "tech": "5G",
                "antenna_height_m": 30.0,
                "radius_m": 800.0,
                "geometry": Point(xy(3, 3.5)),
            },
        ]
    )
    pv = _frame(
        [
            {
                "station_id": "P1",
                "name": "一村光伏",
                "village_code": "360222100201",
                "kind": "village",
                "capacity_kw": 300.0,
                "annual_kwh": 330_000.0,
                "annual_revenue_yuan": 250_000.0,
                "status": "normal",
                "ownership_confirmed": True,
                "last_inspection": "2025-03-01",
                "geometry": Point(xy(1.5, 0.5)),
            },
            {
                "station_id": "P2",
                "name": "二村光伏",
                "village_code": "360222101201",
                "kind": "village",
                "capacity_kw": 100.0,
                "annual_kwh": 100_000.0,
                "annual_revenue_yuan": 70_000.0,
                "status": "faulty",
                "ownership_confirmed": False,
                "last_inspection": "2024-01-15",
                "geometry": Point(xy(5.5, 0.5)),
            },
        ]
    )
    plots = _frame(
        [
            {
                "plot_id": "F1",
                "crop": "tea",
                "organic": True,
                "area_mu": 100.0,
                "village_code": "360222100201",
                "operator": "合作社",
                "geometry": _box(0.2, 0.2, 0.6, 0.6),
            },
            {
                "plot_id": "F2",
                "crop": "tea",
                "organic": False,
                "area_mu": 50.0,
                "village_code": "360222101201",
                "operator": "茶厂",
                "geometry": _box(4.2, 0.2, 4.5, 0.5),
            },
            {
                "plot_id": "F3",
                "crop": "camellia_oil",
                "organic": False,
                "area_mu": 30.0,
                "village_code": "360222101201",
                "operator": "农户",
                "geometry": _box(5.2, 0.2, 5.4, 0.4),
            },
        ]
    )
    facilities = _frame(
        [
            {
                "facility_id": "S1",
                "kind": "school",
                "name": "甲镇小学",
                "village_code": "360222100201",
                "geometry": Point(xy(2, 2.5)),
            },
            {
                "facility_id": "S2",
                "kind": "clinic",
                "name": "二村卫生室",
                "village_code": "360222101201",
                "geometry": Point(xy(6, 2.5)),
            },
        ]
    )
    relocation = _frame(
        [
            {
                "site_id": "A1",
                "name": "安置小区",
                "village_code": "360222100201",
                "households": 40,
                "population": 150,
                "employed_households": 36,
                "geometry": Point(xy(2.5, 0.8)),
            },
        ]
    )
    layers = {
        "townships": towns,
        "admin_villages": villages,
        "natural_villages": naturals,
        "relocation_sites": relocation,
        "roads": roads,
        "water_works": works,
        "water_service_areas": service,
        "cell_sites": cells,
        "pv_stations": pv,
        "farm_plots": plots,
        "facilities": facilities,
    }
    dataset = Dataset(layers=layers, rasters={"dem": dem_grid()}, source="mini")
    problems = validate_dataset(dataset)
    assert not problems, [p.describe() for p in problems]
    return normalize_dataset(dataset)


def domain_page(domain: str) -> None:
    """One domain page as app.py's navigation runs it (``views.domain.render``), for ``AppTest.from_function``.

    The domain pages are one function run per domain, not files, and AppTest switches only to
    file pages; so the page tests run the function itself (imports inside: AppTest runs its source).
    """
    from views.domain import render

    render(domain)


def require_demo() -> Path:
    """The demo GeoPackage, or a clear failure saying how to make it."""
    if not DEMO.is_file():
        pytest.fail(f"{DEMO} is missing: run `python -m data.make_demo` first")
    return DEMO
