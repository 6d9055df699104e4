"""The web map's limits and tools: finite zoom levels, panning near the county, wheel guard, vendored measure tool."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest

from geo.map import assets
from geo.map.content import MapContent, escape, prepare_map
from geo.map.controls import MAX_ZOOM, MIN_ZOOM, max_bounds
from geo.map.folium_map import build_map
from layers.registry import LAYER_KINDS
from tests.helpers_app import mini_county
from tests.test_webmap import external_urls

MEASURE_SHA256 = {  # npm leaflet-measure@3.1.0 (dist.shasum 97777c206a1f8e1ee5a260ffb4128db18fce9cd0)
    "leaflet-measure.cn.js": "e550726f9221c7395d60a8671aac403aad3665be18c20eb17d9dd91a61544990",
    "leaflet-measure.en.js": "8832fadf93bbe1b8de557fbdafa9e10228f1544fc17e42ac29fac4debec968f2",
    "leaflet-measure.css": "bf2e362d3c92d872b8291455fc36b0a07a54600491772408c50c1b3f0025ecbf",
}


@pytest.fixture(scope="module")
def content() -> MapContent:
    return prepare_map(mini_county(), list(LAYER_KINDS.values()), lang="zh")


def test_max_bounds_add_the_extent_on_each_side() -> None:
    # 1° × 2° extent: 1° of latitude and 2° of longitude more on each side.
    assert max_bounds([[29.0, 117.0], [30.0, 119.0]]) == [[28.0, 115.0], [31.0, 121.0]]
    # A tiny extent (one village) still gets 0.05° around it.
    assert max_bounds([[29.0, 117.0], [29.0, 117.0]]) == [[28.95, 116.95], [29.05, 117.05]]


def test_zoom_is_limited_and_the_wheel_waits_for_focus(content: MapContent) -> None:
    page = build_map(content).get_root().render()
    assert f'"maxZoom": {MAX_ZOOM}' in page
    assert f'"minZoom": {MIN_ZOOM}' in page
    assert '"scrollWheelZoom": false' in page
    assert '"maxBounds"' in page
    assert "scrollWheelZoom.enable()" in page
    assert "点击地图后可用滚轮缩放" in page


def test_a_focused_view_keeps_the_county_as_its_panning_extent(content: MapContent) -> None:
    zoomed = replace(content, bounds=[[29.0, 117.0], [29.001, 117.001]])
    page = build_map(zoomed).get_root().render()
    (south, _west), (_north, east) = max_bounds(content.bounds)
    assert f"{south}" in page
    assert f"{east}" in page


def test_measure_tool_is_vendored_and_follows_the_language(content: MapContent) -> None:
    for name, digest in MEASURE_SHA256.items():
        path = assets.VENDOR_DIR / "leaflet-measure" / assets.MEASURE_VERSION / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    zh = build_map(content).get_root().render()
    assert "leaflet-measure.cn.js" in zh
    assert "new L.Control.Measure(" in zh
    assert '"display":"亩"' in zh
    en = build_map(replace(content, lang="en")).get_root().render()
    assert "leaflet-measure.en.js" in en
    assert '"display":"mu"' in en
    assert external_urls(zh) == external_urls(en) == []
    assert "new L.Control.Measure(" not in build_map(content, tools=False).get_root().render()


def test_standalone_html_inlines_the_measure_tool_and_its_icons(content: MapContent) -> None:
    html = assets.standalone_html(build_map(content))
    assert "leaflet-measure.cn.js" not in html
    assert "L.Control.Measure=" in html or "L.Control.Measure =" in html
    assert "assets/rulers.png" not in html  # the icons are data URLs


def test_township_labels_sit_inside_their_township_largest_first() -> None:
    from shapely.geometry import Point

    county = mini_county()
    content = prepare_map(county, list(LAYER_KINDS.values()))
    towns = county.layers["townships"].to_crs(4490)
    areas = towns.to_crs(3857).area.to_numpy()
    names = towns["name"].astype(str).tolist()
    # Labels come largest township first: the order the map keeps them when they collide.
    expected = [names[i] for i in sorted(range(len(names)), key=lambda i: -areas[i])]
    assert [label for *_, label in content.labels] == [escape(n) for n in expected]
    for lat, lon, label in content.labels:
        town = towns.geometry.iloc[[escape(n) for n in names].index(label)]
        assert town.contains(Point(lon, lat))  # inside, even where a seat sits on the border


def test_labels_are_decluttered_and_the_scale_is_metric(content: MapContent) -> None:
    page = build_map(content).get_root().render()
    assert 'querySelectorAll(".rcm-town-label")' in page
    assert "imperial: false" in page
