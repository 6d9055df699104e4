"""DEM sampling and line of sight: hand-made DEMs with answers in the comments."""

from __future__ import annotations

import numpy as np
from affine import Affine
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from pyproj import CRS, Transformer

from geo.analysis.terrain import Surface, line_of_sight
from geo.core.store import RasterGrid

GK = CRS.from_epsg(4548)


def grid(values: np.ndarray, cell: float = 10.0, *, x0: float = 0.0, nodata: float | None = None) -> RasterGrid:
    rows = values.shape[0]
    return RasterGrid(np.asarray(values, dtype=float), Affine(cell, 0, x0, 0, -cell, rows * cell), GK, nodata)


def ridge_dem(height: float = 100.0) -> RasterGrid:
    # 200 × 50 cells of 10 m (x 0–2000, y 0–500), flat 0 m, a ridge of `height` for 950 ≤ x ≤ 1050.
    x = (np.arange(200) + 0.5) * 10
    values = np.zeros((50, 200))
    values[:, (x >= 950) & (x <= 1050)] = height
    return grid(values)


def test_bilinear_sampling_between_cell_centres() -> None:
    # Cell centres at x = 5 (0 m) and 15 (10 m): halfway, x = 10 gives 5 m; outside the grid NaN.
    dem = grid(np.array([[0.0, 10.0], [0.0, 10.0]]))
    z = Surface.from_grid(dem).sample(np.array([5.0, 10.0, 15.0, 12.5, 30.0]), np.array([10.0, 10.0, 10.0, 10.0, 10.0]))
    assert np.allclose(z[:4], [0, 5, 10, 7.5])
    assert np.isnan(z[4])


def test_ridge_blocks_the_valley_behind_it() -> None:
    dem = ridge_dem(100.0)
    towers = np.array([[500.0, 250.0]] * 3)
    targets = np.array([[1500.0, 250.0], [900.0, 250.0], [1500.0, 250.0]])
    heights = np.array([30.0, 30.0, 250.0])
    # 1: a 30 m mast, 1,000 m from a 100 m ridge halfway: line at the ridge ≈ 15.75 m → blocked.
    # 2: same side of the ridge → visible.
    # 3: a 250 m mast (e.g. on a hilltop): line at the ridge ≈ 125.75 m > 100 m → visible.
    assert line_of_sight(towers, heights, targets, 1.5, dem).tolist() == [False, True, True]


def test_low_ridge_does_not_block() -> None:
    dem = ridge_dem(10.0)  # 30 m mast → line at the ridge ≈ 15.75 m, above 10 m
    assert line_of_sight(np.array([[500.0, 250.0]]), 30.0, np.array([[1500.0, 250.0]]), 1.5, dem).tolist() == [True]


def test_earth_curvature_hides_a_low_target_beyond_the_radio_horizon() -> None:
    # Flat ground at 0 m, 100 m cells over 40 km. Radio horizon with k = 4/3 (R_eff = 8 495 km):
    # sqrt(2·R_eff·10) + sqrt(2·R_eff·1.5) ≈ 13.0 + 5.0 = 18.1 km. At 30 km: hidden with
    # curvature, visible on a flat earth; at 10 km visible either way.
    dem = grid(np.zeros((5, 400)), cell=100.0)
    obs = np.array([[50.0, 250.0], [50.0, 250.0]])
    tgt = np.array([[30_050.0, 250.0], [10_050.0, 250.0]])
    assert line_of_sight(obs, 10.0, tgt, 1.5, dem).tolist() == [False, True]
    assert line_of_sight(obs, 10.0, tgt, 1.5, dem, curvature=False).tolist() == [True, True]


def test_nodata_does_not_block_and_endpoints_without_ground_are_visible() -> None:
    values = ridge_dem(100.0).values.copy()
    values[:, 95:105] = -9999.0  # the ridge is nodata
    dem = grid(values, nodata=-9999.0)
    assert line_of_sight(np.array([[500.0, 250.0]]), 30.0, np.array([[1500.0, 250.0]]), 1.5, dem).tolist() == [True]
    # Target outside the DEM: no ground elevation → reported visible (no evidence either way).
    assert line_of_sight(np.array([[500.0, 250.0]]), 30.0, np.array([[5000.0, 250.0]]), 1.5, ridge_dem()).tolist() == [
        True
    ]


def test_dem_in_degrees_is_sampled_through_a_transform() -> None:
    # The same ridge stored in EPSG:4490 (degrees); sight lines are given in Gauss-Krüger metres.
    x0, y0 = 519_000.0, 3_248_000.0
    to_deg = Transformer.from_crs(GK, 4490, always_xy=True)
    lon0, lat0 = to_deg.transform(x0, y0)
    lon1, lat1 = to_deg.transform(x0 + 2000, y0 + 500)
    cols, rows = 400, 100
    dx, dy = (lon1 - lon0) / cols, (lat1 - lat0) / rows
    lon = lon0 + (np.arange(cols) + 0.5) * dx
    ridge_lon0, _ = to_deg.transform(x0 + 950, y0)
    ridge_lon1, _ = to_deg.transform(x0 + 1050, y0)
    values = np.zeros((rows, cols))
    values[:, (lon >= ridge_lon0) & (lon <= ridge_lon1)] = 100.0
    dem = RasterGrid(values, Affine(dx, 0, lon0, 0, -dy, lat1), CRS.from_epsg(4490), None)
    surface = Surface.from_grid(dem, GK)
    assert 4.0 < surface.cell_size < 6.0  # ≈ 5 m cells
    obs = np.array([[x0 + 500, y0 + 250], [x0 + 500, y0 + 250]])
    tgt = np.array([[x0 + 1500, y0 + 250], [x0 + 900, y0 + 250]])
    assert line_of_sight(obs, 30.0, tgt, 1.5, surface).tolist() == [False, True]


def test_chunking_gives_the_same_answer() -> None:
    rng = np.random.default_rng(1)
    dem = grid(rng.uniform(0, 60, (50, 200)))
    obs = rng.uniform([0, 0], [2000, 500], (300, 2))
    tgt = rng.uniform([0, 0], [2000, 500], (300, 2))
    whole = line_of_sight(obs, 30.0, tgt, 1.5, dem)
    assert np.array_equal(whole, line_of_sight(obs, 30.0, tgt, 1.5, dem, chunk_knots=97))
    assert 0 < whole.sum() < len(whole)


@settings(max_examples=40)
@given(
    hnp.arrays(np.float64, (8, 8), elements=st.floats(0, 200)),
    st.floats(0, 79),
    st.floats(0, 79),
    st.floats(0, 79),
    st.floats(0, 79),
    st.floats(0, 50),
    st.floats(0, 50),
)
def test_line_of_sight_is_symmetric(
    values: np.ndarray, x0: float, y0: float, x1: float, y1: float, h0: float, h1: float
) -> None:
    dem = grid(values)
    a, b = np.array([[x0, y0]]), np.array([[x1, y1]])
    assert line_of_sight(a, h0, b, h1, dem)[0] == line_of_sight(b, h1, a, h0, dem)[0]


@settings(max_examples=40)
@given(
    hnp.arrays(np.float64, (8, 8), elements=st.floats(0, 200)),
    st.floats(0, 79),
    st.floats(0, 79),
    st.floats(0, 79),
    st.floats(0, 79),
    st.floats(0, 50),
    st.floats(0, 50),
)
def test_a_taller_mast_never_sees_less(
    values: np.ndarray, x0: float, y0: float, x1: float, y1: float, h0: float, extra: float
) -> None:
    dem = grid(values)
    a, b = np.array([[x0, y0]]), np.array([[x1, y1]])
    if line_of_sight(a, h0, b, 1.5, dem)[0]:
        assert line_of_sight(a, h0 + extra, b, 1.5, dem)[0]
