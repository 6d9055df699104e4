"""The gap list on the web map: gap rows coloured by priority tier, the picked row highlighted, its bounds.

Rows are the report's gap table (:data:`geo.analysis.gap_rows.GAP_COLUMNS` + geometry,
EPSG:4490), usually filtered by :mod:`geo.present.gap_list`. Priority tiers colour the gap map
(and nothing else; the priority itself is :func:`geo.analysis.gaps.priority`): high from
:data:`HIGH_PRIORITY`, medium from :data:`MEDIUM_PRIORITY`.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS

from geo.analysis.gaps import indicator_title
from geo.map.content import Category, LayerContent, escape, format_value
from geo.map.style import LayerStyle
from geo.map.web_geometry import COORD_DECIMALS, feature_collection, simplify_for_web
from geo.text.i18n import DEFAULT_LANG, t

HIGH_PRIORITY = 70.0
MEDIUM_PRIORITY = 40.0
TIERS = ("high", "medium", "low")
TIER_COLORS: Mapping[str, str] = {"high": "#c62828", "medium": "#ef8a17", "low": "#e6c229"}
HIGHLIGHT_COLOR = "#1f5fff"
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
                        feature_collection(geoms[pick_mask], [p for p, m in zip(props, pick_mask, strict=True) if m]),
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
                cluster=geometry == "Point",  # thousands of villages: numbered clusters, not one blob
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
    category = Category(title, HIGHLIGHT_COLOR, feature_collection(geoms, _props(row, lang=lang)))
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
