"""The demo county's headline figures are plausible, and every target runs on it.

Timing is measured and printed (``pytest -s``), not asserted: the aim is all indicators of the
demo county in under 2 s on one core.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geo.analysis.report import run_report
from tests.plans import load_test_checks, load_test_targets

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo" / "fuliang_demo.gpkg"

pytestmark = pytest.mark.skipif(not DEMO.is_file(), reason="the demo county (data/demo/fuliang_demo.gpkg) is not built")


@pytest.fixture(scope="module")
def report():
    from layers.registry import load_dataset

    dataset = load_dataset(DEMO)
    started = time.perf_counter()
    result = run_report(dataset, load_test_targets(), checks=load_test_checks(), as_of=date(2025, 12, 31))
    elapsed = time.perf_counter() - started
    slowest = sorted(result.timings.items(), key=lambda item: -item[1])[:5]
    print(  # noqa: T201
        f"\ndemo county: all indicators in {elapsed:.2f} s; slowest: "
        + ", ".join(f"{key} {seconds:.2f} s" for key, seconds in slowest)
    )
    return result


def _county(report, indicator: str) -> pd.Series:
    rows = report.indicators[
        (report.indicators["indicator_id"] == indicator) & (report.indicators["level"] == "county")
    ]
    assert len(rows) == 1, indicator
    return rows.iloc[0]


def test_every_target_of_the_file_has_a_county_figure_or_a_note(report) -> None:
    measured = set(report.indicators["target_id"])
    for target_id in load_test_targets():
        assert target_id in measured or any(target_id in n for n in report.notes)


def test_water_shares_are_shares_and_the_county_rate_is_plausible(report) -> None:
    water = report.indicators[report.indicators["indicator_id"].isin(["water.centralized_rate", "water.tap_rate"])]
    assert water["value"].dropna().between(0, 1).all()
    centralized = _county(report, "water.centralized_rate")["value"]
    assert 0.5 <= centralized <= 1.0
    assert _county(report, "water.tap_rate")["value"] >= centralized


def test_there_are_gaps_for_garbage_and_water(report) -> None:
    indicators = set(report.gaps["indicator_id"])
    assert "sanitation.garbage_natural_villages" in indicators
    assert {"water.centralized_rate", "water.tap_rate"} & indicators
    assert report.gaps["priority"].between(0, 100).all()
    assert report.gaps["reason_zh"].notna().all()


def test_other_shares_stay_in_0_1(report) -> None:
    shares = report.indicators[
        ~report.indicators["indicator_id"].isin(
            ["pv.annual_revenue", "economy.collective_income", "water.works_overload"]
        )
    ]
    assert shares["value"].dropna().between(0, 1).all()


def test_the_english_gap_table_says_what_it_takes_in_english(report) -> None:
    from geo.present.gap_list import display_table

    assert report.gaps["need_en"].notna().all()
    need = display_table(report.gaps, lang="en")["What it takes"].astype(str)
    assert not need.str.contains(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]").any()
    reason = report.gaps["reason_en"].astype(str)
    assert not reason.str.contains(r"[\u4e00-\u9fff]").any()
    units = report.gaps["need_unit_en"].dropna().astype(str)
    assert len(units)
    assert not units.str.contains(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]").any()
