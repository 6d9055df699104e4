"""Gap-row texts: every template in both languages with the same fields, and the vectorized renderer."""

from __future__ import annotations

import numpy as np
import pytest

from geo.text.i18n import STRINGS, ByLang
from geo.text.templates import MISSING, parse, placeholders, render, render_both

GAP_KEYS = sorted(key for key in STRINGS if key.startswith("gap."))


def test_there_are_gap_templates_of_every_domain() -> None:
    domains = {key.split(".")[1] for key in GAP_KEYS}
    assert {"water", "road", "telecom", "sanitation", "service", "health", "relocation", "pv", "economy"} <= domains


@pytest.mark.parametrize("key", GAP_KEYS)
def test_every_gap_template_has_both_languages_and_the_same_fields(key: str) -> None:
    zh, en = STRINGS[key]
    assert zh.strip(), key
    assert en.strip(), key
    assert placeholders(zh) == placeholders(en), key  # names and number formats alike
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en), key  # the English text is English


def test_unknown_format_spec_is_refused() -> None:
    with pytest.raises(ValueError, match="not supported"):
        parse("{people:people}")
    with pytest.raises(ValueError, match="not supported"):
        parse("{0}")


def test_a_hand_made_row_in_both_languages() -> None:
    zh, en = render_both(
        "gap.sanitation.sanitary_toilet_rate.reason",
        have=np.array([5.0]),
        households=np.array([25.0]),
        share=np.array([0.2]),
        target=0.65,
        missing=np.array([20.0]),
    )
    assert zh.tolist() == ["卫生厕所 5/25 户（20.0%），低于 65.0%，尚有 20 户未改厕"]
    assert en.tolist() == [
        "Sanitary toilets in 5 of 25 households (20.0%), below 65.0%; 20 households still without one"
    ]
    zh, en = render_both(
        "gap.water.supply.need.nearest",
        works=ByLang(np.array(["东溪水厂"], dtype=object), np.array(["W1"])),
        distance=[2345.0],
    )
    assert zh.tolist() == ["最近的供水工程「东溪水厂」距该村 2.3 公里，可延伸管网或新建集中供水工程"]
    assert en.tolist() == [
        "The nearest water works (W1) is 2.3 km away: extend its mains or build a centralized supply works"
    ]


def test_one_template_per_row_and_missing_values() -> None:
    keys = np.where([True, False, True], "gap.water.supply.need.nearest", "gap.water.supply.need.no_works")
    names = np.array(["甲厂", None, None], dtype=object)
    texts = render(keys, "zh", works=names, distance=np.array([1000.0, np.inf, np.nan]))
    assert texts.tolist() == [
        "最近的供水工程「甲厂」距该村 1.0 公里，可延伸管网或新建集中供水工程",
        "数据中没有供水工程，需规划新建集中供水工程",
        f"最近的供水工程「{MISSING}」距该村 {MISSING} 公里，可延伸管网或新建集中供水工程",
    ]
    assert texts.dtype == object


def test_formats() -> None:
    texts = render(
        "gap.road.need.route", "zh", verb="硬化", need=np.array([1234.4, np.nan]), cost=np.array([625_000.0, 1e4])
    )
    assert texts.tolist() == ["需硬化 1234 米，约 62.5 万元", "需硬化 — 米，约 1.0 万元"]
    assert render("gap.service.need.clinic", "en", n=2).tolist() == ["Build a standard village clinic"] * 2
    assert render("gap.service.need.clinic", "zh", n=0).tolist() == []
    with pytest.raises(KeyError):
        render("gap.road.need.route", "zh", verb="硬化", need=[1.0])  # cost not given
