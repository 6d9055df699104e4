"""Routes rebuilt from Dijkstra predecessors: the edges to upgrade and their geometry.

Routes are rebuilt for all points at once (one numpy step per hop for every route still
walking) and turned into MultiLineStrings of the edges to upgrade, plus the part of the
attaching edge up to the projection point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from geo.analysis.network.attach import Attachment
from geo.analysis.network.graph import RoadGraph, WeightedGraph, substrings


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
