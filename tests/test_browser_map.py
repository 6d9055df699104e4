"""The map in the real app, in Chromium: zoom limited, the wheel scrolls the page until the map is focused,
the measure tool is there, the keyboard reaches the map, and a reloaded link keeps language and townships."""

from __future__ import annotations

import logging

import pytest

from geo.map.controls import MAX_ZOOM, MIN_ZOOM
from tests.test_browser import MAP_IFRAME, RENDER_TIMEOUT_MS, Network, _map_frame, _open, browser, server

pytestmark = pytest.mark.browser
LOG = logging.getLogger(__name__)
__all__ = ["browser", "server"]  # the module fixtures, shared with test_browser.py
MAX_TABS = 200
COLD_START_MS = 150_000  # the first run computes the report; the shared test machine may be loaded


def _wait_for_map(page) -> None:  # type: ignore[no-untyped-def]
    page.frame_locator(MAP_IFRAME).locator(".rcm-legend-head").wait_for(timeout=COLD_START_MS)


def test_wheel_scrolls_the_page_until_the_map_is_focused(server: str, browser, record_property) -> None:  # type: ignore[no-untyped-def]
    network = Network()
    context, page = _open(browser, network)
    try:
        page.goto(server)
        _wait_for_map(page)
        frame = _map_frame(page)
        assert frame.evaluate("() => window.map.getMaxZoom()") == MAX_ZOOM  # was Infinity
        assert frame.evaluate("() => window.map.getMinZoom()") == MIN_ZOOM
        assert frame.locator(".leaflet-control-measure").count() == 1  # the vendored measure tool
        page.locator(MAP_IFRAME).scroll_into_view_if_needed()
        box = page.locator(MAP_IFRAME).bounding_box()
        assert box is not None
        zoom = frame.evaluate("() => window.map.getZoom()")
        scroller = "document.querySelector('[data-testid=\"stMain\"]') || document.scrollingElement"
        before = page.evaluate(f"() => ({scroller}).scrollTop")
        page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(800)
        after = page.evaluate(f"() => ({scroller}).scrollTop")
        assert frame.evaluate("() => window.map.getZoom()") == zoom  # the map did not zoom …
        assert after > before  # … the page scrolled
        # Once clicked (focused), the wheel zooms the map, and never past the limit.
        box = page.locator(MAP_IFRAME).bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
        page.wait_for_timeout(1500)  # a click on a village reruns the page (its details appear below the map)
        frame = next(f for f in page.frames if "st_folium" in f.url)
        enabled = frame.evaluate("() => [window.map.scrollWheelZoom.enabled(), document.activeElement.className]")
        LOG.info("after the click: wheel zoom enabled, focus: %s", enabled)
        box = page.locator(MAP_IFRAME).bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
        for _ in range(12):
            page.mouse.wheel(0, -300)
            page.wait_for_timeout(150)
        page.wait_for_timeout(600)
        zoomed = frame.evaluate("() => window.map.getZoom()")
        assert zoom < zoomed <= MAX_ZOOM

        # Keyboard: Tab presses from the top of the page until the map has the focus.
        page.goto(server)
        _wait_for_map(page)
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        tabs = 0
        while tabs < MAX_TABS:
            page.keyboard.press("Tab")
            tabs += 1
            focused = page.evaluate(
                """(selector) => { const f = document.querySelector(selector);
                   return document.activeElement === f && f.contentDocument.activeElement
                          && f.contentDocument.activeElement.classList.contains('leaflet-container'); }""",
                MAP_IFRAME,
            )
            if focused:
                break
        LOG.info("tab presses to the overview map: %s", tabs)
        record_property("tabs_to_map", tabs)
        assert tabs < MAX_TABS
        assert network.blocked == [], network.blocked
    finally:
        context.close()


def test_a_reloaded_link_keeps_language_and_townships(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    network = Network()
    context, page = _open(browser, network)
    try:
        page.goto(f"{server}/water?lang=en")
        page.locator("h1", has_text="Water").first.wait_for(timeout=COLD_START_MS)
        page.wait_for_function("() => location.search.includes('lang=en')", timeout=RENDER_TIMEOUT_MS)
        page.reload()
        page.locator("h1", has_text="Water").first.wait_for(timeout=RENDER_TIMEOUT_MS)
        assert "lang=en" in page.url
    finally:
        context.close()
