"""PV poverty-alleviation stations (光伏扶贫电站).

The Fuliang plan counts 「27个村级光伏电站」: 27 village stations (60–500 kW) on gentle
south-facing ground near the owning village's seat, every former poverty village among the
owners, plus two centralized stations. Generation is 1,000–1,150 full-load hours; a few
stations are faulty or offline, two are not confirmed to the village, and a few have not been
inspected for more than a month before the fixed reference date.
"""

from __future__ import annotations

from datetime import timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data.demo_gen.config import REFERENCE_DATE
from data.demo_gen.county import County

VILLAGE_STATIONS = 27
CENTRALIZED_KW = (6_000.0, 3_500.0)
CAPACITIES_KW = (60.0, 80.0, 100.0, 150.0, 200.0, 250.0, 300.0, 400.0, 500.0)
CAPACITY_WEIGHTS = (0.06, 0.1, 0.2, 0.14, 0.2, 0.1, 0.1, 0.05, 0.05)
STATUSES = ["faulty", "faulty", "offline"]
UNCONFIRMED = 2
OVERDUE = 8


def _sunny_ground(county: County) -> np.ndarray:
    """South-facing, gently sloping, not on a valley floor full of houses and fields."""
    dem = county.terrain.dem.astype(float)
    dz_drow, dz_dcol = np.gradient(dem, county.grid.cell)
    northward_rise = -dz_drow  # rows grow southwards: a slope rising to the north faces south
    slope = county.terrain.slope_deg
    facing = northward_rise / np.maximum(np.hypot(dz_drow, dz_dcol), 1e-6)
    return facing * np.minimum(slope, 12.0) / 12.0 - np.maximum(slope - 20.0, 0.0) / 5.0 - county.terrain.relief / 300.0


def build_pv_stations(
    county: County, towns: pd.DataFrame, villages: pd.DataFrame, labels: np.ndarray
) -> gpd.GeoDataFrame:
    """PV stations (GK points). ``villages`` needs village_code, root, kind, seat_cell and the
    flags; ``labels`` is the village raster (a village station stays on its village's land)."""
    grid, rng = county.grid, county.rng("pv")
    sunny = _sunny_ground(county)
    rural = villages[villages["kind"] == "village_committee"]
    poor = rural[rural["is_former_poor"]]
    others = rural[~rural["is_former_poor"]]
    weight = np.where(others["is_key_village"], 3.0, 1.0) * (1.0 + np.clip(others["remoteness"], 0, None))
    extra = others.iloc[rng.choice(len(others), VILLAGE_STATIONS - len(poor), replace=False, p=weight / weight.sum())]
    owners = pd.concat([poor, extra]).sort_values("village_code")

    rows = []
    for v, village in owners.iterrows():
        x, y = grid.flat_xy(village["seat_cell"])
        cell = county.best_cell_near(
            float(x), float(y), 1_200.0, sunny, min_radius=300.0, allowed=labels == v, rng=rng, jitter=0.05
        )
        capacity = float(rng.choice(CAPACITIES_KW, p=CAPACITY_WEIGHTS))
        rows.append(
            {
                "cell": cell,
                "name": f"{village['root']}村光伏扶贫电站",
                "village_code": village["village_code"],
                "kind": "village",
                "capacity_kw": capacity,
            }
        )
    for capacity, (_, town) in zip(CENTRALIZED_KW, towns.sort_values("town_code").iloc[[4, 7]].iterrows(), strict=True):
        cell = county.best_cell_near(town["seat_x"], town["seat_y"], 4_000.0, sunny, min_radius=1_500.0)
        rows.append(
            {
                "cell": cell,
                "name": f"浮梁县{town['name']}光伏扶贫集中式电站",
                "village_code": None,
                "kind": "centralized",
                "capacity_kw": capacity,
            }
        )
    stations = pd.DataFrame(rows)
    n = len(stations)

    status = np.array(["normal"] * n, dtype=object)
    village_rows = np.flatnonzero(stations["kind"] == "village")
    status[rng.choice(village_rows, len(STATUSES), replace=False)] = STATUSES
    hours = rng.uniform(1_000, 1_150, n)
    availability = np.select(
        [status == "faulty", status == "offline"], [rng.uniform(0.45, 0.7, n), rng.uniform(0.1, 0.3, n)], 1.0
    )
    annual_kwh = np.round(stations["capacity_kw"].to_numpy() * hours * availability, -1)
    price = np.where(stations["kind"] == "centralized", rng.uniform(0.4, 0.5, n), rng.uniform(0.6, 0.9, n))
    confirmed = np.ones(n, dtype=bool)
    confirmed[rng.choice(village_rows, UNCONFIRMED, replace=False)] = False
    days_ago = rng.integers(1, 29, n)
    days_ago[rng.choice(n, OVERDUE, replace=False)] = rng.integers(35, 160, OVERDUE)
    commissioned_days = rng.integers(0, (pd.Timestamp("2019-12-31") - pd.Timestamp("2016-06-30")).days, n)

    stations["station_id"] = [f"PV{k + 1:03d}" for k in range(n)]
    stations["annual_kwh"] = annual_kwh
    stations["annual_revenue_yuan"] = np.round(annual_kwh * price, 0)
    stations["status"] = status.astype(str)
    stations["ownership_confirmed"] = confirmed
    stations["asset_class"] = "operating"
    stations["last_inspection"] = [(REFERENCE_DATE - timedelta(days=int(d))).isoformat() for d in days_ago]
    stations["commissioned"] = [
        (pd.Timestamp("2016-06-30") + pd.Timedelta(days=int(d))).date().isoformat() for d in commissioned_days
    ]
    points = shapely.points(*grid.flat_xy(stations.pop("cell").to_numpy()))
    columns = [
        "station_id",
        "name",
        "village_code",
        "kind",
        "capacity_kw",
        "annual_kwh",
        "annual_revenue_yuan",
        "status",
        "ownership_confirmed",
        "asset_class",
        "last_inspection",
        "commissioned",
    ]
    return gpd.GeoDataFrame(stations[columns], geometry=points, crs=grid.crs)
