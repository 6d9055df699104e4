"""A map zoomed to one feature (a table row, a searched village), drawn on top in the highlight colour."""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
from pyproj import CRS

from geo.core.crs import STORAGE_EPSG
from geo.map.content import MapContent, overlay_layer
from geo.map.style import LayerStyle
from geo.text.i18n import t

FOCUS_LAYER = "focus"
FOCUS_COLOR = "#00e5ff"  # cyan: apart from every status and layer colour
FOCUS_MARGIN_DEG = 0.01  # ~1 km around a point or a small village


def focus_bounds(feature: gpd.GeoDataFrame, *, margin_deg: float = FOCUS_MARGIN_DEG) -> list[list[float]]:
    """``[[south, west], [north, east]]`` of the feature(s) in EPSG:4490, with a margin."""
    minx, miny, maxx, maxy = feature.to_crs(STORAGE_EPSG).total_bounds
    return [
        [round(float(miny) - margin_deg, 5), round(float(minx) - margin_deg, 5)],
        [round(float(maxy) + margin_deg, 5), round(float(maxx) + margin_deg, 5)],
    ]


def focus_on(content: MapContent, feature: gpd.GeoDataFrame, *, label: str, metric_crs: CRS) -> MapContent:
    """``content`` fitted to ``feature`` with the feature drawn on top; the county stays the panning extent.

    ``label`` is the feature's name as shown in the tooltip and popup (escaped by :func:`overlay_layer`).
    """
    shown = feature[~(feature.geometry.isna() | feature.geometry.is_empty)]
    if shown.empty:
        return content
    frame = gpd.GeoDataFrame({"label": [label] * len(shown)}, geometry=shown.geometry.to_numpy(), crs=shown.crs)
    title = t("map.focus", content.lang)
    layer = overlay_layer(
        frame.to_crs(STORAGE_EPSG),
        name=FOCUS_LAYER,
        title=title,
        style=LayerStyle(color=FOCUS_COLOR, fill_color=FOCUS_COLOR, fill_opacity=0.25, weight=4.0, radius=10.0),
        metric_crs=metric_crs,
        popup=(("label", title),),
        tooltip="label",
        lang=content.lang,
    )
    return replace(
        content,
        layers=[*content.layers, layer],
        bounds=focus_bounds(shown),
        extent=content.extent or content.bounds,
    )
