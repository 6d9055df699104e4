"""A hand-drawn county for indicator tests: every number small enough to check by hand.

Two townships side by side, three admin villages, a few natural villages (EPSG:4490, near
Fuliang, Jiangxi)::

    29.40 ┌──────────┬──────────┬────────────────────┐
          │ A        │ B        │ C                  │
          │ 4001     │ 4002     │ 1001               │
          │ seat ·   │ seat ·   │ seat ·             │
    29.30 └──────────┴──────────┴────────────────────┘
        117.00     117.05     117.10               117.20
          └── township T1 (…100) ─┘└── township T2 (…101) ──┘

Default natural villages (population, water supply, garbage, households / sanitary toilets):

    A1 300 centralized  yes  100/80     A2 100 dispersed  no   25/5
    B1 200 tap          yes   50/20     B2 200 centralized yes  50/50
    C1 500 centralized  yes  120/60     C2  50 none        no   10/0     C3 50 centralized no 10/10

Any layer can be replaced by passing rows; :func:`dataset` validates the result against the
layer contract (so a fixture can never drift from it) and returns it typed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, Point, box

from geo.core.store import Dataset
from layers.registry import normalize_dataset, validate_dataset

CRS = "EPSG:4490"
T1, T2 = "360222100", "360222101"
A, B, C = "360222100001", "360222100002", "360222101001"
SEAT = {A: (117.025, 29.35), B: (117.075, 29.35), C: (117.15, 29.35)}
TOWN_SEAT = {T1: (117.05, 29.36), T2: (117.15, 29.36)}
VILLAGE_BOX = {A: (117.00, 29.30, 117.05, 29.40), B: (117.05, 29.30, 117.10, 29.40), C: (117.10, 29.30, 117.20, 29.40)}


def shift(point: tuple[float, float], east_m: float = 0.0, north_m: float = 0.0) -> tuple[float, float]:
    """The point ``east_m`` metres east and ``north_m`` metres north of ``point`` (good to ~0.5 %)."""
    lon, lat = point
    return lon + east_m / (111_320.0 * math.cos(math.radians(lat))), lat + north_m / 110_574.0


def frame(rows: Iterable[Mapping[str, Any]], geometry: str = "xy") -> gpd.GeoDataFrame:
    """Rows with ``xy`` (a point), ``line`` (coordinates) or ``box`` (x0, y0, x1, y1) → GeoDataFrame."""
    rows = [dict(r) for r in rows]
    geoms = []
    for row in rows:
        if "xy" in row:
            geoms.append(Point(row.pop("xy")))
        elif "line" in row:
            geoms.append(LineString(row.pop("line")))
        elif "box" in row:
            geoms.append(box(*row.pop("box")))
        else:
            raise ValueError(f"row without geometry: {row}")
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geoms, crs=CRS)


def townships() -> gpd.GeoDataFrame:
    return frame(
        [
            {
                "town_code": T1,
                "name": "东溪镇",
                "seat_x": TOWN_SEAT[T1][0],
                "seat_y": TOWN_SEAT[T1][1],
                "box": (117.00, 29.30, 117.10, 29.40),
            },
            {
                "town_code": T2,
                "name": "西湖乡",
                "seat_x": TOWN_SEAT[T2][0],
                "seat_y": TOWN_SEAT[T2][1],
                "box": (117.10, 29.30, 117.20, 29.40),
            },
        ]
    )


def admin_villages(**extra: Mapping[str, Any]) -> gpd.GeoDataFrame:
    """The three villages; ``extra`` adds columns, e.g. ``collective_income_yuan={A: 2e5}``."""
    rows = [
        {"village_code": A, "name": "甲村", "town_code": T1, "households": 125, "population": 400},
        {"village_code": B, "name": "乙村", "town_code": T1, "households": 100, "population": 400},
        {"village_code": C, "name": "丙村", "town_code": T2, "households": 140, "population": 600},
    ]
    for row in rows:
        row["seat_x"], row["seat_y"] = SEAT[row["village_code"]]
        row["box"] = VILLAGE_BOX[row["village_code"]]
        for column, values in extra.items():
            row[column] = values.get(row["village_code"])
    return frame(rows)


NV_DEFAULT = (
    # nv_id, village, population, supply, garbage, households, sanitary, offset from seat (m)
    ("A1", A, 300, "centralized", True, 100, 80, (0, 0)),
    ("A2", A, 100, "dispersed", False, 25, 5, (-1500, 3000)),
    ("B1", B, 200, "tap", True, 50, 20, (0, 2000)),
    ("B2", B, 200, "centralized", True, 50, 50, (0, 0)),
    ("C1", C, 500, "centralized", True, 120, 60, (0, 0)),
    ("C2", C, 50, "none", False, 10, 0, (3000, -3000)),
    ("C3", C, 50, "centralized", False, 10, 10, (-3000, 3000)),
)


def natural_villages(rows: Iterable[tuple] = NV_DEFAULT) -> gpd.GeoDataFrame:
    return frame(
        [
            {
                "nv_id": nv,
                "name": f"{nv}组",
                "village_code": village,
                "households": hh,
                "population": pop,
                "water_supply": supply,
                "garbage_collected": garbage,
                "sanitary_toilet_households": toilets,
                "xy": shift(SEAT[village], *offset),
            }
            for nv, village, pop, supply, garbage, hh, toilets, offset in rows
        ]
    )


def water_works(rows: Iterable[Mapping[str, Any]] | None = None) -> gpd.GeoDataFrame:
    rows = (
        rows
        if rows is not None
        else [
            {
                "works_id": "W1",
                "name": "东溪水厂",
                "scale": "centralized",
                "capacity_m3d": 100.0,
                "has_treatment": True,
                "quality_ok": True,
                "xy": shift(SEAT[A], 500, 0),
            },
        ]
    )
    return frame(rows)


def relocation_sites(rows: Iterable[Mapping[str, Any]] | None = None) -> gpd.GeoDataFrame:
    rows = (
        rows
        if rows is not None
        else [
            {
                "site_id": "S1",
                "name": "幸福家园",
                "village_code": A,
                "households": 50,
                "population": 180,
                "labour_households": 40,
                "employed_households": 40,
                "xy": shift(SEAT[A], 200, 200),
            },
        ]
    )
    return frame(rows)


def pv_stations(rows: Iterable[Mapping[str, Any]] | None = None) -> gpd.GeoDataFrame:
    rows = (
        rows
        if rows is not None
        else [
            {
                "station_id": "P1",
                "name": "甲村光伏电站",
                "village_code": A,
                "kind": "village",
                "capacity_kw": 100.0,
                "annual_revenue_yuan": 80000.0,
                "status": "normal",
                "ownership_confirmed": True,
                "last_inspection": "2025-06-20",
                "xy": shift(SEAT[A], -300, 0),
            },
        ]
    )
    return frame(rows)


def facilities(rows: Iterable[Mapping[str, Any]] | None = None) -> gpd.GeoDataFrame:
    rows = (
        rows
        if rows is not None
        else [
            {
                "facility_id": "F1",
                "kind": "clinic",
                "name": "甲村卫生室",
                "village_code": A,
                "standardized": True,
                "xy": SEAT[A],
            },
        ]
    )
    return frame(rows)


def farm_plots(rows: Iterable[Mapping[str, Any]] | None = None) -> gpd.GeoDataFrame:
    rows = (
        rows
        if rows is not None
        else [
            {
                "plot_id": "G1",
                "crop": "tea",
                "organic": True,
                "area_mu": 30.0,
                "village_code": A,
                "box": (117.01, 29.31, 117.012, 29.312),
            },
        ]
    )
    return frame(rows)


def roads() -> gpd.GeoDataFrame:
    return frame(
        [
            {
                "road_id": "R1",
                "name": "X001",
                "admin_class": "county",
                "tech_grade": 3,
                "surface": "asphalt",
                "lanes": 2,
                "line": [TOWN_SEAT[T1], TOWN_SEAT[T2]],
            }
        ]
    )


def cell_sites() -> gpd.GeoDataFrame:
    return frame(
        [
            {
                "site_id": "BS1",
                "operator": "cmcc",
                "tech": "4G",
                "antenna_height_m": 30.0,
                "radius_m": 3000.0,
                "xy": SEAT[A],
            }
        ]
    )


def dataset(**layers: gpd.GeoDataFrame) -> Dataset:
    """The hand-drawn county with some layers replaced; validated against the contract and typed."""
    base: dict[str, gpd.GeoDataFrame] = {
        "townships": townships(),
        "admin_villages": admin_villages(),
        "natural_villages": natural_villages(),
        "relocation_sites": relocation_sites(),
        "roads": roads(),
        "water_works": water_works(),
        "cell_sites": cell_sites(),
        "pv_stations": pv_stations(),
        "farm_plots": farm_plots(),
        "facilities": facilities(),
    }
    base.update(layers)
    data = Dataset(layers={k: v for k, v in base.items() if v is not None}, source="handdrawn.gpkg")
    problems = validate_dataset(data)
    assert not problems, "\n".join(p.describe() for p in problems)
    return normalize_dataset(data)


def unit(units: pd.DataFrame, level: str, code: str) -> pd.Series:
    """The one row of ``units`` at ``level`` for ``code``."""
    rows = units[(units["level"] == level) & (units["unit_code"] == code)]
    assert len(rows) == 1, f"{len(rows)} rows for {level} {code}"
    return rows.iloc[0]
