"""Routes rebuilt from Dijkstra predecessors: the road to upgrade, the new road, and their geometry.

Routes are rebuilt for all points at once (one numpy step per hop for every route still
walking) and turned into MultiLineStrings of the pieces of work: the edges to upgrade, the part
of the reached edge up to where the route leaves it, a bridged link, and the new roads (bridge
gap, the point's own connection, the seat's), so that a drawn route always reaches its village.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from geo.analysis.network.ends import Ends
from geo.analysis.network.graph import RoadGraph, WeightedGraph
from geo.analysis.network.lines import substrings


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


def path_edges(
    weighted: WeightedGraph, route: np.ndarray, node: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges between consecutive nodes of the routes from :func:`trace_paths` (virtual edges dropped):
    ``(route, edge, node)`` in walking order, ``node`` being the edge's end nearer the route's start."""
    if len(route) < 2:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty
    same = route[1:] == route[:-1]
    a, b, r = node[:-1][same], node[1:][same], route[:-1][same]
    edge = weighted.lookup(a, b)
    real = edge >= 0
    return r[real], edge[real], a[real]


@dataclass(frozen=True)
class SeatLink:
    """What joins a seat to the ok network, per seat (or per route): metres to upgrade, metres of
    new road, the geometry (MultiLineString, ``None`` when nothing) and the (x, y) where it
    starts at the seat (NaN when nothing)."""

    need_m: np.ndarray
    new_m: np.ndarray
    geometry: np.ndarray
    start: np.ndarray

    def __getitem__(self, rows: np.ndarray) -> SeatLink:
        return SeatLink(self.need_m[rows], self.new_m[rows], self.geometry[rows], self.start[rows])


@dataclass(frozen=True)
class Routes:
    """Routes, one per requested end.

    ``need_m`` are the metres of existing road that do not meet the requirement (to be paved,
    widened …): edges on the path, the part of the reached edge up to where the route leaves
    it and the part of a bridged link; ``new_m`` the metres of new road (bridge gap, the
    point's own connection and the seat's). ``geometry`` is a MultiLineString of exactly those
    pieces (``None`` when there is nothing to do); ``access`` the point where that work starts
    on the village side (the village itself when a new road reaches it, else where its road
    meets the first piece to upgrade), ``None`` with the geometry.
    """

    need_m: np.ndarray
    new_m: np.ndarray
    geometry: np.ndarray
    access: np.ndarray
    edges: tuple[np.ndarray, np.ndarray]  # (route index, edge id) of every edge on the path


def _segments(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Straight LineStrings from points ``a`` to points ``b`` ((k, 2) arrays)."""
    return shapely.linestrings(np.stack([a, b], axis=1))


def build_routes(
    graph: RoadGraph,
    weighted: WeightedGraph,
    pred: np.ndarray,
    ends: Ends,
    ok: np.ndarray,
    point_xy: np.ndarray,
    *,
    seat: SeatLink | None = None,
    planned: np.ndarray | None = None,
) -> Routes:
    """Reconstruct, for each end (:mod:`~geo.analysis.network.ends`), the route from its source.

    ``ok`` is the edge mask of edges that need no upgrade, ``point_xy`` the points the ends
    belong to, ``seat`` per end what joins its seat to the ok network (added to every route of
    that seat's points); ``planned`` marks edges that are new road to build, not road to upgrade.
    """
    n = len(ends)
    route, node = trace_paths(pred, ends.end)
    r_idx, e_idx, a_idx = path_edges(weighted, route, node)
    bad = ~ok[e_idx]
    planned = np.zeros(graph.n_edges, dtype=bool) if planned is None else planned
    upgrade, build = bad & ~planned[e_idx], planned[e_idx]
    need = np.bincount(r_idx[upgrade], weights=graph.edge_length[e_idx[upgrade]], minlength=n)
    path_new = np.bincount(r_idx[build], weights=graph.edge_length[e_idx[build]], minlength=n)
    # The part of the reached edge from the end node to where the route leaves it.
    edge, geom = ends.edge, graph.edge_geometry
    from_u = ends.end == graph.edge_u[edge]
    a0 = np.where(from_u, 0.0, ends.along)
    a1 = np.where(from_u, ends.along, graph.edge_length[edge])
    partial = ~ends.edge_free & (a1 > a0)
    # The part of a bridged link between the new road and the point's projection.
    bridged = ends.link >= 0
    link = np.maximum(ends.link, 0)
    l0, l1 = np.minimum(ends.at, ends.link_at), np.maximum(ends.at, ends.link_at)
    on_link = bridged & ~ok[link] & (l1 > l0)
    partial_m = np.where(partial, a1 - a0, 0.0)
    need = need + np.where(planned[edge], 0.0, partial_m) + np.where(on_link, l1 - l0, 0.0)
    new = path_new + np.where(planned[edge], partial_m, 0.0) + ends.gap_m + ends.reach_m
    attach_line = np.where(bridged, geom[link], geom[edge])
    projection = shapely.get_coordinates(shapely.line_interpolate_point(attach_line, ends.at))
    leave = shapely.get_coordinates(shapely.line_interpolate_point(geom[edge], ends.along))
    landing = shapely.get_coordinates(shapely.line_interpolate_point(geom[link], ends.link_at))
    # Pieces in order from the village to the seat: (route, piece, where the work starts on it).
    village = ends.reach_m > 0
    gap = bridged & (ends.gap_m > 0)
    first_bad = np.ones(int(bad.sum()), dtype=bool)
    first_bad[1:] = r_idx[bad][1:] != r_idx[bad][:-1]
    pieces = [
        (
            np.flatnonzero(village),
            _segments(point_xy[ends.point[village]], projection[village]),
            point_xy[ends.point[village]],
        ),
        (np.flatnonzero(on_link), substrings(geom[link[on_link]], l0[on_link], l1[on_link]), projection[on_link]),
        (np.flatnonzero(gap), _segments(landing[gap], leave[gap]), landing[gap]),
        (np.flatnonzero(partial), substrings(geom[edge[partial]], a0[partial], a1[partial]), leave[partial]),
        (r_idx[bad], geom[e_idx[bad]], np.full((int(bad.sum()), 2), np.nan)),
    ]
    pieces[-1][2][first_bad] = graph.node_xy[a_idx[bad][first_bad]]
    if seat is not None:
        parts, owner = shapely.get_parts(seat.geometry, return_index=True)
        pieces.append((owner, parts, seat.start[owner].reshape(-1, 2)))
        need = need + seat.need_m
        new = new + seat.new_m
    pr = np.concatenate([p[0] for p in pieces]).astype(np.int64)
    pg = np.concatenate([p[1] for p in pieces])
    start = np.concatenate([p[2] for p in pieces])
    rank = np.concatenate([np.full(len(p[0]), k) for k, p in enumerate(pieces)])
    geometry = np.full(n, None, dtype=object)
    access = np.full(n, None, dtype=object)
    if len(pr):
        order = np.lexsort((rank, pr))
        pr, pg, start = pr[order], pg[order], start[order]
        owners, lead, dense = np.unique(pr, return_index=True, return_inverse=True)
        geometry[owners] = shapely.multilinestrings(pg, indices=dense)
        access[owners] = shapely.points(start[lead])
    return Routes(need, new, geometry, access, (r_idx, e_idx))
