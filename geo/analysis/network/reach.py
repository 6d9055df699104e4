"""Which points are connected to their seat through ok edges, and the cheapest route for the others.

"Ok" is whatever the requirement is (hardened, two-lane …). A point is reached when a nearby ok
edge belongs to an ok component near its own seat; for the others a multi-source Dijkstra from
the seat's ok components, where ok edges are (almost) free and every other metre must be
upgraded, gives the metres to upgrade and the route (see :func:`reach_through`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

import numpy as np
import shapely

from geo.analysis.network.attach import Attachment, attach_nearest, attach_pairs, attach_within, cost_through
from geo.analysis.network.graph import RoadGraph, WeightedGraph
from geo.analysis.network.routes import build_routes

# Weight per metre of an edge that already meets the requirement (hardened, two-lane …):
# effectively free, but positive so that among routes of equal cost the shortest is chosen.
FREE_RATE = 1e-6
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
        att = attach_pairs(graph, missing_points, np.flatnonzero(done), first[done])
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
