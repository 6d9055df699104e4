"""Attaching points (villages, seats, facilities) to the road graph's edges.

A point is attached to the nearest edge (Shapely ``STRtree.query_nearest``) or to every edge
within a distance (bbox query + exact distance, the faster variant at these radii), at its
*projection* on the edge (``line_locate_point``), i.e. the edge is split virtually there: the
cost of reaching the point is ``min(d[u] + rate·along, d[v] + rate·(length − along))`` from the
Dijkstra distances ``d`` of the edge's two nodes. We chose the exact split over "attach to the
nearer end point plus the residual" because the latter overstates what must be paved by up to
a whole segment (a village beside the middle of a 2 km track would be charged for 1 km it does
not need) and can pick the wrong end. The split is evaluated in closed form, so the graph is
never rebuilt per point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from geo.analysis.network.graph import RoadGraph


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


def attach_pairs(graph: RoadGraph, points: np.ndarray, point: np.ndarray, edge: np.ndarray) -> Attachment:
    """Attach ``points[point]`` to the given edges (one row per pair): projection and distance."""
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
        return attach_pairs(
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
    att = attach_pairs(graph, points, point[first], edge[first])
    if max_distance is not None:
        att = att.subset(att.offset <= max_distance)
    return att


def attach_within(
    graph: RoadGraph,
    xy: np.ndarray,
    distance: float | np.ndarray,
    *,
    edge_mask: np.ndarray | None = None,
    cache: bool = True,
) -> Attachment:
    """Every (point, masked edge) pair with the edge within ``distance`` (m, scalar or per point).

    A bbox query with boxes of side 2·distance followed by an exact distance test (the
    measured faster variant of ``STRtree.query(predicate="dwithin")``); ``cache=False`` for a
    one-off mask.
    """
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    if len(xy) == 0 or (edge_mask is not None and not np.any(edge_mask)) or graph.n_edges == 0:
        return attach_pairs(
            graph, shapely.points(np.empty((0, 2))), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        )
    d = np.broadcast_to(np.asarray(distance, dtype=float), (len(xy),))
    tree, ids = graph.tree(edge_mask, cache=cache)
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
    graph: RoadGraph, att: Attachment, dist: np.ndarray, rate: np.ndarray | float, *, per_row: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Cost of reaching each attached point from the Dijkstra distances of the edge's nodes.

    Formula (the virtual split at the projection): ``min(dist[u] + r·along, dist[v] + r·(L −
    along))`` with ``r`` the rate per metre of that edge (``rate`` per edge, or per attachment
    row with ``per_row``). Returns the cost and the node (``u`` or ``v``) through which it is
    reached.
    """
    if per_row:
        r = np.broadcast_to(np.asarray(rate, dtype=float), (len(att),))
    else:
        r = np.broadcast_to(np.asarray(rate, dtype=float), (graph.n_edges,))[att.edge]
    u, v = graph.edge_u[att.edge], graph.edge_v[att.edge]
    via_u = dist[u] + r * att.along
    via_v = dist[v] + r * (graph.edge_length[att.edge] - att.along)
    use_u = via_u <= via_v
    return np.where(use_u, via_u, via_v), np.where(use_u, u, v)
