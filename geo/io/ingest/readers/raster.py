"""GeoTIFF rasters (DEM, population): band 1 read, size bounded, CRS decided but the grid kept in its own CRS."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import rasterio
from pyproj import CRS

from geo.core.store import RasterGrid
from geo.io.ingest import limits, uploads
from geo.io.ingest.crs_guess import CrsGuessError, Note, decide_crs, describe_crs
from geo.io.ingest.readers.common import RasterSource, fail, pick_member, shown_name
from geo.text.i18n import both


def _check_declared_size(src: rasterio.DatasetReader, file_bytes: int, shown: str) -> None:
    """Refuse, from the header alone, a raster whose band 1 would not fit the memory an import may take.

    A sparse or tiled GeoTIFF of a few kilobytes can declare a grid of gigabytes (its tiles are
    absent or one repeated block); reading it would allocate all of it before any check.
    """
    cells = src.width * src.height
    if cells > limits.MAX_RASTER_CELLS:
        raise fail(
            shown,
            *both(
                "read.raster.raster_too_large_cells", width=src.width, height=src.height, limit=limits.MAX_RASTER_CELLS
            ),
        )
    declared = cells * np.dtype(src.dtypes[0]).itemsize
    if declared > limits.MAX_RASTER_BYTES:
        raise fail(
            shown,
            *both("input.raster_too_many_bytes", mb=declared / 2**20, limit_mb=limits.MAX_RASTER_BYTES / 2**20),
        )
    if declared >= limits.RASTER_EXPANSION_MIN_BYTES and declared > file_bytes * limits.MAX_RASTER_EXPANSION:
        raise fail(
            shown,
            *both("input.raster_sparse", mb=declared / 2**20, kb=file_bytes / 1024, width=src.width, height=src.height),
        )


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
            _check_declared_size(src, path.stat().st_size, shown)
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
