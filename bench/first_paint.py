"""Cold and warm first paint of each page of the real app, in headless Chromium (prints figures; not a test).

For every page asked for: a fresh ``streamlit run app.py`` (cold: nothing cached, the warm-up
thread of views/_warmup.py starts with this first visit), one visit, then a second visit in a
new browser context (warm: Streamlit's caches filled). Measured from navigation:

* ``frame`` — the page's first heading (h1) drawn: the frame is on screen, not a blank page;
* ``content`` — the first card, board or table (metric, dataframe or headline markdown);
* ``map`` — the Leaflet canvas inside the map frame (pages without a map: blank).

Usage::

    .venv/bin/python bench/first_paint.py                       # overview, meeting, water, gaps, progress
    .venv/bin/python bench/first_paint.py --pages meeting --size 1366x768

Chromium: Debian's ``/usr/bin/chromium``; the demo county unless ``--data``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.helpers_app import DEMO  # noqa: E402
from tests.streamlit_server import streamlit_server  # noqa: E402

MAP = 'iframe[title="streamlit_folium.st_folium"]'
CONTENT = '[data-testid="stMetric"], [data-testid="stDataFrame"], [data-testid="stMarkdownContainer"] strong'
PAGES = ("overview", "meeting", "water", "gaps", "progress")
TIMEOUT_MS = 120_000


def _visit(browser, url: str, size: tuple[int, int], has_map: bool) -> dict[str, float | None]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="zh-CN")
    page = context.new_page()
    try:
        started = time.monotonic()
        page.goto(url)
        page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=TIMEOUT_MS)
        frame = time.monotonic() - started
        page.locator(CONTENT).first.wait_for(timeout=TIMEOUT_MS)
        content = time.monotonic() - started
        drawn = None
        if has_map:
            try:
                page.frame_locator(MAP).first.locator(
                    ".leaflet-overlay-pane canvas, .leaflet-overlay-pane svg"
                ).first.wait_for(state="attached", timeout=TIMEOUT_MS)
                drawn = time.monotonic() - started
            except PlaywrightTimeout:
                drawn = None
        return {"frame": frame, "content": content, "map": drawn}
    finally:
        context.close()


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEMO)
    parser.add_argument("--pages", nargs="+", default=list(PAGES))
    parser.add_argument("--size", default="1366x768")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    rows = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for name in args.pages:
            with streamlit_server(args.data, Path(tmp) / f"{name}.log", timeout_s=90) as url:
                target = f"{url}/{'' if name == 'overview' else name}"
                has_map = name in ("overview", "meeting", "water", "gaps")
                cold = _visit(browser, target, size, has_map)  # type: ignore[arg-type]
                warm = _visit(browser, target, size, has_map)  # type: ignore[arg-type]
            rows.append((name, cold, warm))
            say(f"{name}: cold {cold} warm {warm}")
        browser.close()

    def cell(value: float | None) -> str:
        return "—" if value is None else f"{value:5.1f}"

    say(f"\nfirst paint, seconds from navigation ({args.data.name}, {args.size}):")
    say(f"{'page':10} {'cold frame':>10} {'content':>8} {'map':>6} | {'warm frame':>10} {'content':>8} {'map':>6}")
    for name, cold, warm in rows:
        say(
            f"{name:10} {cell(cold['frame']):>10} {cell(cold['content']):>8} {cell(cold['map']):>6} | "
            f"{cell(warm['frame']):>10} {cell(warm['content']):>8} {cell(warm['map']):>6}"
        )


if __name__ == "__main__":
    main()
