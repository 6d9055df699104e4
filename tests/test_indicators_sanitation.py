"""Sanitation: garbage collection (counted by villages) and sanitary toilets (by households).

Default natural villages (tests/handdrawn.py), garbage / households / sanitary toilets:
    A1 yes 100/80   A2 no  25/5            → garbage A 1/2;  toilets A (80+5)/125 = 0.68
    B1 yes  50/20   B2 yes 50/50           → garbage B 2/2;  toilets B 70/100 = 0.70
    C1 yes 120/60   C2 no  10/0   C3 no 10/10 → garbage C 1/3; toilets C 70/140 = 0.50
    county: garbage 4/7; toilets 225/365
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.analysis.context import Context
from geo.analysis.indicators.sanitation import garbage_natural_villages, sanitary_toilet_rate
from tests import handdrawn as hd
from tests.handdrawn import T1, T2, A, B, C, unit
from tests.plans import load_test_targets

TARGETS = load_test_targets()
GARBAGE = TARGETS["sanitation_garbage_2025"]  # ≥ 0.90 of natural villages
TOILETS = TARGETS["sanitation_toilets_2025"]  # ≥ 0.65 of households


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context(hd.dataset())


def test_garbage_counts_villages_not_people(ctx: Context) -> None:
    units = garbage_natural_villages(ctx, GARBAGE).units
    assert unit(units, "admin_village", A)["value"] == pytest.approx(0.5)
    assert unit(units, "admin_village", B)["value"] == pytest.approx(1.0)
    assert unit(units, "admin_village", C)["value"] == pytest.approx(1 / 3)
    assert unit(units, "township", T1)["value"] == pytest.approx(0.75)  # 3 of 4
    assert unit(units, "township", T2)["value"] == pytest.approx(1 / 3)
    county = unit(units, "county", "county")
    assert (county["numerator"], county["denominator"]) == (4, 7)  # people-weighted it would be 1,200/1,400
    assert county["population"] == 1400
    assert not bool(county["met"])
    assert bool(unit(units, "admin_village", B)["met"])


def test_garbage_gap_rows_and_the_nearest_transfer_station() -> None:
    facilities = hd.facilities(
        [
            {"facility_id": "F1", "kind": "clinic", "name": "甲村卫生室", "village_code": A, "xy": hd.SEAT[A]},
            {
                "facility_id": "G1",
                "kind": "garbage_station",
                "name": "东溪垃圾中转站",
                "village_code": A,
                "xy": hd.shift(hd.SEAT[A], -1500, 1000),
            },  # 2,000 m south of A2
        ]
    )
    gaps = garbage_natural_villages(Context(hd.dataset(facilities=facilities)), GARBAGE).gaps.set_index("feature_id")
    assert sorted(gaps.index) == ["A2", "C2", "C3"]
    assert gaps.loc["A2", "reason_zh"] == "该自然村生活垃圾未纳入收运处置体系，影响 100 人"
    assert "东溪垃圾中转站" in gaps.loc["A2", "need_zh"]
    assert "2.0 公里" in gaps.loc["A2", "need_zh"]
    assert gaps.loc["A2", "need_amount"] == pytest.approx(2000, rel=0.01)
    assert gaps.loc["C3", "population_affected"] == 50
    assert set(gaps["bureau"]) == {"县农业农村局、县住建局"}


def test_toilet_rate_is_household_weighted(ctx: Context) -> None:
    result = sanitary_toilet_rate(ctx, TOILETS)
    units = result.units
    assert unit(units, "admin_village", A)["value"] == pytest.approx(0.68)  # 85 / 125
    assert unit(units, "admin_village", B)["value"] == pytest.approx(0.70)
    assert unit(units, "admin_village", C)["value"] == pytest.approx(0.50)
    assert bool(unit(units, "township", T1)["met"])  # 155 / 225 = 0.689
    county = unit(units, "county", "county")
    assert county["value"] == pytest.approx(225 / 365)
    assert not bool(county["met"])
    gaps = result.gaps.set_index("feature_id")
    assert sorted(gaps.index) == ["A2", "B1", "C1", "C2"]  # natural villages below 65 %
    # A2: 5 of 25; reaching 65 % takes ⌈0.65 × 25⌉ − 5 = 17 − 5 = 12 households; all: 20
    assert gaps.loc["A2", "need_amount"] == 12
    assert gaps.loc["A2", "reason_zh"] == "卫生厕所 5/25 户（20.0%），低于 65.0%，尚有 20 户未改厕"
    assert gaps.loc["A2", "need_zh"] == "达标需再改厕 12 户，全部改厕需 20 户"
    assert gaps.loc["A2", "population_affected"] == 80  # 20 households × 100 people / 25 households
    assert gaps.loc["B1", "need_amount"] == 13  # ⌈32.5⌉ − 20
    assert gaps.loc["A2", "value"] == pytest.approx(0.2)


def test_more_toilets_than_households_is_capped_and_noted() -> None:
    rows = [("A1", A, 300, "centralized", True, 100, 120, (0, 0))]
    result = sanitary_toilet_rate(Context(hd.dataset(natural_villages=hd.natural_villages(rows))), TOILETS)
    assert unit(result.units, "county", "county")["value"] == 1.0
    assert "大于总户数" in result.notes[0]


_NV = st.tuples(st.sampled_from([A, B, C]), st.integers(0, 300), st.booleans(), st.integers(0, 400))


def _typed(rows):
    frame = hd.natural_villages(
        [
            (f"N{i}", code, 3 * hh, "tap", garbage, hh, toilets, (i * 10.0, 0.0))
            for i, (code, hh, garbage, toilets) in enumerate(rows)
        ]
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


def _replace(template, nv):
    return dataclasses.replace(template, layers={**template.layers, "natural_villages": nv})


@settings(max_examples=15)
@given(rows=st.lists(_NV, min_size=1, max_size=10), seed=st.randoms(use_true_random=False))
def test_sanitation_shares_are_in_0_1_and_independent_of_row_order(template, rows, seed) -> None:
    nv = _typed(rows)
    shuffled = nv.iloc[seed.sample(range(len(nv)), len(nv))]
    for function, target in ((garbage_natural_villages, GARBAGE), (sanitary_toilet_rate, TOILETS)):
        first = function(Context(_replace(template, nv)), target).units
        values = first["value"].dropna()
        assert ((values >= 0) & (values <= 1)).all()
        second = function(Context(_replace(template, shuffled)), target).units
        key = ["level", "unit_code"]
        pd.testing.assert_frame_equal(
            first.sort_values(key).reset_index(drop=True), second.sort_values(key).reset_index(drop=True)
        )
