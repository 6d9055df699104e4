"""Approximate areas: Voronoi cells of village points (and their natural villages), clipped to the county."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.analysis.approx_areas import SharedPointError, union_by, voronoi_areas

SQUARE = shapely.box(0, 0, 1000, 1000)


def test_two_villages_split_the_square_at_the_bisector() -> None:
    # Points at x = 250 and x = 750 (same y): the bisector is x = 500, each area is 500 × 1000 m.
    points = shapely.points([(250, 500), (750, 500)])
    areas = voronoi_areas(SQUARE, points, np.array(["a", "b"], dtype=object))
    assert list(areas.index) == ["a", "b"]
    assert areas["a"].area == pytest.approx(500_000)
    assert areas["a"].bounds == pytest.approx((0, 0, 500, 1000))


def test_natural_villages_extend_their_village() -> None:
    # Village a at (100, 500) with a natural village at (900, 900); b at (900, 100). Without the natural
    # village a's cell ends at the bisector of (100,500)-(900,100); with it, a also owns the top-right corner.
    points = shapely.points([(100, 500), (900, 100), (900, 900)])
    plain = voronoi_areas(SQUARE, points[:2], np.array(["a", "b"], dtype=object))
    weighted = voronoi_areas(SQUARE, points, np.array(["a", "b", "a"], dtype=object))
    assert not plain["a"].contains(points[2])
    assert weighted["a"].contains(points[2])
    assert weighted["a"].area + weighted["b"].area == pytest.approx(1_000_000)


def test_one_village_is_the_whole_county_and_repeats_count_once() -> None:
    points = shapely.points([(10, 10), (10, 10)])
    areas = voronoi_areas(SQUARE, points, np.array(["a", "a"], dtype=object))
    assert areas["a"].equals(SQUARE)


def test_two_villages_on_one_point_are_refused() -> None:
    points = shapely.points([(10, 10), (10, 10)])
    with pytest.raises(SharedPointError) as caught:
        voronoi_areas(SQUARE, points, np.array(["a", "b"], dtype=object))
    assert set(caught.value.codes) == {"a", "b"}


def test_townships_are_the_union_of_their_villages() -> None:
    # Four villages in the four quadrants; township t1 has the two on the left: the left half, 500 × 1000.
    points = shapely.points([(250, 250), (250, 750), (750, 250), (750, 750)])
    areas = voronoi_areas(SQUARE, points, np.array(["a", "b", "c", "d"], dtype=object))
    towns = union_by(areas, pd.Series(["t1", "t1", "t2", "t2"]))
    assert towns["t1"].area == pytest.approx(500_000)
    assert towns["t1"].covers(areas["a"])
    assert towns["t1"].covers(areas["b"])


COUNTY = shapely.Polygon([(0, 0), (4000, 0), (5000, 2500), (3000, 4000), (500, 3500), (1500, 1800)])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 5000), st.integers(0, 4000), st.integers(0, 9)),
        min_size=1,
        max_size=40,
        unique_by=lambda p: (p[0] // 20, p[1] // 20),
    )
)
def test_areas_tile_the_county_and_hold_their_points(raw: list[tuple[int, int, int]]) -> None:
    points = shapely.points([(x, y) for x, y, _ in raw])
    inside = shapely.contains_xy(COUNTY, [x for x, _, _ in raw], [y for _, y, _ in raw])
    if not inside.any():
        return
    codes = np.array([f"v{c}" for _, _, c in raw], dtype=object)[inside]
    points = points[inside]
    areas = voronoi_areas(COUNTY, points, codes)
    geoms = areas.to_numpy()
    assert sum(g.area for g in geoms) == pytest.approx(COUNTY.area, rel=1e-6)
    overlap = sum(shapely.intersection(a, b).area for i, a in enumerate(geoms) for b in geoms[i + 1 :])
    assert overlap <= 1e-6 * COUNTY.area
    for point, code in zip(points, codes, strict=True):
        assert areas[code].buffer(1e-6).contains(point)
    assert shapely.union_all(geoms).symmetric_difference(COUNTY).area <= 1e-6 * COUNTY.area
