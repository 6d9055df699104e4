"""The road network as a graph: nodes from segment ends, edges weighted by length.

Why a graph and not straight-line distance: the plans count a village as reached when a road
of the required kind *connects* it to the township seat (通硬化路, 通双车道), and a hardened
segment 50 m from a village that ends in a field (an island of cement) does not. So the
indicators ask graph questions: which nodes are connected through hardened segments to a seat
(connected components), and for a village that is not, what is the cheapest way to connect it
(multi-source Dijkstra where hardened segments are free and every other metre must be paved).

Everything is vectorized with numpy, Shapely 2 and ``scipy.sparse.csgraph`` (measured 76×
faster than networkx at province scale, see shared/research/perf-anchors.md):

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
* **Attaching points** (villages, seats, facilities) to the network: the nearest edge (Shapely
  ``STRtree.query_nearest``) or every edge within a distance (bbox query + exact distance, the
  faster variant at these radii). A point is attached at its *projection* on the edge
  (``line_locate_point``), i.e. the edge is split virtually there: the cost of reaching the
  point is ``min(d[u] + rate·along, d[v] + rate·(length − along))`` from the Dijkstra
  distances ``d`` of the edge's two nodes. We chose the exact split over "attach to the nearer
  end point plus the residual" because the latter overstates what must be paved by up to a
  whole segment (a village beside the middle of a 2 km track would be charged for 1 km it does
  not need) and can pick the wrong end. The split is evaluated in closed form, so the graph is
  never rebuilt per point.
* **Routes** are rebuilt from the Dijkstra predecessors for all points at once (one numpy step
  per hop for every route still walking) and turned into MultiLineStrings of the edges to
  upgrade, plus the part of the attaching edge up to the projection point.

Coordinates must be metric (the Gauss-Krüger analysis CRS); lengths are metres.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain

import numpy as np
import pandas as pd
import scipy.sparse as sp
import shapely
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

DEFAULT_PRECISION_M = 0.5
DEFAULT_SNAP_TOLERANCE_M = 1.0
# Weight per metre of an edge that already meets the requirement (hardened, two-lane …):
# effectively free, but positive so that among routes of equal cost the shortest is chosen.
FREE_RATE = 1e-6
NO_PREDECESSOR = -9999  # what scipy.sparse.csgraph writes for "no predecessor"
# Routes are searched up to this many metres to upgrade; beyond it a village needs a new plan,
# not a longer list (and the bound keeps each search local).
MAX_ROUTE_M = 30_000.0
# Search a seat's private ok components without its shared ones (see _own_seat_routes). False
# searches every part on the whole graph: the plain method, same answers, kept for the tests.
CUT_SHARED_COMPONENTS = True


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


# --- attaching points -----------------------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    """Points attached to edges: one row per (point, edge) pair.

    ``along`` is the distance (m) from the edge's start node ``u`` to the projection of the
    point on the edge; ``offset`` the straight-line distance (m) from the point to the edge.
    """

    point: np.ndarray
    edge: np.ndarray
    along: np.ndarray
    offset: np.ndarray

    def __len__(self) -> int:
        return len(self.point)

    def subset(self, mask: np.ndarray) -> Attachment:
        """Rows where ``mask`` is true."""
        return Attachment(self.point[mask], self.edge[mask], self.along[mask], self.offset[mask])


def _attachment(graph: RoadGraph, points: np.ndarray, point: np.ndarray, edge: np.ndarray) -> Attachment:
    pts = points[point]
    lines = graph.edge_geometry[edge]
    return Attachment(
        point.astype(np.int64),
        edge.astype(np.int64),
        shapely.line_locate_point(lines, pts),
        shapely.distance(lines, pts),
    )


def attach_nearest(
    graph: RoadGraph,
    xy: np.ndarray,
    *,
    edge_mask: np.ndarray | None = None,
    max_distance: float | None = None,
    cache: bool = True,
) -> Attachment:
    """Attach each point to its nearest (masked) edge; points farther than ``max_distance`` are left out.

    Ties (a point equidistant to several edges, e.g. at a junction) keep the lowest edge id,
    so the result does not depend on input order of the points.
    """
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    if len(xy) == 0 or (edge_mask is not None and not np.any(edge_mask)) or graph.n_edges == 0:
        return _attachment(
            graph, shapely.points(np.empty((0, 2))), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        )
    tree, ids = graph.tree(edge_mask, cache=cache)
    points = shapely.points(xy)
    point, item = tree.query_nearest(points, all_matches=True)
    edge = ids[item]
    order = np.lexsort((edge, point))
    point, edge = point[order], edge[order]
    first = np.ones(len(point), dtype=bool)
    first[1:] = point[1:] != point[:-1]
    att = _attachment(graph, points, point[first], edge[first])
    if max_distance is not None:
        att = att.subset(att.offset <= max_distance)
    return att


def attach_within(
    graph: RoadGraph, xy: np.ndarray, distance: float | np.ndarray, *, edge_mask: np.ndarray | None = None
) -> Attachment:
    """Every (point, masked edge) pair with the edge within ``distance`` (m, scalar or per point).

    A bbox query with boxes of side 2·distance followed by an exact distance test (the
    measured faster variant of ``STRtree.query(predicate="dwithin")``).
    """
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    if len(xy) == 0 or (edge_mask is not None and not np.any(edge_mask)) or graph.n_edges == 0:
        return _attachment(
            graph, shapely.points(np.empty((0, 2))), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        )
    d = np.broadcast_to(np.asarray(distance, dtype=float), (len(xy),))
    tree, ids = graph.tree(edge_mask)
    boxes = shapely.box(xy[:, 0] - d, xy[:, 1] - d, xy[:, 0] + d, xy[:, 1] + d)
    point, item = tree.query(boxes)
    points = shapely.points(xy)
    edge = ids[item]
    # Exact distance first; the projection only for the pairs that are close enough.
    offset = shapely.distance(graph.edge_geometry[edge], points[point])
    close = offset <= d[point]
    point, edge, offset = point[close], edge[close], offset[close]
    att = Attachment(
        point.astype(np.int64),
        edge.astype(np.int64),
        shapely.line_locate_point(graph.edge_geometry[edge], points[point]),
        offset,
    )
    order = np.lexsort((att.edge, att.point))
    return Attachment(att.point[order], att.edge[order], att.along[order], att.offset[order])


def cost_through(
    graph: RoadGraph, att: Attachment, dist: np.ndarray, rate: np.ndarray | float
) -> tuple[np.ndarray, np.ndarray]:
    """Cost of reaching each attached point from the Dijkstra distances of the edge's nodes.

    Formula (the virtual split at the projection): ``min(dist[u] + r·along, dist[v] + r·(L −
    along))`` with ``r`` the rate per metre of that edge. Returns the cost and the node
    (``u`` or ``v``) through which it is reached.
    """
    r = np.broadcast_to(np.asarray(rate, dtype=float), (graph.n_edges,))[att.edge]
    u, v = graph.edge_u[att.edge], graph.edge_v[att.edge]
    via_u = dist[u] + r * att.along
    via_v = dist[v] + r * (graph.edge_length[att.edge] - att.along)
    use_u = via_u <= via_v
    return np.where(use_u, via_u, via_v), np.where(use_u, u, v)


# --- routes ---------------------------------------------------------------------------------


def trace_paths(pred: np.ndarray, ends: np.ndarray, *, max_hops: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Walk the predecessor tree from every end node back to its source, all at once.

    Returns ``(route, node)``: the route index (position in ``ends``) and the nodes in walking
    order (end → source). One numpy step per hop for all routes still walking, so the cost is
    the total number of hops, not a Python loop per route.
    """
    ends = np.asarray(ends, dtype=np.int64)
    route_parts = [np.arange(len(ends))]
    node_parts = [ends]
    active = np.arange(len(ends))
    current = ends.copy()
    hops = 0
    limit = max_hops if max_hops is not None else len(pred) + 1
    while len(active) and hops < limit:
        nxt = pred[current]
        ok = nxt >= 0
        active, current = active[ok], nxt[ok]
        route_parts.append(active)
        node_parts.append(current)
        hops += 1
    route = np.concatenate(route_parts)
    node = np.concatenate(node_parts)
    order = np.argsort(route, kind="stable")
    return route[order], node[order]


def path_edges(weighted: WeightedGraph, route: np.ndarray, node: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Edges between consecutive nodes of the routes from :func:`trace_paths` (virtual edges dropped)."""
    if len(route) < 2:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    same = route[1:] == route[:-1]
    a, b, r = node[:-1][same], node[1:][same], route[:-1][same]
    edge = weighted.lookup(a, b)
    real = edge >= 0
    return r[real], edge[real]


@dataclass(frozen=True)
class Routes:
    """Routes to upgrade, one per requested point.

    ``need_m`` are the metres of edges that do not meet the requirement (to be paved,
    widened …) including the part of the attaching edge; ``geometry`` a MultiLineString of
    exactly those pieces (``None`` when nothing needs upgrading or no route exists).
    """

    need_m: np.ndarray
    geometry: np.ndarray
    edges: tuple[np.ndarray, np.ndarray]  # (route index, edge id) of every edge on the path


def build_routes(
    graph: RoadGraph, weighted: WeightedGraph, pred: np.ndarray, att: Attachment, end_node: np.ndarray, ok: np.ndarray
) -> Routes:
    """Reconstruct, for each attachment row, the route from its source to the attached point.

    ``end_node`` is the node of the attaching edge through which the point is reached
    (from :func:`cost_through`); ``ok`` the edge mask of edges that need no upgrade.
    """
    n = len(att)
    route, node = trace_paths(pred, end_node)
    r_idx, e_idx = path_edges(weighted, route, node)
    on_path_bad = ~ok[e_idx]
    need = np.bincount(r_idx[on_path_bad], weights=graph.edge_length[e_idx[on_path_bad]], minlength=n)
    # The part of the attaching edge from the end node to the projection point.
    edge = att.edge
    from_u = end_node == graph.edge_u[edge]
    a0 = np.where(from_u, 0.0, att.along)
    a1 = np.where(from_u, att.along, graph.edge_length[edge])
    partial = ~ok[edge] & (a1 > a0)
    need = need + np.where(partial, a1 - a0, 0.0)
    piece_route = [r_idx[on_path_bad]]
    piece_geom = [graph.edge_geometry[e_idx[on_path_bad]]]
    if partial.any():
        piece_route.append(np.flatnonzero(partial))
        piece_geom.append(substrings(graph.edge_geometry[edge[partial]], a0[partial], a1[partial]))
    pr = np.concatenate(piece_route)
    pg = np.concatenate(piece_geom)
    geometry = np.full(n, None, dtype=object)
    if len(pr):
        order = np.argsort(pr, kind="stable")
        pr, pg = pr[order], pg[order]
        owners, dense = np.unique(pr, return_inverse=True)
        geometry[owners] = shapely.multilinestrings(pg, indices=dense)
    return Routes(need, geometry, (r_idx, e_idx))


# --- "reached through" analysis ---------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    """Which points are connected to their group's seat through ``ok`` edges, and what it would take.

    Per point: ``reached``; ``ok_within`` (an ok edge lies within the access distance, connected
    or not: when it is not, the nearby ok road is an island); ``nearest_ok_m`` (straight-line
    distance to the nearest ok edge, NaN if none); ``need_m`` metres of non-ok road on the
    cheapest route (0 when reached, NaN when no road leads there); ``new_road_m`` the
    straight-line gap from the point to the road where the route ends when that road is
    farther than the access distance (0 otherwise); ``geometry`` the route to upgrade.
    ``seat_ok`` per seat: whether an ok edge lies within the seat distance.
    """

    reached: np.ndarray
    ok_within: np.ndarray
    nearest_ok_m: np.ndarray
    need_m: np.ndarray
    new_road_m: np.ndarray
    geometry: np.ndarray
    seat_ok: np.ndarray


def reach_through(
    graph: RoadGraph,
    ok: np.ndarray,
    seat_xy: np.ndarray,
    point_xy: np.ndarray,
    point_seat: np.ndarray,
    *,
    access_distance: float,
    seat_distance: float | None = None,
    routes: bool = True,
    max_route_m: float = MAX_ROUTE_M,
) -> Reach:
    """Points reached from their seat through edges where ``ok`` holds, and routes for the rest.

    A point *is reached* when an ok edge within ``access_distance`` of it belongs to an ok
    component that also has an ok edge within ``seat_distance`` (default: the access
    distance) of the point's own seat (``point_seat`` indexes ``seat_xy``; −1 = none).

    For every other point, the cheapest route is found with a multi-source Dijkstra from all
    nodes of the seats' ok components over the whole network, where ok edges cost
    ``FREE_RATE`` per metre and every other edge its length: the distance is the metres to
    upgrade. The route ends on the cheapest edge within the access distance of the point (any
    surface), or, when the search reaches none that close, on the nearest edge it reaches (then
    ``new_road_m`` is the straight line to it). If the nearest source belongs to another seat (a
    seat whose ok network is separate from its neighbours'), the Dijkstra is repeated from that
    point's own seat components (a loop over such seats, each search bounded by ``max_route_m``). Routes
    needing more than ``max_route_m`` metres of upgrade are not searched (``need_m`` NaN).
    """
    ok = np.asarray(ok, dtype=bool)
    seat_xy = np.asarray(seat_xy, dtype=float).reshape(-1, 2)
    point_xy = np.asarray(point_xy, dtype=float).reshape(-1, 2)
    point_seat = np.asarray(point_seat, dtype=np.int64)
    n = len(point_xy)
    seat_distance = access_distance if seat_distance is None else seat_distance
    labels = graph.components(ok)
    n_labels = int(labels.max()) + 1 if len(labels) else 1

    seat_att = attach_within(graph, seat_xy, seat_distance, edge_mask=ok)
    seat_ok = np.zeros(len(seat_xy), dtype=bool)
    seat_ok[seat_att.point] = True
    seat_comp_keys = np.unique(seat_att.point * np.int64(n_labels) + labels[graph.edge_u[seat_att.edge]])

    near_ok = attach_within(graph, point_xy, access_distance, edge_mask=ok)
    ok_within = np.zeros(n, dtype=bool)
    ok_within[near_ok.point] = True
    pair_keys = point_seat[near_ok.point] * np.int64(n_labels) + labels[graph.edge_u[near_ok.edge]]
    good = (point_seat[near_ok.point] >= 0) & np.isin(pair_keys, seat_comp_keys)
    reached = np.zeros(n, dtype=bool)
    reached[near_ok.point[good]] = True

    # Distance to the nearest ok edge: where one lies within the access distance it is among
    # the pairs above (their smallest offset); a nearest-neighbour query only for the others.
    nearest_ok_m = np.full(n, np.inf)
    np.minimum.at(nearest_ok_m, near_ok.point, near_ok.offset)
    nearest_ok_m[~ok_within] = np.nan
    far = np.flatnonzero(~ok_within)
    nearest = attach_nearest(graph, point_xy[far], edge_mask=ok)
    nearest_ok_m[far[nearest.point]] = nearest.offset

    need_m = np.where(reached, 0.0, np.nan)
    new_road_m = np.zeros(n)
    geometry = np.full(n, None, dtype=object)
    todo = np.flatnonzero(~reached & (point_seat >= 0))
    if routes and len(todo) and len(seat_comp_keys):
        rate = np.where(ok, FREE_RATE, 1.0)
        weighted = graph.weighted(rate)
        comp_of_key = seat_comp_keys % n_labels
        near_all = attach_within(graph, point_xy[todo], access_distance)
        near_all = Attachment(todo[near_all.point], near_all.edge, near_all.along, near_all.offset)
        dist, pred, src = weighted.dijkstra(np.flatnonzero(np.isin(labels, comp_of_key)), limit=max_route_m)
        chosen, cost, end = _cheapest(graph, _route_candidates(graph, point_xy, todo, near_all, dist), dist, rate)
        # Is the nearest source one of this point's own seat components? (Normally yes: the
        # seats share one trunk network.) If not, redo those points from their own seats.
        src_comp = labels[np.where(src[end] >= 0, src[end], 0)]
        foreign = np.isfinite(cost) & ~np.isin(point_seat[chosen.point] * np.int64(n_labels) + src_comp, seat_comp_keys)
        finite = np.isfinite(cost) & ~foreign
        groups: Iterable[tuple[Attachment, np.ndarray, np.ndarray]] = [(chosen.subset(finite), end[finite], pred)]
        if foreign.any():
            # A generator: each group's routes are built before the next search (one
            # predecessor array alive at a time); a later group overwrites a point's route.
            groups = chain(
                groups,
                _own_seat_routes(
                    graph,
                    weighted,
                    labels,
                    seat_comp_keys,
                    n_labels,
                    point_xy,
                    chosen.point[foreign],
                    point_seat,
                    near_all,
                    rate,
                    access_distance,
                    max_route_m,
                ),
            )
        for att_k, end_k, pred_k in groups:
            if len(att_k) == 0:
                continue
            built = build_routes(graph, weighted, pred_k, att_k, end_k, ok)
            need_m[att_k.point] = built.need_m
            geometry[att_k.point] = built.geometry
            new_road_m[att_k.point] = np.where(att_k.offset > access_distance, att_k.offset, 0.0)
    return Reach(reached, ok_within, nearest_ok_m, need_m, new_road_m, geometry, seat_ok)


def _own_seat_routes(
    graph: RoadGraph,
    weighted: WeightedGraph,
    labels: np.ndarray,
    seat_comp_keys: np.ndarray,
    n_labels: int,
    point_xy: np.ndarray,
    rows: np.ndarray,
    point_seat: np.ndarray,
    near_all: Attachment,
    rate: np.ndarray,
    access_distance: float,
    max_route_m: float,
) -> Iterator[tuple[Attachment, np.ndarray, np.ndarray]]:
    """Routes of ``rows`` from their own seat's ok components only, as one search from all of them would choose.

    The distance from a union of sources is the minimum of the distances from its parts, so
    each seat's components are split into *private* ones (near that seat only: one bounded
    Dijkstra per seat) and *shared* ones (near several seats, e.g. the county trunk: one
    Dijkstra per component for all the seats that share it, not one per seat). The parts are
    searched in turn; after each, the points it serves better than every part before it are
    yielded with that search's predecessors, so the last group yielded for a point is its best
    part (ties: the earlier part).

    "Better" follows the choice the single search from the union would make (see
    :func:`_route_candidates`), not the cost alone: a route ending on an edge within the access
    distance beats any route ending on a fallback edge farther away (the union reaches a nearby
    edge as soon as one part does); among fallback routes the nearest edge wins (lowest edge id
    on equal distance), and only then the cost. Comparing costs alone let a part that reaches
    no nearby edge win with a free edge hundreds of metres away (the straight-line new road is
    not in the cost) over a part that reaches a nearby edge needing some upgrade.

    A private part is searched on the graph *without the nodes of its seat's shared
    components* ("cut" search). Without the cut every private search floods the whole free
    trunk network and 30 km around it: at province scale ~0.3 s per seat instead of a few
    milliseconds. The answer is the same (see :func:`_private_costs`).
    """
    seat_of_key, comp_of_key = seat_comp_keys // n_labels, seat_comp_keys % n_labels
    seats = np.unique(point_seat[rows])
    mine = np.isin(seat_of_key, seats)
    comp_count = np.bincount(comp_of_key, minlength=n_labels)
    shared_key = comp_count[comp_of_key] > 1
    # (components, seats allowed to use them, shared components cut from the search)
    parts: list[tuple[np.ndarray, np.ndarray, tuple[int, ...]]] = []
    for seat in seats:
        own = seat_of_key == seat
        private = comp_of_key[own & ~shared_key]
        if len(private):
            cut = tuple(np.unique(comp_of_key[own & shared_key]).tolist()) if CUT_SHARED_COMPONENTS else ()
            parts.append((private, np.array([seat]), cut))
    shared = np.unique(comp_of_key[mine & shared_key])
    for comp in shared:
        parts.append((np.array([comp]), seat_of_key[(comp_of_key == comp) & mine], ()))
    cut_graphs: dict[tuple[int, ...], WeightedGraph] = {(): weighted}

    def search_graph(cut: tuple[int, ...]) -> WeightedGraph:
        if cut not in cut_graphs:
            cut_graphs[cut] = weighted.without_nodes(np.isin(labels, np.array(cut, dtype=labels.dtype)))
        return cut_graphs[cut]

    def search(comps: np.ndarray, cut: tuple[int, ...] = ()) -> tuple[np.ndarray, np.ndarray]:
        dist, pred, _ = search_graph(cut).dijkstra(np.flatnonzero(np.isin(labels, comps)), limit=max_route_m)
        return dist, pred

    # The shared parts' distances decide which points a cut search can settle: search them first.
    shared_search = {int(comp): search(np.array([comp])) for comp in shared}
    free_edge = rate <= FREE_RATE
    # Upper bound of the cost of any path inside one ok component (its edges are all free).
    comp_free = (
        np.bincount(
            labels[graph.edge_u[free_edge]], weights=FREE_RATE * graph.edge_length[free_edge] + 1e-9, minlength=n_labels
        )
        * (1 + 1e-9)
        + 1e-9
    )
    shared_dist = {comp: found[0] for comp, found in shared_search.items()}

    # The best route so far per point, as (new road, fallback edge, cost): the new road is the
    # straight-line gap to a fallback edge (0 for an edge within the access distance), the
    # fallback edge its id (-1 for an edge within the access distance).
    best_gap = np.full(len(point_xy), np.inf)
    best_edge = np.full(len(point_xy), -1, dtype=np.int64)
    best_cost = np.full(len(point_xy), np.inf)
    for comps, allowed, cut in parts:
        users = rows[np.isin(point_seat[rows], allowed)]
        if cut:
            found = _private_costs(
                graph,
                weighted,
                search_graph(cut),
                labels,
                comps,
                cut,
                shared_dist,
                comp_free,
                point_xy,
                users,
                near_all,
                rate,
                max_route_m,
            )
        else:
            dist, pred = (
                shared_search.pop(int(comps[0]))
                if len(comps) == 1 and int(comps[0]) in shared_search
                else search(comps)
            )
            found = [(_cheapest(graph, _route_candidates(graph, point_xy, users, near_all, dist), dist, rate), pred)]
        for (chosen, cost, end), pred in found:
            p = chosen.point
            gap = np.where(chosen.offset > access_distance, chosen.offset, 0.0)
            far_edge = np.where(gap > 0, chosen.edge, -1)
            same_edge = (gap == best_gap[p]) & (far_edge == best_edge[p])
            better = np.isfinite(cost) & (
                (gap < best_gap[p])
                | ((gap == best_gap[p]) & (far_edge < best_edge[p]))
                | (same_edge & (cost < best_cost[p]))
            )
            best_gap[p[better]] = gap[better]
            best_edge[p[better]] = far_edge[better]
            best_cost[p[better]] = cost[better]
            if better.any():
                yield chosen.subset(better), end[better], pred


def _private_costs(
    graph: RoadGraph,
    weighted: WeightedGraph,
    cut_graph: WeightedGraph,
    labels: np.ndarray,
    comps: np.ndarray,
    cut: tuple[int, ...],
    shared_dist: dict[int, np.ndarray],
    comp_free: np.ndarray,
    point_xy: np.ndarray,
    users: np.ndarray,
    near_all: Attachment,
    rate: np.ndarray,
    max_route_m: float,
) -> list[tuple[tuple[Attachment, np.ndarray, np.ndarray], np.ndarray]]:
    """The cheapest candidates of a private part's users (``((chosen, cost, end), pred)`` per
    search), from a search on the cut graph, exact for every point where the part can win.

    Why the cut search gives the same minimum over the parts: a cheapest path from the
    private part that passes through a cut (shared) component C is dearer than its own tail
    from C, and that tail is in the shared search of C, so the part loses those points either
    way; paths that avoid C have the same cost in both graphs.

    One case needs care: a point none of whose nearby edges the cut search reaches would fall
    back to the nearest *reachable* edge, and that depends on what the whole-graph search
    reaches within ``max_route_m``. If the nearby edges are provably reachable through a cut
    component C (upper bound: entering C from the cut search + any path inside C, which is
    free + the shared search's distance from C), the part loses to C for that point and it is
    dropped; otherwise (rare) the part is searched again on the whole graph for those points.
    """
    n = graph.n_nodes
    source = np.flatnonzero(np.isin(labels, comps))
    dist, pred, _ = cut_graph.dijkstra(source, limit=max_route_m)
    near = near_all.subset(np.isin(near_all.point, users))
    reachable = np.isfinite(dist[:n])
    has = np.zeros(len(point_xy), dtype=bool)
    has[near.point[reachable[graph.edge_u[near.edge]] | reachable[graph.edge_v[near.edge]]]] = True
    settled, missing = users[has[users]], users[~has[users]]
    found = [(_cheapest(graph, _route_candidates(graph, point_xy, settled, near_all, dist), dist, rate), pred)]
    if len(missing) == 0:
        return found
    # Upper bound of the whole-graph distance from the part to each missing point's nearby edges.
    a, b = weighted.keys // weighted.n_nodes, weighted.keys % weighted.n_nodes
    in_cut = np.isin(labels, np.array(cut, dtype=labels.dtype))
    into = (a < n) & (b < n)
    into[into] = in_cut[b[into]] & ~in_cut[a[into]]
    entry_cost, entry_comp = dist[a[into]] + weighted.weight[into], labels[b[into]]
    near_missing = near_all.subset(np.isin(near_all.point, missing))
    bound = np.full(len(point_xy), np.inf)
    for comp in cut:
        entering = entry_cost[entry_comp == comp]
        entry = entering.min() if len(entering) else np.inf
        if not np.isfinite(entry) or comp not in shared_dist:
            continue
        d = shared_dist[comp]
        via = np.full(len(point_xy), np.inf)
        np.minimum.at(
            via, near_missing.point, np.minimum(d[graph.edge_u[near_missing.edge]], d[graph.edge_v[near_missing.edge]])
        )
        bound = np.minimum(bound, entry + comp_free[comp] + via)
    undecided = missing[~(bound[missing] * (1 + 1e-9) + 1e-6 <= max_route_m)]
    if len(undecided):
        whole, whole_pred, _ = weighted.dijkstra(source, limit=max_route_m)
        found.append(
            (_cheapest(graph, _route_candidates(graph, point_xy, undecided, near_all, whole), whole, rate), whole_pred)
        )
    return found


def _concat(parts: list[Attachment]) -> Attachment:
    return Attachment(*(np.concatenate([getattr(a, f) for a in parts]) for f in ("point", "edge", "along", "offset")))


def _route_candidates(
    graph: RoadGraph, point_xy: np.ndarray, rows: np.ndarray, near_all: Attachment, dist: np.ndarray
) -> Attachment:
    """Edges a route to each point of ``rows`` may end on: every edge within the access distance
    (``near_all``, computed once), and for points none of whose such edges is reachable, the
    nearest reachable edge."""
    near = near_all.subset(np.isin(near_all.point, rows))
    reachable_node = np.isfinite(dist[: graph.n_nodes])
    has = np.zeros(len(point_xy), dtype=bool)
    near_ok = reachable_node[graph.edge_u[near.edge]] | reachable_node[graph.edge_v[near.edge]]
    has[near.point[near_ok]] = True
    missing = rows[~has[rows]]
    if len(missing) == 0:
        return near
    reachable = reachable_node[graph.edge_u] | reachable_node[graph.edge_v]
    if not reachable.any():
        return near
    # Nearest reachable edge. First on the cached tree of all edges: where a nearest edge (any
    # of equally near ones) is reachable, the nearest reachable edges are exactly those; a tree
    # of the reachable edges only for the rest.
    tree, ids = graph.tree(None)
    missing_points = shapely.points(point_xy[missing])
    point, item = tree.query_nearest(missing_points, all_matches=True)
    edge = ids[item]
    hit = reachable[edge]
    first = np.full(len(missing), -1, dtype=np.int64)
    if hit.any():
        order = np.lexsort((edge[hit], point[hit]))
        p_hit, e_hit = point[hit][order], edge[hit][order]
        lead = np.ones(len(p_hit), dtype=bool)
        lead[1:] = p_hit[1:] != p_hit[:-1]
        first[p_hit[lead]] = e_hit[lead]
    parts = [near]
    done = first >= 0
    if done.any():
        att = _attachment(graph, missing_points, np.flatnonzero(done), first[done])
        parts.append(Attachment(missing[att.point], att.edge, att.along, att.offset))
    if (~done).any():
        rest = missing[~done]
        far = attach_nearest(graph, point_xy[rest], edge_mask=reachable, cache=False)
        parts.append(Attachment(rest[far.point], far.edge, far.along, far.offset))
    return _concat(parts)


def _cheapest(
    graph: RoadGraph, att: Attachment, dist: np.ndarray, rate: np.ndarray
) -> tuple[Attachment, np.ndarray, np.ndarray]:
    """Per point, the candidate with the lowest cost (ties: lowest edge id); cost and end node."""
    cost, end = cost_through(graph, att, dist, rate)
    order = np.lexsort((att.edge, cost, att.point))
    first = np.ones(len(order), dtype=bool)
    first[1:] = att.point[order][1:] != att.point[order][:-1]
    sel = order[first]
    return att.subset(sel), cost[sel], end[sel]


# --- distances to facilities ------------------------------------------------------------------


@dataclass(frozen=True)
class FacilityDistance:
    """Per point: network distance (m) to the nearest facility and that facility's index.

    ``distance`` includes the straight-line legs from the point and from the facility to
    their attaching edges; ``inf`` when the network does not connect them (index −1).
    """

    distance: np.ndarray
    facility: np.ndarray


def nearest_facility(graph: RoadGraph, point_xy: np.ndarray, facility_xy: np.ndarray) -> FacilityDistance:
    """Network distance from each point to the nearest facility (multi-source Dijkstra).

    Each facility becomes a virtual node tied to both ends of its nearest edge with weights
    ``offset + along`` and ``offset + (L − along)``; one Dijkstra from all virtual nodes gives
    every road node its distance to, and the index of, the nearest facility. A point then
    costs ``min(d[u] + along, d[v] + L − along) + offset``; a facility on the point's own edge
    is also tried directly (``|along_p − along_f|`` plus both offsets), which the end-node
    formula would overstate.
    """
    point_xy = np.asarray(point_xy, dtype=float).reshape(-1, 2)
    facility_xy = np.asarray(facility_xy, dtype=float).reshape(-1, 2)
    n_p, n_f = len(point_xy), len(facility_xy)
    distance = np.full(n_p, np.inf)
    facility = np.full(n_p, -1, dtype=np.int64)
    if n_p == 0 or n_f == 0 or graph.n_edges == 0:
        return FacilityDistance(distance, facility)
    fac = attach_nearest(graph, facility_xy)
    weighted = graph.weighted(1.0, extra_nodes=n_f)
    virtual = graph.n_nodes + fac.point
    length = graph.edge_length[fac.edge]
    weighted = weighted.with_virtual_edges(
        np.concatenate([virtual, virtual]),
        np.concatenate([graph.edge_u[fac.edge], graph.edge_v[fac.edge]]),
        np.concatenate([fac.offset + fac.along, fac.offset + length - fac.along]),
    )
    dist, _, src = weighted.dijkstra(virtual)
    pts = attach_nearest(graph, point_xy)
    r_len = graph.edge_length[pts.edge]
    u, v = graph.edge_u[pts.edge], graph.edge_v[pts.edge]
    via_u = dist[u] + pts.along
    via_v = dist[v] + r_len - pts.along
    use_u = via_u <= via_v
    best = np.where(use_u, via_u, via_v) + pts.offset
    best_src = np.where(use_u, src[u], src[v])
    # Facilities on the same edge as the point.
    fp = pd.DataFrame({"edge": fac.edge, "f": fac.point, "fa": fac.along, "fo": fac.offset})
    pp = pd.DataFrame({"edge": pts.edge, "p": np.arange(len(pts)), "pa": pts.along, "po": pts.offset})
    same = pp.merge(fp, on="edge")
    if len(same):
        direct = (same["pa"] - same["fa"]).abs() + same["po"] + same["fo"]
        same = same.assign(direct=direct).sort_values(["p", "direct", "f"]).drop_duplicates("p")
        rows = same["p"].to_numpy()
        better = same["direct"].to_numpy() < best[rows]
        best[rows[better]] = same["direct"].to_numpy()[better]
        best_src[rows[better]] = graph.n_nodes + same["f"].to_numpy()[better]
    found = np.isfinite(best) & (best_src >= graph.n_nodes)
    distance[pts.point[found]] = best[found]
    facility[pts.point[found]] = best_src[found] - graph.n_nodes
    return FacilityDistance(distance, facility)
