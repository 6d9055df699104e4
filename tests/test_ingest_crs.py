"""CRS decisions on import: EPSG look-up by name, guesses from coordinate ranges, checks of declared CRS."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyproj import CRS, Transformer

from geo.core.crs import gk3_epsg
from geo.io.ingest.crs_guess import (
    CrsGuessError,
    decide_crs,
    describe_crs,
    fits_crs,
    gk6_central_meridian,
    gk_epsg,
    guess_crs,
    legacy_datum_note,
    parse_user_crs,
)

FULIANG = (117.2, 29.4)  # lon, lat


def project(epsg: int, lon: float | list[float], lat: float | list[float]) -> tuple[np.ndarray, np.ndarray]:
    x, y = Transformer.from_crs(4490, epsg, always_xy=True).transform(np.atleast_1d(lon), np.atleast_1d(lat))
    return np.asarray(x), np.asarray(y)


# --- EPSG look-up ------------------------------------------------------------------------------------


@pytest.mark.parametrize("cm", range(75, 136, 3))
def test_gk_epsg_agrees_with_geo_crs_for_every_cgcs2000_zone(cm: int) -> None:
    assert gk_epsg(cm) == gk3_epsg(cm)
    assert gk_epsg(cm, zone_prefix=True) == gk3_epsg(cm, zone_prefix=True)


@pytest.mark.parametrize(
    ("cm", "width", "prefix", "datum", "code", "name"),
    [
        (117, 3, False, "cgcs2000", 4548, "CGCS2000 / 3-degree Gauss-Kruger CM 117E"),
        (117, 3, True, "cgcs2000", 4527, "CGCS2000 / 3-degree Gauss-Kruger zone 39"),
        (117, 6, False, "cgcs2000", 4509, "CGCS2000 / Gauss-Kruger CM 117E"),
        (117, 6, True, "cgcs2000", 4498, "CGCS2000 / Gauss-Kruger zone 20"),
        (117, 3, True, "xian80", 2363, "Xian 1980 / 3-degree Gauss-Kruger zone 39"),
        (117, 3, False, "xian80", 2384, "Xian 1980 / 3-degree Gauss-Kruger CM 117E"),
        (117, 3, True, "beijing54", 2415, "Beijing 1954 / 3-degree Gauss-Kruger zone 39"),
        (75, 3, False, "beijing54", 2422, "Beijing 1954 / 3-degree Gauss-Kruger CM 75E"),
    ],
)
def test_gk_epsg_finds_the_crs_by_its_epsg_name(
    cm: int, width: int, prefix: bool, datum: str, code: int, name: str
) -> None:
    assert gk_epsg(cm, width=width, zone_prefix=prefix, datum=datum) == code
    assert CRS.from_epsg(code).name == name


def test_gk_epsg_legacy_three_degree_zones_lie_in_their_epsg_ranges() -> None:
    xian = {gk_epsg(cm, datum="xian80", zone_prefix=p) for cm in range(75, 136, 3) for p in (True, False)}
    beijing = {gk_epsg(cm, datum="beijing54", zone_prefix=p) for cm in range(75, 136, 3) for p in (True, False)}
    assert len(xian) == len(beijing) == 42
    assert all(2327 <= c <= 2390 for c in xian)
    assert all(2401 <= c <= 2442 for c in beijing)


def test_gk_epsg_refuses_what_epsg_does_not_have() -> None:
    with pytest.raises(ValueError, match="EPSG has no CRS"):
        gk_epsg(118)  # not a central meridian
    with pytest.raises(ValueError, match="unknown datum"):
        gk_epsg(117, datum="tokyo")
    with pytest.raises(ValueError, match="3 or 6"):
        gk_epsg(117, width=4)


def test_gk6_central_meridian() -> None:
    assert gk6_central_meridian(117.2) == 117
    assert gk6_central_meridian(120.0) == 123  # zone 21 covers 120–126
    with pytest.raises(ValueError, match="outside China"):
        gk6_central_meridian(10.0)


def test_parse_user_crs_accepts_codes_and_refuses_nonsense() -> None:
    assert parse_user_crs(4527).to_epsg() == 4527
    assert parse_user_crs(" EPSG:4490 ").to_epsg() == 4490
    assert parse_user_crs("4548").to_epsg() == 4548
    with pytest.raises(CrsGuessError) as info:
        parse_user_crs("西安80")
    assert "EPSG" in info.value.zh
    assert "EPSG" in info.value.en


# --- guesses from coordinate ranges ---------------------------------------------------------------------


def test_guess_geographic_is_cgcs2000_and_says_so() -> None:
    decision = guess_crs(np.array([117.2, 117.5]), np.array([29.4, 29.5]))
    assert decision.crs.to_epsg() == 4490
    assert decision.guessed
    assert not decision.swap_xy
    (note,) = decision.notes
    assert "CGCS2000" in note.zh
    assert "GCJ-02" in note.en


def test_guess_prefixed_three_degree_zone() -> None:
    x, y = project(4527, *FULIANG)
    assert 39_000_000 < x[0] < 40_000_000
    decision = guess_crs(x, y)
    assert decision.crs.to_epsg() == 4527
    assert "39" in decision.notes[0].zh
    assert "EPSG:4527" in decision.notes[0].en
    assert "EPSG:2363" in decision.notes[0].en  # the Xi'an 80 code of the same zone, to pick instead


def test_guess_prefixed_six_degree_zone() -> None:
    x, y = project(4498, *FULIANG)  # CGCS2000 6-degree zone 20
    assert 20_000_000 < x[0] < 21_000_000
    assert guess_crs(x, y).crs.to_epsg() == 4498


def test_guess_unprefixed_needs_the_county_longitude() -> None:
    x, y = project(4548, *FULIANG)
    with pytest.raises(CrsGuessError) as info:
        guess_crs(x, y)
    assert "带号" in info.value.zh
    assert "zone number" in info.value.en
    decision = guess_crs(x, y, near_lon=117.6)
    assert decision.crs.to_epsg() == 4548
    assert "117.6" in decision.notes[0].en


def test_guess_unprefixed_too_wide_for_a_three_degree_zone_is_six_degree() -> None:
    lons = [114.2, 119.8]  # ±2.8° around CM 117: only a 6-degree zone reaches that far
    x, y = project(4509, lons, [29.4, 29.4])
    decision = guess_crs(x, y, near_lon=117.0)
    assert decision.crs.to_epsg() == 4509


def test_guess_swapped_columns_only_when_allowed() -> None:
    x, y = project(4527, *FULIANG)
    with pytest.raises(CrsGuessError):
        guess_crs(y, x)
    decision = guess_crs(y, x, allow_swap=True)  # surveyors' X is the northing
    assert decision.crs.to_epsg() == 4527
    assert decision.swap_xy
    assert "swapped" in decision.notes[-1].en
    geographic = guess_crs(np.array([29.4]), np.array([117.2]), allow_swap=True)
    assert geographic.crs.to_epsg() == 4490
    assert geographic.swap_xy


@pytest.mark.parametrize(
    ("x", "y"),
    [([1e9], [1e9]), ([0.5], [0.5]), ([-100.0], [40.0]), ([39_512_345.0, 40_512_345.0], [3.2e6, 3.3e6])],
    ids=["huge", "gulf-of-guinea", "america", "two-zones"],
)
def test_guess_refuses_unrecognizable_ranges(x: list[float], y: list[float]) -> None:
    with pytest.raises(CrsGuessError) as info:
        guess_crs(np.array(x), np.array(y))
    assert "坐标系" in info.value.zh
    assert "CRS" in info.value.en


def test_guess_without_finite_coordinates() -> None:
    with pytest.raises(CrsGuessError, match="no valid coordinates"):
        guess_crs(np.array([np.nan]), np.array([np.nan]))


_china = st.tuples(st.floats(74.0, 134.5), st.floats(18.5, 53.0))


@given(points=st.lists(_china, min_size=1, max_size=5), prefix=st.booleans())
def test_guess_recovers_the_gauss_kruger_zone_of_projected_points(
    points: list[tuple[float, float]], prefix: bool
) -> None:
    """Points of one county (within 0.3° of the first) projected to their zone: the guess finds the zone back."""
    lon0, lat0 = points[0]
    lons = [lon0 + (lon - lon0) % 0.3 for lon, _ in points]
    lats = [lat0 + (lat - lat0) % 0.3 for _, lat in points]
    if gk3_epsg(min(lons)) != gk3_epsg(max(lons)):  # a county across a zone edge uses one zone; keep it simple
        lons = [lon0] * len(lons)
    epsg = gk3_epsg(lon0, zone_prefix=prefix)
    x, y = project(epsg, lons, lats)
    decision = guess_crs(x, y, near_lon=None if prefix else lon0)
    assert decision.crs.to_epsg() == epsg
    back_lon, back_lat = Transformer.from_crs(decision.crs, 4490, always_xy=True).transform(x, y)
    assert np.allclose(back_lon, lons, atol=1e-7)
    assert np.allclose(back_lat, lats, atol=1e-7)


@given(points=st.lists(_china, min_size=1, max_size=20))
def test_guess_takes_any_lon_lat_in_china_as_geographic(points: list[tuple[float, float]]) -> None:
    lons, lats = np.array(points).T
    assert guess_crs(lons, lats).crs.to_epsg() == 4490


# --- declared CRS checked against the coordinates ---------------------------------------------------------


def test_decide_keeps_a_declared_crs_that_fits() -> None:
    x, y = project(4548, *FULIANG)
    decision = decide_crs(x, y, file_crs=CRS.from_epsg(4548))
    assert decision.crs.to_epsg() == 4548
    assert not decision.guessed
    assert decision.notes == ()


def test_decide_replaces_a_declared_crs_the_coordinates_contradict() -> None:
    x, y = project(4527, *FULIANG)
    for wrong in (4326, 4548):  # WGS84 over metres; a zone without prefix over prefixed eastings
        decision = decide_crs(x, y, file_crs=CRS.from_epsg(wrong))
        assert decision.crs.to_epsg() == 4527
        assert decision.guessed
        assert f"EPSG:{wrong}" in decision.notes[0].en
        assert "does not match" in decision.notes[0].en


def test_decide_fails_when_the_declared_crs_is_wrong_and_nothing_fits() -> None:
    with pytest.raises(CrsGuessError) as info:
        decide_crs(np.array([1e9]), np.array([1e9]), file_crs=CRS.from_epsg(4326))
    assert "EPSG:4326" in info.value.en


def test_decide_user_crs_wins_over_the_file_and_is_checked() -> None:
    x, y = project(4548, *FULIANG)
    decision = decide_crs(x, y, file_crs=CRS.from_epsg(4547), user_crs=4548)
    assert decision.crs.to_epsg() == 4548
    assert "EPSG:4547" in decision.notes[0].en
    with pytest.raises(CrsGuessError, match="do not land in China"):
        decide_crs(x, y, file_crs=None, user_crs=4326)


def test_legacy_datum_is_flagged() -> None:
    note = legacy_datum_note(CRS.from_epsg(2363))
    assert note is not None
    assert "Xian 1980" in note.en
    assert "西安" not in note.en
    assert "数十米" in note.zh
    assert legacy_datum_note(CRS.from_epsg(4214)) is not None  # Beijing 1954 geographic
    assert legacy_datum_note(CRS.from_epsg(4527)) is None
    x, y = project(2363, *FULIANG)
    assert legacy_datum_note(decide_crs(x, y, file_crs=CRS.from_epsg(2363)).crs) is not None
    assert any("legacy datum" in n.en for n in decide_crs(x, y, file_crs=CRS.from_epsg(2363)).notes)


def test_fits_crs_and_describe() -> None:
    assert fits_crs(np.array([117.2]), np.array([29.4]), CRS.from_epsg(4490))
    assert not fits_crs(np.array([29.4]), np.array([117.2]), CRS.from_epsg(4490))
    assert fits_crs(np.array([np.nan]), np.array([np.nan]), CRS.from_epsg(4490))
    assert describe_crs(CRS.from_epsg(4527)) == "EPSG:4527 CGCS2000 / 3-degree Gauss-Kruger zone 39"
    assert describe_crs(None) is None
