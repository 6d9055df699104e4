"""The meeting view at the meeting room's sizes, in Chinese and English: nothing below the fold, a click drills down.

Screenshots at 1366×768 and 1920×1080 in both languages go to ``tests/artifacts/`` (``docs/screenshots/`` with RCM_UPDATE_SCREENSHOTS=1)
(``meeting_<lang>_<width>.png``). Each checks that the map and every download button lie within
the window (no scrolling on a laptop or a projector), then a click on the map's middle drills
down to the township there and the 返回全县 button goes back up. (The atlas's page count is
checked on the hand-made county in tests/test_handout.py: the demo's 18 pages take minutes here.)
"""

from __future__ import annotations

import os
import re

import pytest

from layers.registry import load_dataset
from tests.helpers_app import ROOT, require_demo
from tests.test_browser import CHROMIUM_ARGS, MAP_IFRAME, RENDER_TIMEOUT_MS, browser, server  # noqa: F401

pytestmark = pytest.mark.browser
# the README's docs/screenshots/ with RCM_UPDATE_SCREENSHOTS=1 (as tests/test_browser.py), else git-ignored artifacts
SHOTS = ROOT / ("docs/screenshots" if os.environ.get("RCM_UPDATE_SCREENSHOTS") == "1" else "tests/artifacts")
SIZES = [(1366, 768), (1920, 1080)]


def _open(browser, server: str, size: tuple[int, int], lang: str):  # type: ignore[no-untyped-def]  # noqa: F811
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{server}/meeting")
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=RENDER_TIMEOUT_MS)
    if lang == "en":
        # The sidebar is hidden on this page: switch language through the session, as the sidebar would.
        page.goto(f"{server}/")
        page.get_by_text("English", exact=True).click()
        page.locator("h1", has_text="Rural infrastructure coverage map").wait_for(timeout=RENDER_TIMEOUT_MS)
        nav = page.locator('[data-testid="stSidebarNav"]')
        more = nav.get_by_text(re.compile(r"View \d+ more"))
        if more.count():  # Streamlit folds a long navigation
            more.first.click()
        nav.get_by_text("Meeting view", exact=True).click()
        page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=RENDER_TIMEOUT_MS)
    page.frame_locator(MAP_IFRAME).locator(".leaflet-overlay-pane canvas").wait_for(timeout=RENDER_TIMEOUT_MS)
    page.wait_for_timeout(1500)  # charts and tiles settle
    return context, page


def _within(box: dict | None, size: tuple[int, int]) -> bool:
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size[1] + 0.5 and box["x"] >= 0


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_everything_fits_the_window(server: str, browser, size: tuple[int, int], lang: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    context, page = _open(browser, server, size, lang)
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"meeting_{lang}_{size[0]}.png")
        assert _within(page.locator(MAP_IFRAME).bounding_box(), size)
        buttons = page.locator('[data-testid="stDownloadButton"]')
        assert buttons.count() == 3  # PNG, PDF, atlas
        for i in range(3):
            assert _within(buttons.nth(i).bounding_box(), size), i
        main = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        assert main <= size[1] + 1  # nothing below the fold
        assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 1  # the ranking (and the trend)
    finally:
        context.close()


def test_a_click_on_the_map_drills_down_and_up(server: str, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    towns = load_dataset(require_demo()).layers["townships"]
    context, page = _open(browser, server, (1366, 768), "zh")
    try:
        assert page.locator("h1").first.inner_text().startswith("全县")
        box = page.locator(MAP_IFRAME).bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.55)
        page.get_by_role("button", name="返回全县").wait_for(timeout=RENDER_TIMEOUT_MS)
        title = page.locator("h1").first.inner_text()
        assert any(title.startswith(str(name)) for name in towns["name"]), title
        page.get_by_role("button", name="返回全县").click()
        page.locator("h1", has_text=re.compile("^全县")).wait_for(timeout=RENDER_TIMEOUT_MS)

    finally:
        context.close()
