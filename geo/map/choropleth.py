"""The village choropleth: admin villages coloured by their status for one target, as a web-map layer.

Statuses come from :mod:`geo.analysis.status` (the same the overview's tables and the printed
meeting map use); here they get colours, a legend and popups, and the layer is stacked into a map.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from geo.analysis.status import STATUSES, status_label, village_status
from geo.core.targets import Target
from geo.map import palette
from geo.map.content import Category, LayerContent, escape
from geo.map.style import LayerStyle
from geo.map.web_geometry import simplify_for_web
from geo.text.i18n import DEFAULT_LANG, t
from geo.text.target_text import format_value, target_text, unit_of

STATUS_COLORS: Mapping[str, str] = palette.STATUS_COLORS
CHOROPLETH_LAYER = "target_status"
CHOROPLETH_STYLE = LayerStyle(
    color="#5a5a5a",
    fill_color=palette.NONE,
    fill_opacity=0.75,  # the palette's lightness steps need a dense fill over the base map
    weight=0.8,
    category_column="status",
    category_colors=dict(STATUS_COLORS),
    order=5,
)


def legend_title(target: Target, *, lang: str = DEFAULT_LANG) -> str:
    """The choropleth's legend heading: the target's title, its threshold and deadline."""
    return t(
        "overview.legend_title",
        lang,
        title=target.title(lang),
        target=target_text(target, lang=lang),
        deadline=target.deadline,
    )


def choropleth_layer(
    villages: gpd.GeoDataFrame,
    indicators: pd.DataFrame,
    target: Target,
    *,
    metric_crs: CRS,
    town_names: Mapping[str, str] | None = None,
    lang: str = DEFAULT_LANG,
) -> LayerContent:
    """The admin villages coloured by their status for ``target``, as a web-map layer.

    Geometry is simplified like every map layer (:func:`geo.map.web_geometry.simplify_for_web`); each
    category's legend label carries the number of villages, and the legend heading the target.
    Popups show the village, its township, value, target and status, every text escaped.
    """
    status = village_status(indicators, villages, target)
    unit = unit_of(target)
    towns = (
        villages["town_code"].astype(str).map(dict(town_names or {}))
        if "town_code" in villages
        else pd.Series("", index=villages.index)
    )
    geoms = simplify_for_web(villages, metric_crs=metric_crs, coverage=True)
    goal = target_text(target, lang=lang)
    props = [
        [
            escape(name),
            escape(name),
            escape("" if pd.isna(town) else town),
            escape(format_value(value, unit, lang=lang)),
            escape(goal),
            escape(status_label(state, lang=lang)),
        ]
        for name, town, value, state in zip(status["name"], towns, status["value"], status["status"], strict=True)
    ]
    categories = []
    for state in STATUSES:
        mask = (status["status"] == state).to_numpy()
        if not mask.any():
            continue
        features = [
            {"type": "Feature", "geometry": shapely.geometry.mapping(geom), "properties": prop}
            for geom, prop, keep in zip(geoms.values, props, mask, strict=True)
            if keep and geom is not None and not geom.is_empty
        ]
        label = f"{status_label(state, lang=lang)} ({int(mask.sum())})"
        categories.append(Category(label, STATUS_COLORS[state], {"type": "FeatureCollection", "features": features}))
    aliases = [
        escape(t(key, lang))
        for key in ("overview.village", "overview.township", "overview.value", "overview.target", "overview.status")
    ]
    title = t("overview.choropleth", lang)
    return LayerContent(
        CHOROPLETH_LAYER,
        title,
        legend_title(target, lang=lang),
        "Polygon",
        CHOROPLETH_STYLE,
        categories,
        aliases,
        has_tooltip=True,
        shown=True,
    )


def village_at(villages: gpd.GeoDataFrame, lat: float, lon: float) -> str | None:
    """The code of the admin village containing the point (lat, lon in EPSG:4490), or None outside them all."""
    return code_at(villages, lat, lon, "village_code")


def code_at(units: gpd.GeoDataFrame, lat: float, lon: float, column: str) -> str | None:
    """``column`` of the first polygon of ``units`` containing (lat, lon in EPSG:4490), or None outside them all."""
    if units.empty or not (np.isfinite(lat) and np.isfinite(lon)):
        return None
    frame = units.to_crs(4490) if units.crs is not None and units.crs.to_epsg() != 4490 else units
    hits = frame.sindex.query(shapely.Point(lon, lat), predicate="intersects")
    if len(hits) == 0:
        return None
    return str(frame[column].iloc[int(np.sort(hits)[0])])


def with_layer(
    layers: Sequence[LayerContent], extra: LayerContent, *, hide: Collection[str] = (), drop: Collection[str] = ()
) -> list[LayerContent]:
    """``layers`` with ``extra`` inserted after the last polygon layer (lines and points stay on top).

    Layers named in ``hide`` are kept in the legend but switched off; those in ``drop`` are left
    out (e.g. the plain village outlines the coloured villages replace: a smaller page).
    """
    out: list[LayerContent] = []
    for layer in layers:
        if layer.name in drop:
            continue
        if layer.name in hide and layer.shown:
            layer = LayerContent(
                layer.name,
                layer.title,
                layer.legend_title,
                layer.geometry,
                layer.style,
                layer.categories,
                layer.aliases,
                layer.has_tooltip,
                False,
            )
        out.append(layer)
    position = max((i + 1 for i, layer in enumerate(out) if layer.geometry == "Polygon"), default=0)
    out.insert(position, extra)
    return out
