"""Mobile networks (通信网络): 4G in every admin village, 5G at township seats and key villages.

A cell site *covers* a point by radius and, where asked, line of sight over the DEM
(:mod:`geo.analysis.indicators.radio_coverage`).

* ``telecom.g4_admin_villages`` (行政村4G覆盖率): an admin village is covered when its seat
  (village committee ``seat_x``/``seat_y``, else its most populous natural village, else a
  point inside it; :attr:`Context.village_seats`) is covered by a 4G site. 5G sites count too:
  5G in China is deployed on the existing 4G sites (NSA needs the LTE anchor), so a 5G site
  serves 4G handsets. ::

      share(unit) = covered admin villages / admin villages (count)

* ``telecom.g5_seats_key_villages`` (乡镇驻地和重点行政村5G覆盖率): every township seat and every
  admin village with ``is_key_village`` is one measured point; 5G sites only. ::

      share(unit) = covered points / points (seats + key villages of the unit)

Population covered is reported beside both: every natural village is tested the same way and
``details`` holds, per measured point, ``population`` and ``population_covered`` of its admin
village (for a seat: its township); the notes give the county-wide share.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.analysis.context import Context, flags, numbers
from geo.analysis.gap_rows import empty_gaps, need_unit, target_gaps
from geo.analysis.indicators.radio_coverage import DEFAULT_RECEIVER_HEIGHT_M, Coverage, coverage, dem_surface
from geo.analysis.result import Indicator, IndicatorResult
from geo.analysis.rollup import empty_units, share_rollup
from geo.core.catalog import NUMBER, IndicatorSpec
from geo.core.crs import STORAGE_EPSG
from geo.core.layer_names import ADMIN_VILLAGES, CELL_SITES, NATURAL_VILLAGES, TOWNSHIPS
from geo.core.targets import Target
from geo.text.formatters import pct_text
from geo.text.i18n import STRINGS, ByLang, bilingual, t, term
from geo.text.templates import render_both


@dataclass(frozen=True)
class _Sites:
    frame: pd.DataFrame
    xy: np.ndarray
    height: np.ndarray
    radius: np.ndarray


def _sites(ctx: Context, techs: tuple[str, ...]) -> _Sites:
    if not ctx.has(CELL_SITES):
        return _Sites(pd.DataFrame({"site_id": pd.Series(dtype="string")}), np.empty((0, 2)), np.empty(0), np.empty(0))
    sites = ctx.metric(CELL_SITES).reset_index(drop=True)
    keep = sites["tech"].astype("string").str.strip().str.upper().isin(techs).fillna(False).to_numpy()
    sites = sites[keep].reset_index(drop=True)
    return _Sites(
        sites,
        shapely.get_coordinates(sites.geometry.to_numpy()),
        numbers(sites["antenna_height_m"], 0.0).to_numpy(),
        numbers(sites["radius_m"], 0.0).to_numpy(),
    )


def _run(ctx: Context, target: Target, sites: _Sites, xy: np.ndarray) -> tuple[Coverage, Coverage, list[str]]:
    """Coverage of the measured points and of every natural village, and notes."""
    los = bool(target.params.get("line_of_sight", True))
    height = float(target.params.get("receiver_height_m", DEFAULT_RECEIVER_HEIGHT_M))
    surface = dem_surface(ctx) if los else None
    notes: list[str] = []
    if los and surface is None:
        notes.append(bilingual("note.no_dem"))
    points = coverage(xy, height, sites.xy, sites.height, sites.radius, surface)
    nv_xy = (
        shapely.get_coordinates(ctx.metric(NATURAL_VILLAGES).geometry.to_numpy())
        if ctx.has(NATURAL_VILLAGES)
        else np.empty((0, 2))
    )
    people = coverage(nv_xy, height, sites.xy, sites.height, sites.radius, surface)
    return points, people, notes


def _population_by_village(ctx: Context, nv_cov: Coverage) -> tuple[pd.Series, pd.Series]:
    """People and people covered per admin village (from the natural villages)."""
    if not ctx.has(NATURAL_VILLAGES):
        empty = pd.Series(dtype=float)
        return empty, empty
    nv = ctx.dataset.layer(NATURAL_VILLAGES).reset_index(drop=True)
    pop = numbers(nv["population"], 0.0)
    codes = nv["village_code"].astype("string").to_numpy()
    return pop.groupby(codes).sum(), pd.Series(np.where(nv_cov.covered, pop, 0.0)).groupby(codes).sum()


def _gap_text(
    cov: Coverage, rows: np.ndarray, xy: np.ndarray, sites: _Sites, tech: str, where: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Reason and need (Chinese, English) for uncovered points: outside every radius (nearest site,
    distance, radius), or inside a radius but behind terrain (which site, how far). ``where`` names
    the point: ``village``, ``seat`` or ``key_village`` (gap.telecom.term.<where>). ``tech`` is the
    indicator's network (``4G`` counts 5G sites too); the named site is called by its own tech
    (a 5G site in the 4G indicator: 「5G，兼容4G」), never 「4G基站」 when it is a 5G one."""
    ids = (
        sites.frame["site_id"].astype("string").to_numpy().astype(object)
        if len(sites.frame)
        else np.array([""], dtype=object)
    )
    own = (
        sites.frame["tech"].astype("string").str.strip().str.upper().fillna("").to_numpy().astype(str)
        if len(sites.frame)
        else np.array([tech])
    )
    g4 = STRINGS["gap.telecom.site_tech.4G"]
    g5 = STRINGS["gap.telecom.site_tech.5G_serving_4G" if tech == "4G" else "gap.telecom.site_tech.5G"]
    site_zh, site_en = (np.where(own == "5G", g5[lang], g4[lang]) for lang in (0, 1))
    radius = sites.radius if len(sites.radius) else np.array([np.nan])
    site_xy = sites.xy if len(sites.xy) else np.zeros((1, 2))
    nearest, blocking, blocked = cov.nearest_site[rows], cov.blocking_site[rows], cov.blocked[rows]
    block_m = (
        np.hypot(*(site_xy[np.maximum(blocking, 0)] - np.asarray(xy, dtype=float)[rows]).T)
        if len(rows)
        else np.empty(0)
    )
    reason_key = np.select(
        [nearest < 0, blocked],
        ["gap.telecom.reason.no_sites", "gap.telecom.reason.blocked"],
        "gap.telecom.reason.outside",
    )
    named = np.where(blocked, np.maximum(blocking, 0), np.maximum(nearest, 0))
    reason_zh, reason_en = render_both(
        reason_key,
        where=term(f"gap.telecom.term.{where}"),
        tech=term(f"gap.telecom.tech.{tech}"),
        site=ids[named],
        site_tech=ByLang(site_zh[named], site_en[named]),
        distance=np.where(blocked, block_m, cov.nearest_m[rows]),
        radius=radius[np.maximum(nearest, 0)],
    )
    need_zh, need_en = render_both(
        np.where(blocked, "gap.telecom.need.blocked", "gap.telecom.need.outside"),
        build=term(f"gap.telecom.build.{tech}"),
    )
    return reason_zh, reason_en, need_zh, need_en


def _details(ctx: Context, frame: pd.DataFrame, points: np.ndarray, cov: Coverage, sites: _Sites) -> gpd.GeoDataFrame:
    ids = sites.frame["site_id"].astype("string").to_numpy() if len(sites.frame) else np.empty(0, dtype=object)

    def site_ids(index: np.ndarray) -> np.ndarray:
        out = np.full(len(index), None, dtype=object)
        found = index >= 0
        out[found] = ids[index[found]]
        return out

    out = gpd.GeoDataFrame(
        frame.reset_index(drop=True),
        geometry=gpd.GeoSeries(points, crs=ctx.crs).to_crs(STORAGE_EPSG).to_numpy(),
        crs=STORAGE_EPSG,
    )
    out["covered"] = cov.covered
    out["site_id"] = site_ids(cov.site)
    out["in_radius"] = cov.in_radius
    out["blocked_by_terrain"] = cov.blocked
    out["blocking_site_id"] = site_ids(cov.blocking_site)
    out["nearest_site_id"] = site_ids(cov.nearest_site)
    out["nearest_site_m"] = cov.nearest_m
    return out


def _population_note(tech: str, nv_cov: Coverage, ctx: Context) -> str:
    if not ctx.has(NATURAL_VILLAGES):
        return bilingual("note.telecom_no_villages", tech=tech)
    pop = numbers(ctx.dataset.layer(NATURAL_VILLAGES)["population"], 0.0).to_numpy()
    total, covered = pop.sum(), pop[nv_cov.covered].sum()
    share = covered / total if total > 0 else np.nan
    pct = pct_text([share])[0]
    return bilingual("note.telecom_population", tech=tech, pct=pct, covered=covered, total=total)


def g4_admin_villages(ctx: Context, target: Target) -> IndicatorResult:
    """Share of admin villages whose seat is covered by 4G (radius and, optionally, line of sight).

    share = covered admin villages / admin villages, per admin village, township and county.
    Population covered (natural villages tested the same way) is in ``details`` and ``notes``.
    """
    villages = ctx.villages.reset_index(drop=True)
    if len(villages) == 0:
        return IndicatorResult(empty_units(), empty_gaps(), notes=[bilingual("note.no_admin_villages")])
    codes = villages["village_code"].astype("string")
    points = ctx.village_seats.reindex(codes.to_numpy()).to_numpy()
    sites = _sites(ctx, ("4G", "5G"))
    cov, nv_cov, notes = _run(ctx, target, sites, shapely.get_coordinates(points))
    people, people_covered = _population_by_village(ctx, nv_cov)
    measured = pd.DataFrame({"village_code": codes, "covered": cov.covered.astype(float), "one": 1.0})
    units = share_rollup(measured, ctx, target, numerator="covered", denominator="one")

    gap = np.flatnonzero(~cov.covered)
    reason_zh, reason_en, need_zh, need_en = _gap_text(
        cov, gap, shapely.get_coordinates(points), sites, "4G", "village"
    )
    population = numbers(villages["population"], 0.0).to_numpy()
    rows = pd.DataFrame(
        {
            "feature_id": codes.to_numpy()[gap],
            "name": villages["name"].astype("string").to_numpy()[gap],
            "village_code": codes.to_numpy()[gap],
            "reason_zh": reason_zh,
            "reason_en": reason_en,
            "value": 0.0,
            "need_zh": need_zh,
            "need_en": need_en,
            "need_amount": 1.0,
            **need_unit("gap.unit.sites"),
            "population_affected": population[gap],
            "severity": np.where(cov.blocked[gap], 0.8, 1.0),
        }
    )
    gaps = target_gaps(
        ctx, target, rows, gpd.GeoSeries(points[gap], crs=ctx.crs).to_crs(STORAGE_EPSG), layer=ADMIN_VILLAGES
    )
    frame = pd.DataFrame(
        {
            "village_code": codes,
            "name": villages["name"].astype("string"),
            "town_code": villages["town_code"].astype("string"),
            "population": codes.map(people).fillna(0.0).to_numpy(dtype=float),
            "population_covered": codes.map(people_covered).fillna(0.0).to_numpy(dtype=float),
        }
    )
    details = _details(ctx, frame, points, cov, sites)
    notes.append(_population_note("4G", nv_cov, ctx))
    return IndicatorResult(units, gaps, details, notes)


def g5_seats_key_villages(ctx: Context, target: Target) -> IndicatorResult:
    """Share of township seats and key admin villages covered by 5G (radius and line of sight).

    share = covered points / points, where the points are every township seat and the seat of
    every ``is_key_village`` admin village; units: each point (level ``feature`` for seats,
    ``admin_village`` for key villages), township and county.
    """
    towns = ctx.townships.reset_index(drop=True)
    villages = ctx.villages.reset_index(drop=True)
    key = (
        flags(villages["is_key_village"]).to_numpy()
        if "is_key_village" in villages
        else np.zeros(len(villages), dtype=bool)
    )
    villages = villages[key].reset_index(drop=True)
    town_codes = towns["town_code"].astype("string")
    v_codes = villages["village_code"].astype("string")
    seat_points = ctx.town_seats.reindex(town_codes.to_numpy()).to_numpy()
    village_points = ctx.village_seats.reindex(v_codes.to_numpy()).to_numpy()
    points = np.concatenate([seat_points, village_points])
    n_seats = len(seat_points)
    if len(points) == 0:
        return IndicatorResult(empty_units(), empty_gaps(), notes=[bilingual("note.nothing_5g")])
    sites = _sites(ctx, ("5G",))
    cov, nv_cov, notes = _run(ctx, target, sites, shapely.get_coordinates(points))
    is_seat = np.arange(len(points)) < n_seats
    unit_code = pd.concat([town_codes, v_codes], ignore_index=True)
    unit_name = pd.concat(
        [towns["name"].astype("string") + t("gap.telecom.seat_suffix"), villages["name"].astype("string")],
        ignore_index=True,
    )
    point_town = pd.concat([town_codes, villages["town_code"].astype("string")], ignore_index=True)
    measured = pd.DataFrame(
        {
            "town_code": point_town,
            "unit_code": unit_code,
            "unit_name": unit_name,
            "covered": cov.covered.astype(float),
            "one": 1.0,
        }
    )
    units = share_rollup(
        measured,
        ctx,
        target,
        numerator="covered",
        denominator="one",
        levels=("township", "county"),
        feature=("feature", "unit_code", "unit_name"),
    )
    key_rows = (units["level"] == "feature") & units["unit_code"].isin(v_codes.to_numpy())
    units.loc[key_rows, "level"] = "admin_village"

    people, people_covered = _population_by_village(ctx, nv_cov)
    village_town = ctx.villages["town_code"].astype("string")
    town_people = people.groupby(people.index.map(village_town)).sum() if len(people) else people
    town_covered = (
        people_covered.groupby(people_covered.index.map(village_town)).sum() if len(people_covered) else people_covered
    )
    population = np.concatenate(
        [
            town_codes.map(town_people).fillna(0.0).to_numpy(dtype=float),
            v_codes.map(people).fillna(0.0).to_numpy(dtype=float),
        ]
    )
    covered_people = np.concatenate(
        [
            town_codes.map(town_covered).fillna(0.0).to_numpy(dtype=float),
            v_codes.map(people_covered).fillna(0.0).to_numpy(dtype=float),
        ]
    )

    gaps_parts = []
    for seat_rows, layer in ((True, TOWNSHIPS), (False, ADMIN_VILLAGES)):
        gap = np.flatnonzero(~cov.covered & (is_seat == seat_rows))
        if len(gap) == 0:
            continue
        reason_zh, reason_en, need_zh, need_en = _gap_text(
            cov, gap, shapely.get_coordinates(points), sites, "5G", "seat" if seat_rows else "key_village"
        )
        rows = pd.DataFrame(
            {
                "feature_id": unit_code.to_numpy()[gap],
                "name": unit_name.to_numpy()[gap],
                "town_code": point_town.to_numpy()[gap],
                "reason_zh": reason_zh,
                "reason_en": reason_en,
                "value": 0.0,
                "need_zh": need_zh,
                "need_en": need_en,
                "need_amount": 1.0,
                **need_unit("gap.unit.sites"),
                "population_affected": population[gap],
                "severity": 1.0 if seat_rows else 0.8,
            }
        )
        if not seat_rows:
            rows["village_code"] = unit_code.to_numpy()[gap]
        gaps_parts.append(
            target_gaps(ctx, target, rows, gpd.GeoSeries(points[gap], crs=ctx.crs).to_crs(STORAGE_EPSG), layer=layer)
        )
    gaps = pd.concat(gaps_parts, ignore_index=True) if gaps_parts else empty_gaps(STORAGE_EPSG)
    gaps = gpd.GeoDataFrame(gaps, geometry="geometry", crs=STORAGE_EPSG) if len(gaps_parts) else gaps
    frame = pd.DataFrame(
        {
            "kind": np.where(is_seat, "township_seat", "key_village"),
            "unit_code": unit_code,
            "name": unit_name,
            "town_code": point_town,
            "population": population,
            "population_covered": covered_people,
        }
    )
    details = _details(ctx, frame, points, cov, sites)
    notes.append(_population_note("5G", nv_cov, ctx))
    return IndicatorResult(units, gaps, details, notes)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        IndicatorSpec(
            "telecom.g4_admin_villages",
            "行政村4G网络覆盖率",
            "Admin villages with 4G",
            "share",
            "县工信局",
            domain="telecom",
            params={"receiver_height_m": NUMBER, "line_of_sight": bool},
        ),
        compute=g4_admin_villages,
    ),
    Indicator(
        IndicatorSpec(
            "telecom.g5_seats_key_villages",
            "乡镇驻地和重点行政村5G覆盖率",
            "Township seats and key villages with 5G",
            "share",
            "县工信局",
            domain="telecom",
            params={"receiver_height_m": NUMBER, "line_of_sight": bool},
        ),
        compute=g5_seats_key_villages,
    ),
)
