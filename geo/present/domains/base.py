"""What every domain page shares: figures, tables, overlays, the township scope, and helpers.

A domain page (:mod:`geo.present.domains`) shows ``figures`` — the domain's targets with their
value in the chosen scope, the target and whether it is met, plus a few inventory counts —,
``tables`` — the lists a bureau acts on, with localized headers, ready to show and to download
as CSV — and a map with the domain's layers switched on and extra highlighted ``overlays``.

Nothing is measured twice: indicator values come from the report (computed once for the whole
county); the township filter only selects rows by ``town_code`` (or the township of a row's
``village_code``). With a filter, a share is Σ numerator / Σ denominator of the chosen
townships' rows — the same roll-up the indicators use — and is judged with the target's own
comparison. Only inventory figures (counts, road kilometres by surface) are summed here, on the
dataset restricted to the townships (:func:`geo.core.scope.for_townships`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.catalog import CATALOG
from geo.analysis.report import Report
from geo.analysis.result import IndicatorResult
from geo.analysis.status import scope_value
from geo.analysis.unit_scope import SCOPE_NOTE_KEY
from geo.core.layer_names import ADMIN_VILLAGES, TOWNSHIPS
from geo.core.plans import Plan
from geo.core.store import Dataset
from geo.core.targets import Target
from geo.io.cells import safe_csv_bytes
from geo.map import palette
from geo.map.style import LayerStyle
from geo.present.locate import ROW_KEYS
from geo.text.i18n import format_count, format_number, format_share, t
from geo.text.plan_text import basis_text, contribution_text, plan_label, role_label
from geo.text.target_text import target_text, unit_of

GOOD, NEAR, BAD, GREY = palette.MET, palette.NEAR, palette.FAR, "#969696"  # the status palette


@dataclass(frozen=True)
class Figure:
    """One headline figure: a target's value in the scope (``met`` None when not judged) or a count."""

    label: str
    value: str
    target: str = ""
    met: bool | None = None
    help: str = ""
    plan: str = ""  # the plan the target comes from, short: 「参照 · 沁水县 2021–2025 · 沁发〔2021〕17号」


@dataclass(frozen=True)
class Table:
    """A list to show and download: ``frame`` has localized headers; numbers stay numbers."""

    key: str
    title: str
    frame: pd.DataFrame
    caption: str = ""
    # Where each row is on the map: the layers (and key columns) its id may name, and one id per row.
    locate: tuple[tuple[str, str], ...] = ()
    ids: tuple[str, ...] = ()


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
    missing: tuple[str, ...] = ()  # required layers (Domain.required) the whole county's data lack


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
        villages = dataset.layers.get(ADMIN_VILLAGES)
        townships = dataset.layers.get(TOWNSHIPS)
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


Builder = Callable[[Report, Dataset, Mapping[str, Target], Scope, str], DomainView]


@dataclass(frozen=True)
class Domain:
    """One bureau's domain page as data: app.py builds the navigation from it, :func:`domain_view` runs ``build``.

    ``key`` is also the page's URL path (``/water``); ``title_key`` and ``heading_key`` are the UI
    strings of the navigation entry and of the page heading. ``indicators`` are the indicators and
    checks whose targets the page shows, in that order; ``shown`` the contract layers switched on
    when its map opens (the rest stay in the legend); ``required`` the layers it cannot do without
    (the page names those the data lack).
    """

    key: str
    icon: str
    title_key: str
    heading_key: str
    indicators: tuple[str, ...]
    shown: tuple[str, ...]
    required: tuple[str, ...]
    build: Builder


def _format(value: float, unit: str, lang: str) -> str:
    """A figure's value: ``48.3%``, ``32.0 万元``, ``25.6万`` (a headline figure; tables keep numbers)."""
    if value != value:  # NaN
        return "—"
    if unit == "share":
        return format_share(value)
    if unit == "yuan":
        return f"{format_number(value / 1e4)} {t('unit.yuan_10k', lang)}"
    return format_count(value, lang)


def met_text(met: bool | None, lang: str = "zh") -> str:
    """达标 / 未达标 / 不判定."""
    return t("domain.met" if met else "domain.not_met" if met is not None else "domain.not_judged", lang)


def _rename(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return frame.rename(columns={c: t(f"domain.col.{c}", lang) for c in frame.columns})


def make_table(key: str, frame: pd.DataFrame, lang: str, caption: str = "") -> Table:
    """A :class:`Table` titled by ``domain.table.<key>`` with the ``domain.col.<column>`` headers of ``lang``.

    The first id column of :data:`geo.present.locate.ROW_KEYS` the frame has says where its rows
    are on the map (``Table.locate``, ``Table.ids``); a table without one (road kilometres by
    surface) has none.
    """
    frame = frame.reset_index(drop=True)
    column = next((c for c in ROW_KEYS if c in frame.columns), None)
    locate = ROW_KEYS[column] if column is not None else ()
    ids = tuple(frame[column].astype("string").fillna("").tolist()) if column is not None else ()
    return Table(key, t(f"domain.table.{key}", lang), _rename(frame, lang), caption, locate, ids)


def to_km(metres: pd.Series | np.ndarray) -> np.ndarray:
    """Metres as kilometres, 2 decimals (NaN stays NaN)."""
    values = np.asarray(metres, dtype=float) / 1000.0
    return np.where(np.isfinite(values), np.round(values, 2), np.nan)


def to_wan(yuan: pd.Series | np.ndarray) -> np.ndarray:
    """Yuan as 万元 (10,000 yuan), 1 decimal (NaN stays NaN)."""
    values = np.asarray(yuan, dtype=float) / 1e4
    return np.where(np.isfinite(values), np.round(values, 1), np.nan)


def to_pct(share: pd.Series | np.ndarray) -> np.ndarray:
    """A share (0–1) as a percentage, 1 decimal."""
    return np.round(np.asarray(share, dtype=float) * 100.0, 1)


def csv_bytes(table: Table) -> bytes:
    """A table as CSV for Excel: UTF-8 with BOM, the headers as shown, formula-like text neutralised."""
    return safe_csv_bytes(table.frame)


def target_ids(report: Report, targets: Mapping[str, Target], indicators: Sequence[str]) -> list[str]:
    """Target (and check) ids of the report measuring ``indicators``, in the order of ``indicators``."""

    def indicator(key: str) -> str:
        return targets[key].indicator if key in targets else key

    return [key for wanted in indicators for key in report.results if indicator(key) == wanted]


def result_of(report: Report, targets: Mapping[str, Target], indicator: str) -> IndicatorResult | None:
    """The report's result for the first target (or check) measuring ``indicator``; None when none was measured."""
    ids = target_ids(report, targets, (indicator,))
    return report.results[ids[0]] if ids else None


def target_figures(
    report: Report,
    targets: Mapping[str, Target],
    indicators: Sequence[str],
    scope: Scope,
    lang: str = "zh",
    plans: Mapping[str, Plan] | None = None,
) -> list[Figure]:
    """One figure per target measuring ``indicators``: value in the scope, target, met, and the plan it comes from.

    The value and verdict are :func:`geo.analysis.status.scope_value`'s, the same the overview shows.
    A benchmark plan's target says 「参照」 in its target line; a province total reads as the county's share.
    """
    plans = plans or {}
    figures = []
    for target_id in target_ids(report, targets, indicators):
        target = targets.get(target_id)
        if target is None:
            continue
        spec = CATALOG.indicators.get(target.indicator)
        unit = unit_of(target)
        scoped = scope_value(report.indicators, target, scope.towns)
        label = (spec.title_zh if lang == "zh" else spec.title_en) if spec else target.title(lang)
        detail = (
            t(
                "domain.fraction",
                lang,
                numerator=format_number(scoped.numerator, decimals=0),
                denominator=format_number(scoped.denominator, decimals=0),
            )
            if unit == "share" and scoped.denominator == scoped.denominator
            else ""
        )
        help_text = f"{target.title(lang)}{t('sep.sentence', lang)}{detail}"
        help_text += "\n\n" + t("domain.source", lang, plan=basis_text(target, lang=lang), quote=target.source.quote)
        role = target.source.role
        if role == "contribution":
            target_line = contribution_text(target, scoped.value, lang=lang)
        else:
            target_line = target_text(target, lang=lang, compact=True, deadline=True)
        if role == "reference":
            target_line = f"{role_label(role, lang=lang)} · {target_line}"
        plan = plan_label(target.source, plans.get(target.source.plan_id), lang=lang)
        figures.append(Figure(label, _format(scoped.value, unit, lang), target_line, scoped.met, help_text, plan))
    return figures


def count_figure(key: str, count: float, lang: str, *, judged: bool = False, **values: object) -> Figure:
    """A count (gap rows, sites …); ``judged`` counts are met when zero."""
    return Figure(
        t(f"domain.fig.{key}", lang),
        format_count(count, lang),
        met=(count == 0) if judged else None,
        target=t("domain.target_zero", lang) if judged else "",
        help=t(f"domain.fig.{key}_help", lang, **values),
    )


def gaps_in_scope(report: Report, targets: Mapping[str, Target], indicator: str, scope: Scope) -> gpd.GeoDataFrame:
    """Gap rows of an indicator (or check) inside the scope."""
    ids = target_ids(report, targets, (indicator,))
    gaps = report.gaps[report.gaps["target_id"].isin(ids[:1]).fillna(False).to_numpy()]
    return gaps[scope.by_town(gaps["town_code"])]


def notes_of(report: Report, targets: Mapping[str, Target], indicators: Sequence[str]) -> list[str]:
    """The report's notes on the targets (and checks) measuring ``indicators``, after the notes on
    which units the targets count (residents' committees and uninhabited units left out)."""
    ids = set(target_ids(report, targets, indicators)) | {SCOPE_NOTE_KEY}
    return [note for note in report.notes if note.split(":", 1)[0] in ids]


def number_text(value: float | None) -> str:
    """A number for a popup: ``1,234``; ``—`` when missing (None, NaN or NA)."""
    return "—" if value is None or pd.isna(value) else f"{float(value):,.0f}"


def percent_text(value: float | None) -> str:
    """A percentage (already ×100) for a popup: ``87.5%``; ``—`` when missing (None, NaN or NA)."""
    return "—" if value is None or pd.isna(value) else f"{float(value):.1f}%"


def popup_columns(columns: Sequence[str], lang: str) -> tuple[tuple[str, str], ...]:
    """(column, localized header) pairs of an overlay's popup."""
    return tuple((c, t(f"domain.col.{c}", lang)) for c in columns)


def layer_of(dataset: Dataset, name: str) -> gpd.GeoDataFrame | None:
    """A layer of the dataset, or None when it is absent or empty."""
    frame = dataset.layers.get(name)
    return frame if frame is not None and len(frame) > 0 else None


def with_places(
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


def flags(values: pd.Series) -> np.ndarray:
    """A yes/no column as booleans, missing = no."""
    return values.astype("boolean").fillna(False).to_numpy(dtype=bool)
