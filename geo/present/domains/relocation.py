"""易地搬迁 (rural revitalization bureau): relocation sites, jobs, schools and clinics within reach."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.catalog import CATALOG
from geo.analysis.report import Report
from geo.core.layer_names import ADMIN_VILLAGES, FACILITIES, RELOCATION_SITES, ROADS, TOWNSHIPS
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
    gaps_in_scope,
    layer_of,
    make_table,
    met_text,
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


def relocation_view(
    report: Report, dataset: Dataset, targets: Mapping[str, Target], scope: Scope, lang: str
) -> DomainView:
    indicators = RELOCATION.indicators
    figures = target_figures(report, targets, indicators, scope, lang)
    sites = layer_of(dataset, RELOCATION_SITES)
    tables, overlays = [], []
    if sites is not None:
        households = pd.to_numeric(sites["households"], errors="coerce").fillna(0)
        population = pd.to_numeric(sites["population"], errors="coerce").fillna(0)
        figures.append(
            count_figure(
                "relocation_sites",
                len(sites),
                lang,
                households=format_number(households.sum(), decimals=0),
                people=format_number(population.sum(), decimals=0),
            )
        )
        labour = (
            pd.to_numeric(sites["labour_households"], errors="coerce")
            if "labour_households" in sites
            else households * np.nan
        )
        labour = labour.fillna(households)
        employed = np.minimum(pd.to_numeric(sites["employed_households"], errors="coerce").fillna(0), labour)
        figures.append(count_figure("jobless_households", float((labour - employed).sum()), lang, judged=True))
        access = result_of(report, targets, "relocation.service_access")
        frame = pd.DataFrame(
            {
                "site_id": sites["site_id"].astype("string").to_numpy(),
                "name": sites["name"].to_numpy(),
                "village_code": sites["village_code"].to_numpy(),
                "households": households.to_numpy(),
                "population": population.to_numpy(),
                "labour_households": labour.to_numpy(),
                "employed_households": employed.to_numpy(),
            }
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            frame["employed_pct"] = to_pct(
                np.where(
                    frame["labour_households"] > 0, frame["employed_households"] / frame["labour_households"], np.nan
                )
            )
        if access is not None and access.details is not None:
            near = access.details.set_index(access.details["site_id"].astype("string"))
            frame["nearest_school"] = frame["site_id"].map(near["nearest_school"])
            frame["school_km"] = to_km(frame["site_id"].map(near["school_m"]))
            frame["nearest_clinic"] = frame["site_id"].map(near["nearest_clinic"])
            frame["clinic_km"] = to_km(frame["site_id"].map(near["clinic_m"]))
        gap_ids = set(
            gaps_in_scope(report, targets, "relocation.employed_households", scope)["feature_id"].astype("string")
        )
        gap_ids |= set(
            gaps_in_scope(report, targets, "relocation.service_access", scope)["feature_id"].astype("string")
        )
        status = np.where(frame["site_id"].isin(gap_ids), "gap", "ok")
        frame["met"] = pd.Series(status).map(lambda s: met_text(s == "ok", lang)).to_numpy()
        places = with_places(frame, scope)
        table = places.drop(columns=["village_code"])[
            [
                "site_id",
                "name",
                "village",
                "town",
                *[c for c in frame.columns if c not in ("site_id", "name", "village_code")],
            ]
        ]
        tables.append(make_table("sites", table.iloc[np.argsort(status == "ok", kind="stable")], lang))
        geo = gpd.GeoDataFrame(
            {
                "name": sites["name"].astype("string").to_numpy(),
                "status": status,
                "met": frame["met"].to_numpy(),
                "households": households.map(number_text).to_numpy(),
                "employed_pct": frame["employed_pct"].map(percent_text).to_numpy(),
            },
            geometry=sites.geometry.to_numpy(),
            crs=sites.crs,
        )
        overlays.append(
            Overlay(
                "relocation",
                t("domain.overlay.relocation", lang),
                geo,
                LayerStyle(color=GREY, radius=8.0),
                popup_columns(("name", "met", "households", "employed_pct"), lang),
                "name",
                "status",
                (("ok", t("domain.met", lang), GOOD), ("gap", t("domain.not_met", lang), BAD)),
            )
        )
    return DomainView(
        RELOCATION.key, figures, tables, RELOCATION.shown, overlays, notes_of(report, targets, indicators)
    )


RELOCATION = Domain(
    "relocation",
    ":material/holiday_village:",
    "page.relocation",
    "domain.title.relocation",
    indicators=CATALOG.in_domain("relocation"),
    shown=(TOWNSHIPS, ADMIN_VILLAGES, ROADS, FACILITIES),
    required=(RELOCATION_SITES,),
    build=relocation_view,
)
