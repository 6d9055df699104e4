"""Where the routes of each seat start: its ok network, or how a seat off that network joins it.

A seat with an ok edge within the seat distance starts from those ok components. A seat with
none (a township seat 535 m from the nearest two-lane road) first *joins the road network*: at
its projection on every road within the seat distance, or, when no road is that close, at the
nearest point of its nearest road, the straight line beyond being new road; the edges are split
there (:meth:`~geo.analysis.network.graph.RoadGraph.split`). From its join nodes it is then
*linked* to the ok network of the seats (the ok components near any seat) by the cheapest path
(one multi-source Dijkstra from that network for all such seats). Its villages' routes start
from the join nodes, the link and the ok component it reaches, and each carries the link's cost:
without it a village next to such a seat would need "0 m" although no two-lane road comes near
either. When no seat has an ok network, or none within the search limit, the seat's routes
start from its join nodes alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import shapely

from geo.analysis.network.attach import Attachment, attach_nearest, attach_within
from geo.analysis.network.graph import FREE_RATE, RoadGraph, WeightedGraph
from geo.analysis.network.routes import SeatLink, path_edges, trace_paths


@dataclass(frozen=True)
class Sources:
    """The search graph and where each seat's routes start.

    ``graph`` is the road graph, split where seats off the ok network join it, with a planned
    edge (``planned``: new road) to each seat farther than the seat distance from every road
    (``ok``, ``rate`` and ``weighted`` over its edges); ``comp_keys`` are ``seat · n_labels + label`` of
    each seat's ok components, ``node_keys`` ``seat · n_nodes + node`` of the join and link
    nodes of seats off the ok network, ``link`` per seat what joins it to the ok network and
    ``link_edge_keys`` ``seat · n_edges + edge`` of the edges on it.
    """

    graph: RoadGraph
    ok: np.ndarray
    planned: np.ndarray
    rate: np.ndarray
    weighted: WeightedGraph
    labels: np.ndarray
    n_labels: int
    comp_keys: np.ndarray
    node_keys: np.ndarray
    link: SeatLink
    link_edge_keys: np.ndarray

    def free_for(self, point_seat: np.ndarray) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
        """Whether an edge is on the link of a point's seat (it is upgraded with the link, so
        the point's own route takes it as free): ``(points, edges) → mask``."""
        keys, n_edges = self.link_edge_keys, np.int64(self.graph.n_edges)
        return lambda point, edge: np.isin(point_seat[point] * n_edges + edge, keys)

    def nodes(self, seats: np.ndarray | None = None) -> np.ndarray:
        """All source nodes (of ``seats``, default every seat)."""
        comp_keys, node_keys = self.comp_keys, self.node_keys
        if seats is not None:
            comp_keys = comp_keys[np.isin(comp_keys // self.n_labels, seats)]
            node_keys = node_keys[np.isin(node_keys // self.graph.n_nodes, seats)]
        comps = np.flatnonzero(np.isin(self.labels, comp_keys % self.n_labels))
        return np.union1d(comps, node_keys % self.graph.n_nodes)

    def owns(self, seat: np.ndarray, node: np.ndarray) -> np.ndarray:
        """Whether ``node`` is one of ``seat``'s sources (pairwise)."""
        by_comp = np.isin(seat * np.int64(self.n_labels) + self.labels[node], self.comp_keys)
        return by_comp | np.isin(seat * np.int64(self.graph.n_nodes) + node, self.node_keys)


def seat_sources(
    graph: RoadGraph,
    ok: np.ndarray,
    seat_xy: np.ndarray,
    seat_ok: np.ndarray,
    seat_att: Attachment,
    seats: np.ndarray,
    seat_distance: float,
    max_route_m: float,
) -> Sources:
    """The sources of ``seats`` (``seat_att``: their ok edges within the seat distance)."""
    n_seats = len(seat_xy)
    off = seats[~seat_ok[seats]]
    # A node of each seat's ok edges: split nodes are numbered after the existing ones, so it
    # keeps its id in the split graph (edge ids do not).
    seat_node = graph.edge_u[seat_att.edge]
    join_seat = np.empty(0, dtype=np.int64)
    join_node = np.empty(0, dtype=np.int64)
    planned = np.zeros(graph.n_edges, dtype=bool)
    if len(off):
        within = attach_within(graph, seat_xy[off], seat_distance)
        lone = np.setdiff1d(np.arange(len(off)), within.point)
        nearest = attach_nearest(graph, seat_xy[off[lone]])
        point = np.concatenate([within.point, lone[nearest.point]])
        far = np.concatenate([np.zeros(len(within), dtype=bool), nearest.offset > seat_distance])
        graph, join_node, parent = graph.split(
            np.concatenate([within.edge, nearest.edge]), np.concatenate([within.along, nearest.along])
        )
        ok = ok[parent]
        join_seat = off[point]
        # A seat farther than the seat distance from every road: a new road from the nearest
        # point of its nearest road to the seat, a planned edge its routes start from.
        graph, seat_end, spur = graph.with_spurs(join_node[far], seat_xy[join_seat[far]])
        join_node[far] = seat_end
        ok = np.concatenate([ok, np.zeros(len(spur), dtype=bool)])
        planned = np.zeros(graph.n_edges, dtype=bool)
        planned[spur] = True
    rate = np.where(ok, FREE_RATE, 1.0)
    weighted = graph.weighted(rate)
    labels = graph.components(ok)
    n_labels = int(labels.max()) + 1 if len(labels) else 1
    comp_keys = np.unique(seat_att.point * np.int64(n_labels) + labels[seat_node])
    link = SeatLink(
        np.zeros(n_seats), np.zeros(n_seats), np.full(n_seats, None, dtype=object), np.full((n_seats, 2), np.nan)
    )
    node_keys = join_seat * np.int64(graph.n_nodes) + join_node
    link_edge_keys = np.empty(0, dtype=np.int64)
    if len(off):
        extra_comps, extra_nodes, link_edge_keys = _link(
            graph, weighted, ok, planned, labels, comp_keys, n_labels, join_seat, join_node, max_route_m, link
        )
        comp_keys = np.union1d(comp_keys, extra_comps)
        node_keys = np.union1d(node_keys, extra_nodes)
    # A node in one of its seat's components is a source through the component already.
    node_seat, node = node_keys // graph.n_nodes, node_keys % graph.n_nodes
    node_keys = node_keys[~np.isin(node_seat * np.int64(n_labels) + labels[node], comp_keys)]
    return Sources(
        graph,
        ok,
        planned,
        rate,
        weighted,
        labels,
        n_labels,
        comp_keys,
        np.unique(node_keys),
        link,
        np.unique(link_edge_keys),
    )


def _link(
    graph: RoadGraph,
    weighted: WeightedGraph,
    ok: np.ndarray,
    planned: np.ndarray,
    labels: np.ndarray,
    comp_keys: np.ndarray,
    n_labels: int,
    join_seat: np.ndarray,
    join_node: np.ndarray,
    max_route_m: float,
    link: SeatLink,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Link every seat off the ok network to the seats' ok network by its cheapest path.

    Fills ``link`` (per seat: metres to upgrade, new road, geometry, the join node where it
    starts) and returns the component keys, node keys and edge keys the linked seats gain: the
    ok component reached, every node on the path and its edges to upgrade.
    """
    empty = np.empty(0, dtype=np.int64)
    network = np.unique(comp_keys % n_labels)
    if len(network) == 0:
        return empty, empty, empty
    dist, pred, origin = weighted.dijkstra(np.flatnonzero(np.isin(labels, network)), limit=max_route_m)
    cost = dist[join_node]
    order = np.lexsort((join_node, cost, join_seat))
    first = np.ones(len(order), dtype=bool)
    first[1:] = join_seat[order][1:] != join_seat[order][:-1]
    best = order[first]
    best = best[np.isfinite(cost[best])]
    if len(best) == 0:
        return empty, empty, empty
    seat, start = join_seat[best], join_node[best]
    route, node = trace_paths(pred, start)
    r_idx, e_idx, _ = path_edges(weighted, route, node)
    bad = ~ok[e_idx]
    new = planned[e_idx]
    length = graph.edge_length[e_idx]
    link.need_m[seat] = np.bincount(r_idx[bad & ~new], weights=length[bad & ~new], minlength=len(seat))
    link.new_m[seat] = np.bincount(r_idx[new], weights=length[new], minlength=len(seat))
    link.start[seat] = graph.node_xy[start]
    if bad.any():
        owners, dense = np.unique(r_idx[bad], return_inverse=True)  # walking order is by route
        link.geometry[seat[owners]] = shapely.multilinestrings(graph.edge_geometry[e_idx[bad]], indices=dense)
    comps = seat * np.int64(n_labels) + labels[origin[start]]
    nodes = seat[route] * np.int64(graph.n_nodes) + node
    return comps, nodes, seat[r_idx[bad]] * np.int64(graph.n_edges) + e_idx[bad]
