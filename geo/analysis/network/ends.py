"""Where a route ends on the village side, chosen by its total cost including the new road.

After a Dijkstra from a seat's sources (``dist`` per node, ``rate`` per metre of each edge),
the cheapest way to finish the route at each point is the cheapest of three kinds of *end*:

* **near**: any reached edge within the access distance of the point (no new road), reached
  at the point's projection on it (the virtual split of :mod:`~geo.analysis.network.attach`).
  When the search reaches one, the cheapest near end is the route: the village stands on that
  road, and what it needs is that road upgraded, not a new one;
* **far**, only for points without a near end: any reached edge farther away, plus a straight
  new road from the point to its projection (``reach_m`` = that distance). Every reached edge
  nearer than the cheapest one found so far is tried, so a distant free road beats a nearer
  one needing upgrade only when it is really cheaper, new road included;
* **bridge**, for the same points: a road the point stands on (its *link*: an edge within the
  access distance, or its nearest edge when none is that close) that is not connected to the
  seat's network at all — e.g. a hardened road crossing the trunk without a junction. The new
  road is measured from the nearest point of that link to a reached edge (``gap_m``, 0 where
  they cross), not from the point, and the link is upgraded from there to the point's
  projection on it.

Total cost = network cost to the end + ``gap_m`` + rate × metres along the link + ``reach_m``
(the new road costs what the same length of upgrade costs); ties go to the lowest edge id, then
the lowest link id, so the choice does not depend on the order of the input rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import shapely

from geo.analysis.network.attach import Attachment, attach_nearest, attach_pairs, attach_within, cost_through
from geo.analysis.network.graph import FREE_RATE, RoadGraph


@dataclass(frozen=True)
class Ends:
    """Route ends, one row per (point, candidate) or, after :func:`cheapest_ends`, per point.

    ``edge`` is the reached edge the network path ends on, ``along`` the metres along it where
    the route leaves it and ``end`` the node of that edge the path comes through; ``cost`` the
    total cost. ``link`` is the bridged edge (−1 for a near or far end), ``link_at`` the metres
    along it where the new road lands and ``at`` the metres along the edge the point attaches
    to (``edge`` or ``link``) of its projection; ``offset`` the distance from the point to that
    projection; ``gap_m`` the new road between the reached edge and the link, ``reach_m`` the
    new road from the point to its projection (0 within the access distance).
    """

    point: np.ndarray
    edge: np.ndarray
    along: np.ndarray
    end: np.ndarray
    cost: np.ndarray
    link: np.ndarray
    link_at: np.ndarray
    at: np.ndarray
    offset: np.ndarray
    gap_m: np.ndarray
    reach_m: np.ndarray
    edge_free: np.ndarray

    def __len__(self) -> int:
        return len(self.point)

    def subset(self, mask: np.ndarray) -> Ends:
        """Rows where ``mask`` is true (or at the given positions)."""
        return Ends(*(getattr(self, f)[mask] for f in _FIELDS))

    @property
    def fallback(self) -> np.ndarray:
        """Whether each end is a far or bridge end (needs new road), not a near one."""
        return (self.reach_m > 0) | (self.link >= 0)

    @property
    def attachment(self) -> Attachment:
        """The ends as attachments to the reached edge (what :func:`build_routes` walks back from)."""
        return Attachment(self.point, self.edge, self.along, self.offset)


_FIELDS = ("point", "edge", "along", "end", "cost", "link", "link_at", "at", "offset", "gap_m", "reach_m", "edge_free")

# Whether an edge is free for a point although not ok: (points, edges) → mask (pairwise); the
# edges of its seat's link to the ok network (see :mod:`~geo.analysis.network.sources`).
FreeFor = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _cost_at(
    graph: RoadGraph, att: Attachment, dist: np.ndarray, rate: np.ndarray, free_for: FreeFor | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cost of reaching each attached spot (:func:`~geo.analysis.network.attach.cost_through`),
    the node it is reached through, and whether its edge is free for the point."""
    r = rate[att.edge]
    linked = free_for(att.point, att.edge) if free_for is not None and len(att) else np.zeros(len(att), dtype=bool)
    cost, end = cost_through(graph, att, dist, np.where(linked, 0.0, r), per_row=True)
    return cost, end, linked | (r <= FREE_RATE)


def _concat(parts: list[Ends]) -> Ends:
    return Ends(*(np.concatenate([getattr(p, f) for p in parts]) for f in _FIELDS))


def _direct(
    graph: RoadGraph, att: Attachment, dist: np.ndarray, rate: np.ndarray, access: float, free_for: FreeFor | None
) -> Ends:
    """Near and far ends: the route reaches the point's projection on a reached edge."""
    cost, end, free = _cost_at(graph, att, dist, rate, free_for)
    reach_m = np.where(att.offset > access, att.offset, 0.0)
    n = len(att)
    return Ends(
        att.point,
        att.edge,
        att.along,
        end,
        cost + reach_m,
        np.full(n, -1, dtype=np.int64),
        np.zeros(n),
        att.along,
        att.offset,
        np.zeros(n),
        reach_m,
        free,
    )


def cheapest_ends(ends: Ends) -> Ends:
    """Per point, the end with the lowest finite cost, near ends first (ties: lowest edge, then link)."""
    finite = ends.subset(np.isfinite(ends.cost))
    order = np.lexsort((finite.link, finite.edge, finite.cost, finite.fallback, finite.point))
    first = np.ones(len(order), dtype=bool)
    first[1:] = finite.point[order][1:] != finite.point[order][:-1]
    return finite.subset(order[first])


def _best(ends: Ends, n_points: int) -> np.ndarray:
    best = np.full(n_points, np.inf)
    np.minimum.at(best, ends.point, ends.cost)
    return best


def route_ends(
    graph: RoadGraph,
    rows: np.ndarray,
    point_xy: np.ndarray,
    near_all: Attachment,
    links: Attachment,
    dist: np.ndarray,
    rate: np.ndarray,
    access: float,
    free_for: FreeFor | None = None,
) -> Ends:
    """The chosen end of each point of ``rows`` after a search with node distances ``dist``.

    ``near_all`` are the (point, edge) pairs within the access distance and ``links`` the
    roads off the seat's network each point stands on (both computed once per indicator);
    ``free_for`` tells which other edges need no upgrade for a point (its seat's link).
    A reached near end wins; only points without one are offered far and bridge ends.
    Points that no search reached are left out.
    """
    n_points = len(point_xy)
    reached_node = np.isfinite(dist[: graph.n_nodes])
    reachable = reached_node[graph.edge_u] | reached_node[graph.edge_v]
    near = _direct(graph, near_all.subset(np.isin(near_all.point, rows)), dist, rate, access, free_for)
    near = near.subset(np.isfinite(near.cost))
    rest = np.setdiff1d(rows, near.point)
    if len(rest) == 0 or not reachable.any():
        return cheapest_ends(near)
    nearest = _nearest_reachable(graph, point_xy, rest, reachable)
    parts = [near, _direct(graph, nearest, dist, rate, access, free_for)]
    # Far ends: every reached edge nearer than the best total cost so far.
    bound = _best(parts[1], n_points)
    wide = rest[np.isfinite(bound[rest])]
    far = attach_within(graph, point_xy[wide], bound[wide], edge_mask=reachable, cache=False)
    far = Attachment(wide[far.point], far.edge, far.along, far.offset)
    parts.append(_direct(graph, far, dist, rate, access, free_for))
    np.minimum.at(bound, parts[-1].point, parts[-1].cost)
    mine = links.subset(np.isin(links.point, rest) & ~reachable[links.edge])
    if len(mine):
        parts.append(_bridges(graph, mine, dist, rate, access, reachable, bound, free_for))
    return cheapest_ends(_concat(parts))


def _nearest_reachable(graph: RoadGraph, point_xy: np.ndarray, rows: np.ndarray, reachable: np.ndarray) -> Attachment:
    """The nearest reachable edge of every point of ``rows`` (ties: lowest edge id).

    First on the cached tree of all edges: where a nearest edge (any of equally near ones) is
    reachable, the nearest reachable edges are exactly those; a tree of the reachable edges
    only for the rest.
    """
    tree, ids = graph.tree(None)
    points = shapely.points(point_xy[rows])
    point, item = tree.query_nearest(points, all_matches=True)
    edge = ids[item]
    hit = reachable[edge]
    first = np.full(len(rows), -1, dtype=np.int64)
    if hit.any():
        order = np.lexsort((edge[hit], point[hit]))
        p_hit, e_hit = point[hit][order], edge[hit][order]
        lead = np.ones(len(p_hit), dtype=bool)
        lead[1:] = p_hit[1:] != p_hit[:-1]
        first[p_hit[lead]] = e_hit[lead]
    done = first >= 0
    att = attach_pairs(graph, points, np.flatnonzero(done), first[done])
    found = [Attachment(rows[att.point], att.edge, att.along, att.offset)]
    if (~done).any():
        rest = rows[~done]
        far = attach_nearest(graph, point_xy[rest], edge_mask=reachable, cache=False)
        found.append(Attachment(rest[far.point], far.edge, far.along, far.offset))
    return Attachment(*(np.concatenate([getattr(a, f) for a in found]) for f in ("point", "edge", "along", "offset")))


def _bridges(
    graph: RoadGraph,
    links: Attachment,
    dist: np.ndarray,
    rate: np.ndarray,
    access: float,
    reachable: np.ndarray,
    bound: np.ndarray,
    free_for: FreeFor | None,
) -> Ends:
    """Bridge ends: a new road from each link's nearest point to a reached edge, then along the link.

    Every reached edge within the point's best total cost so far (less its own new road to the
    link) is tried; the new road joins the nearest points of the two lines
    (``shapely.shortest_line``).
    """
    reach_m = np.where(links.offset > access, links.offset, 0.0)
    radius = bound[links.point] - reach_m
    keep = np.isfinite(radius) & (radius >= 0)
    links, reach_m, radius = links.subset(keep), reach_m[keep], radius[keep]
    tree, ids = graph.tree(reachable, cache=False)
    k, item = tree.query(graph.edge_geometry[links.edge], predicate="dwithin", distance=radius)
    edge = ids[item]
    other = edge != links.edge[k]
    k, edge = k[other], edge[other]
    line = shapely.shortest_line(graph.edge_geometry[links.edge[k]], graph.edge_geometry[edge])
    on_link, on_edge = shapely.get_point(line, 0), shapely.get_point(line, 1)
    gap = shapely.length(line)
    link_at = shapely.line_locate_point(graph.edge_geometry[links.edge[k]], on_link)
    att = Attachment(links.point[k], edge, shapely.line_locate_point(graph.edge_geometry[edge], on_edge), gap)
    cost, end, free = _cost_at(graph, att, dist, rate, free_for)
    along_link = np.abs(links.along[k] - link_at)
    return Ends(
        att.point,
        edge,
        att.along,
        end,
        cost + gap + rate[links.edge[k]] * along_link + reach_m[k],
        links.edge[k],
        link_at,
        links.along[k],
        links.offset[k],
        gap,
        reach_m[k],
        free,
    )
