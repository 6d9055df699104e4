"""Fit the web map to the county beside or below the legend, whichever leaves the county larger.

The legend (which is also the layer switch) sits top right. On a wide map the county fits to its
left; on a narrow one (a map column at 1366×768) a fixed right padding of the legend's width
would leave the county a speck, so the map measures the legend once it is drawn and fits the
county below it instead when that gives the larger zoom (``map.getBoundsZoom``).
"""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Template

from geo.map.branca_elements import RawMacroElement, js_literal

MARGIN_PX = 12


class FitCounty(RawMacroElement):
    """Fits ``bounds`` (``[[south, west], [north, east]]``) clear of the legend, beside or below it."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }}, bounds = L.latLngBounds({{ this.bounds_js }}), m = {{ this.margin }};
            function fit() {
                var legend = map.getContainer().querySelector(".leaflet-control-layers");
                var w = legend ? legend.offsetWidth + m : 0, h = legend ? legend.offsetHeight + m : 0;
                var beside = [L.point(m, m), L.point(m + w, m)], below = [L.point(m, m + h), L.point(m, m)];
                var zoom = function (p) { return map.getBoundsZoom(bounds, false, p[0].add(p[1])); };
                var pick = zoom(below) > zoom(beside) ? below : beside;
                map.fitBounds(bounds, {paddingTopLeft: pick[0], paddingBottomRight: pick[1], animate: false});
            }
            map.fitBounds(bounds, {padding: [m, m], animate: false});
            map.whenReady(function () { setTimeout(fit, 0); });
        })();
        {% endmacro %}
    """)

    def __init__(self, bounds: Sequence[Sequence[float]], *, margin: int = MARGIN_PX) -> None:
        super().__init__()
        self._name = "FitCounty"
        self.bounds_js = js_literal([list(corner) for corner in bounds])
        self.margin = int(margin)
