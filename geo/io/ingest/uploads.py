"""Store uploaded files safely: size limits, zip archives checked, no user file names used as paths.

An upload is written into a fresh directory under the caller's work directory with a generated
name (``upload.<ext>``; members of a zip archive become ``f001.shp``, ``f001.dbf`` …, keeping
the parts of one Shapefile together). The names the user gave are kept only for display, in
``manifest.json`` beside the files. Zip archives are refused when they hold absolute paths,
``..``, symbolic links, encrypted members, too many files, or expand too much (zip bombs); the
bytes written are counted while extracting, so a lying header cannot overrun the limits.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from geo.core.errors import InputDataError, Problem
from geo.core.terminal import escape_controls
from geo.io.ingest.limits import MAX_KMZ_UNPACKED_BYTES
from geo.text.i18n import bilingual, both

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 500
# Deflate tops out at ~1030×, which classic zip bombs reach; a DBF of empty 254-wide text fields
# (legitimate, if wasteful) compresses up to ~490×. The size limit is the real guard; this is the early one.
MAX_COMPRESSION_RATIO = 600.0
_RATIO_CHECK_MIN_BYTES = 1024 * 1024  # tiny members may compress arbitrarily well
MANIFEST = "manifest.json"
_CHUNK = 1024 * 1024

# Extensions we keep (the data formats and their sidecar files); everything else is skipped.
VECTOR_SUFFIXES = (".shp", ".gpkg", ".geojson", ".json", ".kml", ".kmz", ".csv", ".xlsx", ".xlsm")
RASTER_SUFFIXES = (".tif", ".tiff")
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".qpj", ".shp.xml")
RASTER_PARTS = (".tfw", ".tifw", ".aux.xml", ".ovr")
KEPT_SUFFIXES = tuple(dict.fromkeys((*VECTOR_SUFFIXES, *RASTER_SUFFIXES, *SHAPEFILE_PARTS, *RASTER_PARTS)))
# Main files a dataset is opened by (the rest are sidecars).
MAIN_SUFFIXES = (*VECTOR_SUFFIXES, *RASTER_SUFFIXES)


@dataclass(frozen=True)
class UnpackedFile:
    """One main file of an upload: where it is now and what the user called it."""

    path: Path
    display_name: str


def _refuse(name: str, zh: str, en: str) -> InputDataError:
    return InputDataError([Problem(name, None, None, None, zh, en)], summary=bilingual("upload.refused", name=name))


def display_name(name: str) -> str:
    """The user's file name made safe to show: last path part, no control characters, at most 120 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return (base or "upload")[:120]


def _entry(raw: str) -> str:
    """An archive member's whole path as stored (folders and ``..`` included), escaped, for a refusal naming it."""
    text = escape_controls(raw)
    return text if len(text) <= 200 else text[:199] + "…"


def _suffix(name: str) -> str:
    """Known (possibly double) extension of a name, lower-cased: '.shp', '.aux.xml', or '' when not kept."""
    lower = name.lower()
    return next((s for s in sorted(KEPT_SUFFIXES, key=len, reverse=True) if lower.endswith(s)), "")


# Office workbooks are zip containers by their bytes but one data file to the user: never unpacked.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def _is_zip(data: bytes, name: str) -> bool:
    lowered = name.lower()
    if lowered.endswith(WORKBOOK_SUFFIXES):
        return False
    return lowered.endswith((".zip", ".kmz")) or data[:4] == b"PK\x03\x04"


def _check_member(info: zipfile.ZipInfo, shown: str) -> None:
    raw = info.filename
    parts = PurePosixPath(raw.replace("\\", "/")).parts
    if raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", raw) or ".." in parts:
        raise _refuse(
            shown,
            *both("upload.archive_member_points_outside", raw=_entry(raw)),
        )
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise _refuse(
            shown,
            *both("upload.archive_member_symbolic_link", raw=_entry(raw)),
        )
    if info.flag_bits & 0x1:
        raise _refuse(
            shown,
            *both("upload.archive_member_encrypted_upload", raw=_entry(raw)),
        )


def check_archive(archive: zipfile.ZipFile, shown: str, max_unpacked: int) -> list[zipfile.ZipInfo]:
    """Refuse unsafe archives (paths, links, encryption, members, expansion); return the members worth extracting.

    Workbooks are checked here too (they are zips whose XML is parsed in memory), never extracted.
    """
    members = archive.infolist()
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise _refuse(
            shown,
            *both("upload.too_many_files_archive", n_members=len(members), limit=MAX_ARCHIVE_MEMBERS),
        )
    for info in members:
        _check_member(info, shown)
    total = sum(info.file_size for info in members)
    if total > max_unpacked:
        raise _refuse(
            shown,
            *both("upload.archive_expands_too_much", mb=total / 2**20, limit_mb=max_unpacked / 2**20),
        )
    packed = sum(info.compress_size for info in members)
    if total >= _RATIO_CHECK_MIN_BYTES and total / max(packed, 1) > MAX_COMPRESSION_RATIO:
        raise _refuse(
            shown,
            *both("upload.archive_abnormal_overall_compression", ratio=total / max(packed, 1)),
        )
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= _RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise _refuse(
                shown,
                *both("upload.archive_member_abnormal_compression", filename=_entry(info.filename), ratio=ratio),
            )
    return [info for info in members if not info.is_dir() and _kept(info.filename)]


def _kept(raw: str) -> bool:
    parts = PurePosixPath(raw.replace("\\", "/")).parts
    hidden = any(p.startswith(".") or p == "__MACOSX" for p in parts)  # macOS resource forks, dot files
    return not hidden and bool(_suffix(parts[-1] if parts else ""))


def _decoded_name(info: zipfile.ZipInfo) -> str:
    """A member's name: zip flags UTF-8 names; Chinese Windows tools write GBK names without the flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:  # zipfile decoded the bytes as cp437; recover them and try the Chinese encodings
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int, shown: str) -> int:
    """Copy one member to ``target`` counting bytes; refuse when it writes more than declared or than ``budget``."""
    written = 0
    limit = min(info.file_size, budget)
    with archive.open(info) as source, target.open("xb") as sink:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            if written > limit:
                raise _refuse(
                    shown,
                    *both("upload.archive_holds_more_data"),
                )
            sink.write(chunk)
    return written


def _group_key(name: str) -> str:
    """Files that belong together (a Shapefile's parts, a GeoTIFF and its world file) share this key."""
    normalized = name.replace("\\", "/").lower()
    suffix = _suffix(normalized)
    return normalized[: len(normalized) - len(suffix)] if suffix else normalized


def _unpack_zip(data: bytes, shown: str, folder: Path, max_unpacked: int) -> list[UnpackedFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise _refuse(
            shown,
            *both("upload.not_valid_zip_archive", exc=exc),
        ) from exc
    with archive:
        members = check_archive(archive, shown, max_unpacked)
        groups: dict[str, str] = {}
        mains: list[UnpackedFile] = []
        budget = max_unpacked
        for info in members:
            name = _decoded_name(info)
            key = _group_key(name)
            stem = groups.setdefault(key, f"f{len(groups) + 1:03d}")
            suffix = _suffix(name)
            target = folder / f"{stem}{suffix}"
            if target.exists():  # the same name twice (differing only in case): keep the first
                continue
            try:
                budget -= _extract(archive, info, target, budget, shown)
            except (zipfile.BadZipFile, EOFError, NotImplementedError, OSError) as exc:
                raise _refuse(
                    shown,
                    *both("upload.cannot_extract_damaged_archive", name=display_name(name), exc=exc),
                ) from exc
            if suffix in MAIN_SUFFIXES:
                mains.append(UnpackedFile(target, display_name(name)))
    return mains


def _write_manifest(folder: Path, files: list[UnpackedFile]) -> None:
    payload = {f.path.name: f.display_name for f in files}
    (folder / MANIFEST).write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


def read_manifest(folder: Path) -> dict[str, str]:
    """Generated file name → the user's name, for an unpacked upload folder ({} when there is none)."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return {}
    try:
        payload = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in payload.items()} if isinstance(payload, dict) else {}


def unpacked_files(folder: Path) -> list[UnpackedFile]:
    """The main files of an unpacked upload folder, in archive order, with the user's names."""
    return [
        UnpackedFile(folder / generated, shown)
        for generated, shown in read_manifest(folder).items()
        if (folder / generated).is_file()
    ]


def unpack_upload(
    data: bytes, name: str, workdir: Path, *, max_bytes: int = MAX_UPLOAD_BYTES, max_unpacked: int = MAX_UNPACKED_BYTES
) -> Path:
    """Write an upload into a new folder under ``workdir`` and return what to read.

    A single file comes back as ``<folder>/upload.<ext>``; a zip archive (or .kmz) is checked and
    unpacked, and the path of its one dataset is returned, or the folder itself when it holds
    several (``geo.io.ingest.read.list_sublayers`` lists them by the user's names). ``name`` is
    used only for its extension and for display. Raises :class:`InputDataError` (bilingual)
    for oversize, empty, unsupported or unsafe uploads; nothing is left behind then.
    """
    shown = display_name(name)
    if len(data) > max_bytes:
        raise _refuse(
            shown,
            *both("upload.file_too_large_mb", mb=len(data) / 2**20, limit_mb=max_bytes / 2**20),
        )
    if not data:
        raise _refuse(shown, *both("read.file_empty_0_bytes"))
    zipped = _is_zip(data, name)
    suffix = _suffix(shown)
    if not zipped and (suffix not in MAIN_SUFFIXES or suffix in SHAPEFILE_PARTS):
        if suffix in SHAPEFILE_PARTS:
            raise _refuse(shown, *both("upload.shapefile_parts"))
        raise _refuse(shown, *both("upload.unsupported_type"))
    workdir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="upload-", dir=workdir))
    try:
        if zipped:
            kmz = name.lower().endswith(".kmz")  # its KML is parsed in memory: a lower ceiling
            files = _unpack_zip(data, shown, folder, min(max_unpacked, MAX_KMZ_UNPACKED_BYTES) if kmz else max_unpacked)
            if name.lower().endswith(".kmz"):
                files = [f for f in files if f.path.suffix == ".kml"][:1]
                files = [UnpackedFile(f.path, shown) for f in files]
            if not files:
                raise _refuse(
                    shown,
                    *both("upload.archive_holds_no_readable"),
                )
        else:
            target = folder / f"upload{suffix}"
            target.write_bytes(data)
            files = [UnpackedFile(target, shown)]
        _write_manifest(folder, files)
    except BaseException:
        _remove_tree(folder)
        raise
    return files[0].path if len(files) == 1 else folder


def _remove_tree(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
