"""The GeoPackage store: one file holds every vector layer and raster of a dataset.

GeoPackage is the embedded default because QGIS opens it directly. Vector layers are written
with pyogrio; rasters (DEM, population) as GeoPackage gridded-coverage tables with rasterio, so
a county is one file to copy, back up and open.

Writes are atomic: the whole dataset is written to a temporary file beside the target and then
renamed over it; the previous file is kept in ``.versions/`` next to it, so a write can be
undone and a failed write changes nothing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import rasterio
from affine import Affine
from pyproj import CRS

from geo.errors import InputDataError, PlanningError, Problem

VERSIONS_DIR = ".versions"
DEFAULT_VERSIONS_KEPT = 10
_RASTER_DATA_TYPES = ("2d-gridded-coverage", "tiles")


@dataclass(frozen=True)
class RasterGrid:
    """A single-band raster held in memory: values, georeference and nodata."""

    values: np.ndarray
    transform: Affine
    crs: CRS
    nodata: float | None = None

    @property
    def shape(self) -> tuple[int, int]:
        """Rows and columns."""
        return self.values.shape  # type: ignore[return-value]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(minx, miny, maxx, maxy) in the raster's CRS."""
        rows, cols = self.shape
        return rasterio.transform.array_bounds(rows, cols, self.transform)[::1]  # type: ignore[no-any-return]

    def masked(self) -> np.ndarray:
        """Values as float with nodata replaced by NaN."""
        out = self.values.astype(float)
        if self.nodata is not None:
            out[self.values == self.nodata] = np.nan
        return out


@dataclass
class Dataset:
    """Every layer and raster of one county (or province) as read from the store."""

    layers: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    rasters: dict[str, RasterGrid] = field(default_factory=dict)
    source: str = "<memory>"

    def layer(self, name: str) -> gpd.GeoDataFrame:
        """Return layer ``name`` or raise a bilingual error naming the file."""
        if name not in self.layers:
            raise InputDataError([Problem(self.source, name, None, None, f"缺少图层“{name}”", f"layer '{name}' is missing")])
        return self.layers[name]


@dataclass(frozen=True)
class LayerInfo:
    """What the store holds under one name."""

    name: str
    kind: str  # "vector" or "raster"
    geometry_type: str | None
    features: int | None
    crs: str | None


def _raster_tables(path: Path) -> list[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        rows = con.execute(
            "SELECT table_name FROM gpkg_contents WHERE data_type IN (?, ?) ORDER BY table_name",
            _RASTER_DATA_TYPES,
        ).fetchall()
    return [r[0] for r in rows]


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise InputDataError([Problem(str(path), None, None, None, "找不到数据文件", "data file not found")])
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise InputDataError([Problem(str(path), None, None, None, "不是有效的 GeoPackage 文件（可能已损坏或被截断）", "not a valid GeoPackage (damaged or truncated?)")])


def list_layers(path: str | os.PathLike[str]) -> list[LayerInfo]:
    """List the vector layers and rasters stored in a GeoPackage."""
    path = Path(path)
    _require_file(path)
    infos: list[LayerInfo] = []
    for name, geometry_type in pyogrio.list_layers(path):
        info = pyogrio.read_info(path, layer=name)
        infos.append(LayerInfo(str(name), "vector", geometry_type, int(info["features"]), info["crs"]))
    for table in _raster_tables(path):
        with rasterio.open(f"GPKG:{path}:{table}") as src:
            infos.append(LayerInfo(table, "raster", None, None, src.crs.to_string() if src.crs else None))
    return infos


def read_layer(path: str | os.PathLike[str], name: str) -> gpd.GeoDataFrame:
    """Read one vector layer (fast Arrow path)."""
    path = Path(path)
    _require_file(path)
    names = [str(n) for n, _ in pyogrio.list_layers(path)]
    if name not in names:
        raise InputDataError([Problem(str(path), name, None, None, f"缺少图层“{name}”（现有：{', '.join(names)}）", f"layer '{name}' is missing (present: {', '.join(names)})")])
    return pyogrio.read_dataframe(path, layer=name, use_arrow=True)


def read_raster(path: str | os.PathLike[str], name: str) -> RasterGrid:
    """Read one raster table into memory."""
    with rasterio.open(f"GPKG:{Path(path)}:{name}") as src:
        return RasterGrid(src.read(1), src.transform, CRS(src.crs), src.nodata)


def read_dataset(path: str | os.PathLike[str], *, layers: Iterable[str] | None = None) -> Dataset:
    """Read every vector layer and raster of a GeoPackage (or only ``layers``)."""
    path = Path(path)
    _require_file(path)
    wanted = set(layers) if layers is not None else None
    dataset = Dataset(source=str(path))
    try:
        for name, _ in pyogrio.list_layers(path):
            if wanted is None or name in wanted:
                dataset.layers[str(name)] = pyogrio.read_dataframe(path, layer=name, use_arrow=True)
        for table in _raster_tables(path):
            if wanted is None or table in wanted:
                dataset.rasters[table] = read_raster(path, table)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, rasterio.errors.RasterioIOError, sqlite3.DatabaseError) as exc:
        raise InputDataError([Problem(str(path), None, None, None, f"无法读取（{exc}）", f"cannot be read ({exc})")]) from exc
    return dataset


def _write_raster(path: Path, name: str, grid: RasterGrid) -> None:
    rows, cols = grid.shape
    profile = {
        "driver": "GPKG", "width": cols, "height": rows, "count": 1,
        "dtype": "float32", "crs": grid.crs, "transform": grid.transform,
    }
    with rasterio.open(path, "w", RASTER_TABLE=name, APPEND_SUBDATASET="YES", TILE_FORMAT="TIFF", **profile) as dst:
        values = grid.values.astype("float32")
        if grid.nodata is not None:
            values = np.where(grid.values == grid.nodata, np.nan, values).astype("float32")
        dst.write(values, 1)


def _write_all(path: Path, layers: Mapping[str, gpd.GeoDataFrame], rasters: Mapping[str, RasterGrid]) -> None:
    for name, frame in layers.items():
        pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG")
    for name, grid in rasters.items():
        _write_raster(path, name, grid)


def write_dataset(
    path: str | os.PathLike[str],
    dataset: Dataset,
    *,
    validator: Callable[[Dataset], list[Problem]] | None = None,
    keep_versions: int = DEFAULT_VERSIONS_KEPT,
) -> Path:
    """Write a dataset atomically; keep the file it replaces in ``.versions/``.

    If ``validator`` finds problems, raise :class:`InputDataError` and write nothing. The new
    file is first written completely to a temporary file in the same folder, then renamed over
    the target (an atomic rename on the same file system): readers see the old file or the new
    one, never half of one. Returns the path of the kept previous version, or the target path
    when there was none.
    """
    path = Path(path)
    if validator is not None:
        problems = validator(dataset)
        if problems:
            raise InputDataError(problems, summary=f"nothing written to {path.name}: {len(problems)} problem(s) / 未写入：发现 {len(problems)} 处问题")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".gpkg.tmp", dir=path.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    tmp.unlink()  # GDAL must create the file itself
    try:
        _write_all(tmp, dataset.layers, dataset.rasters)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    kept = path
    if path.exists():
        kept = _keep_version(path, keep_versions)
    os.replace(tmp, path)
    return kept


def _keep_version(path: Path, keep: int) -> Path:
    versions = path.parent / VERSIONS_DIR
    versions.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
    kept = versions / f"{path.stem}.{stamp}{path.suffix}"
    shutil.copy2(path, kept)
    for old in list_versions(path)[keep:]:
        old.unlink()
    return kept


def list_versions(path: str | os.PathLike[str]) -> list[Path]:
    """Earlier versions of a store file, newest first."""
    path = Path(path)
    versions = path.parent / VERSIONS_DIR
    if not versions.is_dir():
        return []
    return sorted(versions.glob(f"{path.stem}.*{path.suffix}"), reverse=True)


def restore_previous(path: str | os.PathLike[str]) -> Path:
    """Undo the last write: put the newest kept version back (atomically) and return it."""
    path = Path(path)
    versions = list_versions(path)
    if not versions:
        raise PlanningError(f"no earlier version of {path.name} to restore / {path.name} 没有可恢复的旧版本")
    newest = versions[0]
    tmp = path.with_name(f".{path.stem}.restore.tmp")
    shutil.copy2(newest, tmp)
    os.replace(tmp, path)
    newest.unlink()
    return newest
