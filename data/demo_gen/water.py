"""Water works (供水工程), their service areas and the natural villages' water-supply ledger.

Every township seat has a works; village works are added, biggest unserved settlements
first, until about 88.5% of people live inside a service area (the 95% target is not met).
Service areas are the buffered settlements a works serves, with holes around settlements it
does not serve. The ledger (``water_supply``) follows the map except for a few deliberate
discrepancies both ways, and two works are overloaded (served people × 0.1 m³/day > capacity).
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data.demo_gen.admin import Admin
from data.demo_gen.config import COUNTY_SEAT_TOWN
from data.demo_gen.county import County

SERVED_SHARE = 0.885
TOWN_RADIUS_M = {"seat": 6_000.0, "town": 3_500.0}
VILLAGE_RADIUS_M = 3_000.0
LITRES_PER_PERSON_DAY = 100.0
DISCREPANCIES_EACH_WAY = 6
OVERLOADED = 2


@dataclass(frozen=True)
class Water:
    """Works (GK points), service areas (GK polygons) and the ledger value per natural village."""

    works: gpd.GeoDataFrame
    service_areas: gpd.GeoDataFrame
    water_supply: np.ndarray
    in_service_area: np.ndarray


def _works_cell(county: County, x: float, y: float) -> int:
    """A works sits a little above and beside the settlement it serves (gravity supply)."""
    terrain = county.terrain
    score = -np.abs(terrain.relief - 25.0) - terrain.slope_deg
    return county.best_cell_near(x, y, 1_200.0, score, min_radius=min(300.0, county.grid.cell))


def _assign(county: County, admin: Admin, nv: pd.DataFrame) -> tuple[list[dict], np.ndarray]:
    """Place works and assign each natural village to at most one (-1 = unserved)."""
    grid = county.grid
    x, y = grid.flat_xy(nv["cell"].to_numpy())
    served_by = np.full(len(nv), -1)
    works: list[dict] = []
    town_of = nv["village_code"].str[:9].to_numpy()
    urban = nv["urban"].to_numpy()
    root = admin.villages.set_index("village_code")["root"].reindex(nv["village_code"]).to_numpy()
    named: set[str] = set()
    for _, town in admin.towns.sort_values("town_code").iterrows():
        is_seat = town["town_code"] == COUNTY_SEAT_TOWN
        cell = _works_cell(county, town["seat_x"], town["seat_y"])
        wx, wy = grid.flat_xy(cell)
        radius = TOWN_RADIUS_M["seat" if is_seat else "town"]
        near = (served_by < 0) & (town_of == town["town_code"]) & ((np.hypot(x - wx, y - wy) <= radius) | urban)
        served_by[near] = len(works)
        works.append({"cell": cell, "name": "浮梁县城区水厂" if is_seat else f"{town['name']}水厂", "town": True})
    total = nv["population"].sum()
    population = nv["population"].to_numpy()
    for i in np.argsort(-population, kind="stable"):
        if population[served_by >= 0].sum() >= SERVED_SHARE * total:
            break
        if served_by[i] >= 0:
            continue
        cell = _works_cell(county, x[i], y[i])
        wx, wy = grid.flat_xy(cell)
        near = (served_by < 0) & (town_of == town_of[i]) & (np.hypot(x - wx, y - wy) <= VILLAGE_RADIUS_M)
        near[i] = True
        served_by[near] = len(works)
        name = f"{root[i]}村集中供水工程" if root[i] not in named else f"{root[i]}村{nv['name'].iloc[i]}供水站"
        named.add(root[i])
        works.append({"cell": cell, "name": name, "town": False})
    return works, served_by


def _service_area(
    points: np.ndarray, works_point: shapely.Point, holes: shapely.Geometry, county: County
) -> shapely.Geometry:
    area = shapely.union_all(
        [*shapely.buffer(points, 400.0, quad_segs=4), shapely.buffer(works_point, 300.0, quad_segs=4)]
    )
    area = shapely.buffer(shapely.buffer(area, 500.0, quad_segs=4), -500.0, quad_segs=4)
    area = shapely.intersection(shapely.difference(area, holes), county.boundary)
    return shapely.make_valid(shapely.simplify(area, 10.0))


def build_water(county: County, admin: Admin, nv: gpd.GeoDataFrame) -> Water:
    """Works, service areas, ledger and the spatial truth (inside any service area)."""
    rng = county.rng("water")
    grid = county.grid
    works, served_by = _assign(county, admin, nv)
    points = nv.geometry.to_numpy()
    # Holes keep the settlements no works serves out of every service area.
    unserved = shapely.union_all(shapely.buffer(points[served_by < 0], 90.0, quad_segs=4))
    areas = []
    for k, w in enumerate(works):
        areas.append(_service_area(points[served_by == k], shapely.points(*grid.flat_xy(w["cell"])), unserved, county))
    tree = shapely.STRtree(areas)
    in_area = np.zeros(len(nv), dtype=bool)
    in_area[np.unique(tree.query(points, predicate="within")[0])] = True
    if (in_area != (served_by >= 0)).any():
        raise RuntimeError("service areas do not match the served natural villages")

    # The ledger: what the water bureau's table says, mostly in line with the map.
    supply = np.where(
        in_area, "centralized", rng.choice(["tap", "dispersed", "none"], len(nv), p=[0.15, 0.75, 0.10])
    ).astype(object)
    population = nv["population"].to_numpy()
    mid = (population >= 60) & (population <= 250)
    outside = np.flatnonzero(~in_area & mid)
    inside = np.flatnonzero(in_area & mid & ~nv["urban"].to_numpy())
    supply[rng.choice(outside, DISCREPANCIES_EACH_WAY, replace=False)] = "centralized"  # ledger says yes, map says no
    supply[rng.choice(inside, DISCREPANCIES_EACH_WAY, replace=False)] = "dispersed"  # map says yes, ledger says no

    served_people = np.bincount(served_by[served_by >= 0], weights=population[served_by >= 0], minlength=len(works))
    demand = served_people * LITRES_PER_PERSON_DAY / 1000.0
    factor = rng.uniform(1.15, 1.6, len(works))
    busy = np.argsort(-served_people, kind="stable")
    overloaded = [int(busy[1]), int(busy[next(k for k in range(len(busy)) if not works[busy[k]]["town"])])]
    factor[overloaded] = rng.uniform(0.7, 0.85, OVERLOADED)
    capacity = np.maximum(np.round(demand * factor / 5.0) * 5.0, 10.0)
    scale = np.where(
        (capacity >= 1_000) | (served_people >= 10_000),
        "large",
        np.where(served_people >= 1_000, "centralized", "small"),
    )
    treated = np.where(scale == "small", rng.random(len(works)) < 0.7, rng.random(len(works)) < 0.97)
    quality = np.where(treated, rng.random(len(works)) < 0.95, rng.random(len(works)) < 0.4)
    cells = np.array([w["cell"] for w in works])
    labels = admin.labels.ravel()[cells]
    frame = gpd.GeoDataFrame(
        {
            "works_id": [f"GS{k + 1:03d}" for k in range(len(works))],
            "name": [w["name"] for w in works],
            "scale": scale,
            "capacity_m3d": capacity,
            "has_treatment": treated,
            "quality_ok": quality,
            "village_code": admin.villages["village_code"].to_numpy()[labels],
            "served_population": served_people.astype(int),
        },
        geometry=shapely.points(*grid.flat_xy(cells)),
        crs=grid.crs,
    )
    service = gpd.GeoDataFrame({"works_id": frame["works_id"], "name": frame["name"]}, geometry=areas, crs=grid.crs)
    return Water(frame, service, supply.astype(str), in_area)
