"""Village services: bus, express, clinics (admin villages) and township hospitals.

Villages A, B (township T1) and C (township T2); seats in the middle of each (tests/handdrawn.py).
Bus stop S1 is coded to village A but stands 700 m east of C's seat: it serves A (its code) and
C (within 1,000 m of C's seat); B has none.
"""

from __future__ import annotations

import dataclasses

import pytest
from shapely.geometry import Point

from geo.analysis.context import Context
from geo.analysis.indicators.health import clinic_admin_villages, township_hospitals
from geo.analysis.indicators.logistics import express_admin_villages
from geo.analysis.indicators.transport import bus_admin_villages
from tests import handdrawn as hd
from tests.handdrawn import T1, T2, A, B, C, unit
from tests.plans import load_test_targets

TARGETS = load_test_targets()
BUS = TARGETS["transport_bus_admin_villages"]  # max_distance_m 1000
EXPRESS = TARGETS["logistics_express_2025"]
CLINIC = TARGETS["health_village_clinics"]  # require_standardized
HOSPITAL = TARGETS["health_township_hospitals"]


def _facilities() -> object:
    return hd.facilities(
        [
            {
                "facility_id": "S1",
                "kind": "bus_stop",
                "name": "东溪车站",
                "village_code": A,
                "xy": hd.shift(hd.SEAT[C], 700, 0),
            },
            {
                "facility_id": "E1",
                "kind": "express_point",
                "name": "乙村快递点",
                "xy": hd.shift(hd.SEAT[B], 0, 1500),
            },  # no code: in B
            {
                "facility_id": "K1",
                "kind": "clinic",
                "name": "甲村卫生室",
                "village_code": A,
                "standardized": True,
                "xy": hd.SEAT[A],
            },
            {
                "facility_id": "K2",
                "kind": "clinic",
                "name": "乙村卫生室",
                "village_code": B,
                "standardized": False,
                "xy": hd.SEAT[B],
            },
            {
                "facility_id": "K3",
                "kind": "clinic",
                "name": "丙村卫生室",
                "village_code": C,
                "xy": hd.SEAT[C],
            },  # not recorded: counts
            {
                "facility_id": "H1",
                "kind": "township_hospital",
                "name": "东溪镇卫生院",
                "village_code": A,
                "standardized": True,
                "xy": hd.SEAT[A],
            },
            {
                "facility_id": "H2",
                "kind": "township_hospital",
                "name": "西湖乡卫生院",
                "standardized": False,
                "xy": hd.shift(hd.SEAT[C], 0, 1000),
            },  # no code: in T2
        ]
    )


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context(hd.dataset(facilities=_facilities()))


def test_bus_by_village_code_or_distance_from_the_seat(ctx: Context) -> None:
    result = bus_admin_villages(ctx, BUS)
    assert unit(result.units, "admin_village", A)["value"] == 1  # S1 carries A's code
    assert unit(result.units, "admin_village", B)["value"] == 0
    assert unit(result.units, "admin_village", C)["value"] == 1  # S1 is 700 m from C's seat
    assert unit(result.units, "township", T1)["value"] == pytest.approx(0.5)
    assert unit(result.units, "county", "county")["value"] == pytest.approx(2 / 3)
    gap = result.gaps.iloc[0]
    assert gap["feature_id"] == B
    assert gap["population_affected"] == 400
    assert gap["reason_zh"] == "该行政村内及村委会 1 公里范围内没有客运站点，影响 400 人"
    # B's seat is 0.075° (≈7.28 km at 29.35°N) + 700 m west of S1
    assert gap["need_amount"] == pytest.approx(7980, rel=0.01)
    assert "东溪车站" in gap["need_zh"]
    tight = dataclasses.replace(BUS, params={"max_distance_m": 500})
    assert unit(bus_admin_villages(ctx, tight).units, "admin_village", C)["value"] == 0


def test_express_point_without_code_counts_where_it_stands(ctx: Context) -> None:
    units = express_admin_villages(ctx, EXPRESS).units
    assert [unit(units, "admin_village", v)["value"] for v in (A, B, C)] == [0, 1, 0]


def test_clinics_must_be_standardized_when_the_target_says_so(ctx: Context) -> None:
    result = clinic_admin_villages(ctx, CLINIC)
    assert [unit(result.units, "admin_village", v)["value"] for v in (A, B, C)] == [1, 0, 1]
    gap = result.gaps.iloc[0]
    assert gap["feature_id"] == B
    assert gap["reason_zh"] == "村卫生室未达到标准化要求，影响 400 人"
    assert gap["need_zh"] == "按标准化要求改造村卫生室"
    assert gap["severity"] == 0.6
    lenient = dataclasses.replace(CLINIC, params={"require_standardized": False})
    assert unit(clinic_admin_villages(ctx, lenient).units, "county", "county")["value"] == 1


def test_township_hospitals(ctx: Context) -> None:
    result = township_hospitals(ctx, HOSPITAL)
    assert unit(result.units, "township", T1)["value"] == 1  # H1 via A's code
    assert unit(result.units, "township", T2)["value"] == 0  # H2 stands in T2 but is not standard
    assert unit(result.units, "county", "county")["value"] == pytest.approx(0.5)
    gap = result.gaps.iloc[0]
    assert (gap["feature_id"], gap["town_code"], gap["town_name"]) == (T2, T2, "西湖乡")
    assert gap["population_affected"] == 600
    assert gap["reason_zh"] == "乡镇卫生院未达到标准化要求，影响 600 人"
    assert gap["layer"] == "townships"


def test_village_seat_falls_back_to_the_largest_natural_village_then_the_polygon() -> None:
    villages = hd.admin_villages()
    villages.loc[villages["village_code"] == C, ["seat_x", "seat_y"]] = None
    villages.loc[villages["village_code"] == B, ["seat_x", "seat_y"]] = None
    nv = hd.natural_villages(
        [
            ("A1", A, 300, "centralized", True, 100, 80, (0, 0)),
            ("C1", C, 100, "centralized", True, 30, 30, (0, 0)),
            ("C2", C, 400, "centralized", True, 90, 90, (2000, 1000)),  # the largest of C
        ]
    )
    ctx = Context(hd.dataset(admin_villages=villages, natural_villages=nv))
    seats = ctx.village_seats.to_crs(4490)
    assert seats[C].distance(Point(hd.shift(hd.SEAT[C], 2000, 1000))) < 1e-9
    assert seats[A].distance(Point(hd.SEAT[A])) < 1e-9  # the committee when recorded
    assert ctx.dataset.layer("admin_villages").set_index("village_code").loc[B, "geometry"].contains(seats[B])


def test_row_order_of_villages_and_facilities_does_not_matter(ctx: Context) -> None:
    shuffled = Context(
        hd.dataset(facilities=_facilities().iloc[[4, 0, 6, 2, 1, 5, 3]], admin_villages=hd.admin_villages().iloc[::-1])
    )
    key = ["level", "unit_code"]
    for function, target in (
        (bus_admin_villages, BUS),
        (express_admin_villages, EXPRESS),
        (clinic_admin_villages, CLINIC),
        (township_hospitals, HOSPITAL),
    ):
        first, second = function(ctx, target), function(shuffled, target)
        assert (
            first.units.sort_values(key)
            .reset_index(drop=True)
            .equals(second.units.sort_values(key).reset_index(drop=True))
        )
        assert sorted(first.gaps["feature_id"]) == sorted(second.gaps["feature_id"])
