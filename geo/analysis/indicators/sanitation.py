"""Rural living environment (农村人居环境): garbage collection and sanitary toilets.

* ``sanitation.garbage_natural_villages`` — garbage collection covering natural villages
  生活垃圾收运处置体系覆盖自然村比例. The plan counts villages, not people::

      share(unit) = number of natural villages with garbage_collected / number of natural villages

* ``sanitation.sanitary_toilet_rate`` — household sanitary toilet rate 农村户用卫生厕所普及率,
  household-weighted::

      rate(unit) = Σ min(sanitary_toilet_households, households) / Σ households

  (a ledger with more sanitary toilets than households is capped at the households and noted).

Gap rows: every natural village without garbage collection (with the nearest garbage transfer
station), and every natural village whose own toilet rate is below the target (with the
households still to equip to reach it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.analysis.context import Context, flags, nearest, numbers, objects, take
from geo.analysis.gap_rows import empty_gaps, target_gaps
from geo.analysis.result import Indicator, IndicatorResult
from geo.analysis.rollup import empty_units, share_rollup
from geo.core.catalog import IndicatorSpec
from geo.core.targets import Target
from geo.text.formatters import cat, int_text, km_text, pct_text


def _nearest_facility(ctx: Context, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Name of the nearest facility of ``kind`` to every natural village (None if none) and its distance (m)."""
    nv = ctx.metric("natural_villages")
    if not ctx.has("facilities"):
        return np.full(len(nv), None, dtype=object), np.full(len(nv), np.inf)
    facilities = ctx.metric("facilities")
    chosen = objects(facilities["kind"]) == kind
    index, distance = nearest(nv.geometry.to_numpy(), facilities.geometry.to_numpy()[chosen])
    return take(objects(facilities["name"])[chosen], index), distance


def _ids(nv: pd.DataFrame) -> dict[str, np.ndarray]:
    return {"village_code": objects(nv["village_code"]), "nv_id": objects(nv["nv_id"]), "name": objects(nv["name"])}


def garbage_natural_villages(ctx: Context, target: Target) -> IndicatorResult:
    """Share of natural villages covered by garbage collection (count of villages, not people).

    share = #natural villages with garbage_collected / #natural villages, per admin village,
    township and county; each natural village is 1 or 0.
    """
    nv = ctx.dataset.layer("natural_villages").reset_index(drop=True)
    if len(nv) == 0:
        return IndicatorResult(empty_units(), empty_gaps(nv.crs), notes=["没有自然村数据 / no natural villages"])
    collected = flags(nv["garbage_collected"]).to_numpy()
    population = numbers(nv["population"], 0.0).to_numpy()
    ids = _ids(nv)
    measured = pd.DataFrame({**ids, "collected": collected.astype(float), "one": 1.0, "population": population})
    units = share_rollup(
        measured,
        ctx,
        target,
        numerator="collected",
        denominator="one",
        feature=("natural_village", "nv_id", "name"),
        population="population",
    )

    gap = ~collected
    station, distance = _nearest_facility(ctx, "garbage_station")
    near, dist, people = station[gap], distance[gap], int_text(population[gap])
    need_zh = np.where(
        pd.isna(near),
        "纳入“村收集、镇转运、县处理”体系，配置垃圾收集点和保洁员",
        cat("纳入“村收集、镇转运、县处理”体系；最近的垃圾中转站「", near, "」距该村 ", km_text(dist), " 公里"),
    )
    rows = {
        "feature_id": ids["nv_id"][gap],
        "name": ids["name"][gap],
        "village_code": ids["village_code"][gap],
        "reason_zh": cat("该自然村生活垃圾未纳入收运处置体系，影响 ", people, " 人"),
        "reason_en": cat("No garbage collection; ", people, " people"),
        "value": 0.0,
        "need_zh": need_zh,
        "need_amount": np.where(np.isfinite(dist), np.round(dist), np.nan),
        "need_unit": "米（距最近垃圾中转站）",
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
    nv = ctx.dataset.layer("natural_villages").reset_index(drop=True)
    if len(nv) == 0:
        return IndicatorResult(empty_units(), empty_gaps(nv.crs), notes=["没有自然村数据 / no natural villages"])
    households = numbers(nv["households"], 0.0).to_numpy()
    recorded = numbers(nv["sanitary_toilet_households"], 0.0).to_numpy()
    sanitary = np.minimum(recorded, households)
    population = numbers(nv["population"], 0.0).to_numpy()
    notes: list[str] = []
    over = int((recorded > households).sum())
    if over:
        notes.append(
            f"{over} 个自然村的卫生厕所户数大于总户数，已按总户数计 / {over} natural villages record more sanitary "
            "toilets than households (capped at the households)"
        )
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
    gap = (households > 0) & ~target.is_met(pd.Series(rate)).to_numpy()
    hh, have, pop, share = households[gap], sanitary[gap], population[gap], rate[gap]
    missing = hh - have
    to_target = np.maximum(np.ceil(np.round(target.threshold * hh, 6)) - have, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        people = np.round(np.where(hh > 0, missing * pop / hh, 0.0))
    threshold = pct_text([target.threshold])[0]
    rows = {
        "feature_id": ids["nv_id"][gap],
        "name": ids["name"][gap],
        "village_code": ids["village_code"][gap],
        "reason_zh": cat(
            "卫生厕所 ",
            int_text(have),
            "/",
            int_text(hh),
            " 户（",
            pct_text(share),
            "），低于 ",
            threshold,
            "，尚有 ",
            int_text(missing),
            " 户未改厕",
        ),
        "reason_en": cat(
            "Sanitary toilets in ",
            int_text(have),
            " of ",
            int_text(hh),
            " households (",
            pct_text(share),
            "), below ",
            threshold,
        ),
        "value": share,
        "need_zh": cat("达标需再改厕 ", int_text(to_target), " 户，全部改厕需 ", int_text(missing), " 户"),
        "need_amount": to_target,
        "need_unit": "户（达标需改厕）",
        "population_affected": people,
    }
    gaps = target_gaps(ctx, target, rows, nv.geometry[gap], layer="natural_villages")
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
        ),
        compute=garbage_natural_villages,
    ),
    Indicator(
        IndicatorSpec(
            "sanitation.sanitary_toilet_rate",
            "农村户用卫生厕所普及率",
            "Households with a sanitary toilet",
            "share",
            "县农业农村局",
            domain="sanitation",
        ),
        compute=sanitary_toilet_rate,
    ),
)
