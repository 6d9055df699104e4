"""茶叶与特色产业 (agriculture bureau): tea and specialty-crop area by township with the organic share."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.catalog import CATALOG
from geo.analysis.inventory import TEA
from geo.analysis.report import Report
from geo.core.layer_names import ADMIN_VILLAGES, FARM_PLOTS, TOWNSHIPS
from geo.core.store import Dataset
from geo.core.targets import Target
from geo.map.style import LayerStyle
from geo.present.domains.base import (
    Domain,
    DomainView,
    Figure,
    Overlay,
    Scope,
    flags,
    layer_of,
    make_table,
    number_text,
    popup_columns,
    to_pct,
)
from geo.text.i18n import format_number, format_share, t


def industry_rows(profile: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """Per crop (and ``all``) in the scope: plots, area, organic area and share, mapped area.

    The county rows of :func:`geo.analysis.industry.industry_profile` without a filter; with one, the
    chosen townships' rows summed (the organic share recomputed from the sums).
    """
    columns = ["crop", "crop_zh", "plots", "area_mu", "organic_area_mu", "mapped_area_mu", "population"]
    if profile.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in [*columns, "organic_share"]})
    if scope.county:
        rows = profile[profile["level"] == "county"][columns]
    else:
        towns = profile[(profile["level"] == "township") & scope.by_town(profile["unit_code"].astype("string"))]
        rows = (
            towns.groupby(["crop", "crop_zh"], sort=False)[["plots", "area_mu", "organic_area_mu", "mapped_area_mu"]]
            .sum()
            .reset_index()
        )
    rows = rows.reset_index(drop=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        rows["organic_share"] = np.where(rows["area_mu"] > 0, rows["organic_area_mu"] / rows["area_mu"], np.nan)
    return rows


def industry_view(
    report: Report, dataset: Dataset, targets: Mapping[str, Target], scope: Scope, lang: str
) -> DomainView:
    rows = industry_rows(report.industry, scope).set_index("crop")

    def area(crop: str, column: str = "area_mu") -> float:
        return float(rows.at[crop, column]) if crop in rows.index else 0.0

    tea_share = area(TEA, "organic_share") if TEA in rows.index else np.nan
    mu = t("unit.mu", lang)
    figures = [
        Figure(
            t("domain.fig.tea_area", lang),
            f"{format_number(area(TEA), decimals=0)} {mu}",
            help=t("domain.fig.tea_area_help", lang, plots=int(area(TEA, "plots"))),
        ),
        Figure(
            t("domain.fig.tea_organic", lang),
            format_share(tea_share),
            help=t(
                "domain.fig.tea_organic_help", lang, organic=format_number(area(TEA, "organic_area_mu"), decimals=0)
            ),
        ),
        Figure(t("domain.fig.camellia_area", lang), f"{format_number(area('camellia_oil'), decimals=0)} {mu}"),
        Figure(
            t("domain.fig.crops_area", lang),
            f"{format_number(area('all'), decimals=0)} {mu}",
            help=t("domain.fig.crops_area_help", lang, mapped=format_number(area("all", "mapped_area_mu"), decimals=0)),
        ),
    ]
    profile = report.industry
    tables = []
    if not profile.empty:
        tea = profile[
            (profile["level"] == "township")
            & (profile["crop"] == TEA)
            & scope.by_town(profile["unit_code"].astype("string"))
        ]
        tea = tea.sort_values(["area_mu", "unit_code"], ascending=[False, True], kind="stable")
        tables.append(
            make_table(
                "tea_towns",
                pd.DataFrame(
                    {
                        "town": tea["unit_name"],
                        "plots": tea["plots"],
                        "area_mu": np.round(tea["area_mu"].astype(float), 1),
                        "organic_area_mu": np.round(tea["organic_area_mu"].astype(float), 1),
                        "organic_pct": to_pct(tea["organic_share"]),
                        "mapped_area_mu": np.round(tea["mapped_area_mu"].astype(float), 1),
                        "mu_per_person": np.round(tea["mu_per_person"].astype(float), 3),
                    }
                ),
                lang,
            )
        )
        crops = rows.reset_index()
        crops = crops[crops["crop"] != "all"].sort_values("area_mu", ascending=False, kind="stable")
        tables.append(
            make_table(
                "crops",
                pd.DataFrame(
                    {
                        "crop": crops["crop_zh"] if lang == "zh" else crops["crop"].str.replace("_", " "),
                        "plots": crops["plots"],
                        "area_mu": np.round(crops["area_mu"].astype(float), 1),
                        "organic_pct": to_pct(crops["organic_share"]),
                        "mapped_area_mu": np.round(crops["mapped_area_mu"].astype(float), 1),
                    }
                ),
                lang,
            )
        )
    overlays = []
    plots = layer_of(dataset, FARM_PLOTS)
    if plots is not None:
        organic = plots[flags(plots["organic"])]
        if len(organic):
            geo = gpd.GeoDataFrame(
                {
                    "name": organic["plot_id"].astype("string").to_numpy(),
                    "area_mu": organic["area_mu"].map(number_text).to_numpy(),
                    "operator": organic["operator"].astype("string").to_numpy() if "operator" in organic else None,
                },
                geometry=organic.geometry.to_numpy(),
                crs=organic.crs,
            )
            overlays.append(
                Overlay(
                    "organic",
                    t("domain.overlay.organic", lang),
                    geo,
                    LayerStyle(color="#00441b", fill_color="#00441b", fill_opacity=0.0, weight=2.5),
                    popup_columns(("name", "area_mu", "operator"), lang),
                    "name",
                )
            )
    return DomainView(INDUSTRY.key, figures, tables, INDUSTRY.shown, overlays)


INDUSTRY = Domain(
    "industry",
    ":material/eco:",
    "page.industry",
    "domain.title.industry",
    indicators=CATALOG.in_domain("industry"),
    shown=(TOWNSHIPS, ADMIN_VILLAGES, FARM_PLOTS),
    required=(FARM_PLOTS,),
    build=industry_view,
)
