"""The interactive web map (folium/Leaflet), assembled from a dataset without Streamlit.

Two steps, so the slow one can be cached by the caller:

1. :func:`prepare_map` does the work — polygon simplification in the metric CRS, coordinate
   rounding, popup texts (every value HTML-escaped), the DEM relief picture — and returns a
   plain, picklable :class:`MapContent`.
2. :func:`build_map` turns that into a ``folium.Map``: relief base layer, one toggleable group
   per contract layer, township labels, a bilingual legend, fitted to the county.

Offline: folium loads Leaflet, jQuery, Bootstrap and Font Awesome from public CDNs by default.
The map built here loads only Leaflet, from the copy vendored in ``static/vendor`` (served by
Streamlit at ``/app/static/vendor``), uses circle markers instead of icon fonts, and needs no
jQuery. Online tile layers (OpenStreetMap, Tianditu) are offered only on request; GCJ-02 tiles
(Amap, Tencent) are not offered at all, because the data here are CGCS2000 and would sit
100–700 m off.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Protocol

import branca
import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from folium.utilities import JsCode
from jinja2 import Template
from pyproj import CRS

from geo.core.crs import STORAGE_EPSG, analysis_crs
from geo.core.schema import Column, LayerSchema
from geo.core.store import Dataset, RasterGrid
from geo.map.assets import DEFAULT_ASSET_BASE, offline_assets
from geo.map.relief import WEB_MERCATOR_EPSG, relief_image
from geo.map.style import LayerStyle
from geo.text.i18n import DEFAULT_LANG, pick, t

COORD_DECIMALS = 5  # 1e-5° ≈ 1 m: below the accuracy of county data, a third of the payload
POLYGON_TOLERANCE_M = 20.0  # coverage simplification (√ of removed triangle areas, metres)
LINE_TOLERANCE_M = 10.0  # Douglas-Peucker tolerance for roads
COVERAGE_LAYERS = frozenset({"townships", "admin_villages"})  # polygons that tile the county
RELIEF_MAX_PIXELS = 1400
MASK_MARGIN_DEG = 0.5
LEGEND_WIDTH_PX = 270  # the legend (layer switch) panel, top right

GEOMETRY_RANK = {"Polygon": 0, "LineString": 1, "Point": 2}  # draw order: areas, lines, points on top

TIANDITU_URL = "https://t{s}.tianditu.gov.cn/DataServer?T={layer}_w&x={x}&y={y}&l={z}&tk={key}"
ONLINE_BASEMAPS = ("osm", "tianditu_vec", "tianditu_img")
REFUSED_BASEMAPS = {"amap": "GCJ-02", "gaode": "GCJ-02", "tencent": "GCJ-02", "baidu": "BD-09"}

FONT_STACK = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','WenQuanYi Micro Hei',sans-serif"


class LayerKindLike(Protocol):
    """What the map needs of a layer kind (``layers.base.LayerKind`` fits): schema, style, popup."""

    @property
    def schema(self) -> LayerSchema: ...
    @property
    def style(self) -> LayerStyle: ...
    @property
    def popup_columns(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Category:
    """The features of one layer drawn in one colour, with their legend label."""

    label: str
    color: str
    geojson: dict


@dataclass(frozen=True)
class LayerContent:
    """One contract layer ready to draw: features grouped by colour, popup labels, style.

    Each feature's ``properties`` is a list of escaped display strings: the tooltip text first
    (empty when the layer has none), then one value per popup label in ``aliases``.
    """

    name: str
    title: str
    legend_title: str
    geometry: str
    style: LayerStyle
    categories: list[Category]
    aliases: list[str]
    has_tooltip: bool
    shown: bool


@dataclass(frozen=True)
class MapContent:
    """Everything :func:`build_map` draws; plain data, so it can be cached (pickled)."""

    lang: str
    bounds: list[list[float]]
    layers: list[LayerContent]
    labels: list[tuple[float, float, str]] = field(default_factory=list)
    mask: dict | None = None
    relief_url: str | None = None
    relief_bounds: list[list[float]] | None = None

    @property
    def feature_count(self) -> int:
        """Features on the map, all layers together."""
        return sum(len(c.geojson["features"]) for layer in self.layers for c in layer.categories)


# --- values and popups ----------------------------------------------------------------------


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def format_value(value: object, column: Column | None, *, lang: str = DEFAULT_LANG) -> str:
    """A value as shown in a popup (not yet escaped): value labels, yes/no, thousands separators."""
    if _is_missing(value):
        return t("map.missing", lang)
    if column is not None and column.allowed:
        return column.value_label(value, lang=lang) if lang == "zh" else str(value).replace("_", " ")
    if isinstance(value, bool | np.bool_):
        return t("map.yes" if value else "map.no", lang)
    if isinstance(value, datetime | pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | np.integer):
        return f"{int(value):,}" if column is None or column.dtype != "code" else str(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def escape(text: object) -> str:
    """HTML-escape any text that reaches the page (quotes included)."""
    return html.escape(str(text), quote=True)


def _popup_columns(kind: LayerKindLike, frame: gpd.GeoDataFrame) -> list[Column]:
    """The declared popup columns first, then the other contract columns the layer has."""
    names = [c for c in kind.popup_columns if c in frame.columns]
    names += [c.name for c in kind.schema.columns if c.name in frame.columns and c.name not in names]
    return [kind.schema.column(n) for n in names]


def _tooltip_column(kind: LayerKindLike, frame: gpd.GeoDataFrame) -> str | None:
    for name in ("name", kind.schema.key):
        if name in frame.columns:
            return name
    return None


# --- geometry -------------------------------------------------------------------------------


def _simplify_polygons(values: np.ndarray, tolerance_m: float, *, coverage: bool) -> np.ndarray:
    """Coverage simplification where the polygons form a clean coverage; real boundaries that are
    not perfectly noded make GEOS refuse it, and then each polygon is simplified on its own."""
    if coverage:
        try:
            return shapely.coverage_simplify(values, tolerance_m)
        except shapely.errors.GEOSException:
            pass
    return shapely.simplify(values, tolerance_m, preserve_topology=True)


def simplify_for_web(
    frame: gpd.GeoDataFrame,
    *,
    metric_crs: CRS,
    coverage: bool = False,
    polygon_tolerance_m: float = POLYGON_TOLERANCE_M,
    line_tolerance_m: float = LINE_TOLERANCE_M,
) -> gpd.GeoSeries:
    """Geometry for the web map: simplified in metres, back in EPSG:4490, rounded to 1e-5°.

    Polygons that tile the county (``coverage=True``) use ``shapely.coverage_simplify``, which
    keeps shared borders shared; other polygons and lines use Douglas-Peucker with topology
    preserved. Points are only rounded. Simplification never removes a feature.
    """
    geoms = frame.geometry
    kinds = set(geoms.geom_type.dropna())
    if kinds & {"Polygon", "MultiPolygon", "LineString", "MultiLineString"}:
        metric = geoms.to_crs(metric_crs)
        values = metric.values
        if kinds <= {"Polygon", "MultiPolygon"}:
            simplified = _simplify_polygons(values, polygon_tolerance_m, coverage=coverage)
        else:
            simplified = shapely.simplify(values, line_tolerance_m, preserve_topology=True)
        keep = shapely.is_empty(simplified) | shapely.is_missing(simplified)
        simplified = np.where(keep, values, simplified)
        geoms = gpd.GeoSeries(simplified, index=frame.index, crs=metric_crs).to_crs(STORAGE_EPSG)
    elif geoms.crs is not None and CRS(geoms.crs).to_epsg() != STORAGE_EPSG:
        geoms = geoms.to_crs(STORAGE_EPSG)
    rounded = shapely.transform(geoms.values, lambda xy: np.round(xy, COORD_DECIMALS))
    return gpd.GeoSeries(rounded, index=frame.index, crs=STORAGE_EPSG)


def _features(geoms: gpd.GeoSeries, props: list[list[str]]) -> dict:
    features = []
    for geom, prop in zip(geoms.values, props, strict=True):
        if geom is None or geom.is_empty:
            continue
        features.append({"type": "Feature", "geometry": shapely.geometry.mapping(geom), "properties": prop})
    return {"type": "FeatureCollection", "features": features}


# --- preparing the content ------------------------------------------------------------------


def _popup_values(frame: gpd.GeoDataFrame, columns: list[Column], tooltip: str | None, *, lang: str) -> list[list[str]]:
    """Per feature: the escaped tooltip text (or "") followed by the escaped popup values."""
    tips = frame[tooltip].tolist() if tooltip is not None else [None] * len(frame)
    records = frame[[c.name for c in columns]].itertuples(index=False, name=None)
    return [
        [
            escape(format_value(tip, None, lang=lang)) if tooltip is not None else "",
            *(escape(format_value(v, c, lang=lang)) for v, c in zip(record, columns, strict=True)),
        ]
        for tip, record in zip(tips, records, strict=True)
    ]


def _categories(
    kind: LayerKindLike, frame: gpd.GeoDataFrame, geoms: gpd.GeoSeries, props: list[list[str]], *, lang: str
) -> list[Category]:
    """Split a layer by its style's category column (in the style's colour order, then "other")."""
    schema, style = kind.schema, kind.style
    if style.category_column not in frame.columns:
        return [
            Category(
                pick(schema.title_zh, schema.title_en, lang), style.fill_color or style.color, _features(geoms, props)
            )
        ]
    column = schema.column(str(style.category_column))
    values = frame[column.name].astype("string")
    masks = [
        (format_value(v, column, lang=lang), color, values.eq(v).fillna(False).to_numpy())
        for v, color in style.category_colors.items()
    ]
    masks.append(
        (t("map.other", lang), style.color, ~values.isin(list(style.category_colors)).fillna(False).to_numpy())
    )
    return [
        Category(label, color, _features(geoms[mask], [p for p, m in zip(props, mask, strict=True) if m]))
        for label, color, mask in masks
        if mask.any()
    ]


def _layer_content(
    kind: LayerKindLike, frame: gpd.GeoDataFrame, *, metric_crs: CRS, lang: str, shown: bool
) -> LayerContent:
    """One layer ready to draw: simplified geometry, escaped popup values, split by colour."""
    schema, style = kind.schema, kind.style
    columns = _popup_columns(kind, frame)
    tooltip = _tooltip_column(kind, frame)
    geoms = simplify_for_web(frame, metric_crs=metric_crs, coverage=schema.name in COVERAGE_LAYERS)
    categories = _categories(kind, frame, geoms, _popup_values(frame, columns, tooltip, lang=lang), lang=lang)
    title = pick(schema.title_zh, schema.title_en, lang)
    legend_title = title
    if style.category_column in frame.columns:
        column = schema.column(str(style.category_column))
        legend_title = f"{title} · {pick(column.label_zh, column.label_en, lang)}"
    aliases = [escape(pick(c.label_zh, c.label_en, lang)) for c in columns]
    return LayerContent(
        schema.name, title, legend_title, schema.geometry, style, categories, aliases, tooltip is not None, shown
    )


def _township_labels(towns: gpd.GeoDataFrame, *, metric_crs: CRS, lang: str) -> list[tuple[float, float, str]]:
    if "seat_x" in towns and "seat_y" in towns and towns[["seat_x", "seat_y"]].notna().all().all():
        xs, ys = towns["seat_x"].astype(float).to_numpy(), towns["seat_y"].astype(float).to_numpy()
    else:
        points = towns.geometry.to_crs(metric_crs).representative_point().to_crs(STORAGE_EPSG)
        xs, ys = points.x.to_numpy(), points.y.to_numpy()
    names = towns["name"].tolist() if "name" in towns else [""] * len(towns)
    return [
        (round(float(y), 5), round(float(x), 5), escape(format_value(n, None, lang=lang)))
        for x, y, n in zip(xs, ys, names, strict=True)
    ]


def _outside_mask(towns: gpd.GeoDataFrame) -> dict | None:
    """A polygon covering the surroundings of the townships, to dim what lies outside them."""
    if towns.empty:
        return None
    area = shapely.union_all(towns.to_crs(STORAGE_EPSG).geometry.values)
    minx, miny, maxx, maxy = area.bounds
    frame = shapely.box(minx - MASK_MARGIN_DEG, miny - MASK_MARGIN_DEG, maxx + MASK_MARGIN_DEG, maxy + MASK_MARGIN_DEG)
    outside = shapely.simplify(frame.difference(area), 0.0002)
    outside = shapely.transform(outside, lambda xy: np.round(xy, COORD_DECIMALS))
    return {"type": "Feature", "geometry": shapely.geometry.mapping(outside), "properties": {}}


def _bounds(dataset: Dataset) -> list[list[float]]:
    for name in ("townships", "admin_villages", *dataset.layers):
        frame = dataset.layers.get(name)
        if frame is not None and len(frame) > 0:
            minx, miny, maxx, maxy = frame.to_crs(STORAGE_EPSG).total_bounds
            return [[float(miny), float(minx)], [float(maxy), float(maxx)]]
    return [[18.0, 73.0], [54.0, 135.0]]  # China, when the dataset is empty


def prepare_map(
    dataset: Dataset,
    kinds: Sequence[LayerKindLike],
    *,
    lang: str = DEFAULT_LANG,
    dem: RasterGrid | None = None,
    shown: Collection[str] | None = None,
) -> MapContent:
    """Everything the map draws, computed once: simplified layers, escaped popups, relief picture.

    ``kinds`` are the layer kinds in contract order (``layers.registry.LAYER_KINDS.values()``);
    layers of the dataset that are absent or empty are skipped. ``dem`` defaults to the
    dataset's ``dem`` raster; without one the map has no relief (still a plain base).
    ``shown`` names the layers switched on at first (default: each style's ``shown_by_default``);
    the others are still in the layer control.
    """
    present = [k for k in kinds if k.schema.name in dataset.layers and len(dataset.layers[k.schema.name]) > 0]
    order = sorted(present, key=lambda k: (GEOMETRY_RANK.get(k.schema.geometry, 1), k.style.order))
    towns = dataset.layers.get("townships")
    has_towns = towns is not None and len(towns) > 0
    layers: list[LayerContent] = []
    labels: list[tuple[float, float, str]] = []
    if present:
        metric_crs = analysis_crs(towns if has_towns else dataset.layers[present[0].schema.name])
        layers = [
            _layer_content(
                k,
                dataset.layers[k.schema.name],
                metric_crs=metric_crs,
                lang=lang,
                shown=k.style.shown_by_default if shown is None else k.schema.name in shown,
            )
            for k in order
        ]
        labels = _township_labels(towns, metric_crs=metric_crs, lang=lang) if has_towns else []
    mask = _outside_mask(towns) if has_towns else None
    grid = dem if dem is not None else dataset.rasters.get("dem")
    relief_url = relief_bounds = None
    if grid is not None:
        image = relief_image(grid, dst_crs=WEB_MERCATOR_EPSG, max_size=RELIEF_MAX_PIXELS)
        relief_url, relief_bounds = image.data_url(image_format="webp"), image.latlon_bounds  # ~10× smaller than PNG
    return MapContent(lang, _bounds(dataset), layers, labels, mask, relief_url, relief_bounds)


# --- building the folium map ----------------------------------------------------------------


def _leaflet_style(layer: LayerContent, color: str) -> dict[str, object]:
    style = layer.style
    if layer.geometry == "Polygon":
        categorized = style.category_column is not None
        fill = color if categorized else (style.fill_color or style.color)
        return {
            "color": color if categorized else style.color,
            "weight": style.weight,
            "opacity": 0.9,
            "fill": style.fill_opacity > 0,
            "fillColor": fill,
            "fillOpacity": style.fill_opacity,
        }
    if layer.geometry == "LineString":
        return {"color": color, "weight": style.weight, "opacity": 0.95, "lineCap": "round"}
    stroke = style.color if style.category_column is None and style.fill_color else "#ffffff"
    return {
        "color": stroke,
        "weight": 1.2,
        "opacity": 1.0,
        "fill": True,
        "fillColor": color,
        "fillOpacity": 0.92,
        "radius": style.radius,
    }


def _highlight(layer: LayerContent) -> dict[str, object]:
    if layer.geometry == "Polygon":
        return {"weight": layer.style.weight + 2.0, "color": "#d7301f"}
    if layer.geometry == "LineString":
        return {"weight": layer.style.weight + 3.0}
    return {"weight": 3.0, "color": "#222222"}


def _js(value: object) -> str:
    """A value as a JavaScript literal inside a <script>: compact JSON, no way to close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


class _RawCode(branca.element.Element):
    """Already rendered code, added to the page as it is (branca would re-parse it as a template)."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    def render(self, **kwargs: object) -> str:
        """Return the code unchanged."""
        return self.code


class _RawMacroElement(branca.element.MacroElement):
    """A MacroElement whose rendered parts are not fed through Jinja a second time.

    branca wraps every rendered script in ``Element(text)``, which compiles the text as a Jinja
    template: with a few megabytes of GeoJSON that costs seconds on every map render (and every
    Streamlit rerun). The parts here are final, so they are added verbatim.
    """

    def render(self, **kwargs: object) -> None:
        """Add the header, html and script parts verbatim, then render the children."""
        figure = self.get_root()
        for part in ("header", "html", "script"):
            macro = self._template.module.__dict__.get(part)
            if macro is not None:
                getattr(figure, part).add_child(_RawCode(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class DataLayer(_RawMacroElement):
    """One colour of one layer: an ``L.geoJSON`` with a fixed style, a tooltip and a popup table.

    Tooltip and popup are bound once on the group (not per feature) and read the feature's
    already-escaped display strings. Points are circle markers, drawn on the map's canvas.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data_js }}, {
            interactive: {{ this.interactive_js }},
            style: function () { return {{ this.style_js }}; },
            pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, {{ this.style_js }}); }
        });
        {%- if this.interactive %}
        (function (group, labels, highlight) {
            {%- if this.has_tooltip %}
            group.bindTooltip(function (layer) { return layer.feature.properties[0]; }, {sticky: true});
            {%- endif %}
            group.bindPopup(function (layer) {
                var values = layer.feature.properties, rows = "";
                for (var i = 0; i < labels.length; i++) {
                    rows += "<tr><th>" + labels[i] + "</th><td>" + values[i + 1] + "</td></tr>";
                }
                return "<table>" + rows + "</table>";
            }, {maxWidth: 420});
            group.on("mouseover", function (e) { e.layer.setStyle(highlight); });
            group.on("mouseout", function (e) { group.resetStyle(e.layer); });
        })({{ this.get_name() }}, {{ this.labels_js }}, {{ this.highlight_js }});
        {%- endif %}
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(
        self,
        geojson: dict,
        *,
        style: dict[str, object],
        highlight: dict[str, object] | None = None,
        labels: Sequence[str] = (),
        has_tooltip: bool = False,
        interactive: bool = True,
    ) -> None:
        super().__init__()
        self._name = "DataLayer"
        self.data_js = _js(geojson)
        self.style_js = _js(style)
        self.highlight_js = _js(highlight or {})
        self.labels_js = _js(list(labels))
        self.has_tooltip = has_tooltip
        self.interactive = interactive
        self.interactive_js = "true" if interactive else "false"


class ReliefOverlay(folium.raster_layers.ImageOverlay, _RawMacroElement):
    """The relief picture as a base layer; its megabyte-long data URL is not re-parsed by Jinja."""


def _add_layer(group: folium.FeatureGroup, layer: LayerContent) -> None:
    for category in layer.categories:
        if category.geojson["features"]:
            DataLayer(
                category.geojson,
                style=_leaflet_style(layer, category.color),
                highlight=_highlight(layer),
                labels=layer.aliases,
                has_tooltip=layer.has_tooltip,
            ).add_to(group)


def _swatch(layer: LayerContent, color: str) -> str:
    style = _leaflet_style(layer, color)
    if layer.geometry == "Point":
        return (
            f'<span class="rcm-sw rcm-pt" style="background:{escape(style["fillColor"])};'
            f'border-color:{escape(style["color"])}"></span>'
        )
    if layer.geometry == "LineString":
        return f'<span class="rcm-sw rcm-ln" style="background:{escape(color)}"></span>'
    fill = _rgba(str(style["fillColor"]), max(float(style["fillOpacity"]), 0.35)) if style["fill"] else "transparent"  # type: ignore[arg-type]
    return (
        f'<span class="rcm-sw rcm-pg" style="border-color:{escape(style["color"])};background:{escape(fill)}"></span>'
    )


def _rgba(color: str, alpha: float) -> str:
    """``#rrggbb`` with an alpha, as CSS ``rgba()`` (other colour strings are returned as they are)."""
    if re.fullmatch(r"#[0-9a-fA-F]{6}", color):
        r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
        return f"rgba({r},{g},{b},{alpha:.2f})"
    return color


def layer_label_html(layer: LayerContent, *, order: int = 0) -> str:
    """A layer's entry in the legend (which is also the layer switch): swatches and escaped labels.

    A layer drawn in one colour gets one swatch before its title; a layer coloured by a category
    lists its categories (only those present in the data) under the title. ``order`` is the
    drawing order, used to list the top-most layer first.
    """
    drawn = [c for c in layer.categories if c.geojson["features"]]
    head = f'<span class="rcm-entry" data-order="{int(order)}">'
    if layer.style.category_column is None and len(drawn) == 1:
        return f'{head}<span class="rcm-title">{_swatch(layer, drawn[0].color)}{escape(layer.title)}</span></span>'
    items = "".join(f'<span class="rcm-item">{_swatch(layer, c.color)}{escape(c.label)}</span>' for c in drawn)
    return f'{head}<span class="rcm-title">{escape(layer.legend_title)}</span><span class="rcm-items">{items}</span></span>'


def legend_head_html(lang: str) -> str:
    """The legend's heading, with a hint that ticking an entry shows or hides the layer."""
    return (
        f'<div class="rcm-legend-head">{escape(t("map.legend", lang))}'
        f'<span class="rcm-hint">{escape(t("map.legend_hint", lang))}</span></div>'
    )


MAP_CSS = f"""
<style>
.leaflet-container {{ font-family: {FONT_STACK}; background: #f3f4f0; }}
.leaflet-control-layers {{ font-size: 13.5px; line-height: 1.3; color: #222; border-radius: 6px;
  box-shadow: 0 1px 6px rgba(0,0,0,.3); background: rgba(255,255,255,.94); }}
.leaflet-control-layers-expanded {{ padding: 8px 12px 8px 8px; max-width: {LEGEND_WIDTH_PX}px; box-sizing: border-box; }}
.leaflet-control-layers label {{ margin: 3px 0; }}
.leaflet-control-layers label > span {{ display: flex; align-items: flex-start; }}
.leaflet-control-layers input {{ margin: 3px 6px 0 0; flex: none; }}
.leaflet-control-layers-separator {{ margin: 6px -12px 6px -8px; }}
.rcm-legend-head {{ font-weight: 700; font-size: 15px; margin: 0 0 6px 4px; }}
.rcm-hint {{ font-weight: 400; font-size: 12px; color: #666; margin-left: 8px; }}
.rcm-entry {{ display: flex; flex-direction: column; }}
.rcm-title {{ display: inline-flex; align-items: center; font-weight: 600; }}
.rcm-items {{ display: flex; flex-wrap: wrap; column-gap: 9px; margin-top: 1px; }}
.rcm-item {{ display: inline-flex; align-items: center; font-size: 13px; font-weight: 400; white-space: nowrap; color: #333; }}
.rcm-sw {{ display: inline-block; margin-right: 4px; flex: none; }}
.rcm-pt {{ width: 11px; height: 11px; border-radius: 50%; border: 1.5px solid #fff; box-shadow: 0 0 0 1px rgba(0,0,0,.3); }}
.rcm-ln {{ width: 18px; height: 4px; border-radius: 2px; }}
.rcm-pg {{ width: 15px; height: 11px; border: 2px solid; box-sizing: border-box; }}
.rcm-town-label {{ font-size: 15px; font-weight: 700; color: #1d1d1d; white-space: nowrap; text-align: center;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 5px #fff; pointer-events: none; }}
.leaflet-popup-content {{ font-size: 14px; margin: 10px 12px; }}
.leaflet-popup-content table {{ border-collapse: collapse; }}
.leaflet-popup-content th {{ text-align: left; font-weight: 600; color: #555; padding: 2px 10px 2px 0; white-space: nowrap; }}
.leaflet-popup-content td {{ padding: 2px 0; }}
.leaflet-tooltip {{ font-size: 14px; }}
</style>
"""


# The legend lists the top-most layer first, as a GIS table of contents does.
_TOP_FIRST = JsCode("""function (a, b, nameA, nameB) {
    var order = function (name) { var m = /data-order="(\\d+)"/.exec(name); return m ? Number(m[1]) : -1; };
    return order(nameB) - order(nameA);
}""")


class MapBehaviour(_RawMacroElement):
    """Turns the layer switch into the legend (a heading on top) and keeps point layers on top.

    Plain Leaflet, no jQuery. The heading is built (and escaped) in Python and passed as a JSON
    string, with ``</`` written as ``<\\/`` so no text can end the script element. When a layer
    is switched back on, Leaflet would draw it above the others; ``restack`` restores the order
    (areas, lines, then points on top) so points stay clickable.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var list = {{ this.control_name }}.getContainer().querySelector(".leaflet-control-layers-list");
            var head = L.DomUtil.create("div");
            head.innerHTML = {{ this.head_js }};
            list.insertBefore(head.firstChild, list.firstChild);
            var groups = [{% for var in this.group_names %}{{ var }}{{ "," if not loop.last }}{% endfor %}];
            map.on("overlayadd", function () {
                groups.forEach(function (g) { if (map.hasLayer(g)) { g.bringToFront(); } });
            });
        })();
        {% endmacro %}
    """)

    def __init__(self, head: str, control: folium.LayerControl, groups: list[folium.FeatureGroup]) -> None:
        super().__init__()
        self._name = "MapBehaviour"
        self.head_js = _js(head)
        self._control = control
        self._groups = groups

    @property
    def control_name(self) -> str:
        """JavaScript variable of the layer control, resolved at render time."""
        return self._control.get_name()

    @property
    def group_names(self) -> list[str]:
        """JavaScript variables of the layer groups in drawing order, resolved at render time."""
        return [group.get_name() for group in self._groups]


def _tile_layers(basemaps: Collection[str], *, lang: str, tianditu_key: str | None) -> list[folium.map.Layer]:
    layers: list[folium.map.Layer] = []
    for name in basemaps:
        if name in REFUSED_BASEMAPS:
            raise ValueError(
                f"base map '{name}' uses {REFUSED_BASEMAPS[name]}, which would shift the map 100–700 m; not offered"
            )
        if name not in ONLINE_BASEMAPS:
            raise ValueError(f"unknown base map '{name}'; choose from {', '.join(ONLINE_BASEMAPS)}")
        if name == "osm":
            layers.append(
                folium.TileLayer("OpenStreetMap", name=escape(t("map.base.osm", lang)), overlay=False, show=False)
            )
            continue
        if not tianditu_key:
            continue
        base, notes = ("vec", "cva") if name == "tianditu_vec" else ("img", "cia")
        if lang == "en":
            notes = "eva" if base == "vec" else "eia"
        group = folium.FeatureGroup(name=escape(t(f"map.base.{name}", lang)), overlay=False, show=False)
        for layer in (base, notes):
            folium.TileLayer(
                TIANDITU_URL.replace("{layer}", layer).replace("{key}", tianditu_key),
                attr="© 天地图 Tianditu",
                subdomains="01234567",
                max_zoom=18,
                overlay=False,
                control=False,
            ).add_to(group)
        layers.append(group)
    return layers


def build_map(
    content: MapContent,
    *,
    asset_base: str = DEFAULT_ASSET_BASE,
    basemaps: Collection[str] = (),
    tianditu_key: str | None = None,
) -> folium.Map:
    """The folium map of ``content``: relief base, one toggleable group per layer, legend, labels.

    ``asset_base`` is the URL folder holding the vendored Leaflet (see ``static/vendor``).
    ``basemaps`` adds online tile layers (``"osm"``, ``"tianditu_vec"``, ``"tianditu_img"``; the
    Tianditu ones only with a key) as alternatives to the offline relief, never as the default.
    """
    lang = content.lang
    center = [(content.bounds[0][0] + content.bounds[1][0]) / 2, (content.bounds[0][1] + content.bounds[1][1]) / 2]
    fmap = folium.Map(
        location=center,
        zoom_start=10,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
        zoom_snap=0.25,
        zoom_delta=0.5,
        min_zoom=6,
        max_zoom=18,
        font_size="14px",
    )
    fmap.default_js, fmap.default_css = offline_assets(asset_base)
    fmap.get_root().header.add_child(branca.element.Element(MAP_CSS), name="rcm_css")
    if content.relief_url is not None and content.relief_bounds is not None:
        ReliefOverlay(
            content.relief_url,
            bounds=content.relief_bounds,
            name=escape(t("map.base.relief", lang)),
            overlay=False,
            pixelated=False,
            interactive=False,
            opacity=1.0,
        ).add_to(fmap)
    else:
        folium.FeatureGroup(name=escape(t("map.base.relief", lang)), overlay=False).add_to(fmap)
    for tiles in _tile_layers(basemaps, lang=lang, tianditu_key=tianditu_key):
        tiles.add_to(fmap)
    if content.mask is not None:
        DataLayer(
            {"type": "FeatureCollection", "features": [content.mask]},
            interactive=False,
            style={"stroke": False, "fillColor": "#ffffff", "fillOpacity": 0.62},
        ).add_to(fmap)
    groups: list[folium.FeatureGroup] = []
    for order, layer in enumerate(content.layers):
        group = folium.FeatureGroup(name=layer_label_html(layer, order=order), show=layer.shown)
        _add_layer(group, layer)
        if layer.name == "townships":
            for lat, lon, name in content.labels:
                folium.Marker(
                    [lat, lon],
                    icon=folium.DivIcon(
                        html=f"<div>{name}</div>",
                        class_name="rcm-town-label",
                        icon_size=(160, 22),
                        icon_anchor=(80, 11),
                    ),
                    interactive=False,
                    keyboard=False,
                ).add_to(group)
        group.add_to(fmap)
        groups.append(group)
    control = folium.LayerControl(position="topright", collapsed=False, sortLayers=True, sortFunction=_TOP_FIRST)
    control.add_to(fmap)
    MapBehaviour(legend_head_html(lang), control, groups).add_to(fmap)
    # Keep the county clear of the legend panel on the right.
    fmap.fit_bounds(content.bounds, padding_top_left=(12, 12), padding_bottom_right=(LEGEND_WIDTH_PX + 24, 12))
    return fmap


# --- extra layers (a page's highlights) ---------------------------------------------------------


def _geometry_kind(frame: gpd.GeoDataFrame) -> str:
    kinds = set(frame.geometry.geom_type.dropna())
    if kinds & {"Polygon", "MultiPolygon"}:
        return "Polygon"
    if kinds & {"LineString", "MultiLineString"}:
        return "LineString"
    return "Point"


def overlay_layer(
    frame: gpd.GeoDataFrame,
    *,
    name: str,
    title: str,
    style: LayerStyle,
    metric_crs: CRS,
    popup: Sequence[tuple[str, str]] = (),
    tooltip: str | None = None,
    category_column: str | None = None,
    categories: Sequence[tuple[object, str, str]] = (),
    shown: bool = True,
    lang: str = DEFAULT_LANG,
) -> LayerContent:
    """A layer that is not a contract layer, e.g. the routes to harden or villages coloured by a status.

    ``popup`` lists ``(column, label)`` pairs; ``tooltip`` names the column shown on hover.
    With ``category_column``, features are coloured by its value: ``categories`` are
    ``(value, legend label, colour)`` in legend order; other values are drawn in ``style.color``
    under "other". Every label and value is escaped here, like the contract layers' popups;
    geometry is simplified and rounded by :func:`simplify_for_web`. Rows without geometry are
    left out.
    """
    frame = frame[~(frame.geometry.isna() | frame.geometry.is_empty)]
    geometry = _geometry_kind(frame)
    geoms = simplify_for_web(frame, metric_crs=metric_crs) if len(frame) else frame.geometry
    tips = frame[tooltip].tolist() if tooltip is not None else [None] * len(frame)
    records = (
        list(frame[[column for column, _ in popup]].itertuples(index=False, name=None)) if popup else [()] * len(frame)
    )
    props = [
        [
            escape(format_value(tip, None, lang=lang)) if tooltip is not None else "",
            *(escape(format_value(value, None, lang=lang)) for value in record),
        ]
        for tip, record in zip(tips, records, strict=True)
    ]
    style = replace(style, category_column=category_column if category_column and categories else None)
    if style.category_column is None:
        cats = [Category(title, style.fill_color or style.color, _features(geoms, props))]
    else:
        values = frame[str(category_column)].astype("string")
        known = [str(value) for value, _, _ in categories]
        masks = [(label, color, values.eq(str(value)).fillna(False).to_numpy()) for value, label, color in categories]
        masks.append((t("map.other", lang), style.color, ~values.isin(known).fillna(False).to_numpy()))
        cats = [
            Category(label, color, _features(geoms[mask], [p for p, m in zip(props, mask, strict=True) if m]))
            for label, color, mask in masks
            if mask.any()
        ]
    return LayerContent(
        name, title, title, geometry, style, cats, [escape(label) for _, label in popup], tooltip is not None, shown
    )


def compose(
    content: MapContent, *, shown: Collection[str] | None = None, overlays: Sequence[LayerContent] = ()
) -> MapContent:
    """``content`` with other layers switched on at first and extra layers added.

    ``shown`` names the contract layers on when the map opens (the others stay in the legend);
    ``None`` keeps them as they are. Overlays are stacked with the contract layers by geometry
    (areas, lines, points on top), above the contract layers of the same geometry.
    """
    layers = [replace(layer, shown=layer.name in shown) if shown is not None else layer for layer in content.layers]
    stacked = sorted([*layers, *overlays], key=lambda layer: GEOMETRY_RANK.get(layer.geometry, 1))
    return replace(content, layers=stacked)
