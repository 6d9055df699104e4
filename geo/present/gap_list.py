"""Gap lists for the planning page: filter, sort, display table, map layers and the picked row.

Pure functions over the report's gap table (:data:`geo.analysis.indicators.base.GAP_COLUMNS` + geometry,
EPSG:4490). A row's ``bureau`` may name several responsible units joined by 「、」 (e.g.
``县农业农村局、县住建局``): the bureau filter offers each unit on its own and keeps a row when
any of its units is chosen, so every bureau finds the rows it shares. Separators inside brackets
belong to one unit (``县工信局（移动、联通、电信）`` is one unit).

Priority tiers colour the gap map (and nothing else; the priority itself is
:func:`geo.analysis.gaps.priority`): high from :data:`HIGH_PRIORITY`, medium from :data:`MEDIUM_PRIORITY`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from geo.core.catalog import CHECKS, INDICATORS
from geo.map.style import LayerStyle
from geo.map.webmap import COORD_DECIMALS, Category, LayerContent, escape, format_value, simplify_for_web
from geo.text.i18n import DEFAULT_LANG, pick, t

HIGH_PRIORITY = 70.0
MEDIUM_PRIORITY = 40.0
TIERS = ("high", "medium", "low")
TIER_COLORS: Mapping[str, str] = {"high": "#c62828", "medium": "#ef8a17", "low": "#e6c229"}
HIGHLIGHT_COLOR = "#1f5fff"
BUREAU_SEPARATORS = re.compile(r"[、，,；;/]")
GAP_LAYER = "gaps"
HIGHLIGHT_LAYER = "gap_pick"
_GEOMETRY_OF = {
    "Point": "Point",
    "MultiPoint": "Point",
    "LineString": "LineString",
    "MultiLineString": "LineString",
    "Polygon": "Polygon",
    "MultiPolygon": "Polygon",
}
_STYLES = {
    "Point": LayerStyle(
        color="#ffffff", radius=5.0, category_column="tier", category_colors=dict(TIER_COLORS), order=50
    ),
    "LineString": LayerStyle(
        color="#888888", weight=4.0, category_column="tier", category_colors=dict(TIER_COLORS), order=40
    ),
    "Polygon": LayerStyle(
        color="#888888",
        fill_opacity=0.35,
        weight=2.0,
        category_column="tier",
        category_colors=dict(TIER_COLORS),
        order=30,
    ),
}
_HIGHLIGHT_STYLES = {
    "Point": LayerStyle(color="#ffffff", fill_color=HIGHLIGHT_COLOR, radius=11.0, order=99),
    "LineString": LayerStyle(color=HIGHLIGHT_COLOR, weight=8.0, order=99),
    "Polygon": LayerStyle(color=HIGHLIGHT_COLOR, fill_color=HIGHLIGHT_COLOR, fill_opacity=0.15, weight=4.0, order=99),
}


@dataclass(frozen=True)
class GapQuery:
    """What the user filters by; an empty collection means "all"."""

    indicators: tuple[str, ...] = ()
    towns: tuple[str, ...] = ()
    bureaus: tuple[str, ...] = ()
    min_priority: float = 0.0


@dataclass(frozen=True)
class GapOptions:
    """The values each filter offers, taken from the gap table itself (most rows first for indicators)."""

    indicators: list[str]
    towns: dict[str, str]  # town_code → name, by code
    bureaus: list[str]


def split_bureaus(value: object) -> list[str]:
    """The responsible units named in one ``bureau`` cell (``"A、B"`` → ``["A", "B"]``); none for a missing cell."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return []
    parts, current, depth = [], "", 0
    for char in str(value):  # separators inside brackets belong to the unit: 县工信局（移动、联通、电信）
        depth += (char in "（(") - (char in "）)")
        if depth <= 0 and BUREAU_SEPARATORS.fullmatch(char):
            parts.append(current)
            current, depth = "", 0
        else:
            current += char
    parts.append(current)
    return [part.strip() for part in parts if part.strip()]


def indicator_title(indicator_id: str, *, lang: str = DEFAULT_LANG) -> str:
    """The catalogue title of an indicator or check (its id when unknown)."""
    spec = INDICATORS.get(indicator_id) or CHECKS.get(indicator_id)
    return pick(spec.title_zh, spec.title_en, lang) if spec is not None else indicator_id


def options(gaps: pd.DataFrame) -> GapOptions:
    """Filter choices present in ``gaps``: indicators by number of rows, townships by code, bureaus by name."""
    if len(gaps) == 0:
        return GapOptions([], {}, [])
    counts = gaps["indicator_id"].astype(str).value_counts()
    indicators = sorted(counts.index, key=lambda i: (-int(counts[i]), i))
    towns_frame = gaps[["town_code", "town_name"]].dropna(subset=["town_code"]).astype(str).drop_duplicates("town_code")
    towns = dict(sorted(zip(towns_frame["town_code"], towns_frame["town_name"], strict=True)))
    bureaus = sorted({b for cell in gaps["bureau"].drop_duplicates() for b in split_bureaus(cell)})
    return GapOptions(indicators, towns, bureaus)


def filter_gaps(gaps: gpd.GeoDataFrame, query: GapQuery) -> gpd.GeoDataFrame:
    """The rows matching every part of ``query``, highest priority first (ties keep their order); index 0…n−1."""
    keep = pd.Series(True, index=gaps.index)
    if query.indicators:
        keep &= gaps["indicator_id"].astype(str).isin(list(query.indicators))
    if query.towns:
        keep &= gaps["town_code"].astype("string").isin(list(query.towns)).fillna(False).astype(bool)
    if query.bureaus:
        wanted = set(query.bureaus)
        cells = gaps["bureau"].astype("string")
        match = {cell: bool(wanted.intersection(split_bureaus(cell))) for cell in cells.dropna().unique()}
        keep &= cells.map(match).fillna(False).astype(bool)
    if query.min_priority > 0:
        keep &= pd.to_numeric(gaps["priority"], errors="coerce").astype(float).fillna(0.0) >= query.min_priority
    out = gaps[keep.to_numpy()]
    out = out.sort_values("priority", ascending=False, kind="stable", na_position="last")
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class GapTotals:
    """Headline figures of a (filtered) gap list."""

    rows: int
    villages: int
    population: float
    cost_yuan: float


def totals(gaps: pd.DataFrame) -> GapTotals:
    """Row count, distinct admin villages, people affected (summed over rows) and estimated cost."""
    population = pd.to_numeric(gaps["population_affected"], errors="coerce").astype(float).sum() if len(gaps) else 0.0
    cost = pd.to_numeric(gaps["cost_yuan"], errors="coerce").astype(float).sum() if len(gaps) else 0.0
    villages = int(gaps["village_code"].dropna().nunique()) if len(gaps) else 0
    return GapTotals(len(gaps), villages, float(population), float(cost))


# The table's columns: (gap column, string key of its header).
TABLE_COLUMNS = (
    ("priority", "gaps.col.priority"),
    ("indicator_id", "gaps.col.indicator"),
    ("town_name", "gaps.col.town"),
    ("village_name", "gaps.col.village"),
    ("name", "gaps.col.name"),
    ("reason", "gaps.col.reason"),
    ("need_zh", "gaps.col.need"),
    ("population_affected", "gaps.col.population"),
    ("cost_10k", "gaps.col.cost"),
    ("bureau", "gaps.col.bureau"),
    ("deadline", "gaps.col.deadline"),
)
TEXT_COLUMNS = frozenset({"town_name", "village_name", "name", "reason", "need_zh", "bureau"})


def display_table(gaps: pd.DataFrame, *, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The gap rows as shown on the page: indicator titles, the reason in the UI language, cost in 10k yuan.

    Same row order as ``gaps``; headers in the UI language. Values stay raw (numbers, plain text;
    a missing text is "—"): the table widget shows them as text.
    """
    frame = pd.DataFrame(gaps).drop(columns="geometry", errors="ignore")
    out = pd.DataFrame(index=frame.index)
    for column, key in TABLE_COLUMNS:
        if column == "indicator_id":
            values = frame["indicator_id"].astype(str).map(lambda i: indicator_title(i, lang=lang))
        elif column == "reason":
            values = frame["reason_en" if lang == "en" else "reason_zh"]
        elif column == "cost_10k":
            values = (pd.to_numeric(frame["cost_yuan"], errors="coerce").astype(float) / 10_000).round(1)
        else:
            values = frame[column]
        if column in TEXT_COLUMNS:
            values = values.astype("string").fillna("—")  # e.g. no village for a township's row
        out[t(key, lang)] = values
    return out.reset_index(drop=True)


def tier(priority: pd.Series) -> pd.Series:
    """``high`` / ``medium`` / ``low`` by :data:`HIGH_PRIORITY` and :data:`MEDIUM_PRIORITY`."""
    values = pd.to_numeric(priority, errors="coerce").astype(float).fillna(0.0)
    return pd.Series(
        np.select([values >= HIGH_PRIORITY, values >= MEDIUM_PRIORITY], ["high", "medium"], default="low"),
        index=priority.index,
        dtype=object,
    )


def _geometry_kinds(gaps: gpd.GeoDataFrame) -> pd.Series:
    return gaps.geometry.geom_type.map(_GEOMETRY_OF)


def _props(gaps: gpd.GeoDataFrame, *, lang: str) -> list[list[str]]:
    reason = gaps["reason_en" if lang == "en" else "reason_zh"]
    titles = gaps["indicator_id"].astype(str).map(lambda i: indicator_title(i, lang=lang))
    rows = zip(gaps["name"], titles, reason, gaps["priority"], gaps["bureau"], strict=True)
    return [
        [
            escape(format_value(name, None, lang=lang)),
            escape(format_value(name, None, lang=lang)),
            escape(title),
            escape(format_value(why, None, lang=lang)),
            escape(format_value(score, None, lang=lang)),
            escape(format_value(bureau, None, lang=lang)),
        ]
        for name, title, why, score, bureau in rows
    ]


def _features(geoms: gpd.GeoSeries, props: list[list[str]]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": shapely.geometry.mapping(g), "properties": p}
            for g, p in zip(geoms.values, props, strict=True)
            if g is not None and not g.is_empty
        ],
    }


def _aliases(lang: str) -> list[str]:
    return [
        escape(t(key, lang))
        for key in ("gaps.col.name", "gaps.col.indicator", "gaps.col.reason", "gaps.col.priority", "gaps.col.bureau")
    ]


def gap_layers(gaps: gpd.GeoDataFrame, *, metric_crs: CRS, lang: str = DEFAULT_LANG) -> list[LayerContent]:
    """The gap rows as web-map layers, one per geometry kind, coloured by priority tier (legend: tier and count).

    Polygons are simplified each on its own (gap rows of different targets may overlap), lines and
    points as every map layer; popups show name, indicator, reason, priority and bureau, escaped.
    """
    if len(gaps) == 0:
        return []
    kinds = _geometry_kinds(gaps)
    tiers = tier(gaps["priority"])
    layers = []
    for geometry in ("Polygon", "LineString", "Point"):
        mask = (kinds == geometry).to_numpy()
        if not mask.any():
            continue
        part = gaps[mask]
        geoms = simplify_for_web(part, metric_crs=metric_crs)
        props = _props(part, lang=lang)
        part_tiers = tiers[mask].to_numpy()
        categories = []
        for level in TIERS:
            pick_mask = part_tiers == level
            if pick_mask.any():
                label = f"{t(f'gaps.tier.{level}', lang)} ({int(pick_mask.sum())})"
                categories.append(
                    Category(
                        label,
                        TIER_COLORS[level],
                        _features(geoms[pick_mask], [p for p, m in zip(props, pick_mask, strict=True) if m]),
                    )
                )
        title = t(f"gaps.layer.{geometry}", lang)
        layers.append(
            LayerContent(
                f"{GAP_LAYER}_{geometry.lower()}",
                title,
                title,
                geometry,
                _STYLES[geometry],
                categories,
                _aliases(lang),
                has_tooltip=True,
                shown=True,
            )
        )
    return layers


def highlight_layer(
    gaps: gpd.GeoDataFrame, position: int, *, metric_crs: CRS, lang: str = DEFAULT_LANG
) -> LayerContent | None:
    """The row at ``position`` drawn large in the highlight colour (None when out of range or without geometry)."""
    if not 0 <= position < len(gaps):
        return None
    row = gaps.iloc[[position]]
    geometry = _geometry_kinds(row).iloc[0]
    if not isinstance(geometry, str):
        return None
    geoms = simplify_for_web(row, metric_crs=metric_crs)
    title = t("gaps.layer.picked", lang)
    category = Category(title, HIGHLIGHT_COLOR, _features(geoms, _props(row, lang=lang)))
    return LayerContent(
        HIGHLIGHT_LAYER,
        title,
        title,
        geometry,
        _HIGHLIGHT_STYLES[geometry],
        [category],
        _aliases(lang),
        has_tooltip=True,
        shown=True,
    )


def focus_bounds(gaps: gpd.GeoDataFrame, position: int, *, margin_deg: float = 0.02) -> list[list[float]] | None:
    """Map bounds ``[[south, west], [north, east]]`` around the row at ``position`` (a margin around points)."""
    if not 0 <= position < len(gaps):
        return None
    geom = gaps.geometry.iloc[position]
    if geom is None or geom.is_empty:
        return None
    minx, miny, maxx, maxy = geom.bounds
    round_to = COORD_DECIMALS
    return [
        [round(miny - margin_deg, round_to), round(minx - margin_deg, round_to)],
        [round(maxy + margin_deg, round_to), round(maxx + margin_deg, round_to)],
    ]


def in_towns(frame: pd.DataFrame, towns: Collection[str]) -> pd.DataFrame:
    """Rows whose ``town_code`` is one of ``towns`` (all rows when ``towns`` is empty)."""
    if not towns:
        return frame
    return frame[frame["town_code"].astype("string").isin(list(towns)).fillna(False).astype(bool).to_numpy()]
