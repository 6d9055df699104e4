"""The GeoPackage store: one file holds every vector layer and raster of a dataset.

GeoPackage is the embedded default because QGIS opens it directly. Vector layers are written
with pyogrio; rasters (DEM, population) as GeoPackage gridded-coverage tables with rasterio, so
a county is one file to copy, back up and open.

A dataset may carry a "data as of" date (:attr:`Dataset.as_of`, the day its ledgers describe):
it is kept in the GeoPackage's metadata (key ``as_of``, ISO date) of every vector layer, so
reports of a stored dataset do not drift with the clock. Layer rather than dataset-level
metadata, because GDAL 3.12 writes a ``.aux.xml`` file beside a GeoPackage with dataset-level
metadata whenever pyogrio merely reads it.

Writes are atomic: the whole dataset is written to a temporary file beside the target and then
renamed over it; the previous file is kept in ``.versions/`` next to it, so a write can be
undone and a failed write changes nothing. Only once the new file is in place are the oldest
versions pruned to ``keep_versions`` (the newest, which undo needs next, is always kept). Undo
(:func:`restore_previous`) moves the state it replaces into ``.versions/redo/`` under the name of
the version it restored, so :func:`restore_next` (redo) can put it back byte for byte; a new
write clears the redo slots.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import struct
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import rasterio
from affine import Affine
from pyproj import CRS
from pyproj.exceptions import CRSError

from geo.core.errors import InputDataError, PlanningError, Problem
from geo.text.i18n import bilingual, both

VERSIONS_DIR = ".versions"
REDO_DIR = "redo"  # inside .versions/: the states undo replaced, for redo
DEFAULT_VERSIONS_KEPT = 5  # the default of data/retention.toml (versions_kept)
_VECTOR_DATA_TYPES = ("features", "attributes")
_RASTER_DATA_TYPES = ("2d-gridded-coverage", "tiles")
_STAMP_FORMAT = "%Y%m%dT%H%M%S%f"
_STAMP_PATTERN = r"\d{8}T\d{12}"
AS_OF_KEY = "as_of"  # GeoPackage layer metadata: the date the data describe (YYYY-MM-DD)
# What GDAL, SQLite and PROJ raise on a damaged, truncated or foreign file.
_READ_ERRORS = (
    pyogrio.errors.DataSourceError,
    pyogrio.errors.DataLayerError,
    pyogrio.errors.FieldError,
    pyogrio.errors.GeometryError,
    pyogrio.errors.CRSError,
    rasterio.errors.RasterioError,
    rasterio.errors.CRSError,
    CRSError,
    sqlite3.DatabaseError,
)
_WRITE_ERRORS = (
    pyogrio.errors.DataSourceError,
    pyogrio.errors.DataLayerError,
    pyogrio.errors.FieldError,
    pyogrio.errors.GeometryError,
    pyogrio.errors.CRSError,
    rasterio.errors.RasterioError,
    rasterio.errors.CRSError,
)


@dataclass(frozen=True)
class RasterGrid:
    """A single-band raster held in memory: values, georeference and nodata.

    The store keeps rasters as float32 with NaN for missing cells, so a grid read back has
    ``nodata=None`` and NaN where the written grid had its nodata value; compare
    :meth:`masked` values across a round trip.
    """

    values: np.ndarray
    transform: Affine
    crs: CRS
    nodata: float | None = None

    @property
    def shape(self) -> tuple[int, int]:
        """Rows and columns."""
        return self.values.shape

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(minx, miny, maxx, maxy) in the raster's CRS."""
        rows, cols = self.shape
        west, south, east, north = rasterio.transform.array_bounds(rows, cols, self.transform)
        return west, south, east, north

    def masked(self) -> np.ndarray:
        """Values as float with nodata replaced by NaN."""
        out = self.values.astype(float)
        if self.nodata is not None and not np.isnan(self.nodata):
            out[self.values == self.nodata] = np.nan
        return out


@dataclass
class Dataset:
    """Every layer and raster of one county (or province) as read from the store."""

    layers: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    rasters: dict[str, RasterGrid] = field(default_factory=dict)
    source: str = "<memory>"
    as_of: date | None = None  # the date the data describe (inspections, deadlines); None: unknown

    def layer(self, name: str) -> gpd.GeoDataFrame:
        """Return layer ``name`` or raise a bilingual error naming the file."""
        if name not in self.layers:
            raise InputDataError([Problem(self.source, name, None, None, *both("store.layer_missing", name=name))])
        return self.layers[name]


@dataclass(frozen=True)
class LayerInfo:
    """What the store holds under one name."""

    name: str
    kind: str  # "vector" or "raster"
    geometry_type: str | None
    features: int | None
    crs: str | None


def _problem(path: Path, zh: str, en: str, layer: str | None = None) -> InputDataError:
    return InputDataError([Problem(path.name, layer, None, None, zh, en)])


def _require_file(path: Path) -> None:
    """Fail with a bilingual message unless ``path`` looks like a whole SQLite/GeoPackage file."""
    if not path.is_file():
        raise _problem(path, *both("store.data_file_not_found"))
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        raise _problem(path, *both("store.not_valid_geopackage_damaged"))
    # The header says how many pages the database has (when its two counters agree): a file
    # shorter than that was cut off, e.g. by an interrupted copy.
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    pages = struct.unpack(">I", header[28:32])[0]
    if header[24:28] == header[92:96] and pages and path.stat().st_size < page_size * pages:
        raise _problem(
            path,
            *both("store.geopackage_file_truncated_restore"),
        )


@contextlib.contextmanager
def _reading(path: Path, layer: str | None = None) -> Iterator[None]:
    """Turn what GDAL/SQLite/PROJ raise on a damaged file into a bilingual InputDataError naming it."""
    try:
        yield
    except _READ_ERRORS as exc:
        raise _problem(path, *both("store.cannot_read_file_may", exc=exc), layer) from exc


def _tables(path: Path) -> tuple[list[str], list[str]]:
    """(vector layers, raster tables) registered in the GeoPackage, in registration order."""
    # As a URI (read-only), percent-encoded so that names with "#", "?" or spaces open the right file.
    with _reading(path), contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as con:
        try:
            rows = con.execute("SELECT table_name, data_type FROM gpkg_contents ORDER BY rowid").fetchall()
        except sqlite3.OperationalError as exc:  # an SQLite file that is not a GeoPackage
            raise _problem(path, *both("store.not_geopackage_no_gpkg")) from exc
    vectors = [str(name) for name, kind in rows if kind in _VECTOR_DATA_TYPES]
    rasters = [str(name) for name, kind in rows if kind in _RASTER_DATA_TYPES]
    return vectors, rasters


def list_layers(path: str | os.PathLike[str]) -> list[LayerInfo]:
    """List the vector layers and rasters stored in a GeoPackage."""
    path = Path(path)
    _require_file(path)
    vectors, rasters = _tables(path)
    infos: list[LayerInfo] = []
    for name in vectors:
        with _reading(path, name):
            info = pyogrio.read_info(path, layer=name)
        infos.append(LayerInfo(name, "vector", info["geometry_type"], int(info["features"]), info["crs"]))
    for table in rasters:
        with _reading(path, table), rasterio.open(f"GPKG:{path}:{table}") as src:
            infos.append(LayerInfo(table, "raster", None, None, src.crs.to_string() if src.crs else None))
    return infos


def _read_vector(path: Path, name: str) -> gpd.GeoDataFrame:
    with _reading(path, name):
        return pyogrio.read_dataframe(path, layer=name, use_arrow=True)


def _read_raster(path: Path, name: str) -> RasterGrid:
    with _reading(path, name), rasterio.open(f"GPKG:{path}:{name}") as src:
        if src.crs is None:
            raise _problem(path, *both("store.raster_no_crs"), name)
        return RasterGrid(src.read(1), src.transform, CRS(src.crs), src.nodata)


def read_dataset(path: str | os.PathLike[str], *, layers: Iterable[str] | None = None) -> Dataset:
    """Read every vector layer and raster of a GeoPackage (or only those named in ``layers``)."""
    path = Path(path)
    _require_file(path)
    wanted = set(layers) if layers is not None else None
    vectors, rasters = _tables(path)
    dataset = Dataset(source=path.name, as_of=_read_as_of(path, vectors, rasters))
    for name in vectors:
        if wanted is None or name in wanted:
            dataset.layers[name] = _read_vector(path, name)
    for table in rasters:
        if wanted is None or table in wanted:
            dataset.rasters[table] = _read_raster(path, table)
    return dataset


def _read_as_of(path: Path, vectors: list[str], rasters: list[str]) -> date | None:
    """The ``as_of`` date in the metadata of the first vector layer (of the first raster when there
    are none); None when absent, a bilingual error when it is not a date."""
    if vectors:
        with _reading(path, vectors[0]):
            metadata = pyogrio.read_info(path, layer=vectors[0])["layer_metadata"] or {}
    elif rasters:
        with _reading(path, rasters[0]), rasterio.open(f"GPKG:{path}:{rasters[0]}") as src:
            metadata = src.tags()
    else:
        return None
    text = str(metadata.get(AS_OF_KEY) or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise _problem(
            path,
            *both("store.data_s_date_metadata", key=AS_OF_KEY, text=text),
        ) from exc


def _write_raster(path: Path, name: str, grid: RasterGrid) -> None:
    """Append one raster as a float32 gridded-coverage table; nodata cells are written as NaN."""
    rows, cols = grid.shape
    profile = {
        "driver": "GPKG",
        "width": cols,
        "height": rows,
        "count": 1,
        "dtype": "float32",
        "crs": grid.crs,
        "transform": grid.transform,
    }
    values = grid.masked().astype("float32")
    with rasterio.open(path, "w", RASTER_TABLE=name, APPEND_SUBDATASET="YES", TILE_FORMAT="TIFF", **profile) as dst:
        dst.write(values, 1)


def _tag_raster(path: Path, name: str, tags: Mapping[str, str]) -> None:
    """Add metadata items to a raster table already written."""
    with rasterio.open(f"GPKG:{path}:{name}", "r+") as dst:
        dst.update_tags(**tags)


def _write_vector(path: Path, name: str, frame: gpd.GeoDataFrame, metadata: Mapping[str, str] | None = None) -> None:
    pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG", layer_metadata=dict(metadata) if metadata else None)


def _write_all(
    path: Path, layers: Mapping[str, gpd.GeoDataFrame], rasters: Mapping[str, RasterGrid], as_of: date | None = None
) -> None:
    # The as-of date goes into the metadata of every vector layer (of the first raster when
    # there is none; _read_as_of looks there).
    metadata = {AS_OF_KEY: as_of.strftime("%Y-%m-%d")} if as_of is not None else None
    for name, frame in layers.items():
        try:
            _write_vector(path, name, frame, metadata)
        except _WRITE_ERRORS as exc:
            raise _problem(path, *both("store.cannot_write_layer", exc=exc), name) from exc
    for name, grid in rasters.items():
        try:
            _write_raster(path, name, grid)
            if metadata and not layers:
                _tag_raster(path, name, metadata)
                metadata = None
        except _WRITE_ERRORS as exc:
            raise _problem(path, *both("store.cannot_write_raster", exc=exc), name) from exc


def _remove_temporary(tmp: Path) -> None:
    for leftover in (tmp, *(tmp.with_name(tmp.name + suffix) for suffix in ("-journal", "-wal", "-shm"))):
        leftover.unlink(missing_ok=True)


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
    one, never half of one, and a failure on the way leaves the old file as it was and no
    temporary file behind. Returns the path of the kept previous version, or the target path
    when there was none (or ``keep_versions`` is 0).
    """
    path = Path(path)
    if not dataset.layers and not dataset.rasters:
        raise _problem(path, *both("store.dataset_empty_no_layers"))
    clashes = sorted(set(dataset.layers) & set(dataset.rasters))
    if clashes:
        raise InputDataError(
            [
                Problem(
                    path.name,
                    name,
                    None,
                    None,
                    *both("store.vector_layer_raster_same"),
                )
                for name in clashes
            ]
        )
    if validator is not None:
        problems = validator(dataset)
        if problems:
            raise InputDataError(
                problems,
                summary=bilingual("contract.nothing_written", path=path.name, n=len(problems)),
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    # The temporary name ends in .gpkg so that GDAL treats it as a GeoPackage without warning.
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp.gpkg", dir=path.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()  # GDAL must create the file itself
        _write_all(tmp, dataset.layers, dataset.rasters, dataset.as_of)
        kept = _keep_version(path) if path.exists() and keep_versions > 0 else path
        tmp.replace(path)
    finally:
        _remove_temporary(tmp)
    if keep_versions > 0:
        prune_versions(path, keep_versions)  # only now: the new file is in place
    _clear_redo(path)
    return kept


def _keep_version(path: Path) -> Path:
    versions = path.parent / VERSIONS_DIR
    versions.mkdir(exist_ok=True)
    kept = versions / f"{path.stem}.{datetime.now().strftime(_STAMP_FORMAT)}{path.suffix}"
    shutil.copy2(path, kept)
    return kept


def prune_versions(path: str | os.PathLike[str], keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest versions of a store (the newest always stays); return what was deleted."""
    old = list_versions(path)[max(keep, 1) :]
    for version in old:
        version.unlink(missing_ok=True)
    return old


def list_versions(path: str | os.PathLike[str]) -> list[Path]:
    """Earlier versions of a store file, newest first (only this file's: ``a.gpkg`` and ``a.v2.gpkg`` stay apart)."""
    path = Path(path)
    versions = path.parent / VERSIONS_DIR
    if not versions.is_dir():
        return []
    return _own(path, versions)


def _own(path: Path, folder: Path) -> list[Path]:
    """This store's stamped copies in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    own = re.compile(rf"{re.escape(path.stem)}\.{_STAMP_PATTERN}{re.escape(path.suffix)}")
    return sorted((p for p in folder.iterdir() if p.is_file() and own.fullmatch(p.name)), reverse=True)


def list_redo(path: str | os.PathLike[str]) -> list[Path]:
    """States undo replaced, the next to redo first (the last undone: the oldest stamp)."""
    path = Path(path)
    return sorted(_own(path, path.parent / VERSIONS_DIR / REDO_DIR))


def _clear_redo(path: Path) -> None:
    for slot in list_redo(path):
        slot.unlink(missing_ok=True)


def _replace_with(path: Path, source: Path) -> None:
    """Put a byte copy of ``source`` in place of ``path`` atomically."""
    tmp = path.with_name(f".{path.stem}.restore.tmp")
    try:
        shutil.copy2(source, tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def restore_previous(path: str | os.PathLike[str]) -> Path:
    """Undo the last write: put the newest kept version back (atomically) and return it.

    The restored version leaves ``.versions/``; the file it replaces goes to ``.versions/redo/``
    under the restored version's name, for :func:`restore_next`.
    """
    path = Path(path)
    versions = list_versions(path)
    if not versions:
        raise PlanningError(bilingual("store.no_earlier_version", name=path.name))
    newest = versions[0]
    redo = path.parent / VERSIONS_DIR / REDO_DIR
    redo.mkdir(exist_ok=True)
    shutil.copy2(path, redo / newest.name)
    _replace_with(path, newest)
    newest.unlink()
    return newest


def restore_next(path: str | os.PathLike[str]) -> Path:
    """Redo the last undo: the state it replaced goes back in place, the current one back into ``.versions/``.

    Returns the version name the current state is kept under again (the one undo had restored).
    """
    path = Path(path)
    slots = list_redo(path)
    if not slots:
        raise PlanningError(bilingual("store.nothing_to_redo", name=path.name))
    slot = slots[0]
    kept = path.parent / VERSIONS_DIR / slot.name
    shutil.copy2(path, kept)
    _replace_with(path, slot)
    slot.unlink()
    return kept
