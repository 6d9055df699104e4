"""What the web map shows, independent of the drawing library: layers, popups, labels, bounds.

:func:`prepare_map` does the slow work once — polygon simplification in the metric CRS,
coordinate rounding, popup texts (every value HTML-escaped), the DEM relief picture — and
returns a plain, picklable :class:`MapContent`, so the caller can cache it.
:func:`geo.map.folium_map.build_map` turns that into a folium map. :func:`overlay_layer` makes a
layer from any frame (a page's highlights) and :func:`compose` adds such layers to a content.
"""

from __future__ import annotations

import html
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from geo.core.areas import approximate_mask
from geo.core.crs import STORAGE_EPSG, analysis_crs
from geo.core.layer_names import ADMIN_VILLAGES, DEM, TOWNSHIPS
from geo.core.schema import Column, LayerSchema
from geo.core.store import Dataset, RasterGrid
from geo.map.relief import WEB_MERCATOR_EPSG, relief_image
from geo.map.style import LayerStyle
from geo.map.web_geometry import COORD_DECIMALS, feature_collection, simplify_for_web
from geo.text.i18n import DEFAULT_LANG, pick, t
from geo.text.series_text import bracketed

COVERAGE_LAYERS = frozenset({TOWNSHIPS, ADMIN_VILLAGES})  # polygons that tile the county
RELIEF_MAX_PIXELS = 1400
MASK_MARGIN_DEG = 0.5

APPROXIMATE_DASH = "6 4"  # the outline of approximate areas (geo.core.areas)
GEOMETRY_RANK = {"Polygon": 0, "LineString": 1, "Point": 2}  # draw order: areas, lines, points on top


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
    cluster: bool = False  # points gathered into numbered clusters at low zoom (Leaflet.markercluster)


@dataclass(frozen=True)
class MapContent:
    """Everything :func:`geo.map.folium_map.build_map` draws; plain data, so it can be cached (pickled)."""

    lang: str
    bounds: list[list[float]]
    layers: list[LayerContent]
    labels: list[tuple[float, float, str]] = field(default_factory=list)
    mask: dict | None = None
    relief_url: str | None = None
    relief_bounds: list[list[float]] | None = None
    extent: list[list[float]] | None = None  # the county's bounds, which panning stays near (None: ``bounds``)

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
                pick(schema.title_zh, schema.title_en, lang),
                style.fill_color or style.color,
                feature_collection(geoms, props),
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
        Category(label, color, feature_collection(geoms[mask], [p for p, m in zip(props, mask, strict=True) if m]))
        for label, color, mask in masks
        if mask.any()
    ]


def _layer_content(
    kind: LayerKindLike,
    frame: gpd.GeoDataFrame,
    *,
    metric_crs: CRS,
    lang: str,
    shown: bool,
    names: dict[str, pd.Series] | None = None,
) -> LayerContent:
    """One layer ready to draw: simplified geometry, escaped popup values, split by colour.

    ``names`` maps a code column (``village_code``, ``town_code``) to code → name: a popup shows
    「洪源村（360222101206）」, not the bare code (the layer's own key stays as it is).
    """
    schema, style = kind.schema, kind.style
    approximate = bool(approximate_mask(frame).any())
    if approximate:  # drawn dashed, and the legend says so (geo.core.areas)
        style = replace(style, dash=APPROXIMATE_DASH)
    for code_column, lookup in (names or {}).items():
        if code_column in frame.columns and code_column != schema.key:
            codes = frame[code_column].astype("string")
            frame = frame.assign(**{code_column: bracketed(codes.map(lookup), codes, lang).fillna(codes)})
    columns = _popup_columns(kind, frame)
    tooltip = _tooltip_column(kind, frame)
    geoms = simplify_for_web(frame, metric_crs=metric_crs, coverage=schema.name in COVERAGE_LAYERS)
    categories = _categories(kind, frame, geoms, _popup_values(frame, columns, tooltip, lang=lang), lang=lang)
    title = pick(schema.title_zh, schema.title_en, lang)
    legend_title = title
    if style.category_column in frame.columns:
        column = schema.column(str(style.category_column))
        legend_title = f"{title} · {pick(column.label_zh, column.label_en, lang)}"
    if approximate:
        title = t("map.approximate_areas", lang, title=title)
        legend_title = t("map.approximate_areas", lang, title=legend_title)
    aliases = [escape(pick(c.label_zh, c.label_en, lang)) for c in columns]
    return LayerContent(
        schema.name, title, legend_title, schema.geometry, style, categories, aliases, tooltip is not None, shown
    )


def _code_names(dataset: Dataset) -> dict[str, pd.Series]:
    """``village_code`` and ``town_code`` → name, from the admin villages and townships."""
    out = {}
    for column, layer in (("village_code", ADMIN_VILLAGES), ("town_code", TOWNSHIPS)):
        frame = dataset.layers.get(layer)
        if frame is not None and "name" in frame.columns:
            lookup = pd.Series(frame["name"].astype("string").to_numpy(), index=frame[column].astype("string"))
            out[column] = lookup[~lookup.index.duplicated()]
    return out


def _township_labels(towns: gpd.GeoDataFrame, *, metric_crs: CRS, lang: str) -> list[tuple[float, float, str]]:
    """One label per township at a point inside it (not the seat, which may sit on a border), largest first.

    The order is the labels' priority: the map hides a label whose box overlaps one drawn before it
    (:class:`geo.map.controls.LabelDeclutter`), so at a low zoom the large townships keep theirs.
    """
    metric = towns.geometry.to_crs(metric_crs)
    order = np.argsort(-metric.area.to_numpy(), kind="stable")
    points = metric.representative_point().to_crs(STORAGE_EPSG)
    xs, ys = points.x.to_numpy(), points.y.to_numpy()
    names = towns["name"].tolist() if "name" in towns else [""] * len(towns)
    return [
        (round(float(ys[i]), 5), round(float(xs[i]), 5), escape(format_value(names[i], None, lang=lang))) for i in order
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
    for name in (TOWNSHIPS, ADMIN_VILLAGES, *dataset.layers):
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
    towns = dataset.layers.get(TOWNSHIPS)
    has_towns = towns is not None and len(towns) > 0
    layers: list[LayerContent] = []
    labels: list[tuple[float, float, str]] = []
    if present:
        names = _code_names(dataset)
        metric_crs = analysis_crs(towns if has_towns else dataset.layers[present[0].schema.name])
        layers = [
            _layer_content(
                k,
                dataset.layers[k.schema.name],
                metric_crs=metric_crs,
                lang=lang,
                shown=k.style.shown_by_default if shown is None else k.schema.name in shown,
                names=names,
            )
            for k in order
        ]
        labels = _township_labels(towns, metric_crs=metric_crs, lang=lang) if has_towns else []
    mask = _outside_mask(towns) if has_towns else None
    grid = dem if dem is not None else dataset.rasters.get(DEM)
    relief_url = relief_bounds = None
    if grid is not None:
        image = relief_image(grid, dst_crs=WEB_MERCATOR_EPSG, max_size=RELIEF_MAX_PIXELS)
        relief_url, relief_bounds = image.data_url(image_format="webp"), image.latlon_bounds  # ~10× smaller than PNG
    bounds = _bounds(dataset)
    return MapContent(lang, bounds, layers, labels, mask, relief_url, relief_bounds, extent=bounds)


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
        cats = [Category(title, style.fill_color or style.color, feature_collection(geoms, props))]
    else:
        values = frame[str(category_column)].astype("string")
        known = [str(value) for value, _, _ in categories]
        masks = [(label, color, values.eq(str(value)).fillna(False).to_numpy()) for value, label, color in categories]
        masks.append((t("map.other", lang), style.color, ~values.isin(known).fillna(False).to_numpy()))
        cats = [
            Category(label, color, feature_collection(geoms[mask], [p for p, m in zip(props, mask, strict=True) if m]))
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
