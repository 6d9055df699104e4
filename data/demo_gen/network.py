"""Least-cost road paths on the grid, collected as a set of grid edges with attributes.

Roads are built in stages of decreasing rank: the trunk road through waypoints, county roads
between neighbouring township seats, township roads from the network to every village seat,
village roads to natural villages. A stage after the first starts one multi-source Dijkstra
from every cell already on the network, so a new road ends where it meets the network (a
junction) and the roads of one stage branch off each other like a tree. An edge keeps the
attributes of the first (highest-ranked) road that used it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra as sparse_dijkstra
from scipy.sparse.csgraph import minimum_spanning_tree, shortest_path

from data.demo_gen.grid import CostField, Grid, least_cost


@dataclass(frozen=True)
class RoadAttrs:
    """Attributes of one road stretch (the contract columns of the roads layer)."""

    name: str
    route_code: str
    admin_class: str
    tech_grade: int
    surface: str
    lanes: int
    width_m: float


@dataclass
class EdgeTable:
    """Road edges between grid cells; each edge points into a table of attribute rows."""

    grid: Grid
    attrs: list[RoadAttrs] = field(default_factory=list)
    _a: list[np.ndarray] = field(default_factory=list)
    _b: list[np.ndarray] = field(default_factory=list)
    _attr: list[np.ndarray] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.on_network = np.zeros(self.grid.size, dtype=bool)

    def copy(self) -> EdgeTable:
        """An independent table with the same edges, to try further roads on."""
        other = EdgeTable(self.grid, list(self.attrs), list(self._a), list(self._b), list(self._attr))
        other.on_network = self.on_network.copy()
        return other

    def add(self, cells: list[int] | np.ndarray, attrs: RoadAttrs) -> None:
        """Add a path (consecutive cells) with one set of attributes."""
        cells = np.asarray(cells, dtype=np.int64)
        self.on_network[cells] = True
        if len(cells) < 2:
            return
        self.attrs.append(attrs)
        self._a.append(cells[:-1])
        self._b.append(cells[1:])
        self._attr.append(np.full(len(cells) - 1, len(self.attrs) - 1))

    def add_stretches(self, cells: list[int], attrs_of_stretch: list[RoadAttrs], stretch_cells: int) -> None:
        """Add a long path cut into stretches of ``stretch_cells`` with their own attributes."""
        for k, attrs in enumerate(attrs_of_stretch):
            piece = cells[k * stretch_cells : (k + 1) * stretch_cells + 1]
            if len(piece) >= 2:
                self.add(piece, attrs)

    def edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Unique undirected edges (first attribute wins), diagonal crossings resolved."""
        a, b, attr = np.concatenate(self._a), np.concatenate(self._b), np.concatenate(self._attr)
        a, b, attr = _unique_edges(a, b, attr)
        a, b, attr = _split_crossings(self.grid, a, b, attr)
        return _unique_edges(a, b, attr)


def _unique_edges(a: np.ndarray, b: np.ndarray, attr: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    low, high = np.minimum(a, b), np.maximum(a, b)
    keep = low != high
    low, high, attr = low[keep], high[keep], attr[keep]
    _, first = np.unique(np.stack([low, high], axis=1), axis=0, return_index=True)
    first = np.sort(first)  # keep insertion order: higher-ranked roads first
    return low[first], high[first], attr[first]


def _split_crossings(
    grid: Grid, a: np.ndarray, b: np.ndarray, attr: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two diagonal edges crossing inside a 2×2 block have no common node, so the network
    would not be connected there. Reroute the ``/`` edge through the corner it shares with the
    ``\\`` edge, which makes the crossing a junction."""
    ra, ca = np.unravel_index(a, grid.shape)
    rb, cb = np.unravel_index(b, grid.shape)
    down_right = (rb - ra == 1) & (cb - ca == 1)
    down_left = (rb - ra == 1) & (cb - ca == -1)
    block_dr = np.ravel_multi_index((ra[down_right], ca[down_right]), grid.shape)
    block_dl = np.ravel_multi_index((ra[down_left], cb[down_left]), grid.shape)  # top-left cell of the block
    crossing = np.flatnonzero(down_left)[np.isin(block_dl, block_dr)]
    if not crossing.size:
        return a, b, attr
    corner = np.ravel_multi_index((rb[crossing], ca[crossing]), grid.shape)  # bottom-right cell of the block
    keep = np.ones(len(a), dtype=bool)
    keep[crossing] = False
    return (
        np.concatenate([a[keep], a[crossing], corner]),
        np.concatenate([b[keep], corner, b[crossing]]),
        np.concatenate([attr[keep], attr[crossing], attr[crossing]]),
    )


def shortest_route(graph, start: int, end: int) -> list[int]:
    """Cells of the least-cost path from ``start`` to ``end``."""
    _, predecessor = sparse_dijkstra(graph, directed=True, indices=start, return_predecessors=True)
    return CostField(np.empty(0), predecessor, np.empty(0)).path(end)[::-1]


def seat_links(grid: Grid, graph, seats: np.ndarray, *, detour: float = 1.6) -> list[list[int]]:
    """Paths linking neighbouring seats: a minimum spanning tree plus shortcuts.

    One multi-source run gives every seat its catchment; two seats are neighbours when their
    catchments touch, and the cheapest path between them crosses that border at the edge
    minimising ``d(u) + w(u, v) + d(v)``. The spanning tree of those links is kept, plus any
    link that saves more than ``detour`` times its cost compared with the tree.
    """
    cost_field = least_cost(graph, seats)
    lookup = np.full(grid.size, -1)
    lookup[seats] = np.arange(len(seats))
    label = lookup[cost_field.source]
    coo = graph.tocoo()
    u, v, w = coo.row, coo.col, coo.data
    cross = label[u] < label[v]
    u, v, w = u[cross], v[cross], w[cross]
    total = cost_field.distance[u] + w + cost_field.distance[v]
    order = np.lexsort((total, label[v], label[u]))
    pairs = np.stack([label[u][order], label[v][order]], axis=1)
    first = np.concatenate([[True], np.any(pairs[1:] != pairs[:-1], axis=1)])
    best = order[first]
    n = len(seats)
    costs = coo_matrix((total[best], (label[u][best], label[v][best])), shape=(n, n)).toarray()
    tree = minimum_spanning_tree(costs).toarray()
    chosen = tree > 0
    links = np.argwhere(costs > 0)
    for i, j in links[np.argsort(costs[costs > 0], kind="stable")]:
        if chosen[i, j]:
            continue
        current = shortest_path(np.where(chosen | chosen.T, costs + costs.T, 0), directed=False, indices=i)[j]
        if current > detour * costs[i, j]:
            chosen[i, j] = True
    paths = []
    for k in best:
        i, j = label[u][k], label[v][k]
        if chosen[i, j]:
            paths.append(cost_field.path(u[k])[::-1] + cost_field.path(v[k]))
    return paths


def connect(graph, network: np.ndarray, targets: np.ndarray) -> tuple[CostField, list[list[int]]]:
    """Path from each target (in the given order) to the network, stopping where it meets the
    network or a path of an earlier target. Targets already on the network get ``[]``."""
    field_ = least_cost(graph, np.flatnonzero(network))
    reached = network.copy()
    paths: list[list[int]] = []
    for target in targets:
        if reached[target]:
            paths.append([])
            continue
        path = field_.path(int(target), stop=reached)
        reached[path] = True
        paths.append(path)
    return field_, paths
