"""Rural living environment (农村人居环境): garbage collection, sewage treatment and sanitary toilets.

* ``sanitation.garbage_natural_villages`` — garbage collection covering natural villages
  生活垃圾收运处置体系覆盖自然村比例. The plan counts villages, not people::

      share(unit) = number of natural villages with garbage_collected / number of natural villages

* ``sanitation.sewage_natural_villages`` — rural sewage treatment rate 农村生活污水治理率, counted
  like garbage collection (the plans ask it to rise by 5 percentage points, a direction target)::

      share(unit) = number of natural villages with sewage_treated / number of natural villages

* ``sanitation.sanitary_toilet_rate`` — household sanitary toilet rate 农村户用卫生厕所普及率,
  household-weighted::

      rate(unit) = Σ min(sanitary_toilet_households, households) / Σ households

  (a ledger with more sanitary toilets than households is capped at the households and noted).

Gap rows: every natural village without garbage collection (with the nearest garbage transfer
station), every natural village without sewage treatment, and every natural village whose own toilet rate is below the target (with the
households still to equip to reach it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.analysis.context import Context, flags, nearest, numbers, objects, take
from geo.analysis.gap_rows import empty_gaps, need_unit, target_gaps
from geo.analysis.result import Indicator, IndicatorResult
from geo.analysis.rollup import empty_units, share_rollup
from geo.core.catalog import RURAL, IndicatorSpec
from geo.core.layer_names import FACILITIES, NATURAL_VILLAGES
from geo.core.targets import Target
from geo.text.i18n import ByLang, bilingual
from geo.text.templates import render_both


def _nearest_facility(ctx: Context, kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Name and id of the nearest facility of ``kind`` to every natural village (None if none) and its distance (m)."""
    nv = ctx.metric(NATURAL_VILLAGES)
    if not ctx.has(FACILITIES):
        none = np.full(len(nv), None, dtype=object)
        return none, none, np.full(len(nv), np.inf)
    facilities = ctx.metric(FACILITIES)
    chosen = objects(facilities["kind"]) == kind
    index, distance = nearest(nv.geometry.to_numpy(), facilities.geometry.to_numpy()[chosen])
    return (
        take(objects(facilities["name"])[chosen], index),
        take(objects(facilities["facility_id"])[chosen], index),
        distance,
    )


def _ids(nv: pd.DataFrame) -> dict[str, np.ndarray]:
    return {"village_code": objects(nv["village_code"]), "nv_id": objects(nv["nv_id"]), "name": objects(nv["name"])}


def _village_share(
    ctx: Context, target: Target, nv: pd.DataFrame, yes: np.ndarray
) -> tuple[dict[str, np.ndarray], np.ndarray, pd.DataFrame]:
    """Ids and people of the natural villages ``nv``, and the share of them where ``yes`` holds (each village 1 or 0)."""
    population = numbers(nv["population"], 0.0).to_numpy()
    ids = _ids(nv)
    measured = pd.DataFrame({**ids, "yes": yes.astype(float), "one": 1.0, "population": population})
    units = share_rollup(
        measured,
        ctx,
        target,
        numerator="yes",
        denominator="one",
        feature=("natural_village", "nv_id", "name"),
        population="population",
    )
    return ids, population, units


def garbage_natural_villages(ctx: Context, target: Target) -> IndicatorResult:
    """Share of natural villages covered by garbage collection (count of villages, not people).

    share = #natural villages with garbage_collected / #natural villages, per admin village,
    township and county; each natural village is 1 or 0.
    """
    nv = ctx.dataset.layer(NATURAL_VILLAGES).reset_index(drop=True)
    if len(nv) == 0:
        return IndicatorResult(empty_units(), empty_gaps(nv.crs), notes=[bilingual("note.no_natural_villages")])
    collected = flags(nv["garbage_collected"]).to_numpy()
    ids, population, units = _village_share(ctx, target, nv, collected)

    gap = ~collected
    station, station_id, distance = _nearest_facility(ctx, "garbage_station")
    near, dist = station[gap], distance[gap]
    reason_zh, reason_en = render_both("gap.sanitation.garbage_natural_villages.reason", people=population[gap])
    need_zh, need_en = render_both(
        np.where(
            pd.isna(near),
            "gap.sanitation.garbage_natural_villages.need.none",
            "gap.sanitation.garbage_natural_villages.need.nearest",
        ),
        station=ByLang(near, station_id[gap]),
        distance=dist,
    )
    rows = {
        "feature_id": ids["nv_id"][gap],
        "name": ids["name"][gap],
        "village_code": ids["village_code"][gap],
        "reason_zh": reason_zh,
        "reason_en": reason_en,
        "value": 0.0,
        "need_zh": need_zh,
        "need_en": need_en,
        "need_amount": np.where(np.isfinite(dist), np.round(dist), np.nan),
        **need_unit("gap.unit.m_to_garbage_station"),
        "population_affected": population[gap],
        "severity": 1.0,
    }
    gaps = target_gaps(ctx, target, rows, nv.geometry[gap], layer=NATURAL_VILLAGES)
    return IndicatorResult(units, gaps)


def sewage_natural_villages(ctx: Context, target: Target) -> IndicatorResult:
    """Share of natural villages whose domestic sewage is treated (count of villages; unknown counts as untreated).

    share = #natural villages with sewage_treated / #natural villages, per admin village,
    township and county. Without a ``sewage_treated`` column nothing is measured (a note says so).
    """
    nv = ctx.dataset.layer(NATURAL_VILLAGES).reset_index(drop=True)
    if len(nv) == 0 or "sewage_treated" not in nv:
        return IndicatorResult(empty_units(), empty_gaps(nv.crs), notes=[bilingual("note.no_sewage")])
    treated = flags(nv["sewage_treated"]).to_numpy()
    ids, population, units = _village_share(ctx, target, nv, treated)
    gap = ~treated
    reason_zh, reason_en = render_both("gap.sanitation.sewage_natural_villages.reason", people=population[gap])
    need_zh, need_en = render_both("gap.sanitation.sewage_natural_villages.need", n=int(gap.sum()))
    rows = {
        "feature_id": ids["nv_id"][gap],
        "name": ids["name"][gap],
        "village_code": ids["village_code"][gap],
        "reason_zh": reason_zh,
        "reason_en": reason_en,
        "value": 0.0,
        "need_zh": need_zh,
        "need_en": need_en,
        "population_affected": population[gap],
        "severity": 1.0,
    }
    gaps = target_gaps(ctx, target, rows, nv.geometry[gap], layer="natural_villages")
    return IndicatorResult(units, gaps)


def sanitary_toilet_rate(ctx: Context, target: Target) -> IndicatorResult:
    """Household sanitary toilet rate, household-weighted.

    rate = Σ min(sanitary_toilet_households, households) / Σ households, per natural village,
    admin village, township and county. A natural village is a gap when its own rate is below
    the target; it takes ⌈target × households⌉ − sanitary households to reach it.
    """
    nv = ctx.dataset.layer(NATURAL_VILLAGES).reset_index(drop=True)
    if len(nv) == 0:
        return IndicatorResult(empty_units(), empty_gaps(nv.crs), notes=[bilingual("note.no_natural_villages")])
    households = numbers(nv["households"], 0.0).to_numpy()
    recorded = numbers(nv["sanitary_toilet_households"], 0.0).to_numpy()
    sanitary = np.minimum(recorded, households)
    population = numbers(nv["population"], 0.0).to_numpy()
    notes: list[str] = []
    over = int((recorded > households).sum())
    if over:
        notes.append(bilingual("note.toilets_capped", n=over))
    ids = _ids(nv)
    measured = pd.DataFrame({**ids, "sanitary": sanitary, "households": households, "population": population})
    units = share_rollup(
        measured,
        ctx,
        target,
        numerator="sanitary",
        denominator="households",
        feature=("natural_village", "nv_id", "name"),
        population="population",
    )

    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(households > 0, sanitary / households, np.nan)
    gap = (households > 0) & ~target.met_mask(pd.Series(rate)).to_numpy()
    hh, have, pop, share = households[gap], sanitary[gap], population[gap], rate[gap]
    missing = hh - have
    to_target = np.maximum(np.ceil(np.round(target.threshold * hh, 6)) - have, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        people = np.round(np.where(hh > 0, missing * pop / hh, 0.0))
    reason_zh, reason_en = render_both(
        "gap.sanitation.sanitary_toilet_rate.reason",
        have=have,
        households=hh,
        share=share,
        target=target.threshold,
        missing=missing,
    )
    need_zh, need_en = render_both("gap.sanitation.sanitary_toilet_rate.need", to_target=to_target, missing=missing)
    rows = {
        "feature_id": ids["nv_id"][gap],
        "name": ids["name"][gap],
        "village_code": ids["village_code"][gap],
        "reason_zh": reason_zh,
        "reason_en": reason_en,
        "value": share,
        "need_zh": need_zh,
        "need_en": need_en,
        "need_amount": to_target,
        **need_unit("gap.unit.households_toilets"),
        "population_affected": people,
    }
    gaps = target_gaps(ctx, target, rows, nv.geometry[gap], layer=NATURAL_VILLAGES)
    return IndicatorResult(units, gaps, notes=notes)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        IndicatorSpec(
            "sanitation.garbage_natural_villages",
            "生活垃圾收运处置体系覆盖自然村比例",
            "Natural villages with garbage collection",
            "share",
            "县农业农村局",
            domain="sanitation",
            params=RURAL,
        ),
        compute=garbage_natural_villages,
    ),
    Indicator(
        IndicatorSpec(
            "sanitation.sewage_natural_villages",
            "农村生活污水治理率（自然村）",
            "Natural villages with sewage treatment",
            "share",
            "县生态环境局",
            domain="sanitation",
            params=RURAL,
        ),
        compute=sewage_natural_villages,
    ),
    Indicator(
        IndicatorSpec(
            "sanitation.sanitary_toilet_rate",
            "农村户用卫生厕所普及率",
            "Households with a sanitary toilet",
            "share",
            "县农业农村局",
            domain="sanitation",
            params=RURAL,
        ),
        compute=sanitary_toilet_rate,
    ),
)
