"""Relocation resettlement sites (易地扶贫搬迁安置点) on flat ground near township seats.

Seven sites, the county seat's the largest. A few sites employ fewer households than have
labour (the gap the relocation indicator looks for).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data.demo_gen.config import COUNTY_SEAT_TOWN
from data.demo_gen.county import County
from data.demo_gen.sources import town_root

SITES = 7
UNDER_EMPLOYED = 3


def build_relocation_sites(county: County, towns: pd.DataFrame) -> gpd.GeoDataFrame:
    """Sites (GK points) with households, population, labour and employed households."""
    grid, rng = county.grid, county.rng("relocation")
    mountain = county.terrain.relief.ravel()
    # Mountain townships relocate the most: rank by relief around the seat.
    around = np.array(
        [
            mountain[county.cells_near(x, y, 5_000.0)[0]].mean()
            for x, y in zip(towns["seat_x"], towns["seat_y"], strict=True)
        ]
    )
    order = np.argsort(-around, kind="stable")
    chosen = [int(np.flatnonzero(towns["town_code"] == COUNTY_SEAT_TOWN)[0])]
    chosen += [int(t) for t in order if t not in chosen][: SITES - 1]
    rows = []
    for t in sorted(chosen):
        town = towns.iloc[t]
        is_seat = town["town_code"] == COUNTY_SEAT_TOWN
        cell = county.best_cell_near(
            town["seat_x"], town["seat_y"], 1_500.0, county.terrain.habitability, min_radius=300.0, rng=rng, jitter=0.05
        )
        households = int(rng.integers(300, 401) if is_seat else rng.integers(30, 181))
        name = "浮梁县城区易地扶贫搬迁集中安置点" if is_seat else f"{town_root(town['name'])}易地扶贫搬迁安置点"
        rows.append({"cell": cell, "name": name, "households": households})
    sites = pd.DataFrame(rows)
    n = len(sites)
    hh = sites["households"].to_numpy()
    labour = np.round(hh * rng.uniform(0.82, 0.95, n)).astype(int)
    employment = rng.uniform(0.95, 1.0, n)
    employment[rng.choice(n, UNDER_EMPLOYED, replace=False)] = rng.uniform(0.7, 0.85, UNDER_EMPLOYED)
    sites["population"] = np.round(hh * rng.uniform(3.0, 3.8, n)).astype(int)
    sites["labour_households"] = labour
    sites["employed_households"] = np.floor(labour * employment).astype(int)
    sites.insert(0, "site_id", [f"AZ{k + 1:02d}" for k in range(n)])
    points = shapely.points(*grid.flat_xy(sites.pop("cell").to_numpy()))
    return gpd.GeoDataFrame(sites, geometry=points, crs=grid.crs)
