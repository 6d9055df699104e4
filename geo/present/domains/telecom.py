"""通信网络 (county industry and IT bureau): 4G/5G sites, covered and uncovered villages with their population."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.catalog import CATALOG
from geo.analysis.report import Report
from geo.core.layer_names import ADMIN_VILLAGES, CELL_SITES, TOWNSHIPS
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
    Figure,
    Overlay,
    Scope,
    layer_of,
    make_table,
    notes_of,
    number_text,
    popup_columns,
    result_of,
    target_figures,
    to_km,
    with_places,
)
from geo.text.i18n import format_count, format_number, format_share, t


def telecom_view(
    report: Report, dataset: Dataset, targets: Mapping[str, Target], scope: Scope, lang: str
) -> DomainView:
    indicators = TELECOM.indicators
    figures = target_figures(report, targets, indicators, scope, lang)
    tables, overlays = [], []
    g4 = result_of(report, targets, "telecom.g4_admin_villages")
    if g4 is not None and g4.details is not None:
        details = g4.details[scope.by_town(g4.details["town_code"])]
        people, covered = float(details["population"].sum()), float(details["population_covered"].sum())
        figures.append(
            Figure(
                t("domain.fig.g4_people", lang),
                format_share(covered / people if people > 0 else np.nan),
                help=t(
                    "domain.fig.g4_people_help",
                    lang,
                    covered=format_number(covered, decimals=0),
                    people=format_number(people, decimals=0),
                ),
            )
        )
        status = _cover_status(details)
        details = details.assign(status=status)
        uncovered = with_places(details[status != "covered"], scope, village=None, town="town_code")
        uncovered = uncovered.sort_values(["population", "village_code"], ascending=[False, True], kind="stable")
        frame = pd.DataFrame(
            {
                "village_code": uncovered["village_code"],
                "name": uncovered["name"],
                "town": uncovered["town"],
                "population": np.round(uncovered["population"].astype(float)),
                "population_covered": np.round(uncovered["population_covered"].astype(float)),
                "why": uncovered["status"].map(lambda s: t(f"domain.cover.{s}", lang)),
                "nearest_site": uncovered["blocking_site_id"].where(
                    uncovered["status"] == "blocked", uncovered["nearest_site_id"]
                ),
                "nearest_site_km": to_km(uncovered["nearest_site_m"]),
            }
        )
        tables.append(make_table("uncovered_4g", frame, lang, t("domain.table.uncovered_4g_caption", lang)))
        overlays.append(_cover_overlay("seats_4g", details, status, 6.0, lang))
    sites = layer_of(dataset, CELL_SITES)
    techs = pd.Series(dtype="string") if sites is None else sites["tech"].astype("string").str.upper()
    g4_sites, g5_sites = int((techs == "4G").sum()), int((techs == "5G").sum())
    figures.append(
        Figure(
            t("domain.fig.sites", lang),
            f"{format_count(g4_sites, lang)} / {format_count(g5_sites, lang)}",
            help=t("domain.fig.sites_help", lang, g4=g4_sites, g5=g5_sites),
        )
    )
    g5 = result_of(report, targets, "telecom.g5_seats_key_villages")
    if g5 is not None and g5.details is not None:
        details = g5.details[scope.by_town(g5.details["town_code"])]
        status = _cover_status(details)
        details = details.assign(status=status)
        uncovered = with_places(details[status != "covered"], scope, village=None, town="town_code")
        frame = pd.DataFrame(
            {
                "unit_code": uncovered["unit_code"],
                "name": uncovered["name"],
                "kind": uncovered["kind"].map(lambda k: t(f"domain.g5.{k}", lang)),
                "town": uncovered["town"],
                "population": np.round(uncovered["population"].astype(float)),
                "why": uncovered["status"].map(lambda s: t(f"domain.cover.{s}", lang)),
                "nearest_site": uncovered["blocking_site_id"].where(
                    uncovered["status"] == "blocked", uncovered["nearest_site_id"]
                ),
                "nearest_site_km": to_km(uncovered["nearest_site_m"]),
            }
        )
        tables.append(make_table("uncovered_5g", frame, lang))
        overlays.append(_cover_overlay("points_5g", details, status, 8.0, lang, shown=False))
    return DomainView(TELECOM.key, figures, tables, TELECOM.shown, overlays, notes_of(report, targets, indicators))


def _cover_status(details: pd.DataFrame) -> np.ndarray:
    """Each point's coverage: covered, blocked (in range but behind terrain) or outside every site's range."""
    return np.where(
        details["covered"].astype(bool),
        "covered",
        np.where(details["blocked_by_terrain"].astype(bool), "blocked", "outside"),
    )


def _cover_overlay(
    key: str, details: gpd.GeoDataFrame, status: np.ndarray, radius: float, lang: str, *, shown: bool = True
) -> Overlay:
    """The map overlay of the points a coverage indicator judged, coloured by their status."""
    geo = gpd.GeoDataFrame(
        {
            "name": details["name"].astype("string"),
            "status": status,
            "why": pd.Series(status).map(lambda s: t(f"domain.cover.{s}", lang)).to_numpy(),
            "population": details["population"].map(number_text).to_numpy(),
        },
        geometry=details.geometry.to_numpy(),
        crs=details.crs,
    )
    return Overlay(
        key,
        t(f"domain.overlay.{key}", lang),
        geo,
        LayerStyle(color=GREY, radius=radius),
        popup_columns(("name", "why", "population"), lang),
        "name",
        "status",
        _cover_categories(lang),
        shown=shown,
    )


def _cover_categories(lang: str) -> tuple[tuple[str, str, str], ...]:
    return (
        ("covered", t("domain.cover.covered", lang), GOOD),
        ("blocked", t("domain.cover.blocked", lang), NEAR),
        ("outside", t("domain.cover.outside", lang), BAD),
    )


TELECOM = Domain(
    "telecom",
    ":material/cell_tower:",
    "page.telecom",
    "domain.title.telecom",
    indicators=CATALOG.in_domain("telecom"),
    shown=(TOWNSHIPS, ADMIN_VILLAGES, CELL_SITES),
    required=(CELL_SITES,),
    build=telecom_view,
)
