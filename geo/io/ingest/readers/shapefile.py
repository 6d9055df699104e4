"""Shapefiles (.shp with .shx/.dbf/.prj/.cpg, or a lone .dbf table): parts checked, DBF encoding decided.

A zipped Shapefile is unpacked by the dispatcher (:mod:`geo.io.ingest.read`) and read here. A
missing or cut-off part is refused (GDAL would read the lost features as empty); the attribute
table's encoding comes from the .cpg file, the DBF language id or its content, with a note.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pyogrio

from geo.io.ingest.crs_guess import Note
from geo.io.ingest.encoding import normalize_encoding, shapefile_encoding
from geo.io.ingest.readers.common import ReadOptions, SourceFrame, encoding_label, fail, reading
from geo.io.ingest.readers.vector import finish_vector


def read_shapefile(path: Path, shown: str, opts: ReadOptions) -> SourceFrame:
    encoding = opts.encoding
    notes: list[Note] = []
    if path.suffix.lower() == ".shp":
        missing = [ext for ext in (".shx", ".dbf") if _sibling(path, ext) is None]
        if missing:
            raise fail(
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
        label, label_en = encoding_label(codec, "zh"), encoding_label(codec, "en")
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
    with reading(shown):
        frame = pyogrio.read_dataframe(path, encoding=codec, use_arrow=True)
    return finish_vector(frame, shown, None, codec, notes, opts)


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
            raise fail(
                shown,
                f"{suffix} 文件不是有效的 Shapefile（文件头损坏）",
                f"the {suffix} file is not a valid Shapefile (damaged header)",
            )
        declared = struct.unpack(">i", header[24:28])[0] * 2
        if size < declared:
            raise fail(
                shown,
                f"{suffix} 文件不完整（应有 {declared} 字节，实际 {size} 字节），可能复制或下载时被截断",
                f"the {suffix} file is truncated ({size} of {declared} bytes), cut off while copying or downloading?",
            )
    dbf = _sibling(path, ".dbf")
    if dbf is not None:
        with dbf.open("rb") as handle:
            header = handle.read(32)
        if len(header) < 32:
            raise fail(shown, ".dbf 文件不完整（文件头损坏）", "the .dbf file is truncated (damaged header)")
        records, header_length, record_length = struct.unpack("<IHH", header[4:12])
        declared = header_length + records * record_length
        if dbf.stat().st_size < declared:
            raise fail(
                shown,
                f".dbf 属性表不完整（应有 {declared} 字节，实际 {dbf.stat().st_size} 字节），可能被截断",
                f"the .dbf attribute table is truncated ({dbf.stat().st_size} of {declared} bytes)",
            )
