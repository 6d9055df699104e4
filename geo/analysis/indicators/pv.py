"""PV poverty-alleviation stations (光伏扶贫电站): ownership, operation, inspections, revenue.

Measured per station (level ``feature``) and rolled up to admin village (the owner village of
``village_code``), township and county as shares of stations (each station is 1 or 0):

* ``pv.ownership_confirmed`` — ``ownership_confirmed`` is true (确权到村).
* ``pv.operating`` — ``status`` is ``normal`` (``faulty`` and ``offline`` are gaps).
* ``pv.inspection_on_time`` — the last inspection is at most ``operating_max_days`` before the
  report's reference date (``ctx.as_of``) for operating assets (``asset_class`` operating, the
  default for PV stations), ``public_welfare_max_days`` for public-welfare assets; a station
  without any inspection date is overdue.
* ``pv.annual_revenue`` — Σ ``annual_revenue_yuan`` per unit (numerator = revenue, denominator
  = installed kW, so numerator / denominator is yuan per kW). The shipped target is Shanxi's
  province-wide total (1.8 bn yuan a year) and no county share is set, so a county dataset
  reports the revenue without judging it: ``met`` is NA at every level below the province and
  there are no gap rows.

Gap rows carry no population (an asset, not a settlement): their priority comes from severity.
"""

from __future__ import annotations

from typing import TypedDict

import numpy as np
import pandas as pd

from geo.analysis.context import Context, flags, numbers, objects
from geo.analysis.gap_rows import empty_gaps, need_unit, target_gaps
from geo.analysis.result import Indicator, IndicatorResult
from geo.analysis.rollup import empty_units, share_rollup
from geo.core.catalog import IndicatorSpec
from geo.core.layer_names import PV_STATIONS
from geo.core.targets import Target
from geo.core.vocabulary import PV_KINDS, PV_STATUSES
from geo.text.i18n import ByLang, bilingual, term
from geo.text.templates import render_both


def _stations(ctx: Context) -> pd.DataFrame | None:
    if not ctx.has(PV_STATIONS):
        return None
    return ctx.dataset.layer(PV_STATIONS).reset_index(drop=True)


def _none() -> IndicatorResult:
    return IndicatorResult(empty_units(), empty_gaps(), notes=[bilingual("note.no_pv_stations")])


def _ids(stations: pd.DataFrame) -> dict[str, np.ndarray]:
    return {
        "village_code": objects(stations["village_code"]),
        "station_id": objects(stations["station_id"]),
        "name": objects(stations["name"]),
    }


def _station_share(ctx: Context, target: Target, stations: pd.DataFrame, ok: np.ndarray) -> pd.DataFrame:
    measured = pd.DataFrame({**_ids(stations), "ok": ok.astype(float), "one": 1.0})
    return share_rollup(
        measured, ctx, target, numerator="ok", denominator="one", feature=("feature", "station_id", "name")
    )


def _terms(values: np.ndarray, known: tuple[str, ...]) -> ByLang:
    """Each value's catalogue word (gap.pv.term.<value>) in both languages; other values as they are."""
    zh, en = values.copy(), values.copy()
    for key in known:
        word = term(f"gap.pv.term.{key}")
        zh[values == key], en[values == key] = word.zh, word.en
    return ByLang(zh, en)


class _Described(TypedDict):
    """The template fields :func:`_describe` gives (so that they cannot clash with ``render_both``'s ``n``)."""

    kind: ByLang
    capacity: np.ndarray


def _describe(stations: pd.DataFrame, gap: np.ndarray) -> _Described:
    """Template fields of the gap stations: ``kind`` (村级电站 / village station) and ``capacity`` (kW)."""
    return {
        "kind": _terms(objects(stations["kind"])[gap], PV_KINDS),
        "capacity": numbers(stations["capacity_kw"]).to_numpy()[gap],
    }


def _gap_rows(stations: pd.DataFrame, gap: np.ndarray, **columns: object) -> dict[str, object]:
    ids = _ids(stations)
    return {
        "feature_id": ids["station_id"][gap],
        "name": ids["name"][gap],
        "village_code": ids["village_code"][gap],
        "value": 0.0,
        **columns,
    }


def ownership_confirmed(ctx: Context, target: Target) -> IndicatorResult:
    """Share of stations whose ownership is confirmed to the village: #confirmed / #stations."""
    stations = _stations(ctx)
    if stations is None:
        return _none()
    ok = flags(stations["ownership_confirmed"]).to_numpy()
    units = _station_share(ctx, target, stations, ok)
    gap = ~ok
    reason_zh, reason_en = render_both("gap.pv.ownership_confirmed.reason", **_describe(stations, gap))
    need_zh, need_en = render_both("gap.pv.ownership_confirmed.need", n=int(gap.sum()))
    rows = _gap_rows(
        stations,
        gap,
        reason_zh=reason_zh,
        reason_en=reason_en,
        need_zh=need_zh,
        need_en=need_en,
        need_amount=numbers(stations["capacity_kw"]).to_numpy()[gap],
        **need_unit("gap.unit.kw_unconfirmed"),
        severity=0.6,
    )
    return IndicatorResult(units, target_gaps(ctx, target, rows, stations.geometry[gap], layer=PV_STATIONS))


def operating(ctx: Context, target: Target) -> IndicatorResult:
    """Share of stations operating normally: #(status = normal) / #stations."""
    stations = _stations(ctx)
    if stations is None:
        return _none()
    status = objects(stations["status"])
    status[pd.isna(status)] = "offline"
    ok = status == "normal"
    units = _station_share(ctx, target, stations, ok)
    gap = ~ok
    reason_zh, reason_en = render_both(
        "gap.pv.operating.reason", status=_terms(status[gap], PV_STATUSES), **_describe(stations, gap)
    )
    need_zh, need_en = render_both("gap.pv.operating.need", n=int(gap.sum()))
    rows = _gap_rows(
        stations,
        gap,
        reason_zh=reason_zh,
        reason_en=reason_en,
        need_zh=need_zh,
        need_en=need_en,
        need_amount=numbers(stations["capacity_kw"]).to_numpy()[gap],
        **need_unit("gap.unit.kw_stopped"),
        severity=np.where(status[gap] == "offline", 1.0, 0.8),
    )
    return IndicatorResult(units, target_gaps(ctx, target, rows, stations.geometry[gap], layer=PV_STATIONS))


def inspection_on_time(ctx: Context, target: Target) -> IndicatorResult:
    """Share of stations inspected on time at the reference date ``ctx.as_of``.

    on time ⇔ as_of − last_inspection ≤ operating_max_days (operating assets, the default) or
    public_welfare_max_days (asset_class = public_welfare); no inspection date = overdue.
    """
    stations = _stations(ctx)
    if stations is None:
        return _none()
    operating_days = int(target.params.get("operating_max_days", 31))
    welfare_days = int(target.params.get("public_welfare_max_days", 92))
    welfare = (
        objects(stations["asset_class"]) == "public_welfare"
        if "asset_class" in stations
        else np.zeros(len(stations), bool)
    )
    allowed = np.where(welfare, welfare_days, operating_days).astype(float)
    last = (
        pd.to_datetime(stations["last_inspection"], errors="coerce")
        if "last_inspection" in stations
        else pd.Series(pd.NaT, index=stations.index, dtype="datetime64[ns]")
    )
    if getattr(last.dt, "tz", None) is not None:
        last = last.dt.tz_localize(None)
    as_of = pd.Timestamp(ctx.as_of)
    days = (as_of - last).dt.days.to_numpy(dtype=float, na_value=np.nan)
    days = np.where(np.isnan(days), np.nan, np.maximum(days, 0.0))
    ok = ~np.isnan(days) & (days <= allowed)
    units = _station_share(ctx, target, stations, ok)
    gap = ~ok
    never = np.isnan(days[gap])
    reason_zh, reason_en = render_both(
        np.strings.add(
            "gap.pv.inspection_on_time.reason.",
            np.where(never, "never", np.where(welfare[gap], "public_welfare", "operating")),
        ),
        last=objects(last[gap].dt.strftime("%Y-%m-%d")),
        as_of=as_of.strftime("%Y-%m-%d"),
        days=days[gap],
        allowed=allowed[gap],
        **_describe(stations, gap),
    )
    need_zh, need_en = render_both("gap.pv.inspection_on_time.need", n=int(gap.sum()))
    overdue = np.where(never, np.nan, days[gap] - allowed[gap])
    rows = _gap_rows(
        stations,
        gap,
        reason_zh=reason_zh,
        reason_en=reason_en,
        need_zh=need_zh,
        need_en=need_en,
        need_amount=overdue,
        **need_unit("gap.unit.days_overdue"),
        severity=np.where(never, 1.0, np.clip(np.nan_to_num(overdue) / allowed[gap], 0.3, 1.0)),
    )
    return IndicatorResult(units, target_gaps(ctx, target, rows, stations.geometry[gap], layer=PV_STATIONS))


def annual_revenue(ctx: Context, target: Target) -> IndicatorResult:
    """Annual revenue of the stations, summed per station, admin village, township and county.

    value = Σ annual_revenue_yuan (stations without a revenue count as 0 and are noted);
    numerator = the same sum, denominator = Σ capacity_kw. Judged only at the target's level
    (a province total is not judged on a county's part; :func:`geo.analysis.rollup.judged`).
    """
    stations = _stations(ctx)
    if stations is None:
        return _none()
    revenue_raw = (
        numbers(stations["annual_revenue_yuan"])
        if "annual_revenue_yuan" in stations
        else pd.Series(np.nan, index=stations.index)
    )
    measured = pd.DataFrame(
        {
            **_ids(stations),
            "revenue": revenue_raw.fillna(0.0).to_numpy(),
            "capacity": numbers(stations["capacity_kw"], 0.0).to_numpy(),
        }
    )
    units = share_rollup(
        measured,
        ctx,
        target,
        numerator="revenue",
        denominator="capacity",
        feature=("feature", "station_id", "name"),
        kind="sum",
    )
    notes = []
    if target.level == "province":
        notes.append(bilingual("note.pv_province_total", title=target.title_zh))
    if revenue_raw.isna().any():
        notes.append(bilingual("note.pv_revenue_missing", n=int(revenue_raw.isna().sum())))
    return IndicatorResult(units, empty_gaps(stations.crs), notes=notes)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        IndicatorSpec(
            "pv.ownership_confirmed",
            "光伏扶贫电站确权到村比例",
            "PV stations with ownership confirmed",
            "share",
            "县乡村振兴局",
            domain="pv",
        ),
        compute=ownership_confirmed,
    ),
    Indicator(
        IndicatorSpec(
            "pv.operating",
            "光伏扶贫电站正常运行比例",
            "PV stations operating normally",
            "share",
            "县乡村振兴局",
            domain="pv",
        ),
        compute=operating,
    ),
    Indicator(
        IndicatorSpec(
            "pv.inspection_on_time",
            "扶贫资产按期巡查比例",
            "PV stations inspected on time",
            "share",
            "县乡村振兴局",
            domain="pv",
            params={"operating_max_days": int, "public_welfare_max_days": int},
        ),
        compute=inspection_on_time,
    ),
    Indicator(
        IndicatorSpec(
            "pv.annual_revenue", "光伏扶贫电站年收益", "PV station annual revenue", "yuan", "县乡村振兴局", domain="pv"
        ),
        compute=annual_revenue,
    ),
)
