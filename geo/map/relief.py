"""Relief images from the DEM: hillshade and hypsometric tint as georeferenced RGBA pictures.

The shading is computed on the DEM's own metric (Gauss-Krüger) grid, where slopes are true,
and only the finished picture is warped to the display CRS. The result is an RGBA array plus
its bounds in degrees (CGCS2000, equal to WGS84 within centimetres), ready for a Leaflet
``ImageOverlay`` or a printed map. It needs no tiles and no internet: it is the offline base map.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from affine import Affine
from PIL import Image
from pyproj import CRS
from rasterio import crs as rio_crs
from rasterio.warp import Resampling, calculate_default_transform, reproject, transform_bounds

from geo.core.store import RasterGrid

GEOGRAPHIC_EPSG = 4490  # CGCS2000 geographic
WEB_MERCATOR_EPSG = 3857  # what Leaflet draws in
METRES_PER_DEGREE = 111_320.0  # along the equator / a meridian, close enough for shading

# Hypsometric ramp: (relative elevation 0–1, RGB). Muted greens to warm greys, so data layers
# drawn on top stay the strongest colours on the map.
DEFAULT_RAMP: tuple[tuple[float, tuple[int, int, int]], ...] = (
    (0.00, (226, 236, 214)),
    (0.25, (213, 226, 193)),
    (0.50, (227, 221, 188)),
    (0.75, (218, 202, 174)),
    (1.00, (236, 230, 222)),
)


@dataclass(frozen=True)
class RasterImage:
    """An RGBA picture (rows, cols, 4; uint8) with its extent.

    ``bounds`` is (west, south, east, north) in degrees. ``crs`` is the CRS of the picture's
    pixel grid: with EPSG:4490 the rows are evenly spaced in latitude, with EPSG:3857 in web
    Mercator metres (what Leaflet stretches an overlay in).
    """

    rgba: np.ndarray
    bounds: tuple[float, float, float, float]
    crs: CRS

    @property
    def latlon_bounds(self) -> list[list[float]]:
        """Bounds as ``[[south, west], [north, east]]``, the order Leaflet and folium use."""
        west, south, east, north = self.bounds
        return [[south, west], [north, east]]

    def to_png(self) -> bytes:
        """The picture as PNG bytes (lossless, with transparency), e.g. for printed maps."""
        buffer = io.BytesIO()
        Image.fromarray(self.rgba, mode="RGBA").save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()

    def to_webp(self, *, quality: int = 80) -> bytes:
        """The picture as lossy WebP with transparency: about a tenth of the PNG for a shaded relief."""
        buffer = io.BytesIO()
        Image.fromarray(self.rgba, mode="RGBA").save(buffer, format="WEBP", quality=quality, method=4)
        return buffer.getvalue()

    def data_url(self, *, image_format: str = "png") -> str:
        """The picture as a ``data:`` URL (``"png"`` or ``"webp"``), embeddable without a file server."""
        data = self.to_webp() if image_format == "webp" else self.to_png()
        mime = "image/webp" if image_format == "webp" else "image/png"
        return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def hillshade(
    values: np.ndarray,
    *,
    cell_x: float,
    cell_y: float,
    azimuth_deg: float = 315.0,
    altitude_deg: float = 45.0,
    z_factor: float = 1.0,
) -> np.ndarray:
    """Hillshade (0 = full shadow, 1 = fully lit) by Horn's 3×3 gradient, NaN where the DEM is NaN.

    ``values`` are elevations in metres on a north-up grid whose cells measure ``cell_x`` by
    ``cell_y`` metres. The light comes from ``azimuth_deg`` (clockwise from north; 315 = north-west,
    the cartographic convention) at ``altitude_deg`` above the horizon. Edge cells see their
    neighbours extrapolated linearly (exact on a plane). Formula: Burrough & McDonnell (1998), as in GDAL's ``gdaldem hillshade``.
    """
    z = np.asarray(values, dtype=float) * z_factor
    p = np.pad(z, 1, mode="reflect", reflect_type="odd") if min(z.shape) > 1 else np.pad(z, 1, mode="edge")
    a, b, c = p[:-2, :-2], p[:-2, 1:-1], p[:-2, 2:]
    d, f = p[1:-1, :-2], p[1:-1, 2:]
    g, h, i = p[2:, :-2], p[2:, 1:-1], p[2:, 2:]
    dz_dx = ((c + 2 * f + i) - (a + 2 * d + g)) / (8.0 * cell_x)  # rises to the east
    dz_dy = ((g + 2 * h + i) - (a + 2 * b + c)) / (8.0 * cell_y)  # rises to the south (rows go down)
    slope = np.arctan(np.hypot(dz_dx, dz_dy))
    aspect = np.arctan2(dz_dy, -dz_dx)
    zenith = np.radians(90.0 - altitude_deg)
    azimuth = np.radians((360.0 - azimuth_deg + 90.0) % 360.0)
    shade = np.cos(zenith) * np.cos(slope) + np.sin(zenith) * np.sin(slope) * np.cos(azimuth - aspect)
    return np.clip(shade, 0.0, 1.0)


def hypsometric_tint(
    values: np.ndarray,
    *,
    ramp: Sequence[tuple[float, tuple[int, int, int]]] = DEFAULT_RAMP,
    low: float | None = None,
    high: float | None = None,
) -> np.ndarray:
    """Colour elevations along ``ramp``; returns float RGB in 0–1 of shape (rows, cols, 3).

    The ramp spans ``low``–``high`` metres, by default the 2nd–98th percentiles of the valid
    cells, so one very high peak does not wash out the valleys. NaN cells get the first colour.
    """
    z = np.asarray(values, dtype=float)
    valid = z[np.isfinite(z)]
    if low is None or high is None:
        lo, hi = np.percentile(valid, [2, 98]) if valid.size else (0.0, 1.0)
        low = float(lo) if low is None else low
        high = float(hi) if high is None else high
    span = max(high - low, 1e-9)
    rel = np.clip((np.nan_to_num(z, nan=low) - low) / span, 0.0, 1.0)
    stops = np.array([s for s, _ in ramp], dtype=float)
    colours = np.array([c for _, c in ramp], dtype=float) / 255.0
    return np.stack([np.interp(rel, stops, colours[:, k]) for k in range(3)], axis=-1)


def relief_rgba(
    values: np.ndarray,
    *,
    cell_x: float,
    cell_y: float,
    tint: bool = True,
    shade_strength: float = 0.55,
) -> np.ndarray:
    """Blend hillshade with (optionally) the hypsometric tint into RGBA uint8; NaN cells are transparent.

    ``shade_strength`` (0–1) sets how dark the shadows get: a light relief keeps the thematic
    layers readable on a big screen.
    """
    shade = hillshade(values, cell_x=cell_x, cell_y=cell_y)
    # Flat ground (shade = sin(altitude) ≈ 0.71) keeps the base colour; slopes facing the light
    # get lighter, slopes facing away darker.
    flat = np.sin(np.radians(45.0))
    light = 1.0 + shade_strength * (np.nan_to_num(shade, nan=flat) - flat) / flat
    base = hypsometric_tint(values) if tint else np.full((*np.shape(values), 3), 0.93)
    rgb = np.clip(base * light[..., None], 0.0, 1.0)
    alpha = np.where(np.isfinite(np.asarray(values, dtype=float)), 255, 0).astype(np.uint8)
    return np.dstack([(rgb * 255.0 + 0.5).astype(np.uint8), alpha])


def _rasterio_crs(crs: CRS) -> rio_crs.CRS:
    """The same CRS for GDAL: by EPSG code when it has one (GDAL cannot pair some WKT2 datum ensembles)."""
    epsg = crs.to_epsg()
    return rio_crs.CRS.from_epsg(epsg) if epsg else rio_crs.CRS.from_wkt(crs.to_wkt())


def _grid_values(grid: RasterGrid) -> np.ndarray:
    """Elevations as float with nodata (and NaN) as NaN."""
    return grid.masked()


def cell_size_m(grid: RasterGrid) -> tuple[float, float]:
    """Cell width and height in metres; for a geographic grid, at its middle latitude."""
    transform = grid.transform
    if transform.b != 0 or transform.d != 0:
        raise ValueError("the DEM grid is rotated; only north-up grids are supported")
    if grid.crs.is_projected:
        return abs(transform.a), abs(transform.e)
    _, south, _, north = grid.bounds
    latitude = np.radians((south + north) / 2.0)
    return abs(transform.a) * METRES_PER_DEGREE * float(np.cos(latitude)), abs(transform.e) * METRES_PER_DEGREE


def relief_image(
    grid: RasterGrid,
    *,
    dst_crs: int | str | CRS = GEOGRAPHIC_EPSG,
    tint: bool = True,
    max_size: int = 1600,
) -> RasterImage:
    """The DEM's relief (hillshade, tinted by elevation) warped to ``dst_crs`` as an RGBA picture.

    The DEM is normally in the county's Gauss-Krüger zone; a geographic DEM works too (its
    cell size is converted to metres at its middle latitude). The default ``dst_crs`` is CGCS2000 geographic (EPSG:4490), the storage
    CRS; pass 3857 for a Leaflet ``ImageOverlay``, which stretches the picture linearly in web
    Mercator (a 4490 picture would sit up to ~50 m off in the middle of a county). The long
    side of the picture is at most ``max_size`` pixels, which bounds the web-map payload.
    """
    cell_x, cell_y = cell_size_m(grid)
    rgba = relief_rgba(_grid_values(grid), cell_x=cell_x, cell_y=cell_y, tint=tint)
    rows, cols = grid.shape
    dst = CRS.from_user_input(dst_crs)
    src_gdal, dst_gdal = _rasterio_crs(grid.crs), _rasterio_crs(dst)
    west, south, east, north = grid.bounds
    if grid.crs.equals(dst):  # GDAL finds no "operation" from a CRS to itself
        transform, width, height = grid.transform, cols, rows
    else:
        transform, width, height = calculate_default_transform(src_gdal, dst_gdal, cols, rows, west, south, east, north)
    scale = max(width, height) / max_size
    if scale > 1.0:
        transform = transform @ Affine.scale(scale)
        width, height = max(1, round(width / scale)), max(1, round(height / scale))
    out = np.zeros((4, height, width), dtype=np.uint8)
    for band in range(4):
        reproject(
            source=np.ascontiguousarray(rgba[..., band]),
            destination=out[band],
            src_transform=grid.transform,
            src_crs=src_gdal,
            dst_transform=transform,
            dst_crs=dst_gdal,
            resampling=Resampling.bilinear,
            src_nodata=None,
            dst_nodata=0,
        )
    minx, maxy = transform @ (0, 0)
    maxx, miny = transform @ (width, height)
    bounds = (minx, miny, maxx, maxy)
    if not dst.is_geographic:
        bounds = transform_bounds(dst_gdal, rio_crs.CRS.from_epsg(GEOGRAPHIC_EPSG), *bounds)
    west, south, east, north = (float(v) for v in bounds)
    return RasterImage(np.moveaxis(out, 0, -1).copy(), (west, south, east, north), dst)
