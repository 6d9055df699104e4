"""The road network the connectivity indicators share: one graph per dataset, gap texts, details.

The graph (:mod:`geo.analysis.network`, built once and cached on the context) has nodes at
segment ends and edges weighted by length; an indicator selects a subgraph by a predicate on the
segments (hardened, two-lane, grade 3) and asks which points reach their seat through it
(:func:`geo.analysis.network.reach_through`). Used by :mod:`geo.analysis.indicators.roads`
(villages), :mod:`geo.analysis.indicators.road_grades` (townships) and
:mod:`geo.analysis.indicators.relocation` (schools and clinics along roads).

Which crossings are junctions is the ``vertex_junctions`` parameter of each network indicator
(default on): lines sharing an interior vertex meet there (the OpenStreetMap convention), lines
crossing without one are bridges and stay apart; one graph is cached per convention.

Seats (township and county) count as on a road when a qualifying segment passes within
``max(access_distance_m, 500 m)``: seat coordinates are often the government building,
set back from the road.

``details`` of the network indicators (:func:`reach_details`) is a GeoDataFrame in EPSG:4490, one
row per measured point (natural village, village seat or township seat) with ``reached``,
``ok_within_access``, ``nearest_ok_m``, ``need_m``, ``new_road_m``, ``cost_yuan`` and two more
geometry columns (EPSG:4490): ``route``, a MultiLineString of the road to upgrade and the new
road (empty where nothing is needed), and ``access``, the point where that work starts on the
village side (the village itself when a new road reaches it), which every drawn route touches.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.context import Context
from geo.analysis.network.graph import DEFAULT_VERTEX_JUNCTIONS, RoadGraph, build_graph
from geo.analysis.network.reach import Reach
from geo.core.crs import STORAGE_EPSG
from geo.core.layer_names import ROADS
from geo.core.targets import Target
from geo.text.i18n import ByLang
from geo.text.templates import render_both

SEAT_ACCESS_M = 500.0  # a seat is on a road when one passes within max(access distance, this)
_GRAPH_KEY = "_road_network_cache"
NO_SUBJECT = ByLang("", "")


def road_network(
    ctx: Context, *, vertex_junctions: bool = DEFAULT_VERTEX_JUNCTIONS
) -> tuple[gpd.GeoDataFrame, RoadGraph]:
    """The roads layer (metric CRS, positional index) and its graph, built once per context and
    junction convention (``vertex_junctions``: lines sharing an interior vertex meet there, see
    :data:`~geo.analysis.network.graph.DEFAULT_VERTEX_JUNCTIONS`)."""
    roads = ctx.metric(ROADS)
    cache = vars(ctx).setdefault(_GRAPH_KEY, {})
    cached = cache.get(bool(vertex_junctions))
    if cached is not None and cached[0] is roads:
        return cached[1], cached[2]
    frame = roads.reset_index(drop=True)
    graph = build_graph(frame.geometry.to_numpy(), vertex_junctions=bool(vertex_junctions))
    cache[bool(vertex_junctions)] = (roads, frame, graph)
    return frame, graph


def junctions_param(target: Target) -> bool:
    """The target's ``vertex_junctions`` parameter (default :data:`DEFAULT_VERTEX_JUNCTIONS`)."""
    return bool(target.params.get("vertex_junctions", DEFAULT_VERTEX_JUNCTIONS))


def lower_text(values: pd.Series) -> pd.Series:
    """Text values stripped and lower-cased (surface, class and kind codes compare alike)."""
    return values.astype("string").str.strip().str.lower()


def storage_points(ctx: Context, geoms: np.ndarray) -> gpd.GeoSeries:
    """Metric geometries back in the storage CRS (EPSG:4490), for gap rows and details."""
    return gpd.GeoSeries(geoms, crs=ctx.crs).to_crs(STORAGE_EPSG)


def reach_rows(reach: Reach, rows: np.ndarray, cost_per_km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Metres to upgrade, metres of new road and their cost (yuan) of the ``rows`` of a reach."""
    need = reach.need_m[rows]
    new = reach.new_road_m[rows]
    total = need + new
    return need, new, total / 1000.0 * cost_per_km


def road_term(key: str, **fields: object) -> ByLang:
    """A catalogue word of the road texts (gap.road.term.<key>) in both languages."""
    zh, en = render_both(f"gap.road.term.{key}", n=1, **fields)
    return ByLang(zh[0], en[0])


def network_gap_text(
    reach: Reach,
    rows: np.ndarray,
    point_seat: np.ndarray,
    *,
    access_m: float,
    what: ByLang,
    verb: ByLang,
    seat: ByLang,
    cost: np.ndarray,
    subject: ByLang = NO_SUBJECT,
) -> tuple[ByLang, ByLang]:
    """The problem (「300 米内没有硬化路…」) and what it takes (「需硬化 … 米，约 … 万元」) of the points
    not reached, both languages; each indicator's reason template puts them together.

    ``subject`` opens the problems about the point itself (「村委会」), not the one about its
    seat (「乡镇驻地 500 米内没有…」), which names the seat."""
    seat_cut = ~reach.seat_ok[np.maximum(point_seat[rows], 0)] | (point_seat[rows] < 0)
    problem = np.where(seat_cut, "seat_cut", np.where(reach.ok_within[rows], "island", "none"))
    problem_zh, problem_en = render_both(
        np.strings.add("gap.road.reach.", problem),
        access=f"{access_m:g}",
        seat_access=f"{SEAT_ACCESS_M:g}",
        what=what,
        seat=seat,
        nearest=reach.nearest_ok_m[rows],
        subject=subject,
    )
    need, new = reach.need_m[rows], reach.new_road_m[rows]
    has_route = np.isfinite(need)
    variant = np.select(
        [~has_route, (need > 0) & (new > 0), need > 0, new > 0],
        ["no_route", "route_new", "route", "new_only"],
        "junction",  # a route of 0 m: the village's road crosses the network without a junction
    )
    need_zh, need_en = render_both(np.strings.add("gap.road.need.", variant), verb=verb, need=need, new=new, cost=cost)
    return ByLang(problem_zh, problem_en), ByLang(need_zh, need_en)


def reach_details(
    ctx: Context, frame: pd.DataFrame, points: np.ndarray, reach: Reach, cost: np.ndarray
) -> gpd.GeoDataFrame:
    """``details`` of a network indicator: ``frame`` per measured point with the reach columns and the route."""
    out = gpd.GeoDataFrame(
        frame.reset_index(drop=True), geometry=storage_points(ctx, points).to_numpy(), crs=STORAGE_EPSG
    )
    out["reached"] = reach.reached
    out["ok_within_access"] = reach.ok_within
    out["nearest_ok_m"] = reach.nearest_ok_m
    out["need_m"] = reach.need_m
    out["new_road_m"] = reach.new_road_m
    out["cost_yuan"] = cost
    for column, values in (("route", reach.geometry), ("access", reach.access)):
        out[column] = gpd.GeoSeries(
            gpd.GeoSeries(values, crs=ctx.crs).to_crs(STORAGE_EPSG).to_numpy(), crs=STORAGE_EPSG
        )
    return out
