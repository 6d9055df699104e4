"""Relief pictures from the DEM: Horn hillshade on hand-made planes, tint, transparency, warping."""

from __future__ import annotations

import numpy as np
import pytest
from affine import Affine
from pyproj import CRS, Transformer

from geo.core.store import RasterGrid
from geo.map.relief import (
    DEFAULT_RAMP,
    cell_size_m,
    hillshade,
    hypsometric_tint,
    relief_image,
    relief_rgba,
)
from tests.helpers_app import dem_grid


def plane(*, east: float = 0.0, north: float = 0.0, size: int = 7) -> np.ndarray:
    """Elevations on 1 m cells rising ``east`` m per m to the east and ``north`` m per m to the north."""
    cols, rows = np.meshgrid(np.arange(size, dtype=float), np.arange(size, dtype=float))
    return east * cols - north * rows  # rows run southwards


def test_flat_ground_gets_the_sine_of_the_sun_altitude() -> None:
    shade = hillshade(np.full((5, 5), 120.0), cell_x=30, cell_y=30, altitude_deg=45)
    assert shade == pytest.approx(np.full((5, 5), np.sin(np.radians(45))))


def test_slope_facing_the_sun_is_fully_lit_and_facing_away_is_dark() -> None:
    # A 45° slope rising to the east faces west: lit head-on by a 45° sun from the west,
    # grazed by one from the east (cos 90° = 0).
    dem = plane(east=1.0)
    assert hillshade(dem, cell_x=1, cell_y=1, azimuth_deg=270, altitude_deg=45) == pytest.approx(np.ones((7, 7)))
    assert hillshade(dem, cell_x=1, cell_y=1, azimuth_deg=90, altitude_deg=45) == pytest.approx(
        np.zeros((7, 7)), abs=1e-12
    )


def test_north_west_light_brightens_north_west_facing_slopes() -> None:
    flat = np.sin(np.radians(45))
    facing_north = hillshade(plane(north=-0.3), cell_x=1, cell_y=1)  # rises to the south
    facing_south = hillshade(plane(north=0.3), cell_x=1, cell_y=1)
    assert facing_north.mean() > flat > facing_south.mean()


def test_cell_size_scales_the_slope() -> None:
    # The same elevation steps over 10 m cells are a tenth of the slope.
    steep = hillshade(plane(east=1.0), cell_x=1, cell_y=1, azimuth_deg=90)
    gentle = hillshade(plane(east=1.0), cell_x=10, cell_y=10, azimuth_deg=90)
    assert gentle.mean() > steep.mean()


def test_tint_spans_the_ramp_and_nodata_is_transparent() -> None:
    values = np.array([[0.0, 50.0, 100.0], [np.nan, 100.0, 0.0]])
    rgb = hypsometric_tint(values, low=0.0, high=100.0)
    assert rgb[0, 0] == pytest.approx(np.array(DEFAULT_RAMP[0][1]) / 255)
    assert rgb[0, 2] == pytest.approx(np.array(DEFAULT_RAMP[-1][1]) / 255)
    rgba = relief_rgba(values, cell_x=30, cell_y=30)
    assert rgba.dtype == np.uint8
    assert rgba.shape == (2, 3, 4)
    assert rgba[1, 0, 3] == 0
    assert (rgba[0, :, 3] == 255).all()


def test_relief_image_is_placed_where_the_dem_is() -> None:
    grid = dem_grid()  # EPSG:4548, 100 m cells, nodata corner
    to_degrees = Transformer.from_crs(grid.crs, 4490, always_xy=True)
    west, south, east, north = grid.bounds
    corners = [to_degrees.transform(x, y) for x, y in ((west, south), (west, north), (east, south), (east, north))]
    for dst in (4490, 3857):
        image = relief_image(grid, dst_crs=dst)
        w, s, e, n = image.bounds
        assert w == pytest.approx(min(c[0] for c in corners), abs=2e-3)
        assert e == pytest.approx(max(c[0] for c in corners), abs=2e-3)
        assert s == pytest.approx(min(c[1] for c in corners), abs=2e-3)
        assert n == pytest.approx(max(c[1] for c in corners), abs=2e-3)
        assert image.latlon_bounds == [[s, w], [n, e]]
        assert image.rgba.shape[2] == 4
        assert image.rgba[0, 0, 3] == 0  # the nodata corner (and the warp margin) is transparent
        assert image.rgba[image.rgba.shape[0] // 2, image.rgba.shape[1] // 2, 3] == 255


def test_relief_image_is_bounded_in_size_and_encodes_as_png() -> None:
    image = relief_image(dem_grid(), dst_crs=3857, max_size=40)
    assert max(image.rgba.shape[:2]) <= 40
    assert image.to_png().startswith(b"\x89PNG\r\n\x1a\n")
    assert image.data_url().startswith("data:image/png;base64,iVBOR")
    assert image.to_webp()[8:12] == b"WEBP"
    assert image.data_url(image_format="webp").startswith("data:image/webp;base64,UklGR")


def test_geographic_dem_is_shaded_in_metres() -> None:
    transform = Affine(0.01, 0.0, 117.0, 0.0, -0.01, 30.5)  # EPSG:4490 is defined over China only
    grid = RasterGrid(np.zeros((100, 100), dtype="float32"), transform, CRS.from_epsg(4490), None)
    width, height = cell_size_m(grid)  # at the middle latitude, 30°
    assert width == pytest.approx(0.01 * 111_320 * np.cos(np.radians(30.0)), rel=1e-6)
    assert height == pytest.approx(0.01 * 111_320, rel=1e-6)
    assert relief_image(grid).rgba.shape[2] == 4


def test_rotated_grid_is_refused() -> None:
    grid = RasterGrid(np.zeros((3, 3)), Affine(1, 0.2, 0, 0.2, -1, 0), CRS.from_epsg(4548), None)
    with pytest.raises(ValueError, match="rotated"):
        relief_image(grid)
