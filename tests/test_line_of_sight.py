"""Exact line of sight: hand-drawn GeoTIFF DEMs (written with rasterio, read as a bureau's file is)
with the answers worked out in the comments, and properties against a dense brute force.

Numbers used below: k = 4/3, R = 6 371 000 m, so 2·k·R = 16 989 333.3 m and the earth bulge at
d1 from the site and d2 from the village is d1·d2 / 16 989 333.3 m.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from pyproj import CRS

from geo.analysis.terrain import (
    EARTH_RADIUS_M,
    RADIO_K_FACTOR,
    Surface,
    line_of_sight,
    sight_margin,
)
from geo.core.store import RasterGrid
from geo.io.ingest.readers.raster import read_raster_source

GK = CRS.from_epsg(4548)  # CGCS2000 / 3-degree Gauss-Krüger CM 117E, metres
X0, Y0 = 500_000.0, 3_300_000.0  # the DEM's upper-left corner
TWO_K_R = 2.0 * (4.0 / 3.0) * 6_371_000.0  # 16 989 333.3 m


def write_dem(path: Path, values: np.ndarray, cell: float = 100.0) -> Surface:
    """Write ``values`` (row 0 = north) as a GeoTIFF with 100 m cells from (X0, Y0), read it back."""
    values = np.asarray(values, dtype=np.float32)
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=values.shape[1],
        height=values.shape[0],
        count=1,
        dtype="float32",
        crs="EPSG:4548",
        transform=Affine(cell, 0, X0, 0, -cell, Y0),
        nodata=-9999.0,
    ) as dst:
        dst.write(values, 1)
    return Surface.from_grid(read_raster_source(path).grid, GK)


def at(col: float, row: float, cell: float = 100.0) -> list[float]:
    """Coordinates of a fractional grid position (0, 0 = centre of the north-west cell)."""
    return [X0 + (col + 0.5) * cell, Y0 - (row + 0.5) * cell]


def test_constants_are_the_radio_ones() -> None:
    # k = 4/3 is 1 / (1 − 0.25): refraction coefficient 0.25 of the standard radio atmosphere.
    assert math.isclose(RADIO_K_FACTOR, 1.0 / (1.0 - 0.25))
    assert math.isclose(2.0 * RADIO_K_FACTOR * EARTH_RADIUS_M, TWO_K_R)


def test_a_ridge_between_the_old_100_m_samples_blocks_by_one_metre(tmp_path: Path) -> None:
    # 3 × 12 cells of 100 m, flat 0 m but column 5 (centre x = X0 + 550), which is a ridge running
    # north–south. The site stands at the west edge (x = X0, 30 m mast), the village 1,000 m east
    # (x = X0 + 1000, 1.5 m), both on the middle row, so the line is level across the rows.
    # Sight line at the crest (t = 0.55): 30 − 0.55 · 28.5 = 14.325 m; bulge 550 · 450 / 16 989 333.3
    # = 0.0146 m. Ridge 15.325 m → margin 14.325 − 15.325 − 0.0146 = −1.0146 m: blocked.
    # Ridge 13.325 m → margin +0.9854 m: visible.
    values = np.zeros((3, 12))
    values[:, 5] = 15.325
    blocking = write_dem(tmp_path / "ridge.tif", values)
    values[:, 5] = 13.325
    clear = write_dem(tmp_path / "low_ridge.tif", values)
    site, village = np.array([[X0, Y0 - 150.0]]), np.array([[X0 + 1000.0, Y0 - 150.0]])
    assert sight_margin(site, 30.0, village, 1.5, blocking)[0] == pytest.approx(-1.0146, abs=1e-4)
    assert not line_of_sight(site, 30.0, village, 1.5, blocking)[0]
    assert sight_margin(site, 30.0, village, 1.5, clear)[0] == pytest.approx(0.9854, abs=1e-4)
    assert line_of_sight(site, 30.0, village, 1.5, clear)[0]
    # Sampled every 100 m (the old way: x = X0 + 100, …, X0 + 900, all on cell edges) the ridge shows
    # only half its height, 7.66 m at x = X0 + 500 and X0 + 600, far below the 15.75 / 12.9 m line:
    # every sample clears, which is how the crest used to be missed.
    x = X0 + 100.0 * np.arange(1, 10)
    ground = blocking.sample(x, np.full(9, Y0 - 150.0))
    assert ground.max() == pytest.approx(15.325 / 2)
    assert (ground < 30.0 - (x - X0) / 1000.0 * 28.5).all()


def test_a_crest_inside_a_cell_is_found(tmp_path: Path) -> None:
    # 4 × 4 cells, all 0 m but (row 1, col 2) at 10 m and (row 2, col 2) at 40 m. The sight line
    # runs diagonally between cell centres (col 0, row 3) and (col 3, row 0), both on 0 m ground,
    # 3 · 100 · √2 = 424.26 m; it crosses the centre rows/columns only at (1, 2) and (2, 1), a third
    # and two thirds along. On the patch between them (corners (1,1) = 0, (2,1) = 10, (1,2) = 0,
    # (2,2) = 40 m as (col, row)) the line has fc = s, fr = 1 − s, so the terrain is
    # 10·s² + 40·s·(1 − s) = 40s − 30s²: a crest of 13.333 m at s = 2/3 (t = 5/9), where the line
    # crosses no row or column and which is not the piece's midpoint (12.5 m at s = 1/2). Before
    # the patch the terrain is 0, after it 10·(1 − s')² ≤ 10 m.
    # Bulge at t = 5/9: (5/9)(4/9) · 424.26² / 16 989 333.3 = 44 444.4 / 16 989 333.3 = 0.0026 m.
    # Masts of 13 m at both ends: the line is level at 13 m → margin 13 − 13.3333 − 0.0026 = −0.3359 m:
    # blocked. Masts of 14 m → margin +0.6641 m: visible.
    # The old sampling (every 100 m: ceil(4.24) − 1 = 4 samples at t = 1/5 … 4/5, terrain 0, 6.8,
    # 12.8, 3.6 m) stays below 13 m and misses the crest, and so would the knots (0, 10 m) with
    # the piece midpoints (12.5 m): only the closed-form top of the quadratic finds it.
    values = np.zeros((4, 4))
    values[1, 2], values[2, 2] = 10.0, 40.0
    surface = write_dem(tmp_path / "peak.tif", values)
    a, b = np.array([at(0.0, 3.0)]), np.array([at(3.0, 0.0)])
    assert sight_margin(a, 13.0, b, 13.0, surface)[0] == pytest.approx(-0.3359, abs=1e-4)
    assert not line_of_sight(a, 13.0, b, 13.0, surface)[0]
    assert sight_margin(a, 14.0, b, 14.0, surface)[0] == pytest.approx(0.6641, abs=1e-4)
    assert line_of_sight(a, 14.0, b, 14.0, surface)[0]
    t = np.array([0.2, 0.4, 0.6, 0.8])
    old = surface.sample(a[0, 0] + t * (b[0, 0] - a[0, 0]), a[0, 1] + t * (b[0, 1] - a[0, 1]))
    assert old == pytest.approx([0.0, 6.8, 12.8, 3.6])


def test_the_four_thirds_earth_bulge_blocks_a_long_flat_path(tmp_path: Path) -> None:
    # Flat ground at 0 m, 3 × 280 cells of 100 m (28 km). Masts of 10 m at both ends, so the
    # straight line is 10 m above the ground all the way: clear on a flat earth.
    # 26 km: bulge at the middle 13 000² / 16 989 333.3 = 9.947 m < 10 → visible, margin 0.053 m.
    # 27 km: 13 500² / 16 989 333.3 = 10.727 m > 10 → blocked, margin −0.727 m.
    # With the optical k = 1 / (1 − 0.13) the 26 km path would be blocked too:
    # 13 000² / (2 · 1.1494 · 6 371 000) = 11.54 m.
    surface = write_dem(tmp_path / "flat.tif", np.zeros((3, 280)))
    site = np.array([at(0.0, 1.0)] * 2)
    village = np.array([at(260.0, 1.0), at(270.0, 1.0)])
    margin = sight_margin(site, 10.0, village, 10.0, surface)
    assert margin == pytest.approx([10.0 - 9.947, 10.0 - 10.727], abs=1e-3)
    assert line_of_sight(site, 10.0, village, 10.0, surface).tolist() == [True, False]
    assert line_of_sight(site, 10.0, village, 10.0, surface, curvature=False).tolist() == [True, True]
    assert line_of_sight(site, 10.0, village, 10.0, surface, k_factor=1.0 / (1.0 - 0.13)).tolist() == [False, False]


def test_nodata_never_blocks_and_the_ends_bound_the_margin(tmp_path: Path) -> None:
    # The 15.325 m ridge of the first test, but stored as nodata (−9999): nothing under the line
    # rises above it; the margin is then the lower end, the 1.5 m receiver.
    values = np.zeros((3, 12))
    values[:, 5] = -9999.0
    surface = write_dem(tmp_path / "hole.tif", values)
    site, village = np.array([[X0, Y0 - 150.0]]), np.array([[X0 + 1000.0, Y0 - 150.0]])
    assert sight_margin(site, 30.0, village, 1.5, surface)[0] == pytest.approx(1.5)
    # A village off the DEM has no ground: +inf (reported visible, no evidence either way).
    assert sight_margin(site, 30.0, np.array([[X0 + 5000.0, Y0 - 150.0]]), 1.5, surface)[0] == math.inf


# --- properties -------------------------------------------------------------------------------

CELL = 100.0


def grid(values: np.ndarray) -> Surface:
    rows = values.shape[0]
    return Surface.from_grid(RasterGrid(np.asarray(values, dtype=float), Affine(CELL, 0, 0, 0, -CELL, rows * CELL), GK))


def dense_margin(surface: Surface, a: np.ndarray, ha: float, b: np.ndarray, hb: float, n: int) -> float:
    """Brute force: the margin at n + 1 evenly spaced points, ends included (4/3 earth)."""
    t = np.linspace(0.0, 1.0, n + 1)
    x, y = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
    za, zb = surface.sample(a[:1], a[1:])[0] + ha, surface.sample(b[:1], b[1:])[0] + hb
    length = math.hypot(*(b - a))
    f = surface.sample(x, y) + length**2 * t * (1 - t) / TWO_K_R - (za + t * (zb - za))
    return float(-np.nanmax(f))


def slope_bound(values: np.ndarray) -> float:
    """Upper bound of the bilinear surface's gradient (m/m): √2 · largest neighbour step / cell."""
    steps = max(np.abs(np.diff(values, axis=0)).max(initial=0), np.abs(np.diff(values, axis=1)).max(initial=0))
    return math.sqrt(2.0) * steps / CELL


point = st.tuples(st.floats(1, 799), st.floats(1, 799))
terrain = hnp.arrays(np.float64, (8, 8), elements=st.floats(0, 200))


@settings(max_examples=60, deadline=None)
@given(terrain, point, point, st.floats(0, 50), st.floats(0, 50), st.floats(1, 60))
def test_halving_the_step_changes_nothing(
    values: np.ndarray, a: tuple[float, float], b: tuple[float, float], ha: float, hb: float, step: float
) -> None:
    # The knots make the margin exact, so extra samples every `step` m, or every step/2 m, give
    # the same margin (to rounding) and the same answer unless the crest is within a hair of the ray.
    surface = grid(values)
    obs, tgt = np.array([a]), np.array([b])
    exact = sight_margin(obs, ha, tgt, hb, surface)[0]
    coarse = sight_margin(obs, ha, tgt, hb, surface, step=step)[0]
    fine = sight_margin(obs, ha, tgt, hb, surface, step=step / 2)[0]
    assert coarse == pytest.approx(exact, abs=1e-6)
    assert fine == pytest.approx(exact, abs=1e-6)
    if abs(exact) > 1e-6:
        assert (
            line_of_sight(obs, ha, tgt, hb, surface, step=step)[0]
            == line_of_sight(obs, ha, tgt, hb, surface, step=step / 2)[0]
            == (exact >= 0)
        )


@settings(max_examples=60, deadline=None)
@given(terrain, point, point, st.floats(0, 50), st.floats(0, 50))
def test_the_margin_agrees_with_a_dense_brute_force(
    values: np.ndarray, a: tuple[float, float], b: tuple[float, float], ha: float, hb: float
) -> None:
    # The brute force sees a subset of the line, so its margin is never lower; and f (terrain +
    # bulge − sight) changes by at most G per metre along the line, G = slope bound + sight slope
    # + bulge slope, so the highest point is within half a spacing of a brute-force point.
    surface = grid(values)
    obs, tgt = np.array(a), np.array(b)
    exact = sight_margin(obs[None], ha, tgt[None], hb, surface)[0]
    n = 4000
    brute = dense_margin(surface, obs, ha, tgt, hb, n)
    length = math.hypot(*(tgt - obs))
    sight = abs(surface.sample(tgt[:1], tgt[1:])[0] + hb - surface.sample(obs[:1], obs[1:])[0] - ha)
    g = slope_bound(values) + (sight / length if length else 0.0) + length / TWO_K_R
    assert exact <= brute + 1e-9
    assert exact >= brute - g * length / n / 2 - 1e-9


@settings(max_examples=80, deadline=None)
@given(
    hnp.arrays(np.float64, (8, 8), elements=st.floats(0, 35)),
    point,
    point,
    st.floats(0, 40),
    st.floats(0, 2 * math.pi),
)
def test_a_village_moved_one_metre_flips_only_next_to_a_crest(
    values: np.ndarray, a: tuple[float, float], b: tuple[float, float], h_site: float, angle: float
) -> None:
    # Gentle terrain: neighbour cells differ by ≤ 35 m over 100 m, so the surface's slope is at
    # most G = √2 · 0.35 = 0.495. Moving the village by 1 m moves every point of the sight line
    # (at the same fraction t) by ≤ 1 m: the terrain under it changes by ≤ G · 1 m, the line's
    # end (ground at the village + 1.5 m) by ≤ G · 1 m, and the bulge by < 0.001 m. So the margin
    # moves by < 2G + 0.001 ≤ 0.991 m: when no crest comes within 1 m of the ray (|margin| ≥ 1 m),
    # the answer cannot flip.
    surface = grid(values)
    moved = (b[0] + math.cos(angle), b[1] + math.sin(angle))
    assume(0.5 <= moved[0] <= 799.5 and 0.5 <= moved[1] <= 799.5)
    obs, tgt, tgt2 = np.array([a]), np.array([b]), np.array([moved])
    before = sight_margin(obs, h_site, tgt, 1.5, surface)[0]
    after = sight_margin(obs, h_site, tgt2, 1.5, surface)[0]
    assert abs(after - before) <= 2 * slope_bound(values) + 1e-3
    if abs(before) >= 1.0:
        assert line_of_sight(obs, h_site, tgt, 1.5, surface)[0] == line_of_sight(obs, h_site, tgt2, 1.5, surface)[0]
