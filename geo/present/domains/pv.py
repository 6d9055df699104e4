"""光伏电站 (rural revitalization bureau): PV stations' ownership, status, inspections and revenue."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.catalog import CATALOG
from geo.analysis.report import Report
from geo.core.layer_names import ADMIN_VILLAGES, PV_STATIONS, TOWNSHIPS
from geo.core.store import Dataset
from geo.core.targets import Target
from geo.map.style import LayerStyle
from geo.present.domains.base import (
    Domain,
    DomainView,
    Overlay,
    Scope,
    count_figure,
    gaps_in_scope,
    layer_of,
    make_table,
    notes_of,
    popup_columns,
    target_figures,
    target_ids,
    to_wan,
    with_places,
)
from geo.text.i18n import format_number, t


def pv_view(report: Report, dataset: Dataset, targets: Mapping[str, Target], scope: Scope, lang: str) -> DomainView:
    indicators = PV.indicators
    figures = target_figures(report, targets, indicators, scope, lang)
    stations = layer_of(dataset, PV_STATIONS)
    tables, overlays = [], []
    if stations is not None:
        capacity = pd.to_numeric(stations["capacity_kw"], errors="coerce").fillna(0)
        figures.append(
            count_figure("pv_stations", len(stations), lang, capacity=format_number(capacity.sum(), decimals=0))
        )
        ids = stations["station_id"].astype("string")
        issues = pd.DataFrame(index=ids.to_numpy())
        overdue_days = pd.Series(np.nan, index=ids.to_numpy())
        checks = (
            ("ownership", "pv.ownership_confirmed"),
            ("operating", "pv.operating"),
            ("inspection", "pv.inspection_on_time"),
        )
        for key, indicator in checks:
            gaps = gaps_in_scope(report, targets, indicator, scope)
            issues[key] = ids.isin(set(gaps["feature_id"].astype("string"))).to_numpy()
            if key == "inspection":
                overdue_days.loc[gaps["feature_id"].astype("string").to_numpy()] = gaps["need_amount"].to_numpy(
                    dtype=float
                )
        status = stations["status"].astype("string").fillna("offline")
        problem = [
            t("sep.clause", lang).join(
                text
                for flag, text in (
                    (row.ownership, t("domain.pv.unconfirmed", lang)),
                    (
                        row.operating,
                        t(f"domain.pv.status.{state}", lang)
                        if state in ("faulty", "offline", "normal")
                        else str(state),
                    ),
                    (
                        row.inspection,
                        t("domain.pv.never", lang)
                        if np.isnan(days)
                        else t("domain.pv.overdue", lang, days=f"{days:.0f}"),
                    ),
                )
                if flag
            )
            for row, state, days in zip(issues.itertuples(), status, overdue_days.to_numpy(), strict=True)
        ]
        frame = pd.DataFrame(
            {
                "station_id": ids.to_numpy(),
                "name": stations["name"].to_numpy(),
                "village_code": stations["village_code"].to_numpy(),
                "kind": stations["kind"].map(
                    lambda k: t(f"domain.pv.kind.{k}", lang) if k in ("village", "centralized", "household") else k
                ),
                "capacity_kw": capacity.to_numpy(),
                "revenue_wan": to_wan(pd.to_numeric(stations["annual_revenue_yuan"], errors="coerce")),
                "status": status.map(
                    lambda s: t(f"domain.pv.status.{s}", lang) if s in ("faulty", "offline", "normal") else s
                ).to_numpy(),
                "last_inspection": pd.to_datetime(stations["last_inspection"], errors="coerce")
                .dt.strftime("%Y-%m-%d")
                .to_numpy(),
                "overdue_days": overdue_days.to_numpy(),
                "problems": problem,
            }
        )
        places = with_places(frame, scope).drop(columns=["village_code"])
        places = places[
            [
                "station_id",
                "name",
                "village",
                "town",
                *[c for c in frame.columns if c not in ("station_id", "name", "village_code")],
            ]
        ]
        has_problem = np.asarray([bool(p) for p in problem])
        tables.append(
            make_table(
                "pv_attention",
                places[has_problem],
                lang,
                t("domain.table.pv_attention_caption", lang, date=report.as_of.isoformat()),
            )
        )
        revenue_ids = target_ids(report, targets, ("pv.annual_revenue",))
        if revenue_ids:
            units = report.indicators[
                (report.indicators["target_id"] == revenue_ids[0]) & (report.indicators["level"] == "township")
            ]
            units = units[scope.by_town(units["unit_code"])]
            by_town = pd.DataFrame(
                {
                    "town": units["unit_name"],
                    "capacity_kw": units["denominator"],
                    "revenue_wan": to_wan(units["numerator"]),
                }
            )
            by_town["yuan_per_kw"] = np.round(
                units["numerator"].to_numpy(dtype=float) / units["denominator"].to_numpy(dtype=float), 0
            )
            tables.append(make_table("pv_revenue", by_town, lang))
        overdue = stations[issues["inspection"].to_numpy()]
        if len(overdue):
            geo = gpd.GeoDataFrame(
                {
                    "name": overdue["name"].astype("string").to_numpy(),
                    "problems": np.asarray(problem, dtype=object)[issues["inspection"].to_numpy()],
                },
                geometry=overdue.geometry.to_numpy(),
                crs=overdue.crs,
            )
            overlays.append(
                Overlay(
                    "pv_overdue",
                    t("domain.overlay.pv_overdue", lang),
                    geo,
                    LayerStyle(color="#3f007d", fill_color="#ffffff", radius=10.0),
                    popup_columns(("name", "problems"), lang),
                    "name",
                )
            )
    return DomainView(PV.key, figures, tables, PV.shown, overlays, notes_of(report, targets, indicators))


PV = Domain(
    "pv",
    ":material/solar_power:",
    "page.pv",
    "domain.title.pv",
    indicators=CATALOG.in_domain("pv"),
    shown=(TOWNSHIPS, ADMIN_VILLAGES, PV_STATIONS),
    required=(PV_STATIONS,),
    build=pv_view,
)
