"""人居环境 (agriculture and housing bureaus): garbage collection and sanitary toilets."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.catalog import CATALOG
from geo.analysis.report import Report
from geo.core.layer_names import ADMIN_VILLAGES, FACILITIES, NATURAL_VILLAGES, TOWNSHIPS
from geo.core.store import Dataset
from geo.core.targets import Target
from geo.map.style import LayerStyle
from geo.present.domains.base import (
    BAD,
    GOOD,
    GREY,
    Domain,
    DomainView,
    Overlay,
    Scope,
    count_figure,
    flags,
    gaps_in_scope,
    layer_of,
    make_table,
    met_text,
    notes_of,
    number_text,
    popup_columns,
    target_figures,
    target_ids,
    to_pct,
)
from geo.text.i18n import t


def sanitation_view(
    report: Report, dataset: Dataset, targets: Mapping[str, Target], scope: Scope, lang: str
) -> DomainView:
    indicators = SANITATION.indicators
    figures = target_figures(report, targets, indicators, scope, lang)
    facilities = layer_of(dataset, FACILITIES)
    stations = (
        None
        if facilities is None
        else facilities[facilities["kind"].astype("string").eq("garbage_station").fillna(False).to_numpy()]
    )
    figures.append(count_figure("garbage_stations", 0 if stations is None else len(stations), lang))
    nv = layer_of(dataset, NATURAL_VILLAGES)
    if nv is not None:
        households = pd.to_numeric(nv["households"], errors="coerce").fillna(0)
        toilets = np.minimum(pd.to_numeric(nv["sanitary_toilet_households"], errors="coerce").fillna(0), households)
        figures.append(count_figure("toilets_missing", float((households - toilets).sum()), lang))
    tables, overlays = [], []
    garbage = gaps_in_scope(report, targets, "sanitation.garbage_natural_villages", scope)
    frame = pd.DataFrame(
        {
            "feature_id": garbage["feature_id"],
            "name": garbage["name"],
            "village": garbage["village_name"],
            "town": garbage["town_name"],
            "population": garbage["population_affected"],
            "reason": garbage["reason_zh" if lang == "zh" else "reason_en"],
            "need": garbage["need_zh" if lang == "zh" else "need_en"],
        }
    )
    tables.append(
        make_table(
            "no_garbage", frame.sort_values(["population", "feature_id"], ascending=[False, True], kind="stable"), lang
        )
    )
    ids = target_ids(report, targets, ("sanitation.sanitary_toilet_rate",))
    if ids:
        units = report.indicators[
            (report.indicators["target_id"] == ids[0]) & (report.indicators["level"] == "admin_village")
        ]
        units = units[scope.by_village(units["unit_code"])]
        units = units.assign(town=scope.town_of(units["unit_code"]).map(scope.town_names).to_numpy())
        units = units.sort_values(["value", "unit_code"], kind="stable")
        frame = pd.DataFrame(
            {
                "village_code": units["unit_code"],
                "name": units["unit_name"],
                "town": units["town"],
                "households": units["denominator"],
                "toilet_households": units["numerator"],
                "rate_pct": to_pct(units["value"]),
                "met": units["met"].map(lambda m: met_text(None if pd.isna(m) else bool(m), lang)),
            }
        )
        tables.append(make_table("toilets", frame, lang))
    if nv is not None:
        collected = np.where(flags(nv["garbage_collected"]), "yes", "no")
        geo = gpd.GeoDataFrame(
            {
                "name": nv["name"].astype("string"),
                "status": collected,
                "garbage": pd.Series(collected).map(lambda s: t(f"domain.garbage.{s}", lang)).to_numpy(),
                "population": nv["population"].map(number_text).to_numpy(),
            },
            geometry=nv.geometry.to_numpy(),
            crs=nv.crs,
        )
        overlays.append(
            Overlay(
                "garbage",
                t("domain.overlay.garbage", lang),
                geo,
                LayerStyle(color=GREY, radius=3.5),
                popup_columns(("name", "garbage", "population"), lang),
                "name",
                "status",
                (("yes", t("domain.garbage.yes", lang), GOOD), ("no", t("domain.garbage.no", lang), BAD)),
            )
        )
    if stations is not None and len(stations):
        geo = gpd.GeoDataFrame(
            {"name": stations["name"].astype("string")}, geometry=stations.geometry.to_numpy(), crs=stations.crs
        )
        overlays.append(
            Overlay(
                "garbage_stations",
                t("domain.overlay.garbage_stations", lang),
                geo,
                LayerStyle(color="#543005", fill_color="#8c510a", radius=6.0),
                popup_columns(("name",), lang),
                "name",
            )
        )
    return DomainView(
        SANITATION.key, figures, tables, SANITATION.shown, overlays, notes_of(report, targets, indicators)
    )


SANITATION = Domain(
    "sanitation",
    ":material/recycling:",
    "page.sanitation",
    "domain.title.sanitation",
    indicators=CATALOG.in_domain("sanitation"),
    shown=(TOWNSHIPS, ADMIN_VILLAGES),
    required=(NATURAL_VILLAGES,),
    build=sanitation_view,
)
