"""Relocation sites: at least one member in stable work in every household with labour.

S1 A  households 50, labour 40, employed 40 → 40/40 = 1.0
S2 B  households 30, labour —,  employed 24 → 24/30 = 0.8 (labour not recorded: households)
S3 C  households 20, labour 10, employed 12 → capped 10/10 = 1.0
county (74)/(80) = 0.925; township T1 (40 + 24)/(40 + 30) = 64/70
"""

from __future__ import annotations

import pytest

from geo.analysis.context import Context
from geo.analysis.indicators.relocation import employed_households
from tests import handdrawn as hd
from tests.handdrawn import T1, T2, A, B, C, unit
from tests.plans import load_test_targets

TARGET = load_test_targets()["relocation_employment"]


def _sites():
    return hd.relocation_sites(
        [
            {
                "site_id": "S1",
                "name": "幸福家园",
                "village_code": A,
                "households": 50,
                "population": 180,
                "labour_households": 40,
                "employed_households": 40,
                "xy": hd.SEAT[A],
            },
            {
                "site_id": "S2",
                "name": "安居小区",
                "village_code": B,
                "households": 30,
                "population": 120,
                "labour_households": None,
                "employed_households": 24,
                "xy": hd.SEAT[B],
            },
            {
                "site_id": "S3",
                "name": "乐业新村",
                "village_code": C,
                "households": 20,
                "population": 70,
                "labour_households": 10,
                "employed_households": 12,
                "xy": hd.SEAT[C],
            },
        ]
    )


@pytest.fixture(scope="module")
def result():
    return employed_households(Context(hd.dataset(relocation_sites=_sites())), TARGET)


def test_shares_per_site_and_household_weighted_roll_up(result) -> None:
    units = result.units
    assert unit(units, "feature", "S1")["value"] == 1.0
    assert unit(units, "feature", "S2")["value"] == pytest.approx(0.8)
    assert unit(units, "feature", "S3")["value"] == 1.0  # 12 employed of 10 with labour: capped
    assert unit(units, "township", T1)["value"] == pytest.approx(64 / 70)
    assert unit(units, "township", T2)["value"] == 1.0
    county = unit(units, "county", "county")
    assert (county["numerator"], county["denominator"]) == (74, 80)
    assert county["population"] == 370  # relocated people, not the county's
    assert not bool(county["met"])
    assert unit(units, "feature", "S2")["unit_name"] == "安居小区"


def test_gap_row_says_how_many_households_still_need_a_job(result) -> None:
    assert result.gaps["feature_id"].tolist() == ["S2"]
    gap = result.gaps.iloc[0]
    assert gap["reason_zh"] == "有劳动能力的搬迁家庭 30 户中 24 户有稳定就业，6 户尚无人稳定就业"
    assert gap["need_amount"] == 6
    assert gap["population_affected"] == 24  # 6 households × 120 people / 30 households
    assert (gap["village_code"], gap["town_code"], gap["layer"]) == (B, T1, "relocation_sites")
    assert gap["bureau"] == "县乡村振兴局、县人社局"


def test_notes_explain_missing_labour_and_capped_counts(result) -> None:
    assert any("未填报有劳动力户数" in note for note in result.notes)
    assert any("大于有劳动力户数" in note for note in result.notes)


def test_row_order_does_not_matter(result) -> None:
    again = employed_households(Context(hd.dataset(relocation_sites=_sites().iloc[[2, 0, 1]])), TARGET)
    key = ["level", "unit_code"]
    assert (
        result.units.sort_values(key).reset_index(drop=True).equals(again.units.sort_values(key).reset_index(drop=True))
    )
