"""The overview's headline cards: the inventory figures (:mod:`geo.analysis.inventory`) labelled and formatted.

A card carries display text only; the numbers come from :class:`geo.analysis.inventory.Summary`.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.analysis.inventory import Summary
from geo.core.layer_names import ADMIN_VILLAGES
from geo.text.i18n import STRINGS, format_count, format_number, format_share, t

CARD_GROUPS = ("people", "infra", "industry")


@dataclass(frozen=True)
class Card:
    """One headline card: a stable key, its group, label, value, a short note under it and a help text."""

    key: str
    group: str
    label: str
    value: str
    note: str = ""
    help: str = ""


def _yuan(value: float, lang: str) -> str:
    if lang == "en":
        return f"{format_number(value / 1e6, decimals=2)} {t('unit.myuan', lang)}"
    return f"{format_number(value / 1e4, decimals=1)} {t('unit.yuan_10k', lang)}"


def _capacity_kw(value: float, lang: str) -> str:
    if value >= 10_000:
        return f"{format_number(value / 1000.0, decimals=2)} {t('unit.mw', lang)}"
    return f"{format_number(value, decimals=0)} {t('unit.kw', lang)}"


def headline_cards(summary: Summary, *, lang: str = "zh") -> list[Card]:
    """The overview's headline cards, labelled and formatted in ``lang`` (units included)."""
    km = t("unit.km", lang)
    sites = summary.cell_sites_by_tech
    by_surface = t("sep.comma", lang).join(
        f"{t('surface.' + s, lang) if 'surface.' + s in STRINGS else s} {format_number(v)} {km}"
        for s, v in summary.road_km_by_surface.items()
    )
    return [
        Card("townships", "people", t("metric.townships", lang), format_count(summary.townships, lang)),
        Card(ADMIN_VILLAGES, "people", t("metric.admin_villages", lang), format_count(summary.admin_villages, lang)),
        Card(
            "natural_villages",
            "people",
            t("metric.natural_villages", lang),
            format_count(summary.natural_villages, lang),
        ),
        Card(
            "population",
            "people",
            t("metric.population", lang),
            format_count(summary.population, lang),
            f"{format_count(summary.households, lang)} {t('unit.households_short', lang)}",
            f"{summary.population:,} {t('unit.people', lang)}, {summary.households:,} {t('unit.households', lang)}",
        ),
        Card(
            "road_km",
            "infra",
            t("metric.road_km", lang),
            f"{format_number(summary.road_km, decimals=0)} {km}",
            t("metric.hardened_note", lang, share=format_share(summary.hardened_share)),
            t("metric.road_by_surface", lang, parts=by_surface) + " " + t("metric.hardened_help", lang),
        ),
        Card(
            "two_lane_km",
            "infra",
            t("metric.two_lane_km", lang),
            f"{format_number(summary.two_lane_km, decimals=0)} {km}",
        ),
        Card(
            "water_works",
            "infra",
            t("metric.water_works", lang),
            format_count(summary.water_works, lang),
            f"{format_number(summary.water_capacity_m3d, decimals=0)} {t('unit.m3d', lang)}",
            t("metric.water_capacity", lang),
        ),
        Card(
            "cell_sites",
            "infra",
            t("metric.cell_sites", lang),
            f"{format_count(sites.get('4G', 0), lang)} / {format_count(sites.get('5G', 0), lang)}",
            t("metric.cell_note", lang, total=f"{sum(sites.values()):,}"),
        ),
        Card(
            "pv_capacity",
            "industry",
            t("metric.pv_capacity", lang),
            _capacity_kw(summary.pv_capacity_kw, lang),
            t("metric.pv_note", lang, n=summary.pv_stations),
        ),
        Card(
            "pv_revenue",
            "industry",
            t("metric.pv_revenue", lang),
            _yuan(summary.pv_annual_revenue_yuan, lang),
            help=f"{summary.pv_annual_revenue_yuan:,.0f} {t('unit.yuan', lang)}",
        ),
        Card(
            "tea_area",
            "industry",
            t("metric.tea_area", lang),
            f"{format_number(summary.tea_area_mu, decimals=0)} {t('unit.mu', lang)}",
        ),
        Card(
            "relocation",
            "industry",
            t("metric.relocation_sites", lang),
            format_count(summary.relocation_sites, lang),
            t(
                "metric.relocation_note",
                lang,
                households=f"{summary.relocation_households:,}",
                people=f"{summary.relocation_population:,}",
            ),
        ),
    ]
