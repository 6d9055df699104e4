"""Road technical grade (公路技术等级): county roads at grade 3, townships linked to the county seat.

* ``road.county_roads_grade3`` — share of county-road length at technical grade 1…max_grade
  (县道三级及以上里程比例)::

      share = Σ length(admin_class = county, 1 ≤ tech_grade ≤ max_grade) / Σ length(admin_class = county)

  per township (lengths clipped at township boundaries) and county; one gap row per
  substandard county-road segment with its length and upgrade cost, filed under the township
  holding most of it.

* ``road.township_grade3_access`` — townships whose seat connects to the county seat
  through segments of grade 1…max_grade (乡镇通三级及以上公路). The county seat is the township
  flagged ``is_county_seat`` where that column exists, else the most populous subdistrict
  (街道), else the most populous township; with several counties in one dataset (the first 6
  digits of ``town_code``), one per county.

The network indicator uses the dataset's one road graph
(:func:`geo.analysis.indicators.road_reach.road_network`); see
:mod:`geo.analysis.indicators.road_reach` for the seat distance and the ``details``.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.analysis.context import Context, numbers
from geo.analysis.gap_rows import empty_gaps, need_unit, target_gaps
from geo.analysis.indicators.road_reach import (
    SEAT_ACCESS_M,
    junctions_param,
    lower_text,
    network_gap_text,
    reach_details,
    reach_rows,
    road_network,
    road_term,
    storage_points,
)
from geo.analysis.network.graph import build_graph
from geo.analysis.network.reach import Reach, reach_through
from geo.analysis.result import Indicator, IndicatorResult
from geo.analysis.rollup import empty_units, share_rollup
from geo.core.catalog import NUMBER, IndicatorSpec
from geo.core.crs import STORAGE_EPSG
from geo.core.layer_names import ROADS, TOWNSHIPS
from geo.core.targets import Target
from geo.text.i18n import ByLang, bilingual, both, t, term
from geo.text.templates import render_both

DEFAULT_GRADE3_COST_YUAN_PER_KM = (
    3_000_000.0  # upgrade to grade 3 (data/plans/000_fuliang_2021.toml: road_county_grade3_2025)
)
GRADES = range(5)  # technical grades with a word: 0 (等外, substandard) … 4


def grade_word(grade: int) -> ByLang:
    """A technical grade in words: 三级 / 3."""
    return term(f"gap.road.grade.{grade}") if grade in GRADES else ByLang(*both("gap.road.grade.n", n=grade))


# --- road.county_roads_grade3 --------------------------------------------------------------------


def _grade_ok(roads: pd.DataFrame, max_grade: int) -> np.ndarray:
    grade = numbers(roads["tech_grade"], 0.0).to_numpy()
    return (grade >= 1) & (grade <= max_grade)


def _town_pieces(ctx: Context, lines: np.ndarray) -> tuple[pd.DataFrame, pd.Series]:
    """Each line's length inside each township, and each line's township (the one holding most of it).

    Lengths are clipped at township boundaries: an STRtree query of line/township pairs that
    intersect and ``shapely.intersection`` of each pair (vectorized). The part of a line outside
    every township (a digitizing gap at the county edge) goes to the township nearest its
    midpoint, so every metre is counted once; where townships overlap, a line's pieces are
    scaled to its length. Returns ``(pieces, town)``: pieces with ``line``, ``town_code`` and
    ``length_m``; ``town`` the township code per line.
    """
    towns = ctx.metric(TOWNSHIPS)
    polygons = towns.geometry.to_numpy()
    codes = towns["town_code"].astype("string").to_numpy()
    length = shapely.length(lines)
    line, town = shapely.STRtree(polygons).query(lines, predicate="intersects")
    inside = shapely.length(shapely.intersection(lines[line], polygons[town]))
    covered = np.bincount(line, weights=inside, minlength=len(lines))
    scale = np.where(covered > length, length / np.maximum(covered, 1e-12), 1.0)
    inside = inside * scale[line]
    rest = length - np.minimum(covered, length)
    outside = np.flatnonzero(rest > 1e-6 * np.maximum(length, 1.0))
    if len(outside):
        mid = shapely.line_interpolate_point(lines[outside], 0.5, normalized=True)
        near_line, near_town = shapely.STRtree(polygons).query_nearest(mid, all_matches=False)
        line = np.concatenate([line, outside[near_line]])
        town = np.concatenate([town, near_town])
        inside = np.concatenate([inside, rest[outside[near_line]]])
    pieces = pd.DataFrame({"line": line, "town_code": pd.array(codes[town], dtype="string"), "length_m": inside})
    pieces = pieces.groupby(["line", "town_code"], as_index=False, sort=True)["length_m"].sum()
    pieces = pieces[pieces["length_m"] > 0]
    main = pieces.sort_values(["line", "length_m", "town_code"], ascending=[True, False, True], kind="stable")
    main = main.drop_duplicates("line").set_index("line")["town_code"]
    return pieces.reset_index(drop=True), pd.Series(main.reindex(np.arange(len(lines))).to_numpy(), dtype="string")


def county_roads_grade3(ctx: Context, target: Target) -> IndicatorResult:
    """Share of county-road length at technical grade 1…max_grade, per township and county.

    share = Σ length(county, 1 ≤ grade ≤ max_grade) / Σ length(county), lengths in metres in
    the Gauss-Krüger CRS; a township counts the length of each segment inside it (clipped at
    its boundary, see :func:`_town_pieces`), so a segment crossing two townships counts in
    both. Gap rows: each substandard county-road segment, cost = length / 1000 ×
    cost_yuan_per_km.
    """
    max_grade = int(target.params.get("max_grade", 3))
    cost_per_km = float(target.params.get("cost_yuan_per_km", DEFAULT_GRADE3_COST_YUAN_PER_KM))
    if not ctx.has(ROADS):
        return IndicatorResult(empty_units(), empty_gaps(), notes=[bilingual("note.no_roads")])
    roads = ctx.metric(ROADS).reset_index(drop=True)
    county = (lower_text(roads["admin_class"]) == "county").fillna(False).to_numpy()
    roads = roads[county].reset_index(drop=True)
    if len(roads) == 0:
        return IndicatorResult(empty_units(), empty_gaps(), notes=[bilingual("note.no_county_roads")])
    lines = roads.geometry.to_numpy()
    length = shapely.length(lines)
    ok = _grade_ok(roads, max_grade)
    pieces, town = _town_pieces(ctx, lines)
    piece_ok = ok[pieces["line"].to_numpy()]
    measured = pd.DataFrame(
        {
            "town_code": pieces["town_code"],
            "ok_m": np.where(piece_ok, pieces["length_m"], 0.0),
            "length_m": pieces["length_m"],
        }
    )
    units = share_rollup(measured, ctx, target, numerator="ok_m", denominator="length_m", levels=("township", "county"))

    bad = np.flatnonzero(~ok)
    grade = numbers(roads["tech_grade"], 0.0).to_numpy()[bad].astype(int)
    words_zh = {g: grade_word(g).zh for g in GRADES}
    grade_zh = pd.Series(grade).map(words_zh).fillna(t("gap.road.grade.unknown")).astype("string")
    name = roads["name"].astype("string") if "name" in roads else pd.Series(pd.NA, index=roads.index, dtype="string")
    road_id = roads["road_id"].astype("string")
    label = name.fillna(road_id).to_numpy()[bad]
    cost = length[bad] / 1000.0 * cost_per_km
    target_word = grade_word(max_grade)
    route = (roads["route_code"].astype("string").fillna(road_id) if "route_code" in roads else road_id).to_numpy(
        dtype=object
    )[bad]
    fields = {
        "road": ByLang(label, route),
        "segment": road_id.to_numpy(dtype=object)[bad],
        "grade": ByLang(grade_zh.to_numpy(dtype=object), grade.astype(str)),
        "target": target_word,
        "length": length[bad],
        "cost": cost,
    }
    reason_zh, reason_en = render_both("gap.road.county_roads_grade3.reason", **fields)
    need_zh, need_en = render_both("gap.road.county_roads_grade3.need", **fields)
    rows = pd.DataFrame(
        {
            "feature_id": road_id.to_numpy()[bad],
            "name": label,
            "town_code": town.to_numpy()[bad],
            "reason_zh": reason_zh,
            "reason_en": reason_en,
            "value": 0.0,
            "need_zh": need_zh,
            "need_en": need_en,
            "need_amount": np.round(length[bad], 0),
            **need_unit("gap.unit.m_upgrade"),
            "cost_yuan": np.round(cost, -2),
            "severity": np.where(grade == 0, 1.0, 0.7),
        }
    )
    gaps = target_gaps(ctx, target, rows, gpd.GeoSeries(lines[bad], crs=ctx.crs).to_crs(STORAGE_EPSG), layer=ROADS)
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
        bilingual(
            "note.county_roads_grade",
            total_km=length.sum() / 1000,
            grade=target_word,
            ok_km=length[ok].sum() / 1000,
            bad_km=length[bad].sum() / 1000,
            cost_wan=cost.sum() / 1e4,
        )
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
            "subdistrict": (lower_text(towns["kind"]) == "subdistrict").fillna(False).to_numpy()
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
        return IndicatorResult(empty_units(), empty_gaps(), notes=[bilingual("note.no_townships")])
    codes = towns["town_code"].astype("string")
    seat_of = county_seats(ctx)
    seats = ctx.town_seats.reindex(codes.to_numpy())
    xy = shapely.get_coordinates(seats.to_numpy())
    seat_codes = pd.Series(seat_of.reindex(codes.to_numpy()).to_numpy(), dtype="string")
    position = pd.Series(np.arange(len(codes)), index=codes.to_numpy())
    point_seat = seat_codes.map(position).fillna(-1).astype(np.int64).to_numpy()
    if ctx.has(ROADS):
        roads, graph = road_network(ctx, vertex_junctions=junctions_param(target))
        ok = graph.edge_mask(_grade_ok(roads, max_grade))
    else:
        graph, ok = build_graph(np.empty(0, dtype=object)), np.zeros(0, dtype=bool)
    reach = reach_through(graph, ok, xy, xy, point_seat, access_distance=access, seat_distance=access)
    is_seat = point_seat == np.arange(len(codes))
    reached = reach.reached | is_seat
    nothing = np.full(len(codes), None, dtype=object)
    reach = Reach(
        reached,
        reach.ok_within,
        reach.nearest_ok_m,
        np.where(is_seat, 0.0, reach.need_m),
        np.where(is_seat, 0.0, reach.new_road_m),
        np.where(is_seat, nothing, reach.geometry),
        reach.seat_ok,
        np.where(is_seat, nothing, reach.access),
    )
    need, new, cost = reach_rows(reach, np.arange(len(codes)), cost_per_km)
    measured = pd.DataFrame(
        {"town_code": codes, "name": towns["name"].astype("string"), "reached": reached.astype(float), "one": 1.0}
    )
    units = share_rollup(measured, ctx, target, numerator="reached", denominator="one", levels=("township", "county"))

    gap = np.flatnonzero(~reached)
    seat_name = (
        seat_codes.map(ctx.townships["name"]).fillna(t("gap.road.term.county_seat")).astype("string").to_numpy()[gap]
    )
    grade = road_term("grade", grade=grade_word(max_grade))
    problem, needed = network_gap_text(
        reach,
        gap,
        point_seat,
        access_m=access,
        what=grade,
        verb=road_term("upgrade", what=grade),
        seat=road_term("county_seat"),
        cost=cost[gap],
    )
    reason_zh, reason_en = render_both(
        "gap.road.township_grade3_access.reason",
        what=grade,
        county_seat=ByLang(seat_name, seat_codes.to_numpy(dtype=object, na_value=None)[gap]),
        problem=problem,
        need=needed,
    )
    rows = pd.DataFrame(
        {
            "feature_id": codes.to_numpy()[gap],
            "name": towns["name"].astype("string").to_numpy()[gap],
            "town_code": codes.to_numpy()[gap],
            "reason_zh": reason_zh,
            "reason_en": reason_en,
            "value": 0.0,
            "need_zh": needed.zh,
            "need_en": needed.en,
            "need_amount": np.round(need[gap] + new[gap], 0),
            **need_unit("gap.unit.m_upgrade"),
            "cost_yuan": np.round(cost[gap], -2),
            "population_affected": numbers(towns["population"], 0.0).to_numpy()[gap],
            "severity": 1.0,
        }
    )
    gaps = target_gaps(ctx, target, rows, storage_points(ctx, seats.to_numpy()[gap]), layer=TOWNSHIPS)
    details = reach_details(
        ctx,
        pd.DataFrame({"town_code": codes, "name": towns["name"].astype("string"), "county_seat_town": seat_codes}),
        seats.to_numpy(),
        reach,
        cost,
    )
    return IndicatorResult(units, gaps, details)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        IndicatorSpec(
            "road.county_roads_grade3",
            "县道三级及以上公路里程比例",
            "County road length at grade 3 or better",
            "share",
            "县交通运输局",
            domain="roads",
            params={"max_grade": int, "cost_yuan_per_km": NUMBER},
        ),
        compute=county_roads_grade3,
    ),
    Indicator(
        IndicatorSpec(
            "road.township_grade3_access",
            "乡镇通三级及以上公路比例",
            "Townships reached by grade-3 road",
            "share",
            "县交通运输局",
            domain="roads",
            params={
                "max_grade": int,
                "access_distance_m": NUMBER,
                "cost_yuan_per_km": NUMBER,
                "vertex_junctions": bool,
            },
        ),
        compute=township_grade3_access,
    ),
)
