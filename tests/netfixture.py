"""A hand-drawn road, tower and terrain county for the network, terrain, road, telecom and access tests.

Drawn in metres in EPSG:4548 (CGCS2000 3° Gauss-Krüger, CM 117°E) relative to the origin
(519 000 E, 3 248 000 N, near Fuliang), stored in EPSG:4490 as the contract says. Every answer
in the tests is worked out by hand from this picture (x → east, y → north, metres)::

    y=6000 ┌────────── T1 (county seat) ──────────┬────────────── T2 ──────────────────┐
           │  AV1 (x<3000)   │ AV2                 │ AV3 (key village)                 │
           │                 │       R2 cement     │       ▲ridge x=5900–6100 (+300 m) │
           │                 │       │ ·Near       │       R3 cement (island)          │
    y=3000 │ S1●━━━━━━R1━━━━━┿━━━━━━━J──R4 gravel──┼──·AV3seat──K──R9 earth──●━R8━━━━━S2●
           │ (asphalt, 2 lanes, grade 3, county)   │   (6800)    (8000)  (9000) asphalt, 2 lanes,
           │                 R5 earth (T-junction at 3000,3000 on R1's interior)  grade 4, county
           │                 │                     │
    y=1200 │  ·Far(1000,1500)┘ ·Track(3050,1000)   │
    y=0    └───────────────────────────────────────┴───────────────────────────────────┘
          x=0              3000                  6000                                12000

Roads (x0,y0 → x1,y1):
    R1 county asphalt grade 3, 2 lanes, 7 m   (1000,3000) → (5000,3000)   4000 m
    R2 village cement grade 4, 1 lane, 4.5 m  (5000,3000) → (5000,5000)   2000 m
    R4 township gravel grade 4, 1 lane        (5000,3000) → (8000,3000)   3000 m
    R3 village cement grade 4, 1 lane         (8000,3000) → (8000,4000)   1000 m  (hardened island)
    R9 village earth grade 0, 1 lane          (9000,3000) → (8000,3000)   1000 m
    R8 county asphalt grade 4, 2 lanes        (11000,3000) → (9000,3000)  2000 m
    R5 village earth grade 0, 1 lane          (3000,3000) → (3000,1200)   1800 m  (starts on R1's interior)

Township seats: S1 (1000,3000) of T1 (the county seat: more people), S2 (11000,3000) of T2.
Admin-village seats: AV1 (1200,3300), AV2 (5100,4500), AV3 (6800,3000).

Natural villages (households, population):
    Far    (1000,1500) AV1  40 / 150     Small (2000,2000) AV1 10 / 30 (not "larger")
    Track  (3050,1000) AV2  35 / 120     Near  (5050,4000) AV2 50 / 200
    Island (8100,3500) AV3  32 / 110     East  (10500,3100) AV3 80 / 300
    Ridge  (6500,2500) AV3  20 / 60 (not "larger"; behind the ridge from BS1)

Cell sites: BS1 4G (5000,3000) 30 m, radius 3000 m; BS5 5G (1100,3000) 25 m, radius 250 m.
DEM: 50 m cells over x 0–12000, y 0–6000, flat at 100 m, a ridge at 400 m for 5900 ≤ x ≤ 6100.
Facilities: school SC1 (2400,3400); clinic CL1 (5000,3900); township hospital TH1 (1000,2900).
Relocation sites: RS1 (5200,3100) in AV2, RS2 (1500,3200) in AV1.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from affine import Affine
from pyproj import CRS
from shapely.geometry import LineString, Point, box

from geo.analysis.catalog import INDICATORS
from geo.analysis.context import Context
from geo.analysis.result import IndicatorResult
from geo.core.store import Dataset, RasterGrid
from geo.core.validation import validate_layer
from layers.registry import LAYER_KINDS, normalize_dataset
from tests.plans import load_test_targets

BUILD_EPSG = 4548
X0, Y0 = 519_000.0, 3_248_000.0
T1, T2 = "360222100", "360222101"
AV1, AV2, AV3 = "360222100201", "360222100202", "360222101201"


def xy(x: float, y: float) -> tuple[float, float]:
    """Fixture metres → EPSG:4548 coordinates."""
    return X0 + x, Y0 + y


def _frame(rows: list[dict[str, Any]], geoms: list[Any]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=gpd.GeoSeries(geoms, crs=BUILD_EPSG)).to_crs(4490)


def _lonlat(x: float, y: float) -> tuple[float, float]:
    p = gpd.GeoSeries([Point(xy(x, y))], crs=BUILD_EPSG).to_crs(4490).iloc[0]
    return p.x, p.y


def _box(x0: float, y0: float, x1: float, y1: float) -> Any:
    return box(*xy(x0, y0), *xy(x1, y1))


ROADS = (
    # road_id, name, class, grade, surface, lanes, width, line
    ("R1", "X001", "county", 3, "asphalt", 2, 7.0, [(1000, 3000), (5000, 3000)]),
    ("R2", "Y001", "village", 4, "cement", 1, 4.5, [(5000, 3000), (5000, 5000)]),
    ("R4", "C001", "township", 4, "gravel", 1, 4.5, [(5000, 3000), (8000, 3000)]),
    ("R3", "Y002", "village", 4, "cement", 1, 4.5, [(8000, 3000), (8000, 4000)]),
    ("R9", "Y003", "village", 0, "earth", 1, 3.5, [(9000, 3000), (8000, 3000)]),
    ("R8", "X002", "county", 4, "asphalt", 2, 7.0, [(11000, 3000), (9000, 3000)]),
    ("R5", "Y004", "village", 0, "earth", 1, 3.5, [(3000, 3000), (3000, 1200)]),
)

NATURAL = (
    # nv_id, name, village, households, population, x, y
    ("Far", "远村", AV1, 40, 150, 1000, 1500),
    ("Small", "小村", AV1, 10, 30, 2000, 2000),
    ("Track", "土路村", AV2, 35, 120, 3050, 1000),
    ("Near", "近村", AV2, 50, 200, 5050, 4000),
    ("Island", "孤岛村", AV3, 32, 110, 8100, 3500),
    ("East", "东村", AV3, 80, 300, 10500, 3100),
    ("Ridge", "岭后村", AV3, 20, 60, 6500, 2500),
)


def roads(extra: list[tuple] = (), *, changed: dict[str, dict[int, Any]] | None = None) -> gpd.GeoDataFrame:
    """The roads of the picture, plus ``extra`` rows in the same tuple shape; ``changed`` replaces
    fields of a road by position in that tuple, e.g. ``{"R8": {5: 1}}`` makes R8 one lane."""
    changed = changed or {}
    rows = [tuple(changed.get(r[0], {}).get(k, v) for k, v in enumerate(r)) for r in (*ROADS, *extra)]
    return _frame(
        [
            {
                "road_id": r[0],
                "name": r[1],
                "admin_class": r[2],
                "tech_grade": r[3],
                "surface": r[4],
                "lanes": r[5],
                "width_m": r[6],
            }
            for r in rows
        ],
        [LineString([xy(*p) for p in r[7]]) for r in rows],
    )


def natural_villages(rows: tuple = NATURAL) -> gpd.GeoDataFrame:
    return _frame(
        [
            {
                "nv_id": r[0],
                "name": r[1],
                "village_code": r[2],
                "households": r[3],
                "population": r[4],
                "water_supply": "centralized",
                "garbage_collected": True,
                "sanitary_toilet_households": r[3],
            }
            for r in rows
        ],
        [Point(xy(r[5], r[6])) for r in rows],
    )


def townships() -> gpd.GeoDataFrame:
    s1, s2 = _lonlat(1000, 3000), _lonlat(11000, 3000)
    return _frame(
        [
            {"town_code": T1, "name": "东镇", "kind": "town", "seat_x": s1[0], "seat_y": s1[1]},
            {"town_code": T2, "name": "西乡", "kind": "township", "seat_x": s2[0], "seat_y": s2[1]},
        ],
        [_box(0, 0, 6000, 6000), _box(6000, 0, 12000, 6000)],
    )


def admin_villages() -> gpd.GeoDataFrame:
    seats = {AV1: (1200, 3300), AV2: (5100, 4500), AV3: (6800, 3000)}
    pop = {code: sum(r[4] for r in NATURAL if r[2] == code) for code in seats}
    hh = {code: sum(r[3] for r in NATURAL if r[2] == code) for code in seats}
    rows = [
        {
            "village_code": code,
            "name": name,
            "town_code": town,
            "households": hh[code],
            "population": pop[code],
            "is_key_village": key,
            "seat_x": _lonlat(*seats[code])[0],
            "seat_y": _lonlat(*seats[code])[1],
        }
        for code, name, town, key in ((AV1, "一村", T1, False), (AV2, "二村", T1, False), (AV3, "三村", T2, True))
    ]
    return _frame(rows, [_box(0, 0, 3000, 6000), _box(3000, 0, 6000, 6000), _box(6000, 0, 12000, 6000)])


def cell_sites(
    rows: tuple = (("BS1", "4G", 30.0, 3000.0, 5000, 3000), ("BS5", "5G", 25.0, 250.0, 1100, 3000)),
) -> gpd.GeoDataFrame:
    return _frame(
        [{"site_id": r[0], "operator": "cmcc", "tech": r[1], "antenna_height_m": r[2], "radius_m": r[3]} for r in rows],
        [Point(xy(r[4], r[5])) for r in rows],
    )


def facilities() -> gpd.GeoDataFrame:
    rows = (
        ("SC1", "school", "一村小学", AV1, 2400, 3400),
        ("CL1", "clinic", "二村卫生室", AV2, 5000, 3900),
        ("TH1", "township_hospital", "东镇卫生院", AV1, 1000, 2900),
    )
    return _frame(
        [{"facility_id": r[0], "kind": r[1], "name": r[2], "village_code": r[3]} for r in rows],
        [Point(xy(r[4], r[5])) for r in rows],
    )


def relocation_sites() -> gpd.GeoDataFrame:
    rows = (("RS1", "二村安置点", AV2, 1200, 5200, 3100), ("RS2", "一村安置点", AV1, 400, 1500, 3200))
    return _frame(
        [
            {
                "site_id": r[0],
                "name": r[1],
                "village_code": r[2],
                "households": r[3] // 4,
                "population": r[3],
                "employed_households": r[3] // 8,
            }
            for r in rows
        ],
        [Point(xy(r[4], r[5])) for r in rows],
    )


def dem(ridge: bool = True) -> RasterGrid:
    """Flat 100 m with (optionally) a 400 m ridge for 5900 ≤ x ≤ 6100; 50 m cells."""
    cell = 50.0
    cols, rows = 240, 120
    x = (np.arange(cols) + 0.5) * cell
    values = np.full((rows, cols), 100.0)
    if ridge:
        values[:, (x >= 5900) & (x <= 6100)] = 400.0
    return RasterGrid(values, Affine(cell, 0, X0, 0, -cell, Y0 + rows * cell), CRS.from_epsg(BUILD_EPSG), None)


def dataset(**layers: gpd.GeoDataFrame | RasterGrid | None) -> Dataset:
    """The picture as a typed Dataset; keyword arguments replace (or with None drop) a layer or the DEM."""
    base: dict[str, Any] = {
        "townships": townships(),
        "admin_villages": admin_villages(),
        "natural_villages": natural_villages(),
        "roads": roads(),
        "cell_sites": cell_sites(),
        "facilities": facilities(),
        "relocation_sites": relocation_sites(),
        "dem": dem(),
    }
    base.update(layers)
    grid = base.pop("dem")
    vectors = {k: v for k, v in base.items() if v is not None}
    for name, frame in vectors.items():
        problems = validate_layer(frame, LAYER_KINDS[name].schema, source="netfixture")
        assert not problems, "\n".join(p.describe() for p in problems)
    data = Dataset(layers=vectors, rasters={"dem": grid} if grid is not None else {}, source="netfixture")
    return normalize_dataset(data)


TARGETS = {t.indicator: t for t in load_test_targets().values()}


def run(data: Dataset, indicator: str, **params: object) -> IndicatorResult:
    """Measure ``indicator`` on ``data`` with its target from the frozen targets file, ``params`` overriding."""
    target = TARGETS[indicator]
    if params:
        target = replace(target, params={**target.params, **params})
    return INDICATORS[indicator].compute(Context(data), target)


def value(units: pd.DataFrame, level: str, code: str) -> float:
    """The value of the one unit row at ``level`` for ``code``."""
    rows = units[(units["level"] == level) & (units["unit_code"] == code)]
    assert len(rows) == 1
    return float(rows["value"].iloc[0])
