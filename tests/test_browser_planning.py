"""Browser-only behaviour of the overview and gap pages, in headless Chromium with the network closed.

A click on the map reaches Python only through streamlit-folium in a real browser: clicking a
village shows all its indicators; picking a gap row draws it on the map. Uses the server and
network helpers of ``tests/test_browser.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from layers.registry import load_dataset
from tests import test_browser as base
from tests.helpers_app import require_demo
from tests.streamlit_server import streamlit_server

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000
HIGHLIGHT = "#1f5fff"  # geo.map.gap_layers.HIGHLIGHT_COLOR


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``streamlit run app.py`` on the demo county; yields its URL and always stops the process."""
    base._require_chromium()
    demo = require_demo()
    try:
        with streamlit_server(
            demo, tmp_path_factory.mktemp("streamlit") / "server.log", timeout_s=base.START_TIMEOUT_S
        ) as url:
            yield url
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    base._require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(base.CHROMIUM), args=base.CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _map_frame(page):  # type: ignore[no-untyped-def]
    page.frame_locator(base.MAP_IFRAME).locator(".leaflet-overlay-pane canvas").wait_for(timeout=TIMEOUT_MS)
    return next(f for f in page.frames if "st_folium" in f.url)


def test_click_a_village_then_pick_a_gap_row(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    villages = load_dataset(require_demo()).layers["admin_villages"]
    middle = villages.geometry.representative_point()
    number = len(villages) // 4
    point, name = middle.iloc[number], str(villages["name"].iloc[number])
    network = base.Network()
    context, page = base._open(browser, network)
    try:
        page.goto(server)
        frame = _map_frame(page)
        page.locator(base.MAP_IFRAME).scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        x, y = frame.evaluate(
            f"() => {{ const p = window.map.latLngToContainerPoint([{point.y}, {point.x}]); return [p.x, p.y]; }}"
        )
        box = page.locator(base.MAP_IFRAME).bounding_box()
        page.mouse.click(box["x"] + x, box["y"] + y)
        page.get_by_text(re.compile(f"{re.escape(name)}（.+）\\s*各项指标")).first.wait_for(
            timeout=TIMEOUT_MS
        )  # its table's title

        page.goto(f"{server}/gaps")
        _map_frame(page)
        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.scroll_into_view_if_needed()
        area = grid.bounding_box()
        page.mouse.click(area["x"] + 12, area["y"] + 55)  # the first row's selection box
        page.get_by_text("已选：").first.wait_for(timeout=TIMEOUT_MS)
        page.wait_for_function(
            """([selector, colour]) => {
            const frame = document.querySelector(selector);
            const win = frame && frame.contentWindow;
            if (!win || !win.map) { return false; }
            let found = false;
            win.map.eachLayer(l => { if (l.options && (l.options.fillColor === colour || l.options.color === colour)) { found = true; } });
            return found;
        }""",
            arg=[base.MAP_IFRAME, HIGHLIGHT],
            timeout=TIMEOUT_MS,
        )
        assert network.blocked == [], f"requests left localhost: {network.blocked}"
    finally:
        context.close()
