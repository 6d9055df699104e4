"""Relocation sites (易地扶贫搬迁安置点): a stable job in every relocated household with labour, and
schools and clinics within reach along roads.

``relocation.employed_households``, per site and household-weighted up the hierarchy::

    share(unit) = Σ min(employed_households, labour) / Σ labour
    labour      = labour_households where recorded, else households

A site is a gap when its own share is below the target, with the households still without a
stable job; people affected ≈ those households × the site's people per household.

``relocation.service_access`` (安置点学校和卫生室可达): a site counts when the nearest school is
within ``max_school_m`` and the nearest clinic within ``max_clinic_m``, both measured *along
the road network*::

    d(site, kind) = min over facilities f of that kind of
                    offset(site) + network distance + offset(f)
    share(unit)   = sites with d(school) ≤ max_school_m and d(clinic) ≤ max_clinic_m / sites

Offsets are the straight lines from the site and from the facility to their nearest road
segment, where both attach at the projection point (:func:`geo.analysis.network.nearest_facility`: one
multi-source Dijkstra per kind from all its facilities). Why along roads: a school 1.5 km away
across a river without a bridge is an hour's walk; the plans ask that relocated families
actually *use* the host area's services.

Schools are facilities of kind ``school`` (kindergartens are not counted); clinics are
``clinic`` (村卫生室) and the hospitals (``township_hospital``, ``county_hospital``), which
serve as the village clinic of the place they stand in.

Units: each site (level ``feature``), admin village, township and county (count of sites).
``details`` (EPSG:4490): each site with both distances and the nearest school and clinic.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.analysis.context import Context, numbers, objects
from geo.analysis.gap_rows import empty_gaps, need_unit, target_gaps
from geo.analysis.indicators.road_reach import road_network
from geo.analysis.network.facility import nearest_facility
from geo.analysis.network.graph import build_graph
from geo.analysis.result import Indicator, IndicatorResult
from geo.analysis.rollup import empty_units, share_rollup
from geo.core.catalog import NUMBER, IndicatorSpec
from geo.core.crs import STORAGE_EPSG
from geo.core.layer_names import FACILITIES, RELOCATION_SITES, ROADS
from geo.core.targets import Target
from geo.text.i18n import ByLang, bilingual, term
from geo.text.templates import render_both

SCHOOL_KINDS = ("school",)
CLINIC_KINDS = ("clinic", "township_hospital", "county_hospital")


def employed_households(ctx: Context, target: Target) -> IndicatorResult:
    """Share of relocated households with labour that have at least one member in stable work.

    share = Σ min(employed_households, labour) / Σ labour with labour = labour_households
    (households when not recorded), per site, admin village, township and county.
    """
    if not ctx.has(RELOCATION_SITES):
        return IndicatorResult(empty_units(), empty_gaps(), notes=[bilingual("note.no_relocation_sites")])
    sites = ctx.dataset.layer(RELOCATION_SITES).reset_index(drop=True)
    households = numbers(sites["households"], 0.0)
    labour_recorded = (
        numbers(sites["labour_households"]) if "labour_households" in sites else pd.Series(np.nan, index=sites.index)
    )
    labour = labour_recorded.fillna(households)
    recorded = numbers(sites["employed_households"], 0.0)
    employed = np.minimum(recorded, labour)
    population = numbers(sites["population"], 0.0)
    notes: list[str] = []
    if labour_recorded.isna().any():
        notes.append(bilingual("note.labour_missing", n=int(labour_recorded.isna().sum())))
    if (recorded > labour).any():
        notes.append(bilingual("note.employed_capped", n=int((recorded > labour).sum())))
    ids = {
        "village_code": objects(sites["village_code"]),
        "site_id": objects(sites["site_id"]),
        "name": objects(sites["name"]),
    }
    measured = pd.DataFrame({**ids, "employed": employed, "labour": labour, "population": population})
    units = share_rollup(
        measured,
        ctx,
        target,
        numerator="employed",
        denominator="labour",
        feature=("feature", "site_id", "name"),
        population="population",
    )

    labour_a, employed_a, households_a, population_a = (
        labour.to_numpy(),
        employed.to_numpy(),
        households.to_numpy(),
        population.to_numpy(),
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(labour_a > 0, employed_a / labour_a, np.nan)
    gap = (labour_a > 0) & ~target.met_mask(pd.Series(share)).to_numpy()
    lab, emp, hh = labour_a[gap], employed_a[gap], households_a[gap]
    missing = lab - emp
    with np.errstate(divide="ignore", invalid="ignore"):
        people = np.round(np.where(hh > 0, missing * population_a[gap] / hh, 0.0))
    reason_zh, reason_en = render_both(
        "gap.relocation.employed_households.reason", labour=lab, employed=emp, missing=missing
    )
    need_zh, need_en = render_both("gap.relocation.employed_households.need", missing=missing)
    rows = {
        "feature_id": ids["site_id"][gap],
        "name": ids["name"][gap],
        "village_code": ids["village_code"][gap],
        "reason_zh": reason_zh,
        "reason_en": reason_en,
        "value": share[gap],
        "need_zh": need_zh,
        "need_en": need_en,
        "need_amount": missing,
        **need_unit("gap.unit.households_without_job"),
        "population_affected": people,
    }
    gaps = target_gaps(ctx, target, rows, sites.geometry[gap], layer=RELOCATION_SITES)
    return IndicatorResult(units, gaps, notes=notes)


# --- relocation.service_access ------------------------------------------------------------


def _nearest(ctx: Context, site_xy: np.ndarray, kinds: tuple[str, ...]) -> tuple[np.ndarray, pd.Series]:
    """Network distance (m) from each site to the nearest facility of ``kinds`` and its name."""
    n = len(site_xy)
    none = pd.Series(pd.NA, index=range(n), dtype="string")
    if not ctx.has(FACILITIES):
        return np.full(n, np.inf), none
    fac = ctx.metric(FACILITIES).reset_index(drop=True)
    fac = fac[fac["kind"].astype("string").str.strip().isin(kinds).fillna(False).to_numpy()].reset_index(drop=True)
    if len(fac) == 0:
        return np.full(n, np.inf), none
    graph = road_network(ctx)[1] if ctx.has(ROADS) else build_graph(np.empty(0, dtype=object))
    found = nearest_facility(graph, site_xy, shapely.get_coordinates(fac.geometry.to_numpy()))
    names = fac["name"].astype("string").to_numpy()
    name = pd.Series(np.where(found.facility >= 0, names[np.maximum(found.facility, 0)], None), dtype="string")
    return found.distance, name


def service_access(ctx: Context, target: Target) -> IndicatorResult:
    """Share of relocation sites with a school and a clinic within the distances, along roads.

    share = sites with d_school ≤ max_school_m and d_clinic ≤ max_clinic_m / sites; see the
    module docstring for the network distance.
    """
    max_school = float(target.params.get("max_school_m", 3000))
    max_clinic = float(target.params.get("max_clinic_m", 2000))
    if not ctx.has(RELOCATION_SITES):
        return IndicatorResult(empty_units(), empty_gaps(), notes=[bilingual("note.no_relocation_sites")])
    sites = ctx.metric(RELOCATION_SITES).reset_index(drop=True)
    xy = shapely.get_coordinates(sites.geometry.to_numpy())
    school_m, school = _nearest(ctx, xy, SCHOOL_KINDS)
    clinic_m, clinic = _nearest(ctx, xy, CLINIC_KINDS)
    school_ok, clinic_ok = school_m <= max_school, clinic_m <= max_clinic
    ok = school_ok & clinic_ok
    population = numbers(sites["population"], 0.0)
    codes = sites["village_code"].astype("string")
    measured = pd.DataFrame(
        {
            "village_code": codes,
            "site_id": sites["site_id"].astype("string"),
            "name": sites["name"].astype("string"),
            "ok": ok.astype(float),
            "one": 1.0,
            "population": population,
        }
    )
    units = share_rollup(
        measured,
        ctx,
        target,
        numerator="ok",
        denominator="one",
        feature=("feature", "site_id", "name"),
        population="population",
    )

    gap = np.flatnonzero(~ok)

    def part(dist: np.ndarray, good: np.ndarray, what: str, limit: float) -> ByLang:
        """「沿道路到最近的学校 2.4 公里」, with 「（超过 3 公里）」 when too far; unreachable said so."""
        d = dist[gap]
        variant = np.where(~np.isfinite(d), "unreachable", np.where(good[gap], "near", "far"))
        texts = render_both(
            np.strings.add("gap.relocation.service_access.part.", variant),
            what=term(f"gap.relocation.service_access.term.{what}"),
            distance=d,
            limit=f"{limit / 1000:g}",
        )
        return ByLang(*texts)

    reason_zh, reason_en = render_both(
        "gap.relocation.service_access.reason",
        school=part(school_m, school_ok, "school", max_school),
        clinic=part(clinic_m, clinic_ok, "clinic", max_clinic),
    )
    need_zh, need_en = render_both(
        np.strings.add(
            "gap.relocation.service_access.need.",
            np.select([~school_ok[gap] & ~clinic_ok[gap], ~school_ok[gap]], ["both", "school"], "clinic"),
        )
    )
    over = np.maximum(np.where(school_ok, 0.0, school_m - max_school), np.where(clinic_ok, 0.0, clinic_m - max_clinic))[
        gap
    ]
    rows = pd.DataFrame(
        {
            "feature_id": sites["site_id"].astype("string").to_numpy()[gap],
            "name": sites["name"].astype("string").to_numpy()[gap],
            "village_code": codes.to_numpy()[gap],
            "reason_zh": reason_zh,
            "reason_en": reason_en,
            "value": 0.0,
            "need_zh": need_zh,
            "need_en": need_en,
            "need_amount": (~school_ok[gap]).astype(float) + (~clinic_ok[gap]).astype(float),
            **need_unit("gap.unit.services"),
            "population_affected": population.to_numpy()[gap],
            "severity": np.clip(0.5 + np.nan_to_num(over / 4000.0, posinf=0.5), 0.5, 1.0),
        }
    )
    gaps = target_gaps(
        ctx,
        target,
        rows,
        gpd.GeoSeries(sites.geometry.to_numpy()[gap], crs=ctx.crs).to_crs(STORAGE_EPSG),
        layer=RELOCATION_SITES,
    )
    details = gpd.GeoDataFrame(
        {
            "site_id": sites["site_id"].astype("string"),
            "name": sites["name"].astype("string"),
            "village_code": codes,
            "population": population,
            "school_m": school_m,
            "nearest_school": school,
            "clinic_m": clinic_m,
            "nearest_clinic": clinic,
            "school_ok": school_ok,
            "clinic_ok": clinic_ok,
            "ok": ok,
        },
        geometry=gpd.GeoSeries(sites.geometry.to_numpy(), crs=ctx.crs).to_crs(STORAGE_EPSG).to_numpy(),
        crs=STORAGE_EPSG,
    )
    return IndicatorResult(units, gaps, details)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        IndicatorSpec(
            "relocation.employed_households",
            "有劳动能力搬迁家庭一人以上稳定就业比例",
            "Relocated households with labour that have a stable job",
            "share",
            "县乡村振兴局",
            domain="relocation",
        ),
        compute=employed_households,
    ),
    Indicator(
        IndicatorSpec(
            "relocation.service_access",
            "安置点学校和卫生室可达比例",
            "Relocation sites near a school and a clinic",
            "share",
            "县发改委",
            domain="relocation",
            params={"max_school_m": NUMBER, "max_clinic_m": NUMBER},
        ),
        compute=service_access,
    ),
)
