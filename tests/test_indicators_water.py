"""Water: centralized and tap rates on the hand-drawn county, and the two water checks.

Default natural villages (tests/handdrawn.py):
    A1 300 centralized   A2 100 dispersed            → A: centralized 300/400 = 0.75, tap 0.75
    B1 200 tap           B2 200 centralized          → B: centralized 200/400 = 0.50, tap 1.00
    C1 500 centralized   C2  50 none   C3 50 central → C: centralized 550/600,        tap 550/600
    township T1 (A+B): centralized 500/800 = 0.625, tap 700/800 = 0.875; T2 = C
    county: centralized 1050/1400 = 0.75, tap 1250/1400 = 0.892857…
One works W1 (capacity 100 m³/day, 500 m east of A's seat).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.analysis.context import Context
from geo.analysis.indicators.water import centralized_rate, ledger_discrepancy, tap_rate, works_overload
from tests import handdrawn as hd
from tests.handdrawn import T1, T2, A, B, C, unit
from tests.plans import load_test_checks, load_test_targets

TARGETS = load_test_targets()
CENTRAL = TARGETS["water_centralized_2025"]  # ≥ 0.95, tolerance 0.01
TAP = TARGETS["water_tap_2025"]  # ≥ 0.92
CHECKS = load_test_checks()
OVERLOAD = CHECKS["water.works_overload"]  # 0.1 m³/person/day, max load 1.0
DISCREPANCY = CHECKS["water.ledger_discrepancy"]


@pytest.fixture(scope="module")
def base_ctx() -> Context:
    return Context(hd.dataset())


def test_centralized_rate_at_every_level(base_ctx: Context) -> None:
    units = centralized_rate(base_ctx, CENTRAL).units
    assert unit(units, "natural_village", "A1")["value"] == 1.0
    assert unit(units, "natural_village", "A2")["value"] == 0.0
    assert unit(units, "admin_village", A)["value"] == pytest.approx(0.75)  # 300 / 400
    assert unit(units, "admin_village", B)["value"] == pytest.approx(0.50)  # 200 / 400
    assert unit(units, "admin_village", C)["value"] == pytest.approx(550 / 600)
    assert unit(units, "township", T1)["value"] == pytest.approx(0.625)  # 500 / 800
    assert unit(units, "township", T2)["value"] == pytest.approx(550 / 600)
    county = unit(units, "county", "county")
    assert county["value"] == pytest.approx(0.75)  # 1050 / 1400
    assert (county["numerator"], county["denominator"], county["population"]) == (1050, 1400, 1400)
    assert not county["met"]
    assert set(units.columns) >= {"indicator_id", "level", "unit_code", "unit_name", "value", "target", "met"}
    assert unit(units, "admin_village", A)["unit_name"] == "甲村"


def test_tap_rate_counts_centralized_and_tap(base_ctx: Context) -> None:
    units = tap_rate(base_ctx, TAP).units
    assert unit(units, "admin_village", B)["value"] == pytest.approx(1.0)  # 200 tap + 200 centralized
    assert unit(units, "township", T1)["value"] == pytest.approx(0.875)  # 700 / 800
    assert unit(units, "county", "county")["value"] == pytest.approx(1250 / 1400)
    assert bool(unit(units, "admin_village", B)["met"])


def test_gap_rows_name_the_village_people_and_nearest_works(base_ctx: Context) -> None:
    gaps = centralized_rate(base_ctx, CENTRAL).gaps.set_index("feature_id")
    assert sorted(gaps.index) == ["A2", "B1", "C2"]  # every natural village with people not on centralized supply
    a2 = gaps.loc["A2"]
    assert a2["reason_zh"] == "该自然村未通集中供水（台账：分散供水），影响 100 人"
    assert a2["population_affected"] == 100
    assert (a2["village_code"], a2["village_name"], a2["town_code"], a2["town_name"]) == (A, "甲村", T1, "东溪镇")
    assert a2["bureau"] == "县水利局"
    assert a2["deadline"] == 2025
    assert a2["target"] == 0.95
    assert "东溪水厂" in a2["need_zh"]
    # A2 is 1,500 m west and 3,000 m north of A's seat, W1 500 m east of it: √(2000² + 3000²) ≈ 3,606 m
    assert a2["need_amount"] == pytest.approx(3606, rel=0.01)
    # severity: no supply at all 1.0, dispersed 0.8, tap (for the centralized target) 0.5
    assert gaps.loc[["C2", "A2", "B1"], "severity"].tolist() == [1.0, 0.8, 0.5]
    tap_gaps = tap_rate(base_ctx, TAP).gaps
    assert sorted(tap_gaps["feature_id"]) == ["A2", "C2"]


def test_the_about_95_percent_tolerance_counts_as_met() -> None:
    # 945 of 1,000 people centralized: 0.945 ≥ 0.95 − 0.01 → met; tap 0.945 < 0.92? no: met too
    rows = [("X1", A, 945, "centralized", True, 100, 100, (0, 0)), ("X2", A, 55, "dispersed", True, 10, 10, (0, 500))]
    ctx = Context(hd.dataset(natural_villages=hd.natural_villages(rows)))
    county = unit(centralized_rate(ctx, CENTRAL).units, "county", "county")
    assert county["value"] == pytest.approx(0.945)
    assert bool(county["met"])
    strict = dataclasses.replace(CENTRAL, tolerance=0.0)
    assert not bool(unit(centralized_rate(ctx, strict).units, "county", "county")["met"])


def test_empty_villages_are_not_judged_and_not_gaps() -> None:
    # B's only natural village has nobody: value NaN, met NA, no gap row
    rows = [("A1", A, 300, "centralized", True, 100, 80, (0, 0)), ("B1", B, 0, "none", False, 0, 0, (0, 0))]
    ctx = Context(hd.dataset(natural_villages=hd.natural_villages(rows)))
    result = centralized_rate(ctx, CENTRAL)
    b = unit(result.units, "admin_village", B)
    assert np.isnan(b["value"])
    assert b["met"] is pd.NA
    assert "B1" not in set(result.gaps["feature_id"])


# --- works overload -------------------------------------------------------------------------------


def test_a_works_serving_more_people_than_its_capacity_is_overloaded(base_ctx: Context) -> None:
    # No service areas: every centralized village is served by the nearest (only) works W1:
    # 300 + 200 + 500 + 50 = 1,050 people × 0.1 m³ = 105 m³/day > 100 m³/day → load 1.05
    result = works_overload(base_ctx, OVERLOAD)
    w1 = unit(result.units, "feature", "W1")
    assert w1["value"] == pytest.approx(1.05)
    assert (w1["numerator"], w1["denominator"], w1["population"]) == pytest.approx((105.0, 100.0, 1050.0))
    assert not bool(w1["met"])
    gap = result.gaps.iloc[0]
    assert gap["feature_id"] == "W1"
    assert gap["indicator_id"] == "water.works_overload"
    assert gap["need_amount"] == 5  # 105 − 100 m³/day
    assert gap["population_affected"] == 1050
    assert "实际服务" in gap["reason_zh"]
    assert "1050 人" in gap["reason_zh"]
    assert "105.0%" in gap["reason_zh"]
    assert gap["village_code"] == A  # the works has no village_code: the village containing it
    assert pd.isna(gap["deadline"])  # a check has no deadline


def test_a_second_works_takes_the_eastern_villages() -> None:
    works = hd.water_works(
        [
            {
                "works_id": "W1",
                "name": "东溪水厂",
                "scale": "centralized",
                "capacity_m3d": 100.0,
                "has_treatment": True,
                "quality_ok": True,
                "xy": hd.shift(hd.SEAT[A], 500, 0),
            },
            {
                "works_id": "W2",
                "name": "西湖水厂",
                "scale": "small",
                "capacity_m3d": 50.0,
                "has_treatment": True,
                "quality_ok": True,
                "xy": hd.shift(hd.SEAT[C], 0, 500),
            },
        ]
    )
    result = works_overload(Context(hd.dataset(water_works=works)), OVERLOAD)
    assert unit(result.units, "feature", "W1")["value"] == pytest.approx(0.5)  # A1 300 + B2 200 → 50 m³ / 100
    assert unit(result.units, "feature", "W2")["value"] == pytest.approx(1.1)  # C1 500 + C3 50 → 55 m³ / 50
    assert result.gaps["feature_id"].tolist() == ["W2"]


def _service_areas(*areas: tuple[str, tuple[float, float, float, float]]):
    return hd.frame([{"works_id": works_id, "box": bounds} for works_id, bounds in areas])


def test_service_areas_decide_who_a_works_serves_and_overlaps_are_shared() -> None:
    works = hd.water_works(
        [
            {
                "works_id": "W1",
                "name": "东溪水厂",
                "scale": "centralized",
                "capacity_m3d": 100.0,
                "has_treatment": True,
                "quality_ok": True,
                "xy": hd.shift(hd.SEAT[A], 500, 0),
            },
            {
                "works_id": "W2",
                "name": "西湖水厂",
                "scale": "small",
                "capacity_m3d": 20.0,
                "has_treatment": True,
                "quality_ok": True,
                "xy": hd.SEAT[C],
            },
        ]
    )
    # W1 serves villages A and B; W2 serves B too (overlap) — B2 (200 centralized) is shared half/half
    areas = _service_areas(("W1", (117.00, 29.30, 117.10, 29.40)), ("W2", (117.05, 29.30, 117.10, 29.40)))
    result = works_overload(Context(hd.dataset(water_works=works, water_service_areas=areas)), OVERLOAD)
    assert unit(result.units, "feature", "W1")["population"] == pytest.approx(400)  # A1 300 + B2/2 100
    assert unit(result.units, "feature", "W2")["population"] == pytest.approx(100)  # B2/2; C is in no area
    assert unit(result.units, "feature", "W2")["value"] == pytest.approx(0.5)  # 10 m³ / 20
    assert len(result.gaps) == 0


# --- ledger against service areas -----------------------------------------------------------------


def test_ledger_discrepancies_both_ways() -> None:
    areas = _service_areas(("W1", hd.VILLAGE_BOX[A]))  # W1 covers exactly village A
    result = ledger_discrepancy(Context(hd.dataset(water_service_areas=areas)), DISCREPANCY)
    gaps = result.gaps.set_index("feature_id")
    # A1 centralized inside: fine. A2 dispersed inside: listed. B2, C1, C3 centralized outside: listed.
    assert sorted(gaps.index) == ["A2", "B2", "C1", "C3"]
    assert gaps.loc["A2", "reason_zh"] == "位于「东溪水厂」供水范围内，但台账为分散供水，影响 100 人"
    assert gaps.loc["C1", "reason_zh"] == "台账为集中供水，但不在任何供水工程的供水范围内，涉及 500 人"
    county = unit(result.units, "county", "county")
    assert (county["numerator"], county["denominator"]) == (4, 7)
    assert not bool(county["met"])
    assert bool(unit(result.units, "admin_village", A)["met"]) is False  # A2
    assert unit(result.units, "admin_village", B)["numerator"] == 1


def test_without_service_areas_the_ledger_check_is_skipped_with_a_note(base_ctx: Context) -> None:
    result = ledger_discrepancy(base_ctx, DISCREPANCY)
    assert len(result.gaps) == 0
    assert len(result.units) == 0
    assert "water_service_areas" in result.notes[0]


# --- properties -----------------------------------------------------------------------------------

_SUPPLY = st.sampled_from(["centralized", "tap", "dispersed", "none"])
_NV = st.tuples(st.sampled_from([A, B, C]), st.integers(0, 2000), _SUPPLY)


def _typed_nv(rows: list[tuple[str, int, str]]):
    """A natural villages layer in its typed form (skips validation, which the fixture already passed)."""
    frame = hd.natural_villages(
        [(f"N{i}", code, pop, supply, True, 10, 5, (i * 10.0, 0.0)) for i, (code, pop, supply) in enumerate(rows)]
    )
    for column in ("nv_id", "name", "village_code", "water_supply"):
        frame[column] = frame[column].astype("string")
    for column in ("households", "population", "sanitary_toilet_households"):
        frame[column] = frame[column].astype("Int64")
    frame["garbage_collected"] = frame["garbage_collected"].astype("boolean")
    return frame


@pytest.fixture(scope="module")
def template():
    return hd.dataset()


def _with_nv(template, nv):
    layers = dict(template.layers)
    layers["natural_villages"] = nv
    return dataclasses.replace(template, layers=layers)


def _sorted_values(units: pd.DataFrame) -> pd.DataFrame:
    return units.sort_values(["level", "unit_code"]).reset_index(drop=True)[
        ["level", "unit_code", "value", "numerator", "denominator"]
    ]


@settings(max_examples=15)
@given(rows=st.lists(_NV, min_size=1, max_size=12), seed=st.randoms(use_true_random=False))
def test_rates_are_shares_and_do_not_depend_on_row_order(template, rows, seed) -> None:
    nv = _typed_nv(rows)
    shuffled = nv.iloc[seed.sample(range(len(nv)), len(nv))]
    ctx = Context(_with_nv(template, nv))
    central = centralized_rate(ctx, CENTRAL)
    tap = tap_rate(ctx, TAP)
    for result in (central, tap):
        values = result.units["value"].dropna()
        assert ((values >= 0) & (values <= 1)).all()
    again = centralized_rate(Context(_with_nv(template, shuffled)), CENTRAL)
    pd.testing.assert_frame_equal(_sorted_values(central.units), _sorted_values(again.units))
    assert sorted(central.gaps["feature_id"]) == sorted(again.gaps["feature_id"])
    merged = _sorted_values(central.units).merge(
        _sorted_values(tap.units), on=["level", "unit_code"], suffixes=("_c", "_t")
    )
    assert (merged["value_c"].fillna(0) <= merged["value_t"].fillna(0) + 1e-12).all()  # centralized ⊂ tap


def test_villages_outside_every_area_go_to_the_nearest_works_without_an_area() -> None:
    works = hd.water_works(
        [
            {
                "works_id": "W1",
                "name": "东溪水厂",
                "scale": "centralized",
                "capacity_m3d": 100.0,
                "has_treatment": True,
                "quality_ok": True,
                "xy": hd.shift(hd.SEAT[A], 500, 0),
            },
            {
                "works_id": "W3",
                "name": "丙村水站",
                "scale": "small",
                "capacity_m3d": 50.0,
                "has_treatment": True,
                "quality_ok": True,
                "xy": hd.SEAT[C],
            },
        ]
    )
    areas = _service_areas(("W1", hd.VILLAGE_BOX[A]))  # only W1 has its area drawn
    result = works_overload(Context(hd.dataset(water_works=works, water_service_areas=areas)), OVERLOAD)
    assert unit(result.units, "feature", "W1")["population"] == 300  # A1 only
    # B2 200, C1 500 and C3 50 lie outside W1's area: they go to W3, the only works without an area drawn
    assert unit(result.units, "feature", "W3")["population"] == 750
    assert unit(result.units, "feature", "W3")["value"] == pytest.approx(1.5)
