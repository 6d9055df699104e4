"""A tiny, hand-checkable, valid dataset for tests: two townships in the Fuliang area.

Everything is built in metres in EPSG:4548 (CGCS2000 3-degree Gauss-Krüger, CM 117°E) on a
round-number layout, then stored in EPSG:4490 as the data contract says. All names and codes
are made up (the codes only look like Fuliang's, 360222…).

Layout, in km east/north of the origin (519 000 m E, 3 248 000 m N, about 117.2°E 29.35°N)::

    y=10 +------------+------------+------------+------------+
         |  NV02      |            |     NV06   |     NV08   |
         |  AV1       |  AV2       |  AV3       |  AV4       |
     y=5 |  NV01*     |  NV03      |  NV05*     |  NV07      |   * township seat
         |            |     NV04   |            |   FP01     |
     y=0 +------------+------------+------------+------------+
         x=0          5            10           15           20
         |<- township 360222100 ->|<- township 360222101 ->|

Numbers are chosen so that sums can be checked by hand: each admin village's households and
population are the sums of its two natural villages (see ``NATURAL_VILLAGES``), and the
population raster holds each natural village's population in the cell that contains it.
"""

from __future__ import annotations

import functools

import geopandas as gpd
import numpy as np
import pandas as pd
from affine import Affine
from pyproj import CRS, Transformer
from shapely.geometry import LineString, Point, Polygon, box

from geo.core.store import Dataset, RasterGrid

BUILD_EPSG = 4548  # CGCS2000 / 3-degree Gauss-Kruger CM 117E
STORE_EPSG = 4490
X0, Y0 = 519_000.0, 3_248_000.0
KM = 1000.0
RASTER_CELL_DEG = 0.005
POPULATION_NODATA = -9999.0

TOWN_CODES = ("360222100", "360222101")
VILLAGE_CODES = ("360222100201", "360222100202", "360222101201", "360222101202")

# nv_id, name, village_code, x km, y km, households, population, water_supply, garbage_collected,
# sanitary_toilet_households, sewage_treated
NATURAL_VILLAGES = (
    ("NV01", "溪口", VILLAGE_CODES[0], 2.5, 5.0, 120, 430, "centralized", True, 110, True),
    ("NV02", "上坞", VILLAGE_CODES[0], 1.5, 8.0, 35, 120, "centralized", True, 30, False),
    ("NV03", "石桥", VILLAGE_CODES[1], 7.5, 5.0, 60, 210, "tap", True, 50, False),
    ("NV04", "下湾", VILLAGE_CODES[1], 8.5, 1.5, 18, 55, "dispersed", False, 10, False),
    ("NV05", "茶岭", VILLAGE_CODES[2], 12.5, 5.0, 80, 290, "centralized", True, 70, True),
    ("NV06", "竹坑", VILLAGE_CODES[2], 13.5, 8.5, 25, 95, "tap", True, 20, False),
    ("NV07", "高山", VILLAGE_CODES[3], 17.5, 5.0, 40, 150, "dispersed", True, 25, False),
    ("NV08", "云雾", VILLAGE_CODES[3], 18.5, 8.5, 12, 38, "none", False, 3, False),
)


def _pt(x_km: float, y_km: float) -> Point:
    return Point(X0 + x_km * KM, Y0 + y_km * KM)


def _box(x1: float, y1: float, x2: float, y2: float) -> Polygon:
    """A rectangle in km; ``box`` puts its vertices counter-clockwise from the lower right."""
    return box(X0 + x1 * KM, Y0 + y1 * KM, X0 + x2 * KM, Y0 + y2 * KM)


def _township(x1: float) -> Polygon:
    """A 10 × 10 km township whose ring also has the vertices its two villages share with it."""
    ring = [(x1, 0), (x1 + 5, 0), (x1 + 10, 0), (x1 + 10, 10), (x1 + 5, 10), (x1, 10), (x1, 0)]
    return Polygon([(X0 + x * KM, Y0 + y * KM) for x, y in ring])


def _village(x1: float) -> Polygon:
    ring = [(x1, 0), (x1 + 5, 0), (x1 + 5, 10), (x1, 10), (x1, 0)]
    return Polygon([(X0 + x * KM, Y0 + y * KM) for x, y in ring])


@functools.cache
def _to_store() -> Transformer:
    return Transformer.from_crs(BUILD_EPSG, STORE_EPSG, always_xy=True)


def _lonlat(x_km: float, y_km: float) -> tuple[float, float]:
    lon, lat = _to_store().transform(X0 + x_km * KM, Y0 + y_km * KM)
    return float(lon), float(lat)


def _layer(columns: dict[str, object], geometry: list[object], dtypes: dict[str, str]) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(columns)
    for name, dtype in dtypes.items():
        frame[name] = frame[name].astype(dtype)
    built = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, crs=BUILD_EPSG))
    return built.to_crs(STORE_EPSG)


def _str(*names: str) -> dict[str, str]:
    return dict.fromkeys(names, "string")


def townships() -> gpd.GeoDataFrame:
    """Two townships side by side, seats at NV01 and NV05."""
    seats = [_lonlat(2.5, 5.0), _lonlat(12.5, 5.0)]
    return _layer(
        {
            "town_code": list(TOWN_CODES),
            "name": ["溪口镇", "茶岭乡"],
            "kind": ["town", "township"],
            "seat_x": [s[0] for s in seats],
            "seat_y": [s[1] for s in seats],
        },
        [_township(0), _township(10)],
        {**_str("town_code", "name", "kind"), "seat_x": "Float64", "seat_y": "Float64"},
    )


def admin_villages() -> gpd.GeoDataFrame:
    """Four 5 × 10 km villages; households and population are the sums of their natural villages."""
    households = [sum(nv[5] for nv in NATURAL_VILLAGES if nv[2] == code) for code in VILLAGE_CODES]
    population = [sum(nv[6] for nv in NATURAL_VILLAGES if nv[2] == code) for code in VILLAGE_CODES]
    seats = [_lonlat(x, 5.0) for x in (2.5, 7.5, 12.5, 17.5)]
    return _layer(
        {
            "village_code": list(VILLAGE_CODES),
            "name": ["溪口村", "石桥村", "茶岭村", "高山村"],
            "town_code": [TOWN_CODES[0], TOWN_CODES[0], TOWN_CODES[1], TOWN_CODES[1]],
            "households": households,
            "population": population,
            "is_former_poor": [False, True, False, True],
            "is_key_village": [False, False, False, True],
            "collective_income_yuan": [150_000.0, 80_000.0, 120_000.0, 45_000.0],
            "seat_x": [s[0] for s in seats],
            "seat_y": [s[1] for s in seats],
        },
        [_village(0), _village(5), _village(10), _village(15)],
        {
            **_str("village_code", "name", "town_code"),
            "households": "Int64",
            "population": "Int64",
            "is_former_poor": "boolean",
            "is_key_village": "boolean",
            "collective_income_yuan": "Float64",
            "seat_x": "Float64",
            "seat_y": "Float64",
        },
    )


def natural_villages() -> gpd.GeoDataFrame:
    """Eight settlements, two per admin village (see ``NATURAL_VILLAGES``)."""
    rows = NATURAL_VILLAGES
    return _layer(
        {
            "nv_id": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "village_code": [r[2] for r in rows],
            "households": [r[5] for r in rows],
            "population": [r[6] for r in rows],
            "water_supply": [r[7] for r in rows],
            "garbage_collected": [r[8] for r in rows],
            "sanitary_toilet_households": [r[9] for r in rows],
            "sewage_treated": [r[10] for r in rows],
        },
        [_pt(r[3], r[4]) for r in rows],
        {
            **_str("nv_id", "name", "village_code", "water_supply"),
            "households": "Int64",
            "population": "Int64",
            "garbage_collected": "boolean",
            "sanitary_toilet_households": "Int64",
            "sewage_treated": "boolean",
        },
    )


def relocation_sites() -> gpd.GeoDataFrame:
    """One resettlement site near the seat of township 360222100."""
    return _layer(
        {
            "site_id": ["RS01"],
            "name": ["溪口安置点"],
            "village_code": [VILLAGE_CODES[0]],
            "households": [50],
            "population": [180],
            "labour_households": [45],
            "employed_households": [40],
        },
        [_pt(3.5, 4.0)],
        {
            **_str("site_id", "name", "village_code"),
            "households": "Int64",
            "population": "Int64",
            "labour_households": "Int64",
            "employed_households": "Int64",
        },
    )


def roads() -> gpd.GeoDataFrame:
    """A county road through all four village seats, and four spurs of lower standard."""
    segments = [
        ("R01", "溪茶县道", "X001", "county", 3, "asphalt", 2, 7.5, [(2.5, 5), (7.5, 5), (12.5, 5), (17.5, 5)]),
        ("R02", "上坞村道", "C001", "village", 4, "cement", 1, 4.5, [(2.5, 5), (1.5, 8)]),
        ("R03", "下湾村道", "C002", "village", 0, "gravel", 1, 3.5, [(7.5, 5), (8.5, 1.5)]),
        ("R04", "竹坑乡道", "Y001", "township", 4, "cement", 1, 5.0, [(12.5, 5), (13.5, 8.5)]),
        ("R05", "云雾村道", "C003", "village", 0, "earth", 1, 3.0, [(17.5, 5), (18.5, 8.5)]),
    ]
    return _layer(
        {
            "road_id": [s[0] for s in segments],
            "name": [s[1] for s in segments],
            "route_code": [s[2] for s in segments],
            "admin_class": [s[3] for s in segments],
            "tech_grade": [s[4] for s in segments],
            "surface": [s[5] for s in segments],
            "lanes": [s[6] for s in segments],
            "width_m": [s[7] for s in segments],
        },
        [LineString([(X0 + x * KM, Y0 + y * KM) for x, y in s[8]]) for s in segments],
        {
            **_str("road_id", "name", "route_code", "admin_class", "surface"),
            "tech_grade": "Int64",
            "lanes": "Int64",
            "width_m": "Float64",
        },
    )


def water_works() -> gpd.GeoDataFrame:
    """One centralized works in admin village 360222100201."""
    return _layer(
        {
            "works_id": ["WW01"],
            "name": ["溪口水厂"],
            "scale": ["centralized"],
            "capacity_m3d": [800.0],
            "has_treatment": [True],
            "quality_ok": [True],
            "village_code": [VILLAGE_CODES[0]],
        },
        [_pt(3.0, 6.0)],
        {
            **_str("works_id", "name", "scale", "village_code"),
            "capacity_m3d": "Float64",
            "has_treatment": "boolean",
            "quality_ok": "boolean",
        },
    )


def water_service_areas() -> gpd.GeoDataFrame:
    """The service area of WW01: covers NV01, NV02 and NV03, not NV04."""
    return _layer({"works_id": ["WW01"]}, [_box(0.5, 3.0, 9.0, 9.5)], _str("works_id"))


def cell_sites() -> gpd.GeoDataFrame:
    """A 4G site at the seat of 360222100 (5 km) and a 5G site at the seat of 360222101 (1.5 km)."""
    return _layer(
        {
            "site_id": ["CS01", "CS02"],
            "operator": ["cmcc", "telecom"],
            "tech": ["4G", "5G"],
            "antenna_height_m": [35.0, 30.0],
            "radius_m": [5000.0, 1500.0],
        },
        [_pt(2.5, 5.5), _pt(12.5, 5.5)],
        {**_str("site_id", "operator", "tech"), "antenna_height_m": "Float64", "radius_m": "Float64"},
    )


def pv_stations() -> gpd.GeoDataFrame:
    """A village station working normally and a centralized one that is faulty and not confirmed."""
    return _layer(
        {
            "station_id": ["PV01", "PV02"],
            "name": ["石桥村光伏电站", "茶岭集中式光伏电站"],
            "village_code": [VILLAGE_CODES[1], VILLAGE_CODES[2]],
            "kind": ["village", "centralized"],
            "capacity_kw": [100.0, 300.0],
            "annual_kwh": [110_000.0, 300_000.0],
            "annual_revenue_yuan": [88_000.0, 210_000.0],
            "status": ["normal", "faulty"],
            "ownership_confirmed": [True, False],
            "asset_class": ["operating", "public_welfare"],
            "last_inspection": pd.to_datetime(["2024-06-15", "2023-11-20"]),
            "commissioned": pd.to_datetime(["2017-06-30", "2018-12-30"]),
        },
        [_pt(7.0, 4.0), _pt(14.0, 3.0)],
        {
            **_str("station_id", "name", "village_code", "kind", "status", "asset_class"),
            "capacity_kw": "Float64",
            "annual_kwh": "Float64",
            "annual_revenue_yuan": "Float64",
            "ownership_confirmed": "boolean",
            "last_inspection": "datetime64[ms]",
            "commissioned": "datetime64[ms]",
        },
    )


def farm_plots() -> gpd.GeoDataFrame:
    """One organic tea garden of 500 × 400 m = 20 ha = 300 mu."""
    return _layer(
        {
            "plot_id": ["FP01"],
            "crop": ["tea"],
            "organic": [True],
            "area_mu": [300.0],
            "village_code": [VILLAGE_CODES[3]],
            "operator": ["高山茶叶专业合作社"],
        },
        [_box(16.0, 2.0, 16.5, 2.4)],
        {**_str("plot_id", "crop", "village_code", "operator"), "organic": "boolean", "area_mu": "Float64"},
    )


def facilities() -> gpd.GeoDataFrame:
    """A school, a standard clinic and a bus stop whose ``standardized`` is not recorded."""
    return _layer(
        {
            "facility_id": ["F01", "F02", "F03"],
            "kind": ["school", "clinic", "bus_stop"],
            "name": ["溪口中心小学", "茶岭村卫生室", "石桥招呼站"],
            "village_code": [VILLAGE_CODES[0], VILLAGE_CODES[2], VILLAGE_CODES[1]],
            "standardized": [True, True, None],
        },
        [_pt(2.8, 5.2), _pt(12.7, 5.1), _pt(7.5, 5.2)],
        {**_str("facility_id", "kind", "name", "village_code"), "standardized": "boolean"},
    )


def raster_grid() -> tuple[Affine, tuple[int, int]]:
    """Transform and shape of a 0.005° grid (EPSG:4490) covering both townships with a margin."""
    minx, miny, maxx, maxy = townships().total_bounds
    west = np.floor(minx / RASTER_CELL_DEG) * RASTER_CELL_DEG - RASTER_CELL_DEG
    north = np.ceil(maxy / RASTER_CELL_DEG) * RASTER_CELL_DEG + RASTER_CELL_DEG
    cols = int(np.ceil((maxx - west) / RASTER_CELL_DEG)) + 1
    rows = int(np.ceil((north - miny) / RASTER_CELL_DEG)) + 1
    return Affine(RASTER_CELL_DEG, 0.0, round(west, 6), 0.0, -RASTER_CELL_DEG, round(north, 6)), (rows, cols)


def dem() -> RasterGrid:
    """Elevation in metres: a 60 m valley floor with a 400 m hill centred on NV07 (17.5, 5 km)."""
    transform, (rows, cols) = raster_grid()
    lon = transform.c + transform.a * (np.arange(cols) + 0.5)[np.newaxis, :]
    lat = transform.f + transform.e * (np.arange(rows) + 0.5)[:, np.newaxis]
    hill_lon, hill_lat = _lonlat(17.5, 5.0)
    dist2 = ((lon - hill_lon) * 97_000.0) ** 2 + ((lat - hill_lat) * 111_000.0) ** 2
    values = 60.0 + 340.0 * np.exp(-dist2 / (2 * 2000.0**2))
    return RasterGrid(values.astype("float32"), transform, CRS.from_epsg(STORE_EPSG), None)


def population() -> RasterGrid:
    """People per cell: each natural village's population in its cell, 0 elsewhere, nodata in the top-left cell."""
    transform, (rows, cols) = raster_grid()
    values = np.zeros((rows, cols), dtype="float32")
    points = natural_villages()
    for geom, people in zip(points.geometry, points["population"], strict=True):
        col = int((geom.x - transform.c) // transform.a)
        row = int((geom.y - transform.f) // transform.e)
        values[row, col] += float(people)
    values[0, 0] = POPULATION_NODATA
    return RasterGrid(values, transform, CRS.from_epsg(STORE_EPSG), POPULATION_NODATA)


def tiny_dataset() -> Dataset:
    """The whole tiny county, valid against the data contract, with typed (normalized) columns.

    Every call returns a fresh copy, so a test may change it freely.
    """
    template = _tiny_template()
    return Dataset(
        layers={name: frame.copy() for name, frame in template.layers.items()},
        rasters={
            name: RasterGrid(grid.values.copy(), grid.transform, grid.crs, grid.nodata)
            for name, grid in template.rasters.items()
        },
        source=template.source,
    )


@functools.cache
def _tiny_template() -> Dataset:
    layers = {
        "townships": townships(),
        "admin_villages": admin_villages(),
        "natural_villages": natural_villages(),
        "relocation_sites": relocation_sites(),
        "roads": roads(),
        "water_works": water_works(),
        "water_service_areas": water_service_areas(),
        "cell_sites": cell_sites(),
        "pv_stations": pv_stations(),
        "farm_plots": farm_plots(),
        "facilities": facilities(),
    }
    return Dataset(layers=layers, rasters={"dem": dem(), "population": population()}, source="tiny_dataset")
