"""Mobile cell sites (通信基站): 4G on hilltops near settlements, 5G in towns and some key villages.

Township seats get one 4G site per operator and 5G small cells. Villages are then covered
greedily, biggest first, by a 4G site on the highest ground within 1.5 km of the village
seat. A handful of remote villages are left out on purpose (their seat is beyond every
site's radius), and ridges shadow many valleys even inside the nominal radius.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data.demo_gen.config import COUNTY_SEAT_TOWN
from data.demo_gen.county import County

UNCOVERED_CANDIDATES = 8
KEY_VILLAGE_5G_SHARE = 0.6
OPERATORS = ("cmcc", "unicom", "telecom")


def _site(rows: list[dict], cell: int, operator: str, tech: str, height: float, radius: float) -> None:
    rows.append({"cell": int(cell), "operator": operator, "tech": tech, "antenna_height_m": round(height, 1),
                 "radius_m": round(radius, -1)})


def build_cell_sites(county: County, towns: pd.DataFrame, villages: pd.DataFrame) -> gpd.GeoDataFrame:
    """Cell sites (GK points). ``villages`` needs seat_cell, population, kind, is_key_village
    and remoteness (see ``villages.village_table``)."""
    grid, rng, dem = county.grid, county.rng("telecom"), county.terrain.dem
    rows: list[dict] = []
    for _, town in towns.sort_values("town_code").iterrows():
        count = 2 if town["town_code"] == COUNTY_SEAT_TOWN else 1
        for operator in OPERATORS * count:
            cell = county.best_cell_near(town["seat_x"], town["seat_y"], 1_500.0, dem, min_radius=200.0,
                                         rng=rng, jitter=15.0)
            _site(rows, cell, operator, "4G", rng.uniform(30, 45), rng.uniform(3_000, 4_500))
        for _ in range(2 * count):
            cell = county.best_cell_near(town["seat_x"], town["seat_y"], 400.0, rng=rng, jitter=1.0)
            _site(rows, cell, str(rng.choice(OPERATORS)), "5G", rng.uniform(25, 35), rng.uniform(500, 1_000))

    rural = villages[villages["kind"] == "village_committee"]
    uncovered = rural.sort_values("remoteness", ascending=False).index[:UNCOVERED_CANDIDATES]
    seat_x, seat_y = grid.flat_xy(villages["seat_cell"].to_numpy(dtype=np.int64))
    villages = villages.assign(seat_x=seat_x, seat_y=seat_y)

    def covered(x: float, y: float) -> bool:
        sites = [r for r in rows if r["tech"] == "4G"]
        sx, sy = grid.flat_xy(np.array([r["cell"] for r in sites]))
        return bool((np.hypot(sx - x, sy - y) <= np.array([r["radius_m"] for r in sites])).any())

    for v, village in villages.sort_values(["population", "village_code"], ascending=[False, True]).iterrows():
        if v in uncovered or covered(village["seat_x"], village["seat_y"]):
            continue
        cell = county.best_cell_near(village["seat_x"], village["seat_y"], 1_500.0, dem)
        operator = str(rng.choice(("tower", "cmcc", "telecom", "unicom"), p=(0.45, 0.3, 0.15, 0.1)))
        _site(rows, cell, operator, "4G", rng.uniform(30, 45), rng.uniform(3_000, 6_000))

    # Keep the chosen remote villages out of every 4G radius where a 3 km radius allows it.
    sites = pd.DataFrame(rows)
    sx, sy = grid.flat_xy(sites["cell"].to_numpy())
    for v in uncovered:
        distance = np.hypot(sx - villages.loc[v, "seat_x"], sy - villages.loc[v, "seat_y"])
        reach = (sites["tech"] == "4G").to_numpy() & (distance <= sites["radius_m"].to_numpy())
        shrink = reach & (distance - 150.0 >= 3_000.0)
        sites.loc[shrink, "radius_m"] = np.floor((distance[shrink] - 150.0) / 10.0) * 10.0

    key = villages[villages["is_key_village"]].sort_values("village_code")
    chosen = key.index[rng.random(len(key)) < KEY_VILLAGE_5G_SHARE]
    extra: list[dict] = []
    for v in chosen:
        cell = county.best_cell_near(villages.loc[v, "seat_x"], villages.loc[v, "seat_y"], 250.0, rng=rng, jitter=1.0)
        _site(extra, cell, str(rng.choice(OPERATORS)), "5G", rng.uniform(25, 35), rng.uniform(500, 1_000))
    sites = pd.concat([sites, pd.DataFrame(extra)], ignore_index=True)
    sites.insert(0, "site_id", [f"BS{k + 1:04d}" for k in range(len(sites))])
    points = shapely.points(*grid.flat_xy(sites.pop("cell").to_numpy()))
    return gpd.GeoDataFrame(sites, geometry=points, crs=grid.crs)
