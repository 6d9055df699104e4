"""PV poverty-alleviation stations: ownership, operation, inspections and revenue.

Four stations, reference date 2025-07-01:
    P1 A village      normal  confirmed  operating      inspected 2025-06-20 (11 days)  revenue 80,000
    P2 B centralized  faulty  not        operating      inspected 2025-05-01 (61 > 31)  revenue 50,000
    P3 C village      offline confirmed  public welfare inspected 2025-05-01 (61 ≤ 92)  revenue 20,000
    P4 C household    normal  confirmed  (default: op.) never inspected                 revenue not recorded
"""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pandas as pd
import pytest

from geo.analysis.context import Context
from geo.analysis.indicators.pv import annual_revenue, inspection_on_time, operating, ownership_confirmed
from tests import handdrawn as hd
from tests.handdrawn import T1, T2, A, B, C, unit
from tests.plans import load_test_targets

TARGETS = load_test_targets()
AS_OF = date(2025, 7, 1)


def _stations():
    base = {"capacity_kw": 100.0}
    return hd.pv_stations(
        [
            {
                **base,
                "station_id": "P1",
                "name": "甲村电站",
                "village_code": A,
                "kind": "village",
                "status": "normal",
                "ownership_confirmed": True,
                "asset_class": "operating",
                "last_inspection": "2025-06-20",
                "annual_revenue_yuan": 80000.0,
                "xy": hd.SEAT[A],
            },
            {
                **base,
                "station_id": "P2",
                "name": "乙村集中电站",
                "village_code": B,
                "kind": "centralized",
                "status": "faulty",
                "capacity_kw": 500.0,
                "ownership_confirmed": False,
                "asset_class": "operating",
                "last_inspection": "2025-05-01",
                "annual_revenue_yuan": 50000.0,
                "xy": hd.SEAT[B],
            },
            {
                **base,
                "station_id": "P3",
                "name": "丙村电站",
                "village_code": C,
                "kind": "village",
                "status": "offline",
                "ownership_confirmed": True,
                "asset_class": "public_welfare",
                "last_inspection": "2025-05-01",
                "annual_revenue_yuan": 20000.0,
                "xy": hd.SEAT[C],
            },
            {
                **base,
                "station_id": "P4",
                "name": "丙村户用",
                "village_code": C,
                "kind": "household",
                "status": "normal",
                "ownership_confirmed": True,
                "asset_class": None,
                "last_inspection": None,
                "annual_revenue_yuan": None,
                "xy": hd.shift(hd.SEAT[C], 100, 0),
            },
        ]
    )


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context(hd.dataset(pv_stations=_stations()), as_of=AS_OF)


def test_ownership_confirmed(ctx: Context) -> None:
    result = ownership_confirmed(ctx, TARGETS["pv_ownership"])
    assert unit(result.units, "county", "county")["value"] == pytest.approx(0.75)
    assert unit(result.units, "feature", "P2")["value"] == 0
    assert unit(result.units, "township", T2)["value"] == 1
    gap = result.gaps.iloc[0]
    assert gap["feature_id"] == "P2"
    assert gap["village_code"] == B
    assert gap["town_code"] == T1
    assert gap["reason_zh"] == "电站（集中式电站，装机 500 kW）尚未确权到村"
    assert gap["need_amount"] == 500
    assert np.isnan(gap["population_affected"])  # an asset, not a settlement


def test_faulty_and_offline_stations_are_gaps(ctx: Context) -> None:
    result = operating(ctx, TARGETS["pv_operating"])
    assert unit(result.units, "county", "county")["value"] == pytest.approx(0.5)
    gaps = result.gaps.set_index("feature_id")
    assert sorted(gaps.index) == ["P2", "P3"]
    assert gaps.loc["P3", "reason_zh"] == "电站（村级电站，装机 100 kW）运行状态为停运"
    assert gaps.loc["P2", "reason_zh"].endswith("运行状态为故障")
    assert (gaps.loc["P3", "severity"], gaps.loc["P2", "severity"]) == (1.0, 0.8)


def test_inspections_monthly_for_operating_quarterly_for_public_welfare_assets(ctx: Context) -> None:
    result = inspection_on_time(ctx, TARGETS["pv_inspection"])
    assert [unit(result.units, "feature", s)["value"] for s in ("P1", "P2", "P3", "P4")] == [1, 0, 1, 0]
    gaps = result.gaps.set_index("feature_id")
    assert (
        gaps.loc["P2", "reason_zh"]
        == "最近一次巡查为 2025-05-01，距 2025-07-01 已 61 天，超过经营性资产每月巡查要求（31 天）"
    )
    assert gaps.loc["P2", "need_amount"] == 30  # days overdue
    assert gaps.loc["P4", "reason_zh"] == "电站（户用电站，装机 100 kW）没有巡查记录"
    assert np.isnan(gaps.loc["P4", "need_amount"])


def test_the_reference_date_decides_what_is_overdue() -> None:
    early = Context(hd.dataset(pv_stations=_stations()), as_of=date(2025, 5, 20))  # P2 19 days after its inspection
    units = inspection_on_time(early, TARGETS["pv_inspection"]).units
    assert unit(units, "feature", "P2")["value"] == 1
    late = Context(hd.dataset(pv_stations=_stations()), as_of=date(2025, 8, 5))  # P3 96 days > 92
    assert unit(inspection_on_time(late, TARGETS["pv_inspection"]).units, "feature", "P3")["value"] == 0


def test_revenue_is_summed_and_the_province_target_is_not_judged(ctx: Context) -> None:
    result = annual_revenue(ctx, TARGETS["pv_revenue_shanxi"])
    county = unit(result.units, "county", "county")
    assert county["value"] == 150000  # 80,000 + 50,000 + 20,000; P4 not recorded counts 0
    assert county["denominator"] == 800  # installed kW
    assert unit(result.units, "township", T2)["value"] == 20000
    assert result.units["met"].isna().all()  # a province total says nothing about one county
    assert len(result.gaps) == 0
    assert any("全省总量" in note for note in result.notes)
    assert any("未填报年收益" in note for note in result.notes)


def test_a_county_revenue_target_is_judged_at_the_county_only(ctx: Context) -> None:
    county_target = dataclasses.replace(TARGETS["pv_revenue_shanxi"], level="county", threshold=100000.0)
    units = annual_revenue(ctx, county_target).units
    assert bool(unit(units, "county", "county")["met"])
    assert units.loc[units["level"] != "county", "met"].isna().all()


def test_row_order_does_not_matter() -> None:
    stations = _stations()
    first = inspection_on_time(Context(hd.dataset(pv_stations=stations), as_of=AS_OF), TARGETS["pv_inspection"])
    second = inspection_on_time(
        Context(hd.dataset(pv_stations=stations.iloc[::-1]), as_of=AS_OF), TARGETS["pv_inspection"]
    )
    key = ["level", "unit_code"]
    pd.testing.assert_frame_equal(
        first.units.sort_values(key).reset_index(drop=True), second.units.sort_values(key).reset_index(drop=True)
    )
