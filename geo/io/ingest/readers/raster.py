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
        raise fail(shown, "找不到文件", "file not found")
    if path.stat().st_size == 0:
        raise fail(shown, "文件是空的（0 字节）", "the file is empty (0 bytes)")
    if path.suffix.lower() not in uploads.RASTER_SUFFIXES:
        raise fail(shown, "栅格请使用 GeoTIFF（.tif）格式", "rasters must be GeoTIFF (.tif)")
    notes: list[Note] = []
    try:
        with warnings.catch_warnings():  # an ungeoreferenced file is reported below, not warned about
            warnings.simplefilter("ignore", rasterio.errors.NotGeoreferencedWarning)
            src = rasterio.open(path)
        with src:
            if src.width * src.height > MAX_RASTER_CELLS:
                raise fail(
                    shown,
                    f"栅格过大（{src.width}×{src.height} 像元，上限 {MAX_RASTER_CELLS:,}），请先裁剪到本县",
                    f"raster too large ({src.width}×{src.height} cells, limit {MAX_RASTER_CELLS:,}); clip it to the county",
                )
            if src.count > 1:
                notes.append(
                    Note(f"栅格有 {src.count} 个波段，只读取第 1 个", f"the raster has {src.count} bands; read band 1")
                )
            if src.transform.is_identity:
                raise fail(
                    shown,
                    "栅格没有地理参考（缺少坐标信息或 .tfw 文件）",
                    "the raster is not georeferenced (no coordinates or .tfw world file)",
                )
            values = src.read(1)
            transform, nodata = src.transform, src.nodata
            file_crs = CRS(src.crs) if src.crs else None
            west, south, east, north = src.bounds
    except rasterio.errors.RasterioError as exc:
        raise fail(
            shown,
            f"无法读取栅格：文件可能已损坏或不完整（{exc}）",
            f"cannot read the raster: the file may be damaged or truncated ({exc})",
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
