"""The road graph: nodes from segment ends, edges weighted by length, and the weighted matrix for Dijkstra.

* **Nodes** are the segment end points rounded to ``precision`` (0.5 m) and de-duplicated with
  ``np.unique``; end points closer than ``snap_tolerance`` (1 m) are then merged (a cKDTree
  pair query + connected components), because digitized ends rarely meet exactly.
* **T-junctions**: a dangling end (a node used by one segment only) that lies within
  ``snap_tolerance`` of the *interior* of another segment splits that segment there. County
  road registers often store a village road ending on the middle of a long county-road
  segment; without the split the two would not be connected.
* **Shared vertices** (``vertex_junctions``, on by default): lines that share an *interior*
  vertex are joined there, as OpenStreetMap draws a junction; lines that cross without a
  shared vertex (a bridge, a tunnel) stay apart.
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

from geo.analysis.network.lines import break_lines, shared_vertex_breaks

DEFAULT_PRECISION_M = 0.5
DEFAULT_SNAP_TOLERANCE_M = 1.0
# Lines sharing an interior vertex meet there (the OpenStreetMap convention); lines crossing
# without a shared vertex are a bridge or a tunnel and stay apart. On by default: in OSM
# extracts and in edited registers a shared vertex is how a junction is drawn, and ignoring it
# cuts every village road that passes through a crossroads into a separate piece (a false gap
# with a needless route); a grade-separated crossing never shares a vertex, so it stays a
# bridge either way. The indicators take it as the ``vertex_junctions`` parameter.
DEFAULT_VERTEX_JUNCTIONS = True
# Weight per metre of an edge that already meets the requirement (hardened, two-lane …):
# effectively free, but positive so that among routes of equal cost the shortest is chosen.
FREE_RATE = 1e-6
NO_PREDECESSOR = -9999  # what scipy.sparse.csgraph writes for "no predecessor"


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

    def split(self, edge: np.ndarray, along: np.ndarray) -> tuple[RoadGraph, np.ndarray, np.ndarray]:
        """The graph with edges split at points along them: ``(graph, node, parent)``.

        ``node`` is the node of each point (a new node numbered after the existing ones, or the
        edge's end node when the point is at an end; points at the same place on the same edge
        share a node); ``parent`` gives the edge of ``self`` each new edge comes from, so an edge
        mask carries over as ``mask[parent]``. ``edge_row`` is kept, so row masks work as before.
        """
        edge = np.asarray(edge, dtype=np.int64)
        along = np.clip(np.asarray(along, dtype=float), 0.0, self.edge_length[edge])
        node = np.where(along <= 0, self.edge_u[edge], np.where(along >= self.edge_length[edge], self.edge_v[edge], -1))
        inner = np.flatnonzero(node < 0)
        points = np.unique(np.column_stack([edge[inner], along[inner]]), axis=0, return_inverse=True)
        (place, which) = points
        place_edge, place_along = place[:, 0].astype(np.int64), place[:, 1]
        node[inner] = self.n_nodes + which.reshape(-1)
        new_xy = shapely.get_coordinates(shapely.line_interpolate_point(self.edge_geometry[place_edge], place_along))
        m = self.n_edges
        e_part, e_a0, e_a1, e_u, e_v, geometry = break_lines(
            self.edge_geometry,
            self.edge_length,
            np.concatenate([np.arange(m), np.arange(m), place_edge]),
            np.concatenate([np.zeros(m), self.edge_length, place_along]),
            np.concatenate([self.edge_u, self.edge_v, self.n_nodes + np.arange(len(place_edge))]),
        )
        graph = RoadGraph(
            np.concatenate([self.node_xy, new_xy.reshape(-1, 2)]),
            e_u,
            e_v,
            e_a1 - e_a0,
            self.edge_row[e_part],
            geometry,
            self.n_rows,
        )
        return graph, node.astype(np.int64), e_part

    def with_spurs(self, start: np.ndarray, end_xy: np.ndarray) -> tuple[RoadGraph, np.ndarray, np.ndarray]:
        """The graph with a straight new edge from each ``start`` node to a new node at ``end_xy``:
        ``(graph, new node ids, new edge ids)``. The new edges (a planned road, not in the input)
        have ``edge_row`` −1."""
        start = np.asarray(start, dtype=np.int64)
        end_xy = np.asarray(end_xy, dtype=float).reshape(-1, 2)
        k = len(start)
        node = self.n_nodes + np.arange(k)
        geometry = shapely.linestrings(np.stack([self.node_xy[start], end_xy], axis=1))
        graph = RoadGraph(
            np.concatenate([self.node_xy, end_xy]),
            np.concatenate([self.edge_u, start]),
            np.concatenate([self.edge_v, node]),
            np.concatenate([self.edge_length, shapely.length(geometry)]),
            np.concatenate([self.edge_row, np.full(k, -1, dtype=np.int64)]),
            np.concatenate([self.edge_geometry, geometry]),
            self.n_rows,
        )
        return graph, node, self.n_edges + np.arange(k)

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
    vertex_junctions: bool = DEFAULT_VERTEX_JUNCTIONS,
) -> RoadGraph:
    """Build the road graph from (Multi)LineStrings in a metric CRS.

    ``precision`` is the rounding grid of node coordinates (m); ``snap_tolerance`` merges end
    points closer than it and, with ``split_t_junctions``, splits a segment whose interior a
    dangling end touches within that distance. With ``vertex_junctions``, lines sharing an
    interior vertex (within ``snap_tolerance``) are joined there, while lines that cross
    without a shared vertex (bridges, tunnels) stay apart: see :data:`DEFAULT_VERTEX_JUNCTIONS`.
    Multi-part lines give one edge per part; empty and zero-length parts are dropped.
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

    # Break points along each part: its two ends, shared interior vertices, T-junction splits.
    break_part = [np.arange(m), np.arange(m)]
    break_along = [np.zeros(m), length]
    break_node = [u, v]
    if vertex_junctions:
        vp, va, vn, new_xy = shared_vertex_breaks(parts, u, v, node_xy, max(snap_tolerance, precision / 2))
        break_part.append(vp)
        break_along.append(va)
        break_node.append(vn)
        node_xy = np.concatenate([node_xy, new_xy])
    if split_t_junctions and snap_tolerance > 0:
        t_part, t_along, t_node = _t_junctions(parts, length, u, v, node_xy, snap_tolerance)
        if vertex_junctions:  # a dangling end already joined at a shared vertex of that part
            n = np.int64(len(node_xy))
            done = np.isin(t_part * n + t_node, break_part[2] * n + break_node[2])
            t_part, t_along, t_node = t_part[~done], t_along[~done], t_node[~done]
        break_part.append(t_part)
        break_along.append(t_along)
        break_node.append(t_node)
    e_part, e_a0, e_a1, e_u, e_v, geometry = break_lines(
        parts, length, np.concatenate(break_part), np.concatenate(break_along), np.concatenate(break_node)
    )
    return RoadGraph(node_xy, e_u, e_v, e_a1 - e_a0, rows[e_part].astype(np.int64), geometry, n_rows)


def _t_junctions(
    parts: np.ndarray, length: np.ndarray, u: np.ndarray, v: np.ndarray, node_xy: np.ndarray, tolerance: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Break points where a dangling end (a node of one part only) lies within ``tolerance`` of
    another part's interior: ``(part, along, node)``, the nearest such part per end."""
    degree = np.bincount(u, minlength=len(node_xy)) + np.bincount(v, minlength=len(node_xy))
    dangling = np.flatnonzero(degree == 1)
    empty = np.empty(0, dtype=np.int64)
    if len(dangling) == 0:
        return empty, np.empty(0), empty
    points = shapely.points(node_xy[dangling])
    hit_point, hit_part = shapely.STRtree(parts).query(points, predicate="dwithin", distance=tolerance)
    dnode = dangling[hit_point]
    own = (u[hit_part] == dnode) | (v[hit_part] == dnode)
    hit_part, dnode, hit_point = hit_part[~own], dnode[~own], hit_point[~own]
    along = shapely.line_locate_point(parts[hit_part], points[hit_point])
    inner = (along > tolerance) & (along < length[hit_part] - tolerance)
    hit_part, dnode, along = hit_part[inner], dnode[inner], along[inner]
    if len(dnode) == 0:
        return empty, np.empty(0), empty
    # A dangling end touches one segment once: keep its nearest hit.
    dist = shapely.distance(parts[hit_part], shapely.points(node_xy[dnode]))
    order = np.lexsort((dist, dnode))
    keep = np.ones(len(order), dtype=bool)
    keep[1:] = dnode[order][1:] != dnode[order][:-1]
    sel = order[keep]
    return hit_part[sel], along[sel], dnode[sel]
