"""The folium map: offline assets only, every layer toggleable, escaped popups, simplified geometry."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from datetime import datetime

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import CRS
from shapely.geometry import Polygon

from geo.core.schema import Column
from geo.core.store import Dataset
from geo.map import assets
from geo.map.content import (
    COORD_DECIMALS,
    GEOMETRY_RANK,
    Category,
    LayerContent,
    MapContent,
    format_value,
    prepare_map,
    simplify_for_web,
)
from geo.map.folium_map import build_map, layer_label_html, legend_head_html
from geo.map.style import LayerStyle
from layers.registry import LAYER_KINDS
from tests.helpers_app import mini_county

KINDS = list(LAYER_KINDS.values())
LEAFLET_JS_SHA256 = (
    "db49d009c841f5ca34a888c96511ae936fd9f5533e90d8b2c4d57596f4e5641a"  # npm leaflet@1.9.4 dist/leaflet.js
)
MARKERCLUSTER_JS_SHA256 = "1e4e1d22972a3926f48598e0caf14e3fe7049835d428a344fed4f9e3665b3508"  # npm 1.5.3
_URL_ATTR = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def external_urls(page: str) -> list[str]:
    """URLs of scripts, stylesheets and images in ``page`` that point outside the app (http, https, //)."""
    return [u for u in _URL_ATTR.findall(page) if re.match(r"^(https?:)?//", u, re.IGNORECASE)]


@pytest.fixture(scope="module")
def county() -> Dataset:
    return mini_county()


@pytest.fixture(scope="module")
def content(county: Dataset) -> MapContent:
    return prepare_map(county, KINDS, lang="zh")


@pytest.fixture(scope="module")
def page(content: MapContent) -> str:
    return build_map(content).get_root().render()


def test_vendored_leaflet_is_the_published_release() -> None:
    for _, rel in (*assets.OFFLINE_JS, *assets.OFFLINE_CSS):
        assert (assets.VENDOR_DIR / rel).is_file(), rel
    leaflet = (assets.VENDOR_DIR / assets.OFFLINE_JS[0][1]).read_bytes()
    assert hashlib.sha256(leaflet).hexdigest() == LEAFLET_JS_SHA256
    assert (assets.VENDOR_DIR / f"leaflet/{assets.LEAFLET_VERSION}/images/layers.png").is_file()


def test_page_loads_nothing_from_outside_the_app(page: str) -> None:
    assert external_urls(page) == []
    assert f'src="/app/static/vendor/leaflet/{assets.LEAFLET_VERSION}/leaflet.js"' in page
    assert "cdn.jsdelivr" not in page
    assert "code.jquery.com" not in page
    assert "bootstrap" not in page.lower()


def test_asset_base_follows_the_server_path(content: MapContent) -> None:
    page = build_map(content, asset_base="/rcm/app/static/vendor/").get_root().render()
    assert f'src="/rcm/app/static/vendor/leaflet/{assets.LEAFLET_VERSION}/leaflet.js"' in page


def test_external_urls_finds_cdn_references() -> None:
    html = (
        '<script src="https://cdn.example.com/a.js"></script><link rel="stylesheet" href="//x.org/b.css"/>'
        '<script src="/app/static/vendor/c.js"></script><img src="data:image/png;base64,AA">'
    )
    assert external_urls(html) == ["https://cdn.example.com/a.js", "//x.org/b.css"]


def test_default_folium_map_would_use_cdns() -> None:
    # The reason this module exists: a plain folium map is not offline.
    assert external_urls(folium.Map(tiles=None).get_root().render())


def test_every_layer_is_a_toggleable_group_drawn_on_canvas(content: MapContent, page: str) -> None:
    assert {layer.name for layer in content.layers} == set(LAYER_KINDS)
    for kind in KINDS:  # each title is in the layer switch (folium writes its names as ASCII JSON)
        assert json.dumps(kind.schema.title_zh)[1:-1] in page
    assert '"preferCanvas": true' in page
    assert "L.control.layers" in page
    assert page.count("L.featureGroup(") >= len(LAYER_KINDS)
    assert "L.imageOverlay(" in page  # the DEM relief base layer
    assert "tile.openstreetmap.org" not in page  # online tiles only on request


def test_points_are_drawn_above_lines_above_areas(content: MapContent) -> None:
    ranks = [GEOMETRY_RANK[layer.geometry] for layer in content.layers]
    assert ranks == sorted(ranks)


def test_user_text_is_escaped_everywhere(content: MapContent, page: str) -> None:
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    # Not raw, and not JSON-escaped as \u003c either (JavaScript would decode that back to "<").
    assert "<script>alert" not in page
    assert "\\u003cscript" not in page.lower()
    assert escaped in page  # tooltip and popup data: the text, harmless
    assert "\\u0026lt;script\\u0026gt;alert" in page  # the township label, JSON-encoded by folium
    assert any(escaped in label for *_, label in content.labels)  # township label
    naturals = next(layer for layer in content.layers if layer.name == "natural_villages")
    values = [v for c in naturals.categories for f in c.geojson["features"] for v in f["properties"]]
    assert escaped in values
    assert all("<" not in v for v in values)


def test_legend_is_the_layer_switch_and_bilingual(county: Dataset, content: MapContent, page: str) -> None:
    labels = {layer.name: layer_label_html(layer) for layer in content.layers}
    assert "供水方式" in labels["natural_villages"]
    assert "集中供水" in labels["natural_villages"]
    assert "茶叶" in labels["farm_plots"]
    assert "油茶" in labels["farm_plots"]
    assert "水泥" not in labels["roads"]  # no cement road in this county: only categories present are listed
    assert "rcm-sw rcm-pt" in labels["water_works"]  # one colour: one swatch before the title
    assert legend_head_html("zh").startswith('<div class="rcm-legend-head">图例')
    english = prepare_map(county, KINDS, lang="en")
    assert "Legend" in legend_head_html("en")
    assert "Water supply" in layer_label_html(next(x for x in english.layers if x.name == "natural_villages"))
    assert "sortFunction" in page  # the top-most layer is listed first
    assert '"\\u003cdiv class=\\"rcm-legend-head' not in page  # heading passed as compact JSON
    assert '"<div class=\\"rcm-legend-head\\">图例' in page


def test_popups_show_labels_and_value_labels(content: MapContent) -> None:
    roads = next(layer for layer in content.layers if layer.name == "roads")
    assert roads.aliases[:3] == ["路线名称", "路段编号", "行政等级"]
    first = roads.categories[0].geojson["features"][0]["properties"]
    assert first[0] == "县道一"  # the tooltip: the road's name
    assert first[1:4] == ["县道一", "R1", "县道"]
    assert first[5] == "沥青"


@pytest.mark.parametrize(
    ("value", "column", "lang", "expected"),
    [
        (None, None, "zh", "—"),
        (float("nan"), None, "zh", "—"),
        (pd.NA, None, "en", "—"),
        (True, None, "zh", "是"),
        (False, None, "en", "no"),
        (1234567, None, "zh", "1,234,567"),
        (2.5, None, "zh", "2.5"),
        (3.0, None, "zh", "3"),
        (datetime(2024, 5, 1, 8, 0), None, "zh", "2024-05-01"),
        (
            "cement",
            Column("surface", "str", "路面", "Surface", allowed=("asphalt", "cement"), allowed_zh=("沥青", "水泥")),
            "zh",
            "水泥",
        ),
        (
            "camellia_oil",
            Column("crop", "str", "作物", "Crop", allowed=("camellia_oil",), allowed_zh=("油茶",)),
            "en",
            "camellia oil",
        ),
    ],
)
def test_format_value(value: object, column: Column | None, lang: str, expected: str) -> None:
    assert format_value(value, column, lang=lang) == expected


def _wiggly(x0: float, x1: float) -> Polygon:
    """A 1 km tall strip whose right edge zig-zags by 3 m every 10 m (a dense, real-looking border)."""
    ys = np.arange(0.0, 1000.0 + 1, 10.0)
    edge = [(x1 + (3.0 if i % 2 else 0.0), y) for i, y in enumerate(ys)]
    return Polygon([(x0, 0.0), *edge, (x0, 1000.0)])


def test_coverage_simplification_keeps_shared_borders_and_rounds() -> None:
    left = _wiggly(500_000.0, 500_500.0)
    right = shapely.box(500_000.0, 0.0, 501_500.0, 1000.0).difference(left)
    frame = gpd.GeoDataFrame(geometry=[left, right], crs=4548)
    frame = frame.set_geometry(frame.geometry.translate(yoff=3_250_000.0)).to_crs(4490)
    simplified = simplify_for_web(frame, metric_crs=CRS.from_epsg(4548), coverage=True)
    before = shapely.get_num_coordinates(frame.geometry.values).sum()
    after = shapely.get_num_coordinates(simplified.values).sum()
    assert after < before / 3
    coords = shapely.get_coordinates(simplified.values)
    assert np.allclose(coords, np.round(coords, COORD_DECIMALS), atol=0, rtol=0)
    metric = simplified.to_crs(4548)
    assert metric.iloc[0].intersection(metric.iloc[1]).area < 1.0  # m²: no overlap where they meet
    assert metric.union_all().area == pytest.approx(1500 * 1000, rel=2e-3)  # and no gap


def test_relief_is_optional(county: Dataset) -> None:
    without_dem = Dataset(layers=county.layers, rasters={}, source="no dem")
    content = prepare_map(without_dem, KINDS, lang="zh")
    assert content.relief_url is None
    assert "L.imageOverlay(" not in build_map(content).get_root().render()


def test_map_renders_without_reparsing_the_data(content: MapContent) -> None:
    # branca re-parses rendered scripts as Jinja templates; data layers are added verbatim,
    # so Jinja-like text in the data stays text and rendering stays fast.
    layer = LayerContent(
        "x",
        "x",
        "x",
        "Point",
        content.layers[0].style,
        [
            Category(
                "x",
                "#000000",
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "geometry": {"type": "Point", "coordinates": [117.0, 29.3]},
                            "properties": ["{{ 7 * 7 }}", "{% raw %}"],
                        }
                    ],
                },
            )
        ],
        ["a"],
        True,
        True,
    )
    page = build_map(MapContent("zh", content.bounds, [layer])).get_root().render()
    assert '["{{ 7 * 7 }}","{% raw %}"]' in page


def test_shown_layers_can_be_chosen(county: Dataset) -> None:
    content = prepare_map(county, KINDS, lang="zh", shown={"townships", "roads"})
    assert {layer.name for layer in content.layers if layer.shown} == {"townships", "roads"}
    page = build_map(content).get_root().render()
    assert len(re.findall(r"feature_group_\w+\.addTo\(map_\w+\)", page)) == 2  # hidden groups are only in the switch


def test_online_base_maps_only_on_request_and_never_gcj02(content: MapContent) -> None:
    page = build_map(content, basemaps=("osm",)).get_root().render()
    assert "tile.openstreetmap.org" in page
    without_key = build_map(content, basemaps=("tianditu_vec",)).get_root().render()
    assert "tianditu" not in without_key
    with_key = build_map(content, basemaps=("tianditu_img",), tianditu_key="KEY").get_root().render()
    assert "T=img_w" in with_key
    assert "T=cia_w" in with_key
    assert "tk=KEY" in with_key
    with pytest.raises(ValueError, match="GCJ-02"):
        build_map(content, basemaps=("amap",))


def test_standalone_html_inlines_leaflet(content: MapContent) -> None:
    html = assets.standalone_html(build_map(content))
    assert external_urls(html) == []
    assert "/app/static/vendor" not in html
    assert re.search(r"url\(data:image/png;base64,", html)


def test_payload_is_small_for_a_county(content: MapContent, page: str) -> None:
    assert content.feature_count == sum(len(f) for f in mini_county().layers.values())
    assert len(page) < 400_000


def test_polygons_that_are_no_clean_coverage_fall_back_to_plain_simplification(monkeypatch: pytest.MonkeyPatch) -> None:
    # GEOS refuses coverage simplification on real boundaries that are not perfectly noded
    # ("point array must contain 0 or >1 elements"); the map must still be drawn.
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise shapely.errors.GEOSException("IllegalArgumentException: point array must contain 0 or >1 elements")

    monkeypatch.setattr(shapely, "coverage_simplify", refuse)
    left = _wiggly(500_000.0, 500_500.0)
    frame = gpd.GeoDataFrame(geometry=[left], crs=4548).to_crs(4490)
    simplified = simplify_for_web(frame, metric_crs=CRS.from_epsg(4548), coverage=True)
    assert (
        shapely.get_num_coordinates(simplified.values).sum()
        < shapely.get_num_coordinates(frame.geometry.values).sum() / 3
    )
    assert simplified.to_crs(4548).iloc[0].area == pytest.approx(left.area, rel=5e-3)


def test_markercluster_is_vendored_and_loaded_only_by_a_clustered_map() -> None:
    for _, rel in (*assets.CLUSTER_JS, *assets.CLUSTER_CSS):
        assert (assets.VENDOR_DIR / rel).is_file(), rel
    code = (assets.VENDOR_DIR / assets.CLUSTER_JS[0][1]).read_bytes()
    assert hashlib.sha256(code).hexdigest() == MARKERCLUSTER_JS_SHA256
    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [117.2, 29.3]}, "properties": ["a", "a"]}
    points = Category("x", "#c62828", {"type": "FeatureCollection", "features": [point]})
    layer = LayerContent("gaps_point", "点", "点", "Point", LayerStyle(color="#ffffff"), [points], ["名称"], True, True)
    content = MapContent("zh", [[29.0, 117.0], [29.6, 117.6]], [layer])
    plain = build_map(content).get_root().render()
    assert "markercluster" not in plain
    clustered = build_map(replace(content, layers=[replace(layer, cluster=True)])).get_root().render()
    assert f"leaflet.markercluster/{assets.MARKERCLUSTER_VERSION}/leaflet.markercluster.js" in clustered
    assert "L.markerClusterGroup(" in clustered
    assert '"maxZoom": 17' in clustered  # markercluster refuses a map without maxZoom (geo.map.controls: 17)
