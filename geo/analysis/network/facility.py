"""Network distance from points to the nearest facility (school, clinic …) along the roads."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.analysis.network.attach import attach_nearest
from geo.analysis.network.graph import RoadGraph


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
