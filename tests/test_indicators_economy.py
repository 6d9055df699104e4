"""Village collective income: judged per village (> 150,000 yuan), averaged above, optional column."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.analysis.context import Context
from geo.analysis.indicators.economy import collective_income
from tests import handdrawn as hd
from tests.handdrawn import T1, A, B, C, unit
from tests.plans import load_test_targets

TARGET = load_test_targets()["economy_collective_income_2025"]  # > 150,000


def test_income_per_village_mean_above_and_strictly_greater() -> None:
    villages = hd.admin_villages(collective_income_yuan={A: 200000.0, B: 150000.0, C: 90000.0})
    result = collective_income(Context(hd.dataset(admin_villages=villages)), TARGET)
    assert bool(unit(result.units, "admin_village", A)["met"])
    assert not bool(unit(result.units, "admin_village", B)["met"])  # exactly 150,000 is not "above"
    township = unit(result.units, "township", T1)
    assert township["value"] == 175000
    assert township["met"] is pd.NA
    assert unit(result.units, "county", "county")["value"] == pytest.approx(440000 / 3)
    gaps = result.gaps.set_index("feature_id")
    assert sorted(gaps.index) == [B, C]
    assert gaps.loc[C, "need_amount"] == 60001  # to be above 150,000
    assert gaps.loc[C, "reason_zh"] == "村集体经济年收入 90000 元，未超过 150000 元"
    assert gaps.loc[C, "population_affected"] == 600


def test_without_the_column_there_are_no_rows_and_no_crash() -> None:
    result = collective_income(Context(hd.dataset()), TARGET)
    assert len(result.units) == 0
    assert len(result.gaps) == 0
    assert "collective_income_yuan" in result.notes[0]


def test_villages_without_a_value_are_left_out() -> None:
    villages = hd.admin_villages(collective_income_yuan={A: 300000.0})
    result = collective_income(Context(hd.dataset(admin_villages=villages)), TARGET)
    assert set(result.units.loc[result.units["level"] == "admin_village", "unit_code"]) == {A}
    assert "2 个行政村未填报" in result.notes[0]
