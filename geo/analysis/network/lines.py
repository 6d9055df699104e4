"""Line arrays cut into graph edges: substrings, break points, and junctions at shared vertices.

Pure geometry on arrays of LineStrings (no graph): :mod:`~geo.analysis.network.graph` builds
its edges with :func:`break_lines` from the break points of every part (its two ends, the
T-junctions and, with the OpenStreetMap convention, the shared interior vertices of
:func:`shared_vertex_breaks`), and splits edges at attachment points the same way.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import shapely
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree


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
    cumulative = vertex_distances(coords, index, n)
    keep = (cumulative > start[index]) & (cumulative < end[index])
    p0 = shapely.get_coordinates(shapely.line_interpolate_point(lines, start))
    p1 = shapely.get_coordinates(shapely.line_interpolate_point(lines, end))
    owner = np.concatenate([np.arange(n), index[keep], np.arange(n)])
    order_key = np.concatenate([np.full(n, -1.0), cumulative[keep], np.full(n, np.inf)])
    xy = np.concatenate([p0, coords[keep], p1])
    order = np.lexsort((order_key, owner))
    return shapely.linestrings(xy[order], indices=owner[order])


def vertex_distances(coords: np.ndarray, index: np.ndarray, n: int) -> np.ndarray:
    """Distance of every vertex from its line's first vertex (``coords, index`` from
    ``shapely.get_coordinates(..., return_index=True)`` of ``n`` lines)."""
    step = np.hypot(np.diff(coords[:, 0]), np.diff(coords[:, 1]))
    step[index[1:] != index[:-1]] = 0.0
    cumulative = np.concatenate([[0.0], np.cumsum(step)])
    first = np.searchsorted(index, np.arange(n))
    present = first < len(index)
    offset = np.zeros(n)
    offset[present] = cumulative[first[present]]
    return cumulative - offset[index]


def shared_vertex_breaks(
    parts: np.ndarray, u: np.ndarray, v: np.ndarray, node_xy: np.ndarray, tolerance: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Junctions where lines share an *interior* vertex (the OpenStreetMap convention).

    An interior vertex of one part within ``tolerance`` of an interior vertex of another part,
    or of a node (segment end) that is not one of its own part's ends, is a junction: every
    such vertex becomes a break point of its part. Vertices that meet (pairs from a cKDTree
    query, grouped by connected components) share one node: an existing node when the group
    holds one, else a new node at the group's first vertex. Lines that merely cross (a bridge:
    no shared vertex) get no break.

    Returns ``(part, along, node, new_xy)``: break points (part index, metres along it, node
    id) and the coordinates of the new nodes, numbered after ``len(node_xy)``.
    """
    empty = np.empty(0, dtype=np.int64)
    n_parts, n_nodes = len(parts), len(node_xy)
    coords, owner = shapely.get_coordinates(parts, return_index=True)
    along = vertex_distances(coords, owner, n_parts)
    counts = np.bincount(owner, minlength=n_parts)
    position = np.arange(len(coords)) - np.concatenate([[0], np.cumsum(counts)[:-1]])[owner]
    interior = np.flatnonzero((position > 0) & (position < counts[owner] - 1))
    if len(interior) == 0:
        return empty, np.empty(0), empty, np.empty((0, 2))
    # Points 0…k−1 are the interior vertices, k… the nodes.
    k = len(interior)
    points = np.concatenate([coords[interior], node_xy])
    pairs = cKDTree(points).query_pairs(max(tolerance, 1e-9), output_type="ndarray")
    if len(pairs) == 0:
        return empty, np.empty(0), empty, np.empty((0, 2))
    pairs = np.sort(pairs, axis=1)  # a vertex first: (vertex, vertex) or (vertex, node)
    a, b = pairs[:, 0], pairs[:, 1]
    a_part = owner[interior[np.minimum(a, k - 1)]]
    b_is_node = b >= k
    b_part = owner[interior[np.minimum(b, k - 1)]]
    b_node = b - k
    own_end = b_is_node & ((u[a_part] == b_node) | (v[a_part] == b_node))
    meet = (a < k) & ~own_end & (b_is_node | (a_part != b_part))
    a, b = a[meet], b[meet]
    if len(a) == 0:
        return empty, np.empty(0), empty, np.empty((0, 2))
    graph = sp.coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(len(points), len(points)))
    _, group = connected_components(graph, directed=False)
    joined = np.zeros(len(points), dtype=bool)
    joined[a] = joined[b] = True
    vertex = np.flatnonzero(joined[:k])
    # A group's node: its smallest existing node if it holds one, else a new node.
    group_node = np.full(group.max() + 1, np.iinfo(np.int64).max, dtype=np.int64)
    nodes_in = np.flatnonzero(joined[k:])
    np.minimum.at(group_node, group[k + nodes_in], nodes_in)
    fresh = np.unique(group[vertex][group_node[group[vertex]] == np.iinfo(np.int64).max])
    group_node[fresh] = n_nodes + np.arange(len(fresh))
    first_vertex = np.full(group.max() + 1, k, dtype=np.int64)
    np.minimum.at(first_vertex, group[vertex], vertex)
    new_xy = points[first_vertex[fresh]]
    return owner[interior[vertex]], along[interior[vertex]], group_node[group[vertex]], new_xy


def break_lines(
    lines: np.ndarray, length: np.ndarray, part: np.ndarray, along: np.ndarray, node: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cut lines at break points into edges: ``(line, from, to, node_u, node_v, geometry)``.

    The break points (``part``, ``along``, ``node``) must include both ends of every line
    (along 0 and its length). Breaks are ordered by line, then distance (the end break sorts
    last even when another sits at the same distance); zero-length pieces are dropped; pieces
    that are whole lines keep their geometry, the others are cut with :func:`substrings`.
    """
    m = len(lines)
    is_end = np.zeros(len(part))
    is_end[m : 2 * m] = 1.0
    is_start = np.zeros(len(part))
    is_start[:m] = 1.0
    order = np.lexsort((is_end, -is_start, along, part))
    bp, ba, bn = part[order], along[order], node[order]
    same = bp[1:] == bp[:-1]
    e_part = bp[:-1][same]
    e_a0, e_a1 = ba[:-1][same], ba[1:][same]
    e_u, e_v = bn[:-1][same], bn[1:][same]
    keep = e_a1 > e_a0
    e_part, e_a0, e_a1, e_u, e_v = e_part[keep], e_a0[keep], e_a1[keep], e_u[keep], e_v[keep]
    whole = (e_a0 == 0) & (e_a1 == length[e_part])
    geometry = lines[e_part].copy()
    if (~whole).any():
        geometry[~whole] = substrings(lines[e_part[~whole]], e_a0[~whole], e_a1[~whole])
    return e_part, e_a0, e_a1, e_u.astype(np.int64), e_v.astype(np.int64), geometry
