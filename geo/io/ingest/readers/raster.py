"""GeoTIFF rasters (DEM, population): band 1 read, size bounded, CRS decided but the grid kept in its own CRS."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import rasterio
from pyproj import CRS

from geo.core.store import RasterGrid
from geo.io.ingest import uploads
from geo.io.ingest.crs_guess import CrsGuessError, Note, decide_crs, describe_crs
from geo.io.ingest.readers.common import RasterSource, fail, pick_member, shown_name
from geo.text.i18n import both

MAX_RASTER_CELLS = 200_000_000  # 800 MB as float32; a county DEM at 10 m is ~30 M cells


def read_raster_source(
    path: Path, *, display_name: str | None = None, crs: str | int | None = None, near_lon: float | None = None
) -> RasterSource:
    """Read band 1 of a GeoTIFF into a :class:`RasterSource`, deciding its CRS like :func:`read_source`.

    The grid stays in its own CRS (a guessed or chosen one is attached); the store and the
    analysis reproject rasters where needed.
    """
    path = Path(path)
    shown = shown_name(path, display_name)
    if path.is_dir():
        member, _ = pick_member(path, shown, None)
        return read_raster_source(
            member.path, display_name=display_name or member.display_name, crs=crs, near_lon=near_lon
        )
    if not path.is_file():
        raise fail(shown, *both("read.file_not_found"))
    if path.stat().st_size == 0:
        raise fail(shown, *both("read.file_empty_0_bytes"))
    if path.suffix.lower() not in uploads.RASTER_SUFFIXES:
        raise fail(shown, *both("read.raster.rasters_must_geotiff_tif"))
    notes: list[Note] = []
    try:
        with warnings.catch_warnings():  # an ungeoreferenced file is reported below, not warned about
            warnings.simplefilter("ignore", rasterio.errors.NotGeoreferencedWarning)
            src = rasterio.open(path)
        with src:
            if src.width * src.height > MAX_RASTER_CELLS:
                raise fail(
                    shown,
                    *both(
                        "read.raster.raster_too_large_cells", width=src.width, height=src.height, limit=MAX_RASTER_CELLS
                    ),
                )
            if src.count > 1:
                notes.append(Note(*both("read.raster.raster_bands_read_band", count=src.count)))
            if src.transform.is_identity:
                raise fail(
                    shown,
                    *both("read.raster.raster_not_georeferenced_no"),
                )
            values = src.read(1)
            transform, nodata = src.transform, src.nodata
            file_crs = CRS(src.crs) if src.crs else None
            west, south, east, north = src.bounds
    except rasterio.errors.RasterioError as exc:
        raise fail(
            shown,
            *both("read.raster.cannot_read_raster_file", exc=exc),
        ) from exc
    try:
        decision = decide_crs(
            np.array([west, east, west, east]),
            np.array([south, south, north, north]),
            file_crs=file_crs,
            user_crs=crs,
            near_lon=near_lon,
        )
    except CrsGuessError as exc:
        raise fail(shown, exc.zh, exc.en) from exc
    notes.extend(decision.notes)
    grid = RasterGrid(values, transform, decision.crs, nodata)
    return RasterSource(grid, shown, describe_crs(file_crs), describe_crs(decision.crs), notes)
