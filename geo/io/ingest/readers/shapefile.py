"""Shapefiles (.shp with .shx/.dbf/.prj/.cpg, or a lone .dbf table): parts checked, DBF encoding decided.

A zipped Shapefile is unpacked by the dispatcher (:mod:`geo.io.ingest.read`) and read here. A
missing or cut-off part is refused (GDAL would read the lost features as empty); the attribute
table's encoding comes from the .cpg file, the DBF language id or its content, with a note.
"""

from __future__ import annotations

import shutil
import struct
import tempfile
from pathlib import Path

import pyogrio

from geo.io.ingest.crs_guess import Note
from geo.io.ingest.encoding import cut_tail, dbf_field_names, decodes, normalize_encoding, shapefile_encoding
from geo.io.ingest.mapping import CUT_NAMES
from geo.io.ingest.readers.common import ReadOptions, SourceFrame, encoding_label, fail, reading
from geo.io.ingest.readers.vector import finish_vector
from geo.text.i18n import ByLang, both, joined


def read_shapefile(path: Path, shown: str, opts: ReadOptions) -> SourceFrame:
    encoding = opts.encoding
    notes: list[Note] = []
    if path.suffix.lower() == ".shp":
        missing = [ext for ext in (".shx", ".dbf") if _sibling(path, ext) is None]
        if missing:
            raise fail(
                shown,
                *both("read.shp.missing_parts", missing=joined(missing)),
            )
        if _sibling(path, ".prj") is None:
            notes.append(Note(*both("read.shp.shapefile_no_prj_file")))
    _check_shapefile_complete(path, shown)
    if encoding is not None:
        codec = normalize_encoding(encoding) or encoding
    else:
        codec, how = shapefile_encoding(path)
        label = ByLang(encoding_label(codec, "zh"), encoding_label(codec, "en"))
        if how == "detected" and codec != "utf-8":
            notes.append(Note(*both("read.shp.encoding_detected", label=label)))
        elif how == "cpg-wrong":
            notes.append(Note(*both("read.shp.cpg_wrong", label=label)))
        elif how == "ldid":
            notes.append(
                Note(
                    *both("read.shp.attribute_table_no_cpg"),
                )
            )
    dbf = _sibling(path, ".dbf")
    fixes = _field_name_fixes(dbf, codec, shown) if dbf is not None else {}
    if not fixes:
        with reading(shown):
            frame = pyogrio.read_dataframe(path, encoding=codec, use_arrow=True)
        return finish_vector(frame, shown, None, codec, notes, opts)
    assert dbf is not None
    with tempfile.TemporaryDirectory() as tmp:
        patched = _with_field_names(path, dbf, fixes, Path(tmp))
        with reading(shown):
            frame = pyogrio.read_dataframe(patched, encoding=codec, use_arrow=True)
    for raw, fixed in fixes.values():
        shown_raw = raw.decode(codec, errors="replace")
        notes.append(Note(*both("input.shp_name_cut", raw=shown_raw, name=fixed.decode(codec))))
    source = finish_vector(frame, shown, None, codec, notes, opts)
    source.frame.attrs[CUT_NAMES] = [fixed.decode(codec) for _, fixed in fixes.values()]
    return source


def _field_name_fixes(dbf: Path, codec: str, shown: str) -> dict[int, tuple[bytes, bytes]]:
    """Field position → (raw name, name read instead) for names cut inside a character; refuse undecodable ones."""
    names = dbf_field_names(dbf)
    fixes: dict[int, tuple[bytes, bytes]] = {}
    taken = {name for name in names if decodes(name, codec)}
    for position, name in enumerate(names):
        if decodes(name, codec):
            continue
        fixed = cut_tail(name, codec)
        if fixed is None:
            raise fail(
                shown,
                *both("input.shp_name_undecodable", n=position + 1, codec=codec, raw=name.hex(" ")),
                column=name.decode(codec, errors="replace"),
            )
        base, suffix = fixed, 1
        while fixed in taken:  # two names cut to the same prefix stay apart
            suffix += 1
            fixed = base[:9] + str(suffix).encode()
        taken.add(fixed)
        fixes[position] = (name, fixed)
    return fixes


def _with_field_names(path: Path, dbf: Path, fixes: dict[int, tuple[bytes, bytes]], folder: Path) -> Path:
    """A copy of the Shapefile in ``folder`` whose DBF header carries the fixed names (the user's file is untouched)."""
    target = folder / "source.shp"
    for suffix in (".shp", ".shx", ".prj", ".cpg"):
        part = _sibling(path, suffix)
        if part is not None:
            (folder / f"source{suffix}").symlink_to(part.resolve())
    copy = folder / "source.dbf"
    shutil.copyfile(dbf, copy)
    with copy.open("r+b") as handle:
        for position, (_, fixed) in fixes.items():
            handle.seek(32 + 32 * position)
            handle.write(fixed.ljust(11, b"\x00"))
    return target


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
                *both("read.shp.file_not_valid_shapefile", suffix=suffix),
            )
        declared = struct.unpack(">i", header[24:28])[0] * 2
        if size < declared:
            raise fail(
                shown,
                *both("read.shp.file_truncated_bytes_cut", suffix=suffix, declared=declared, size=size),
            )
    dbf = _sibling(path, ".dbf")
    if dbf is not None:
        with dbf.open("rb") as handle:
            header = handle.read(32)
        if len(header) < 32:
            raise fail(shown, *both("read.shp.dbf_file_truncated_damaged"))
        records, header_length, record_length = struct.unpack("<IHH", header[4:12])
        declared = header_length + records * record_length
        if dbf.stat().st_size < declared:
            raise fail(
                shown,
                *both("read.shp.dbf_attribute_table_truncated", declared=declared, st_size=dbf.stat().st_size),
            )
