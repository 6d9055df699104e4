"""Telecom indicators on the hand-drawn county of tests/netfixture.py (a ridge at x = 6 km)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.analysis.catalog import INDICATORS
from geo.analysis.context import Context
from geo.analysis.gap_rows import GAP_COLUMNS
from geo.analysis.indicators.radio_coverage import coverage
from geo.core.store import Dataset
from tests import netfixture as nf
from tests.netfixture import run, value

TARGETS = nf.TARGETS
G4, G5 = "telecom.g4_admin_villages", "telecom.g5_seats_key_villages"


@pytest.fixture(scope="module")
def data() -> Dataset:
    return nf.dataset()


def test_g4_with_line_of_sight(data: Dataset) -> None:
    r = run(data, G4)
    # AV1's seat (1200,3300): 3.81 km from BS1 (radius 3 km), 316 m from BS5 (5G, radius 250 m) → not covered.
    # AV2's seat (5100,4500): 1.50 km from BS1, same side of the ridge → covered.
    # AV3's seat (6800,3000): 1.80 km from BS1, inside its radius, but behind the 400 m ridge at x = 6 km:
    #   antenna 130 m a.s.l., receiver 101.5 m → line at the ridge ≈ 118 m < 400 m → blocked.
    assert value(r.units, "county", "county") == pytest.approx(1 / 3)
    assert value(r.units, "admin_village", nf.AV2) == 1.0
    gaps = r.gaps.set_index("feature_id")
    assert sorted(gaps.index) == [nf.AV1, nf.AV3]
    assert "山体遮挡" in gaps.loc[nf.AV3, "reason_zh"]
    assert "BS1" in gaps.loc[nf.AV3, "reason_zh"]
    assert "距 1.8 公里" in gaps.loc[nf.AV3, "reason_zh"]
    # The 4G indicator counts 5G sites too (a 5G site serves 4G handsets): the text says so, and
    # names BS5 by its own network, never 「4G基站」 (issue 9, item 8).
    assert "不在任何4G（含5G）基站覆盖半径内" in gaps.loc[nf.AV1, "reason_zh"]
    assert "最近的基站 BS5（5G，兼容4G）距 0.3 公里（覆盖半径 250 米）" in gaps.loc[nf.AV1, "reason_zh"]
    assert "outside every 4G (or 5G) site's radius" in gaps.loc[nf.AV1, "reason_en"]
    assert "the nearest site, BS5 (5G, also serving 4G), is 0.3 km away" in gaps.loc[nf.AV1, "reason_en"]
    assert "在基站 BS1（4G）覆盖半径内（距 1.8 公里）" in gaps.loc[nf.AV3, "reason_zh"]
    assert gaps.loc[nf.AV1, "need_zh"] == "新建4G或5G基站 1 座，或扩大邻近基站覆盖"
    assert gaps.loc[nf.AV1, "need_en"] == "Build one 4G or 5G site, or extend the coverage of a nearby site"
    assert not gaps["reason_zh"].str.contains("4G基站").any()
    assert gaps.loc[nf.AV3, "population_affected"] == 470
    assert (gaps["bureau"] == TARGETS[G4].bureau).all()
    assert tuple(r.gaps.columns[: len(GAP_COLUMNS)]) == GAP_COLUMNS
    d = r.details.set_index("village_code")
    assert r.details.crs.to_epsg() == 4490
    assert d.loc[nf.AV3, "blocked_by_terrain"]
    assert d.loc[nf.AV3, "blocking_site_id"] == "BS1"
    assert d.loc[nf.AV2, "site_id"] == "BS1"
    # Population covered: Track (120) and Near (200) are within BS1's radius on its side of the ridge;
    # Ridge (60) is inside the radius but behind the ridge. 320 of 970 people.
    assert d.loc[nf.AV2, "population_covered"] == 320
    assert d.loc[nf.AV3, "population_covered"] == 0
    assert any("33.0%" in note for note in r.notes)


def test_g4_radius_only(data: Dataset) -> None:
    # Without line of sight AV3 counts as covered: 2 of 3; Ridge's 60 people are added: 380 / 970.
    r = run(data, G4, line_of_sight=False)
    assert value(r.units, "county", "county") == pytest.approx(2 / 3)
    assert any("39.2%" in note for note in r.notes)
    # Without a DEM the same, with a note saying terrain was not considered.
    flat = run(nf.dataset(dem=None), G4)
    assert value(flat.units, "county", "county") == pytest.approx(2 / 3)
    assert any("dem" in note for note in flat.notes)


def test_g5_seats_and_key_villages(data: Dataset) -> None:
    r = run(data, G5)
    # S1 (1000,3000) is 100 m from BS5 (5G, radius 250 m) → covered; S2 and AV3 (the key village) are not.
    assert value(r.units, "county", "county") == pytest.approx(1 / 3)
    assert value(r.units, "township", nf.T1) == 1.0
    assert value(r.units, "township", nf.T2) == 0.0
    assert value(r.units, "admin_village", nf.AV3) == 0.0
    assert set(r.gaps["layer"]) == {"townships", "admin_villages"}
    seat_gap = r.gaps[r.gaps["layer"] == "townships"].iloc[0]
    assert seat_gap["feature_id"] == nf.T2
    assert seat_gap["town_name"] == "西乡"
    assert "5G" in seat_gap["reason_zh"]
    assert "兼容4G" not in "".join(r.gaps["reason_zh"])  # the 5G indicator names its sites plainly


def test_coverage_rounds_try_the_next_site_when_the_nearest_is_blocked() -> None:
    # Receiver at (6800, 3000) behind the ridge from BS1 (5000,3000); a second site on the far side
    # at (9000, 3000) with radius 2500 m covers it (farther, but visible).
    dem = nf.dem()
    xy = np.array([[nf.X0 + 6800, nf.Y0 + 3000]])
    sites = np.array([[nf.X0 + 5000, nf.Y0 + 3000], [nf.X0 + 9000, nf.Y0 + 3000]])
    cov = coverage(xy, 1.5, sites, np.array([30.0, 30.0]), np.array([3000.0, 2500.0]), None)
    assert cov.site.tolist() == [0]
    from geo.analysis.terrain import Surface

    cov = coverage(xy, 1.5, sites, np.array([30.0, 30.0]), np.array([3000.0, 2500.0]), Surface.from_grid(dem))
    assert cov.covered.tolist() == [True]
    assert cov.site.tolist() == [1]
    assert not cov.blocked[0]


# --- properties -----------------------------------------------------------------------------------


BASE = {
    indicator: INDICATORS[indicator].compute(Context(nf.dataset()), TARGETS[indicator]).units for indicator in (G4, G5)
}


@settings(max_examples=4)
@given(st.integers(0, 10_000))
def test_values_do_not_depend_on_row_order(seed: int) -> None:
    data = nf.dataset()
    mixed = Dataset(
        layers={name: frame.sample(frac=1.0, random_state=seed) for name, frame in data.layers.items()},
        rasters=data.rasters,
    )
    for indicator in (G4, G5):
        a = BASE[indicator].sort_values(["level", "unit_code"]).reset_index(drop=True)
        b = run(mixed, indicator).units.sort_values(["level", "unit_code"]).reset_index(drop=True)
        assert a["unit_code"].tolist() == b["unit_code"].tolist()
        assert np.allclose(a["value"].astype(float), b["value"].astype(float), equal_nan=True)
        assert a["value"].between(0.0, 1.0).all()


@settings(max_examples=30)
@given(
    st.lists(
        st.tuples(st.floats(0, 12000), st.floats(0, 6000), st.floats(0, 60), st.floats(0, 5000)), min_size=0, max_size=6
    ),
    st.tuples(st.floats(0, 12000), st.floats(0, 6000), st.floats(0, 60), st.floats(0, 5000)),
)
def test_adding_a_site_never_uncovers_anything(
    sites: list[tuple[float, float, float, float]], extra: tuple[float, float, float, float]
) -> None:
    from geo.analysis.terrain import Surface

    surface = Surface.from_grid(nf.dem())
    rng = np.random.default_rng(7)
    receivers = np.column_stack([nf.X0 + rng.uniform(0, 12000, 40), nf.Y0 + rng.uniform(0, 6000, 40)])
    arr = np.array(sites, dtype=float).reshape(-1, 4)
    xy = np.column_stack([nf.X0 + arr[:, 0], nf.Y0 + arr[:, 1]])
    before = coverage(receivers, 1.5, xy, arr[:, 2], arr[:, 3], surface).covered
    arr2 = np.vstack([arr, extra])
    xy2 = np.column_stack([nf.X0 + arr2[:, 0], nf.Y0 + arr2[:, 1]])
    after = coverage(receivers, 1.5, xy2, arr2[:, 2], arr2[:, 3], surface).covered
    assert np.all(after >= before)
