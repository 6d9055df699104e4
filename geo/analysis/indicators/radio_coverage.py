"""Radio coverage of points by cell sites: within the site's radius and, over a DEM, in line of sight.

A cell site *covers* a point when the point is within the site's nominal ``radius_m`` and, when
the target's ``line_of_sight`` parameter is true and the dataset has a DEM, the straight line
from the antenna (``antenna_height_m`` above ground) to a receiver ``receiver_height_m`` above
ground clears the terrain (:func:`geo.analysis.terrain.line_of_sight`: exact over the bilinear
DEM, with the 4/3 effective earth radius of radio planning). Why terrain: in hill counties the radius alone counts valleys behind a ridge as
covered, which is exactly where complaints come from.

Coverage is computed with a cKDTree over the receivers queried with every site's own radius
(the fastest measured variant), then line of sight is tested in rounds: each receiver's nearest
in-radius site first, the next one only for receivers still uncovered, so most receivers cost
one sight line.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from geo.analysis.context import Context
from geo.analysis.terrain import Surface, line_of_sight
from geo.core.layer_names import DEM

DEFAULT_RECEIVER_HEIGHT_M = 1.5
_SURFACE_KEY = "_dem_surface_cache"


@dataclass(frozen=True)
class Coverage:
    """Per receiver: covered, by which site, and why not.

    ``site`` is the covering site (nearest visible in-radius one; −1 if none);
    ``in_radius`` whether any site's radius reaches it; ``blocked`` in radius of at least one
    site but none visible; ``blocking_site`` the nearest in-radius site when blocked;
    ``nearest_site`` / ``nearest_m`` the nearest site at all and its distance (m).
    """

    covered: np.ndarray
    site: np.ndarray
    in_radius: np.ndarray
    blocked: np.ndarray
    blocking_site: np.ndarray
    nearest_site: np.ndarray
    nearest_m: np.ndarray


def coverage(
    receiver_xy: np.ndarray,
    receiver_height: float,
    site_xy: np.ndarray,
    site_height: np.ndarray,
    site_radius: np.ndarray,
    surface: Surface | None,
) -> Coverage:
    """Which receivers are covered by at least one site (radius, and line of sight when ``surface``).

    Pairs (site, receiver) within the site's radius come from ``cKDTree.query_ball_point`` with
    per-site radii. Without a surface a receiver is covered when any pair exists. With one,
    pairs are ranked by distance per receiver and tested round by round (round k tests the k-th
    nearest in-radius site of every receiver not yet covered), so the sight-line work is about
    one line per receiver.
    """
    receiver_xy = np.asarray(receiver_xy, dtype=float).reshape(-1, 2)
    site_xy = np.asarray(site_xy, dtype=float).reshape(-1, 2)
    n, s = len(receiver_xy), len(site_xy)
    covered = np.zeros(n, dtype=bool)
    site = np.full(n, -1, dtype=np.int64)
    in_radius = np.zeros(n, dtype=bool)
    blocking = np.full(n, -1, dtype=np.int64)
    nearest_site = np.full(n, -1, dtype=np.int64)
    nearest_m = np.full(n, np.inf)
    if n == 0 or s == 0:
        return Coverage(covered, site, in_radius, np.zeros(n, dtype=bool), blocking, nearest_site, nearest_m)
    nearest_m, nearest_site = cKDTree(site_xy).query(receiver_xy, k=1)
    nearest_site = np.asarray(nearest_site, dtype=np.int64)
    radius = np.nan_to_num(np.asarray(site_radius, dtype=float), nan=0.0)
    hits = cKDTree(receiver_xy).query_ball_point(site_xy, r=radius)
    counts = np.fromiter((len(h) for h in hits), dtype=np.int64, count=s)
    recv = np.fromiter(itertools.chain.from_iterable(hits), dtype=np.int64, count=int(counts.sum()))
    pair_site = np.repeat(np.arange(s), counts)
    if len(recv) == 0:
        return Coverage(covered, site, in_radius, np.zeros(n, dtype=bool), blocking, nearest_site, nearest_m)
    dist = np.hypot(receiver_xy[recv, 0] - site_xy[pair_site, 0], receiver_xy[recv, 1] - site_xy[pair_site, 1])
    order = np.lexsort((pair_site, dist, recv))
    recv, pair_site, dist = recv[order], pair_site[order], dist[order]
    first = np.ones(len(recv), dtype=bool)
    first[1:] = recv[1:] != recv[:-1]
    in_radius[recv] = True
    blocking[recv[first]] = pair_site[first]
    if surface is None:
        covered[recv[first]] = True
        site[recv[first]] = pair_site[first]
        return Coverage(
            covered, site, in_radius, np.zeros(n, dtype=bool), np.full(n, -1, dtype=np.int64), nearest_site, nearest_m
        )
    start = np.flatnonzero(first)
    rank = np.arange(len(recv)) - np.repeat(start, np.diff(np.append(start, len(recv))))
    heights = np.nan_to_num(np.asarray(site_height, dtype=float), nan=0.0)
    by_rank = np.argsort(rank, kind="stable")  # pairs of round k are one slice: no full scan per round
    bounds = np.searchsorted(rank[by_rank], np.arange(int(rank.max()) + 2))
    for k in range(int(rank.max()) + 1):
        rows = by_rank[bounds[k] : bounds[k + 1]]
        rows = rows[~covered[recv[rows]]]
        if len(rows) == 0:
            continue
        visible = line_of_sight(
            site_xy[pair_site[rows]], heights[pair_site[rows]], receiver_xy[recv[rows]], receiver_height, surface
        )
        won = rows[visible]
        covered[recv[won]] = True
        site[recv[won]] = pair_site[won]
    blocked = in_radius & ~covered
    return Coverage(covered, site, in_radius, blocked, np.where(blocked, blocking, -1), nearest_site, nearest_m)


def dem_surface(ctx: Context) -> Surface | None:
    """The DEM prepared for sampling in the analysis CRS (cached on the context), or None."""
    dem = ctx.dataset.rasters.get(DEM)
    if dem is None:
        return None
    cached = vars(ctx).get(_SURFACE_KEY)
    if cached is not None and cached[0] is dem:
        return cached[1]
    surface = Surface.from_grid(dem, ctx.crs)
    vars(ctx)[_SURFACE_KEY] = (dem, surface)
    return surface
