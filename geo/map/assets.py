"""The map's JavaScript and CSS, served from the app itself: the offline half of the web map.

folium loads Leaflet, jQuery, Bootstrap and Font Awesome from public CDNs by default; county
intranets cannot reach them. The files the map needs are vendored in ``static/vendor`` (see its
README for versions, licences and checksums) and Streamlit serves that folder at
``/app/static/vendor``. This module names those files and can inline them for a single-file HTML
map (tests/test_webmap.py checks that a page fetches nothing from outside).
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import folium

VENDOR_DIR = Path(__file__).resolve().parents[2] / "static" / "vendor"
DEFAULT_ASSET_BASE = "/app/static/vendor"
LEAFLET_VERSION = "1.9.4"
MEASURE_VERSION = "3.1.0"
MARKERCLUSTER_VERSION = "1.5.3"
# Leaflet.markercluster, loaded only by maps with a clustered layer (the gap list's points).
CLUSTER_JS: tuple[tuple[str, str], ...] = (
    ("leaflet_markercluster", f"leaflet.markercluster/{MARKERCLUSTER_VERSION}/leaflet.markercluster.js"),
)
CLUSTER_CSS: tuple[tuple[str, str], ...] = (
    ("markercluster_css", f"leaflet.markercluster/{MARKERCLUSTER_VERSION}/MarkerCluster.css"),
    ("markercluster_default_css", f"leaflet.markercluster/{MARKERCLUSTER_VERSION}/MarkerCluster.Default.css"),
)
OFFLINE_JS: tuple[tuple[str, str], ...] = (("leaflet", f"leaflet/{LEAFLET_VERSION}/leaflet.js"),)
OFFLINE_CSS: tuple[tuple[str, str], ...] = (
    ("leaflet_css", f"leaflet/{LEAFLET_VERSION}/leaflet.css"),
    ("leaflet_measure_css", f"leaflet-measure/{MEASURE_VERSION}/leaflet-measure.css"),
)
# leaflet-measure is built once per language; its own texts (测量, 完成测量 …) come with the build.
MEASURE_JS = {
    "zh": f"leaflet-measure/{MEASURE_VERSION}/leaflet-measure.cn.js",
    "en": f"leaflet-measure/{MEASURE_VERSION}/leaflet-measure.en.js",
}


def vendored_js(lang: str = "zh") -> tuple[tuple[str, str], ...]:
    """(name, path under ``static/vendor``) of the JavaScript a map in ``lang`` loads, in load order."""
    return (*OFFLINE_JS, ("leaflet_measure", MEASURE_JS.get(lang, MEASURE_JS["en"])))


def offline_assets(
    asset_base: str = DEFAULT_ASSET_BASE, *, lang: str = "zh"
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The (name, URL) lists of JavaScript and CSS the map loads, all from ``asset_base``."""
    base = asset_base.rstrip("/")
    return [(n, f"{base}/{p}") for n, p in vendored_js(lang)], [(n, f"{base}/{p}") for n, p in OFFLINE_CSS]


def cluster_assets(asset_base: str = DEFAULT_ASSET_BASE) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The (name, URL) lists of Leaflet.markercluster's JavaScript and CSS, from ``asset_base``."""
    base = asset_base.rstrip("/")
    return [(n, f"{base}/{p}") for n, p in CLUSTER_JS], [(n, f"{base}/{p}") for n, p in CLUSTER_CSS]


def _png_url(path: Path) -> str:
    return f"url(data:image/png;base64,{base64.b64encode(path.read_bytes()).decode()})"


def _inline_images(css: str, folder: Path) -> str:
    """``css`` with each ``url(images/….png)`` (or ``assets/``, quoted or not) replaced by the PNG as a data URL."""
    return re.sub(
        r"""url\(["']?((?:images|assets)/[\w.@-]+\.png)["']?\)""", lambda m: _png_url(folder / m.group(1)), css
    )


def standalone_html(fmap: folium.Map, *, asset_base: str = DEFAULT_ASSET_BASE) -> str:
    """The map as one self-contained HTML file (Leaflet inlined), e.g. to open on an offline laptop."""
    page = fmap.get_root().render()
    base = asset_base.rstrip("/")
    for rel in (*(p for _, p in OFFLINE_JS), *MEASURE_JS.values(), *(p for _, p in CLUSTER_JS)):
        code = (VENDOR_DIR / rel).read_text(encoding="utf-8").replace("</script", "<\\/script")
        page = page.replace(f'<script src="{base}/{rel}"></script>', f"<script>{code}</script>")
    for _, rel in (*OFFLINE_CSS, *CLUSTER_CSS):
        css = (VENDOR_DIR / rel).read_text(encoding="utf-8")
        css = _inline_images(css, (VENDOR_DIR / rel).parent)
        page = page.replace(f'<link rel="stylesheet" href="{base}/{rel}"/>', f"<style>{css}</style>")
    return page
