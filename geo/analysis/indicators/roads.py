"""Rural roads (农村公路): connectivity on the road *network*, not straight-line distance.

All four indicators work on one road graph per dataset (:mod:`geo.analysis.network`, built once and
cached on the context): nodes at segment ends, edges weighted by length, subgraphs selected by
a predicate on the segments.

* ``road.hardened_natural_villages`` — larger natural villages reached by hardened road
  (较大人口规模自然村通硬化路). *Larger*: ``households ≥ min_households`` or
  ``population ≥ min_population``. *Reached*: a hardened segment (surface in
  ``hardened_surfaces``) within ``access_distance_m`` of the village belongs to a hardened
  component that also passes within the seat distance of the village's own township seat::

      share(unit) = larger natural villages reached / larger natural villages

  For each village not reached: the cheapest route from the seat's hardened network to the
  village (multi-source Dijkstra where hardened segments are free and every other metre
  counts), its unhardened metres ``need_m`` (what must be hardened, including the part of the
  last segment up to the point nearest the village), a straight-line new road when no road
  comes within the access distance, and ``cost_yuan = (need_m + new_road_m) / 1000 ×
  cost_yuan_per_km``.

* ``road.double_lane_admin_villages`` — admin villages reached from the township seat by
  two-lane road (建制村通双车道): the same rule at the village seat (village committee, else its
  largest natural village) with two-lane segments (``lanes ≥ min_lanes`` or
  ``width_m ≥ min_width_m``); routes give the metres to widen.

* ``road.county_roads_grade3`` — share of county-road length at technical grade 1…max_grade
  (县道三级及以上里程比例)::

      share = Σ length(admin_class = county, 1 ≤ tech_grade ≤ max_grade) / Σ length(admin_class = county)

  per township (segments assigned by their midpoint) and county; one gap row per
  substandard county-road segment with its length and upgrade cost.

* ``road.township_grade3_access`` — townships whose seat connects to the county seat
  through segments of grade 1…max_grade (乡镇通三级及以上公路). The county seat is the township
  flagged ``is_county_seat`` where that column exists, else the most populous subdistrict
  (街道), else the most populous township; with several counties in one dataset (the first 6
  digits of ``town_code``), one per county.

Why the *own* township seat: the plans speak of connecting a village to its township
(通乡镇); in real networks the seats share one hardened trunk, so this rarely differs from
"any seat", but a township whose seat is cut off is then visible as such.

Seats (township and county) count as on a road when a qualifying segment passes within
``max(access_distance_m, 500 m)``: seat coordinates are often the government building,
set back from the road.

``details`` of the network indicators is a GeoDataFrame in EPSG:4490, one row per measured
point (natural village or village seat) with ``reached``, the distances and metres above, and
a second geometry column ``route`` (EPSG:4490, MultiLineString of what must be upgraded;
empty where nothing is needed).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.analysis.context import Context, numbers
from geo.analysis.gap_rows import empty_gaps, target_gaps
from geo.analysis.network import Reach, RoadGraph, build_graph, reach_through
from geo.analysis.result import IndicatorFunction, IndicatorResult
from geo.analysis.rollup import empty_units, share_rollup
from geo.core.crs import STORAGE_EPSG
from geo.core.targets import Target
from geo.text.formatters import fmt_int, km

HARDENED_SURFACES = ("asphalt", "cement")
SEAT_ACCESS_M = 500.0  # a seat is on a road when one passes within max(access distance, this)
DEFAULT_GRADE3_COST_YUAN_PER_KM = 3_000_000.0  # upgrade to grade 3 (targets.toml: road_county_grade3_2025)
GRADE_ZH = {0: "等外", 1: "一级", 2: "二级", 3: "三级", 4: "四级"}
CLASS_ZH = {"county": "县道", "township": "乡道", "village": "村道", "other": "其他道路"}
_GRAPH_KEY = "_road_network_cache"


# --- shared helpers ---------------------------------------------------------------------------


def road_network(ctx: Context) -> tuple[gpd.GeoDataFrame, RoadGraph]:
    """The roads layer (metric CRS, positional index) and its graph, built once per context."""
    roads = ctx.metric("roads")
    cached = vars(ctx).get(_GRAPH_KEY)
    if cached is not None and cached[0] is roads:
        return cached[1], cached[2]
    frame = roads.reset_index(drop=True)
    graph = build_graph(frame.geometry.to_numpy())
    vars(ctx)[_GRAPH_KEY] = (roads, frame, graph)
    return frame, graph


def _text(values: pd.Series) -> pd.Series:
    return values.astype("string").str.strip().str.lower()


def wan_yuan(yuan: np.ndarray | pd.Series) -> pd.Series:
    """Yuan as 万元 text with one decimal, e.g. ``62.5`` (``—`` for missing)."""
    series = pd.Series(np.asarray(yuan, dtype=float) / 1e4)
    finite = np.isfinite(series)
    return series.where(finite, 0.0).round(1).astype("string").mask(~finite, "—")


def _storage_points(ctx: Context, geoms: np.ndarray) -> gpd.GeoSeries:
    return gpd.GeoSeries(geoms, crs=ctx.crs).to_crs(STORAGE_EPSG)


def _town_index(ctx: Context, town_codes: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Township seats (metric xy, in ``ctx.town_seats`` order) and each row's seat index (−1 = unknown)."""
    seats = ctx.town_seats
    xy = shapely.get_coordinates(seats.to_numpy())
    position = pd.Series(np.arange(len(seats)), index=seats.index.astype("string"))
    index = town_codes.astype("string").map(position).fillna(-1).astype(np.int64).to_numpy()
    return xy, index


def _reach_rows(reach: Reach, rows: np.ndarray, cost_per_km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    need = reach.need_m[rows]
    new = reach.new_road_m[rows]
    total = need + new
    return need, new, total / 1000.0 * cost_per_km


def _network_gap_text(
    reach: Reach,
    rows: np.ndarray,
    point_seat: np.ndarray,
    *,
    access_m: float,
    what_zh: str,
    what_en: str,
    verb_zh: str,
    verb_en: str,
    seat_zh: str,
    cost: np.ndarray,
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Plain-language reason and need for points not reached (vectorized string building)."""
    ok_within = pd.Series(reach.ok_within[rows])
    seat_cut = pd.Series(~reach.seat_ok[np.maximum(point_seat[rows], 0)] | (point_seat[rows] < 0))
    nearest = km(reach.nearest_ok_m[rows])
    access = f"{access_m:g}"
    reason_zh = pd.Series(
        np.where(
            ok_within,
            f"{access} 米内的{what_zh}为孤立路段，未连通{seat_zh}",
            (f"{access} 米内没有{what_zh}（最近的{what_zh}距 " + nearest + " 公里）").to_numpy(),
        ),
        dtype="string",
    )
    reason_zh = reason_zh.mask(seat_cut, f"{seat_zh} {SEAT_ACCESS_M:g} 米内没有{what_zh}，所属区域无法经{what_zh}连通")
    reason_en = pd.Series(
        np.where(
            ok_within,
            f"the {what_en} within {access} m is an island, not connected to the seat",
            f"no {what_en} within {access} m",
        ),
        dtype="string",
    )
    reason_en = reason_en.mask(seat_cut, f"the seat has no {what_en} within {SEAT_ACCESS_M:g} m")
    need = pd.Series(reach.need_m[rows])
    new = pd.Series(reach.new_road_m[rows])
    has_route = np.isfinite(need)
    need_zh = (f"需{verb_zh} " + fmt_int(need) + " 米，约 " + wan_yuan(cost) + " 万元").astype("string")
    need_zh = need_zh.mask(
        has_route & (new > 0),
        f"需{verb_zh} " + fmt_int(need) + " 米并新建道路约 " + fmt_int(new) + " 米，约 " + wan_yuan(cost) + " 万元",
    )
    need_zh = need_zh.mask(~has_route, "道路网络中没有可连通的路线，需规划新建道路")
    reason_zh = reason_zh + "；" + need_zh
    reason_en = reason_en + pd.Series(
        np.where(has_route, f"; {verb_en} " + fmt_int(need) + " m", "; no route on the network"), dtype="string"
    )
    return reason_zh, reason_en, need_zh


def _details(ctx: Context, frame: pd.DataFrame, points: np.ndarray, reach: Reach, cost: np.ndarray) -> gpd.GeoDataFrame:
    out = gpd.GeoDataFrame(
        frame.reset_index(drop=True), geometry=_storage_points(ctx, points).to_numpy(), crs=STORAGE_EPSG
    )
    out["reached"] = reach.reached
    out["ok_within_access"] = reach.ok_within
    out["nearest_ok_m"] = reach.nearest_ok_m
    out["need_m"] = reach.need_m
    out["new_road_m"] = reach.new_road_m
    out["cost_yuan"] = cost
    out["route"] = gpd.GeoSeries(reach.geometry, crs=ctx.crs).to_crs(STORAGE_EPSG).to_numpy()
    out["route"] = gpd.GeoSeries(out["route"], crs=STORAGE_EPSG)
    return out


def _severity(population: np.ndarray) -> np.ndarray:
    """0.5 for a village of a few people, rising to 1 at 500 people (bigger villages first)."""
    return 0.5 + 0.5 * np.clip(np.nan_to_num(population, nan=0.0) / 500.0, 0.0, 1.0)


# --- road.hardened_natural_villages -------------------------------------------------------------


def hardened_natural_villages(ctx: Context, target: Target) -> IndicatorResult:
    """Share of larger natural villages connected by hardened road to their township seat.

    share = reached larger natural villages / larger natural villages (count), per natural
    village, admin village, township and county; see the module docstring for *reached* and
    for the route and cost of every village not reached.
    """
    p = target.params
    min_hh, min_pop = int(p.get("min_households", 30)), int(p.get("min_population", 100))
    access = float(p.get("access_distance_m", 300))
    surfaces = tuple(str(s).lower() for s in p.get("hardened_surfaces", HARDENED_SURFACES))
    cost_per_km = float(p.get("cost_yuan_per_km", 500_000))
    if not ctx.has("natural_villages"):
        return IndicatorResult(empty_units(), empty_gaps(), notes=["没有自然村数据 / no natural villages"])
    nv = ctx.metric("natural_villages").reset_index(drop=True)
    households, population = numbers(nv["households"], 0.0), numbers(nv["population"], 0.0)
    larger = ((households >= min_hh) | (population >= min_pop)).to_numpy()
    nv = nv[larger].reset_index(drop=True)
    households, population = households[larger].reset_index(drop=True), population[larger].reset_index(drop=True)
    if len(nv) == 0:
        return IndicatorResult(
            empty_units(), empty_gaps(), notes=[f"没有较大人口规模自然村（{min_hh} 户或 {min_pop} 人以上）"]
        )
    codes = nv["village_code"].astype("string")
    seat_xy, point_seat = _town_index(ctx, codes.map(ctx.villages["town_code"]))
    points = nv.geometry.to_numpy()
    if ctx.has("roads"):
        roads, graph = road_network(ctx)
        ok = graph.edge_mask(_text(roads["surface"]).isin(surfaces).fillna(False).to_numpy())
    else:
        graph, ok = build_graph(np.empty(0, dtype=object)), np.zeros(0, dtype=bool)
    reach = reach_through(
        graph,
        ok,
        seat_xy,
        shapely.get_coordinates(points),
        point_seat,
        access_distance=access,
        seat_distance=max(access, SEAT_ACCESS_M),
    )
    need, new, cost = _reach_rows(reach, np.arange(len(nv)), cost_per_km)

    measured = pd.DataFrame(
        {
            "village_code": codes,
            "nv_id": nv["nv_id"].astype("string"),
            "name": nv["name"].astype("string"),
            "reached": reach.reached.astype(float),
            "one": 1.0,
            "population": population,
        }
    )
    units = share_rollup(
        measured,
        ctx,
        target,
        numerator="reached",
        denominator="one",
        feature=("natural_village", "nv_id", "name"),
        population="population",
    )

    gap = np.flatnonzero(~reach.reached)
    reason_zh, reason_en, need_zh = _network_gap_text(
        reach,
        gap,
        point_seat,
        access_m=access,
        what_zh="硬化路",
        what_en="hardened road",
        verb_zh="硬化",
        verb_en="harden",
        seat_zh="乡镇驻地",
        cost=cost[gap],
    )
    rows = pd.DataFrame(
        {
            "feature_id": nv["nv_id"].astype("string").to_numpy()[gap],
            "name": nv["name"].astype("string").to_numpy()[gap],
            "village_code": codes.to_numpy()[gap],
            "reason_zh": reason_zh.to_numpy(),
            "reason_en": reason_en.to_numpy(),
            "value": 0.0,
            "need_zh": need_zh.to_numpy(),
            "need_amount": np.round(need[gap] + new[gap], 0),
            "need_unit": "米（需硬化）",
            "cost_yuan": np.round(cost[gap], -2),
            "population_affected": population.to_numpy()[gap],
            "severity": _severity(population.to_numpy()[gap]),
        }
    )
    gaps = target_gaps(ctx, target, rows, _storage_points(ctx, points[gap]), layer="natural_villages")
    details = _details(
        ctx,
        pd.DataFrame(
            {
                "nv_id": nv["nv_id"].astype("string"),
                "name": nv["name"].astype("string"),
                "village_code": codes,
                "households": households,
                "population": population,
            }
        ),
        points,
        reach,
        cost,
    )
    notes = [
        f"较大人口规模自然村 {len(nv)} 个（{min_hh} 户或 {min_pop} 人以上），通硬化路 {int(reach.reached.sum())} 个；"
        f"未通的需硬化约 {np.nansum(need[gap] + new[gap]) / 1000:.1f} 公里，约 {np.nansum(cost[gap]) / 1e4:.0f} 万元"
    ]
    return IndicatorResult(units, gaps, details, notes)


# --- road.double_lane_admin_villages -------------------------------------------------------------


def double_lane_admin_villages(ctx: Context, target: Target) -> IndicatorResult:
    """Share of admin villages whose seat is connected to the township seat by two-lane road.

    Two-lane segment: ``lanes ≥ min_lanes`` or ``width_m ≥ min_width_m``. share = reached
    villages / villages (count) per admin village, township and county; routes give the
    metres to widen and ``cost = metres / 1000 × cost_yuan_per_km``.
    """
    p = target.params
    min_lanes, min_width = int(p.get("min_lanes", 2)), float(p.get("min_width_m", 6.5))
    access = float(p.get("access_distance_m", 500))
    cost_per_km = float(p.get("cost_yuan_per_km", 1_200_000))
    villages = ctx.villages.reset_index(drop=True)
    if len(villages) == 0:
        return IndicatorResult(empty_units(), empty_gaps(), notes=["没有行政村数据 / no admin villages"])
    codes = villages["village_code"].astype("string")
    seats = ctx.village_seats.reindex(codes.to_numpy())
    points = seats.to_numpy()
    seat_xy, point_seat = _town_index(ctx, villages["town_code"])
    if ctx.has("roads"):
        roads, graph = road_network(ctx)
        lanes = numbers(roads["lanes"], 0.0)
        width = numbers(roads["width_m"], 0.0) if "width_m" in roads else pd.Series(0.0, index=roads.index)
        ok = graph.edge_mask(((lanes >= min_lanes) | (width >= min_width)).to_numpy())
    else:
        graph, ok = build_graph(np.empty(0, dtype=object)), np.zeros(0, dtype=bool)
    reach = reach_through(
        graph,
        ok,
        seat_xy,
        shapely.get_coordinates(points),
        point_seat,
        access_distance=access,
        seat_distance=max(access, SEAT_ACCESS_M),
    )
    need, new, cost = _reach_rows(reach, np.arange(len(villages)), cost_per_km)
    measured = pd.DataFrame({"village_code": codes, "reached": reach.reached.astype(float), "one": 1.0})
    units = share_rollup(measured, ctx, target, numerator="reached", denominator="one")

    gap = np.flatnonzero(~reach.reached)
    reason_zh, reason_en, need_zh = _network_gap_text(
        reach,
        gap,
        point_seat,
        access_m=access,
        what_zh="双车道公路",
        what_en="two-lane road",
        verb_zh="改建为双车道",
        verb_en="widen",
        seat_zh="乡镇驻地",
        cost=cost[gap],
    )
    population = numbers(villages["population"], 0.0).to_numpy()
    rows = pd.DataFrame(
        {
            "feature_id": codes.to_numpy()[gap],
            "name": villages["name"].astype("string").to_numpy()[gap],
            "village_code": codes.to_numpy()[gap],
            "reason_zh": ("村委会" + reason_zh).to_numpy(),
            "reason_en": reason_en.to_numpy(),
            "value": 0.0,
            "need_zh": need_zh.to_numpy(),
            "need_amount": np.round(need[gap] + new[gap], 0),
            "need_unit": "米（需改建双车道）",
            "cost_yuan": np.round(cost[gap], -2),
            "population_affected": population[gap],
            "severity": _severity(population[gap]),
        }
    )
    gaps = target_gaps(ctx, target, rows, _storage_points(ctx, points[gap]), layer="admin_villages")
    details = _details(
        ctx,
        pd.DataFrame(
            {
                "village_code": codes,
                "name": villages["name"].astype("string"),
                "town_code": villages["town_code"].astype("string"),
                "population": population,
            }
        ),
        points,
        reach,
        cost,
    )
    notes = [
        f"建制村 {len(villages)} 个，通双车道 {int(reach.reached.sum())} 个；"
        f"未通的需改建约 {np.nansum(need[gap] + new[gap]) / 1000:.1f} 公里，约 {np.nansum(cost[gap]) / 1e4:.0f} 万元"
    ]
    return IndicatorResult(units, gaps, details, notes)


# --- road.county_roads_grade3 --------------------------------------------------------------------


def _grade_ok(roads: pd.DataFrame, max_grade: int) -> np.ndarray:
    grade = numbers(roads["tech_grade"], 0.0).to_numpy()
    return (grade >= 1) & (grade <= max_grade)


def _midpoint_towns(ctx: Context, lines: np.ndarray) -> pd.Series:
    """Township of each line by its midpoint (STRtree ``contains``; nearest township when outside all)."""
    towns = ctx.metric("townships")
    mid = shapely.line_interpolate_point(lines, 0.5, normalized=True)
    tree = shapely.STRtree(mid)
    town_pos, line_pos = tree.query(towns.geometry.to_numpy(), predicate="contains")
    out = np.full(len(lines), -1, dtype=np.int64)
    order = np.lexsort((town_pos, line_pos))
    first = np.ones(len(order), dtype=bool)
    first[1:] = line_pos[order][1:] != line_pos[order][:-1]
    out[line_pos[order][first]] = town_pos[order][first]
    outside = np.flatnonzero(out < 0)
    if len(outside):
        near = shapely.STRtree(towns.geometry.to_numpy()).query_nearest(mid[outside], all_matches=False)
        out[outside[near[0]]] = near[1]
    codes = towns["town_code"].astype("string").to_numpy()
    return pd.Series(np.where(out >= 0, codes[np.maximum(out, 0)], None), dtype="string")


def county_roads_grade3(ctx: Context, target: Target) -> IndicatorResult:
    """Share of county-road length at technical grade 1…max_grade, per township and county.

    share = Σ length(county, 1 ≤ grade ≤ max_grade) / Σ length(county), lengths in metres in
    the Gauss-Krüger CRS; a segment counts for the township that contains its midpoint. Gap
    rows: each substandard county-road segment, cost = length / 1000 × cost_yuan_per_km.
    """
    max_grade = int(target.params.get("max_grade", 3))
    cost_per_km = float(target.params.get("cost_yuan_per_km", DEFAULT_GRADE3_COST_YUAN_PER_KM))
    if not ctx.has("roads"):
        return IndicatorResult(empty_units(), empty_gaps(), notes=["没有道路数据 / no roads"])
    roads = ctx.metric("roads").reset_index(drop=True)
    county = (_text(roads["admin_class"]) == "county").fillna(False).to_numpy()
    roads = roads[county].reset_index(drop=True)
    if len(roads) == 0:
        return IndicatorResult(empty_units(), empty_gaps(), notes=["数据中没有县道 / no county roads in the data"])
    lines = roads.geometry.to_numpy()
    length = shapely.length(lines)
    ok = _grade_ok(roads, max_grade)
    town = _midpoint_towns(ctx, lines)
    measured = pd.DataFrame({"town_code": town, "ok_m": np.where(ok, length, 0.0), "length_m": length})
    units = share_rollup(measured, ctx, target, numerator="ok_m", denominator="length_m", levels=("township", "county"))

    bad = np.flatnonzero(~ok)
    grade = numbers(roads["tech_grade"], 0.0).to_numpy()[bad].astype(int)
    grade_zh = pd.Series(grade).map(GRADE_ZH).fillna("未知").astype("string")
    name = roads["name"].astype("string") if "name" in roads else pd.Series(pd.NA, index=roads.index, dtype="string")
    road_id = roads["road_id"].astype("string")
    label = name.fillna(road_id).to_numpy()[bad]
    cost = length[bad] / 1000.0 * cost_per_km
    target_zh = GRADE_ZH.get(max_grade, f"{max_grade}级")
    reason_zh = (
        "县道「"
        + pd.Series(label, dtype="string")
        + "」路段 "
        + road_id.to_numpy()[bad]
        + " 技术等级为"
        + grade_zh
        + f"，未达{target_zh}及以上；长 "
        + km(length[bad])
        + " 公里"
    )
    rows = pd.DataFrame(
        {
            "feature_id": road_id.to_numpy()[bad],
            "name": label,
            "town_code": town.to_numpy()[bad],
            "reason_zh": reason_zh.to_numpy(),
            "reason_en": (
                "County road segment at grade " + pd.Series(grade).astype("string") + f", below grade {max_grade}"
            ).to_numpy(),
            "value": 0.0,
            "need_zh": (
                f"升级改造为{target_zh}公路 " + km(length[bad]) + " 公里，约 " + wan_yuan(cost) + " 万元"
            ).to_numpy(),
            "need_amount": np.round(length[bad], 0),
            "need_unit": "米（需升级）",
            "cost_yuan": np.round(cost, -2),
            "severity": np.where(grade == 0, 1.0, 0.7),
        }
    )
    gaps = target_gaps(ctx, target, rows, gpd.GeoSeries(lines[bad], crs=ctx.crs).to_crs(STORAGE_EPSG), layer="roads")
    details = gpd.GeoDataFrame(
        {
            "road_id": road_id,
            "name": name,
            "tech_grade": numbers(roads["tech_grade"]),
            "town_code": town,
            "length_m": length,
            "grade_ok": ok,
        },
        geometry=gpd.GeoSeries(lines, crs=ctx.crs).to_crs(STORAGE_EPSG).to_numpy(),
        crs=STORAGE_EPSG,
    )
    notes = [
        f"县道 {length.sum() / 1000:.1f} 公里，其中{target_zh}及以上 {length[ok].sum() / 1000:.1f} 公里；"
        f"需升级 {length[bad].sum() / 1000:.1f} 公里，约 {cost.sum() / 1e4:.0f} 万元"
    ]
    return IndicatorResult(units, gaps, details, notes)


# --- road.township_grade3_access -----------------------------------------------------------------


def county_seats(ctx: Context) -> pd.Series:
    """The county-seat township of every township (town_code → town_code of its county seat).

    Counties are the first 6 digits of ``town_code``. Per county: the township flagged
    ``is_county_seat`` if that column exists and flags one, else the most populous
    subdistrict (``kind == "subdistrict"``, 街道), else the most populous township (ties: the
    smallest code). The data contract has no county-seat field; the county seat is almost
    always the most populous town, and a ledger can name it with ``is_county_seat``.
    """
    towns = ctx.townships.reset_index(drop=True)
    codes = towns["town_code"].astype("string")
    frame = pd.DataFrame(
        {
            "town_code": codes.to_numpy(),
            "county": codes.str.slice(0, 6).to_numpy(),
            "flag": towns["is_county_seat"].astype("boolean").fillna(False).to_numpy(dtype=bool)
            if "is_county_seat" in towns
            else np.zeros(len(towns), dtype=bool),
            "subdistrict": (_text(towns["kind"]) == "subdistrict").fillna(False).to_numpy()
            if "kind" in towns
            else np.zeros(len(towns), dtype=bool),
            "population": numbers(towns["population"], 0.0).to_numpy(),
        }
    )
    frame = frame.sort_values(
        ["county", "flag", "subdistrict", "population", "town_code"],
        ascending=[True, False, False, False, True],
        kind="stable",
    )
    seat = frame.drop_duplicates("county").set_index("county")["town_code"]
    return pd.Series(codes.str.slice(0, 6).map(seat).to_numpy(), index=codes.to_numpy(), dtype="string")


def township_grade3_access(ctx: Context, target: Target) -> IndicatorResult:
    """Share of townships whose seat connects to the county seat through grade 1…max_grade roads.

    share = townships reached / townships (the county-seat township counts as reached). For
    the others: the cheapest route through grade-3 segments (free) and lower-grade segments
    (their metres), with cost = metres / 1000 × cost_yuan_per_km (default 3 million yuan/km).
    """
    max_grade = int(target.params.get("max_grade", 3))
    access = float(target.params.get("access_distance_m", SEAT_ACCESS_M))
    cost_per_km = float(target.params.get("cost_yuan_per_km", DEFAULT_GRADE3_COST_YUAN_PER_KM))
    towns = ctx.townships.reset_index(drop=True)
    if len(towns) == 0:
        return IndicatorResult(empty_units(), empty_gaps(), notes=["没有乡镇数据 / no townships"])
    codes = towns["town_code"].astype("string")
    seat_of = county_seats(ctx)
    seats = ctx.town_seats.reindex(codes.to_numpy())
    xy = shapely.get_coordinates(seats.to_numpy())
    seat_codes = pd.Series(seat_of.reindex(codes.to_numpy()).to_numpy(), dtype="string")
    position = pd.Series(np.arange(len(codes)), index=codes.to_numpy())
    point_seat = seat_codes.map(position).fillna(-1).astype(np.int64).to_numpy()
    if ctx.has("roads"):
        roads, graph = road_network(ctx)
        ok = graph.edge_mask(_grade_ok(roads, max_grade))
    else:
        graph, ok = build_graph(np.empty(0, dtype=object)), np.zeros(0, dtype=bool)
    reach = reach_through(graph, ok, xy, xy, point_seat, access_distance=access, seat_distance=access)
    is_seat = point_seat == np.arange(len(codes))
    reached = reach.reached | is_seat
    reach = Reach(
        reached,
        reach.ok_within,
        reach.nearest_ok_m,
        np.where(is_seat, 0.0, reach.need_m),
        np.where(is_seat, 0.0, reach.new_road_m),
        np.where(is_seat, None, reach.geometry),
        reach.seat_ok,
    )
    need, new, cost = _reach_rows(reach, np.arange(len(codes)), cost_per_km)
    measured = pd.DataFrame(
        {"town_code": codes, "name": towns["name"].astype("string"), "reached": reached.astype(float), "one": 1.0}
    )
    units = share_rollup(measured, ctx, target, numerator="reached", denominator="one", levels=("township", "county"))

    gap = np.flatnonzero(~reached)
    seat_name = seat_codes.map(ctx.townships["name"]).fillna("县城").astype("string").to_numpy()[gap]
    grade_zh = f"{GRADE_ZH.get(max_grade, str(max_grade))}及以上公路"
    reason_zh, reason_en, need_zh = _network_gap_text(
        reach,
        gap,
        point_seat,
        access_m=access,
        what_zh=grade_zh,
        what_en=f"grade-{max_grade} road",
        verb_zh=f"升级为{grade_zh}",
        verb_en="upgrade",
        seat_zh="县城",
        cost=cost[gap],
    )
    reason_zh = "乡镇驻地未经" + grade_zh + "连通县城（" + pd.Series(seat_name, dtype="string") + "）：" + reason_zh
    rows = pd.DataFrame(
        {
            "feature_id": codes.to_numpy()[gap],
            "name": towns["name"].astype("string").to_numpy()[gap],
            "town_code": codes.to_numpy()[gap],
            "reason_zh": reason_zh.to_numpy(),
            "reason_en": reason_en.to_numpy(),
            "value": 0.0,
            "need_zh": need_zh.to_numpy(),
            "need_amount": np.round(need[gap] + new[gap], 0),
            "need_unit": "米（需升级）",
            "cost_yuan": np.round(cost[gap], -2),
            "population_affected": numbers(towns["population"], 0.0).to_numpy()[gap],
            "severity": 1.0,
        }
    )
    gaps = target_gaps(ctx, target, rows, _storage_points(ctx, seats.to_numpy()[gap]), layer="townships")
    details = _details(
        ctx,
        pd.DataFrame({"town_code": codes, "name": towns["name"].astype("string"), "county_seat_town": seat_codes}),
        seats.to_numpy(),
        reach,
        cost,
    )
    return IndicatorResult(units, gaps, details)


INDICATOR_FUNCTIONS: dict[str, IndicatorFunction] = {
    "road.hardened_natural_villages": hardened_natural_villages,
    "road.double_lane_admin_villages": double_lane_admin_villages,
    "road.county_roads_grade3": county_roads_grade3,
    "road.township_grade3_access": township_grade3_access,
}
