"""Rural health care (农村医疗卫生): village clinics and township hospitals.

* ``health.clinic_admin_villages`` — a clinic (facility kind ``clinic``) inside the admin
  village (:func:`geo.analysis.indicators.village_facilities.village_service`).
* ``health.township_hospitals`` — a township hospital (kind ``township_hospital``) inside the
  township (by the township of its village code, else by location); measured per township.

With ``require_standardized`` a facility whose ``standardized`` is false does not count (missing
counts as standard). share(unit) = villages (townships) with one / villages (townships); each
is 1 or 0. Gap rows: each village (township) without one, with its population.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.analysis.context import Context, member, nearest, objects, take
from geo.analysis.gap_rows import empty_gaps, target_gaps
from geo.analysis.indicators.village_facilities import Service, facilities_of, village_service
from geo.analysis.result import Indicator, IndicatorResult
from geo.analysis.rollup import empty_units, share_rollup
from geo.core.catalog import IndicatorSpec
from geo.core.layer_names import TOWNSHIPS
from geo.core.targets import Target
from geo.text.i18n import bilingual
from geo.text.templates import render_both

CLINIC = Service("clinic")
HOSPITAL = Service("township_hospital")


def clinic_admin_villages(ctx: Context, target: Target) -> IndicatorResult:
    """Share of admin villages with a (standardized, when required) clinic in the village."""
    return village_service(ctx, target, CLINIC)


def township_hospitals(ctx: Context, target: Target) -> IndicatorResult:
    """Share of townships with a (standardized, when required) township hospital in the township.

    A hospital belongs to the township of its village code, else to the township containing it.
    share = townships with one / townships (county level); each township is 1 or 0.
    """
    towns = ctx.dataset.layer(TOWNSHIPS).reset_index(drop=True)
    if len(towns) == 0:
        return IndicatorResult(empty_units(), empty_gaps(towns.crs), notes=[bilingual("note.no_townships")])
    town_codes = objects(towns["town_code"])
    require_standard = bool(target.params.get("require_standardized", False))
    found = facilities_of(ctx, HOSPITAL)
    h = ctx.hierarchy
    facility_town = take(h.town_codes.to_numpy(dtype=object), h.town_of(h.village_positions(found.village_code)))
    unknown = facility_town == None  # noqa: E711
    if unknown.any():
        metric_towns = ctx.metric(TOWNSHIPS)
        index, _ = nearest(found.points[unknown], metric_towns.geometry.to_numpy())
        facility_town[unknown] = take(objects(metric_towns["town_code"]), index)
    counts = found.standard | (not require_standard)
    has = member(town_codes, facility_town[counts])
    substandard = member(town_codes, facility_town[~counts]) & ~has
    measured = pd.DataFrame({"town_code": town_codes, "has": has.astype(float), "one": 1.0})
    units = share_rollup(measured, ctx, target, numerator="has", denominator="one", levels=("township", "county"))

    gap = ~has
    pop = take(h.town_population.astype(object), h.town_positions(town_codes[gap])).astype(float)
    poor = substandard[gap]
    reason_zh, reason_en = render_both(
        np.where(poor, "gap.service.reason.substandard", "gap.health.township_hospitals.reason.none"),
        kind=HOSPITAL.noun(),
        people=pop,
    )
    need_zh, need_en = render_both(
        np.where(poor, "gap.service.need.substandard", "gap.service.need.township_hospital"), kind=HOSPITAL.noun()
    )
    rows = {
        "feature_id": town_codes[gap],
        "name": objects(towns["name"])[gap],
        "town_code": town_codes[gap],
        "reason_zh": reason_zh,
        "reason_en": reason_en,
        "value": 0.0,
        "need_zh": need_zh,
        "need_en": need_en,
        "population_affected": pop,
        "severity": np.where(poor, 0.6, 1.0),
    }
    gaps = target_gaps(ctx, target, rows, towns.geometry[gap], layer=TOWNSHIPS)
    return IndicatorResult(units, gaps)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        IndicatorSpec(
            "health.clinic_admin_villages",
            "行政村标准化村卫生室覆盖率",
            "Admin villages with a standard clinic",
            "share",
            "县卫健委",
            domain="services",
            params={"require_standardized": bool},
        ),
        compute=clinic_admin_villages,
    ),
    Indicator(
        IndicatorSpec(
            "health.township_hospitals",
            "乡镇标准化卫生院覆盖率",
            "Townships with a standard health centre",
            "share",
            "县卫健委",
            domain="services",
            params={"require_standardized": bool},
        ),
        compute=township_hospitals,
    ),
)
