"""Read what bureaus really keep into frames the layer contract can take (public API of ``geo.io.ingest``).

Formats: Shapefile (.shp with .dbf/.prj/.cpg, or zipped), GeoPackage, GeoJSON, KML/KMZ, CSV and
Excel ledgers (with or without lon/lat columns), DBF tables and GeoTIFF rasters. Every column is
kept as it was (ledger cells as text, so codes keep their leading zeros); geometry ends in
CGCS2000 geographic (EPSG:4490). What was guessed or changed (encoding, CRS, GCJ-02 conversion,
skipped title rows) comes back as :class:`Note`s so the page can show it; bad input raises
:class:`geo.core.errors.InputDataError` naming file, row and field. Nothing here writes to the store.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import struct
import tempfile
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pyogrio
import rasterio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from geo.core.crs import STORAGE_EPSG, frame_gcj02_to_wgs84
from geo.core.errors import InputDataError, Problem
from geo.core.store import RasterGrid
from geo.io.ingest import uploads
from geo.io.ingest.crs_guess import CrsDecision, CrsGuessError, Note, decide_crs, describe_crs
from geo.io.ingest.encoding import decodes, detect_bytes_encoding, normalize_encoding, shapefile_encoding

__all__ = [
    "Note",
    "RasterSource",
    "SourceFrame",
    "list_sublayers",
    "read_raster_source",
    "read_source",
    "unpack_upload",
]

DEFAULT_MAX_UPLOAD_BYTES = uploads.MAX_UPLOAD_BYTES
DEFAULT_MAX_UNPACKED_BYTES = uploads.MAX_UNPACKED_BYTES
MAX_RASTER_CELLS = 200_000_000  # 800 MB as float32; a county DEM at 10 m is ~30 M cells
_HEADER_SEARCH_ROWS = 10
_READ_ERRORS = (
    pyogrio.errors.DataSourceError,
    pyogrio.errors.DataLayerError,
    pyogrio.errors.FieldError,
    pyogrio.errors.GeometryError,
    pyogrio.errors.CRSError,
    CRSError,
)
# Columns the LIBKML driver adds to every layer; dropped when they carry nothing.
_KML_BOILERPLATE = (
    "timestamp",
    "begin",
    "end",
    "altitudeMode",
    "tessellate",
    "extrude",
    "visibility",
    "drawOrder",
    "icon",
)
# Column names of longitude/latitude (or easting/northing) in ledgers, compared after _normalize_column.
LON_NAMES = (
    "经度",
    "东经",
    "经度坐标",
    "gps经度",
    "lon",
    "lng",
    "long",
    "longitude",
    "经度x",
    "x经度",
    "东坐标",
    "横坐标",
    "easting",
    "x",
    "x坐标",
    "坐标x",
    "pointx",
    "gpsx",
)
LAT_NAMES = (
    "纬度",
    "北纬",
    "纬度坐标",
    "gps纬度",
    "lat",
    "latitude",
    "纬度y",
    "y纬度",
    "北坐标",
    "纵坐标",
    "northing",
    "y",
    "y坐标",
    "坐标y",
    "pointy",
    "gpsy",
)


@dataclass
class SourceFrame:
    """One read source: the frame plus what was found and decided about it.

    ``frame`` is a GeoDataFrame in EPSG:4490 when the source has geometry (or lon/lat columns),
    a plain DataFrame for ledgers without coordinates. ``source_name`` is the user's original
    file name, for display only (never used as a path). ``encoding`` is the text encoding used
    (None for binary formats), ``crs_found`` what the file declared, ``crs_used`` what the
    coordinates were read in before conversion to EPSG:4490.
    """

    frame: gpd.GeoDataFrame | pd.DataFrame
    source_name: str
    encoding: str | None = None
    crs_found: str | None = None
    crs_used: str | None = None
    notes: list[Note] = field(default_factory=list)


@dataclass
class RasterSource:
    """One read raster (GeoTIFF), kept in its own CRS (resampling would change the values)."""

    grid: RasterGrid
    source_name: str
    crs_found: str | None = None
    crs_used: str | None = None
    notes: list[Note] = field(default_factory=list)


@dataclass(frozen=True)
class _Options:
    """What the caller of :func:`read_source` asked for, passed down to the format readers."""

    layer: str | None = None
    sheet: str | None = None
    encoding: str | None = None
    crs: str | int | None = None
    from_gcj02: bool = False
    lon_column: str | None = None
    lat_column: str | None = None
    near_lon: float | None = None


def _fail(
    source: str, zh: str, en: str, *, layer: str | None = None, feature: int | None = None, column: str | None = None
) -> InputDataError:
    return InputDataError([Problem(source, layer, feature, column, zh, en)])


@contextlib.contextmanager
def _reading(source: str, layer: str | None = None) -> Iterator[None]:
    """Turn what GDAL/PROJ raise on a damaged file into a bilingual error naming it."""
    try:
        yield
    except _READ_ERRORS as exc:
        raise _fail(
            source,
            f"无法读取：文件可能已损坏、不完整或格式不符（{exc}）",
            f"cannot be read: the file may be damaged, truncated or not what its extension says ({exc})",
            layer=layer,
        ) from exc


@contextlib.contextmanager
def _kml_names_kept() -> Iterator[None]:
    """Stop LIBKML from replacing non-ASCII ExtendedData names (户数 → ______) while reading."""
    previous = pyogrio.get_gdal_config_option("LIBKML_LAUNDER_FIELD_NAMES")
    pyogrio.set_gdal_config_options({"LIBKML_LAUNDER_FIELD_NAMES": "NO"})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"LIBKML_LAUNDER_FIELD_NAMES": previous})


def _shown(path: Path, display_name: str | None) -> str:
    if display_name:
        return uploads.display_name(display_name)
    return uploads.read_manifest(path.parent).get(path.name) or path.name


# --- public API ---------------------------------------------------------------------------------


def unpack_upload(
    data: bytes,
    name: str,
    workdir: Path,
    *,
    max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    max_unpacked: int = DEFAULT_MAX_UNPACKED_BYTES,
) -> Path:
    """Store an uploaded file safely under ``workdir`` and return the path to read (see :mod:`geo.io.ingest.uploads`).

    For a zip holding several datasets the folder is returned; :func:`list_sublayers` lists
    them by the user's names and :func:`read_source` takes one as ``layer``.
    """
    return uploads.unpack_upload(data, name, workdir, max_bytes=max_bytes, max_unpacked=max_unpacked)


def list_sublayers(path: Path) -> list[str]:
    """Layers of a GeoPackage or KML file, sheets of an Excel workbook, datasets of an unpacked zip; ``[]`` otherwise."""
    path = Path(path)
    shown = _shown(path, None)
    if path.is_dir():
        return [f.display_name for f in uploads.unpacked_files(path)]
    suffix = path.suffix.lower()
    if suffix in (".gpkg", ".kml"):
        with _reading(shown):
            return [str(name) for name, _ in pyogrio.list_layers(path)]
    if suffix in (".xlsx", ".xlsm"):
        try:
            workbook = openpyxl.load_workbook(path, read_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
            raise _fail(shown, "Excel 文件已损坏或不完整", f"the Excel file is damaged or truncated ({exc})") from exc
        try:
            return list(workbook.sheetnames)
        finally:
            workbook.close()
    if suffix in (".zip", ".kmz"):
        with tempfile.TemporaryDirectory() as tmp:
            target = uploads.unpack_upload(path.read_bytes(), shown, Path(tmp))
            return list_sublayers(target) if target.is_dir() else []
    return []


def read_source(
    path: Path,
    *,
    display_name: str | None = None,
    layer: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    crs: str | int | None = None,
    from_gcj02: bool = False,
    lon_column: str | None = None,
    lat_column: str | None = None,
    near_lon: float | None = None,
) -> SourceFrame:
    """Read one vector file or ledger (format by extension) into a :class:`SourceFrame` in EPSG:4490.

    ``layer`` picks a GeoPackage/KML layer or one dataset of an unpacked zip folder; ``sheet`` an
    Excel sheet. ``encoding`` and ``crs`` override what is detected; ``from_gcj02`` says the
    coordinates come from a Chinese web map (GCJ-02) and converts them; ``near_lon`` (e.g. the
    county's longitude) picks the Gauss-Krüger zone of projected coordinates without the zone
    prefix; ``lon_column``/``lat_column`` name a ledger's coordinate columns when the usual
    names (经度/纬度, lon/lat, x/y …) are not used.
    """
    path = Path(path)
    shown = _shown(path, display_name)
    options = {
        "layer": layer,
        "sheet": sheet,
        "encoding": encoding,
        "crs": crs,
        "from_gcj02": from_gcj02,
        "lon_column": lon_column,
        "lat_column": lat_column,
        "near_lon": near_lon,
    }
    if path.is_dir():
        member, inner_layer = _pick_member(path, shown, layer)
        return read_source(
            member.path,
            **{
                **options,
                "layer": inner_layer,  # type: ignore[arg-type]
                "display_name": display_name or member.display_name,
            },
        )
    if not path.is_file():
        raise _fail(shown, "找不到文件", "file not found")
    if path.stat().st_size == 0:
        raise _fail(shown, "文件是空的（0 字节）", "the file is empty (0 bytes)")
    suffix = path.suffix.lower()
    if suffix in (".zip", ".kmz"):
        with tempfile.TemporaryDirectory() as tmp:
            target = uploads.unpack_upload(path.read_bytes(), shown, Path(tmp))
            inner_layer = layer
            if target.is_dir():
                member, inner_layer = _pick_member(target, shown, layer)
                target = member.path
            inner = uploads.read_manifest(target.parent).get(target.name)
            name = f"{shown} › {inner}" if inner and inner != shown else shown
            return read_source(target, **{**options, "layer": inner_layer, "display_name": name})  # type: ignore[arg-type]
    if encoding is not None and normalize_encoding(encoding) is None:
        raise _fail(
            shown,
            f"不认识的编码“{encoding}”（可选 UTF-8、GBK、GB18030）",
            f"unknown encoding {encoding!r} (UTF-8, GBK, GB18030)",
        )
    opts = _Options(**options)  # type: ignore[arg-type]
    if suffix in (".shp", ".dbf"):
        return _read_shapefile(path, shown, opts)
    if suffix in (".gpkg", ".geojson", ".json", ".kml"):
        return _read_vector_file(path, shown, opts)
    if suffix in (".csv", ".txt"):
        return _read_csv(path, shown, opts)
    if suffix in (".xlsx", ".xlsm"):
        return _read_excel(path, shown, opts)
    if suffix == ".xls":
        raise _fail(
            shown,
            "不支持旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx",
            "old Excel files (.xls) are not supported; save as .xlsx in Excel or WPS",
        )
    if suffix in (".tif", ".tiff"):
        raise _fail(
            shown,
            "这是栅格文件，请作为栅格（高程、人口）导入",
            "this is a raster; import it as a raster (DEM, population)",
        )
    raise _fail(
        shown,
        "不支持的文件类型（支持 shp、zip、gpkg、geojson、kml、csv、xlsx）",
        "unsupported file type (shp, zip, gpkg, geojson, kml, csv and xlsx are supported)",
    )


def _pick_member(folder: Path, shown: str, layer: str | None) -> tuple[uploads.UnpackedFile, str | None]:
    """The dataset of an unpacked upload named by ``layer`` (its display name), or its only one."""
    files = uploads.unpacked_files(folder)
    if not files:
        raise _fail(shown, "文件夹中没有可读取的数据文件", "the folder holds no readable data file")
    if len(files) == 1:
        return files[0], layer
    chosen = [f for f in files if layer in (f.display_name, f.path.name)]
    if not chosen:
        listed = "、".join(f.display_name for f in files)
        raise _fail(
            shown,
            f"压缩包中有多个数据文件，请选择一个：{listed}",
            f"the archive holds several datasets, choose one: {', '.join(f.display_name for f in files)}",
            layer=layer,
        )
    return chosen[0], None


# --- vectors ------------------------------------------------------------------------------------


def _read_shapefile(path: Path, shown: str, opts: _Options) -> SourceFrame:
    encoding = opts.encoding
    notes: list[Note] = []
    if path.suffix.lower() == ".shp":
        missing = [ext for ext in (".shx", ".dbf") if _sibling(path, ext) is None]
        if missing:
            raise _fail(
                shown,
                f"Shapefile 缺少 {'、'.join(missing)} 文件：请把同名的 .shp、.shx、.dbf、.prj 一起上传（打包成 zip）",
                f"the Shapefile lacks its {', '.join(missing)} file: upload the .shp, .shx, .dbf and .prj of the same "
                "name together (as one zip)",
            )
        if _sibling(path, ".prj") is None:
            notes.append(
                Note("Shapefile 没有 .prj 文件（坐标系未说明）", "the Shapefile has no .prj file (CRS not stated)")
            )
    _check_shapefile_complete(path, shown)
    if encoding is not None:
        codec = normalize_encoding(encoding) or encoding
    else:
        codec, how = shapefile_encoding(path)
        label, label_en = _encoding_label(codec, "zh"), _encoding_label(codec, "en")
        if how == "detected" and codec != "utf-8":
            notes.append(
                Note(
                    f"属性表没有 .cpg 编码说明，按内容判断为 {label}",
                    f"the attribute table has no .cpg file; its content reads as {label_en}",
                )
            )
        elif how == "cpg-wrong":
            notes.append(
                Note(
                    f".cpg 文件所写的编码与属性表内容不符，改按 {label} 读取",
                    f"the .cpg file names an encoding the attribute table does not decode in; read as {label_en}",
                )
            )
        elif how == "ldid":
            notes.append(
                Note(
                    "属性表没有 .cpg 文件，按 DBF 文件头的语言标记读作 GBK",
                    "the attribute table has no .cpg file; read as GBK as its DBF header's language id says",
                )
            )
    with _reading(shown):
        frame = pyogrio.read_dataframe(path, encoding=codec, use_arrow=True)
    return _finish_vector(frame, shown, None, codec, notes, opts)


def _sibling(path: Path, suffix: str) -> Path | None:
    """The Shapefile part with ``suffix`` beside ``path`` (either case of the extension), if present."""
    return next((p for p in (path.with_suffix(suffix), path.with_suffix(suffix.upper())) if p.is_file()), None)


def _check_shapefile_complete(path: Path, shown: str) -> None:
    """Refuse a cut-off .shp/.shx/.dbf: GDAL would silently read the missing features as empty.

    The .shp and .shx headers state the file length (16-bit words at byte 24, big-endian); the
    .dbf header the record count, header and record lengths.
    """
    for suffix in (".shp", ".shx"):
        part = _sibling(path, suffix)
        if part is None:
            continue
        with part.open("rb") as handle:
            header = handle.read(100)
        size = part.stat().st_size
        if len(header) < 100 or struct.unpack(">i", header[:4])[0] != 9994:
            raise _fail(
                shown,
                f"{suffix} 文件不是有效的 Shapefile（文件头损坏）",
                f"the {suffix} file is not a valid Shapefile (damaged header)",
            )
        declared = struct.unpack(">i", header[24:28])[0] * 2
        if size < declared:
            raise _fail(
                shown,
                f"{suffix} 文件不完整（应有 {declared} 字节，实际 {size} 字节），可能复制或下载时被截断",
                f"the {suffix} file is truncated ({size} of {declared} bytes), cut off while copying or downloading?",
            )
    dbf = _sibling(path, ".dbf")
    if dbf is not None:
        with dbf.open("rb") as handle:
            header = handle.read(32)
        if len(header) < 32:
            raise _fail(shown, ".dbf 文件不完整（文件头损坏）", "the .dbf file is truncated (damaged header)")
        records, header_length, record_length = struct.unpack("<IHH", header[4:12])
        declared = header_length + records * record_length
        if dbf.stat().st_size < declared:
            raise _fail(
                shown,
                f".dbf 属性表不完整（应有 {declared} 字节，实际 {dbf.stat().st_size} 字节），可能被截断",
                f"the .dbf attribute table is truncated ({dbf.stat().st_size} of {declared} bytes)",
            )


def _encoding_label(codec: str, lang: str) -> str:
    if codec == "gb18030":
        return "GB18030（兼容 GBK）" if lang == "zh" else "GB18030 (a superset of GBK)"
    return {"gbk": "GBK", "utf-8": "UTF-8", "utf-8-sig": "UTF-8"}.get(codec, codec)


def _utf8_copy(path: Path, codec: str, tmp: Path) -> Path:
    """A UTF-8 copy of a GeoJSON/KML file written in a legacy encoding (GDAL reads these as UTF-8 only)."""
    text = path.read_bytes().decode(codec)
    if path.suffix.lower() == ".kml":
        text = re.sub(r"^(<\?xml[^>]*encoding=)[\"'][^\"']*[\"']", r'\1"utf-8"', text.lstrip("\ufeff"), count=1)
    target = tmp / f"utf8{path.suffix.lower()}"
    target.write_text(text, encoding="utf-8")
    return target


def _read_vector_file(path: Path, shown: str, opts: _Options) -> SourceFrame:
    layer, encoding = opts.layer, opts.encoding
    suffix = path.suffix.lower()
    notes: list[Note] = []
    codec: str | None = None
    with tempfile.TemporaryDirectory() as tmp:
        source = path
        if suffix != ".gpkg":
            codec = normalize_encoding(encoding) if encoding else detect_bytes_encoding(path.read_bytes())
            if codec is None:
                raise _fail(
                    shown,
                    "无法识别文件的文字编码（不是 UTF-8 也不是 GBK/GB18030）",
                    "cannot tell the text encoding (neither UTF-8 nor GBK/GB18030)",
                )
            if codec not in ("utf-8", "utf-8-sig"):
                if encoding is None:
                    notes.append(
                        Note(
                            f"文件不是 UTF-8 编码，按 {_encoding_label(codec, 'zh')} 读取",
                            f"the file is not UTF-8; read as {_encoding_label(codec, 'en')}",
                        )
                    )
                try:
                    source = _utf8_copy(path, codec, Path(tmp))
                except UnicodeDecodeError as exc:
                    raise _fail(shown, f"文件内容不是 {codec} 编码", f"the file does not decode as {codec}") from exc
            codec = "utf-8" if codec == "utf-8-sig" else codec
        with _reading(shown, layer):
            layers = [str(name) for name, _ in pyogrio.list_layers(source)]
        if layer is not None and layer not in layers:
            raise _fail(
                shown,
                f"没有图层“{layer}”（现有：{'、'.join(layers) or '—'}）",
                f"there is no layer '{layer}' (present: {', '.join(layers) or '—'})",
                layer=layer,
            )
        if suffix == ".kml" and layer is None and len(layers) > 1:
            frame = _read_kml_folders(source, shown, layers)
            notes.append(
                Note(
                    f"KML 有 {len(layers)} 个文件夹，已合并，文件夹名写在 kml_folder 列",
                    f"the KML has {len(layers)} folders; merged them, the folder name is in column kml_folder",
                )
            )
        else:
            if layer is None and len(layers) > 1:
                raise _fail(
                    shown,
                    f"文件有多个图层，请选择一个：{'、'.join(layers)}",
                    f"the file has several layers, choose one: {', '.join(layers)}",
                )
            if not layers:
                raise _fail(shown, "文件中没有任何图层", "the file holds no layer")
            with _reading(shown, layer), _kml_names_kept():
                frame = pyogrio.read_dataframe(source, layer=layer or layers[0], use_arrow=True)
            if suffix == ".kml":
                frame = _drop_kml_boilerplate(frame)
    return _finish_vector(frame, shown, layer, codec, notes, opts)


def _read_kml_folders(source: Path, shown: str, layers: list[str]) -> gpd.GeoDataFrame:
    frames = []
    for name in layers:
        with _reading(shown, name), _kml_names_kept():
            part = _drop_kml_boilerplate(pyogrio.read_dataframe(source, layer=name, use_arrow=True))
        frames.append(part.assign(kml_folder=name))
    merged = pd.concat(frames, ignore_index=True)
    return gpd.GeoDataFrame(merged, geometry=frames[0].geometry.name, crs=frames[0].crs)


def _drop_kml_boilerplate(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Drop LIBKML's standard columns when they hold nothing but defaults (no user data is lost)."""
    empty = [c for c in _KML_BOILERPLATE if c in frame.columns and (frame[c].isna() | frame[c].isin(["", -1, 0])).all()]
    return frame.drop(columns=empty)


def _finish_vector(
    frame: pd.DataFrame, shown: str, layer: str | None, codec: str | None, notes: list[Note], opts: _Options
) -> SourceFrame:
    """Check a frame read by GDAL, then decide its CRS and convert to EPSG:4490 (tables go to the ledger path)."""
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame.columns:
        if frame.empty:
            raise _fail(shown, "表中没有任何记录（空文件）", "the table holds no records (empty file)", layer=layer)
        return _finish_table(pd.DataFrame(frame), shown, layer, codec, notes, opts, lines=None)
    if frame.empty:
        raise _fail(shown, "图层中没有任何要素（空文件）", "the layer holds no features (empty file)", layer=layer)
    geometry = frame.geometry.to_numpy()
    missing = shapely.is_missing(geometry) | shapely.is_empty(geometry)
    if missing.all():
        raise _fail(
            shown,
            "所有要素都没有几何（坐标）",
            "no feature has a geometry (coordinates)",
            layer=layer,
            column="geometry",
        )
    if missing.any():
        rows = np.flatnonzero(missing)
        listed = ", ".join(str(r) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
        notes.append(
            Note(
                f"{len(rows)} 个要素没有几何（行 {listed}），已保留",
                f"{len(rows)} feature(s) have no geometry (rows {listed}); kept",
            )
        )
    file_crs = CRS(frame.crs) if frame.crs is not None else None
    bounds = shapely.bounds(geometry[~missing])
    x = np.concatenate([bounds[:, 0], bounds[:, 2]])
    y = np.concatenate([bounds[:, 1], bounds[:, 3]])
    try:
        decision = decide_crs(x, y, file_crs=file_crs, user_crs=opts.crs, near_lon=opts.near_lon)
    except CrsGuessError as exc:
        raise _fail(shown, exc.zh, exc.en, layer=layer, column="geometry") from exc
    out = gpd.GeoDataFrame(frame, geometry=frame.geometry.name).set_crs(decision.crs, allow_override=True)
    out = _to_storage(out, decision, shown, layer, opts.from_gcj02, notes)
    return SourceFrame(out, shown, codec, describe_crs(file_crs), describe_crs(decision.crs), notes)


def _to_storage(
    frame: gpd.GeoDataFrame, decision: CrsDecision, shown: str, layer: str | None, from_gcj02: bool, notes: list[Note]
) -> gpd.GeoDataFrame:
    """Apply the decided CRS: notes, the GCJ-02 conversion when asked, then EPSG:4490."""
    notes.extend(decision.notes)
    if from_gcj02:
        if not decision.crs.is_geographic:
            raise _fail(
                shown,
                f"GCJ-02 只用于网络地图的经纬度，而这些坐标是投影坐标（{describe_crs(decision.crs)}）",
                f"GCJ-02 applies to longitude/latitude from web maps; these coordinates are projected "
                f"({describe_crs(decision.crs)})",
                layer=layer,
                column="geometry",
            )
        frame = frame_gcj02_to_wgs84(frame)
        notes.append(
            Note(
                "已按用户说明把网络地图（高德/腾讯，GCJ-02）坐标纠偏为 CGCS2000，位置移动约数百米",
                "converted web-map coordinates (Amap/Tencent, GCJ-02) to CGCS2000 as the user said; positions "
                "moved by a few hundred metres",
            )
        )
        return frame.set_crs(STORAGE_EPSG, allow_override=True)
    epsg = frame.crs.to_epsg() if frame.crs is not None else None
    if epsg == STORAGE_EPSG:
        return frame
    if epsg == 4326:  # PROJ's WGS84 → CGCS2000 is a null transformation: relabel
        return frame.set_crs(STORAGE_EPSG, allow_override=True)
    return frame.to_crs(STORAGE_EPSG)


# --- ledgers (CSV, Excel, DBF tables) -----------------------------------------------------------------


def _read_csv(path: Path, shown: str, opts: _Options) -> SourceFrame:
    encoding = opts.encoding
    data = path.read_bytes()
    notes: list[Note] = []
    if encoding is not None:
        codec = normalize_encoding(encoding) or encoding
    else:
        codec = detect_bytes_encoding(data)  # the whole file: Chinese text may start late in a long ledger
        if codec is None:
            raise _fail(
                shown,
                "无法识别文件的文字编码（不是 UTF-8 也不是 GBK/GB18030）",
                "cannot tell the text encoding (neither UTF-8 nor GBK/GB18030)",
            )
        if codec == "gb18030":
            notes.append(
                Note(
                    "CSV 不是 UTF-8 编码，按 GB18030（兼容 GBK，Excel 中文“ANSI”）读取",
                    "the CSV is not UTF-8; read as GB18030 (GBK, what Chinese Excel saves as 'ANSI')",
                )
            )
    if not decodes(data, codec):
        raise _fail(
            shown,
            f"文件内容不是 {codec} 编码，请换一种编码",
            f"the file does not decode as {codec}; choose another encoding",
        )
    text = data.decode(codec).lstrip("\ufeff")
    if not text.strip():
        raise _fail(shown, "文件中没有任何内容", "the file holds no data")
    head = [line for line in text.splitlines()[:50] if line.strip()]
    sep = max((",", "\t", ";", "|"), key=lambda s: sum(line.count(s) for line in head))
    # Title rows above the header have fewer fields: size the table by its widest early row.
    width = max((len(row) for row in csv.reader(head, delimiter=sep)), default=1)
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            names=range(width),
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise _fail(shown, f"CSV 格式有误（{exc}）", f"malformed CSV ({exc})") from exc
    table, lines = _with_header(raw, shown, None, notes)
    return _finish_table(table, shown, None, "utf-8" if codec == "utf-8-sig" else codec, notes, opts, lines=lines)


def _read_excel(path: Path, shown: str, opts: _Options) -> SourceFrame:
    sheet = opts.sheet if opts.sheet is not None else opts.layer
    notes: list[Note] = []
    try:
        raw = pd.read_excel(
            path, sheet_name=sheet if sheet is not None else 0, header=None, dtype=str, engine="openpyxl"
        )
    except ValueError as exc:
        if sheet is not None and "not found" in str(exc).lower():
            raise _fail(
                shown, f"工作簿中没有工作表“{sheet}”", f"the workbook has no sheet '{sheet}'", layer=sheet
            ) from exc
        raise _fail(
            shown, f"Excel 文件无法读取（{exc}）", f"the Excel file cannot be read ({exc})", layer=sheet
        ) from exc
    except (zipfile.BadZipFile, OSError, KeyError, EOFError) as exc:
        raise _fail(
            shown,
            "Excel 文件已损坏或不完整（不是有效的 .xlsx）",
            f"the Excel file is damaged or truncated ({exc})",
            layer=sheet,
        ) from exc
    raw = raw.dropna(axis=1, how="all")
    table, lines = _with_header(raw, shown, sheet, notes)
    return _finish_table(table, shown, sheet, None, notes, opts, lines=lines)


def _with_header(
    raw: pd.DataFrame, shown: str, sheet: str | None, notes: list[Note]
) -> tuple[pd.DataFrame, np.ndarray]:
    """Use the first well-filled row as the header, skipping title rows above it (ledgers often have them).

    ``raw`` is indexed by 0-based line (CSV) or sheet row (Excel); returns the table and the
    1-based line of each of its rows, for messages the user can find in the file.
    """
    raw = raw.dropna(how="all")
    if raw.empty:
        raise _fail(shown, "表中没有任何内容", "the table is empty", layer=sheet)
    filled = raw.head(_HEADER_SEARCH_ROWS * 2).notna().sum(axis=1).to_numpy()
    wanted = max(2, int(np.ceil(filled.max() * 0.6))) if filled.max() > 1 else 1
    candidates = np.flatnonzero(filled[:_HEADER_SEARCH_ROWS] >= wanted)
    header_row = int(candidates[0]) if len(candidates) else 0
    if header_row:
        notes.append(
            Note(f"跳过了表头上方的 {header_row} 行标题", f"skipped {header_row} title row(s) above the header")
        )
    names = [str(v).strip() if isinstance(v, str) else "" for v in raw.iloc[header_row]]
    names = [n or f"column_{i + 1}" for i, n in enumerate(names)]
    seen: dict[str, int] = {}
    for i, n in enumerate(names):
        if n in seen:
            seen[n] += 1
            names[i] = f"{n}_{seen[n]}"
        else:
            seen[n] = 1
    table = raw.iloc[header_row + 1 :]
    lines = table.index.to_numpy(dtype=int) + 1
    table = table.reset_index(drop=True)
    table.columns = names
    if table.empty:
        raise _fail(shown, "表中只有表头，没有数据行", "the table has a header but no data rows", layer=sheet)
    return table, lines


def _normalize_column(name: str) -> str:
    """Lower-case, without spaces, separators or bracketed units: '经度（°）' → '经度', 'GPS_X' → 'gpsx'."""
    name = re.sub(r"[（(\[【].*?[）)\]】]", "", str(name))
    return re.sub(r"[\s_\-:：°.]", "", name).lower()


def _find_column(
    columns: list[str], wanted: str | None, candidates: tuple[str, ...], shown: str, sheet: str | None
) -> str | None:
    if wanted is not None:
        if wanted not in columns:
            raise _fail(
                shown,
                f"没有名为“{wanted}”的列（现有列：{'、'.join(columns)}）",
                f"there is no column '{wanted}' (columns: {', '.join(columns)})",
                layer=sheet,
                column=wanted,
            )
        return wanted
    normalized = {c: _normalize_column(c) for c in columns}
    for candidate in candidates:
        for column, norm in normalized.items():
            if norm == candidate:
                return column
    return None


_HEMISPHERE = r"(东经|西经|北纬|南纬|[NSEWnsew东西南北])?"
_DMS = re.compile(
    rf"^\s*{_HEMISPHERE}\s*(\d+(?:\.\d+)?)\s*[°度]\s*(?:(\d+(?:\.\d+)?)\s*['′’分])?\s*"
    rf"(?:(\d+(?:\.\d+)?)\s*(?:[\"″”秒]|'')?)?\s*{_HEMISPHERE}\s*$"
)


def parse_coordinates(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Numbers (decimal, or degrees-minutes-seconds like 117°12′30″E / 东经117度12分30秒) → (floats, bad mask).

    Empty cells give NaN and are not bad; text that is neither gives NaN and is bad.
    """
    text = values.astype("string").str.strip().str.replace("，", ".", regex=False)
    number = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)
    todo = np.isnan(number) & text.notna().to_numpy() & (text.fillna("") != "").to_numpy()
    if todo.any():
        parts = text[todo].str.extract(_DMS)
        deg = pd.to_numeric(parts[1], errors="coerce")
        minutes = pd.to_numeric(parts[2], errors="coerce").fillna(0.0)
        seconds = pd.to_numeric(parts[3], errors="coerce").fillna(0.0)
        value = deg + minutes / 60.0 + seconds / 3600.0
        hemisphere = parts[0].fillna(parts[4])
        value = value.where(~hemisphere.fillna("").str.upper().str[0].isin(["S", "W", "西", "南"]), -value)
        ok = (minutes < 60) & (seconds < 60)
        number[todo] = value.where(ok).to_numpy(dtype=float)
    bad = todo & np.isnan(number)
    return number, bad


def _finish_table(
    table: pd.DataFrame,
    shown: str,
    sheet: str | None,
    codec: str | None,
    notes: list[Note],
    opts: _Options,
    *,
    lines: np.ndarray | None,
) -> SourceFrame:
    """A ledger: points from its lon/lat (or x/y) columns when it has them, else a plain DataFrame.

    Columns merely called x/y that hold no coordinates (a count, a code) leave the ledger without
    coordinates, with a note; named coordinate columns (经度/纬度, lon/lat …) that are wrong are errors.
    """
    columns = [str(c) for c in table.columns]
    if (opts.lon_column is None) != (opts.lat_column is None):
        raise _fail(shown, "请同时指定经度列和纬度列", "give both the longitude and the latitude column", layer=sheet)
    lon_name = _find_column(columns, opts.lon_column, LON_NAMES, shown, sheet)
    lat_name = _find_column(columns, opts.lat_column, LAT_NAMES, shown, sheet)
    if lon_name is None or lat_name is None or lon_name == lat_name:
        if opts.from_gcj02 or opts.crs is not None:
            raise _fail(
                shown,
                f"找不到经度/纬度列（现有列：{'、'.join(columns)}），请指定",
                f"found no longitude/latitude columns (columns: {', '.join(columns)}); name them",
                layer=sheet,
            )
        notes.append(
            Note(
                "表中没有经纬度列，作为台账（无坐标）读取",
                "no longitude/latitude columns: read as a ledger without coordinates",
            )
        )
        return SourceFrame(table, shown, codec, None, None, notes)
    generic = (
        opts.lon_column is None
        and opts.crs is None
        and not opts.from_gcj02
        and {_normalize_column(lon_name), _normalize_column(lat_name)} <= set(_GENERIC_XY)
    )
    try:
        return _points_from_columns(table, shown, sheet, codec, notes, opts, lon_name, lat_name, lines)
    except InputDataError:
        if not generic:
            raise
    notes.append(
        Note(
            f"“{lon_name}”“{lat_name}”两列不像坐标，作为台账（无坐标）读取；如确为坐标请指定坐标列和坐标系",
            f"columns '{lon_name}' and '{lat_name}' do not look like coordinates: read as a ledger without "
            "coordinates; name the columns and the CRS if they are",
        )
    )
    return SourceFrame(table, shown, codec, None, None, notes)


_GENERIC_XY = ("x", "y")


def _points_from_columns(
    table: pd.DataFrame,
    shown: str,
    sheet: str | None,
    codec: str | None,
    notes: list[Note],
    opts: _Options,
    lon_name: str,
    lat_name: str,
    lines: np.ndarray | None,
) -> SourceFrame:
    """Points from two coordinate columns: every bad cell reported by row and column, CRS decided, EPSG:4490."""
    x, bad_x = parse_coordinates(table[lon_name])
    y, bad_y = parse_coordinates(table[lat_name])
    half = np.isnan(x) != np.isnan(y)
    problems = []
    line = lines if lines is not None else np.arange(len(table)) + 1  # where the user finds each row
    for column, bad in ((lon_name, bad_x), (lat_name, bad_y)):
        for row in np.flatnonzero(bad)[:200]:
            value = str(table[column].iloc[row])[:40]
            problems.append(
                Problem(
                    shown,
                    sheet,
                    int(row),
                    column,
                    f"第 {line[row]} 行的“{value}”不是坐标数值",
                    f"line {line[row]}: '{value}' is not a coordinate",
                )
            )
    for row in np.flatnonzero(half & ~bad_x & ~bad_y)[:200]:
        problems.append(
            Problem(
                shown,
                sheet,
                int(row),
                lon_name if np.isnan(x[row]) else lat_name,
                f"第 {line[row]} 行只有一个坐标（经度或纬度为空）",
                f"line {line[row]} has only one of the two coordinates",
            )
        )
    if problems:
        raise InputDataError(problems)
    missing = np.isnan(x) | np.isnan(y)
    if missing.all():
        raise _fail(
            shown,
            f"“{lon_name}”“{lat_name}”两列都是空的",
            f"columns '{lon_name}' and '{lat_name}' are empty",
            layer=sheet,
        )
    try:
        decision = decide_crs(x, y, file_crs=None, user_crs=opts.crs, near_lon=opts.near_lon, allow_swap=True)
    except CrsGuessError as exc:
        raise _fail(shown, exc.zh, exc.en, layer=sheet, column=f"{lon_name}, {lat_name}") from exc
    if missing.any():
        notes.append(
            Note(
                f"{int(missing.sum())} 行没有坐标，已保留（无几何）",
                f"{int(missing.sum())} row(s) have no coordinates; kept without geometry",
            )
        )
    if decision.swap_xy:
        x, y = y, x
    notes.append(
        Note(f"坐标取自“{lon_name}”“{lat_name}”两列", f"coordinates taken from columns '{lon_name}' and '{lat_name}'")
    )
    points = gpd.points_from_xy(x, y)
    points[missing] = None
    frame = gpd.GeoDataFrame(table, geometry=points, crs=decision.crs)
    frame = _to_storage(frame, decision, shown, sheet, opts.from_gcj02, notes)
    return SourceFrame(frame, shown, codec, None, describe_crs(decision.crs), notes)


# --- rasters ------------------------------------------------------------------------------------


def read_raster_source(
    path: Path, *, display_name: str | None = None, crs: str | int | None = None, near_lon: float | None = None
) -> RasterSource:
    """Read band 1 of a GeoTIFF into a :class:`RasterSource`, deciding its CRS like :func:`read_source`.

    The grid stays in its own CRS (a guessed or chosen one is attached); the store and the
    analysis reproject rasters where needed.
    """
    path = Path(path)
    shown = _shown(path, display_name)
    if path.is_dir():
        member, _ = _pick_member(path, shown, None)
        return read_raster_source(
            member.path, display_name=display_name or member.display_name, crs=crs, near_lon=near_lon
        )
    if not path.is_file():
        raise _fail(shown, "找不到文件", "file not found")
    if path.stat().st_size == 0:
        raise _fail(shown, "文件是空的（0 字节）", "the file is empty (0 bytes)")
    if path.suffix.lower() not in uploads.RASTER_SUFFIXES:
        raise _fail(shown, "栅格请使用 GeoTIFF（.tif）格式", "rasters must be GeoTIFF (.tif)")
    notes: list[Note] = []
    try:
        with warnings.catch_warnings():  # an ungeoreferenced file is reported below, not warned about
            warnings.simplefilter("ignore", rasterio.errors.NotGeoreferencedWarning)
            src = rasterio.open(path)
        with src:
            if src.width * src.height > MAX_RASTER_CELLS:
                raise _fail(
                    shown,
                    f"栅格过大（{src.width}×{src.height} 像元，上限 {MAX_RASTER_CELLS:,}），请先裁剪到本县",
                    f"raster too large ({src.width}×{src.height} cells, limit {MAX_RASTER_CELLS:,}); clip it to the county",
                )
            if src.count > 1:
                notes.append(
                    Note(f"栅格有 {src.count} 个波段，只读取第 1 个", f"the raster has {src.count} bands; read band 1")
                )
            if src.transform.is_identity:
                raise _fail(
                    shown,
                    "栅格没有地理参考（缺少坐标信息或 .tfw 文件）",
                    "the raster is not georeferenced (no coordinates or .tfw world file)",
                )
            values = src.read(1)
            transform, nodata = src.transform, src.nodata
            file_crs = CRS(src.crs) if src.crs else None
            west, south, east, north = src.bounds
    except rasterio.errors.RasterioError as exc:
        raise _fail(
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
        raise _fail(shown, exc.zh, exc.en) from exc
    notes.extend(decision.notes)
    grid = RasterGrid(values, transform, decision.crs, nodata)
    return RasterSource(grid, shown, describe_crs(file_crs), describe_crs(decision.crs), notes)
