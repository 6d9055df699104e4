"""Rural roads to villages (农村公路): connectivity on the road *network*, not straight-line distance.

Both indicators work on the dataset's one road graph (:func:`geo.analysis.indicators.road_reach.road_network`).

* ``road.hardened_natural_villages`` — larger natural villages reached by hardened road
  (较大人口规模自然村通硬化路). *Larger*: ``households ≥ min_households`` or
  ``population ≥ min_population``. *Reached*: a hardened segment (surface in
  ``hardened_surfaces``) within ``access_distance_m`` of the village belongs to a hardened
  component that also passes within the seat distance of the village's own township seat::

      share(unit) = larger natural villages reached / larger natural villages

  For each village not reached: the cheapest route from the seat's hardened network to the
  village (multi-source Dijkstra where hardened segments are free and every other metre
  counts), its unhardened metres ``need_m`` (what must be hardened, including the part of the
  last segment up to the point nearest the village), the metres of new road ``new_road_m``,
  and ``cost_yuan = (need_m + new_road_m) / 1000 × cost_yuan_per_km``. New road is needed when
  no reachable road comes within the access distance (a straight line to the road chosen by
  total cost), when the road the village stands on is off the network (measured from that
  road's nearest point to the network, not from the village), and when the township seat is
  off the hardened network (its link to the network is part of every route of its villages);
  see :mod:`geo.analysis.network.ends` and :mod:`geo.analysis.network.sources`.

* ``road.double_lane_admin_villages`` — admin villages reached from the township seat by
  two-lane road (建制村通双车道): the same rule at the village seat (village committee, else its
  largest natural village) with two-lane segments (``lanes ≥ min_lanes`` or
  ``width_m ≥ min_width_m``); routes give the metres to widen.

Parameter ``vertex_junctions`` (both, default true): lines sharing an interior vertex are
joined there (the OpenStreetMap convention; bridges cross without a shared vertex and stay
apart). Set it to false for a register whose lines share vertices at grade-separated crossings.

Why the *own* township seat: the plans speak of connecting a village to its township
(通乡镇); in real networks the seats share one hardened trunk, so this rarely differs from
"any seat", but a township whose seat is cut off is then visible as such.

See :mod:`geo.analysis.indicators.road_reach` for the seat distance and the ``details``;
the grade indicators (county roads, townships to the county seat) are in
:mod:`geo.analysis.indicators.road_grades`.
"""

from __future__ import annotations

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
from geo.analysis.network.reach import reach_through
from geo.analysis.result import Indicator, IndicatorResult
from geo.analysis.rollup import empty_units, share_rollup
from geo.core.catalog import NUMBER, IndicatorSpec
from geo.core.layer_names import ADMIN_VILLAGES, NATURAL_VILLAGES, ROADS
from geo.core.targets import Target
from geo.core.vocabulary import HARDENED_SURFACES
from geo.text.i18n import bilingual
from geo.text.templates import render_both


def _town_index(ctx: Context, town_codes: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Township seats (metric xy, in ``ctx.town_seats`` order) and each row's seat index (−1 = unknown)."""
    seats = ctx.town_seats
    xy = shapely.get_coordinates(seats.to_numpy())
    position = pd.Series(np.arange(len(seats)), index=seats.index.astype("string"))
    index = town_codes.astype("string").map(position).fillna(-1).astype(np.int64).to_numpy()
    return xy, index


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
    if not ctx.has(NATURAL_VILLAGES):
        return IndicatorResult(empty_units(), empty_gaps(), notes=[bilingual("note.no_natural_villages")])
    nv = ctx.metric(NATURAL_VILLAGES).reset_index(drop=True)
    households, population = numbers(nv["households"], 0.0), numbers(nv["population"], 0.0)
    larger = ((households >= min_hh) | (population >= min_pop)).to_numpy()
    nv = nv[larger].reset_index(drop=True)
    households, population = households[larger].reset_index(drop=True), population[larger].reset_index(drop=True)
    if len(nv) == 0:
        return IndicatorResult(
            empty_units(), empty_gaps(), notes=[bilingual("note.no_larger_villages", households=min_hh, people=min_pop)]
        )
    codes = nv["village_code"].astype("string")
    seat_xy, point_seat = _town_index(ctx, codes.map(ctx.villages["town_code"]))
    points = nv.geometry.to_numpy()
    if ctx.has(ROADS):
        roads, graph = road_network(ctx, vertex_junctions=junctions_param(target))
        ok = graph.edge_mask(lower_text(roads["surface"]).isin(surfaces).fillna(False).to_numpy())
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
    need, new, cost = reach_rows(reach, np.arange(len(nv)), cost_per_km)

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
    problem, needed = network_gap_text(
        reach,
        gap,
        point_seat,
        access_m=access,
        what=road_term("hardened"),
        verb=road_term("harden"),
        seat=road_term("township_seat"),
        cost=cost[gap],
    )
    reason_zh, reason_en = render_both("gap.road.hardened_natural_villages.reason", problem=problem, need=needed)
    rows = pd.DataFrame(
        {
            "feature_id": nv["nv_id"].astype("string").to_numpy()[gap],
            "name": nv["name"].astype("string").to_numpy()[gap],
            "village_code": codes.to_numpy()[gap],
            "reason_zh": reason_zh,
            "reason_en": reason_en,
            "value": 0.0,
            "need_zh": needed.zh,
            "need_en": needed.en,
            "need_amount": np.round(need[gap] + new[gap], 0),
            **need_unit("gap.unit.m_harden"),
            "cost_yuan": np.round(cost[gap], -2),
            "population_affected": population.to_numpy()[gap],
            "severity": _severity(population.to_numpy()[gap]),
        }
    )
    gaps = target_gaps(ctx, target, rows, storage_points(ctx, points[gap]), layer=NATURAL_VILLAGES)
    details = reach_details(
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
        bilingual(
            "note.hardened_villages",
            n=len(nv),
            households=min_hh,
            people=min_pop,
            reached=int(reach.reached.sum()),
            km=np.nansum(need[gap] + new[gap]) / 1000,
            cost_wan=np.nansum(cost[gap]) / 1e4,
        )
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
        return IndicatorResult(empty_units(), empty_gaps(), notes=[bilingual("note.no_admin_villages")])
    codes = villages["village_code"].astype("string")
    seats = ctx.village_seats.reindex(codes.to_numpy())
    points = seats.to_numpy()
    seat_xy, point_seat = _town_index(ctx, villages["town_code"])
    if ctx.has(ROADS):
        roads, graph = road_network(ctx, vertex_junctions=junctions_param(target))
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
    need, new, cost = reach_rows(reach, np.arange(len(villages)), cost_per_km)
    measured = pd.DataFrame({"village_code": codes, "reached": reach.reached.astype(float), "one": 1.0})
    units = share_rollup(measured, ctx, target, numerator="reached", denominator="one")

    gap = np.flatnonzero(~reach.reached)
    problem, needed = network_gap_text(
        reach,
        gap,
        point_seat,
        access_m=access,
        what=road_term("two_lane"),
        verb=road_term("widen"),
        seat=road_term("township_seat"),
        cost=cost[gap],
        subject=road_term("village_committee"),
    )
    reason_zh, reason_en = render_both("gap.road.double_lane_admin_villages.reason", problem=problem, need=needed)
    population = numbers(villages["population"], 0.0).to_numpy()
    rows = pd.DataFrame(
        {
            "feature_id": codes.to_numpy()[gap],
            "name": villages["name"].astype("string").to_numpy()[gap],
            "village_code": codes.to_numpy()[gap],
            "reason_zh": reason_zh,
            "reason_en": reason_en,
            "value": 0.0,
            "need_zh": needed.zh,
            "need_en": needed.en,
            "need_amount": np.round(need[gap] + new[gap], 0),
            **need_unit("gap.unit.m_widen"),
            "cost_yuan": np.round(cost[gap], -2),
            "population_affected": population[gap],
            "severity": _severity(population[gap]),
        }
    )
    gaps = target_gaps(ctx, target, rows, storage_points(ctx, points[gap]), layer=ADMIN_VILLAGES)
    details = reach_details(
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
        bilingual(
            "note.double_lane_villages",
            n=len(villages),
            reached=int(reach.reached.sum()),
            km=np.nansum(need[gap] + new[gap]) / 1000,
            cost_wan=np.nansum(cost[gap]) / 1e4,
        )
    ]
    return IndicatorResult(units, gaps, details, notes)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        IndicatorSpec(
            "road.hardened_natural_villages",
            "较大人口规模自然村通硬化路比例",
            "Larger natural villages reached by hardened road",
            "share",
            "县交通运输局",
            domain="roads",
            params={
                "min_households": int,
                "min_population": int,
                "access_distance_m": NUMBER,
                "hardened_surfaces": list,
                "cost_yuan_per_km": NUMBER,
                "vertex_junctions": bool,
            },
        ),
        compute=hardened_natural_villages,
    ),
    Indicator(
        IndicatorSpec(
            "road.double_lane_admin_villages",
            "建制村通双车道比例",
            "Admin villages reached by two-lane road",
            "share",
            "县交通运输局",
            domain="roads",
            params={
                "min_lanes": int,
                "min_width_m": NUMBER,
                "access_distance_m": NUMBER,
                "cost_yuan_per_km": NUMBER,
                "vertex_junctions": bool,
            },
        ),
        compute=double_lane_admin_villages,
    ),
)
