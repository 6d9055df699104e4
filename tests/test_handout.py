"""The printed handout (geo.map.printed, geo.map.sheet_panel, geo.present.meeting) on the hand-made county.

The mini county: 甲镇 (T1) with 一村 (V1), and a hostile-named township (T2) with 二村 (V2).
TARGET is 4G in every admin village (≥ 100 %): V1 100 % (met), V2 92 % (near: 100 − 92 = 8 ≤ 10),
the county (100 + 92) / 2 = 96 %, the townships as their one village each.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest
from matplotlib.patches import Rectangle

from geo.map import printed
from geo.present import meeting as meeting_texts
from tests.helpers_app import HOSTILE, mini_county
from tests.test_print_map import MADE, T1, T2, TARGET, indicators, texts

NAMES = {T1: "甲镇", T2: HOSTILE}


def report_rows() -> pd.DataFrame:
    """TARGET's village and county rows, and a row per township (each its one village's value)."""
    rows = indicators(1.0, 0.92)
    towns = rows[rows["level"] == "admin_village"].assign(
        level="township", unit_code=[T1, T2], unit_name=["甲镇", HOSTILE]
    )
    return pd.concat([rows, towns], ignore_index=True)


@pytest.fixture(scope="module")
def county():  # type: ignore[no-untyped-def]
    return mini_county()


def sheet_for(county, town_codes=(), lang="zh"):  # type: ignore[no-untyped-def]
    villages = county.layers["admin_villages"]
    if town_codes:
        villages = villages[villages["town_code"].isin(town_codes)]
    return meeting_texts.meeting_sheet(
        TARGET,
        title="测试县 · 行政村通4G",
        source="mini.gpkg",
        as_of=date(2025, 12, 31),
        made=MADE,
        lang=lang,
        indicators=report_rows(),
        villages=villages,
        town_names=NAMES,
        town_codes=town_codes,
    )


def test_the_sheet_states_value_counts_lagging_and_plan(county) -> None:  # type: ignore[no-untyped-def]
    sheet = sheet_for(county)
    assert sheet.value_label == "全县指标值"
    assert sheet.value == "96.0%"  # (100 + 92) / 2
    assert sheet.counts == "达标 1 个村，接近 1 个村，差距较大 0 个村"
    assert sheet.ranking_title == "未达标乡镇（落后在前）"
    assert sheet.ranking == ((HOSTILE, "92.0%", "接近"),)  # 甲镇 is met: not listed
    assert "测试规划" in sheet.basis

    figure, _facts = printed.meeting_figure(county, sheet, target=TARGET, indicators=report_rows())
    words = "\n".join(texts(figure))
    for expected in (
        "全县指标值",
        "96.0%",
        "达标 1 个村，接近 1 个村",
        "未达标乡镇（落后在前）",
        f"1. {HOSTILE}",
        "92.0%",
    ):
        assert expected in words, expected
    assert "依据：测试规划" in words


def test_a_townships_sheet_ranks_its_villages_in_english(county) -> None:  # type: ignore[no-untyped-def]
    sheet = sheet_for(county, (T2,), lang="en")
    assert sheet.value_label == f"Value, {HOSTILE}"
    assert sheet.value == "92.0%"
    assert sheet.counts == "met 0 villages, near 1 villages, far 0 villages"
    assert sheet.ranking == (("二村", "92.0%", "near"),)
    everything_met = sheet_for(county, (T1,))
    assert everything_met.ranking == ()
    figure, _facts = printed.meeting_figure(
        county, everything_met, target=TARGET, indicators=report_rows(), town_codes=(T1,)
    )
    assert "全部达标。" in texts(figure)


def test_each_status_is_hatched_differently_on_paper(county) -> None:  # type: ignore[no-untyped-def]
    figure, _facts = printed.meeting_figure(county, sheet_for(county), target=TARGET, indicators=report_rows())
    hatches = {collection.get_hatch() for collection in figure.axes[0].collections}
    assert {None, "..."} <= hatches  # met plain, near dotted: a grey photocopy still tells them apart


def test_the_scale_bar_sits_below_the_map_not_on_it(county) -> None:  # type: ignore[no-untyped-def]
    figure, facts = printed.meeting_figure(county, sheet_for(county), target=TARGET, indicators=report_rows())
    miny = facts["extent_m"][1]
    bars = [patch for patch in figure.axes[0].patches if isinstance(patch, Rectangle)]
    assert len(bars) == 4  # the four segments, and no white box over the villages
    assert all(bar.get_y() + bar.get_height() < miny for bar in bars)


def test_the_atlas_has_a_page_per_township(county) -> None:  # type: ignore[no-untyped-def]
    pages = meeting_texts.atlas_sheets(
        TARGET,
        villages=county.layers["admin_villages"],
        town_names=NAMES,
        source="mini.gpkg",
        as_of=None,
        made=MADE,
        indicators=report_rows(),
    )
    assert [code for code, _sheet in pages] == [T1, T2]
    assert [sheet.value for _code, sheet in pages] == ["100.0%", "92.0%"]
    pdf = printed.atlas_pdf(county, pages, target=TARGET, indicators=report_rows())
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == len(county.layers["townships"]) == 2
    with pytest.raises(ValueError, match="图册"):
        printed.atlas_pdf(county, [], target=TARGET, indicators=report_rows())


def test_file_names_use_names_not_codes() -> None:
    assert meeting_texts.file_stem("会议用图", "浮梁县", "农村饮水集中供水率") == "会议用图_浮梁县_农村饮水集中供水率"
    assert meeting_texts.file_stem("meeting_map", "", "4G in a/b: village?") == "meeting_map_4G_in_a_b_village"
    assert "/" not in meeting_texts.file_stem("会议用图", HOSTILE, "x")
