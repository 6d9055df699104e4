"""Write a planned import into the store safely, keep the original, list and undo imports.

:func:`commit_import` keeps the uploaded original beside the store in ``originals/`` with a JSON
manifest, then writes a new version of the store atomically (``geo.core.store.write_dataset``
keeps the version it replaces in ``.versions/``). Any problem stops the import before anything is
written, so a failed import leaves the store byte-identical; :func:`undo_import` puts the previous
version back. The demo county shipped with the program is never written to (:func:`copy_store`
makes a working copy).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from geo.core import store
from geo.core.errors import InputDataError, PlanningError, Problem
from geo.io.ingest.lock import DEFAULT_WAIT_S, import_lock
from geo.io.ingest.plan import ImportPlan, dataset_to_write, file_sha256
from geo.io.ingest.plan_validation import contract_problems
from geo.io.ingest.retention import ORIGINALS_DIR, Retention, load_retention
from geo.text.i18n import bilingual, both

ROOT = Path(__file__).resolve().parents[3]
BUNDLED_DEMO = ROOT / "data" / "demo" / "fuliang_demo.gpkg"
# Extensions an original is kept under (anything else is stored as .bin); never the user's name.
_ORIGINAL_SUFFIXES = (
    ".zip",
    ".gpkg",
    ".geojson",
    ".json",
    ".kml",
    ".kmz",
    ".csv",
    ".txt",
    ".xlsx",
    ".xlsm",
    ".xls",
    ".tif",
    ".tiff",
    ".shp",
)
_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".qpj", ".shp.xml")
_STAMP = "%Y%m%dT%H%M%S%f"


@dataclass(frozen=True)
class ImportRecord:
    """What a written import left behind."""

    manifest: Path
    original: Path
    previous_version: Path | None
    features: int | None


def is_bundled_demo(path: str | os.PathLike[str]) -> bool:
    """True for the demo county shipped with the program, which imports must not change."""
    try:
        return Path(path).expanduser().resolve() == BUNDLED_DEMO.resolve()
    except OSError:
        return False


def _demo_refused(path: Path) -> InputDataError:
    return InputDataError(
        [
            Problem(
                path.name,
                None,
                None,
                None,
                *both("ingest.commit.bundled_demo_county_which"),
            )
        ]
    )


def copy_store(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """Copy a store (e.g. the demo county) to a working file, atomically; refuse to overwrite one."""
    source, target = Path(source), Path(target)
    if target.exists():
        raise InputDataError([Problem(target.name, None, None, None, *both("ingest.commit.target_file_exists_not"))])
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        with source.open("rb") as src, tmp.open("wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _original_suffix(name: str) -> str:
    lower = name.lower()
    return next((s for s in _ORIGINAL_SUFFIXES if lower.endswith(s)), ".bin")


def _original_bytes(original: str | os.PathLike[str] | bytes, name: str) -> tuple[bytes, str]:
    """The bytes to keep and the extension to keep them under; a Shapefile is zipped with its sidecar files."""
    if isinstance(original, bytes):
        return original, _original_suffix(name)
    path = Path(original)
    if path.is_dir():  # a folder of files (e.g. an unpacked archive): kept as one zip
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(path.rglob("*")):
                if part.is_file() and not part.is_symlink():
                    archive.write(part, arcname=part.relative_to(path).as_posix())
        return buffer.getvalue(), ".zip"
    if path.suffix.lower() != ".shp":
        return path.read_bytes(), _original_suffix(path.name)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(path.parent.iterdir()):
            lower = part.name.lower()
            if part.is_file() and lower.startswith(path.stem.lower() + ".") and lower.endswith(_SHAPEFILE_PARTS):
                archive.write(part, arcname=f"original{lower[len(path.stem) :]}")
    return buffer.getvalue(), ".shp.zip"


def _write_atomic(path: Path, data: bytes) -> None:
    handle, tmp_name = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        Path(tmp_name).replace(path)
    finally:
        Path(tmp_name).unlink(missing_ok=True)


def _safe_kind(kind: str) -> str:
    return re.sub(r"[^a-z0-9_]", "_", kind.lower())[:40] or "layer"


def commit_import(
    plan: ImportPlan,
    original: str | os.PathLike[str] | bytes,
    *,
    keep_versions: int | None = None,
    wait_s: float = DEFAULT_WAIT_S,
) -> ImportRecord:
    """Write a planned import: keep the original and its manifest, then the new store version.

    Refuses (raising, writing nothing) when the plan has problems, when the store is the bundled
    demo, or when the store changed since the plan was made. If writing the store fails, the
    kept original is removed again: a failed import changes nothing. The check and the write
    happen under the store's import lock (:mod:`geo.io.ingest.lock`): a second writer waits up
    to ``wait_s`` seconds, then is refused, and never overwrites. Once the new version is written,
    the history is pruned by the store's retention settings (:mod:`geo.io.ingest.retention`;
    ``keep_versions`` overrides their ``versions_kept``).
    """
    with import_lock(plan.store_path, wait_s=wait_s):
        return _commit_locked(plan, original, keep_versions)


def _commit_locked(
    plan: ImportPlan, original: str | os.PathLike[str] | bytes, keep_versions: int | None
) -> ImportRecord:
    path = plan.store_path
    if is_bundled_demo(path):
        raise _demo_refused(path)
    retention = load_retention(path)  # a broken settings file refuses the import before anything is written
    if not plan.ok or plan.dataset is None:
        raise InputDataError(
            plan.problems or [Problem(plan.source_name, None, None, None, *both("ingest.commit.nothing_import"))],
            summary=bilingual("ingest.commit.nothing_imported", n=len(plan.problems)),
        )
    now = file_sha256(path) if path.exists() else None
    if now != plan.store_sha256:
        raise PlanningError(f"{path.name}: {bilingual('ingest.commit.store_changed')}")
    data, suffix = _original_bytes(original, plan.source_name)
    folder = path.parent / ORIGINALS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime(_STAMP)
    base = f"{stamp}-{_safe_kind(plan.options.kind)}"
    kept = folder / f"{base}{suffix}"
    manifest = folder / f"{base}.json"
    _write_atomic(kept, data)
    try:
        previous = store.write_dataset(
            path,
            dataset_to_write(plan),
            keep_versions=retention.versions_kept if keep_versions is None else keep_versions,
            validator=contract_problems,
        )
    except BaseException:
        kept.unlink(missing_ok=True)
        raise
    previous_version = previous if previous != path else None
    layer = plan.layer
    record = {
        "original_name": plan.source_name,
        "stored_as": kept.name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "kind": plan.options.kind,
        "accepted_inconsistent": plan.options.accept_inconsistent,
        "mode": plan.mode,
        "features": None if layer is None else len(layer),
        "imported_at": datetime.now().isoformat(timespec="seconds"),
        "store": path.name,
        "previous_version": previous_version.name if previous_version else None,
        "repaired_rows": plan.repaired_rows,
        "notes": [{"zh": n.zh, "en": n.en} for n in plan.notes],
        "options": {k: v for k, v in asdict(plan.options).items() if k != "choices"}
        | {"choices": {str(k): v for k, v in plan.options.choices.items()}},
        "undone_at": None,
    }
    _write_atomic(manifest, json.dumps(record, ensure_ascii=False, indent=2, default=str).encode("utf-8"))
    prune_originals(path, retention)  # after the new version and its manifest are in place
    return ImportRecord(
        manifest=manifest,
        original=kept,
        previous_version=previous_version,
        features=None if layer is None else len(layer),
    )


def list_imports(store_path: str | os.PathLike[str]) -> list[dict[str, object]]:
    """Manifests of the imports into this store, newest first."""
    return [record | {"manifest": manifest.name} for manifest, record in _manifests(Path(store_path))]


def undo_import(store_path: str | os.PathLike[str]) -> Path:
    """Put the previous version of the store back (``geo.core.store.restore_previous``) and mark its import undone.

    The originals stay where they are: undo never deletes what a user brought in.
    """
    store_path = Path(store_path)
    if is_bundled_demo(store_path):
        raise _demo_refused(store_path)
    with import_lock(store_path):
        return _undo_locked(store_path)


def _undo_locked(store_path: Path) -> Path:
    restored = store.restore_previous(store_path)
    _mark(store_path, restored.name, undone=True)
    return restored


def redo_import(store_path: str | os.PathLike[str]) -> Path:
    """Redo the last undo (``geo.core.store.restore_next``): the undone import's store is back, its mark cleared."""
    store_path = Path(store_path)
    if is_bundled_demo(store_path):
        raise _demo_refused(store_path)
    with import_lock(store_path):
        kept = store.restore_next(store_path)
        _mark(store_path, kept.name, undone=False)
        return kept


def _mark(store_path: Path, version: str, *, undone: bool) -> None:
    """Mark the import whose previous version is ``version`` undone (or redone again) in its manifest."""
    for manifest, record in _manifests(store_path):
        if record.get("previous_version") == version and bool(record.get("undone_at")) != undone:
            stamp = datetime.now().isoformat(timespec="seconds")
            changed = record | ({"undone_at": stamp} if undone else {"undone_at": None, "redone_at": stamp})
            _write_atomic(manifest, json.dumps(changed, ensure_ascii=False, indent=2, default=str).encode("utf-8"))
            return


def _manifests(store_path: Path) -> list[tuple[Path, dict[str, object]]]:
    """This store's import manifests with their records, newest first."""
    folder = store_path.parent / ORIGINALS_DIR
    out = []
    for manifest in sorted(folder.glob("*.json"), reverse=True) if folder.is_dir() else []:
        try:
            record = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(record, dict) and record.get("store") == store_path.name:
            out.append((manifest, record))
    return out


def prune_originals(
    store_path: str | os.PathLike[str], retention: Retention, now: datetime | None = None
) -> list[Path]:
    """Delete the originals beyond the last ``originals_kept`` imports and older than ``originals_days``.

    The manifest stays (marked ``original_pruned_at``), so the history still names every import.
    Returns the deleted files.
    """
    store_path = Path(store_path)
    now = now or datetime.now()
    oldest_kept = now - timedelta(days=retention.originals_days)
    deleted = []
    for manifest, record in _manifests(store_path)[retention.originals_kept :]:
        original = manifest.parent / str(record.get("stored_as") or "")
        if record.get("original_pruned_at") or not original.is_file() or original.parent != manifest.parent:
            continue
        try:
            imported = datetime.fromisoformat(str(record.get("imported_at")))
        except ValueError:
            continue  # an unreadable date: keep it rather than guess
        if imported >= oldest_kept:
            continue
        record = record | {"original_pruned_at": now.isoformat(timespec="seconds")}
        _write_atomic(manifest, json.dumps(record, ensure_ascii=False, indent=2, default=str).encode("utf-8"))
        original.unlink()
        deleted.append(original)
    return deleted
