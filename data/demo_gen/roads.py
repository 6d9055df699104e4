"""The rural road network (农村公路) and its deliberate gaps.

Stages (see ``network``): a national trunk road (admin class "other"), county roads (县道)
linking neighbouring township seats, township roads (乡道) from the network to every
village seat, village roads (村道) to natural villages. Gaps a planner should find:
county-road stretches at grade 4 or substandard (about 15 % of the length), two or three
townships whose only routes to the county seat pass such a stretch (most Jiangxi townships
are reached by grade-3 roads), villages reached only by one-lane roads, larger natural
villages at the end of gravel or earth spurs, and a few hamlets with no road.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy import ndimage
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from data.demo_gen import config
from data.demo_gen.admin import Admin
from data.demo_gen.county import County
from data.demo_gen.network import EdgeTable, RoadAttrs, connect, seat_links, shortest_route
from data.demo_gen.road_lines import edges_to_lines
from data.demo_gen.sources import town_root
from geo.analysis.indicators.road_reach import SEAT_ACCESS_M

STRETCH_M = 4_000.0
UNCONNECTED_SHARE = 0.015  # hamlets without any road
GAP_SPUR_SHARE = 0.15  # larger remote natural villages whose spur is not hardened
REMOTE_M = 800.0
GRADE3_MISSING = (2, 3)  # townships without a grade-3 route to the county seat: at least, at most
COUNTY_GRADE3_SHARE = 0.85  # of the county-road length at grade 3 or better, about


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


def _grade_attrs(rng: np.random.Generator, name: str, code: str, grades: np.ndarray) -> list[RoadAttrs]:
    """Attributes of each stretch of a county road: grade 3 two-lane 7–8.5 m, grade 4 6–7 m, substandard one lane."""
    attrs = []
    for grade in grades:
        if grade == 0:
            attrs.append(RoadAttrs(name, code, "county", 0, "asphalt", 1, round(float(rng.uniform(4.5, 5.5)), 1)))
        else:
            width = rng.uniform(7.0, 8.5) if grade == 3 else rng.uniform(6.0, 7.0)
            attrs.append(RoadAttrs(name, code, "county", int(grade), "asphalt", 2, round(float(width), 1)))
    return attrs


def _seats_reached(
    table: EdgeTable, plans: list[tuple[list[int], np.ndarray]], stretch_cells: int, near: list[np.ndarray], root: int
) -> np.ndarray:
    """Which township seats a grade 1–3 road joins to the county seat (seat ``root``), once the
    county roads of ``plans`` (path, stretch grades) are added to ``table`` (the trunk road) —
    the test of the ``road.township_grade3_access`` indicator, on the grid: a seat is on such a
    road when one passes through a cell of ``near[seat]`` (the cells within its access distance)."""
    trial = table.copy()
    dummy = RoadAttrs("", "", "county", 0, "", 1, 0.0)
    for path, grades in plans:
        trial.add_stretches(
            path, [RoadAttrs(**{**dummy.__dict__, "tech_grade": int(g)}) for g in grades], stretch_cells
        )
    a, b, attr = trial.edges()
    grade = np.array([trial.attrs[i].tech_grade for i in attr])
    good = (grade >= 1) & (grade <= 3)
    size = table.grid.size
    _, label = connected_components(
        coo_matrix((np.ones(int(good.sum())), (a[good], b[good])), shape=(size, size)), directed=False
    )
    on_good = np.zeros(size, dtype=bool)
    on_good[a[good]] = on_good[b[good]] = True
    labels = [set(label[cells[on_good[cells]]].tolist()) for cells in near]
    return np.array([bool(found & labels[root]) for found in labels])


def _settle_grade3_access(
    county: County,
    table: EdgeTable,
    plans: list[tuple[list[int], np.ndarray]],
    stretch_cells: int,
    seats: np.ndarray,
    near: list[np.ndarray],
    root: int,
) -> None:
    """Adjust (in place) the stretch grades of the county roads so that between GRADE3_MISSING[0]
    and GRADE3_MISSING[1] townships lack a grade-3 route to the county seat: while too many do,
    upgrade the shortest link that would bring one in (a link from a reached seat to one cut
    off); while too few do, downgrade a stretch of an all-grade-3 link, if that cuts someone off.
    Then weaken stretches that cut no one off until about COUNTY_GRADE3_SHARE of the length is grade 3."""
    fewest, most = GRADE3_MISSING
    reached = _seats_reached(table, plans, stretch_cells, near, root)
    while (~reached).sum() > most:
        on = dict(zip(seats.tolist(), reached.tolist(), strict=True))
        frontier = [k for k, (path, grades) in enumerate(plans) if (grades != 3).any() and on[path[0]] != on[path[-1]]]
        if not frontier:
            break
        best = min(frontier, key=lambda k: (len(plans[k][0]), k))
        plans[best][1][:] = 3
        reached = _seats_reached(table, plans, stretch_cells, near, root)
    order = county.rng("county-roads-gaps").permutation(len(plans))
    for k in order:
        if (~reached).sum() >= fewest:
            break
        grades = plans[k][1]
        if (grades != 3).any():
            continue
        keep = grades.copy()
        grades[len(grades) // 2] = 4
        got = _seats_reached(table, plans, stretch_cells, near, root)
        if (~got).sum() > most or got.sum() >= reached.sum():
            grades[:] = keep
        else:
            reached = got
    # Weak stretches elsewhere (where they cut no one else off) until about COUNTY_GRADE3_SHARE
    # of the county-road length is grade 3.
    rng = county.rng("county-roads-weak")
    stretches = [(k, j) for k, (_, grades) in enumerate(plans) for j in range(len(grades))]
    total = sum(len(path) for path, _ in plans)
    for index in rng.permutation(len(stretches)):
        weak = sum(
            np.minimum(stretch_cells, len(path) - 1 - j * stretch_cells)
            for path, grades in plans
            for j in np.flatnonzero(grades != 3)
        )
        if weak >= (1.0 - COUNTY_GRADE3_SHARE) * total:
            break
        k, j = stretches[index]
        grades = plans[k][1]
        if grades[j] != 3:
            continue
        grades[j] = 0 if rng.random() < 0.2 else 4
        if not np.array_equal(_seats_reached(table, plans, stretch_cells, near, root), reached):
            grades[j] = 3


def _county_roads(county: County, table: EdgeTable, towns: pd.DataFrame) -> None:
    """County roads between neighbouring seats, cut into stretches of mostly grade 3; a few
    townships (GRADE3_MISSING) are left without a grade-3 route to the county seat."""
    grid, rng = county.grid, county.rng("county-roads")
    seats = grid.flat(towns["seat_x"], towns["seat_y"])
    # Existing trunk cells are cheap, so county roads share the trunk instead of doubling it.
    graph = grid.cost_graph(county.cost * np.where(table.on_network.reshape(grid.shape), 0.3, 1.0))
    links = seat_links(grid, graph, seats)
    seat_index = {int(c): i for i, c in enumerate(seats)}
    stretch_cells = max(2, round(STRETCH_M / grid.cell))
    plans = []
    for path in links:
        stretches = int(np.ceil((len(path) - 1) / stretch_cells))
        plans.append((path, rng.choice([3, 4, 0], size=stretches, p=[0.8, 0.15, 0.05])))
    # Guarantee the gaps the demo is for: two grade-4 stretches and one substandard one.
    longest = sorted(range(len(plans)), key=lambda k: -len(plans[k][0]))
    for k, grade in ((longest[0], 0), (longest[1], 4), (longest[2], 4)):
        grades = plans[k][1]
        if not (grades == grade).any():
            grades[len(grades) // 2] = grade
    root = int(np.flatnonzero((towns["town_code"] == config.COUNTY_SEAT_TOWN).to_numpy())[0])
    near = [county.cells_near(x, y, SEAT_ACCESS_M)[0] for x, y in zip(towns["seat_x"], towns["seat_y"], strict=True)]
    _settle_grade3_access(county, table, plans, stretch_cells, seats, near, root)
    for number, (path, grades) in enumerate(plans, start=1):
        a, b = towns["name"].iloc[seat_index[path[0]]], towns["name"].iloc[seat_index[path[-1]]]
        name, code = f"{town_root(a)}—{town_root(b)}公路", f"X{number:03d}"
        table.add_stretches(path, _grade_attrs(rng, name, code, grades), stretch_cells)


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
            attrs = RoadAttrs(
                name,
                f"Y{number:03d}",
                "township",
                3 if rng.random() < 0.1 else 4,
                surface,
                2,
                round(float(rng.uniform(6.5, 7.5)), 1),
            )
        else:
            attrs = RoadAttrs(
                name,
                f"Y{number:03d}",
                "township",
                0 if rng.random() < 0.15 else 4,
                "cement",
                1,
                round(float(rng.uniform(4.5, 5.5)), 1),
            )
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
        remote_gap = (
            village["larger"]
            and not village["urban"]
            and village["remote_m"] >= REMOTE_M
            and rng.random() < GAP_SPUR_SHARE
        )
        small_gap = not village["larger"] and not village["urban"] and rng.random() < 0.25
        if remote_gap or small_gap:
            attrs = RoadAttrs(
                name,
                code,
                "village",
                0,
                "gravel" if rng.random() < 0.6 else "earth",
                1,
                round(float(rng.uniform(3.0, 4.0)), 1),
            )
        elif village["larger"] and rng.random() < 0.05:
            attrs = RoadAttrs(name, code, "village", 4, "cement", 2, 6.5)
        else:
            attrs = RoadAttrs(
                name, code, "village", 0 if rng.random() < 0.2 else 4, "cement", 1, float(rng.choice([3.5, 4.0, 4.5]))
            )
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
