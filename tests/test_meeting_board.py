"""The meeting board's view-model (geo.present.meeting_board) on a hand-made report: two townships, three villages."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.analysis.catalog import CATALOG
from geo.core.targets import Source, Target
from geo.map import choropleth, palette
from geo.present import meeting_board
from tests.helpers_app import mini_county

T1, T2 = "360222100", "360222101"
V1, V2, V3 = "360222100201", "360222101201", "360222101202"
NAMES = {T1: "甲镇", T2: "乙镇"}


def target(id_: str, indicator: str, threshold: float, comparison: str = ">=") -> Target:
    return Target(
        id_,
        indicator,
        f"{id_}目标",
        f"{id_} target",
        comparison,
        threshold,
        2025,
        "admin_village",
        "县水利局",
        Source("seed.txt", "某县实施方案", "到2025年达到95%"),
        unit=CATALOG.indicators[indicator].unit,
    )


WATER = target("water", "water.centralized_rate", 0.95)
ROAD = target("road", "road.hardened_natural_villages", 1.0)
UNMEASURED = target("pv", "water.tap_rate", 0.9)
TARGETS = {"water": WATER, "road": ROAD, "pv": UNMEASURED}


def row(target_id: str, level: str, code: str, value: float, met: object, num: float, den: float) -> dict:
    return {
        "indicator_id": "x",
        "target_id": target_id,
        "level": level,
        "unit_code": code,
        "unit_name": code,
        "value": value,
        "target": 0.95,
        "met": met,
        "numerator": num,
        "denominator": den,
        "population": den,
    }


def indicators() -> pd.DataFrame:
    """water: 甲镇 100 % (met), 乙镇 405/450 = 90 % (near: 95 − 90 = 5 ≤ 9.5), county 1405/1450 = 96.9 % (met).

    road: 甲镇 50 % (far: 100 − 50 > 10), 乙镇 95 % (near), county 70 % (far). Villages: V1 100 %, V2 80 %, V3 92 %.
    """
    rows = [
        row("water", "admin_village", V1, 1.0, True, 1000, 1000),
        row("water", "admin_village", V2, 0.8, False, 160, 200),
        row("water", "admin_village", V3, 0.98, True, 245, 250),
        row("water", "township", T1, 1.0, True, 1000, 1000),
        row("water", "township", T2, 0.9, False, 405, 450),
        row("water", "county", "county", 1405 / 1450, True, 1405, 1450),
        row("road", "township", T1, 0.5, False, 1, 2),
        row("road", "township", T2, 0.95, False, 19, 20),
        row("road", "county", "county", 0.7, False, 7, 10),
    ]
    table = pd.DataFrame(rows)
    table["met"] = table["met"].astype("boolean")
    return table


def test_the_board_has_a_row_per_measured_target_with_value_and_status() -> None:
    board = meeting_board.board(indicators(), TARGETS)
    assert board["target_id"].tolist() == ["water", "road"]  # pv is not measured: no row
    assert board["value_text"].tolist() == ["96.9%", "70.0%"]  # 1405 / 1450 = 0.9690
    assert board["target"].tolist() == ["≥ 95%", "≥ 100%"]
    assert board["deadline"].tolist() == [2025, 2025]
    assert board["status"].tolist() == ["met", "far"]
    assert board["status_text"].tolist() == ["达标", "差距较大"]
    styles = meeting_board.board_styles(board)
    assert styles.loc[1, "status_text"] == f"background-color: {palette.STATUS_BACKGROUNDS['far']}"
    assert styles.loc[1, "title"] == ""

    # One township: its own rows. 乙镇 water 90 % is near, road 95 % near (100 − 95 = 5 ≤ 10).
    town = meeting_board.board(indicators(), TARGETS, town_codes=(T2,), lang="en")
    assert town["value_text"].tolist() == ["90.0%", "95.0%"]
    assert town["status_text"].tolist() == ["near", "near"]


def test_ranking_puts_the_laggards_first() -> None:
    ranked = meeting_board.ranking(indicators(), ROAD, town_names=NAMES)
    assert ranked["name"].tolist() == ["甲镇", "乙镇"]  # 50 % before 95 %
    assert ranked["status"].tolist() == ["far", "near"]
    assert ranked["color"].tolist() == [palette.FAR, palette.NEAR]
    # A township without a row still appears, last, as "no data".
    ranked = meeting_board.ranking(indicators(), ROAD, town_names={**NAMES, "360222199": "丙乡"})
    assert ranked["name"].tolist() == ["甲镇", "乙镇", "丙乡"]
    assert ranked["status"].tolist() == ["far", "near", "none"]
    assert ranked["value_text"].iloc[-1] == "—"
    # An at-most target (fewer is better): the highest value lags.
    fewer = target("fewer", "water.centralized_rate", 0.6, comparison="<=")
    table = indicators().assign(target_id=lambda f: f["target_id"].replace({"road": "fewer"}))
    assert meeting_board.ranking(table, fewer, town_names=NAMES)["name"].tolist() == ["乙镇", "甲镇"]


def test_ranking_of_a_townships_villages() -> None:
    villages = pd.DataFrame({"village_code": [V2, V3], "name": ["二村", "三村"], "town_code": [T2, T2]})
    ranked = meeting_board.ranking(indicators(), WATER, town_names=NAMES, villages=villages)
    assert ranked["name"].tolist() == ["二村", "三村"]  # 80 % before 98 %
    assert ranked["status"].tolist() == ["far", "met"]  # 95 − 80 = 15 > 9.5: far


def test_trend_reads_the_history_then_the_report() -> None:
    history = pd.DataFrame(
        {
            "year": [2023, 2024, 2024, 2025],
            "target_id": ["water", "water", "water", "water"],
            "level": ["county", "county", "township", "county"],
            "unit_code": ["county", "county", T2, "county"],
            "value": [0.90, 0.93, 0.85, 0.99],
            "source": ["年报"] * 4,
        }
    )
    county = meeting_board.trend(history, indicators(), WATER, current_year=2025)
    # 2025 is the report's year: the report's 96.9 %, not the history's 99 %.
    assert county["year"].tolist() == [2023, 2024, 2025]
    assert county["value"].round(4).tolist() == [0.90, 0.93, 0.969]
    assert county["current"].tolist() == [False, False, True]
    town = meeting_board.trend(history, indicators(), WATER, current_year=2025, town_code=T2)
    assert town["value"].tolist() == [0.85, 0.9]


def test_counts_in_words_always_say_met_near_far() -> None:
    counts = {"met": 171, "near": 4, "far": 0, "unjudged": 0, "none": 2}
    assert meeting_board.counts_text(counts) == "达标 171 个村，接近 4 个村，差距较大 0 个村，无数据 2 个村"
    assert meeting_board.counts_text(counts, lang="en", unit_key="meeting.unit.township") == (
        "met 171 townships, near 4 townships, far 0 townships, no data 2 townships"
    )
    assert meeting_board.counts_text({"met": 1234}) == "达标 1,234 个村，接近 0 个村，差距较大 0 个村"


def test_the_carousel_goes_round() -> None:
    assert meeting_board.rotate(["a", "b", "c"], "a") == "b"
    assert meeting_board.rotate(["a", "b", "c"], "c") == "a"
    assert meeting_board.rotate(["a", "b"], "gone") == "a"
    assert meeting_board.rotate([], "a") == "a"


def test_a_click_finds_its_township() -> None:
    towns = mini_county().layers["townships"]
    inside = towns.geometry.representative_point()
    assert choropleth.code_at(towns, inside.iloc[1].y, inside.iloc[1].x, "town_code") == T2
    assert choropleth.code_at(towns, 10.0, 10.0, "town_code") is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_meeting_sentence_is_in_both_languages(lang: str) -> None:
    from geo.text.strings.meeting import STRINGS

    assert all(zh and en for zh, en in STRINGS.values())
    assert meeting_board.counts_text({}, lang=lang)
