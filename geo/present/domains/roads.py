"""农村公路 (county transport bureau): roads by surface and lanes, unconnected larger villages with the route
to harden and its cost."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.catalog import CATALOG
from geo.analysis.inventory import road_lengths_km
from geo.analysis.report import Report
from geo.core.crs import STORAGE_EPSG
from geo.core.layer_names import ROADS as ROADS_LAYER
from geo.core.layer_names import TOWNSHIPS
from geo.core.store import Dataset
from geo.core.targets import Target
from geo.core.vocabulary import SURFACES, surface_order
from geo.map.style import LayerStyle
from geo.present.domains.base import (
    BAD,
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
    to_wan,
    with_places,
)
from geo.text.i18n import format_number, t


def road_km_table(dataset: Dataset, lang: str = "zh") -> pd.DataFrame:
    """Road kilometres by surface (rows) and lanes (one lane, two or more), with a total row.

    Lengths in the county's Gauss-Krüger zone; a missing lane count is counted as one lane.
    """
    roads = layer_of(dataset, ROADS_LAYER)
    columns = ["surface", "one_lane_km", "two_lane_km", "total_km", "share_pct"]
    if roads is None:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    km = road_lengths_km(dataset).to_numpy()
    surface = roads["surface"].astype("string").fillna("unknown").to_numpy(dtype=object)
    two = pd.to_numeric(roads["lanes"], errors="coerce").fillna(1).to_numpy() >= 2
    frame = pd.DataFrame({"surface": surface, "one": np.where(two, 0.0, km), "two": np.where(two, km, 0.0)})
    by = frame.groupby("surface", sort=False)[["one", "two"]].sum()
    order = surface_order(by.index)
    by = by.loc[order]
    total = by["one"] + by["two"]
    grand = float(total.sum())
    labels = [t(f"surface.{s}", lang) if s in SURFACES else str(s) for s in order]
    shares = [*(total / grand * 100.0), 100.0] if grand > 0 else [np.nan] * (len(order) + 1)
    return pd.DataFrame(
        {
            "surface": [*labels, t("domain.total", lang)],
            "one_lane_km": np.round([*by["one"], by["one"].sum()], 1),
            "two_lane_km": np.round([*by["two"], by["two"].sum()], 1),
            "total_km": np.round([*total, grand], 1),
            "share_pct": np.round(shares, 1),
        }
    )


def _route_overlay(details: gpd.GeoDataFrame, key: str, feature: str, lang: str, *, color: str, shown: bool) -> Overlay:
    """The routes of the unreached points, as lines (``details['route']``), each row beside its own
    point: ``feature_id`` (the ``feature`` column) and ``access`` (where its work starts) stay
    with the route for the map's checks and are not shown."""
    details = details.reset_index(drop=True)  # a filtered frame: align by position, not by label
    routes = gpd.GeoDataFrame(
        {
            "feature_id": details[feature].astype("string"),
            "name": details["name"].astype("string"),
            "route_km": to_km(details["need_m"] + details["new_road_m"]),
            "cost_wan": to_wan(details["cost_yuan"]),
            "access": gpd.GeoSeries(details["access"].to_numpy(), crs=STORAGE_EPSG),
        },
        geometry=gpd.GeoSeries(details["route"].to_numpy(), crs=STORAGE_EPSG),
        crs=STORAGE_EPSG,
    )
    routes["route_km"] = routes["route_km"].map(lambda v: "—" if pd.isna(v) else f"{v:,.2f}")
    routes["cost_wan"] = routes["cost_wan"].map(lambda v: "—" if pd.isna(v) else f"{v:,.1f}")
    return Overlay(
        key,
        t(f"domain.overlay.{key}", lang),
        routes,
        LayerStyle(color=color, weight=4.5),
        popup_columns(("name", "route_km", "cost_wan"), lang),
        "name",
        shown=shown,
    )


def roads_view(report: Report, dataset: Dataset, targets: Mapping[str, Target], scope: Scope, lang: str) -> DomainView:
    indicators = ROADS.indicators
    figures = target_figures(report, targets, indicators, scope, lang)
    tables = [make_table("road_km", road_km_table(dataset, lang), lang)]
    overlays: list[Overlay] = []
    hardened = result_of(report, targets, "road.hardened_natural_villages")
    if hardened is not None and hardened.details is not None:
        details = hardened.details[
            scope.by_village(hardened.details["village_code"]) & ~hardened.details["reached"].astype(bool)
        ]
        need = (details["need_m"] + details["new_road_m"]).to_numpy(dtype=float)
        cost = details["cost_yuan"].to_numpy(dtype=float)
        figures.append(
            Figure(
                t("domain.fig.harden_km", lang),
                f"{format_number(np.nansum(need) / 1000.0)} {t('unit.km', lang)}",
                help=t(
                    "domain.fig.harden_km_help",
                    lang,
                    n=len(details),
                    no_route=int(np.isnan(need).sum()),
                    cost=format_number(np.nansum(cost) / 1e4, decimals=0),
                ),
            )
        )
        places = with_places(details, scope).sort_values(
            ["population", "nv_id"], ascending=[False, True], kind="stable"
        )
        frame = pd.DataFrame(
            {
                "nv_id": places["nv_id"],
                "name": places["name"],
                "village": places["village"],
                "town": places["town"],
                "households": places["households"],
                "population": places["population"],
                "harden_m": np.round(places["need_m"]),
                "new_road_m": np.round(places["new_road_m"]),
                "route_km": to_km(places["need_m"] + places["new_road_m"]),
                "cost_wan": to_wan(places["cost_yuan"]),
            }
        )
        tables.append(make_table("unconnected", frame, lang, t("domain.table.unconnected_caption", lang)))
        overlays.append(_route_overlay(details, "routes_harden", "nv_id", lang, color=BAD, shown=True))
        points = gpd.GeoDataFrame(
            {
                "name": details["name"].astype("string"),
                "population": details["population"].map(number_text),
                "route_km": pd.Series(to_km(need)).map(lambda v: "—" if pd.isna(v) else f"{v:,.2f}").to_numpy(),
            },
            geometry=details.geometry.to_numpy(),
            crs=details.crs,
        )
        overlays.append(
            Overlay(
                "unconnected",
                t("domain.overlay.unconnected", lang),
                points,
                LayerStyle(color="#67000d", fill_color=BAD, radius=6.0),
                popup_columns(("name", "population", "route_km"), lang),
                "name",
            )
        )
    two_lane = result_of(report, targets, "road.double_lane_admin_villages")
    if two_lane is not None and two_lane.details is not None:
        details = two_lane.details[
            scope.by_town(two_lane.details["town_code"]) & ~two_lane.details["reached"].astype(bool)
        ]
        places = with_places(details, scope, village=None, town="town_code").sort_values(
            ["population", "village_code"], ascending=[False, True], kind="stable"
        )
        frame = pd.DataFrame(
            {
                "village_code": places["village_code"],
                "name": places["name"],
                "town": places["town"],
                "population": places["population"],
                "widen_m": np.round(places["need_m"]),
                "new_road_m": np.round(places["new_road_m"]),
                "cost_wan": to_wan(places["cost_yuan"]),
            }
        )
        tables.append(make_table("two_lane", frame, lang))
        overlays.append(_route_overlay(details, "routes_widen", "village_code", lang, color="#f46d43", shown=False))
    grade = result_of(report, targets, "road.county_roads_grade3")
    if grade is not None and grade.details is not None:
        details = grade.details[scope.by_town(grade.details["town_code"]) & ~grade.details["grade_ok"].astype(bool)]
        places = with_places(details, scope, village=None, town="town_code")
        frame = pd.DataFrame(
            {
                "road_id": places["road_id"],
                "name": places["name"],
                "town": places["town"],
                "tech_grade": places["tech_grade"],
                "length_km": to_km(places["length_m"]),
            }
        )
        tables.append(
            make_table(
                "county_grade",
                frame.sort_values(["length_km", "road_id"], ascending=[False, True], kind="stable"),
                lang,
            )
        )
    return DomainView(ROADS.key, figures, tables, ROADS.shown, overlays, notes_of(report, targets, indicators))


ROADS = Domain(
    "roads",
    ":material/add_road:",
    "page.roads",
    "domain.title.roads",
    indicators=CATALOG.in_domain("roads"),
    shown=(TOWNSHIPS, ROADS_LAYER),
    required=(ROADS_LAYER,),
    build=roads_view,
)
