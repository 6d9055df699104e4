"""Road indicators on the hand-drawn county of tests/netfixture.py (answers worked out from its picture)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from geo.analysis.catalog import INDICATORS
from geo.analysis.context import Context
from geo.analysis.gap_rows import GAP_COLUMNS
from geo.analysis.indicators.road_grades import county_seats
from geo.analysis.rollup import UNIT_COLUMNS
from geo.core.store import Dataset
from tests import netfixture as nf
from tests.netfixture import run, value

TARGETS = nf.TARGETS
ROAD_IDS = (
    "road.hardened_natural_villages",
    "road.double_lane_admin_villages",
    "road.county_roads_grade3",
    "road.township_grade3_access",
)


@pytest.fixture(scope="module")
def data() -> Dataset:
    return nf.dataset()


def test_registered() -> None:
    for indicator in ROAD_IDS:
        assert indicator in INDICATORS


def test_hardened_natural_villages(data: Dataset) -> None:
    r = run(data, "road.hardened_natural_villages")
    # Larger villages (≥ 30 households or ≥ 100 people): Far, Track, Near, Island, East (not Small, Ridge).
    # Near is 50 m from R2 (cement), which joins R1 (asphalt) to S1 → reached.
    # East is 100 m from R8 (asphalt), which reaches its own seat S2 → reached.
    # Island is 100 m from R3 (cement), a dead-end island joined to the rest only by gravel R4 and
    #   earth R9 → not reached; cheapest: harden R9 (1000 m) from S2's asphalt; 1 km × 500 000 = 500 000 yuan.
    # Track: R5 (earth) starts on R1's interior (T-junction); harden all 1800 m of it → 900 000 yuan.
    # Far: no road within 300 m; nearest road R1 at S1, 1500 m → new road 1500 m → 750 000 yuan.
    assert value(r.units, "county", "county") == pytest.approx(2 / 5)
    assert value(r.units, "township", nf.T1) == pytest.approx(1 / 3)
    assert value(r.units, "township", nf.T2) == pytest.approx(1 / 2)
    assert value(r.units, "natural_village", "Near") == 1.0
    assert set(r.units.loc[r.units["level"] == "natural_village", "unit_code"]) == {
        "Far",
        "Track",
        "Near",
        "Island",
        "East",
    }
    gaps = r.gaps.set_index("feature_id")
    assert sorted(gaps.index) == ["Far", "Island", "Track"]
    assert gaps.loc["Island", "need_amount"] == pytest.approx(1000, abs=1)
    assert gaps.loc["Island", "cost_yuan"] == pytest.approx(500_000, abs=100)
    assert "孤立路段" in gaps.loc["Island", "reason_zh"]
    assert "需硬化 1000 米，约 50.0 万元" in gaps.loc["Island", "reason_zh"]
    assert gaps.loc["Track", "need_amount"] == pytest.approx(1800, abs=1)
    assert gaps.loc["Track", "cost_yuan"] == pytest.approx(900_000, abs=100)
    assert "300 米内没有硬化路" in gaps.loc["Track", "reason_zh"]
    assert gaps.loc["Far", "need_amount"] == pytest.approx(1500, abs=1)
    assert "新建道路约 1500 米" in gaps.loc["Far", "reason_zh"]
    assert (gaps["bureau"] == TARGETS["road.hardened_natural_villages"].bureau).all()
    assert tuple(r.gaps.columns[: len(GAP_COLUMNS)]) == GAP_COLUMNS
    assert tuple(r.units.columns) == UNIT_COLUMNS
    # details: EPSG:4490, route of Island is R9 (1 km), of Track the whole of R5 (1.8 km).
    d = r.details.set_index("nv_id")
    assert r.details.crs.to_epsg() == 4490
    assert d["route"].crs.to_epsg() == 4490
    assert d.loc["Near", "route"] is None
    routes = d["route"].to_crs(nf.BUILD_EPSG)
    assert shapely.length(routes.loc["Island"]) == pytest.approx(1000, abs=0.5)
    assert shapely.length(routes.loc["Track"]) == pytest.approx(1800, abs=0.5)
    r9 = shapely.LineString([nf.xy(9000, 3000), nf.xy(8000, 3000)])
    assert shapely.hausdorff_distance(routes.loc["Island"], r9) < 0.5


def test_threshold_and_access_distance_are_parameters(data: Dataset) -> None:
    # With ≥ 100 households only East counts (80 hh but 300 people → still "larger" by population).
    r = run(data, "road.hardened_natural_villages", min_households=100, min_population=250)
    assert set(r.units.loc[r.units["level"] == "natural_village", "unit_code"]) == {"East"}
    # With a 2 km access distance Far (1.5 km from R1), Track (2.0 km from R1) and Island (1.03 km
    # from R8, S2's asphalt) are all reached.
    wide = run(data, "road.hardened_natural_villages", access_distance_m=2001)
    assert wide.gaps.empty
    assert value(wide.units, "county", "county") == 1.0


def test_double_lane_admin_villages(data: Dataset) -> None:
    r = run(data, "road.double_lane_admin_villages")
    # Two-lane: R1 (S1's) and R8 (S2's). AV1's seat is 300 m from R1 → reached.
    # AV2's seat (5100,4500): nearest two-lane is 1.5 km; widen R2 from J to (5000,4500): 1500 m → 1.8 M yuan.
    # AV3's seat (6800,3000) lies on gravel R4. From S1's R1 it would be 1800 m, but AV3 belongs to T2:
    #   from S2's R8, widen R9 (1000 m) and R4 from K back to 6800 (1200 m) = 2200 m → 2.64 M yuan.
    assert value(r.units, "county", "county") == pytest.approx(1 / 3)
    gaps = r.gaps.set_index("feature_id")
    assert gaps.loc[nf.AV2, "need_amount"] == pytest.approx(1500, abs=1)
    assert gaps.loc[nf.AV2, "cost_yuan"] == pytest.approx(1_800_000, abs=100)
    assert gaps.loc[nf.AV3, "need_amount"] == pytest.approx(2200, abs=1)
    assert gaps.loc[nf.AV3, "town_code"] == nf.T2


def test_county_roads_grade3(data: Dataset) -> None:
    r = run(data, "road.county_roads_grade3")
    # County roads: R1 4000 m at grade 3 (ok), R8 2000 m at grade 4 → 4000 / 6000.
    assert value(r.units, "county", "county") == pytest.approx(2 / 3)
    assert value(r.units, "township", nf.T2) == 0.0
    assert r.gaps["feature_id"].tolist() == ["R8"]
    assert r.gaps["cost_yuan"].iloc[0] == pytest.approx(6_000_000, abs=100)  # 2 km × 3 M yuan
    assert r.gaps.geometry.iloc[0].geom_type == "LineString"


def test_township_grade3_access(data: Dataset) -> None:
    # County seat: T1 (500 people against 470). T2's seat S2 reaches grade-3 R1 only through
    # R8 (grade 4, 2000 m), R9 (grade 0, 1000 m) and R4 (grade 4, 3000 m) → 6000 m to upgrade.
    assert county_seats(Context(data)).to_dict() == {nf.T1: nf.T1, nf.T2: nf.T1}
    r = run(data, "road.township_grade3_access")
    assert value(r.units, "township", nf.T1) == 1.0
    assert value(r.units, "township", nf.T2) == 0.0
    assert r.gaps["need_amount"].iloc[0] == pytest.approx(6000, abs=1)
    assert "县城（东镇）" in r.gaps["reason_zh"].iloc[0]


def test_county_seat_flag_wins(data: Dataset) -> None:
    towns = data.layers["townships"].copy()
    towns["is_county_seat"] = pd.array([False, True], dtype="boolean")
    flagged = Dataset(layers={**data.layers, "townships": towns}, rasters=data.rasters)
    assert county_seats(Context(flagged)).to_dict() == {nf.T1: nf.T2, nf.T2: nf.T2}


def test_without_roads_nothing_is_reached(data: Dataset) -> None:
    empty = Dataset(layers={**data.layers, "roads": data.layers["roads"].iloc[:0]}, rasters=data.rasters)
    r = run(empty, "road.hardened_natural_villages")
    assert value(r.units, "county", "county") == 0.0
    assert len(r.gaps) == 5


# --- properties -----------------------------------------------------------------------------------


def shuffled(data: Dataset, seed: int) -> Dataset:
    layers = {
        name: frame.sample(frac=1.0, random_state=seed + i) for i, (name, frame) in enumerate(data.layers.items())
    }
    return Dataset(layers=layers, rasters=data.rasters)


BASE = {
    indicator: INDICATORS[indicator].compute(Context(nf.dataset()), TARGETS[indicator]).units for indicator in ROAD_IDS
}


@settings(max_examples=4)
@given(st.integers(0, 10_000))
def test_values_do_not_depend_on_row_order(seed: int) -> None:
    mixed = shuffled(nf.dataset(), seed)
    for indicator in ROAD_IDS:
        a = BASE[indicator].sort_values(["level", "unit_code"]).reset_index(drop=True)
        b = run(mixed, indicator).units.sort_values(["level", "unit_code"]).reset_index(drop=True)
        assert a["unit_code"].tolist() == b["unit_code"].tolist()
        assert np.allclose(a["value"].astype(float), b["value"].astype(float), equal_nan=True)
        assert a["value"].between(0.0, 1.0).all()


@settings(max_examples=8)
@given(
    st.floats(-2000, 14000),
    st.floats(-2000, 8000),
    st.floats(-2000, 14000),
    st.floats(-2000, 8000),
    st.sampled_from(["gravel", "earth"]),
)
def test_an_extra_unhardened_segment_never_raises_the_hardened_share(
    x0: float, y0: float, x1: float, y1: float, surface: str
) -> None:
    assume(np.hypot(x1 - x0, y1 - y0) > 1.0)
    base = BASE["road.hardened_natural_villages"]
    extra = nf.roads([("RX", "X", "village", 4, surface, 1, 4.0, [(x0, y0), (x1, y1)])])
    more = run(nf.dataset(roads=extra), "road.hardened_natural_villages")
    before, after = value(base, "county", "county"), value(more.units, "county", "county")
    assert 0.0 <= after <= before <= 1.0


# --- issue 9: seats off the network, bridges, crossings, township lengths, text ----------------------


def test_a_township_seat_off_the_two_lane_network_is_linked_to_it() -> None:
    # R8 narrowed to one lane: T2's seat S2 has no two-lane road within 500 m (the only one left
    # is R1 at S1). S2 joins R8 at its end and is linked to S1's two-lane network by the cheapest
    # path: widen R8 (2000 m), R9 (1000 m) and R4 (3000 m) = 6000 m. AV3's seat (6800, 3000) lies
    # on R4, part of that link, so it adds nothing: 6000 m → 6000 × 1.2 M yuan/km = 7.2 M yuan
    # (before: "no route on the network"). AV2 keeps its own 1500 m from J.
    data = nf.dataset(roads=nf.roads(changed={"R8": {5: 1, 6: 4.5}}))
    r = run(data, "road.double_lane_admin_villages")
    gaps = r.gaps.set_index("feature_id")
    assert gaps.loc[nf.AV3, "need_amount"] == pytest.approx(6000, abs=1)
    assert gaps.loc[nf.AV3, "cost_yuan"] == pytest.approx(7_200_000, abs=100)
    assert gaps.loc[nf.AV2, "need_amount"] == pytest.approx(1500, abs=1)
    # The problem is about the seat: it is named once, without the village-committee subject.
    assert gaps.loc[nf.AV3, "reason_zh"].startswith("乡镇驻地 500 米内没有双车道公路，需先接入双车道公路网；")
    assert "村委会乡镇驻地" not in "".join(r.gaps["reason_zh"])
    assert gaps.loc[nf.AV2, "reason_zh"].startswith("村委会500 米内没有双车道公路")
    assert gaps.loc[nf.AV3, "reason_en"].startswith("No two-lane road within 500 m of the township seat")
    route = r.details.set_index("village_code")["route"].to_crs(nf.BUILD_EPSG).loc[nf.AV3]
    assert shapely.length(route) == pytest.approx(6000, abs=0.5)  # the link, drawn


BRIDGE_VILLAGE = ("Bridge", "桥村", nf.AV1, 40, 150, 2100, 3450)  # 100 m east of RB, 450 m north of R1


def _bridge(line: list[tuple[float, float]], r1: list[tuple[float, float]] | None = None) -> Dataset:
    rb = ("RB", "Y009", "village", 4, "cement", 1, 4.5, line)
    return nf.dataset(
        roads=nf.roads([rb], changed={"R1": {7: r1}} if r1 else None),
        natural_villages=nf.natural_villages((*nf.NATURAL, BRIDGE_VILLAGE)),
    )


def test_new_road_is_measured_from_the_road_the_village_stands_on() -> None:
    # RB, cement, (2000, 3100) → (2000, 3600): its south end stops 100 m short of R1. Bridge
    # (2100, 3450) is 100 m from RB (an island) and 450 m from R1. The new road runs from RB's
    # nearest point (2000, 3100) to R1: 100 m (50 000 yuan), not 450 m from the village.
    r = run(_bridge([(2000, 3100), (2000, 3600)]), "road.hardened_natural_villages")
    row = r.gaps.set_index("feature_id").loc["Bridge"]
    assert row["need_amount"] == pytest.approx(100, abs=0.5)
    assert row["cost_yuan"] == pytest.approx(50_000, abs=100)
    assert "需新建道路约 100 米" in row["reason_zh"]
    d = r.details.set_index("nv_id")
    assert d.loc["Bridge", "need_m"] == 0
    route = d["route"].to_crs(nf.BUILD_EPSG).loc["Bridge"]
    assert shapely.hausdorff_distance(route, shapely.LineString([nf.xy(2000, 3100), nf.xy(2000, 3000)])) < 0.5


def test_a_crossing_is_a_junction_only_where_the_lines_share_a_vertex() -> None:
    # RB, cement, (2000, 2500) → (2000, 3500), crosses R1 at (2000, 3000).
    # * No shared vertex (a bridge): Bridge stays unreached; the nearest point of RB to R1 is
    #   the crossing itself, so the route is 0 m: join the roads there.
    # * R1 and RB both with a vertex at (2000, 3000): a junction, Bridge is reached —
    #   unless vertex_junctions is false.
    crossing = _bridge([(2000, 2500), (2000, 3500)])
    r = run(crossing, "road.hardened_natural_villages")
    row = r.gaps.set_index("feature_id").loc["Bridge"]
    assert (row["need_amount"], row["cost_yuan"]) == (0, 0)
    assert "需在道路交叉处（无路口）接通" in row["reason_zh"]
    shared = _bridge([(2000, 2500), (2000, 3000), (2000, 3500)], r1=[(1000, 3000), (2000, 3000), (5000, 3000)])
    assert "Bridge" not in set(run(shared, "road.hardened_natural_villages").gaps["feature_id"])
    apart = run(shared, "road.hardened_natural_villages", vertex_junctions=False)
    assert "Bridge" in set(apart.gaps["feature_id"])


def test_county_road_share_is_clipped_at_township_boundaries() -> None:
    # RX: a 1 km grade-4 county road from (5700, 500) to (6700, 500): 300 m in T1 (x < 6000), 700 m
    # in T2. Its midpoint (6200, 500) lies in T2, so by midpoint T1 would read 4000 / 4000 = 100 %
    # met with 300 m of grade-4 county road inside it. Clipped: T1 = 4000 / 4300 = 93.0 %,
    # T2 = 0 / (2000 + 700) = 0, county 4000 / 7000. The gap row of RX is T2's (most of it).
    rx = ("RX", "X009", "county", 4, "asphalt", 2, 7.0, [(5700, 500), (6700, 500)])
    data = nf.dataset(roads=nf.roads([rx]))
    r = run(data, "road.county_roads_grade3")
    assert value(r.units, "township", nf.T1) == pytest.approx(4000 / 4300)
    assert value(r.units, "township", nf.T2) == 0.0
    assert value(r.units, "county", "county") == pytest.approx(4000 / 7000)
    assert r.gaps.set_index("feature_id").loc["RX", "town_code"] == nf.T2
    assert r.gaps.set_index("feature_id").loc["RX", "need_amount"] == pytest.approx(1000, abs=0.5)


@settings(max_examples=6, deadline=None)
@given(st.integers(0, 10_000))
def test_clipped_township_shares_do_not_depend_on_row_order(seed: int) -> None:
    rx = ("RX", "X009", "county", 4, "asphalt", 2, 7.0, [(5700, 500), (6700, 500)])
    data = nf.dataset(roads=nf.roads([rx]))
    base = run(data, "road.county_roads_grade3").units.sort_values(["level", "unit_code"]).reset_index(drop=True)
    mixed = run(shuffled(data, seed), "road.county_roads_grade3").units
    mixed = mixed.sort_values(["level", "unit_code"]).reset_index(drop=True)
    assert base["unit_code"].tolist() == mixed["unit_code"].tolist()
    assert np.allclose(base["value"].astype(float), mixed["value"].astype(float))
