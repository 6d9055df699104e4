"""The printable meeting map: PNG/PDF bytes, the texts a printed map needs, scale bar, north arrow, drill-down.

Drawn on the hand-made county of ``tests/helpers_app.py`` (two 4 × 4 km townships side by side,
one admin village each), in the Gauss-Krüger zone EPSG:4548 (central meridian 117°E).
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import example, given
from hypothesis import strategies as st
from matplotlib.text import Text
from PIL import Image
from pyproj import CRS
from shapely.geometry import Polygon

from geo.analysis.rollup import UNIT_COLUMNS
from geo.core.store import Dataset
from geo.core.targets import Source, Target
from geo.map import choropleth, fonts, palette
from geo.map.fonts import CJK_FONT_FILES, FALLBACK_FAMILY, find_cjk_family, font_family, wrap_text
from geo.map.meeting import MEETING_LAYERS, coarsen_polygons, meeting_content
from geo.map.print_marks import grid_convergence_deg, length_label, nice_length
from geo.map.printed import MapSheet, PrintedMap, figure_bytes, meeting_figure, meeting_map
from tests.helpers_app import HOSTILE, mini_county

MADE = date(2026, 1, 2)
T1, T2 = "360222100", "360222101"
V1, V2 = "360222100201", "360222101201"
TARGET = Target(
    id="g4_test",
    indicator="telecom.g4_admin_villages",
    title_zh="行政村通4G",
    title_en="4G in every admin village",
    comparison=">=",
    threshold=1.0,
    deadline=2025,
    level="admin_village",
    bureau="县工信局",
    source=Source(seed="000.txt", plan="测试规划", quote="行政村4G全覆盖"),
    unit="share",
)
DPI = 50  # small pictures: the tests check content, not looks


def indicators(v1: float, v2: float) -> pd.DataFrame:
    """The report's indicator rows of TARGET for the two villages (value, verdict) and the county."""
    rows = [
        {
            "indicator_id": TARGET.indicator,
            "target_id": TARGET.id,
            "level": "admin_village",
            "unit_code": code,
            "unit_name": name,
            "value": value,
            "target": 1.0,
            "met": value >= 1.0,
            "numerator": value,
            "denominator": 1.0,
            "population": 100,
        }
        for code, name, value in ((V1, "一村", v1), (V2, "二村", v2))
    ]
    rows.append(
        {**rows[0], "level": "county", "unit_code": "county", "unit_name": "全县", "value": (v1 + v2) / 2, "met": False}
    )
    return pd.DataFrame(rows, columns=list(UNIT_COLUMNS))


def sheet(lang: str = "zh", **changes: object) -> MapSheet:
    values = {
        "title": "测试县 · 行政村通4G",
        "subtitle": "目标 ≥ 100%",
        "source": "mini.gpkg",
        "basis": "依据：测试规划",
        "as_of": date(2025, 12, 31),
        "made": MADE,
        "lang": lang,
        **changes,
    }
    return MapSheet(**values)  # type: ignore[arg-type]


def texts(figure) -> list[str]:  # type: ignore[no-untyped-def]
    return [text.get_text() for text in figure.findobj(Text)]


def pdf_string(pdf: bytes, key: str) -> str:
    """A text entry of the PDF's information dictionary (literal string, UTF-16 with BOM or Latin-1)."""
    start = pdf.index(f"/{key} (".encode()) + len(key) + 3
    raw, depth, i = bytearray(), 0, start
    while True:
        byte = pdf[i]
        if byte == 0x5C:  # backslash escape
            nxt = pdf[i + 1]
            octal = re.match(rb"[0-7]{1,3}", pdf[i + 1 : i + 4])
            if octal:
                raw.append(int(octal.group(), 8))
                i += 1 + len(octal.group())
                continue
            raw.append({0x6E: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12}.get(nxt, nxt))
            i += 2
            continue
        if byte == 0x28:
            depth += 1
        elif byte == 0x29:
            if depth == 0:
                break
            depth -= 1
        raw.append(byte)
        i += 1
    data = bytes(raw)
    return data[2:].decode("utf-16-be") if data.startswith(b"\xfe\xff") else data.decode("latin-1")


@pytest.fixture(scope="module")
def county():  # type: ignore[no-untyped-def]
    return mini_county()


@pytest.fixture(scope="module")
def printed(county) -> PrintedMap:  # type: ignore[no-untyped-def]
    return meeting_map(county, sheet(), target=TARGET, indicators=indicators(1.0, 0.92), dpi=DPI)


# --- numbers on the map ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limit", "expected"),
    [(1.0, 1.0), (2.3, 2.0), (7.9, 5.0), (999.0, 500.0), (1000.0, 1000.0), (19_000.0, 10_000.0), (25_400.0, 20_000.0)],
)
def test_scale_bar_lengths_are_round(limit: float, expected: float) -> None:
    assert nice_length(limit) == expected


@given(st.floats(min_value=0.01, max_value=1e7, allow_nan=False))
@example(9999999.999999998)  # log10 rounds this up to 7.0
def test_scale_bar_length_is_1_2_or_5_and_at_least_half_the_room(limit: float) -> None:
    length = nice_length(limit)
    assert length <= limit < length * 2.5
    mantissa = length / 10 ** np.floor(np.log10(length))
    assert round(mantissa, 9) in (1.0, 2.0, 5.0)


@pytest.mark.parametrize("limit", [0.0, -5.0, float("nan"), float("inf")])
def test_scale_bar_refuses_a_length_that_is_not_positive(limit: float) -> None:
    with pytest.raises(ValueError, match="positive length"):
        nice_length(limit)


def test_length_labels() -> None:
    assert length_label(500) == "500 米"
    assert length_label(2000) == "2 千米"
    assert length_label(2500, lang="en") == "2.5 km"
    assert length_label(200, lang="en") == "200 m"


def test_north_arrow_turns_by_the_grid_convergence() -> None:
    """γ ≈ Δλ · sin φ: zero on the central meridian, about −0.73° at 1.5° east of it at 29.3° N (true north leans west)."""
    crs = CRS.from_epsg(4548)  # CGCS2000 GK, CM 117°E, no zone prefix
    assert abs(grid_convergence_deg(crs, 500_000.0, 3_250_000.0)) < 1e-3
    x_east, y_east = 500_000.0 + 1.5 * 97_000, 3_250_000.0  # ~1.5° of longitude east of the CM at 29.3° N
    gamma = grid_convergence_deg(crs, x_east, y_east)
    assert gamma == pytest.approx(-1.5 * np.sin(np.radians(29.35)), abs=0.03)
    assert grid_convergence_deg(crs, 500_000.0 - 1.5 * 97_000, y_east) == pytest.approx(-gamma, abs=1e-6)


def test_wrap_counts_chinese_as_one_em_and_latin_as_half() -> None:
    assert wrap_text("一二三四五六七八九十", width_in=4 / 9, size_pt=8) == "一二三四\n五六七八\n九十"  # 4 em per line
    assert wrap_text("data source: demo file", width_in=7 / 9, size_pt=8) == "data source:\ndemo file"  # 12.7 letters


# --- the picture and the file ---------------------------------------------------------------


def test_png_is_an_a4_landscape_picture(printed: PrintedMap) -> None:
    assert printed.png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(printed.png))
    assert image.size == (int(11.69 * DPI), int(8.27 * DPI))
    assert image.info.get("Title") == "测试县 · 行政村通4G"
    colours = {tuple(c) for c in np.asarray(image.convert("RGB")).reshape(-1, 3)[::7]}
    assert tuple(int(palette.MET[i : i + 2], 16) for i in (1, 3, 5)) == (0xA6, 0xD0, 0xEC)
    assert (0xA6, 0xD0, 0xEC) in colours  # the "met" village is drawn in the met colour (unhatched)


def test_pdf_carries_title_source_and_date(printed: PrintedMap) -> None:
    pdf = printed.pdf
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert 10_000 < len(pdf) < 3_000_000
    assert pdf_string(pdf, "Title") == "测试县 · 行政村通4G"
    assert pdf_string(pdf, "Keywords") == "mini.gpkg"
    assert pdf_string(pdf, "CreationDate").startswith("D:20260102")
    if font_family() != FALLBACK_FAMILY:
        assert b"/ToUnicode" in pdf  # the text is embedded as text (searchable, copyable), not as outlines


def test_figure_has_title_legend_scale_north_date_and_source(county) -> None:  # type: ignore[no-untyped-def]
    figure, facts = meeting_figure(county, sheet(), target=TARGET, indicators=indicators(1.0, 0.92))
    words = "\n".join(texts(figure))
    for expected in (
        "测试县 · 行政村通4G",
        "图例",
        "行政村通4G",
        "目标 ≥ 100.0%（2025 年）",
        "北",
        "制图日期：2026-01-02",
        "数据截至：2025-12-31",
        "数据来源：mini.gpkg",
        "依据：测试规划",
        "EPSG:4548",
        "1 千米",
        "1:42,000",
    ):
        assert expected in words, expected
    # 8 × 4 km county, padded 4 % each side → 8.64 km wide on a 0.70 × 11.69 in map: 1:41,569 → 1:42,000; bar 1 km ≤ 22 %
    assert facts["scale_bar_m"] == 1000.0
    assert facts["scale_denominator"] == 42_000
    assert facts["crs"] == "EPSG:4548"
    assert facts["counts"] == {
        "met": 1,
        "near": 1,
        "far": 0,
        "unjudged": 0,
        "none": 0,
    }  # 0.92 of 1.0: short by 8 % → near


def test_far_and_missing_villages(county) -> None:  # type: ignore[no-untyped-def]
    _, facts = meeting_figure(county, sheet(), target=TARGET, indicators=indicators(0.5, float("nan")))
    assert facts["counts"] == {"met": 0, "near": 0, "far": 1, "unjudged": 0, "none": 1}


def test_drill_down_narrows_the_extent_to_the_township(county, printed: PrintedMap) -> None:  # type: ignore[no-untyped-def]
    town = meeting_map(county, sheet(), target=TARGET, indicators=indicators(1.0, 0.92), town_codes=[T1], dpi=DPI)
    cx0, _, cx1, _ = printed.extent_m
    tx0, ty0, tx1, ty1 = town.extent_m
    assert tx1 - tx0 < (cx1 - cx0) * 0.7
    # township 1 is x 0–4 km of the county (500 000–504 000 m E): its box lies inside the drawn extent
    assert tx0 < 500_000
    assert tx1 > 504_000
    assert tx1 < 506_500
    assert ty0 < 3_250_000
    assert ty1 > 3_254_000
    assert town.counts == {"met": 1, "near": 0, "far": 0, "unjudged": 0, "none": 0}  # only its own village


def test_plain_layer_map_and_english(county) -> None:  # type: ignore[no-untyped-def]
    figure, facts = meeting_figure(county, sheet("en", title="Test county"))
    words = "\n".join(texts(figure))
    for expected in (
        "Legend",
        "Administrative village",
        "Natural village",
        "Rural road",
        "Township boundary",
        "N",
        "Map date: 2026-01-02",
        "Data source: mini.gpkg",
        "1 km",
    ):
        assert expected in words, expected
    assert facts["counts"] == {"villages": 2}


def test_hostile_and_dollar_names_are_printed_as_they_are(county) -> None:  # type: ignore[no-untyped-def]
    county.layers["admin_villages"].loc[county.layers["admin_villages"].index[0], "name"] = "$\\frac{1}$村"
    try:
        figure, _ = meeting_figure(county, sheet())
        words = texts(figure)
        assert HOSTILE in words
        assert "$\\frac{1}$村" in words
        figure_bytes(figure, "png", sheet(), dpi=DPI)  # a broken TeX string would raise here
    finally:
        county.layers["admin_villages"].loc[county.layers["admin_villages"].index[0], "name"] = "一村"


def test_target_without_indicators_is_refused(county) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="both target and indicators"):
        meeting_figure(county, sheet(), target=TARGET)


def test_unknown_format_is_refused(county) -> None:  # type: ignore[no-untyped-def]
    figure, _ = meeting_figure(county, sheet())
    with pytest.raises(ValueError, match="'png' or 'pdf'"):
        figure_bytes(figure, "svg", sheet())


def test_no_villages_in_scope_is_refused(county) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="no admin villages"):
        meeting_figure(county, sheet(), town_codes=["999999999"])


def test_without_a_cjk_font_the_map_still_prints_with_a_warning(county, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(fonts, "CJK_FONT_FILES", ())
    monkeypatch.setattr(fonts, "CJK_FAMILIES", ("No Such CJK Font",))
    font_family.cache_clear()
    try:
        with pytest.warns(UserWarning, match="fonts-noto-cjk"):
            figure, _ = meeting_figure(county, sheet("en", title="Test"))
        assert figure_bytes(figure, "png", sheet("en"), dpi=DPI).startswith(b"\x89PNG")
    finally:
        font_family.cache_clear()


def test_the_installed_noto_font_is_found() -> None:
    if not any(Path(p).is_file() for p in CJK_FONT_FILES):
        pytest.skip("fonts-noto-cjk is not installed")
    assert find_cjk_family() == "Noto Sans CJK SC"


# --- the on-screen meeting map ----------------------------------------------------------------


def test_meeting_content_colours_the_villages_and_drills_down(county) -> None:  # type: ignore[no-untyped-def]
    from layers.registry import LAYER_KINDS

    kinds = [LAYER_KINDS[name] for name in MEETING_LAYERS]
    plain = meeting_content(county, kinds)
    assert {layer.name for layer in plain.layers} == set(MEETING_LAYERS)
    assert all(layer.shown for layer in plain.layers)

    status = meeting_content(county, kinds, target=TARGET, indicators=indicators(1.0, 0.92))
    by_name = {layer.name: layer for layer in status.layers}
    assert set(by_name) == {
        "townships",
        "roads",
        choropleth.CHOROPLETH_LAYER,
    }  # coloured villages replace the plain ones
    coloured = by_name[choropleth.CHOROPLETH_LAYER]
    assert coloured.shown
    assert [(c.color, len(c.geojson["features"])) for c in coloured.categories] == [
        (choropleth.STATUS_COLORS["met"], 1),
        (choropleth.STATUS_COLORS["near"], 1),
    ]

    town = meeting_content(county, kinds, target=TARGET, indicators=indicators(1.0, 0.92), town_codes=[T2])
    coloured = {layer.name: layer for layer in town.layers}[choropleth.CHOROPLETH_LAYER]
    assert [(c.color, len(c.geojson["features"])) for c in coloured.categories] == [
        (choropleth.STATUS_COLORS["near"], 1)
    ]


def test_coarsening_follows_the_scale_and_keeps_shared_borders(county) -> None:  # type: ignore[no-untyped-def]
    """8 km wide / 4000 px = 2 m, below the web map's 20 m: unchanged. A zigzag border at 80 m tolerance: straightened, still shared."""
    crs = CRS.from_epsg(4548)
    assert coarsen_polygons(county, crs) is county

    # Two 2 × 4 km villages whose shared border zigzags ±10 m every 50 m (81 vertices on it).
    ys = np.arange(0, 4001, 50.0)
    border = [(2000.0 + (10.0 if i % 2 else -10.0), y) for i, y in enumerate(ys)]
    west = Polygon([(0, 0), *border, (0, 4000)])
    east = Polygon([(4000, 0), (4000, 4000), *reversed(border)])
    frame = gpd.GeoDataFrame({"village_code": [V1, V2], "town_code": [T1, T1]}, geometry=[west, east], crs=crs)
    frame = frame.set_geometry(frame.geometry.translate(500_000, 3_250_000)).to_crs(4490)
    coarse = coarsen_polygons(Dataset(layers={"admin_villages": frame}), crs, screen_px=50)  # 4 km / 50 = 80 m
    shapes = coarse.layers["admin_villages"].to_crs(crs).geometry
    assert shapely.get_num_coordinates(shapes.values).max() < 12  # the zigzag is gone
    assert shapes.area.sum() == pytest.approx(16e6, rel=1e-3)
    assert shapes.iloc[0].intersection(shapes.iloc[1]).area < 1.0  # no overlap: the border is still one line
    assert shapely.union_all(shapes.values).area == pytest.approx(16e6, rel=1e-3)  # and no gap
