"""Which points are connected to their seat through ok edges, and the cheapest route for the others.

"Ok" is whatever the requirement is (hardened, two-lane …). A point is reached when a nearby ok
edge belongs to an ok component near its own seat; for the others a multi-source Dijkstra from
the seat's sources, where ok edges are (almost) free and every other metre must be upgraded,
gives the metres to upgrade and the route (see :func:`reach_through`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

import numpy as np

from geo.analysis.network.attach import Attachment, attach_nearest, attach_within
from geo.analysis.network.ends import Ends, route_ends
from geo.analysis.network.graph import RoadGraph, WeightedGraph
from geo.analysis.network.routes import Routes, build_routes
from geo.analysis.network.sources import Sources, seat_sources

# Routes are searched up to this many metres to upgrade; beyond it a village needs a new plan,
# not a longer list (and the bound keeps each search local).
MAX_ROUTE_M = 30_000.0
# Search a seat's private ok components without its shared ones (see _own_seat_routes). False
# searches every part on the whole graph: the plain method, same answers, kept for the tests.
CUT_SHARED_COMPONENTS = True


@dataclass(frozen=True)
class Reach:
    """Which points are connected to their group's seat through ``ok`` edges, and what it would take.

    Per point: ``reached``; ``ok_within`` (an ok edge lies within the access distance, connected
    or not: when it is not, the nearby ok road is an island); ``nearest_ok_m`` (straight-line
    distance to the nearest ok edge, NaN if none); ``need_m`` metres of existing non-ok road on
    the cheapest route (0 when reached, NaN when no road leads there); ``new_road_m`` metres of
    new road on it (the point's own connection when the road is farther than the access
    distance, a bridge to a road off the network, the seat's connection when the seat is
    farther than the seat distance from every road; 0 otherwise); ``geometry`` the route
    (MultiLineString of the road to upgrade and the new road); ``access`` where its work starts
    on the village side (see :class:`~geo.analysis.network.routes.Routes`). ``seat_ok`` per
    seat: whether an ok edge lies within the seat distance.
    """

    reached: np.ndarray
    ok_within: np.ndarray
    nearest_ok_m: np.ndarray
    need_m: np.ndarray
    new_road_m: np.ndarray
    geometry: np.ndarray
    seat_ok: np.ndarray
    access: np.ndarray


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

    For every other point, the cheapest route is found with a multi-source Dijkstra over the
    whole network where ok edges cost ``FREE_RATE`` per metre and every other edge its length:
    the distance is the metres to upgrade. A seat's sources are its nearby ok components; a
    seat with none joins the network where it is nearest every road within the seat distance,
    or, when no road is that close, at the nearest point of its nearest road (the edge is split
    there and the straight line to the seat is new road). The route ends where its total cost,
    new road included, is lowest (see :mod:`~geo.analysis.network.ends`). If the nearest source
    belongs to another seat (a seat whose ok network is separate from its neighbours'), the
    search is repeated from that point's own seat (see :func:`_own_seat_routes`). Routes
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
    access = np.full(n, None, dtype=object)
    todo = np.flatnonzero(~reached & (point_seat >= 0))
    if routes and len(todo) and graph.n_edges:
        seats = np.unique(point_seat[todo])
        sources = seat_sources(graph, ok, seat_xy, seat_ok, seat_att, seats, seat_distance, max_route_m)
        for ends, built in _routes(sources, point_xy, point_seat, todo, access_distance, max_route_m):
            need_m[ends.point] = built.need_m
            new_road_m[ends.point] = built.new_m
            geometry[ends.point] = built.geometry
            access[ends.point] = built.access
    return Reach(reached, ok_within, nearest_ok_m, need_m, new_road_m, geometry, seat_ok, access)


def _links(
    src: Sources, near_all: Attachment, point_xy: np.ndarray, point_seat: np.ndarray, todo: np.ndarray
) -> Attachment:
    """The roads off each point's seat network that it stands on: edges within the access
    distance, or its nearest edge when none is that close, in another network component than
    every source of its seat (see :mod:`~geo.analysis.network.ends`, bridge ends)."""
    graph = src.graph
    whole = graph.components()
    n_whole = np.int64(whole.max() + 1)
    comp_node = np.zeros(src.n_labels, dtype=np.int64)
    comp_node[src.labels] = np.arange(len(src.labels))  # a node of every ok component
    seat_whole = np.concatenate(
        [
            (src.comp_keys // src.n_labels) * n_whole + whole[comp_node[src.comp_keys % src.n_labels]],
            (src.node_keys // graph.n_nodes) * n_whole + whole[src.node_keys % graph.n_nodes],
        ]
    )
    lone = np.setdiff1d(todo, near_all.point)
    nearest = attach_nearest(graph, point_xy[lone])
    links = Attachment(
        np.concatenate([near_all.point, lone[nearest.point]]),
        np.concatenate([near_all.edge, nearest.edge]),
        np.concatenate([near_all.along, nearest.along]),
        np.concatenate([near_all.offset, nearest.offset]),
    )
    off = ~np.isin(point_seat[links.point] * n_whole + whole[graph.edge_u[links.edge]], seat_whole)
    return links.subset(off)


def _routes(
    src: Sources,
    point_xy: np.ndarray,
    point_seat: np.ndarray,
    todo: np.ndarray,
    access_distance: float,
    max_route_m: float,
) -> Iterator[tuple[Ends, Routes]]:
    """The cheapest route of every point of ``todo`` from its own seat, in groups ``(ends, routes)``;
    a later group overwrites a point's route."""
    graph, rate, weighted = src.graph, src.rate, src.weighted
    near_all = attach_within(graph, point_xy[todo], access_distance)
    near_all = Attachment(todo[near_all.point], near_all.edge, near_all.along, near_all.offset)
    links = _links(src, near_all, point_xy, point_seat, todo)
    dist, pred, origin = weighted.dijkstra(src.nodes(), limit=max_route_m)
    free_for = src.free_for(point_seat)
    ends = route_ends(graph, todo, point_xy, near_all, links, dist, rate, access_distance, free_for)
    own = src.owns(point_seat[ends.point], np.maximum(origin[ends.end], 0))
    groups: Iterable[tuple[Ends, np.ndarray]] = [(ends.subset(own), pred)]
    if (~own).any():
        # A generator: each group's routes are built before the next search (one
        # predecessor array alive at a time).
        groups = chain(
            groups,
            _own_seat_routes(
                src,
                weighted,
                point_xy,
                ends.point[~own],
                point_seat,
                near_all,
                links,
                rate,
                access_distance,
                max_route_m,
            ),
        )
    for group, pred_k in groups:
        if len(group):
            link = src.link[point_seat[group.point]]
            yield group, build_routes(graph, weighted, pred_k, group, src.ok, point_xy, seat=link, planned=src.planned)


def _own_seat_routes(
    src: Sources,
    weighted: WeightedGraph,
    point_xy: np.ndarray,
    rows: np.ndarray,
    point_seat: np.ndarray,
    near_all: Attachment,
    links: Attachment,
    rate: np.ndarray,
    access_distance: float,
    max_route_m: float,
) -> Iterator[tuple[Ends, np.ndarray]]:
    """Routes of ``rows`` from their own seat's sources only, as one search from all of them would choose.

    The distance from a union of sources is the minimum of the distances from its parts, and
    the end is chosen among every reached edge (a near end if any part reaches one, else by
    total cost), so the answer of the union is the best of the parts' answers, compared the
    same way: a near end beats a fallback, then the lower cost wins. Each seat's components are split into *private* ones (near
    that seat only: one bounded Dijkstra per seat, with the join nodes of a seat off the ok
    network) and *shared* ones (near several seats, e.g. the county trunk: one Dijkstra per
    component for all the seats that share it, not one per seat). The parts are searched in
    turn; after each, the points it serves more cheaply than every part before it are yielded
    with that search's predecessors, so the last group yielded for a point is its best part
    (ties: the earlier part).

    A private part is searched on the graph *without the nodes of its seat's shared
    components* ("cut" search). Without the cut every private search floods the whole free
    trunk network and 30 km around it: at province scale ~0.3 s per seat instead of a few
    milliseconds. The answer is the same: a cheapest path from the private part that passes
    through a cut component C is dearer than its own tail from C, and that tail is in the
    shared search of C, so the part loses those points either way; ends reached without
    passing through C cost the same in both graphs.
    """
    graph = src.graph
    seats = np.unique(point_seat[rows])
    seat_of_key, comp_of_key = src.comp_keys // src.n_labels, src.comp_keys % src.n_labels
    mine = np.isin(seat_of_key, seats)
    comp_count = np.bincount(comp_of_key, minlength=src.n_labels)
    shared_key = comp_count[comp_of_key] > 1
    # (source nodes, seats allowed to use them, shared components cut from the search)
    parts: list[tuple[np.ndarray, np.ndarray, tuple[int, ...]]] = []
    for seat in seats:
        own = seat_of_key == seat
        private = np.flatnonzero(np.isin(src.labels, comp_of_key[own & ~shared_key]))
        joins = src.node_keys[src.node_keys // graph.n_nodes == seat] % graph.n_nodes
        nodes = np.union1d(private, joins)
        if len(nodes):
            cut = tuple(np.unique(comp_of_key[own & shared_key]).tolist()) if CUT_SHARED_COMPONENTS else ()
            parts.append((nodes, np.array([seat]), cut))
    for comp in np.unique(comp_of_key[mine & shared_key]):
        parts.append((np.flatnonzero(src.labels == comp), seat_of_key[(comp_of_key == comp) & mine], ()))
    cut_graphs: dict[tuple[int, ...], WeightedGraph] = {(): weighted}

    def search_graph(cut: tuple[int, ...]) -> WeightedGraph:
        if cut not in cut_graphs:
            cut_graphs[cut] = weighted.without_nodes(np.isin(src.labels, np.array(cut, dtype=src.labels.dtype)))
        return cut_graphs[cut]

    best_fallback = np.ones(len(point_xy), dtype=bool)
    best_cost = np.full(len(point_xy), np.inf)
    for nodes, allowed, cut in parts:
        users = rows[np.isin(point_seat[rows], allowed)]
        dist, pred, _ = search_graph(cut).dijkstra(nodes, limit=max_route_m)
        ends = route_ends(
            graph, users, point_xy, near_all, links, dist, rate, access_distance, src.free_for(point_seat)
        )
        p, fallback = ends.point, ends.fallback
        better = (~fallback & best_fallback[p]) | ((fallback == best_fallback[p]) & (ends.cost < best_cost[p]))
        best_fallback[p[better]] = fallback[better]
        best_cost[p[better]] = ends.cost[better]
        if better.any():
            yield ends.subset(better), pred
