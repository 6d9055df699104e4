"""Render benchmark of the dashboard's maps: build time, payload and time to first render in Chromium.

Two parts:

* ``app`` — the real app (``streamlit run app.py``) on a dataset (the demo county by default),
  opened in headless Debian Chromium with the network closed: the overview and the meeting view,
  each opened twice in fresh browser contexts (first visit: the server loads the data, runs
  the report and builds the map; repeat visit: from Streamlit's caches). Measured: seconds from
  navigation to the first headline card and to the map drawn (legend, canvas and relief
  loaded), and the bytes received over the websocket (the page, the map HTML included) and HTTP.
* ``map`` — the map alone, for the demo county and for a province-sized admin-village layer
  (~20,000 polygons): the overview map (every layer of the dataset) and the meeting map
  (villages coloured by a target) are built with the same functions the pages call, written
  as self-contained HTML (Leaflet inlined) and opened in Chromium from disk. Measured: server
  seconds to prepare (simplify, popups, relief) and to render the HTML, HTML size, browser
  seconds to first paint (navigation start → two animation frames after load), a 300-pixel pan
  redraw, JS heap; and seconds to export the printable A4 map (PNG and PDF) with the page size.

The province layer is generated here, deterministically: Voronoi cells of 20,000 seeds in a
300 × 300 km square (1,000 townships), their borders densified to 50 m and displaced by a smooth
field of ±40 m, so a village has ~170 vertices, like the anchor measurements in
shared/research/perf-anchors.md (real village boundaries are often denser still). The
displacement depends only on the position, so neighbouring villages keep a shared border.

Usage::

    .venv/bin/python bench/render_bench.py                 # both parts, demo county and province
    .venv/bin/python bench/render_bench.py --part map --villages 5000
    .venv/bin/python bench/render_bench.py --part app --data some_county.gpkg

Figures are printed as tables and written to ``bench/out/render.json``. Timings are medians of
``--repeat`` fresh browser loads (default 3). Chromium: ``/usr/bin/chromium`` (Debian), software
rendering, no GPU.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit.logger  # noqa: E402

streamlit.logger.set_log_level("error")  # views._shared defines cached loaders; outside `streamlit run` they only warn

from geo.analysis.catalog import CATALOG  # noqa: E402
from geo.analysis.report import run_report  # noqa: E402
from geo.core.store import Dataset  # noqa: E402
from geo.io.plan_context import every_target  # noqa: E402
from geo.map import assets  # noqa: E402
from geo.map.content import prepare_map  # noqa: E402
from geo.map.folium_map import build_map  # noqa: E402
from geo.map.meeting import MEETING_LAYERS, meeting_content  # noqa: E402
from geo.map.printed import MapSheet, meeting_map  # noqa: E402
from layers.registry import LAYER_KINDS, load_dataset  # noqa: E402
from tests.streamlit_server import streamlit_server  # noqa: E402
from views._shared import MAP_LAYERS_SHOWN  # noqa: E402

DEMO = ROOT / "data" / "demo" / "fuliang_demo.gpkg"
OUT = ROOT / "bench" / "out"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--enable-precise-memory-info",
]
VIEWPORT = {"width": 1600, "height": 1000}
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 300_000
GK_EPSG = 4547  # CGCS2000 / 3-degree Gauss-Kruger CM 114E
X0, Y0, SIZE = 350_000.0, 2_900_000.0, 300_000.0
SEED = 20261123
MEETING_TARGET = "economy_collective_income_2025"  # needs only the admin villages: runs on a village layer alone


# --- the province admin-village layer -------------------------------------------------------


def _displace(xy: np.ndarray, amplitude: float = 40.0) -> np.ndarray:
    """A smooth displacement field (metres) that depends only on position: shared borders stay shared."""
    x, y = xy[:, 0], xy[:, 1]
    dx = amplitude * (0.6 * np.sin(y / 137.0 + 0.3) * np.cos(x / 211.0) + 0.4 * np.sin((x + y) / 89.0))
    dy = amplitude * (0.6 * np.cos(x / 151.0 - 0.7) * np.sin(y / 193.0) + 0.4 * np.cos((x - y) / 97.0))
    return np.column_stack([x + dx, y + dy])


def province_villages(villages: int = 20_000, townships: int = 1_000, *, seed: int = SEED) -> Dataset:
    """Townships and admin villages of a synthetic province (EPSG:4490), ~170 vertices per village."""
    rng = np.random.default_rng(seed)
    seeds = np.column_stack([X0 + rng.uniform(0, SIZE, villages), Y0 + rng.uniform(0, SIZE, villages)])
    frame = shapely.box(X0, Y0, X0 + SIZE, Y0 + SIZE)
    cells = shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=frame, ordered=True)
    cells = shapely.intersection(shapely.get_parts(cells), frame)
    cells = shapely.transform(shapely.segmentize(cells, 50.0), _displace)
    # Neighbours compute their shared border from opposite ends: snap to 1 cm so it is exactly shared (a clean coverage).
    cells = shapely.set_precision(cells, 0.01)
    town_seeds = np.column_stack([X0 + rng.uniform(0, SIZE, townships), Y0 + rng.uniform(0, SIZE, townships)])
    town_of = cKDTree(town_seeds).query(seeds)[1]
    town_codes = np.char.add("43", np.char.zfill((1_000_000 + town_of).astype(str), 7))
    counter = pd.Series(town_of).groupby(town_of).cumcount().to_numpy() + 1
    village_codes = np.char.add(town_codes, np.char.zfill(counter.astype(str), 3))
    population = rng.integers(300, 4_000, villages)
    admin = gpd.GeoDataFrame(
        {
            "village_code": village_codes,
            "name": np.char.add("村", village_codes.astype(str)),
            "town_code": town_codes,
            "households": population // 3,
            "population": population,
            "is_former_poor": rng.random(villages) < 0.2,
            "is_key_village": rng.random(villages) < 0.1,
            "collective_income_yuan": np.round(rng.lognormal(np.log(160_000), 0.45, villages), -2),
        },
        geometry=cells,
        crs=GK_EPSG,
    )
    towns = admin[["town_code", "geometry"]].dissolve("town_code", method="coverage").reset_index()
    towns["name"] = np.char.add("乡镇", towns["town_code"].to_numpy().astype(str))
    towns["kind"] = "township"
    return Dataset(
        layers={"townships": towns.to_crs(4490), "admin_villages": admin.to_crs(4490)}, source="province (synthetic)"
    )


# --- Chromium ---------------------------------------------------------------------------------


@contextmanager
def chromium() -> Iterator[object]:
    """Headless Debian Chromium through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _offline(route) -> None:  # type: ignore[no-untyped-def]
    url = urlparse(route.request.url)
    if url.scheme in ("data", "blob", "file") or url.hostname in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        route.abort()


FIRST_PAINT_JS = (
    """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now()))))"""
)
PAN_JS = """() => new Promise(done => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    const start = performance.now();
    map.panBy([300, 0], {animate: false});
    requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start)));
})"""
COUNT_JS = """() => { const map = Object.values(window).find(v => v instanceof L.Map); let n = 0;
    map.eachLayer(l => { if (l instanceof L.Path) n++; }); return n; }"""


def browse_file(browser, html: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Open a map file in a fresh context: first paint, pan redraw, JS heap, features drawn."""
    context = browser.new_context(viewport=VIEWPORT)
    context.route("**/*", _offline)
    page = context.new_page()
    try:
        page.goto(html.as_uri(), wait_until="load", timeout=TIMEOUT_MS)
        painted_ms = page.evaluate(FIRST_PAINT_JS)
        pan_ms = page.evaluate(PAN_JS)
        heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : 0")
        return {"paint_s": painted_ms / 1000, "pan_ms": pan_ms, "heap_mb": heap / 1e6, "paths": page.evaluate(COUNT_JS)}
    finally:
        context.close()


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


# --- part "map" -------------------------------------------------------------------------------


def _timed(function: Callable[[], object]) -> tuple[object, float]:
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def map_bench(label: str, dataset: Dataset, browser, *, repeat: int, workdir: Path) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Overview and meeting maps of ``dataset``: build, payload, Chromium paint; and the A4 export."""
    kinds = [k for name, k in LAYER_KINDS.items() if name in dataset.layers]
    targets = every_target(catalog=CATALOG)
    report, report_s = _timed(lambda: run_report(dataset, {MEETING_TARGET: targets[MEETING_TARGET]}, checks={}))
    target = targets[MEETING_TARGET]
    villages = len(dataset.layers["admin_villages"])
    vertices = int(shapely.get_num_coordinates(dataset.layers["admin_villages"].geometry.values).sum())
    rows = []
    builders = {
        "overview": lambda: prepare_map(dataset, kinds, shown=MAP_LAYERS_SHOWN),
        "meeting": lambda: meeting_content(
            dataset,
            [LAYER_KINDS[n] for n in MEETING_LAYERS if n in dataset.layers],
            target=target,
            indicators=report.indicators,
        ),  # type: ignore[attr-defined]
    }
    for view, build in builders.items():
        content, prepare_s = _timed(build)
        page, html_s = _timed(lambda c=content: assets.standalone_html(build_map(c)))  # type: ignore[arg-type]
        path = workdir / f"{label}_{view}.html"
        path.write_text(str(page), encoding="utf-8")
        runs = [browse_file(browser, path) for _ in range(repeat)]
        row = {
            "dataset": label,
            "view": view,
            "villages": villages,
            "village_vertices": vertices,
            "features": content.feature_count,
            "prepare_s": prepare_s,
            "html_s": html_s,  # type: ignore[attr-defined]
            "html_mb": path.stat().st_size / 1e6,
            **_median(runs),
        }
        if view == "meeting":
            row["report_s"] = report_s
        rows.append(row)
    sheet = MapSheet(title=f"{label} · {target.title_zh}", source=label, made=date.today())
    printed, print_s = _timed(lambda: meeting_map(dataset, sheet, target=target, indicators=report.indicators))  # type: ignore[attr-defined]
    rows.append(
        {
            "dataset": label,
            "view": "print A4",
            "villages": villages,
            "village_vertices": vertices,
            "print_s": print_s,
            "png_kb": len(printed.png) / 1e3,
            "pdf_kb": len(printed.pdf) / 1e3,
        }
    )  # type: ignore[attr-defined]
    return rows


# --- part "app" -------------------------------------------------------------------------------


@contextmanager
def app_server(data: Path) -> Iterator[str]:
    """``streamlit run app.py`` on ``data`` on a free port; stopped afterwards. The log is kept in a
    temporary folder, so a failed start can be read."""
    with streamlit_server(data, Path(tempfile.mkdtemp(prefix="rcm-bench-")) / "server.log", timeout_s=60) as url:
        yield url


def visit(browser, url: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """One page visit: seconds to the first card and to the map drawn; bytes received."""
    received = {"ws": 0, "http": 0}
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", service_workers="block")
    context.route("**/*", _offline)
    page = context.new_page()
    page.on(
        "requestfinished",
        lambda request: received.__setitem__("http", received["http"] + max(request.sizes()["responseBodySize"], 0)),
    )
    page.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda payload: received.__setitem__("ws", received["ws"] + len(payload))),
    )
    try:
        start = time.monotonic()
        page.goto(url, timeout=TIMEOUT_MS)
        page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=TIMEOUT_MS)
        cards_s = time.monotonic() - start
        frame = page.frame_locator(MAP_IFRAME)
        frame.locator(".leaflet-control-layers .rcm-legend-head").wait_for(timeout=TIMEOUT_MS)
        frame.locator(".leaflet-overlay-pane canvas").wait_for(timeout=TIMEOUT_MS)
        inner = next(f for f in page.frames if "st_folium" in f.url)
        inner.wait_for_function(
            "() => { const i = document.querySelector('.leaflet-image-layer'); return !i || i.complete; }",
            timeout=TIMEOUT_MS,
        )
        inner.evaluate(FIRST_PAINT_JS)
        map_s = time.monotonic() - start
        page.wait_for_timeout(1500)  # late frames (fragment reruns) still count as payload
        paths = inner.evaluate(
            "() => { let n = 0; window.map.eachLayer(l => { if (l instanceof L.Path) n++; }); return n; }"
        )
        return {
            "cards_s": cards_s,
            "map_s": map_s,
            "ws_mb": received["ws"] / 1e6,
            "http_mb": received["http"] / 1e6,
            "paths": paths,
        }
    finally:
        context.close()


def app_bench(data: Path, browser) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Overview then meeting view, each a first and a repeat visit, on one fresh server."""
    rows = []
    with app_server(data) as url:
        for view, path in (("overview", "/"), ("meeting", "/meeting")):
            for visit_kind in ("first", "repeat"):
                rows.append({"dataset": data.name, "view": view, "visit": visit_kind, **visit(browser, url + path)})
    return rows


# --- output -------------------------------------------------------------------------------------


def table(rows: list[dict[str, object]]) -> str:
    """Rows as a Markdown table (numbers rounded for reading)."""
    columns = list(dict.fromkeys(key for row in rows for key in row))

    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
        return "" if value is None else str(value)

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "chromium": version,
        "load_1min": os.getloadavg()[0],
        "date": date.today().isoformat(),
    }


def say(*parts: object, flush: bool = False) -> None:
    """Progress and tables on standard output."""
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    if flush:
        sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("all", "app", "map"), default="all")
    parser.add_argument("--data", type=Path, default=DEMO, help="county GeoPackage (default: the demo county)")
    parser.add_argument(
        "--villages", type=int, default=20_000, help="admin villages of the synthetic province (0: skip it)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="browser loads per map file (median)")
    parser.add_argument("--out", type=Path, default=OUT / "render.json")
    args = parser.parse_args()

    results: dict[str, object] = {"machine": machine()}
    say(json.dumps(results["machine"], ensure_ascii=False))
    with chromium() as browser, tempfile.TemporaryDirectory() as tmp:
        if args.part in ("all", "app"):
            rows = app_bench(args.data.resolve(), browser)
            results["app"] = rows
            say("\n## App (streamlit run app.py, Chromium)\n" + table(rows), flush=True)
        if args.part in ("all", "map"):
            rows = map_bench(args.data.stem, load_dataset(args.data), browser, repeat=args.repeat, workdir=Path(tmp))
            if args.villages:
                province, made_s = _timed(lambda: province_villages(args.villages, max(args.villages // 20, 1)))
                say(f"\nprovince layer: {args.villages:,} villages generated in {made_s:.1f} s", flush=True)
                rows += map_bench(
                    f"province_{args.villages // 1000}k",
                    province,
                    browser,
                    repeat=args.repeat,  # type: ignore[arg-type]
                    workdir=Path(tmp),
                )
            results["map"] = rows
            say("\n## Maps alone (standalone HTML, Chromium)\n" + table(rows), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=float), encoding="utf-8")
    say(f"\nwritten {args.out}")


if __name__ == "__main__":
    main()
