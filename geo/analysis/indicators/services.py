"""Village services (公共服务): bus, express delivery, village clinics and township hospitals.

An admin village has a service when a facility of the kind (``facilities`` layer) is inside the
village — its ``village_code`` is the village's, or, without a code, it lies in the village
polygon — or, where the target sets ``max_distance_m``, lies within that straight-line distance
of the village seat (village committee ``seat_x``/``seat_y``, else its most populous natural
village; :attr:`Context.village_seats`). With ``require_standardized`` a facility whose
``standardized`` is false does not count (missing counts as standard).

* ``transport.bus_admin_villages`` — kind ``bus_stop``, ``max_distance_m``.
* ``logistics.express_admin_villages`` — kind ``express_point``, ``max_distance_m``.
* ``health.clinic_admin_villages`` — kind ``clinic`` inside the village.
* ``health.township_hospitals`` — kind ``township_hospital`` inside the township (by the
  township of its village code, else by location); measured per township.

share(unit) = villages (townships) with the service / villages (townships), per township and
county; each village is 1 or 0. Gap rows: each village (township) without it, with its
population and the nearest such facility.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.analysis.context import Context, flags, member, nearest, numbers, objects, take, village_codes
from geo.analysis.gap_rows import empty_gaps, target_gaps
from geo.analysis.result import IndicatorFunction, IndicatorResult
from geo.analysis.rollup import empty_units, share_rollup
from geo.core.targets import Target
from geo.text.formatters import cat, int_text, km_text


@dataclass(frozen=True)
class _Service:
    kind: str
    kind_zh: str
    kind_en: str
    need_zh: str  # what to do when a village has none


BUS = _Service("bus_stop", "客运站点", "bus stop", "延伸农村客运线路或增设招呼站")
EXPRESS = _Service(
    "express_point", "快递服务点", "express delivery point", "依托村级综合服务中心或邮政网点设立村级快递服务点"
)
CLINIC = _Service("clinic", "村卫生室", "village clinic", "新建标准化村卫生室")
HOSPITAL = _Service("township_hospital", "乡镇卫生院", "township hospital", "建设政府办标准化乡镇卫生院")


@dataclass(frozen=True)
class _Facilities:
    name: np.ndarray  # object
    village_code: np.ndarray  # object, None when unknown
    standard: np.ndarray  # bool
    points: np.ndarray  # metric geometries


def _facilities(ctx: Context, service: _Service) -> _Facilities:
    """Facilities of the kind, with their village code and whether they count as standard."""
    if not ctx.has("facilities"):
        empty = np.array([], dtype=object)
        return _Facilities(empty, empty, np.array([], dtype=bool), empty)
    facilities = ctx.metric("facilities")
    chosen = objects(facilities["kind"]) == service.kind
    standard = np.ones(len(facilities), dtype=bool)
    if "standardized" in facilities:
        standard = flags(facilities["standardized"], missing=True).to_numpy()
    return _Facilities(
        objects(facilities["name"])[chosen],
        objects(village_codes(ctx, "facilities"))[chosen],
        standard[chosen],
        facilities.geometry.to_numpy()[chosen],
    )


def _village_service(ctx: Context, target: Target, service: _Service) -> IndicatorResult:
    villages = ctx.dataset.layer("admin_villages").reset_index(drop=True)
    if len(villages) == 0:
        return IndicatorResult(empty_units(), empty_gaps(villages.crs), notes=["没有行政村数据 / no admin villages"])
    codes = objects(villages["village_code"])
    max_distance = target.params.get("max_distance_m")
    require_standard = bool(target.params.get("require_standardized", False))
    found = _facilities(ctx, service)
    counts = found.standard | (not require_standard)
    inside = member(codes, found.village_code[counts])
    substandard = member(codes, found.village_code[~counts]) & ~inside
    seats = ctx.village_seats.reindex(codes).to_numpy()
    index, distance = nearest(seats, found.points[counts])
    nearest_name = take(found.name[counts], index)
    has = inside | (distance <= float(max_distance)) if max_distance is not None else inside.copy()
    population = numbers(villages["population"], 0.0).to_numpy()
    measured = pd.DataFrame({"village_code": codes, "has": has.astype(float), "one": 1.0})
    units = share_rollup(
        measured, ctx, target, numerator="has", denominator="one", levels=("admin_village", "township", "county")
    )

    gap = ~has
    people, near, dist, poor = int_text(population[gap]), nearest_name[gap], distance[gap], substandard[gap]
    where_zh = f"内及村委会 {float(max_distance) / 1000:g} 公里范围内" if max_distance is not None else "内"
    where_en = (
        f"in the village or within {float(max_distance):g} m of its seat"
        if max_distance is not None
        else "in the village"
    )
    reason_zh = cat("该行政村", where_zh, "没有", service.kind_zh, "，影响 ", people, " 人")
    need_zh = np.where(
        pd.isna(near),
        service.need_zh,
        cat(service.need_zh, "；最近的", service.kind_zh, "「", near, "」距村委会 ", km_text(dist), " 公里"),
    )
    if require_standard:
        reason_zh = np.where(poor, cat(service.kind_zh, "未达到标准化要求，影响 ", people, " 人"), reason_zh)
        need_zh = np.where(poor, "按标准化要求改造" + service.kind_zh, need_zh)
    rows = {
        "feature_id": codes[gap],
        "name": objects(villages["name"])[gap],
        "village_code": codes[gap],
        "reason_zh": reason_zh,
        "reason_en": cat(f"No {service.kind_en} {where_en}; ", people, " people"),
        "value": 0.0,
        "need_zh": need_zh,
        "need_amount": np.where(np.isfinite(dist), np.round(dist), np.nan),
        "need_unit": f"米（村委会至最近{service.kind_zh}）",
        "population_affected": population[gap],
        "severity": np.where(poor, 0.6, 1.0) if require_standard else 1.0,
    }
    gaps = target_gaps(ctx, target, rows, villages.geometry[gap], layer="admin_villages")
    details = villages[["village_code", "name", "geometry"]].copy()
    details["has_service"] = has
    details["nearest_facility"] = nearest_name
    details["nearest_m"] = distance
    return IndicatorResult(units, gaps, details)


def bus_admin_villages(ctx: Context, target: Target) -> IndicatorResult:
    """Share of admin villages with bus service: a bus stop in the village or within max_distance_m of its seat."""
    return _village_service(ctx, target, BUS)


def express_admin_villages(ctx: Context, target: Target) -> IndicatorResult:
    """Share of admin villages with an express point in the village or within max_distance_m of its seat."""
    return _village_service(ctx, target, EXPRESS)


def clinic_admin_villages(ctx: Context, target: Target) -> IndicatorResult:
    """Share of admin villages with a (standardized, when required) clinic in the village."""
    return _village_service(ctx, target, CLINIC)


def township_hospitals(ctx: Context, target: Target) -> IndicatorResult:
    """Share of townships with a (standardized, when required) township hospital in the township.

    A hospital belongs to the township of its village code, else to the township containing it.
    share = townships with one / townships (county level); each township is 1 or 0.
    """
    towns = ctx.dataset.layer("townships").reset_index(drop=True)
    if len(towns) == 0:
        return IndicatorResult(empty_units(), empty_gaps(towns.crs), notes=["没有乡镇数据 / no townships"])
    town_codes = objects(towns["town_code"])
    require_standard = bool(target.params.get("require_standardized", False))
    found = _facilities(ctx, HOSPITAL)
    h = ctx.hierarchy
    facility_town = take(h.town_codes.to_numpy(dtype=object), h.town_of(h.village_positions(found.village_code)))
    unknown = facility_town == None  # noqa: E711
    if unknown.any():
        metric_towns = ctx.metric("townships")
        index, _ = nearest(found.points[unknown], metric_towns.geometry.to_numpy())
        facility_town[unknown] = take(objects(metric_towns["town_code"]), index)
    counts = found.standard | (not require_standard)
    has = member(town_codes, facility_town[counts])
    substandard = member(town_codes, facility_town[~counts]) & ~has
    measured = pd.DataFrame({"town_code": town_codes, "has": has.astype(float), "one": 1.0})
    units = share_rollup(measured, ctx, target, numerator="has", denominator="one", levels=("township", "county"))

    gap = ~has
    pop = take(h.town_population.astype(object), h.town_positions(town_codes[gap])).astype(float)
    people, poor = int_text(pop), substandard[gap]
    rows = {
        "feature_id": town_codes[gap],
        "name": objects(towns["name"])[gap],
        "town_code": town_codes[gap],
        "reason_zh": np.where(
            poor,
            cat("乡镇卫生院未达到标准化要求，影响 ", people, " 人"),
            cat("该乡镇没有政府办乡镇卫生院，影响 ", people, " 人"),
        ),
        "reason_en": cat("No standard township hospital; ", people, " people"),
        "value": 0.0,
        "need_zh": np.where(poor, "按标准化要求改造乡镇卫生院", HOSPITAL.need_zh),
        "population_affected": pop,
        "severity": np.where(poor, 0.6, 1.0),
    }
    gaps = target_gaps(ctx, target, rows, towns.geometry[gap], layer="townships")
    return IndicatorResult(units, gaps)


INDICATOR_FUNCTIONS: dict[str, IndicatorFunction] = {
    "transport.bus_admin_villages": bus_admin_villages,
    "logistics.express_admin_villages": express_admin_villages,
    "health.clinic_admin_villages": clinic_admin_villages,
    "health.township_hospitals": township_hospitals,
}
