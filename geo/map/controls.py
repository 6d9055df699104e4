"""The web map's limits and tools: zoom levels and panning kept to the county, the wheel, a measure tool.

Leaflet takes ``minZoom``/``maxZoom`` from the map's options or else from its tile layers; our
maps have no tile layer (the relief is one picture), so without explicit limits
``map.getMaxZoom()`` is ``Infinity`` and four wheel notches reach a 5 m scale over a blank map.
:func:`apply_limits` sets the levels and keeps panning within the county's extent plus a margin.

The wheel scrolls the page unless the map has the focus (a click, or Tab): :class:`WheelGuard`
turns Leaflet's scroll-wheel zoom on while the map is focused and shows a short hint otherwise.

:class:`MeasureTool` is leaflet-measure 3.1.0, vendored in ``static/vendor`` (no CDN), with
kilometres and metres, hectares and 亩, and the upstream workaround for Leaflet ≥ 1.8
(ljagis/leaflet-measure#171: the map jumped on every click while measuring).
"""

from __future__ import annotations

import folium
from jinja2 import Template

from geo.map.branca_elements import RawMacroElement, js_literal
from geo.text.i18n import t

MIN_ZOOM = 8  # a county (~50–100 km) fills a screen at zoom 9–10; 8 shows its neighbours
MAX_ZOOM = 17  # ~1 m per pixel: a house, a lane; the relief and the data hold no more detail
# Panning may go this share of the extent beyond each side. At least one extent: a wide map shows
# the county at ~40 % of its width, and Leaflet centres a view wider than maxBounds on them, which
# would push the county under the legend that the fit keeps it clear of (geo.map.fit).
EXTENT_MARGIN = 1.0
MIN_MARGIN_DEG = 0.05
MU_PER_SQM = 0.0015  # 1 亩 = 666.67 m²


def max_bounds(extent: list[list[float]]) -> list[list[float]]:
    """``[[south, west], [north, east]]`` grown by the extent (at least 0.05°) on each side."""
    (south, west), (north, east) = extent
    dlat = max((north - south) * EXTENT_MARGIN, MIN_MARGIN_DEG)
    dlon = max((east - west) * EXTENT_MARGIN, MIN_MARGIN_DEG)
    return [[round(south - dlat, 5), round(west - dlon, 5)], [round(north + dlat, 5), round(east + dlon, 5)]]


def apply_limits(fmap: folium.Map, extent: list[list[float]]) -> None:
    """Zoom levels, panning limits and wheel behaviour of ``fmap`` (folium passes them on as map options)."""
    fmap.options["min_zoom"] = MIN_ZOOM
    fmap.options["max_zoom"] = MAX_ZOOM
    fmap.options["max_bounds"] = max_bounds(extent)
    fmap.options["max_bounds_viscosity"] = 0.9
    fmap.options["scroll_wheel_zoom"] = False  # WheelGuard turns it on while the map has the focus


class WheelGuard(RawMacroElement):
    """Wheel zoom only while the map is focused; otherwise the wheel scrolls the page and a hint says how.

    Leaflet focuses its container on a click (and Tab reaches it: it has ``tabindex=0``). The hint
    is set as text (``textContent``), never as HTML.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }}, box = map.getContainer(), timer = null;
            var hint = L.DomUtil.create("div", "rcm-wheel-hint", box);
            hint.textContent = {{ this.hint_js }};
            box.setAttribute("aria-label", {{ this.label_js }});
            var on = function () { map.scrollWheelZoom.enable(); hint.style.opacity = 0; };
            box.addEventListener("focus", on);
            box.addEventListener("mousedown", on);
            box.addEventListener("blur", function () { map.scrollWheelZoom.disable(); });
            box.addEventListener("wheel", function () {
                if (map.scrollWheelZoom.enabled()) { return; }
                hint.style.opacity = 1;
                clearTimeout(timer);
                timer = setTimeout(function () { hint.style.opacity = 0; }, 1500);
            }, {passive: true});
        })();
        {% endmacro %}
    """)

    def __init__(self, lang: str) -> None:
        super().__init__()
        self._name = "WheelGuard"
        self.hint_js = js_literal(t("map.wheel_hint", lang))
        self.label_js = js_literal(t("map.aria_label", lang))


class MeasureTool(RawMacroElement):
    """leaflet-measure's control: distances in km (m), areas in hectares (亩), top left under the zoom buttons."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.Control.Measure.include({
            _setCaptureMarkerIcon: function () {
                this._captureMarker.options.autoPanOnFocus = false;
                this._captureMarker.setIcon(L.divIcon({iconSize: this._map.getSize().multiplyBy(2)}));
            }
        });
        var {{ this.get_name() }} = new L.Control.Measure({{ this.options_js }});
        {{ this._parent.get_name() }}.addControl({{ this.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, lang: str) -> None:
        super().__init__()
        self._name = "MeasureTool"
        self.options_js = js_literal(
            {
                "position": "topleft",
                "primaryLengthUnit": "kilometers",
                "secondaryLengthUnit": "meters",
                "primaryAreaUnit": "hectares",
                "secondaryAreaUnit": "mu",
                "units": {"mu": {"factor": MU_PER_SQM, "display": t("map.measure.mu", lang), "decimals": 1}},
                "activeColor": "#d7301f",
                "completedColor": "#1f4e9c",
                "captureZIndex": 10000,
            }
        )


class LabelDeclutter(RawMacroElement):
    """Township labels without collisions: after each zoom, a label overlapping one placed before it is hidden.

    The labels come largest township first (:func:`geo.map.content.prepare_map`), so the large
    ones win at a low zoom and every label shows once there is room. A county has a few dozen
    townships, so comparing each label with those kept is cheap.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var overlaps = function (a, b) {
                return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
            };
            var declutter = function () {
                var kept = [];
                map.getContainer().querySelectorAll(".rcm-town-label").forEach(function (label) {
                    label.style.visibility = "";
                    var box = label.firstElementChild ? label.firstElementChild.getBoundingClientRect()
                                                      : label.getBoundingClientRect();
                    if (kept.some(function (other) { return overlaps(box, other); })) {
                        label.style.visibility = "hidden";
                    } else {
                        kept.push(box);
                    }
                });
            };
            map.on("zoomend overlayadd", declutter);
            map.whenReady(function () { setTimeout(declutter, 0); });
        })();
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "LabelDeclutter"


class MetricScale(RawMacroElement):
    """A metric scale bar only (folium's ``control_scale`` adds miles and feet too)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false, maxWidth: 160}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "MetricScale"
