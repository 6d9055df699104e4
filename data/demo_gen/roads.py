"""The rural road network (农村公路) and its deliberate gaps.

Stages (see ``network``): a national trunk road (admin class "other"), county roads (县道)
linking neighbouring township seats, township roads (乡道) from the network to every
village seat, village roads (村道) to natural villages. Gaps a planner should find:
county-road stretches at grade 4 or substandard, villages reached only by one-lane roads,
larger natural villages at the end of gravel or earth spurs, and a few hamlets with no road.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy import ndimage

from data.demo_gen import config
from data.demo_gen.admin import Admin
from data.demo_gen.county import County
from data.demo_gen.network import EdgeTable, RoadAttrs, connect, seat_links, shortest_route
from data.demo_gen.road_lines import edges_to_lines
from data.demo_gen.sources import town_root

STRETCH_M = 4_000.0
UNCONNECTED_SHARE = 0.015  # hamlets without any road
GAP_SPUR_SHARE = 0.15  # larger remote natural villages whose spur is not hardened
REMOTE_M = 800.0


@dataclass(frozen=True)
class RoadNetwork:
    """Road segments (GK) and the natural villages deliberately left without a road."""

    roads: gpd.GeoDataFrame
    unconnected: np.ndarray  # nv_id


def _larger(nv: pd.DataFrame) -> np.ndarray:
    return ((nv["households"] >= 30) | (nv["population"] >= 100)).to_numpy()


def _boundary_cell(county: County, lon: float, lat: float) -> int:
    """The county cell nearest a point just outside the boundary (where a road leaves)."""
    x, y = county.metric([lon], [lat])[0]
    cx, cy = county.grid.centers
    d = np.where(county.inside, np.hypot(cx - x, cy - y), np.inf)
    return int(np.argmin(d))


def _trunk(county: County, graph, table: EdgeTable, towns: pd.DataFrame) -> None:
    code, name, south, via, north = config.TRUNK_ROAD
    seat = dict(zip(towns["town_code"], county.grid.flat(towns["seat_x"], towns["seat_y"]), strict=True))
    stops = [_boundary_cell(county, *south), *(int(seat[c]) for c in via), _boundary_cell(county, *north)]
    attrs = RoadAttrs(name, code, "other", 2, "asphalt", 2, 12.0)
    for start, end in itertools.pairwise(stops):
        table.add(shortest_route(graph, start, end), attrs)


def _county_roads(county: County, table: EdgeTable, towns: pd.DataFrame) -> None:
    """County roads between neighbouring seats, cut into stretches of mostly grade 3."""
    grid, rng = county.grid, county.rng("county-roads")
    seats = grid.flat(towns["seat_x"], towns["seat_y"])
    # Existing trunk cells are cheap, so county roads share the trunk instead of doubling it.
    graph = grid.cost_graph(county.cost * np.where(table.on_network.reshape(grid.shape), 0.3, 1.0))
    links = seat_links(grid, graph, seats)
    seat_index = {int(c): i for i, c in enumerate(seats)}
    stretch_cells = max(2, round(STRETCH_M / grid.cell))
    plans = []
    for number, path in enumerate(links, start=1):
        a, b = towns["name"].iloc[seat_index[path[0]]], towns["name"].iloc[seat_index[path[-1]]]
        stretches = int(np.ceil((len(path) - 1) / stretch_cells))
        grades = rng.choice([3, 4, 0], size=stretches, p=[0.8, 0.15, 0.05])
        plans.append((path, f"X{number:03d}", f"{town_root(a)}—{town_root(b)}公路", grades))
    # Guarantee the gaps the demo is for: two grade-4 stretches and one substandard one.
    longest = sorted(range(len(plans)), key=lambda k: -len(plans[k][0]))
    for k, grade in ((longest[0], 0), (longest[1], 4), (longest[2], 4)):
        grades = plans[k][3]
        if not (grades == grade).any():
            grades[len(grades) // 2] = grade
    for path, code, name, grades in plans:
        attrs = []
        for grade in grades:
            if grade == 0:
                attrs.append(RoadAttrs(name, code, "county", 0, "asphalt", 1, round(float(rng.uniform(4.5, 5.5)), 1)))
            else:
                width = rng.uniform(7.0, 8.5) if grade == 3 else rng.uniform(6.0, 7.0)
                attrs.append(RoadAttrs(name, code, "county", int(grade), "asphalt", 2, round(float(width), 1)))
        table.add_stretches(path, attrs, stretch_cells)


def _township_roads(county: County, graph, table: EdgeTable, admin: Admin, nv: pd.DataFrame) -> None:
    """One township road from the network to each village seat, biggest villages first."""
    rng = county.rng("township-roads")
    seats = nv[nv["is_seat"]].set_index("village_code")
    population = nv.groupby("village_code")["population"].sum()
    villages = admin.villages.assign(population=population.reindex(admin.villages["village_code"]).to_numpy())
    villages = villages.sort_values(["population", "village_code"], ascending=[False, True])
    town_names = dict(zip(admin.towns["town_code"], admin.towns["name"], strict=True))
    _, paths = connect(graph, table.on_network, seats.loc[villages["village_code"], "cell"].to_numpy())
    for number, (path, (_, village)) in enumerate(zip(paths, villages.iterrows(), strict=True), start=1):
        if not path:
            continue
        name = f"{town_root(town_names[village['town_code']])}—{village['root']}线"
        two_lanes = rng.random() < (0.55 if village["population"] >= 1_200 else 0.3)
        if two_lanes:
            surface = "asphalt" if rng.random() < 0.3 else "cement"
            attrs = RoadAttrs(name, f"Y{number:03d}", "township", 3 if rng.random() < 0.1 else 4, surface, 2,
                              round(float(rng.uniform(6.5, 7.5)), 1))
        else:
            attrs = RoadAttrs(name, f"Y{number:03d}", "township", 0 if rng.random() < 0.15 else 4, "cement", 1,
                              round(float(rng.uniform(4.5, 5.5)), 1))
        table.add(path, attrs)


def _village_roads(county: County, graph, table: EdgeTable, nv: pd.DataFrame) -> np.ndarray:
    """Village roads to the natural villages; returns the nv_id of hamlets left without one."""
    grid, rng = county.grid, county.rng("village-roads")
    distance = ndimage.distance_transform_edt(~table.on_network.reshape(grid.shape), sampling=grid.cell).ravel()
    others = nv[~nv["is_seat"]].copy()
    others["remote_m"] = distance[others["cell"].to_numpy()]
    others["larger"] = _larger(others)
    small = ~others["larger"] & ~others["urban"] & (others["households"] < 15)
    hamlets = others[small].sort_values(["remote_m", "nv_id"], ascending=[False, True])
    unconnected = hamlets["nv_id"].to_numpy()[: max(1, round(UNCONNECTED_SHARE * len(nv)))]
    targets = others[~others["nv_id"].isin(unconnected)].sort_values(["population", "nv_id"], ascending=[False, True])
    _, paths = connect(graph, table.on_network, targets["cell"].to_numpy())
    for number, (path, (_, village)) in enumerate(zip(paths, targets.iterrows(), strict=True), start=1):
        if not path:
            continue
        code, name = f"C{number:04d}", f"{village['name']}通组路"
        remote_gap = village["larger"] and not village["urban"] and village["remote_m"] >= REMOTE_M and rng.random() < GAP_SPUR_SHARE
        small_gap = not village["larger"] and not village["urban"] and rng.random() < 0.25
        if remote_gap or small_gap:
            attrs = RoadAttrs(name, code, "village", 0, "gravel" if rng.random() < 0.6 else "earth", 1,
                              round(float(rng.uniform(3.0, 4.0)), 1))
        elif village["larger"] and rng.random() < 0.05:
            attrs = RoadAttrs(name, code, "village", 4, "cement", 2, 6.5)
        else:
            attrs = RoadAttrs(name, code, "village", 0 if rng.random() < 0.2 else 4, "cement", 1,
                              float(rng.choice([3.5, 4.0, 4.5])))
        table.add(path, attrs)
    return unconnected


def build_roads(county: County, admin: Admin, natural_villages: gpd.GeoDataFrame) -> RoadNetwork:
    """The whole network as LineString segments (GK) with the contract columns."""
    grid = county.grid
    graph = grid.cost_graph(county.cost)
    table = EdgeTable(grid)
    towns = admin.towns.sort_values("town_code")
    nv = pd.DataFrame(natural_villages.drop(columns="geometry"))
    _trunk(county, graph, table, towns)
    _county_roads(county, table, towns)
    _township_roads(county, graph, table, admin, nv)
    unconnected = _village_roads(county, graph, table, nv)

    lines, attr_ids = edges_to_lines(grid, *table.edges())
    rows = pd.DataFrame([table.attrs[i].__dict__ for i in attr_ids])
    rows.insert(0, "road_id", [f"R{k + 1:05d}" for k in range(len(rows))])
    return RoadNetwork(gpd.GeoDataFrame(rows, geometry=lines, crs=grid.crs), unconnected)
