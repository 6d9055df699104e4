"""Small branca/folium elements that put already rendered code on the page.

branca wraps every rendered script in ``Element(text)``, which compiles the text as a Jinja
template again; with a few megabytes of GeoJSON that costs seconds on every render. The
elements here add their parts verbatim: :class:`RawMacroElement` (a base for elements with a
template), :class:`DataLayer` (one colour of one map layer) and :class:`ReliefOverlay` (the
relief picture's data URL). :func:`js_literal` writes a value safely into a ``<script>``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import branca
import folium
from jinja2 import Template


def js_literal(value: object) -> str:
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


class RawMacroElement(branca.element.MacroElement):
    """A MacroElement whose rendered parts are not fed through Jinja a second time.

    branca wraps every rendered script in ``Element(text)``, which compiles the text as a Jinja
    template: with a few megabytes of GeoJSON that costs seconds on every map render (and every
    Streamlit rerun). The parts here are final, so they are added verbatim.
    """

    # branca's own MacroElement.render returns None too, against Element.render's "-> str"
    def render(self, **kwargs: object) -> None:  # type: ignore[override]
        """Add the header, html and script parts verbatim, then render the children."""
        figure = self.get_root()
        for part in ("header", "html", "script"):
            macro = self._template.module.__dict__.get(part)
            if macro is not None:
                getattr(figure, part).add_child(_RawCode(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class DataLayer(RawMacroElement):
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
        style: Mapping[str, object],
        highlight: dict[str, object] | None = None,
        labels: Sequence[str] = (),
        has_tooltip: bool = False,
        interactive: bool = True,
    ) -> None:
        super().__init__()
        self._name = "DataLayer"
        self.data_js = js_literal(geojson)
        self.style_js = js_literal(style)
        self.highlight_js = js_literal(highlight or {})
        self.labels_js = js_literal(list(labels))
        self.has_tooltip = has_tooltip
        self.interactive = interactive
        self.interactive_js = "true" if interactive else "false"


class ReliefOverlay(folium.raster_layers.ImageOverlay, RawMacroElement):
    """The relief picture as a base layer; its megabyte-long data URL is not re-parsed by Jinja."""


class ClusterGroup(RawMacroElement):
    """A Leaflet.markercluster group: the point layers added to it show as numbered clusters at low zoom.

    Its children (:class:`DataLayer` of circle markers) add themselves to it; their tooltips and
    popups still work, as Leaflet passes a marker's events up to its own ``L.geoJSON`` group.
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
        /* slate, not markercluster's green/yellow/orange: those would read as priority tiers */
        .marker-cluster-small, .marker-cluster-medium, .marker-cluster-large { background-color: rgba(55,65,81,.28); }
        .marker-cluster-small div, .marker-cluster-medium div, .marker-cluster-large div {
            background-color: rgba(55,65,81,.88); color: #fff; font-weight: 600; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.markerClusterGroup({{ this.options_js }});
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, options: Mapping[str, object]) -> None:
        super().__init__()
        self._name = "ClusterGroup"
        self.options_js = js_literal(dict(options))
