"""Progress over the years: the history file (format and problems), trend, projection, verdicts; the demo history."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from data import make_history
from geo.analysis.catalog import CATALOG
from geo.core.errors import InputDataError
from geo.core.targets import Source, Target
from geo.io.history import history_path, load_history, parse_history
from geo.io.plan_context import known_targets
from geo.present import progress
from geo.present.progress import assess, fit_trend
from tests.helpers_app import ROOT
from tests.plans import load_test_library, load_test_targets

T1, T2 = "360222100", "360222101"


def target(
    id_: str,
    *,
    threshold: float = 0.9,
    deadline: int = 2027,
    comparison: str = ">=",
    indicator: str = "water.centralized_rate",
) -> Target:
    return Target(
        id_,
        indicator,
        f"{id_}目标",
        f"{id_} target",
        comparison,
        threshold,
        deadline,
        "county",
        "县水利局",
        Source("seed.txt", "方案", "原文"),
        unit=CATALOG.indicators[indicator].unit,
    )


TARGETS = {
    "fast": target("fast"),  # 0.6, 0.7 → 0.8 now: +0.1 a year, 1.0 by 2027
    "slow": target("slow"),  # 0.76, 0.78 → 0.8 now: +0.02 a year, 0.84 by 2027
    "late": target("late", deadline=2024),  # deadline passed, +0.05 a year from 0.8
    "done": target("done"),
    "new": target("new"),  # no history
    "open": target("open", indicator="pv.annual_revenue", threshold=1.8e9),  # not judged at county level
    "less": target("less", comparison="<=", threshold=0.1),  # 0.4, 0.3 → 0.2: −0.1 a year, met in 2026
}


def history() -> pd.DataFrame:
    rows = [
        (2023, "fast", 0.6),
        (2024, "fast", 0.7),
        (2023, "slow", 0.76),
        (2024, "slow", 0.78),
        (2023, "late", 0.7),
        (2024, "late", 0.75),
        (2024, "done", 0.9),
        (2023, "open", 1e6),
        (2024, "open", 2e6),
        (2023, "less", 0.4),
        (2024, "less", 0.3),
        (2025, "fast", 0.1),
        (2026, "fast", 0.1),
    ]  # the last two: current year and later, ignored
    table = pd.DataFrame(rows, columns=["year", "target_id", "value"])
    table = table.assign(level="county", unit_code="county", source="统计年报").astype(str)
    return parse_history(table, TARGETS)


def current() -> pd.DataFrame:
    values = {
        "fast": (0.8, False),
        "slow": (0.8, False),
        "late": (0.8, False),
        "done": (0.95, True),
        "new": (0.5, False),
        "open": (3e6, pd.NA),
        "less": (0.2, False),
    }
    table = pd.DataFrame(
        [
            {
                "indicator_id": "x",
                "target_id": tid,
                "level": "county",
                "unit_code": "county",
                "unit_name": "全县",
                "value": value,
                "target": 0.9,
                "met": met,
                "numerator": value,
                "denominator": 1.0,
                "population": 1.0,
            }
            for tid, (value, met) in values.items()
        ]
    )
    table["met"] = table["met"].astype("boolean")
    return table


def test_history_path_sits_beside_the_data() -> None:
    assert history_path("/data/county.gpkg") == Path("/data/county_history.csv")


def test_fit_trend_is_least_squares() -> None:
    trend = fit_trend([2021, 2022, 2023], [0.5, 0.6, 0.7])
    assert trend is not None
    assert trend.slope == pytest.approx(0.1)
    assert trend.at(2025) == pytest.approx(0.9)
    assert fit_trend([2021, 2021], [0.5, 0.6]) is None
    assert fit_trend([2021, 2022], [0.5, np.nan]) is None


@given(st.floats(-1, 1), st.floats(-5, 5), st.lists(st.integers(2000, 2030), min_size=2, max_size=8, unique=True))
def test_fit_trend_recovers_a_line(intercept: float, slope: float, years: list[int]) -> None:
    trend = fit_trend(years, [intercept + slope * (y - 2000) for y in years])
    assert trend is not None
    assert trend.slope == pytest.approx(slope, abs=1e-6)


def test_assess_verdicts() -> None:
    out = assess(history(), current(), TARGETS, 2025).set_index("target_id")
    assert out["status"].to_dict() == {
        "fast": "on_track",
        "slow": "off_track",
        "late": "overdue",
        "done": "met",
        "new": "no_trend",
        "open": "unjudged",
        "less": "on_track",
    }
    assert out.loc["fast", "slope"] == pytest.approx(0.1)
    assert out.loc["fast", "projected"] == pytest.approx(1.0)  # 0.8 + 2 × 0.1
    assert out.loc["fast", "reach_year"] == 2026  # 0.9 reached in 2026
    assert out.loc["slow", "projected"] == pytest.approx(0.84)
    assert out.loc["slow", "reach_year"] == 2030
    assert out.loc["late", "reach_year"] == 2027  # 0.8 + 2 × 0.05 = 0.9
    assert np.isnan(out.loc["late", "projected"])
    assert out.loc["less", "reach_year"] == 2026
    assert out.loc["fast", "points"] == 3  # 2023, 2024 and now; the 2025/2026 history rows are left out
    assert out.loc["new", "points"] == 1


def test_assess_township_scope_and_clipping() -> None:
    table = pd.DataFrame(
        {
            "year": ["2024", "2024"],
            "target_id": ["fast", "fast"],
            "level": ["township", "township"],
            "unit_code": [T1, T2],
            "value": ["0.5", "0.95"],
            "source": ["", ""],
        }
    )
    hist = parse_history(table, TARGETS)
    now = current().iloc[:1].assign(level="township", unit_code=T1, unit_name="甲镇", value=0.99, met=False)
    now = pd.concat([now, now.assign(unit_code=T2, unit_name="乙乡", value=0.96)], ignore_index=True)
    out = assess(hist, now, {"fast": target("fast", threshold=1.0)}, 2025, level="township", unit_codes=[T1])
    assert out["unit_code"].tolist() == [T1]
    assert out["projected"].iloc[0] == 1.0  # 0.99 + 2 × 0.49, clipped to 100 %
    assert out["status"].iloc[0] == "on_track"


def test_series_and_chart_frame() -> None:
    points = progress.series(history(), current(), "fast", "county", "county", 2025)
    assert points["year"].tolist() == [2023, 2024, 2025]
    assert points["current"].tolist() == [False, False, True]
    chart = progress.chart_frame(points, TARGETS["fast"], 2025)
    assert chart["kind"].tolist() == ["history", "history", "current", "projection", "projection", "projection"]
    assert chart["value"].iloc[-1] == pytest.approx(1.0)
    late = progress.chart_frame(
        progress.series(history(), current(), "late", "county", "county", 2025), TARGETS["late"], 2025
    )
    assert late.loc[late["kind"] == "projection", "year"].tolist() == [
        2025,
        2026,
        2027,
        2028,
    ]  # three years past a passed deadline


def test_display_table_words() -> None:
    out = assess(history(), current(), TARGETS, 2025)
    zh = progress.display_table(out, TARGETS, 2025).set_index("目标")
    assert zh.loc["fast目标", "年均变化"] == "+10.0 个百分点"
    assert zh.loc["fast目标", "判断"] == "按期可达"
    assert zh.loc["slow目标", "期限时预计"] == "84.0%"
    assert zh.loc["done目标", "按当前速度达标年份"] == "—"
    assert zh.loc["fast目标", "现状（2025）"] == "80.0%"
    flat = progress.display_table(out.assign(slope=-0.0001), TARGETS, 2025)
    assert flat.loc[flat["目标"] == "fast目标", "年均变化"].item() == "0.0 个百分点"  # not "−0.0"
    en = progress.display_table(out, TARGETS, 2025, lang="en").set_index("Target")
    assert en.loc["late target", "Verdict"] == "overdue"
    assert en.loc["open target", "Pace per year"].startswith("+")


def bad(rows: list[dict[str, str]]) -> list[tuple[int | None, str | None]]:
    with pytest.raises(InputDataError) as caught:
        parse_history(pd.DataFrame(rows), TARGETS, source="county_history.csv")
    assert all(p.source == "county_history.csv" and p.message_zh and p.message_en for p in caught.value.problems)
    return [(p.feature, p.field) for p in caught.value.problems]


GOOD = {"year": "2024", "target_id": "fast", "level": "county", "unit_code": "county", "value": "0.7", "source": "年报"}


def test_history_problems_name_row_and_field() -> None:
    rows = [
        GOOD,
        {**GOOD, "year": "二〇二三"},
        {**GOOD, "target_id": "nope"},
        {**GOOD, "level": "village"},
        {**GOOD, "unit_code": "360222100"},
        {**GOOD, "level": "township", "unit_code": "3602"},
        {**GOOD, "year": "2020", "value": "abc"},
        {**GOOD, "year": "2019", "value": "95"},
        GOOD,
        {**GOOD, "year": "2023.5"},
        {**GOOD, "unit_code": ""},
    ]
    assert bad(rows) == [
        (1, "year"),
        (2, "target_id"),
        (3, "level"),
        (4, "unit_code"),
        (5, "unit_code"),
        (6, "value"),
        (7, "value"),
        (8, None),
        (9, "year"),
        (10, "unit_code"),
    ]


def test_history_missing_column() -> None:
    assert bad([{k: v for k, v in GOOD.items() if k != "value"}]) == [(None, "value")]


def test_load_history_reads_bom_and_reports_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "county_history.csv"
    path.write_bytes(pd.DataFrame([GOOD]).to_csv(index=False).encode("utf-8-sig"))
    loaded = load_history(path, TARGETS)
    assert loaded.to_dict("records") == [
        {"year": 2024, "target_id": "fast", "level": "county", "unit_code": "county", "value": 0.7, "source": "年报"}
    ]
    with pytest.raises(InputDataError, match="history file not found"):
        load_history(tmp_path / "none.csv", TARGETS)
    (tmp_path / "latin.csv").write_bytes("year\n\xe9".encode("latin-1"))
    with pytest.raises(InputDataError, match="not a valid UTF-8 CSV"):
        load_history(tmp_path / "latin.csv", TARGETS)


def test_make_history_is_deterministic_valid_and_mixed() -> None:
    report = SimpleNamespace(indicators=current())
    first = make_history.history_rows(report, TARGETS, current_year=2026)
    second = make_history.history_rows(report, TARGETS, current_year=2026)
    pd.testing.assert_frame_equal(first, second)
    assert sorted(first["year"].unique()) == [2020, 2021, 2022, 2023, 2024, 2025]  # 2020: the baseline year
    parsed = parse_history(first.astype(str), TARGETS)  # the generated file passes its own checks
    verdicts = assess(parsed, current(), TARGETS, 2026).set_index("target_id")["status"]
    assert verdicts["done"] == "met"
    assert verdicts["open"] == "unjudged"
    paces = assess(parsed, current(), TARGETS, 2026).set_index("target_id")["slope"]
    assert paces["fast"] > 0.05  # catching up (first pace)
    assert abs(paces["late"]) < 0.01  # stalled (third pace)


def test_demo_history_file_is_valid() -> None:
    path = ROOT / "data" / "demo" / "fuliang_demo_history.csv"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `python -m data.make_history`")
    history = load_history(path, known_targets(load_test_library(), load_test_targets()))
    assert set(history["level"]) == {"county", "township"}
    assert history["year"].min() == make_history.FIRST_YEAR
