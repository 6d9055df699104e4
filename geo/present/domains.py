"""What each bureau's domain page shows, taken from the report and the dataset (no Streamlit).

One page per domain — water (水利局), roads (交通运输局), telecom (工信局), sanitation (农业农村局 /
住建局), relocation (乡村振兴局), PV stations (乡村振兴局) and tea / specialty crops (农业农村局).
:func:`domain_view` gathers, for one domain and the sidebar's township filter:

* ``figures`` — the domain's targets with their value in the chosen scope, the target and
  whether it is met, plus a few inventory counts (works, sites, kilometres still to harden);
* ``tables`` — the lists a bureau acts on (unconnected villages with route length and cost,
  overloaded works, uncovered villages with their population, PV stations overdue or faulty,
  tea area by township with its organic share), with localized headers, ready to show and to
  download as CSV;
* ``shown`` and ``overlays`` — which contract layers the domain's map opens with, and the
  extra highlighted layers (routes to harden, villages coloured by a status) drawn from the
  indicators' ``details``.

Nothing is measured twice: indicator values come from the report (computed once for the whole
county); the township filter only selects rows by ``town_code`` (or the township of a row's
``village_code``). With a filter, a share is Σ numerator / Σ denominator of the chosen
townships' rows — the same roll-up the indicators use — and is judged with the target's own
comparison. Only inventory figures (counts, road kilometres by surface) are summed here, on the
dataset restricted to the townships (:func:`geo.core.scope.for_townships`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.indicators.base import IndicatorResult
from geo.analysis.inventory import SURFACES, metric_crs, road_lengths_km
from geo.analysis.report import Report
from geo.core.catalog import INDICATORS
from geo.core.crs import STORAGE_EPSG
from geo.core.scope import for_townships
from geo.core.store import Dataset
from geo.core.targets import Target
from geo.map.content import MapContent, compose, overlay_layer
from geo.map.style import LayerStyle
from geo.text.i18n import format_count, format_number, format_share, t

DOMAINS = ("water", "roads", "telecom", "sanitation", "relocation", "pv", "industry")

# Indicators and checks of each domain, in the order the page shows them.
DOMAIN_INDICATORS: Mapping[str, tuple[str, ...]] = {
    "water": ("water.centralized_rate", "water.tap_rate"),
    "roads": (
        "road.hardened_natural_villages",
        "road.double_lane_admin_villages",
        "road.county_roads_grade3",
        "road.township_grade3_access",
        "transport.bus_admin_villages",
    ),
    "telecom": ("telecom.g4_admin_villages", "telecom.g5_seats_key_villages"),
    "sanitation": ("sanitation.garbage_natural_villages", "sanitation.sanitary_toilet_rate"),
    "relocation": ("relocation.employed_households", "relocation.service_access"),
    "pv": ("pv.ownership_confirmed", "pv.operating", "pv.inspection_on_time", "pv.annual_revenue"),
    "industry": (),
}

# Contract layers switched on when a domain's map opens (the rest stay in the legend).
DOMAIN_LAYERS: Mapping[str, tuple[str, ...]] = {
    "water": ("townships", "water_service_areas", "natural_villages"),
    "roads": ("townships", "roads"),
    "telecom": ("townships", "admin_villages", "cell_sites"),
    "sanitation": ("townships", "admin_villages"),
    "relocation": ("townships", "admin_villages", "roads", "facilities"),
    "pv": ("townships", "admin_villages", "pv_stations"),
    "industry": ("townships", "admin_villages", "farm_plots"),
}

# The layers a domain cannot do without; the page says so when one is missing from the data.
DOMAIN_REQUIRED: Mapping[str, tuple[str, ...]] = {
    "water": ("natural_villages", "water_works"),
    "roads": ("roads",),
    "telecom": ("cell_sites",),
    "sanitation": ("natural_villages",),
    "relocation": ("relocation_sites",),
    "pv": ("pv_stations",),
    "industry": ("farm_plots",),
}

GOOD, NEAR, BAD, GREY = "#1a9850", "#fdae61", "#d73027", "#969696"
NEAR_LOAD = 0.8  # a works at 80 % of its capacity or more is shown as near its limit
TEA = "tea"


@dataclass(frozen=True)
class Figure:
    """One headline figure: a target's value in the scope (``met`` None when not judged) or a count."""

    label: str
    value: str
    target: str = ""
    met: bool | None = None
    help: str = ""


@dataclass(frozen=True)
class Table:
    """A list to show and download: ``frame`` has localized headers; numbers stay numbers."""

    key: str
    title: str
    frame: pd.DataFrame
    caption: str = ""


@dataclass(frozen=True)
class Overlay:
    """An extra map layer: features in EPSG:4490 with display columns, coloured by a status column."""

    name: str
    title: str
    frame: gpd.GeoDataFrame
    style: LayerStyle
    popup: tuple[tuple[str, str], ...] = ()
    tooltip: str | None = None
    category_column: str | None = None
    categories: tuple[tuple[str, str, str], ...] = ()
    shown: bool = True


@dataclass(frozen=True)
class DomainView:
    """Everything one domain page shows."""

    domain: str
    figures: list[Figure]
    tables: list[Table]
    shown: tuple[str, ...]
    overlays: list[Overlay] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing: tuple[str, ...] = ()  # required layers (DOMAIN_REQUIRED) the whole county's data lack


# --- scope ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The townships chosen (empty = the whole county) and the township of every admin village."""

    towns: frozenset[str]
    village_town: pd.Series  # village_code → town_code
    town_names: pd.Series  # town_code → name
    village_names: pd.Series  # village_code → name

    @classmethod
    def of(cls, dataset: Dataset, towns: Collection[str] = ()) -> Scope:
        """The scope of ``towns`` in ``dataset``."""
        villages = dataset.layers.get("admin_villages")
        townships = dataset.layers.get("townships")
        village_town = (
            pd.Series(dtype="string")
            if villages is None
            else pd.Series(
                villages["town_code"].astype("string").to_numpy(),
                index=villages["village_code"].astype("string").to_numpy(),
            )
        )
        village_names = (
            pd.Series(dtype="string")
            if villages is None
            else pd.Series(
                villages["name"].astype("string").to_numpy(), index=villages["village_code"].astype("string").to_numpy()
            )
        )
        town_names = (
            pd.Series(dtype="string")
            if townships is None
            else pd.Series(
                townships["name"].astype("string").to_numpy(), index=townships["town_code"].astype("string").to_numpy()
            )
        )
        return cls(frozenset(str(c) for c in towns), village_town, town_names, village_names)

    @property
    def county(self) -> bool:
        """Whether the whole county is shown."""
        return not self.towns

    def town_of(self, village_codes: pd.Series) -> pd.Series:
        """Township code of each village code (NA when unknown)."""
        return pd.Series(
            village_codes.astype("string").map(self.village_town).to_numpy(), index=village_codes.index, dtype="string"
        )

    def by_town(self, town_codes: pd.Series) -> np.ndarray:
        """Rows inside the scope, by township code."""
        if self.county:
            return np.ones(len(town_codes), dtype=bool)
        return town_codes.astype("string").isin(self.towns).fillna(False).to_numpy(dtype=bool)

    def by_village(self, village_codes: pd.Series) -> np.ndarray:
        """Rows inside the scope, by admin village code."""
        return self.by_town(self.town_of(village_codes))


# --- formatting -------------------------------------------------------------------------------


def _comparison(target: Target) -> str:
    return {">=": "≥", ">": ">", "<=": "≤"}.get(target.comparison, target.comparison)


def _format(value: float, unit: str, lang: str) -> str:
    if value != value:  # NaN
        return "—"
    if unit == "share":
        return format_share(value)
    if unit == "yuan":
        return f"{format_number(value / 1e4)} {t('unit.yuan_10k', lang)}"
    return format_count(value, lang)


def target_text(target: Target, lang: str = "zh") -> str:
    """「目标 ≥ 95%（±1%），2025年」: comparison, threshold, tolerance and deadline."""
    unit = INDICATORS[target.indicator].unit if target.indicator in INDICATORS else "share"

    def compact(value: float) -> str:  # thresholds are round numbers: 95%, not 95.0%
        if unit == "share":
            return f"{round(value * 100.0, 2):g}%"
        return (
            f"{format_number(value / 1e4, decimals=0)} {t('unit.yuan_10k', lang)}"
            if unit == "yuan"
            else format_count(value, lang)
        )

    threshold = compact(target.threshold)
    tolerance = t("domain.tolerance", lang, value=compact(target.tolerance)) if target.tolerance else ""
    return t("domain.target", lang, cmp=_comparison(target), value=threshold, tolerance=tolerance, year=target.deadline)


def met_text(met: bool | None, lang: str = "zh") -> str:
    """达标 / 未达标 / 不判定."""
    return t("domain.met" if met else "domain.not_met" if met is not None else "domain.not_judged", lang)


def _rename(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return frame.rename(columns={c: t(f"domain.col.{c}", lang) for c in frame.columns})


def _table(key: str, frame: pd.DataFrame, lang: str, caption: str = "") -> Table:
    return Table(key, t(f"domain.table.{key}", lang), _rename(frame.reset_index(drop=True), lang), caption)


def _km(metres: pd.Series | np.ndarray) -> np.ndarray:
    values = np.asarray(metres, dtype=float) / 1000.0
    return np.where(np.isfinite(values), np.round(values, 2), np.nan)


def _wan(yuan: pd.Series | np.ndarray) -> np.ndarray:
    values = np.asarray(yuan, dtype=float) / 1e4
    return np.where(np.isfinite(values), np.round(values, 1), np.nan)


def _pct(share: pd.Series | np.ndarray) -> np.ndarray:
    return np.round(np.asarray(share, dtype=float) * 100.0, 1)


def csv_bytes(table: Table) -> bytes:
    """A table as CSV for Excel: UTF-8 with BOM, the headers as shown."""
    return table.frame.to_csv(index=False).encode("utf-8-sig")


# --- figures from the report --------------------------------------------------------------------


def _target_ids(report: Report, targets: Mapping[str, Target], indicators: Sequence[str]) -> list[str]:
    """Target (and check) ids of the report measuring ``indicators``, in the order of ``indicators``."""

    def indicator(key: str) -> str:
        return targets[key].indicator if key in targets else key

    return [key for wanted in indicators for key in report.results if indicator(key) == wanted]


def _result(report: Report, targets: Mapping[str, Target], indicator: str) -> IndicatorResult | None:
    ids = _target_ids(report, targets, (indicator,))
    return report.results[ids[0]] if ids else None


def scoped_value(
    report: Report, target_id: str, scope: Scope, *, unit: str = "share"
) -> tuple[float, float, float, bool | None]:
    """(value, numerator, denominator, met in the report) of a target in the scope.

    The county row without a filter; with one, the chosen townships' rows rolled up as the
    indicators do: Σ numerator / Σ denominator for a share, Σ numerator for an amount. ``met``
    is the report's judgement of the county row (None with a filter or when not judged).
    """
    table = report.indicators
    rows = table[["level", "unit_code", "value", "numerator", "denominator", "met"]].iloc[
        np.flatnonzero((table["target_id"] == target_id).to_numpy(dtype=bool, na_value=False))
    ]
    if scope.county:
        county = rows[rows["level"] == "county"]
        if county.empty:
            return np.nan, np.nan, np.nan, None
        row = county.iloc[0]
        met = None if pd.isna(row["met"]) else bool(row["met"])
        return float(row["value"]), float(row["numerator"]), float(row["denominator"]), met
    towns = rows[(rows["level"] == "township") & rows["unit_code"].astype("string").isin(scope.towns).fillna(False)]
    if towns.empty:
        return np.nan, np.nan, np.nan, None
    numerator, denominator = float(towns["numerator"].sum()), float(towns["denominator"].sum())
    share = numerator / denominator if denominator > 0 else np.nan
    return (share if unit == "share" else numerator), numerator, denominator, None


def target_figures(
    report: Report, targets: Mapping[str, Target], indicators: Sequence[str], scope: Scope, lang: str = "zh"
) -> list[Figure]:
    """One figure per target measuring ``indicators``: value in the scope, target, met.

    With a township filter a share is judged with the target's comparison and tolerance; an
    amount (yuan) is judged only where the report judged it (the county row of a county target).
    """
    figures = []
    for target_id in _target_ids(report, targets, indicators):
        target = targets.get(target_id)
        if target is None:
            continue
        spec = INDICATORS.get(target.indicator)
        unit = spec.unit if spec else "share"
        value, numerator, denominator, met = scoped_value(report, target_id, scope, unit=unit)
        if not scope.county and unit == "share" and value == value:
            met = bool(target.is_met(value))
        label = (spec.title_zh if lang == "zh" else spec.title_en) if spec else target.title(lang)
        detail = (
            t(
                "domain.fraction",
                lang,
                numerator=format_number(numerator, decimals=0),
                denominator=format_number(denominator, decimals=0),
            )
            if unit == "share" and denominator == denominator
            else ""
        )
        help_text = f"{target.title(lang)}。{detail}" if lang == "zh" else f"{target.title(lang)}. {detail}"
        help_text += "\n\n" + t("domain.source", lang, plan=target.source.plan, quote=target.source.quote)
        figures.append(Figure(label, _format(value, unit, lang), target_text(target, lang), met, help_text))
    return figures


def _count_figure(key: str, count: float, lang: str, *, judged: bool = False, **values: object) -> Figure:
    """A count (gap rows, sites …); ``judged`` counts are met when zero."""
    return Figure(
        t(f"domain.fig.{key}", lang),
        format_count(count, lang),
        met=(count == 0) if judged else None,
        target=t("domain.target_zero", lang) if judged else "",
        help=t(f"domain.fig.{key}_help", lang, **values),
    )


def _gaps(report: Report, targets: Mapping[str, Target], indicator: str, scope: Scope) -> gpd.GeoDataFrame:
    """Gap rows of an indicator (or check) inside the scope."""
    ids = _target_ids(report, targets, (indicator,))
    gaps = report.gaps[report.gaps["target_id"].isin(ids[:1]).fillna(False).to_numpy()]
    return gaps[scope.by_town(gaps["town_code"])]


def _notes(report: Report, targets: Mapping[str, Target], indicators: Sequence[str]) -> list[str]:
    ids = set(_target_ids(report, targets, indicators))
    return [note for note in report.notes if note.split(":", 1)[0] in ids]


# --- the domains --------------------------------------------------------------------------------


SUPPLY_KINDS = ("centralized", "tap", "dispersed", "none")


def _num(value: object) -> str:
    return "—" if pd.isna(value) else f"{float(value):,.0f}"


def _pct_text(value: object) -> str:
    return "—" if pd.isna(value) else f"{float(value):.1f}%"


def _popup(columns: Sequence[str], lang: str) -> tuple[tuple[str, str], ...]:
    return tuple((c, t(f"domain.col.{c}", lang)) for c in columns)


def _load_categories(lang: str) -> tuple[tuple[str, str, str], ...]:
    return (
        ("over", t("domain.load.over", lang), BAD),
        ("near", t("domain.load.near", lang), NEAR),
        ("ok", t("domain.load.ok", lang), GOOD),
        ("unknown", t("domain.load.unknown", lang), GREY),
    )


def _layer(dataset: Dataset, name: str) -> gpd.GeoDataFrame | None:
    frame = dataset.layers.get(name)
    return frame if frame is not None and len(frame) > 0 else None


def _with_places(
    frame: pd.DataFrame, scope: Scope, *, village: str | None = "village_code", town: str | None = None
) -> pd.DataFrame:
    """Add ``village`` and ``town`` name columns from the village (or township) code."""
    out = frame.copy()
    if village is not None and village in out:
        codes = out[village].astype("string")
        out["village"] = codes.map(scope.village_names).to_numpy()
        out["town"] = scope.town_of(codes).map(scope.town_names).to_numpy()
    if town is not None and town in out:
        out["town"] = out[town].astype("string").map(scope.town_names).to_numpy()
    return out


def _water(report: Report, dataset: Dataset, targets: Mapping[str, Target], scope: Scope, lang: str) -> DomainView:
    indicators = DOMAIN_INDICATORS["water"]
    figures = target_figures(report, targets, indicators, scope, lang)
    works = _layer(dataset, "water_works")
    capacity = 0.0 if works is None else float(pd.to_numeric(works["capacity_m3d"], errors="coerce").fillna(0).sum())
    figures.append(
        _count_figure(
            "water_works", 0 if works is None else len(works), lang, capacity=format_number(capacity, decimals=0)
        )
    )
    overloaded = _gaps(report, targets, "water.works_overload", scope)
    discrepant = _gaps(report, targets, "water.ledger_discrepancy", scope)
    figures.append(_count_figure("overloaded_works", len(overloaded), lang, judged=True))
    figures.append(_count_figure("ledger_discrepancies", len(discrepant), lang, judged=True))

    tables, overlays = [], []
    supply = _result(report, targets, "water.centralized_rate")
    if supply is not None and supply.details is not None:
        nv = supply.details[scope.by_village(supply.details["village_code"])]
        unserved = nv[~nv["served"].astype(bool) & (pd.to_numeric(nv["population"], errors="coerce").fillna(0) > 0)]
        unserved = _with_places(unserved, scope).sort_values(
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
                "nearest_works_km": _km(unserved["nearest_works_m"]),
                "service_area_of": unserved["service_area_of"],
            }
        )
        tables.append(_table("unserved", frame, lang, t("domain.table.unserved_caption", lang)))
    load = _result(report, targets, "water.works_overload")
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
                "load_pct": _pct(details["load"]),
                "status": status_label,
            }
        )
        tables.append(_table("works_load", frame, lang, t("domain.table.works_load_caption", lang)))
        geo = gpd.GeoDataFrame(
            {
                "name": details["name"].astype("string"),
                "status": details["status"],
                "status_label": status_label,
                "capacity": frame["capacity_m3d"].map(_num),
                "served": frame["served_population"].map(_num),
                "load": frame["load_pct"].map(_pct_text),
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
                _popup(("name", "status_label", "capacity", "served", "load"), lang),
                "name",
                "status",
                _load_categories(lang),
            )
        )
    if _result(report, targets, "water.ledger_discrepancy") is not None:
        frame = pd.DataFrame(
            {
                "feature_id": discrepant["feature_id"],
                "name": discrepant["name"],
                "village": discrepant["village_name"],
                "town": discrepant["town_name"],
                "population": discrepant["population_affected"],
                "reason": discrepant["reason_zh" if lang == "zh" else "reason_en"],
                "need": discrepant["need_zh"],
            }
        )
        tables.append(_table("ledger", frame, lang))
    shown = DOMAIN_LAYERS["water"]
    return DomainView(
        "water",
        figures,
        tables,
        shown,
        overlays,
        _notes(report, targets, (*indicators, "water.works_overload", "water.ledger_discrepancy")),
    )


def road_km_table(dataset: Dataset, lang: str = "zh") -> pd.DataFrame:
    """Road kilometres by surface (rows) and lanes (one lane, two or more), with a total row.

    Lengths in the county's Gauss-Krüger zone; a missing lane count is counted as one lane.
    """
    roads = _layer(dataset, "roads")
    columns = ["surface", "one_lane_km", "two_lane_km", "total_km", "share_pct"]
    if roads is None:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    km = road_lengths_km(dataset).to_numpy()
    surface = roads["surface"].astype("string").fillna("unknown").to_numpy(dtype=object)
    two = pd.to_numeric(roads["lanes"], errors="coerce").fillna(1).to_numpy() >= 2
    frame = pd.DataFrame({"surface": surface, "one": np.where(two, 0.0, km), "two": np.where(two, km, 0.0)})
    by = frame.groupby("surface", sort=False)[["one", "two"]].sum()
    order = [s for s in SURFACES if s in by.index] + sorted(s for s in by.index if s not in SURFACES)
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


def _route_overlay(details: gpd.GeoDataFrame, key: str, lang: str, *, color: str, shown: bool) -> Overlay:
    """The routes to upgrade of the unreached points, as lines (``details['route']``)."""
    routes = gpd.GeoDataFrame(
        {
            "name": details["name"].astype("string"),
            "route_km": _km(details["need_m"] + details["new_road_m"]),
            "cost_wan": _wan(details["cost_yuan"]),
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
        _popup(("name", "route_km", "cost_wan"), lang),
        "name",
        shown=shown,
    )


def _roads(report: Report, dataset: Dataset, targets: Mapping[str, Target], scope: Scope, lang: str) -> DomainView:
    indicators = DOMAIN_INDICATORS["roads"]
    figures = target_figures(report, targets, indicators, scope, lang)
    tables = [_table("road_km", road_km_table(dataset, lang), lang)]
    overlays: list[Overlay] = []
    hardened = _result(report, targets, "road.hardened_natural_villages")
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
        places = _with_places(details, scope).sort_values(
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
                "route_km": _km(places["need_m"] + places["new_road_m"]),
                "cost_wan": _wan(places["cost_yuan"]),
            }
        )
        tables.append(_table("unconnected", frame, lang, t("domain.table.unconnected_caption", lang)))
        overlays.append(_route_overlay(details, "routes_harden", lang, color=BAD, shown=True))
        points = gpd.GeoDataFrame(
            {
                "name": details["name"].astype("string"),
                "population": details["population"].map(_num),
                "route_km": pd.Series(_km(need)).map(lambda v: "—" if pd.isna(v) else f"{v:,.2f}").to_numpy(),
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
                _popup(("name", "population", "route_km"), lang),
                "name",
            )
        )
    two_lane = _result(report, targets, "road.double_lane_admin_villages")
    if two_lane is not None and two_lane.details is not None:
        details = two_lane.details[
            scope.by_town(two_lane.details["town_code"]) & ~two_lane.details["reached"].astype(bool)
        ]
        places = _with_places(details, scope, village=None, town="town_code").sort_values(
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
                "cost_wan": _wan(places["cost_yuan"]),
            }
        )
        tables.append(_table("two_lane", frame, lang))
        overlays.append(_route_overlay(details, "routes_widen", lang, color="#f46d43", shown=False))
    grade = _result(report, targets, "road.county_roads_grade3")
    if grade is not None and grade.details is not None:
        details = grade.details[scope.by_town(grade.details["town_code"]) & ~grade.details["grade_ok"].astype(bool)]
        places = _with_places(details, scope, village=None, town="town_code")
        frame = pd.DataFrame(
            {
                "road_id": places["road_id"],
                "name": places["name"],
                "town": places["town"],
                "tech_grade": places["tech_grade"],
                "length_km": _km(places["length_m"]),
            }
        )
        tables.append(
            _table(
                "county_grade",
                frame.sort_values(["length_km", "road_id"], ascending=[False, True], kind="stable"),
                lang,
            )
        )
    return DomainView("roads", figures, tables, DOMAIN_LAYERS["roads"], overlays, _notes(report, targets, indicators))


def _telecom(report: Report, dataset: Dataset, targets: Mapping[str, Target], scope: Scope, lang: str) -> DomainView:
    indicators = DOMAIN_INDICATORS["telecom"]
    figures = target_figures(report, targets, indicators, scope, lang)
    tables, overlays = [], []
    g4 = _result(report, targets, "telecom.g4_admin_villages")
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
        status = np.where(
            details["covered"].astype(bool),
            "covered",
            np.where(details["blocked_by_terrain"].astype(bool), "blocked", "outside"),
        )
        details = details.assign(status=status)
        uncovered = _with_places(details[status != "covered"], scope, village=None, town="town_code")
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
                "nearest_site_km": _km(uncovered["nearest_site_m"]),
            }
        )
        tables.append(_table("uncovered_4g", frame, lang, t("domain.table.uncovered_4g_caption", lang)))
        labels = pd.Series(status).map(lambda s: t(f"domain.cover.{s}", lang)).to_numpy()
        geo = gpd.GeoDataFrame(
            {
                "name": details["name"].astype("string"),
                "status": status,
                "why": labels,
                "population": details["population"].map(_num).to_numpy(),
            },
            geometry=details.geometry.to_numpy(),
            crs=details.crs,
        )
        overlays.append(
            Overlay(
                "seats_4g",
                t("domain.overlay.seats_4g", lang),
                geo,
                LayerStyle(color=GREY, radius=6.0),
                _popup(("name", "why", "population"), lang),
                "name",
                "status",
                _cover_categories(lang),
            )
        )
    sites = _layer(dataset, "cell_sites")
    techs = pd.Series(dtype="string") if sites is None else sites["tech"].astype("string").str.upper()
    g4_sites, g5_sites = int((techs == "4G").sum()), int((techs == "5G").sum())
    figures.append(
        Figure(
            t("domain.fig.sites", lang),
            f"{format_count(g4_sites, lang)} / {format_count(g5_sites, lang)}",
            help=t("domain.fig.sites_help", lang, g4=g4_sites, g5=g5_sites),
        )
    )
    g5 = _result(report, targets, "telecom.g5_seats_key_villages")
    if g5 is not None and g5.details is not None:
        details = g5.details[scope.by_town(g5.details["town_code"])]
        status = np.where(
            details["covered"].astype(bool),
            "covered",
            np.where(details["blocked_by_terrain"].astype(bool), "blocked", "outside"),
        )
        details = details.assign(status=status)
        uncovered = _with_places(details[status != "covered"], scope, village=None, town="town_code")
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
                "nearest_site_km": _km(uncovered["nearest_site_m"]),
            }
        )
        tables.append(_table("uncovered_5g", frame, lang))
        labels = pd.Series(status).map(lambda s: t(f"domain.cover.{s}", lang)).to_numpy()
        geo = gpd.GeoDataFrame(
            {
                "name": details["name"].astype("string"),
                "status": status,
                "why": labels,
                "population": details["population"].map(_num).to_numpy(),
            },
            geometry=details.geometry.to_numpy(),
            crs=details.crs,
        )
        overlays.append(
            Overlay(
                "points_5g",
                t("domain.overlay.points_5g", lang),
                geo,
                LayerStyle(color=GREY, radius=8.0),
                _popup(("name", "why", "population"), lang),
                "name",
                "status",
                _cover_categories(lang),
                shown=False,
            )
        )
    return DomainView(
        "telecom", figures, tables, DOMAIN_LAYERS["telecom"], overlays, _notes(report, targets, indicators)
    )


def _cover_categories(lang: str) -> tuple[tuple[str, str, str], ...]:
    return (
        ("covered", t("domain.cover.covered", lang), GOOD),
        ("blocked", t("domain.cover.blocked", lang), NEAR),
        ("outside", t("domain.cover.outside", lang), BAD),
    )


def _flag(values: pd.Series) -> np.ndarray:
    return values.astype("boolean").fillna(False).to_numpy(dtype=bool)


def _sanitation(report: Report, dataset: Dataset, targets: Mapping[str, Target], scope: Scope, lang: str) -> DomainView:
    indicators = DOMAIN_INDICATORS["sanitation"]
    figures = target_figures(report, targets, indicators, scope, lang)
    facilities = _layer(dataset, "facilities")
    stations = (
        None
        if facilities is None
        else facilities[facilities["kind"].astype("string").eq("garbage_station").fillna(False).to_numpy()]
    )
    figures.append(_count_figure("garbage_stations", 0 if stations is None else len(stations), lang))
    nv = _layer(dataset, "natural_villages")
    if nv is not None:
        households = pd.to_numeric(nv["households"], errors="coerce").fillna(0)
        toilets = np.minimum(pd.to_numeric(nv["sanitary_toilet_households"], errors="coerce").fillna(0), households)
        figures.append(_count_figure("toilets_missing", float((households - toilets).sum()), lang))
    tables, overlays = [], []
    garbage = _gaps(report, targets, "sanitation.garbage_natural_villages", scope)
    frame = pd.DataFrame(
        {
            "feature_id": garbage["feature_id"],
            "name": garbage["name"],
            "village": garbage["village_name"],
            "town": garbage["town_name"],
            "population": garbage["population_affected"],
            "reason": garbage["reason_zh" if lang == "zh" else "reason_en"],
            "need": garbage["need_zh"],
        }
    )
    tables.append(
        _table(
            "no_garbage", frame.sort_values(["population", "feature_id"], ascending=[False, True], kind="stable"), lang
        )
    )
    ids = _target_ids(report, targets, ("sanitation.sanitary_toilet_rate",))
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
                "rate_pct": _pct(units["value"]),
                "met": units["met"].map(lambda m: met_text(None if pd.isna(m) else bool(m), lang)),
            }
        )
        tables.append(_table("toilets", frame, lang))
    if nv is not None:
        collected = np.where(_flag(nv["garbage_collected"]), "yes", "no")
        geo = gpd.GeoDataFrame(
            {
                "name": nv["name"].astype("string"),
                "status": collected,
                "garbage": pd.Series(collected).map(lambda s: t(f"domain.garbage.{s}", lang)).to_numpy(),
                "population": nv["population"].map(_num).to_numpy(),
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
                _popup(("name", "garbage", "population"), lang),
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
                _popup(("name",), lang),
                "name",
            )
        )
    return DomainView(
        "sanitation", figures, tables, DOMAIN_LAYERS["sanitation"], overlays, _notes(report, targets, indicators)
    )


def _relocation(report: Report, dataset: Dataset, targets: Mapping[str, Target], scope: Scope, lang: str) -> DomainView:
    indicators = DOMAIN_INDICATORS["relocation"]
    figures = target_figures(report, targets, indicators, scope, lang)
    sites = _layer(dataset, "relocation_sites")
    tables, overlays = [], []
    if sites is not None:
        households = pd.to_numeric(sites["households"], errors="coerce").fillna(0)
        population = pd.to_numeric(sites["population"], errors="coerce").fillna(0)
        figures.append(
            _count_figure(
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
        figures.append(_count_figure("jobless_households", float((labour - employed).sum()), lang, judged=True))
        access = _result(report, targets, "relocation.service_access")
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
            frame["employed_pct"] = _pct(
                np.where(
                    frame["labour_households"] > 0, frame["employed_households"] / frame["labour_households"], np.nan
                )
            )
        if access is not None and access.details is not None:
            near = access.details.set_index(access.details["site_id"].astype("string"))
            frame["nearest_school"] = frame["site_id"].map(near["nearest_school"])
            frame["school_km"] = _km(frame["site_id"].map(near["school_m"]))
            frame["nearest_clinic"] = frame["site_id"].map(near["nearest_clinic"])
            frame["clinic_km"] = _km(frame["site_id"].map(near["clinic_m"]))
        gap_ids = set(_gaps(report, targets, "relocation.employed_households", scope)["feature_id"].astype("string"))
        gap_ids |= set(_gaps(report, targets, "relocation.service_access", scope)["feature_id"].astype("string"))
        status = np.where(frame["site_id"].isin(gap_ids), "gap", "ok")
        frame["met"] = pd.Series(status).map(lambda s: met_text(s == "ok", lang)).to_numpy()
        places = _with_places(frame, scope)
        table = places.drop(columns=["village_code"])[
            [
                "site_id",
                "name",
                "village",
                "town",
                *[c for c in frame.columns if c not in ("site_id", "name", "village_code")],
            ]
        ]
        tables.append(_table("sites", table.iloc[np.argsort(status == "ok", kind="stable")], lang))
        geo = gpd.GeoDataFrame(
            {
                "name": sites["name"].astype("string").to_numpy(),
                "status": status,
                "met": frame["met"].to_numpy(),
                "households": households.map(_num).to_numpy(),
                "employed_pct": frame["employed_pct"].map(_pct_text).to_numpy(),
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
                _popup(("name", "met", "households", "employed_pct"), lang),
                "name",
                "status",
                (("ok", t("domain.met", lang), GOOD), ("gap", t("domain.not_met", lang), BAD)),
            )
        )
    return DomainView(
        "relocation", figures, tables, DOMAIN_LAYERS["relocation"], overlays, _notes(report, targets, indicators)
    )


def _pv(report: Report, dataset: Dataset, targets: Mapping[str, Target], scope: Scope, lang: str) -> DomainView:
    indicators = DOMAIN_INDICATORS["pv"]
    figures = target_figures(report, targets, indicators, scope, lang)
    stations = _layer(dataset, "pv_stations")
    tables, overlays = [], []
    if stations is not None:
        capacity = pd.to_numeric(stations["capacity_kw"], errors="coerce").fillna(0)
        figures.append(
            _count_figure("pv_stations", len(stations), lang, capacity=format_number(capacity.sum(), decimals=0))
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
            gaps = _gaps(report, targets, indicator, scope)
            issues[key] = ids.isin(set(gaps["feature_id"].astype("string"))).to_numpy()
            if key == "inspection":
                overdue_days.loc[gaps["feature_id"].astype("string").to_numpy()] = gaps["need_amount"].to_numpy(
                    dtype=float
                )
        status = stations["status"].astype("string").fillna("offline")
        problem = [
            "；".join(
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
                "revenue_wan": _wan(pd.to_numeric(stations["annual_revenue_yuan"], errors="coerce")),
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
        places = _with_places(frame, scope).drop(columns=["village_code"])
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
            _table(
                "pv_attention",
                places[has_problem],
                lang,
                t("domain.table.pv_attention_caption", lang, date=report.as_of.isoformat()),
            )
        )
        revenue_ids = _target_ids(report, targets, ("pv.annual_revenue",))
        if revenue_ids:
            units = report.indicators[
                (report.indicators["target_id"] == revenue_ids[0]) & (report.indicators["level"] == "township")
            ]
            units = units[scope.by_town(units["unit_code"])]
            by_town = pd.DataFrame(
                {
                    "town": units["unit_name"],
                    "capacity_kw": units["denominator"],
                    "revenue_wan": _wan(units["numerator"]),
                }
            )
            by_town["yuan_per_kw"] = np.round(
                units["numerator"].to_numpy(dtype=float) / units["denominator"].to_numpy(dtype=float), 0
            )
            tables.append(_table("pv_revenue", by_town, lang))
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
                    _popup(("name", "problems"), lang),
                    "name",
                )
            )
    return DomainView("pv", figures, tables, DOMAIN_LAYERS["pv"], overlays, _notes(report, targets, indicators))


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


def _industry(report: Report, dataset: Dataset, targets: Mapping[str, Target], scope: Scope, lang: str) -> DomainView:
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
            _table(
                "tea_towns",
                pd.DataFrame(
                    {
                        "town": tea["unit_name"],
                        "plots": tea["plots"],
                        "area_mu": np.round(tea["area_mu"].astype(float), 1),
                        "organic_area_mu": np.round(tea["organic_area_mu"].astype(float), 1),
                        "organic_pct": _pct(tea["organic_share"]),
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
            _table(
                "crops",
                pd.DataFrame(
                    {
                        "crop": crops["crop_zh"] if lang == "zh" else crops["crop"].str.replace("_", " "),
                        "plots": crops["plots"],
                        "area_mu": np.round(crops["area_mu"].astype(float), 1),
                        "organic_pct": _pct(crops["organic_share"]),
                        "mapped_area_mu": np.round(crops["mapped_area_mu"].astype(float), 1),
                    }
                ),
                lang,
            )
        )
    overlays = []
    plots = _layer(dataset, "farm_plots")
    if plots is not None:
        organic = plots[_flag(plots["organic"])]
        if len(organic):
            geo = gpd.GeoDataFrame(
                {
                    "name": organic["plot_id"].astype("string").to_numpy(),
                    "area_mu": organic["area_mu"].map(_num).to_numpy(),
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
                    _popup(("name", "area_mu", "operator"), lang),
                    "name",
                )
            )
    return DomainView("industry", figures, tables, DOMAIN_LAYERS["industry"], overlays)


_BUILDERS = {
    "water": _water,
    "roads": _roads,
    "telecom": _telecom,
    "sanitation": _sanitation,
    "relocation": _relocation,
    "pv": _pv,
    "industry": _industry,
}


def domain_view(
    domain: str,
    report: Report,
    dataset: Dataset,
    *,
    targets: Mapping[str, Target],
    towns: Collection[str] = (),
    lang: str = "zh",
) -> DomainView:
    """Figures, tables and map layers of ``domain`` for the townships ``towns`` (empty = whole county).

    ``report`` is the whole county's (:func:`geo.analysis.report.run_report`), ``dataset`` the whole
    county's data: the filter is applied here, by township code.
    """
    if domain not in _BUILDERS:
        raise ValueError(f"unknown domain {domain!r}; choose from {', '.join(DOMAINS)}")
    scope = Scope.of(dataset, towns)
    scoped = for_townships(dataset, sorted(scope.towns)) if not scope.county else dataset
    view = _BUILDERS[domain](report, scoped, targets, scope, lang)
    missing = tuple(name for name in DOMAIN_REQUIRED[domain] if _layer(dataset, name) is None)
    return replace(view, missing=missing) if missing else view


def domain_map(view: DomainView, base: MapContent, dataset: Dataset) -> MapContent:
    """The domain's map: ``base`` (every contract layer) with the domain's layers on and its overlays added."""
    crs = metric_crs(dataset)
    overlays = [
        overlay_layer(
            o.frame,
            name=o.name,
            title=o.title,
            style=o.style,
            metric_crs=crs,
            popup=o.popup,
            tooltip=o.tooltip,
            category_column=o.category_column,
            categories=o.categories,
            shown=o.shown,
            lang=base.lang,
        )
        for o in view.overlays
        if crs is not None and (o.frame.geometry.notna() & ~o.frame.geometry.is_empty).any()
    ]
    return compose(base, shown=view.shown, overlays=overlays)
