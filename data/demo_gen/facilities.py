"""Public facilities near township and village seats, with deliberate gaps.

Township seats: schools, a kindergarten, a health centre (one township has none), a bus
station, an express point and a garbage transfer station; the county seat also the county
hospital. Villages: most have a clinic, a bus stop and an express point; some a school, a
garbage station or a poverty-alleviation workshop; every village has a service centre.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data.demo_gen.config import COUNTY_SEAT_TOWN
from data.demo_gen.county import County
from data.demo_gen.sources import town_root

# kind → (share of villages that have one, name pattern)
VILLAGE_FACILITIES = {
    "clinic": (0.92, "{root}村卫生室"),
    "bus_stop": (0.9, "{root}招呼站"),
    "express_point": (0.85, "{root}村快递服务点"),
    "service_center": (1.0, "{root}村党群服务中心"),
    "school": (0.25, "{root}小学"),
    "garbage_station": (0.3, "{root}垃圾收集点"),
}
WORKSHOPS = 10


def build_facilities(county: County, towns: pd.DataFrame, villages: pd.DataFrame) -> gpd.GeoDataFrame:
    """Facilities (GK points): kind, name, standardized. ``villages`` needs seat_cell, root,
    kind, population and is_key_village; the village_code is filled in from the map later."""
    grid, rng = county.grid, county.rng("facilities")
    rows: list[tuple[float, float, str, str]] = []

    def near(x: float, y: float, kind: str, name: str, radius: float = 250.0) -> None:
        cell = county.best_cell_near(x, y, radius, county.terrain.habitability, rng=rng, jitter=0.2)
        cx, cy = grid.flat_xy(cell)
        rows.append((float(cx), float(cy), kind, name))

    population = villages.groupby("town_code")["population"].sum()
    rural_towns = towns[towns["town_code"] != COUNTY_SEAT_TOWN]
    no_hospital = rural_towns["town_code"].iloc[int(np.argmin(population.reindex(rural_towns["town_code"]).to_numpy()))]
    for _, town in towns.sort_values("town_code").iterrows():
        x, y, short = town["seat_x"], town["seat_y"], town_root(town["name"])
        if town["town_code"] == COUNTY_SEAT_TOWN:
            near(x, y, "county_hospital", "浮梁县人民医院", 800.0)
            near(x, y, "school", "浮梁县第一中学", 1_200.0)
        near(x, y, "school", f"{short}中心小学", 600.0)
        near(x, y, "school", f"{short}中学", 900.0)
        near(x, y, "kindergarten", f"{short}中心幼儿园", 600.0)
        if town["town_code"] != no_hospital:
            near(x, y, "township_hospital", f"{town['name']}卫生院", 600.0)
        near(x, y, "bus_stop", f"{short}客运站", 500.0)
        near(x, y, "express_point", f"{short}快递物流服务站", 500.0)
        near(x, y, "garbage_station", f"{short}垃圾中转站", 1_500.0)

    seat_x, seat_y = grid.flat_xy(villages["seat_cell"].to_numpy(dtype=np.int64))
    for kind, (share, pattern) in VILLAGE_FACILITIES.items():
        has = rng.random(len(villages)) < share
        if kind == "clinic":
            has |= (villages["kind"] == "residents_committee").to_numpy()
        for k in np.flatnonzero(has):
            near(seat_x[k], seat_y[k], kind, pattern.format(root=villages["root"].iloc[k]))
    weight = np.where(villages["is_key_village"], 4.0, 1.0) * (villages["kind"] == "village_committee")
    for k in np.sort(rng.choice(len(villages), WORKSHOPS, replace=False, p=weight / weight.sum())):
        near(seat_x[k], seat_y[k], "workshop", f"{villages['root'].iloc[k]}村扶贫车间", 600.0)

    x, y, kind, name = (np.array(c) for c in zip(*rows, strict=True))
    # Facilities sharing a cell are spread inside it, so that no two points coincide.
    x = x + rng.uniform(-0.35, 0.35, len(x)) * grid.cell
    y = y + rng.uniform(-0.35, 0.35, len(y)) * grid.cell
    standard_share = np.where(kind == "clinic", 0.88, 0.97)
    return gpd.GeoDataFrame(
        {
            "facility_id": [f"SS{k + 1:04d}" for k in range(len(rows))],
            "kind": kind,
            "name": name,
            "standardized": rng.random(len(rows)) < standard_share,
        },
        geometry=shapely.points(x, y),
        crs=grid.crs,
    )
