"""Rural drinking water (农村饮水安全): supply rates from the ledger, checked against the works.

Targets (the plan files of data/plans/):

* ``water.centralized_rate`` — centralized supply rate 农村集中供水率::

      rate(unit) = Σ population of natural villages with water_supply = "centralized"
                   ─────────────────────────────────────────────────────────────────
                   Σ population of the unit's natural villages

* ``water.tap_rate`` — tap water rate 自来水普及率: the same with water_supply in
  {"centralized", "tap"} in the numerator.

Both are measured per natural village (1 or 0 of its people), population-weighted up to admin
village, township and county. Every natural village with people that is not served is a gap
row, with the nearest water works and its distance (or the service area it already lies in).

Checks (no target; declared in :data:`CHECKS`, parameters under ``[[check]]`` in the targets file):

* ``water.ledger_discrepancy`` — the ledger and the map disagree: a natural village recorded as
  "centralized" outside every works' service area, or one inside a service area recorded as
  "dispersed" or "none". Needs the ``water_service_areas`` layer (skipped with a note without
  it). Unit value = discrepant natural villages / natural villages (target 0).
* ``water.works_overload`` — a works serving more people than its capacity::

      served(w) = Σ population × share of "centralized" natural villages inside w's service area
                  (share = 1 / number of service areas containing the village); a village outside
                  every service area is served by the nearest works without a service area (the
                  nearest works of all when there is no service-area layer)
      load(w)   = served(w) × per_capita_m3d / capacity_m3d(w)      overloaded when load > max_load
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import shapely

from geo.analysis.context import Context, nearest, numbers, objects, take, village_codes
from geo.analysis.gap_rows import as_target, empty_gaps, make_gaps, need_unit, target_gaps
from geo.analysis.result import CheckRule, Indicator, IndicatorResult
from geo.analysis.rollup import empty_units, finish_units, share_rollup
from geo.core.catalog import NUMBER, CheckSpec, IndicatorSpec
from geo.core.layer_names import NATURAL_VILLAGES, WATER_SERVICE_AREAS, WATER_WORKS
from geo.core.targets import Check, Target
from geo.text.i18n import ByLang, bilingual, term
from geo.text.templates import render_both

SUPPLY_KINDS = ("centralized", "tap", "dispersed", "none")  # water_supply values of the ledger
# How bad a natural village's supply is for each target (0–1, feeds the gap priority).
_SEVERITY_CENTRALIZED = {"none": 1.0, "dispersed": 0.8, "tap": 0.5}
_SEVERITY_TAP = {"none": 1.0, "dispersed": 0.8}


def _supply(ctx: Context) -> np.ndarray:
    """water_supply of every natural village as an object array (missing → "none")."""
    supply = objects(ctx.dataset.layer(NATURAL_VILLAGES)["water_supply"])
    supply[pd.isna(supply)] = "none"
    return supply


def _supply_words(kind: np.ndarray) -> ByLang:
    """The ledger's supply of each village in words: 分散供水 / dispersed (the code itself in English)."""
    words = {key: term(f"gap.water.supply_kind.{key}").zh for key in SUPPLY_KINDS}
    return ByLang(_lookup(words, kind, ""), kind)


def _lookup(mapping: Mapping[str, object], keys: np.ndarray, default: object) -> np.ndarray:
    """mapping[key] for each key (``default`` for unknown keys); vectorized over the distinct keys."""
    out = np.full(len(keys), default, dtype=object)
    for key, value in mapping.items():
        out[keys == key] = value
    return out


def _service_membership(ctx: Context) -> pd.DataFrame | None:
    """Pairs (nv: position of a natural village, works_id) for villages inside a service area.

    ``None`` when the dataset has no ``water_service_areas`` layer.
    """
    if not ctx.has(WATER_SERVICE_AREAS):
        return None
    areas = ctx.metric(WATER_SERVICE_AREAS)
    nv = ctx.metric(NATURAL_VILLAGES)
    tree = shapely.STRtree(areas.geometry.to_numpy())
    nv_pos, area_pos = tree.query(nv.geometry.to_numpy(), predicate="intersects")
    pairs = pd.DataFrame({"nv": nv_pos, "works_id": objects(areas["works_id"])[area_pos]})
    return pairs.drop_duplicates().sort_values(["nv", "works_id"], kind="stable").reset_index(drop=True)


def _area_works(ctx: Context, membership: pd.DataFrame | None, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Name and id of the (first by works_id) works whose service area contains each natural village, else None."""
    names, area_ids = np.full(n, None, dtype=object), np.full(n, None, dtype=object)
    if membership is None or len(membership) == 0:
        return names, area_ids
    works = ctx.dataset.layer(WATER_WORKS)
    ids, labels = objects(works["works_id"]), objects(works["name"])
    first = membership.drop_duplicates("nv")
    first_ids = first["works_id"].to_numpy(dtype=object)
    position = pd.Index(ids, dtype=object).get_indexer(first_ids)
    names[first["nv"].to_numpy()] = np.where(position >= 0, take(labels, position), first_ids)
    area_ids[first["nv"].to_numpy()] = first_ids
    return names, area_ids


def _nearest_works(ctx: Context) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Name and id of the nearest water works of every natural village (None without works) and its distance (m)."""
    nv = ctx.metric(NATURAL_VILLAGES)
    if not ctx.has(WATER_WORKS):
        return np.full(len(nv), None, dtype=object), np.full(len(nv), None, dtype=object), np.full(len(nv), np.inf)
    works = ctx.metric(WATER_WORKS)
    index, distance = nearest(nv.geometry.to_numpy(), works.geometry.to_numpy())
    return take(objects(works["name"]), index), take(objects(works["works_id"]), index), distance


def _rate(
    ctx: Context, target: Target, served_kinds: tuple[str, ...], severity: dict[str, float], reason_key: str
) -> IndicatorResult:
    nv = ctx.dataset.layer(NATURAL_VILLAGES).reset_index(drop=True)
    if len(nv) == 0:
        return IndicatorResult(empty_units(), empty_gaps(nv.crs), notes=[bilingual("note.no_natural_villages")])
    supply = _supply(ctx)
    population = numbers(nv["population"], 0.0).to_numpy()
    served = np.isin(supply, served_kinds)
    measured = {
        "village_code": objects(nv["village_code"]),
        "nv_id": objects(nv["nv_id"]),
        "name": objects(nv["name"]),
        "served": np.where(served, population, 0.0),
        "population": population,
    }
    units = share_rollup(
        pd.DataFrame(measured),
        ctx,
        target,
        numerator="served",
        denominator="population",
        feature=("natural_village", "nv_id", "name"),
        population="population",
    )

    gap = ~served & (population > 0)
    works_name, works_id, distance = _nearest_works(ctx)
    area_name, area_id = _area_works(ctx, _service_membership(ctx), len(nv))
    pop, kind, near, dist, area = population[gap], supply[gap], works_name[gap], distance[gap], area_name[gap]
    inside = area != None  # noqa: E711 (element-wise on an object array)
    need_key = np.where(
        inside,
        "gap.water.supply.need.in_area",
        np.where(near == None, "gap.water.supply.need.no_works", "gap.water.supply.need.nearest"),  # noqa: E711
    )
    reason_zh, reason_en = render_both(reason_key, people=pop, supply=_supply_words(kind))
    need_zh, need_en = render_both(
        need_key,
        works=ByLang(near, works_id[gap]),
        distance=dist,
        area=ByLang(area, area_id[gap]),
    )
    rows = {
        "feature_id": measured["nv_id"][gap],
        "name": measured["name"][gap],
        "village_code": measured["village_code"][gap],
        "reason_zh": reason_zh,
        "reason_en": reason_en,
        "value": 0.0,
        "need_zh": need_zh,
        "need_en": need_en,
        "need_amount": np.where(inside, 0.0, np.where(np.isfinite(dist), np.round(dist), np.nan)),
        **need_unit("gap.unit.m_to_water_works"),
        "population_affected": pop,
        "severity": _lookup(severity, kind, 1.0).astype(float),
    }
    gaps = target_gaps(ctx, target, rows, nv.geometry[gap], layer=NATURAL_VILLAGES)
    details = nv[["nv_id", "name", "village_code", "population", "water_supply", "geometry"]].copy()
    details["served"] = served
    details["nearest_works"] = works_name
    details["nearest_works_m"] = distance
    details["service_area_of"] = area_name
    return IndicatorResult(units, gaps, details)


def centralized_rate(ctx: Context, target: Target) -> IndicatorResult:
    """Centralized water supply rate 农村集中供水率, population-weighted.

    rate = Σ population(water_supply = "centralized") / Σ population, per natural village,
    admin village, township and county.
    """
    return _rate(ctx, target, ("centralized",), _SEVERITY_CENTRALIZED, "gap.water.centralized_rate.reason")


def tap_rate(ctx: Context, target: Target) -> IndicatorResult:
    """Tap water rate 自来水普及率, population-weighted.

    rate = Σ population(water_supply ∈ {"centralized", "tap"}) / Σ population, per natural
    village, admin village, township and county.
    """
    return _rate(ctx, target, ("centralized", "tap"), _SEVERITY_TAP, "gap.water.tap_rate.reason")


def ledger_discrepancy(ctx: Context, check: Check) -> IndicatorResult:
    """Natural villages whose ledger contradicts the works' service areas.

    Listed: water_supply = "centralized" but inside no service area (ledger unsupported by the
    map), and water_supply ∈ {"dispersed", "none"} inside a service area (reached by a network
    but recorded as unserved). Unit value = listed villages / natural villages, target 0.
    """
    nv = ctx.dataset.layer(NATURAL_VILLAGES).reset_index(drop=True)
    membership = _service_membership(ctx)
    if membership is None:
        return IndicatorResult(
            empty_units(),
            empty_gaps(nv.crs),
            notes=[bilingual("note.no_service_areas")],
        )
    supply = _supply(ctx)
    inside = np.zeros(len(nv), dtype=bool)
    inside[membership["nv"].to_numpy()] = True
    area_name, area_id = _area_works(ctx, membership, len(nv))
    claimed = (supply == "centralized") & ~inside
    unserved = np.isin(supply, ("dispersed", "none")) & inside
    flagged = claimed | unserved
    population = numbers(nv["population"], 0.0).to_numpy()
    rule = as_target(check, comparison="<=", threshold=0.0, level="natural_village")
    measured = pd.DataFrame(
        {
            "village_code": objects(nv["village_code"]),
            "flagged": flagged.astype(float),
            "one": 1.0,
            "population": population,
        }
    )
    units = share_rollup(measured, ctx, rule, numerator="flagged", denominator="one", population="population")

    kind, is_claimed = supply[flagged], claimed[flagged]
    variant = np.where(is_claimed, "claimed", "unserved")
    reason_zh, reason_en = render_both(
        np.strings.add("gap.water.ledger_discrepancy.reason.", variant),
        people=population[flagged],
        area=ByLang(area_name[flagged], area_id[flagged]),
        supply=_supply_words(kind),
    )
    need_zh, need_en = render_both(np.strings.add("gap.water.ledger_discrepancy.need.", variant))
    rows = {
        "feature_id": objects(nv["nv_id"])[flagged],
        "name": objects(nv["name"])[flagged],
        "village_code": objects(nv["village_code"])[flagged],
        "reason_zh": reason_zh,
        "reason_en": reason_en,
        "need_zh": need_zh,
        "need_en": need_en,
        "population_affected": population[flagged],
        "severity": np.where(is_claimed, 0.5, 0.6),
    }
    gaps = make_gaps(
        ctx,
        rows,
        nv.geometry[flagged],
        layer=NATURAL_VILLAGES,
        indicator_id=check.id,
        target_id=check.id,
        bureau=check.bureau,
    )
    return IndicatorResult(units, gaps)


def works_overload(ctx: Context, check: Check) -> IndicatorResult:
    """Water works serving more people than their design capacity.

    served(w) = Σ population × share of the "centralized" natural villages it serves (inside its
    service area, shared equally between overlapping areas; a village outside every service
    area goes to the nearest works that has no service area drawn — all works when the dataset
    has no service-area layer); load(w) = served(w) × per_capita_m3d / capacity_m3d(w); overloaded when
    load > max_load. One unit row per works (value = load, numerator = demand m³/day,
    denominator = capacity m³/day, population = served people).
    """
    per_capita = float(check.params.get("per_capita_m3d", 0.1))
    max_load = float(check.params.get("max_load", 1.0))
    if not ctx.has(WATER_WORKS):
        return IndicatorResult(empty_units(), empty_gaps(), notes=[bilingual("note.no_water_works")])
    works = ctx.dataset.layer(WATER_WORKS).reset_index(drop=True)
    works_ids = works["works_id"].astype("string")
    nv = ctx.dataset.layer(NATURAL_VILLAGES).reset_index(drop=True)
    population = numbers(nv["population"], 0.0).to_numpy()
    centralized = _supply(ctx) == "centralized"

    membership = _service_membership(ctx)
    works_points = ctx.metric(WATER_WORKS).geometry.to_numpy()
    nv_points = ctx.metric(NATURAL_VILLAGES).geometry.to_numpy()
    served = pd.Series(dtype=float)
    unassigned = centralized.copy()  # centralized villages not yet given to a works
    nearest_pool = np.ones(len(works), dtype=bool)  # works that take the unassigned villages nearest to them
    basis = "gap.water.works_overload.term.basis_nearest"
    if membership is not None:
        pairs = membership[centralized[membership["nv"].to_numpy()]].copy()
        pairs["share"] = 1.0 / pairs.groupby("nv")["works_id"].transform("size")
        pairs["people"] = population[pairs["nv"].to_numpy()] * pairs["share"]
        served = pairs.groupby("works_id")["people"].sum()
        unassigned[membership["nv"].to_numpy()] = False
        nearest_pool = ~works_ids.isin(set(objects(ctx.dataset.layer(WATER_SERVICE_AREAS)["works_id"]))).to_numpy()
        basis = "gap.water.works_overload.term.basis_areas"
    if nearest_pool.any() and unassigned.any():
        # villages outside every service area go to the nearest works that has no service area drawn
        pool = np.flatnonzero(nearest_pool)
        index, _ = nearest(nv_points[unassigned], works_points[pool])
        keep = index >= 0
        extra = pd.Series(population[unassigned][keep]).groupby(works_ids.to_numpy()[pool[index[keep]]]).sum()
        served = served.add(extra, fill_value=0.0)
        if membership is not None:
            basis = "gap.water.works_overload.term.basis_mixed"
    served_people = works_ids.map(served).fillna(0.0).astype(float).to_numpy()
    capacity = numbers(works["capacity_m3d"]).to_numpy()
    demand = served_people * per_capita
    with np.errstate(divide="ignore", invalid="ignore"):
        load = np.where(capacity > 0, demand / capacity, np.where(demand > 0, np.inf, np.nan))
    rule = as_target(check, comparison="<=", threshold=max_load, level="feature")
    units = finish_units(
        pd.DataFrame(
            {
                "level": "feature",
                "unit_code": works_ids.to_numpy(),
                "unit_name": works["name"].astype("string").to_numpy(),
                "value": load,
                "numerator": demand,
                "denominator": capacity,
                "population": served_people,
            }
        ),
        rule,
    )

    over = np.nan_to_num(load, nan=0.0) > max_load
    cap_people = capacity[over] / per_capita if per_capita > 0 else np.full(int(over.sum()), np.inf)
    extra = np.ceil(np.round(demand[over] - capacity[over] * max_load, 6))
    reason_zh, reason_en = render_both(
        "gap.water.works_overload.reason",
        capacity=capacity[over],
        per_capita=f"{per_capita:g}",
        capacity_people=cap_people,
        basis=term(basis),
        served=served_people[over],
        load=load[over],
    )
    need_zh, need_en = render_both("gap.water.works_overload.need", extra=extra)
    rows = {
        "feature_id": objects(works_ids)[over],
        "name": objects(works["name"])[over],
        "village_code": objects(village_codes(ctx, WATER_WORKS))[over],
        "reason_zh": reason_zh,
        "reason_en": reason_en,
        "value": load[over],
        "target": max_load,
        "need_zh": need_zh,
        "need_en": need_en,
        "need_amount": extra,
        **need_unit("gap.unit.m3d_extra"),
        "population_affected": served_people[over],
        "severity": np.clip(
            np.nan_to_num(load[over] / max_load - 1.0 if max_load > 0 else load[over], posinf=1.0), 0.0, 1.0
        ),
    }
    gaps = make_gaps(
        ctx,
        rows,
        works.geometry[over],
        layer=WATER_WORKS,
        indicator_id=check.id,
        target_id=check.id,
        bureau=check.bureau,
    )
    details = works[["works_id", "name", "scale", "capacity_m3d", "geometry"]].copy()
    details["served_population"] = served_people
    details["demand_m3d"] = demand
    details["load"] = load
    return IndicatorResult(units, gaps, details)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        IndicatorSpec(
            "water.centralized_rate",
            "农村集中供水率",
            "Centralized water supply rate",
            "share",
            "县水利局",
            domain="water",
        ),
        compute=centralized_rate,
    ),
    Indicator(
        IndicatorSpec("water.tap_rate", "自来水普及率", "Tap water rate", "share", "县水利局", domain="water"),
        compute=tap_rate,
    ),
)

CHECKS: tuple[CheckRule, ...] = (
    CheckRule(
        CheckSpec(
            "water.ledger_discrepancy",
            "供水台账与供水范围不一致",
            "Water ledger disagrees with the service areas",
            "县水利局",
        ),
        compute=ledger_discrepancy,
    ),
    CheckRule(
        CheckSpec(
            "water.works_overload",
            "供水工程超负荷",
            "Water works serving more people than its capacity",
            "县水利局",
            params={"per_capita_m3d": NUMBER, "max_load": NUMBER},
            defaults={"per_capita_m3d": 0.1, "max_load": 1.0},
        ),
        compute=works_overload,
    ),
)
