"""Text encodings of bureau files: UTF-8, GBK and GB18030 (a superset of GBK and GB2312).

Chinese Shapefiles written by older ArcGIS/MapGIS/南方CASS keep their attribute table in GBK,
usually without a ``.cpg`` file; CSV ledgers saved from Excel are GBK ("ANSI") or UTF-8 with a
byte-order mark. A wrong guess shows as mojibake in village names, so the rule is: a declared
encoding (``.cpg``, the DBF language driver byte) when the bytes agree with it, else UTF-8 if the
bytes are valid UTF-8, else GB18030; and say which.
"""

from __future__ import annotations

import codecs
import struct
from pathlib import Path

# What .cpg files and DBF language-driver ids say → Python codec names.
_CPG_ALIASES: dict[str, str] = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "65001": "utf-8",
    "gbk": "gbk",
    "936": "gbk",
    "cp936": "gbk",
    "ansi936": "gbk",
    "gb2312": "gbk",
    "chinese": "gbk",
    "gb18030": "gb18030",
    "54936": "gb18030",
    "big5": "big5",
    "950": "big5",
    "88591": "latin-1",
    "iso88591": "latin-1",
    "latin1": "latin-1",
    "1252": "cp1252",
    "ansi1252": "cp1252",
}
# DBF header byte 29 (language driver id) values meaning code page 936 (GBK).
_LDID_GBK = frozenset({0x4D, 0x7A})
_SAMPLE_BYTES = 64 * 1024 * 1024  # the whole table of any county layer, bounded memory for huge ones


def normalize_encoding(name: str) -> str | None:
    """Map a declared encoding ('UTF-8', '936', 'ANSI 936', 'GB2312', …) to a Python codec name, or None."""
    key = name.strip().lower().replace(" ", "").replace("_", "").replace("-", "") if name else ""
    if key in _CPG_ALIASES:
        return _CPG_ALIASES[key]
    if key.startswith("cp") and key[2:] in _CPG_ALIASES:
        return _CPG_ALIASES[key[2:]]
    try:
        return codecs.lookup(name.strip()).name
    except (LookupError, AttributeError):
        return None


def decodes(data: bytes, encoding: str, *, partial: bool = False) -> bool:
    """Whether ``data`` decode strictly in ``encoding``; ``partial`` allows a cut-off last character."""
    try:
        codecs.getincrementaldecoder(encoding)(errors="strict").decode(data, final=not partial)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def detect_bytes_encoding(data: bytes, *, partial: bool = False) -> str | None:
    """'utf-8-sig', 'utf-16' (byte-order marks), 'utf-8' or 'gb18030'; None when no candidate decodes.

    Pure ASCII is reported as 'utf-8'. GB18030 decodes almost any byte string, so this tells
    UTF-8 from Chinese legacy encodings reliably but not from, say, Latin-1.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for candidate in ("utf-8", "gb18030"):
        if decodes(data, candidate, partial=partial):
            return candidate
    return None


def read_cpg(shp: Path) -> str | None:
    """Contents of the ``.cpg`` beside a Shapefile (any case of the extension), or None."""
    for suffix in (".cpg", ".CPG", ".Cpg"):
        cpg = shp.with_suffix(suffix)
        if cpg.is_file():
            return cpg.read_text(encoding="ascii", errors="replace").strip()
    return None


def dbf_text_sample(dbf: Path) -> tuple[bytes, int]:
    """(record bytes from the start of the table, language driver id byte) of a DBF file.

    The field names (which may be Chinese) come first, one per line. Numbers and dates in DBF
    records are ASCII, so the records as a whole decode like their text fields. Reads at most
    a few megabytes.
    """
    with dbf.open("rb") as handle:
        header = handle.read(32)
        if len(header) < 32:
            return b"", 0
        header_length = struct.unpack("<H", header[8:10])[0]
        handle.seek(header_length)
        records = handle.read(_SAMPLE_BYTES).rstrip(b"\x1a")
    # A name cut mid-character by the writer (10-byte DBF names) must not make UTF-8 look wrong.
    names = [cut_tail(name, "utf-8") or name for name in dbf_field_names(dbf)]
    return b"\n".join([*names, records]), header[29]


def dbf_field_names(dbf: Path) -> list[bytes]:
    """The raw field names of a DBF header, in order (at most 10 bytes each, NUL padding removed)."""
    with dbf.open("rb") as handle:
        header = handle.read(32)
        if len(header) < 32:
            return []
        header_length = struct.unpack("<H", header[8:10])[0]
        descriptors = handle.read(max(header_length - 32, 0))
    names = []
    for i in range(0, len(descriptors) - 31, 32):
        if descriptors[i] == 0x0D:  # end of the field descriptors
            break
        names.append(descriptors[i : i + 11].split(b"\x00", 1)[0])
    return names


def cut_tail(data: bytes, encoding: str) -> bytes | None:
    """``data`` without a cut-off last character when that is all that keeps it from decoding, else None.

    GDAL and older tools cut DBF field names at 10 bytes, which can fall inside a 3-byte UTF-8
    character (``供水方式`` becomes ``供水方`` plus one byte of ``式``).
    """
    if decodes(data, encoding) or not decodes(data, encoding, partial=True):
        return None
    for end in range(len(data) - 1, max(len(data) - 4, -1), -1):
        if decodes(data[:end], encoding):
            return data[:end]
    return None


def shapefile_encoding(shp: Path) -> tuple[str, str]:
    """(codec, how it was decided) for a Shapefile's attribute table.

    ``how`` is one of 'cpg' (declared and consistent), 'ldid' (the DBF language driver byte),
    'detected' (no declaration: content looked at), 'cpg-wrong' (declared but the bytes do not
    decode in it, so detected instead), 'empty' (no text to look at; UTF-8 assumed).
    """
    dbf = next((p for p in (shp.with_suffix(".dbf"), shp.with_suffix(".DBF")) if p.is_file()), None)
    sample, ldid = dbf_text_sample(dbf) if dbf is not None else (b"", 0)
    declared = read_cpg(shp)
    declared_codec = normalize_encoding(declared) if declared else None
    if declared_codec is not None:
        if decodes(sample, declared_codec, partial=True):
            return declared_codec, "cpg"
        detected = detect_bytes_encoding(sample, partial=True)
        return detected or declared_codec, "cpg-wrong"
    if ldid in _LDID_GBK and decodes(sample, "gbk", partial=True):
        return "gbk", "ldid"
    if not sample.strip(b" \x00\r\n"):
        return "utf-8", "empty"
    detected = detect_bytes_encoding(sample, partial=True)
    return detected or "gb18030", "detected"
