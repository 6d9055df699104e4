"""The gap-list page at 1366×768 in headless Chromium, network closed: the county fills the map, the table fits.

At a laptop's 1366×768 the map column is narrow; the county must fit beside or below the legend
(geo.map.fit.FitCounty), not shrink to a speck under it, and the gap table must show priority,
township, name, reason and cost without scrolling sideways. The gap points are clustered
(Leaflet.markercluster, vendored), so thousands of villages show as numbered clusters.
"""

from __future__ import annotations

import pytest

from layers.registry import load_dataset
from tests import test_browser as base
from tests.helpers_app import require_demo
from tests.test_browser import browser, server  # noqa: F401

pytestmark = pytest.mark.browser  # server and browser: the demo server and Chromium of tests/test_browser.py
TIMEOUT_MS = 90_000
LAPTOP = {"width": 1366, "height": 768}


def _overlap(a: dict, b: dict) -> float:
    """Area (px²) shared by two boxes ``{x, y, width, height}``."""
    w = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    h = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    return max(0.0, w) * max(0.0, h)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_gap_page_at_1366_shows_the_county_and_the_table_fits(server: str, browser, lang: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    west, south, east, north = load_dataset(require_demo()).layers["townships"].total_bounds
    network = base.Network()
    context = browser.new_context(viewport=LAPTOP, locale="zh-CN", service_workers="block")
    context.route("**/*", network.route)
    page = context.new_page()
    try:
        page.goto(f"{server}/gaps")
        if lang == "en":
            page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).first.click()
            page.get_by_role("heading", name="Gap lists").wait_for(timeout=TIMEOUT_MS)
        legend = "Legend" if lang == "en" else "图例"  # the map of this language, alone on the page
        page.wait_for_function(
            """([selector, legend]) => {
            const frames = document.querySelectorAll(selector);
            if (frames.length !== 1) { return false; }
            const doc = frames[0].contentDocument, head = doc && doc.querySelector(".rcm-legend-head");
            return !!(head && head.textContent.includes(legend) && doc.querySelector(".leaflet-overlay-pane canvas"));
        }""",
            arg=[base.MAP_IFRAME, legend],
            timeout=TIMEOUT_MS,
        )
        frame = next(f for f in page.frames if "st_folium" in f.url and not f.is_detached())
        frame.locator(".marker-cluster").first.wait_for(timeout=TIMEOUT_MS)  # clusters, not one blob
        page.wait_for_timeout(800)  # the fit after the legend is drawn
        geometry = frame.evaluate(
            f"""() => {{
            const map = window.map, size = map.getSize();
            const sw = map.latLngToContainerPoint([{south}, {west}]), ne = map.latLngToContainerPoint([{north}, {east}]);
            const box = map.getContainer().getBoundingClientRect();
            const legend = map.getContainer().querySelector(".leaflet-control-layers").getBoundingClientRect();
            return {{
                map: {{x: 0, y: 0, width: size.x, height: size.y}},
                county: {{x: sw.x, y: ne.y, width: ne.x - sw.x, height: sw.y - ne.y}},
                legend: {{x: legend.left - box.left, y: legend.top - box.top, width: legend.width, height: legend.height}},
                clusters: document.querySelectorAll(".marker-cluster").length,
            }};
        }}"""
        )
        county, frame_box, legend = geometry["county"], geometry["map"], geometry["legend"]
        # the whole county on the map, clear of the legend
        assert county["x"] >= -1
        assert county["y"] >= -1
        assert county["x"] + county["width"] <= frame_box["width"] + 1
        assert county["y"] + county["height"] <= frame_box["height"] + 1
        assert _overlap(county, legend) == 0
        # ... and large: at least half the map's width or height (a speck would be a fifth)
        assert county["width"] >= 0.5 * frame_box["width"] or county["height"] >= 0.5 * frame_box["height"], geometry
        assert geometry["clusters"] >= 3

        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.wait_for(timeout=TIMEOUT_MS)
        scroll = grid.evaluate(
            """(el) => { const s = el.querySelector(".dvn-scroller") || el;
            return {scroll: s.scrollWidth, client: s.clientWidth}; }"""
        )
        assert scroll["scroll"] <= scroll["client"] + 2, scroll  # no horizontal scrolling
        base.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(base.SCREENSHOTS / f"gaps-1366-{lang}.png"))
        page.locator(base.MAP_IFRAME).screenshot(path=str(base.SCREENSHOTS / f"gaps-1366-map-{lang}.png"))
        assert network.blocked == [], f"requests left localhost: {network.blocked}"
    finally:
        context.close()
