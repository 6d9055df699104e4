"""The interactive web map (folium/Leaflet) of a :class:`geo.map.content.MapContent`, without Streamlit.

:func:`build_map` draws the content: relief base layer, one toggleable group per layer,
township labels, a bilingual legend that is also the layer switch, fitted to the county.

Offline: folium loads Leaflet, jQuery, Bootstrap and Font Awesome from public CDNs by default.
The map built here loads only Leaflet, from the copy vendored in ``static/vendor`` (served by
Streamlit at ``/app/static/vendor``), uses circle markers instead of icon fonts, and needs no
jQuery. Online tile layers (OpenStreetMap, Tianditu) are offered only on request; GCJ-02 tiles
(Amap, Tencent) are not offered at all, because the data here are CGCS2000 and would sit
100–700 m off.
"""

from __future__ import annotations

import re
from collections.abc import Collection

import branca
import folium
from folium.utilities import JsCode
from jinja2 import Template

from geo.core.layer_names import TOWNSHIPS
from geo.map.assets import DEFAULT_ASSET_BASE, cluster_assets, offline_assets
from geo.map.branca_elements import ClusterGroup, DataLayer, RawMacroElement, ReliefOverlay, js_literal
from geo.map.content import LayerContent, MapContent, escape
from geo.map.controls import LabelDeclutter, MeasureTool, MetricScale, WheelGuard, apply_limits
from geo.map.fit import FitCounty
from geo.text.i18n import t

LEGEND_WIDTH_PX = 270  # the legend (layer switch) panel, top right

TIANDITU_URL = "https://t{s}.tianditu.gov.cn/DataServer?T={layer}_w&x={x}&y={y}&l={z}&tk={key}"
ONLINE_BASEMAPS = ("osm", "tianditu_vec", "tianditu_img")
REFUSED_BASEMAPS = {"amap": "GCJ-02", "gaode": "GCJ-02", "tencent": "GCJ-02", "baidu": "BD-09"}

FONT_STACK = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','WenQuanYi Micro Hei',sans-serif"


def _leaflet_style(layer: LayerContent, color: str) -> dict[str, str | float | bool]:
    style = layer.style
    if layer.geometry == "Polygon":
        categorized = style.category_column is not None
        fill = color if categorized else (style.fill_color or style.color)
        drawn: dict[str, str | float | bool] = {
            "color": color if categorized else style.color,
            "weight": style.weight,
            "opacity": 0.9,
            "fill": style.fill_opacity > 0,
            "fillColor": fill,
            "fillOpacity": style.fill_opacity,
        }
        if style.dash:
            drawn["dashArray"] = style.dash
        return drawn
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


# Clusters of the gap list's points: split up from zoom 13 (a township, ~2 km across the map) on.
CLUSTER_OPTIONS = {
    "maxClusterRadius": 45,
    "disableClusteringAtZoom": 13,
    "chunkedLoading": True,
    "spiderfyOnMaxZoom": False,
}


def _add_layer(group: folium.FeatureGroup, layer: LayerContent) -> None:
    parent: folium.FeatureGroup | ClusterGroup = group
    if layer.cluster and layer.geometry == "Point":
        parent = ClusterGroup(CLUSTER_OPTIONS)
        parent.add_to(group)
    for category in layer.categories:
        if category.geojson["features"]:
            DataLayer(
                category.geojson,
                style=_leaflet_style(layer, category.color),
                highlight=_highlight(layer),
                labels=layer.aliases,
                has_tooltip=layer.has_tooltip,
            ).add_to(parent)


def _swatch(layer: LayerContent, color: str) -> str:
    style = _leaflet_style(layer, color)
    if layer.geometry == "Point":
        return (
            f'<span class="rcm-sw rcm-pt" style="background:{escape(style["fillColor"])};'
            f'border-color:{escape(style["color"])}"></span>'
        )
    if layer.geometry == "LineString":
        return f'<span class="rcm-sw rcm-ln" style="background:{escape(color)}"></span>'
    fill = _rgba(str(style["fillColor"]), max(float(style["fillOpacity"]), 0.35)) if style["fill"] else "transparent"
    border = "border-style:dashed;" if layer.style.dash else ""
    return (
        f'<span class="rcm-sw rcm-pg" style="{border}border-color:{escape(style["color"])};background:{escape(fill)}">'
        "</span>"
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
.rcm-town-label > span {{ display: inline-block; }}
.rcm-town-label {{ font-size: 15px; font-weight: 700; color: #1d1d1d; white-space: nowrap; text-align: center;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 5px #fff; pointer-events: none; }}
.leaflet-popup-content {{ font-size: 14px; margin: 10px 12px; }}
.leaflet-popup-content table {{ border-collapse: collapse; }}
.leaflet-popup-content th {{ text-align: left; font-weight: 600; color: #555; padding: 2px 10px 2px 0; white-space: nowrap; }}
.leaflet-popup-content td {{ padding: 2px 0; }}
.leaflet-tooltip {{ font-size: 14px; }}
.rcm-wheel-hint {{ position: absolute; left: 50%; top: 50%; transform: translate(-50%, -50%); z-index: 1000;
  background: rgba(0,0,0,.72); color: #fff; padding: 10px 16px; border-radius: 6px; font-size: 15px;
  opacity: 0; transition: opacity .25s; pointer-events: none; }}
.leaflet-container:focus-visible {{ outline: 3px solid #1f4e9c; outline-offset: -3px; }}
</style>
"""


# The legend lists the top-most layer first, as a GIS table of contents does.
_TOP_FIRST = JsCode("""function (a, b, nameA, nameB) {
    var order = function (name) { var m = /data-order="(\\d+)"/.exec(name); return m ? Number(m[1]) : -1; };
    return order(nameB) - order(nameA);
}""")


class MapBehaviour(RawMacroElement):
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
        self.head_js = js_literal(head)
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
    tools: bool = True,
) -> folium.Map:
    """The folium map of ``content``: relief base, one toggleable group per layer, legend, labels.

    ``asset_base`` is the URL folder holding the vendored Leaflet (see ``static/vendor``).
    ``basemaps`` adds online tile layers (``"osm"``, ``"tianditu_vec"``, ``"tianditu_img"``; the
    Tianditu ones only with a key) as alternatives to the offline relief, never as the default.
    Zoom and panning stay within the county (:mod:`geo.map.controls`); ``tools`` adds the measure tool.
    """
    lang = content.lang
    center = [(content.bounds[0][0] + content.bounds[1][0]) / 2, (content.bounds[0][1] + content.bounds[1][1]) / 2]
    fmap = folium.Map(
        location=center,
        zoom_start=10,
        tiles=None,
        prefer_canvas=True,
        control_scale=False,  # MetricScale: kilometres only
        zoom_snap=0.25,
        zoom_delta=0.5,
        font_size="14px",
    )
    apply_limits(fmap, content.extent or content.bounds)
    fmap.default_js, fmap.default_css = offline_assets(asset_base, lang=lang)
    fmap.options.setdefault("max_zoom", 18)  # folium drops max_zoom without a tile layer; clusters need one
    if any(layer.cluster for layer in content.layers):
        js, css = cluster_assets(asset_base)
        fmap.default_js, fmap.default_css = [*fmap.default_js, *js], [*fmap.default_css, *css]
    figure = fmap.get_root()
    assert isinstance(figure, branca.element.Figure)  # a folium.Map always sits in a Figure
    figure.header.add_child(branca.element.Element(MAP_CSS), name="rcm_css")
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
        if layer.name == TOWNSHIPS:
            for lat, lon, name in content.labels:
                folium.Marker(
                    [lat, lon],
                    icon=folium.DivIcon(
                        html=f"<span>{name}</span>",
                        class_name="rcm-town-label",
                        icon_size=(160, 22),
                        icon_anchor=(80, 11),
                    ),
                    interactive=False,
                    keyboard=False,
                ).add_to(group)
        group.add_to(fmap)
        groups.append(group)
    # folium types **kwargs as JSON values, but renders a JsCode among them as code (folium.utilities.JsCode)
    control = folium.LayerControl(
        position="topright",
        collapsed=False,
        sortLayers=True,
        sortFunction=_TOP_FIRST,  # type: ignore[arg-type]
    )
    control.add_to(fmap)
    MapBehaviour(legend_head_html(lang), control, groups).add_to(fmap)
    WheelGuard(lang).add_to(fmap)
    MetricScale().add_to(fmap)
    if content.labels:
        LabelDeclutter().add_to(fmap)
    if tools:
        MeasureTool(lang).add_to(fmap)
    # Keep the county clear of the legend panel: beside it on a wide map, below it on a narrow one.
    FitCounty(content.bounds).add_to(fmap)
    return fmap
