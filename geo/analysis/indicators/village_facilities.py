"""Whether an admin village has a facility of a kind: in the village, or near its seat.

An admin village has a service when a facility of the kind (``facilities`` layer) is inside the
village — its ``village_code`` is the village's, or, without a code, it lies in the village
polygon — or, where the target sets ``max_distance_m``, lies within that straight-line distance
of the village seat (village committee ``seat_x``/``seat_y``, else its most populous natural
village; :attr:`Context.village_seats`). With ``require_standardized`` a facility whose
``standardized`` is false does not count (missing counts as standard).

share(unit) = villages with the service / villages, per township and county; each village is 1
or 0. Gap rows: each village without it, with its population and the nearest such facility.
Used by :mod:`geo.analysis.indicators.transport` (bus stops), :mod:`geo.analysis.indicators.logistics`
(express points) and :mod:`geo.analysis.indicators.health` (village clinics; it also reads
township hospitals with :func:`facilities_of`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.analysis.context import Context, flags, member, nearest, numbers, objects, take, village_codes
from geo.analysis.gap_rows import empty_gaps, need_unit, target_gaps
from geo.analysis.result import IndicatorResult
from geo.analysis.rollup import empty_units, share_rollup
from geo.core.layer_names import ADMIN_VILLAGES, FACILITIES
from geo.core.targets import Target
from geo.text.i18n import ByLang, bilingual, term
from geo.text.templates import render_both


@dataclass(frozen=True)
class Service:
    """A kind of facility a village (or township) should have. Its name (gap.service.term.<kind>)
    and what to do where there is none (gap.service.need.<kind>) are in the string catalogue."""

    kind: str

    def noun(self) -> ByLang:
        return term(f"gap.service.term.{self.kind}")

    def remedy(self) -> ByLang:
        return term(f"gap.service.need.{self.kind}")


@dataclass(frozen=True)
class Facilities:
    """The facilities of one kind, as arrays."""

    name: np.ndarray  # object
    facility_id: np.ndarray  # object
    village_code: np.ndarray  # object, None when unknown
    standard: np.ndarray  # bool
    points: np.ndarray  # metric geometries


def facilities_of(ctx: Context, service: Service) -> Facilities:
    """Facilities of the kind, with their village code and whether they count as standard."""
    if not ctx.has(FACILITIES):
        empty = np.array([], dtype=object)
        return Facilities(empty, empty, empty, np.array([], dtype=bool), empty)
    facilities = ctx.metric(FACILITIES)
    chosen = objects(facilities["kind"]) == service.kind
    standard = np.ones(len(facilities), dtype=bool)
    if "standardized" in facilities:
        standard = flags(facilities["standardized"], missing=True).to_numpy()
    return Facilities(
        objects(facilities["name"])[chosen],
        objects(facilities["facility_id"])[chosen],
        objects(village_codes(ctx, FACILITIES))[chosen],
        standard[chosen],
        facilities.geometry.to_numpy()[chosen],
    )


def village_service(ctx: Context, target: Target, service: Service) -> IndicatorResult:
    """Share of admin villages with the service (see the module docstring), with gap rows and details."""
    villages = ctx.dataset.layer(ADMIN_VILLAGES).reset_index(drop=True)
    if len(villages) == 0:
        return IndicatorResult(empty_units(), empty_gaps(villages.crs), notes=[bilingual("note.no_admin_villages")])
    codes = objects(villages["village_code"])
    max_distance = target.params.get("max_distance_m")
    require_standard = bool(target.params.get("require_standardized", False))
    found = facilities_of(ctx, service)
    counts = found.standard | (not require_standard)
    inside = member(codes, found.village_code[counts])
    substandard = member(codes, found.village_code[~counts]) & ~inside
    seats = ctx.village_seats.reindex(codes).to_numpy()
    index, distance = nearest(seats, found.points[counts])
    nearest_name = take(found.name[counts], index)
    nearest_id = take(found.facility_id[counts], index)
    has = inside | (distance <= float(max_distance)) if max_distance is not None else inside.copy()
    population = numbers(villages["population"], 0.0).to_numpy()
    measured = pd.DataFrame({"village_code": codes, "has": has.astype(float), "one": 1.0})
    units = share_rollup(
        measured, ctx, target, numerator="has", denominator="one", levels=("admin_village", "township", "county")
    )

    gap = ~has
    near, dist, poor = nearest_name[gap], distance[gap], substandard[gap]
    reason_key = np.where(
        poor,
        "gap.service.reason.substandard",
        "gap.service.reason.in_village" if max_distance is None else "gap.service.reason.near_seat",
    )
    limit = ByLang(f"{float(max_distance) / 1000:g}", f"{float(max_distance):g}") if max_distance is not None else ""
    reason_zh, reason_en = render_both(reason_key, kind=service.noun(), people=population[gap], limit=limit)
    need_key = np.where(
        poor,
        "gap.service.need.substandard",
        np.where(pd.isna(near), f"gap.service.need.{service.kind}", "gap.service.need.nearest"),
    )
    need_zh, need_en = render_both(
        need_key, need=service.remedy(), kind=service.noun(), facility=ByLang(near, nearest_id[gap]), distance=dist
    )
    rows = {
        "feature_id": codes[gap],
        "name": objects(villages["name"])[gap],
        "village_code": codes[gap],
        "reason_zh": reason_zh,
        "reason_en": reason_en,
        "value": 0.0,
        "need_zh": need_zh,
        "need_en": need_en,
        "need_amount": np.where(np.isfinite(dist), np.round(dist), np.nan),
        **need_unit("gap.unit.m_to_service", kind=service.noun()),
        "population_affected": population[gap],
        "severity": np.where(poor, 0.6, 1.0) if require_standard else 1.0,
    }
    gaps = target_gaps(ctx, target, rows, villages.geometry[gap], layer=ADMIN_VILLAGES)
    details = villages[["village_code", "name", "geometry"]].copy()
    details["has_service"] = has
    details["nearest_facility"] = nearest_name
    details["nearest_m"] = distance
    return IndicatorResult(units, gaps, details)
