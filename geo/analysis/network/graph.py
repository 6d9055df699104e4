"""The road graph: nodes from segment ends, edges weighted by length, and the weighted matrix for Dijkstra.

* **Nodes** are the segment end points rounded to ``precision`` (0.5 m) and de-duplicated with
  ``np.unique``; end points closer than ``snap_tolerance`` (1 m) are then merged (a cKDTree
  pair query + connected components), because digitized ends rarely meet exactly.
* **T-junctions**: a dangling end (a node used by one segment only) that lies within
  ``snap_tolerance`` of the *interior* of another segment splits that segment there. County
  road registers often store a village road ending on the middle of a long county-road
  segment; without the split the two would not be connected.
* **Edges** are the (possibly split) segment parts, oriented from ``edge_u`` to ``edge_v``,
  weighted by their length in metres; ``edge_row`` gives the input row each came from, so any
  attribute predicate on the roads layer (hardened, two-lane, grade ≤ 3) becomes an edge mask.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
import scipy.sparse as sp
import shapely
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

DEFAULT_PRECISION_M = 0.5
DEFAULT_SNAP_TOLERANCE_M = 1.0
NO_PREDECESSOR = -9999  # what scipy.sparse.csgraph writes for "no predecessor"


# --- geometry helpers -----------------------------------------------------------------------


def substrings(lines: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Parts of many LineStrings between two distances along each, vectorized.

    ``start`` and ``end`` are metres from each line's first vertex (``0 ≤ start ≤ end ≤
    length``). Returns LineStrings oriented like the input. Shapely has only the per-geometry
    ``shapely.ops.substring``; this does all lines in a few numpy passes: cumulative vertex
    distances, keep interior vertices strictly between the two distances, add the two
    interpolated end points, sort by (line, distance) and build with ``shapely.linestrings``.
    """
    lines = np.asarray(lines, dtype=object)
    n = len(lines)
    if n == 0:
        return np.empty(0, dtype=object)
    start = np.asarray(start, dtype=float)
    end = np.asarray(end, dtype=float)
    coords, index = shapely.get_coordinates(lines, return_index=True)
    step = np.hypot(np.diff(coords[:, 0]), np.diff(coords[:, 1]))
    step[index[1:] != index[:-1]] = 0.0
    cumulative = np.concatenate([[0.0], np.cumsum(step)])
    first = np.searchsorted(index, np.arange(n))
    cumulative -= cumulative[first][index]
    keep = (cumulative > start[index]) & (cumulative < end[index])
    p0 = shapely.get_coordinates(shapely.line_interpolate_point(lines, start))
    p1 = shapely.get_coordinates(shapely.line_interpolate_point(lines, end))
    owner = np.concatenate([np.arange(n), index[keep], np.arange(n)])
    order_key = np.concatenate([np.full(n, -1.0), cumulative[keep], np.full(n, np.inf)])
    xy = np.concatenate([p0, coords[keep], p1])
    order = np.lexsort((order_key, owner))
    return shapely.linestrings(xy[order], indices=owner[order])


def _pair_keys(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    return a.astype(np.int64) * np.int64(n) + b.astype(np.int64)


# --- the graph ------------------------------------------------------------------------------


@dataclass
class RoadGraph:
    """An undirected road graph. Node and edge arrays are aligned; see :func:`build_graph`."""

    node_xy: np.ndarray  # (n_nodes, 2) metric coordinates
    edge_u: np.ndarray  # (n_edges,) node at the start of the edge geometry
    edge_v: np.ndarray  # node at its end
    edge_length: np.ndarray  # metres
    edge_row: np.ndarray  # position (0-based) of the input segment the edge comes from
    edge_geometry: np.ndarray  # LineString per edge, oriented u → v
    n_rows: int  # number of input segments
    _trees: dict[bytes, tuple[shapely.STRtree, np.ndarray]] = field(default_factory=dict, repr=False)

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return len(self.node_xy)

    @property
    def n_edges(self) -> int:
        """Number of edges."""
        return len(self.edge_u)

    def edge_mask(self, row_mask: np.ndarray | pd.Series) -> np.ndarray:
        """Turn a boolean mask over the input segments into a mask over edges."""
        return np.asarray(row_mask, dtype=bool)[self.edge_row]

    @cached_property
    def degree(self) -> np.ndarray:
        """Number of edge ends at each node (a self-loop counts twice)."""
        return np.bincount(self.edge_u, minlength=self.n_nodes) + np.bincount(self.edge_v, minlength=self.n_nodes)

    def tree(self, edge_mask: np.ndarray | None = None, *, cache: bool = True) -> tuple[shapely.STRtree, np.ndarray]:
        """STRtree over the (masked) edges and the edge ids of its items, cached per mask
        (``cache=False`` for one-off masks)."""
        ids = np.arange(self.n_edges) if edge_mask is None else np.flatnonzero(edge_mask)
        key = b"all" if edge_mask is None else np.packbits(np.asarray(edge_mask, dtype=bool)).tobytes()
        if key in self._trees:
            return self._trees[key]
        built = (shapely.STRtree(self.edge_geometry[ids]), ids)
        if cache:
            self._trees[key] = built
        return built

    def components(self, edge_mask: np.ndarray | None = None) -> np.ndarray:
        """Connected-component label per node of the subgraph of ``edge_mask`` edges.

        Nodes touched by no masked edge are singletons with their own label. Formula: labels
        of ``scipy.sparse.csgraph.connected_components`` on the masked adjacency matrix.
        """
        mask = np.ones(self.n_edges, dtype=bool) if edge_mask is None else np.asarray(edge_mask, dtype=bool)
        u, v = self.edge_u[mask], self.edge_v[mask]
        adjacency = sp.coo_matrix((np.ones(len(u), dtype=np.int8), (u, v)), shape=(self.n_nodes, self.n_nodes)).tocsr()
        _, labels = connected_components(adjacency, directed=False)
        return labels

    def weighted(
        self, rate: np.ndarray | float = 1.0, *, edge_mask: np.ndarray | None = None, extra_nodes: int = 0
    ) -> WeightedGraph:
        """A weighted graph for Dijkstra: weight = ``rate`` × length (per edge or one rate).

        ``edge_mask`` leaves edges out; ``extra_nodes`` reserves node ids after the road nodes
        for virtual nodes (see :meth:`WeightedGraph.with_virtual_edges`).
        """
        rate_arr = np.broadcast_to(np.asarray(rate, dtype=float), (self.n_edges,))
        mask = np.ones(self.n_edges, dtype=bool) if edge_mask is None else np.asarray(edge_mask, dtype=bool)
        mask = mask & (self.edge_u != self.edge_v)  # self-loops never shorten a path
        edges = np.flatnonzero(mask)
        weight = np.maximum(rate_arr[edges] * self.edge_length[edges], 1e-9)
        return WeightedGraph.build(self.n_nodes + extra_nodes, self.edge_u[edges], self.edge_v[edges], weight, edges)


@dataclass
class WeightedGraph:
    """A symmetric CSR matrix for ``scipy.sparse.csgraph`` plus the edge behind each entry.

    Parallel edges between the same two nodes keep only the lightest; ``lookup`` finds the
    road edge (or ``-1`` for a virtual edge) used between two consecutive route nodes.
    """

    matrix: sp.csr_matrix
    keys: np.ndarray  # sorted directed pair keys a·n + b, one per matrix entry
    weight: np.ndarray  # weight of each key
    key_edge: np.ndarray  # edge id behind each key (-1 for virtual edges)

    @staticmethod
    def build(n: int, u: np.ndarray, v: np.ndarray, weight: np.ndarray, edge_ids: np.ndarray) -> WeightedGraph:
        """Both directions of every edge, parallel edges reduced to the lightest."""
        a = np.concatenate([u, v]).astype(np.int64)
        b = np.concatenate([v, u]).astype(np.int64)
        w = np.maximum(np.concatenate([weight, weight]).astype(float), 1e-9)
        ids = np.concatenate([edge_ids, edge_ids]).astype(np.int64)
        keys = _pair_keys(a, b, n)
        order = np.lexsort((w, keys))
        keys, w, ids = keys[order], w[order], ids[order]
        first = np.ones(len(keys), dtype=bool)
        first[1:] = keys[1:] != keys[:-1]
        keys, w, ids = keys[first], w[first], ids[first]
        matrix = sp.csr_matrix((w, (keys // n, keys % n)), shape=(n, n))
        return WeightedGraph(matrix, keys, w, ids)

    @property
    def n_nodes(self) -> int:
        """Number of nodes including virtual ones."""
        return self.matrix.shape[0]

    def lookup(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Edge id between consecutive route nodes ``a`` → ``b`` (``-1`` when virtual or absent)."""
        if len(self.keys) == 0:
            return np.full(len(a), -1, dtype=np.int64)
        keys = _pair_keys(np.asarray(a), np.asarray(b), self.n_nodes)
        pos = np.clip(np.searchsorted(self.keys, keys), 0, len(self.keys) - 1)
        return np.where(self.keys[pos] == keys, self.key_edge[pos], -1)

    def with_virtual_edges(self, a: np.ndarray, b: np.ndarray, weight: np.ndarray) -> WeightedGraph:
        """Add undirected virtual edges (e.g. a facility node tied to both ends of its edge)."""
        n = self.n_nodes
        u = np.concatenate([self.keys // n, np.asarray(a, dtype=np.int64)])
        v = np.concatenate([self.keys % n, np.asarray(b, dtype=np.int64)])
        w = np.concatenate([self.weight, np.asarray(weight, dtype=float)])
        ids = np.concatenate([self.key_edge, np.full(len(a), -1, dtype=np.int64)])
        # build() adds the reverse direction; existing entries are already symmetric, so
        # their duplicates collapse to the same lightest weight.
        return WeightedGraph.build(n, u, v, w, ids)

    def without_nodes(self, drop: np.ndarray) -> WeightedGraph:
        """The same graph with every entry touching a node of the boolean mask ``drop`` removed.

        The keys stay sorted (row-major), so the CSR matrix is assembled directly, O(entries).
        """
        n = self.n_nodes
        keep = ~(drop[self.keys // n] | drop[self.keys % n])
        keys, weight = self.keys[keep], self.weight[keep]
        indptr = np.searchsorted(keys // n, np.arange(n + 1))
        matrix = sp.csr_matrix((weight, (keys % n).astype(np.int32), indptr.astype(np.int32)), shape=(n, n))
        return WeightedGraph(matrix, keys, weight, self.key_edge[keep])

    def dijkstra(self, sources: np.ndarray, *, limit: float = np.inf) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Multi-source Dijkstra: distance to the nearest source, predecessor, and that source.

        Returns ``(dist, pred, source)`` over all nodes; unreachable nodes (or farther than
        ``limit``) have ``inf``, ``NO_PREDECESSOR`` and ``NO_PREDECESSOR``. Sources have
        distance 0. A finite ``limit`` keeps the search local (milliseconds instead of a
        whole-province sweep).
        """
        sources = np.unique(np.asarray(sources, dtype=np.int64))
        if len(sources) == 0:
            n = self.n_nodes
            return np.full(n, np.inf), np.full(n, NO_PREDECESSOR), np.full(n, NO_PREDECESSOR)
        dist, pred, source = dijkstra(
            self.matrix, directed=True, indices=sources, min_only=True, return_predecessors=True, limit=limit
        )
        return dist, pred, source


def build_graph(
    lines: np.ndarray | shapely.Geometry | object,
    *,
    precision: float = DEFAULT_PRECISION_M,
    snap_tolerance: float = DEFAULT_SNAP_TOLERANCE_M,
    split_t_junctions: bool = True,
) -> RoadGraph:
    """Build the road graph from (Multi)LineStrings in a metric CRS.

    ``precision`` is the rounding grid of node coordinates (m); ``snap_tolerance`` merges end
    points closer than it and, with ``split_t_junctions``, splits a segment whose interior a
    dangling end touches within that distance. Multi-part lines give one edge per part;
    empty and zero-length parts are dropped.
    """
    geoms = np.asarray(getattr(lines, "values", lines), dtype=object)
    n_rows = len(geoms)
    parts, rows = shapely.get_parts(geoms, return_index=True)
    usable = shapely.is_valid_input(parts) & ~shapely.is_empty(parts) & (shapely.get_type_id(parts) == 1)
    parts, rows = parts[usable], rows[usable]
    length = shapely.length(parts)
    positive = length > 0
    parts, rows, length = parts[positive], rows[positive], length[positive]
    m = len(parts)
    if m == 0:
        empty_i = np.empty(0, dtype=np.int64)
        return RoadGraph(np.empty((0, 2)), empty_i, empty_i, np.empty(0), empty_i, np.empty(0, dtype=object), n_rows)

    ends = np.concatenate(
        [shapely.get_coordinates(shapely.get_point(parts, 0)), shapely.get_coordinates(shapely.get_point(parts, -1))]
    )
    grid = np.round(ends / precision).astype(np.int64)
    grid -= grid.min(axis=0)
    key = grid[:, 0] * (grid[:, 1].max() + 1) + grid[:, 1]
    _, first, node = np.unique(key, return_index=True, return_inverse=True)
    node_xy = ends[first]
    if snap_tolerance > 0 and len(node_xy) > 1:
        pairs = cKDTree(node_xy).query_pairs(snap_tolerance, output_type="ndarray")
        if len(pairs):
            merge = sp.coo_matrix(
                (np.ones(len(pairs), dtype=np.int8), (pairs[:, 0], pairs[:, 1])), shape=(len(node_xy), len(node_xy))
            )
            _, label = connected_components(merge, directed=False)
            _, first_of_label, relabel = np.unique(label, return_index=True, return_inverse=True)
            node = relabel[node]
            node_xy = node_xy[first_of_label]
    u, v = node[:m].astype(np.int64), node[m:].astype(np.int64)

    # Break points along each part: its two ends, plus T-junction splits.
    break_part = [np.arange(m), np.arange(m)]
    break_along = [np.zeros(m), length]
    break_node = [u, v]
    if split_t_junctions and snap_tolerance > 0:
        degree = np.bincount(u, minlength=len(node_xy)) + np.bincount(v, minlength=len(node_xy))
        dangling = np.flatnonzero(degree == 1)
        if len(dangling):
            points = shapely.points(node_xy[dangling])
            hit_point, hit_part = shapely.STRtree(parts).query(points, predicate="dwithin", distance=snap_tolerance)
            dnode = dangling[hit_point]
            own = (u[hit_part] == dnode) | (v[hit_part] == dnode)
            hit_part, dnode, hit_point = hit_part[~own], dnode[~own], hit_point[~own]
            along = shapely.line_locate_point(parts[hit_part], points[hit_point])
            inner = (along > snap_tolerance) & (along < length[hit_part] - snap_tolerance)
            hit_part, dnode, along = hit_part[inner], dnode[inner], along[inner]
            # A dangling end touches one segment once: keep its nearest hit.
            if len(dnode):
                dist = shapely.distance(parts[hit_part], shapely.points(node_xy[dnode]))
                order = np.lexsort((dist, dnode))
                keep = np.ones(len(order), dtype=bool)
                keep[1:] = dnode[order][1:] != dnode[order][:-1]
                sel = order[keep]
                break_part.append(hit_part[sel])
                break_along.append(along[sel])
                break_node.append(dnode[sel])
    bp = np.concatenate(break_part)
    ba = np.concatenate(break_along)
    bn = np.concatenate(break_node)
    # Order: by part, then along; the end break (along = length) sorts last even when a split
    # sits at the same distance.
    is_end = np.concatenate([np.zeros(m), np.ones(m), np.zeros(len(bp) - 2 * m)])
    is_start = np.concatenate([np.ones(m), np.zeros(len(bp) - m)])
    order = np.lexsort((is_end, -is_start, ba, bp))
    bp, ba, bn = bp[order], ba[order], bn[order]
    same = bp[1:] == bp[:-1]
    e_part = bp[:-1][same]
    e_a0, e_a1 = ba[:-1][same], ba[1:][same]
    e_u, e_v = bn[:-1][same], bn[1:][same]
    keep = e_a1 > e_a0
    e_part, e_a0, e_a1, e_u, e_v = e_part[keep], e_a0[keep], e_a1[keep], e_u[keep], e_v[keep]
    whole = (e_a0 == 0) & (e_a1 == length[e_part])
    geometry = parts[e_part].copy()
    if (~whole).any():
        geometry[~whole] = substrings(parts[e_part[~whole]], e_a0[~whole], e_a1[~whole])
    return RoadGraph(
        node_xy,
        e_u.astype(np.int64),
        e_v.astype(np.int64),
        e_a1 - e_a0,
        rows[e_part].astype(np.int64),
        geometry,
        n_rows,
    )
