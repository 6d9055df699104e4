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

import numpy as np
import pandas as pd

from geo.analysis.context import Context, flags, numbers, objects
from geo.analysis.gap_rows import empty_gaps, target_gaps
from geo.analysis.result import Indicator, IndicatorResult
from geo.analysis.rollup import empty_units, share_rollup
from geo.core.catalog import IndicatorSpec
from geo.core.targets import Target
from geo.text.formatters import cat, int_text

KIND_ZH = {"village": "村级电站", "centralized": "集中式电站", "household": "户用电站"}
STATUS_ZH = {"normal": "正常", "faulty": "故障", "offline": "停运"}


def _stations(ctx: Context) -> pd.DataFrame | None:
    if not ctx.has("pv_stations"):
        return None
    return ctx.dataset.layer("pv_stations").reset_index(drop=True)


def _none() -> IndicatorResult:
    return IndicatorResult(empty_units(), empty_gaps(), notes=["没有光伏扶贫电站数据 / no PV stations"])


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


def _describe(stations: pd.DataFrame, gap: np.ndarray) -> np.ndarray:
    """「村级电站，装机 100 kW」 for the gap stations."""
    kind = objects(stations["kind"])[gap]
    label = kind.copy()
    for key, text in KIND_ZH.items():
        label[kind == key] = text
    return cat(label, "，装机 ", int_text(numbers(stations["capacity_kw"]).to_numpy()[gap]), " kW")


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
    rows = _gap_rows(
        stations,
        gap,
        reason_zh=cat("电站（", _describe(stations, gap), "）尚未确权到村"),
        reason_en="Ownership not confirmed to the village",
        need_zh="办理资产确权，明确产权归属村集体",
        need_amount=numbers(stations["capacity_kw"]).to_numpy()[gap],
        need_unit="kW（待确权装机）",
        severity=0.6,
    )
    return IndicatorResult(units, target_gaps(ctx, target, rows, stations.geometry[gap], layer="pv_stations"))


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
    status_zh = status[gap].copy()
    for key, text in STATUS_ZH.items():
        status_zh[status[gap] == key] = text
    rows = _gap_rows(
        stations,
        gap,
        reason_zh=cat("电站（", _describe(stations, gap), "）运行状态为", status_zh),
        reason_en=cat("Station is ", status[gap]),
        need_zh="尽快组织运维检修，恢复并网发电",
        need_amount=numbers(stations["capacity_kw"]).to_numpy()[gap],
        need_unit="kW（停发装机）",
        severity=np.where(status[gap] == "offline", 1.0, 0.8),
    )
    return IndicatorResult(units, target_gaps(ctx, target, rows, stations.geometry[gap], layer="pv_stations"))


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
    rule_zh = np.where(
        welfare[gap],
        cat("公益性资产每季度巡查要求（", int_text(allowed[gap]), " 天）"),
        cat("经营性资产每月巡查要求（", int_text(allowed[gap]), " 天）"),
    )
    last_text = objects(last[gap].dt.strftime("%Y-%m-%d"))
    reason_zh = np.where(
        never,
        cat("电站（", _describe(stations, gap), "）没有巡查记录"),
        cat(
            "最近一次巡查为 ",
            last_text,
            "，距 ",
            as_of.strftime("%Y-%m-%d"),
            " 已 ",
            int_text(days[gap]),
            " 天，超过",
            rule_zh,
        ),
    )
    overdue = np.where(never, np.nan, days[gap] - allowed[gap])
    rows = _gap_rows(
        stations,
        gap,
        reason_zh=reason_zh,
        reason_en=np.where(never, "No inspection recorded", cat("Inspection overdue by ", int_text(overdue), " days")),
        need_zh="立即开展巡查管护并登记巡查记录",
        need_amount=overdue,
        need_unit="天（超期）",
        severity=np.where(never, 1.0, np.clip(np.nan_to_num(overdue) / allowed[gap], 0.3, 1.0)),
    )
    return IndicatorResult(units, target_gaps(ctx, target, rows, stations.geometry[gap], layer="pv_stations"))


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
        notes.append(
            f"目标“{target.title_zh}”为全省总量，县级数据只报告收益，不作达标判定 / a province-wide target: the county's "
            "revenue is reported, not judged"
        )
    if revenue_raw.isna().any():
        notes.append(
            f"{int(revenue_raw.isna().sum())} 座电站未填报年收益，按 0 计 / stations without annual revenue counted as 0"
        )
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
