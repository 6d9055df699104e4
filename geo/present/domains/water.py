"""饮水安全 (county water bureau): supply rates, works and their load, service areas, ledger discrepancies."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.catalog import CATALOG
from geo.analysis.report import Report
from geo.core.layer_names import NATURAL_VILLAGES, TOWNSHIPS, WATER_SERVICE_AREAS, WATER_WORKS
from geo.core.store import Dataset
from geo.core.targets import Target
from geo.map.style import LayerStyle
from geo.present.domains.base import (
    BAD,
    GOOD,
    GREY,
    NEAR,
    Domain,
    DomainView,
    Overlay,
    Scope,
    count_figure,
    gaps_in_scope,
    layer_of,
    make_table,
    notes_of,
    number_text,
    percent_text,
    popup_columns,
    result_of,
    target_figures,
    to_km,
    to_pct,
    with_places,
)
from geo.text.i18n import format_number, t

NEAR_LOAD = 0.8  # a works at 80 % of its capacity or more is shown as near its limit


SUPPLY_KINDS = ("centralized", "tap", "dispersed", "none")


def _load_categories(lang: str) -> tuple[tuple[str, str, str], ...]:
    return (
        ("over", t("domain.load.over", lang), BAD),
        ("near", t("domain.load.near", lang), NEAR),
        ("ok", t("domain.load.ok", lang), GOOD),
        ("unknown", t("domain.load.unknown", lang), GREY),
    )


def _unserved_overlay(unserved: gpd.GeoDataFrame, frame: pd.DataFrame, lang: str) -> Overlay:
    """Natural villages without centralized supply, as their own layer (named, with their nearest works)."""
    geo = gpd.GeoDataFrame(
        {
            "name": frame["name"].astype("string").to_numpy(),
            "village": frame["village"].astype("string").to_numpy(),
            "town": frame["town"].astype("string").to_numpy(),
            "population": frame["population"].map(number_text).to_numpy(),
            "water_supply": frame["water_supply"].astype("string").to_numpy(),
            "nearest_works": frame["nearest_works"].astype("string").to_numpy(),
        },
        geometry=unserved.geometry.to_numpy(),
        crs=unserved.crs,
    )
    columns = ("name", "village", "town", "population", "water_supply", "nearest_works")
    return Overlay(
        "unserved",
        t("domain.overlay.unserved", lang),
        geo,
        LayerStyle(color=BAD, fill_color=BAD, radius=5.0),
        popup_columns(columns, lang),
        "name",
    )


def _ledger_overlay(discrepant: gpd.GeoDataFrame, frame: pd.DataFrame, lang: str) -> Overlay:
    """Ledger discrepancies (the ledger says supplied, the map shows nothing that supplies it), with the reason."""
    geo = gpd.GeoDataFrame(
        {c: frame[c].astype("string").to_numpy() for c in ("name", "village", "town", "reason", "need")},
        geometry=discrepant.geometry.to_numpy(),
        crs=discrepant.crs,
    )
    return Overlay(
        "ledger",
        t("domain.overlay.ledger", lang),
        geo,
        LayerStyle(color=NEAR, fill_color=NEAR, radius=8.0, weight=2.5),
        popup_columns(("name", "village", "town", "reason", "need"), lang),
        "name",
    )


def water_view(report: Report, dataset: Dataset, targets: Mapping[str, Target], scope: Scope, lang: str) -> DomainView:
    indicators = WATER.indicators
    figures = target_figures(report, targets, indicators, scope, lang)
    works = layer_of(dataset, WATER_WORKS)
    capacity = 0.0 if works is None else float(pd.to_numeric(works["capacity_m3d"], errors="coerce").fillna(0).sum())
    figures.append(
        count_figure(
            "water_works", 0 if works is None else len(works), lang, capacity=format_number(capacity, decimals=0)
        )
    )
    overloaded = gaps_in_scope(report, targets, "water.works_overload", scope)
    discrepant = gaps_in_scope(report, targets, "water.ledger_discrepancy", scope)
    figures.append(count_figure("overloaded_works", len(overloaded), lang, judged=True))
    figures.append(count_figure("ledger_discrepancies", len(discrepant), lang, judged=True))

    tables, overlays = [], []
    supply = result_of(report, targets, "water.centralized_rate")
    if supply is not None and supply.details is not None:
        nv = supply.details[scope.by_village(supply.details["village_code"])]
        unserved = nv[~nv["served"].astype(bool) & (pd.to_numeric(nv["population"], errors="coerce").fillna(0) > 0)]
        unserved = with_places(unserved, scope).sort_values(
            ["population", "nv_id"], ascending=[False, True], kind="stable"
        )
        frame = pd.DataFrame(
            {
                "nv_id": unserved["nv_id"],
                "name": unserved["name"],
                "village": unserved["village"],
                "town": unserved["town"],
                "population": pd.to_numeric(unserved["population"], errors="coerce"),
                "water_supply": unserved["water_supply"].map(
                    lambda v: t(f"domain.supply.{v}", lang) if v in SUPPLY_KINDS else v
                ),
                "nearest_works": unserved["nearest_works"],
                "nearest_works_km": to_km(unserved["nearest_works_m"]),
                "service_area_of": unserved["service_area_of"],
            }
        )
        tables.append(make_table("unserved", frame, lang, t("domain.table.unserved_caption", lang)))
        if isinstance(unserved, gpd.GeoDataFrame):
            overlays.append(_unserved_overlay(unserved, frame, lang))
    load = result_of(report, targets, "water.works_overload")
    if load is not None and load.details is not None and works is not None:
        details = load.details[load.details["works_id"].astype("string").isin(set(works["works_id"].astype("string")))]
        over = set(overloaded["feature_id"].astype("string"))
        status = np.where(
            details["works_id"].astype("string").isin(over),
            "over",
            np.where(pd.to_numeric(details["load"], errors="coerce") >= NEAR_LOAD, "near", "ok"),
        )
        status = np.where(pd.to_numeric(details["load"], errors="coerce").isna(), "unknown", status)
        details = details.assign(status=status).sort_values(
            ["load", "works_id"], ascending=[False, True], kind="stable", na_position="last"
        )
        status_label = details["status"].map(lambda s: t(f"domain.load.{s}", lang))
        frame = pd.DataFrame(
            {
                "works_id": details["works_id"],
                "name": details["name"],
                "scale": details["scale"],
                "capacity_m3d": pd.to_numeric(details["capacity_m3d"], errors="coerce"),
                "served_population": np.round(details["served_population"].astype(float)),
                "demand_m3d": np.round(details["demand_m3d"].astype(float), 1),
                "load_pct": to_pct(details["load"]),
                "status": status_label,
            }
        )
        tables.append(make_table("works_load", frame, lang, t("domain.table.works_load_caption", lang)))
        geo = gpd.GeoDataFrame(
            {
                "name": details["name"].astype("string"),
                "status": details["status"],
                "status_label": status_label,
                "capacity": frame["capacity_m3d"].map(number_text),
                "served": frame["served_population"].map(number_text),
                "load": frame["load_pct"].map(percent_text),
            },
            geometry=details.geometry.to_numpy(),
            crs=details.crs,
        )
        overlays.append(
            Overlay(
                "works_load",
                t("domain.overlay.works_load", lang),
                geo,
                LayerStyle(color=GREY, radius=7.0),
                popup_columns(("name", "status_label", "capacity", "served", "load"), lang),
                "name",
                "status",
                _load_categories(lang),
            )
        )
    if result_of(report, targets, "water.ledger_discrepancy") is not None:
        frame = pd.DataFrame(
            {
                "feature_id": discrepant["feature_id"],
                "name": discrepant["name"],
                "village": discrepant["village_name"],
                "town": discrepant["town_name"],
                "population": discrepant["population_affected"],
                "reason": discrepant["reason_zh" if lang == "zh" else "reason_en"],
                "need": discrepant["need_zh" if lang == "zh" else "need_en"],
            }
        )
        tables.append(make_table("ledger", frame, lang))
        overlays.append(_ledger_overlay(discrepant, frame, lang))
    shown = WATER.shown
    return DomainView(
        WATER.key,
        figures,
        tables,
        shown,
        overlays,
        notes_of(report, targets, (*indicators, "water.works_overload", "water.ledger_discrepancy")),
    )


WATER = Domain(
    "water",
    ":material/water_drop:",
    "page.water",
    "domain.title.water",
    indicators=CATALOG.in_domain("water"),
    shown=(TOWNSHIPS, WATER_SERVICE_AREAS, NATURAL_VILLAGES),
    required=(NATURAL_VILLAGES, WATER_WORKS),
    build=water_view,
)
