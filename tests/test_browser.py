"""The real app in headless Chromium with the network closed: the overview and the meeting view draw, nothing leaves localhost.

Starts ``streamlit run app.py`` once for the module on a free port, opens it with Playwright
(Debian's ``/usr/bin/chromium``, never a downloaded browser), blocks and records every request
that is not to localhost, and saves screenshots to ``tests/artifacts/`` (git-ignored), or to the
README's ``docs/img/`` with ``RCM_UPDATE_SCREENSHOTS=1``. Measurements (time to first render,
bytes received) are logged (``pytest -m browser -o log_cli=true``) and attached to the test
report as properties.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from geo.map import assets
from geo.map.content import prepare_map
from geo.map.folium_map import build_map
from geo.present.overview import MAP_SHOWN
from layers.registry import LAYER_KINDS, load_dataset
from tests.helpers_app import ROOT, mini_county, require_demo
from tests.streamlit_server import streamlit_server

pytestmark = pytest.mark.browser
LOG = logging.getLogger(__name__)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A test run writes its pictures beside the tests; only a deliberate update touches the README's.
SCREENSHOTS = ROOT / ("docs/img" if os.environ.get("RCM_UPDATE_SCREENSHOTS") == "1" else "tests/artifacts")
VIEWPORT = {"width": 1600, "height": 1000}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
START_TIMEOUT_S = 40
RENDER_TIMEOUT_MS = 40_000
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``streamlit run app.py`` on the demo county; yields its URL and always stops the process."""
    _require_chromium()
    demo = require_demo()
    try:
        with streamlit_server(
            demo, tmp_path_factory.mktemp("streamlit") / "server.log", timeout_s=START_TIMEOUT_S
        ) as url:
            yield url
    except RuntimeError as error:
        pytest.fail(str(error))


class Network:
    """Routes every request: localhost, data:, blob: and file: pass; anything else is aborted and recorded."""

    def __init__(self) -> None:
        self.blocked: list[str] = []
        self.http_bytes = 0
        self.websocket_bytes = 0

    def route(self, route) -> None:  # type: ignore[no-untyped-def]
        url = urlparse(route.request.url)
        if url.scheme in ("data", "blob", "file") or url.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def finished(self, request) -> None:  # type: ignore[no-untyped-def]
        self.http_bytes += max(request.sizes()["responseBodySize"], 0)

    def websocket(self, socket_) -> None:  # type: ignore[no-untyped-def]
        def count(payload: str | bytes) -> None:
            self.websocket_bytes += len(payload)

        socket_.on("framereceived", count)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    _require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _open(browser, network: Network):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", service_workers="block")
    context.route("**/*", network.route)
    page = context.new_page()
    page.on("requestfinished", network.finished)
    page.on("websocket", network.websocket)
    return context, page


def _map_frame(page):  # type: ignore[no-untyped-def]
    frame = page.frame_locator(MAP_IFRAME)
    frame.locator(".leaflet-control-layers .rcm-legend-head").wait_for(timeout=RENDER_TIMEOUT_MS)
    frame.locator(".leaflet-overlay-pane canvas").wait_for(timeout=RENDER_TIMEOUT_MS)
    frame.locator(".leaflet-image-layer").wait_for(state="attached", timeout=RENDER_TIMEOUT_MS)
    return next(f for f in page.frames if "st_folium" in f.url)


def test_overview_offline_and_screenshots(server: str, browser, record_property) -> None:  # type: ignore[no-untyped-def]
    dataset = load_dataset(require_demo())
    shown_features = sum(len(dataset.layers[name]) for name in MAP_SHOWN if name in dataset.layers)
    network = Network()
    context, page = _open(browser, network)
    try:
        started = time.monotonic()
        page.goto(server)
        page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=RENDER_TIMEOUT_MS)
        cards_s = time.monotonic() - started
        frame = _map_frame(page)
        frame.wait_for_function("() => document.querySelector('.leaflet-image-layer').complete")
        map_s = time.monotonic() - started

        paths = frame.evaluate(
            "() => { let n = 0; window.map.eachLayer(l => { if (l instanceof L.Path) n++; }); return n; }"
        )
        assert paths >= shown_features  # every feature of the layers switched on was drawn
        assert frame.evaluate("() => window.map.options.preferCanvas") is True
        relief_width = frame.evaluate("() => document.querySelector('.leaflet-image-layer').naturalWidth")
        assert relief_width > 100
        legend = frame.locator(".leaflet-control-layers")
        assert legend.is_visible()
        assert "图例" in legend.inner_text()
        overlays = frame.locator(".leaflet-control-layers-overlays label").count()
        assert overlays >= 10  # every contract layer can be switched
        values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        assert len(values) == 12
        assert all(any(ch.isdigit() for ch in v) for v in values), values

        page.wait_for_timeout(500)  # let the canvas settle before the picture
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "overview_targets.png")
        page.locator(MAP_IFRAME).scroll_into_view_if_needed()  # the map sits below the target cards
        page.wait_for_timeout(500)
        page.screenshot(path=SCREENSHOTS / "overview.png")

        # Switch to English: the whole page, legend included, follows.
        page.get_by_text("English", exact=True).click()
        page.locator("h1", has_text="Rural infrastructure coverage map").wait_for(timeout=RENDER_TIMEOUT_MS)
        # The map is re-created in the new language, in a new component frame that replaces the old one.
        page.wait_for_function(
            """([selector, word]) => {
            const frames = document.querySelectorAll(selector);
            const doc = frames.length === 1 ? frames[0].contentDocument : null;
            const head = doc && doc.querySelector(".leaflet-control-layers .rcm-legend-head");
            return Boolean(head && head.textContent.includes(word) && doc.querySelector(".leaflet-overlay-pane canvas"));
        }""",
            arg=[MAP_IFRAME, "Legend"],
            timeout=RENDER_TIMEOUT_MS,
        )
        page.locator(MAP_IFRAME).scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        page.screenshot(path=SCREENSHOTS / "overview_en.png")

        measured = {
            "cards_s": round(cards_s, 2),
            "map_s": round(map_s, 2),
            "paths": paths,
            "websocket_mb": round(network.websocket_bytes / 1e6, 2),
            "http_mb": round(network.http_bytes / 1e6, 2),
        }
        LOG.info("overview: %s", measured)
        for key, value in measured.items():
            record_property(key, value)
        assert network.blocked == [], f"requests left localhost: {network.blocked}"
    finally:
        context.close()


def test_hostile_names_render_as_text(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A township and a natural village named <script>alert(1)</script>: shown as text, never run."""
    content = prepare_map(mini_county(), list(LAYER_KINDS.values()))
    html = tmp_path / "map.html"
    html.write_text(assets.standalone_html(build_map(content)), encoding="utf-8")
    network = Network()
    context, page = _open(browser, network)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(html.as_uri())
        page.locator(".rcm-town-label").first.wait_for()
        labels = page.locator(".rcm-town-label").all_inner_texts()
        assert "<script>alert(1)</script>" in labels
        # Open every feature's popup and read it as text.
        texts = page.evaluate("""() => {
            const out = [];
            const map = Object.values(window).find(v => v instanceof L.Map);
            map.eachLayer(group => {
                if (!(group instanceof L.GeoJSON) || !group.getPopup()) { return; }
                group.eachLayer(feature => {
                    const at = feature.getLatLng ? feature.getLatLng() : feature.getBounds().getCenter();
                    feature.fire("click", {latlng: at}, true);
                    out.push(group.getPopup().getElement().innerText);
                });
            });
            return out;
        }""")
        assert any("<script>alert(1)</script>" in t for t in texts)
        assert dialogs == []
        assert network.blocked == []
    finally:
        context.close()


def test_meeting_view_draws_the_villages_and_prints(server: str, browser, record_property) -> None:  # type: ignore[no-untyped-def]
    """The meeting view: no sidebar, the value and counts, every village drawn, a PNG and a PDF to download."""
    dataset = load_dataset(require_demo())
    villages, towns = len(dataset.layers["admin_villages"]), len(dataset.layers["townships"])
    network = Network()
    context, page = _open(browser, network)
    try:
        started = time.monotonic()
        page.goto(f"{server}/meeting")
        page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=RENDER_TIMEOUT_MS)
        cards_s = time.monotonic() - started
        frame = _map_frame(page)
        frame.wait_for_function("() => document.querySelector('.leaflet-image-layer').complete")
        map_s = time.monotonic() - started

        assert not page.locator(
            '[data-testid="stSidebar"]'
        ).is_visible()  # the wall screen shows the map, not the chrome
        line = page.locator('[data-testid="stMarkdownContainer"]', has_text="个村").first.inner_text()
        counted = sum(int(n.replace(",", "")) for n in re.findall(r"([\d,]+) 个村", line))
        assert counted == villages  # met + near + far + no data = every admin village
        assert re.match(r"\d+\.\d%", line), line  # the value itself first
        paths = frame.evaluate(
            "() => { let n = 0; window.map.eachLayer(l => { if (l instanceof L.Path) n++; }); return n; }"
        )
        assert paths >= villages + towns
        legend = frame.locator(".leaflet-control-layers").inner_text()
        assert "达标" in legend
        assert "≥" in legend  # the target is in the legend
        font_px = frame.evaluate(
            "() => parseFloat(getComputedStyle(document.querySelector('.leaflet-control-layers')).fontSize)"
        )
        assert font_px >= 16  # large type for the wall screen

        page.wait_for_timeout(500)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "meeting.png")

        with page.expect_download(timeout=RENDER_TIMEOUT_MS * 2) as download:
            page.get_by_role("button", name="打印 PDF").click()
        pdf = Path(download.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF-")
        assert download.value.suggested_filename.endswith(".pdf")
        with page.expect_download(timeout=RENDER_TIMEOUT_MS * 2) as download:
            page.get_by_role("button", name="图片 PNG").click()
        png = Path(download.value.path()).read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n")

        measured = {
            "meeting_cards_s": round(cards_s, 2),
            "meeting_map_s": round(map_s, 2),
            "meeting_paths": paths,
            "meeting_websocket_mb": round(network.websocket_bytes / 1e6, 2),
            "meeting_pdf_kb": round(len(pdf) / 1e3),
            "meeting_png_kb": round(len(png) / 1e3),
        }
        LOG.info("meeting view: %s", measured)
        for key, value in measured.items():
            record_property(key, value)
        assert network.blocked == [], f"requests left localhost: {network.blocked}"
    finally:
        context.close()


def test_a_bookmarked_page_link_opens_inside_the_app_frame(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    """Opening /roads directly (a bookmark, a link in a message) runs app.py's frame around the page:
    the language switch and township filter are there and the sidebar lists page titles, not module files."""
    network = Network()
    context, page = _open(browser, network)
    try:
        page.goto(server.rstrip("/") + "/roads")
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text("乡镇范围").wait_for(timeout=RENDER_TIMEOUT_MS)  # drawn after the data check
        text = sidebar.inner_text()
        assert "农村公路" in text
        assert "乡镇范围" in text
        assert "_shared" not in text
        assert "shared" not in text.split()
        # The roads page itself runs there (a domain page is a function of app.py's navigation, not a file).
        main = page.locator('[data-testid="stMain"]')
        main.get_by_text("农村公路（县交通运输局）").wait_for(timeout=RENDER_TIMEOUT_MS)
    finally:
        context.close()
    assert network.blocked == [], network.blocked
