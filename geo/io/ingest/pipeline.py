"""Import one source into the store as one layer kind, safely: preview first, write atomically, undo.

The steps: read (``geo.io.ingest.sources``) → map columns and values onto the layer
(``geo.io.ingest.mapping``) → for ledgers, join to the villages of the store by code or name
(``geo.io.ingest.ledger``) → repair invalid geometries only when asked, and say which → validate
the whole resulting dataset against the contract → write a new version of the store atomically
(``geo.core.store.write_dataset`` keeps the version it replaces in ``.versions/``). The uploaded
original is kept beside the store in ``originals/`` with a JSON manifest. Any problem stops the
import before anything is written, so a failed import leaves the store byte-identical; undo puts
the previous version back.

:func:`plan_import` does everything but the writing (the page shows its preview and problem
report); :func:`commit_import` writes a plan that has no problems. This module is an entry
point of the core (like ``geo.cli``): it may import ``layers`` to validate against the contract.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.core import store
from geo.core.errors import InputDataError, PlanningError, Problem
from geo.core.schema import DTYPE_ZH, GEOMETRY_ZH
from geo.core.validation import as_text
from geo.io.ingest import ledger as ledger_join
from geo.io.ingest.crs_guess import Note
from geo.io.ingest.mapping import MappingResult, apply_mapping
from geo.io.ingest.read import read_source
from geo.io.ingest.readers.common import RasterSource, SourceFrame
from geo.io.ingest.readers.raster import read_raster_source
from layers.registry import LAYER_KINDS, RASTERS, normalize_dataset, validate_dataset

ROOT = Path(__file__).resolve().parents[3]
BUNDLED_DEMO = ROOT / "data" / "demo" / "fuliang_demo.gpkg"
ORIGINALS_DIR = "originals"
Mode = Literal["replace", "update"]
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
# Columns a ledger uses to find its feature; they are not copied onto the feature in an update.
_JOIN_COLUMNS = ("name", "nv_id", "village_code", "village_name", "town_code", "town_name")
_MISSING_LAYER_ZH = "缺少图层"


@dataclass
class ImportOptions:
    """What the user chose: layer kind, how to read the source, mappings and repairs.

    ``kind`` is a layer kind (``natural_villages`` …) or a raster (``dem``, ``population``).
    ``columns`` maps source columns to contract columns by hand; ``values`` maps categorical
    values per contract column; ``choices`` settles ledger rows by hand (ledger row → feature
    key, e.g. the candidate the planner picked for an ambiguous name). ``mode`` is ``replace``
    (the source becomes the whole layer) or ``update`` (ledger values are written onto the
    matched features); ``None`` picks replace for sources with geometry, update for ledgers.
    """

    kind: str
    layer: str | None = None
    sheet: str | None = None
    encoding: str | None = None
    crs: str | int | None = None
    from_gcj02: bool = False
    lon_column: str | None = None
    lat_column: str | None = None
    repair: bool = False
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    join_by: ledger_join.JoinBy = "auto"
    choices: dict[int, str] = field(default_factory=dict)
    mode: Mode | None = None


@dataclass
class ImportPlan:
    """Everything an import would do, computed without writing: preview, problems, notes.

    ``layer`` is the imported layer as it would be stored (or ``None`` when reading failed),
    ``dataset`` the whole new store content, ``problems`` every problem found (the import is
    refused unless it is empty), ``notes`` what was guessed or changed; in update mode
    ``updated_positions`` are the rows of ``layer`` the ledger changed; ``key_columns`` the
    source columns recognised as saying where a row belongs (乡镇 → ``town_name`` …).
    """

    options: ImportOptions
    store_path: Path
    source_name: str
    store_sha256: str | None
    mode: Mode = "replace"
    source: SourceFrame | RasterSource | None = None
    mapping: MappingResult | None = None
    join: ledger_join.JoinResult | None = None
    layer: gpd.GeoDataFrame | None = None
    dataset: store.Dataset | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    repaired_rows: list[int] = field(default_factory=list)
    updated_rows: int = 0
    updated_positions: list[int] = field(default_factory=list)
    key_columns: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the plan can be written."""
        return self.dataset is not None and not self.problems


@dataclass(frozen=True)
class ImportRecord:
    """What a written import left behind."""

    manifest: Path
    original: Path
    previous_version: Path | None
    features: int | None


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


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
                str(path),
                None,
                None,
                None,
                "这是随程序提供的演示数据，不能导入到其中；请先复制为工作文件再导入",
                "this is the bundled demo county, which imports must not change; copy it to a working file first",
            )
        ]
    )


def copy_store(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """Copy a store (e.g. the demo county) to a working file, atomically; refuse to overwrite one."""
    source, target = Path(source), Path(target)
    if target.exists():
        raise InputDataError(
            [Problem(str(target), None, None, None, "目标文件已存在，未覆盖", "target file exists; not overwritten")]
        )
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


# --- planning ------------------------------------------------------------------------------------------------------


def _problem(
    source: str, zh: str, en: str, *, layer: str | None = None, feature: int | None = None, column: str | None = None
) -> Problem:
    return Problem(source, layer, feature, column, zh, en)


def _read_store(path: Path) -> store.Dataset:
    if path.exists():
        return store.read_dataset(path)
    return store.Dataset(source=str(path))


def _county_lon(dataset: store.Dataset) -> float | None:
    for name in ("townships", "admin_villages"):
        frame = dataset.layers.get(name)
        if frame is not None and len(frame) and frame.crs is not None:
            west, _, east, _ = frame.to_crs(4490).total_bounds
            if np.isfinite(west) and np.isfinite(east):
                return float((west + east) / 2)
    return None


def _has_geometry(frame: pd.DataFrame) -> bool:
    return isinstance(frame, gpd.GeoDataFrame) and getattr(frame, "active_geometry_name", None) in frame.columns


def _repair(layer: gpd.GeoDataFrame, plan: ImportPlan) -> gpd.GeoDataFrame:
    """Make invalid geometries valid (shapely ``make_valid``, structure method) and note which rows."""
    geoms = layer.geometry.to_numpy()
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    invalid = present & ~shapely.is_valid(geoms)
    rows = np.flatnonzero(invalid)
    if not len(rows):
        plan.notes.append(Note("没有需要修复的无效几何", "no invalid geometries to repair"))
        return layer
    fixed = shapely.make_valid(geoms[rows], method="structure", keep_collapsed=False)
    geometry = geoms.copy()
    geometry[rows] = fixed
    layer = layer.set_geometry(gpd.GeoSeries(geometry, index=layer.index, crs=layer.crs))
    plan.repaired_rows = [int(r) for r in rows]
    listed = ", ".join(str(r) for r in rows[:20]) + (" …" if len(rows) > 20 else "")
    plan.notes.append(
        Note(
            f"已修复 {len(rows)} 个无效几何（行 {listed}）", f"repaired {len(rows)} invalid geometries (rows {listed})"
        )
    )
    return layer


def _relabel(problems: list[Problem], plan: ImportPlan, store_to_source: Mapping[int, int] | None) -> list[Problem]:
    """Problems of the imported layer name the source file and its rows; the rest keep the store's."""
    out: list[Problem] = []
    kind = plan.options.kind
    for p in problems:
        if p.layer != kind:
            out.append(p)
        elif store_to_source is None:
            out.append(Problem(plan.source_name, p.layer, p.feature, p.field, p.message_zh, p.message_en))
        elif p.feature is not None and p.feature in store_to_source:
            out.append(
                Problem(plan.source_name, p.layer, store_to_source[p.feature], p.field, p.message_zh, p.message_en)
            )
        else:
            out.append(p)
    return out


def _validate(plan: ImportPlan, dataset: store.Dataset, store_to_source: Mapping[int, int] | None) -> None:
    """Validate the whole new dataset; layers still missing from a store being built are noted, not refused."""
    missing = [
        name for name, kind in LAYER_KINDS.items() if name not in dataset.layers and kind.schema.required_in_dataset
    ]
    problems = [p for p in validate_dataset(dataset) if not _is_missing_layer(p, missing)]
    if missing:
        plan.notes.append(
            Note("数据中尚缺图层：" + "、".join(missing), "layers still missing from the store: " + ", ".join(missing))
        )
    plan.problems += _relabel(problems, plan, store_to_source)


def _is_missing_layer(problem: Problem, missing: list[str]) -> bool:
    return (
        problem.layer in missing
        and problem.feature is None
        and problem.field is None
        and problem.message_zh.startswith(_MISSING_LAYER_ZH)
    )


def _apply_choices(
    result: ledger_join.JoinResult, choices: Mapping[int, str], known: pd.Series, plan: ImportPlan
) -> None:
    """Settle ledger rows by hand (row → feature key); an unknown key is a problem, not a match."""
    table = result.table
    valid = set(as_text(known).dropna())
    for row, key in choices.items():
        if row not in table.index:
            continue
        if key not in valid:
            plan.problems.append(
                _problem(
                    plan.source_name,
                    f"手工指定的“{key}”不存在",
                    f"chosen feature '{key}' does not exist",
                    layer=plan.options.kind,
                    feature=int(row),
                )
            )
            continue
        table.loc[row, ["status", "method", "score", "target", "reason_zh", "reason_en"]] = [
            "matched",
            "manual",
            1.0,
            key,
            "",
            "",
        ]


def _join(plan: ImportPlan, frame: pd.DataFrame, current: store.Dataset) -> ledger_join.JoinResult | None:
    """Join a ledger (or a layer naming villages instead of coding them) to the store's villages."""
    kind = plan.options.kind
    towns = current.layers.get("townships")
    villages = current.layers.get("admin_villages")
    if kind == "natural_villages" and plan.mode == "update":
        naturals = current.layers.get("natural_villages")
        if naturals is None or villages is None:
            plan.problems.append(
                _problem(
                    plan.source_name,
                    "数据中还没有自然村和行政村图层，台账无法对应",
                    "the store has no natural villages or admin villages yet, so the ledger cannot be joined",
                    layer=kind,
                )
            )
            return None
        result = ledger_join.join_natural_villages(frame, naturals, villages, towns, by=plan.options.join_by)
        _apply_choices(result, plan.options.choices, naturals["nv_id"], plan)
        return result
    if villages is None:
        plan.problems.append(
            _problem(
                plan.source_name,
                "数据中还没有行政村图层，无法按行政村名称或代码对应",
                "the store has no admin villages yet, so villages cannot be looked up",
                layer=kind,
            )
        )
        return None
    name_column = "name" if kind == "admin_villages" and "name" in frame.columns else "village_name"
    result = ledger_join.join_admin_villages(frame, villages, towns, name_column=name_column, by=plan.options.join_by)
    _apply_choices(result, plan.options.choices, villages["village_code"], plan)
    return result


def _join_notes(plan: ImportPlan, result: ledger_join.JoinResult, field_name: str) -> None:
    table = result.table
    counts = {s: int((table["status"] == s).sum()) for s in ("matched", "ambiguous", "unmatched")}
    plan.notes.append(
        Note(
            f"台账对应：匹配 {counts['matched']} 行，多义 {counts['ambiguous']} 行，未匹配 {counts['unmatched']} 行",
            f"ledger join: {counts['matched']} matched, {counts['ambiguous']} ambiguous, "
            f"{counts['unmatched']} unmatched",
        )
    )
    fuzzy = result.fuzzy
    if len(fuzzy):
        plan.notes.append(
            Note(
                f"其中 {len(fuzzy)} 行为模糊匹配，请在预览中核对", f"{len(fuzzy)} of them are fuzzy matches; check them"
            )
        )
    plan.problems += result.problems(plan.source_name, plan.options.kind, field_name)


def _update(
    plan: ImportPlan, ledger: pd.DataFrame, result: ledger_join.JoinResult, target: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame, dict[int, int]]:
    """Write the ledger's values onto the matched features; blanks in the ledger keep the stored value."""
    matched = result.matched
    positions = pd.Series(np.arange(len(target)), index=as_text(target[result.key]).to_numpy())
    positions = positions[~positions.index.duplicated()]
    dup = matched["target"].duplicated(keep=False)
    for row in matched.index[dup.to_numpy(dtype=bool)]:
        others = ", ".join(
            str(r) for r in matched.index[(matched["target"] == matched.at[row, "target"]).to_numpy()] if r != row
        )
        plan.problems.append(
            _problem(
                plan.source_name,
                f"与第 {others} 行对应同一要素（{matched.at[row, 'target']}）",
                f"matches the same feature ({matched.at[row, 'target']}) as row(s) {others}",
                layer=plan.options.kind,
                feature=int(row),
            )
        )
    rows = matched.index.to_numpy()
    at = positions.reindex(matched["target"].astype(str).to_numpy()).to_numpy(dtype=int)
    out = target.copy()
    columns = [c for c in ledger.columns if c not in _JOIN_COLUMNS]
    for column in columns:
        values = ledger.loc[rows, column]
        present = values.notna().to_numpy(dtype=bool).copy()
        if isinstance(values.dtype, pd.StringDtype) or values.dtype == object:
            present &= as_text(values).notna().to_numpy(dtype=bool)
        if column not in out.columns:
            out[column] = pd.Series(pd.NA, index=out.index, dtype=object)
        else:
            out[column] = out[column].astype(object)
        column_at = out.columns.get_loc(column)
        out.iloc[at[present], column_at] = values.to_numpy(dtype=object)[present]
    plan.updated_positions = sorted(set(at.tolist()))
    plan.updated_rows = len(plan.updated_positions)
    plan.notes.append(
        Note(
            f"更新了 {plan.updated_rows} 个要素的 {len(columns)} 个字段：{'、'.join(map(str, columns))}",
            f"updated {len(columns)} column(s) of {plan.updated_rows} feature(s): {', '.join(map(str, columns))}",
        )
    )
    return out, {int(a): int(r) for a, r in zip(at, rows, strict=True)}


def _store_state(path: Path) -> tuple[str | None, store.Dataset]:
    """The store's fingerprint, taken before reading it (a change after the read then shows at commit time)."""
    fingerprint = file_sha256(path) if path.exists() else None
    return fingerprint, _read_store(path)


def plan_source(
    source: SourceFrame | RasterSource,
    store_path: str | os.PathLike[str],
    options: ImportOptions,
    *,
    state: tuple[str | None, store.Dataset] | None = None,
) -> ImportPlan:
    """Plan the import of an already-read source (see :func:`plan_import`).

    ``state`` is the store's (fingerprint, content) when the caller has already read it with
    :func:`_store_state`; it is read here otherwise.
    """
    store_path = Path(store_path)
    fingerprint, current = _store_state(store_path) if state is None else state
    plan = ImportPlan(
        options=options, store_path=store_path, source_name=source.source_name, store_sha256=fingerprint, source=source
    )
    plan.notes += list(source.notes)
    if isinstance(source, RasterSource):
        if options.kind not in RASTERS:
            plan.problems.append(
                _problem(
                    source.source_name,
                    "栅格文件只能导入为 DEM 或人口栅格",
                    "a raster can only be imported as the DEM or the population grid",
                )
            )
            return plan
        # replace() keeps whatever else the store carries (e.g. its "data as of" date)
        dataset = replace(
            current,
            layers=dict(current.layers),
            rasters={**current.rasters, options.kind: source.grid},
            source=str(store_path),
        )
        plan.mode = "replace"
        _validate(plan, dataset, None)
        plan.dataset = dataset
        return plan
    if options.kind not in LAYER_KINDS:
        plan.problems.append(
            _problem(
                source.source_name, f"“{options.kind}”不是矢量图层类型", f"'{options.kind}' is not a vector layer kind"
            )
        )
        return plan
    schema = LAYER_KINDS[options.kind].schema
    try:
        mapping = apply_mapping(source.frame, schema, options.columns, options.values, source=source.source_name)
    except InputDataError as error:
        plan.problems += error.problems
        return plan
    plan.mapping = mapping
    frame = mapping.frame.reset_index(drop=True)
    names_villages = options.kind == "admin_villages" or "village_code" in {c.name for c in schema.columns}
    if names_villages:
        frame, plan.key_columns = ledger_join.key_columns(frame)
    geometric = _has_geometry(frame)
    plan.mode = options.mode or ("replace" if geometric else "update")
    store_to_source: dict[int, int] | None = None
    if plan.mode == "update":
        if geometric:
            frame = pd.DataFrame(frame.drop(columns=frame.active_geometry_name))
        if options.kind not in ("admin_villages", "natural_villages"):
            plan.problems.append(
                _problem(
                    source.source_name,
                    "没有坐标的台账只能更新行政村或自然村的属性；其他图层请提供经纬度列",
                    "a ledger without coordinates can only update admin or natural villages; give lon/lat columns for other layers",
                    layer=options.kind,
                )
            )
            return plan
        target = current.layers.get(options.kind)
        result = _join(plan, frame, current)
        if result is None or target is None:
            if target is None and result is not None:
                plan.problems.append(
                    _problem(
                        source.source_name,
                        "数据中还没有这个图层，台账无法更新",
                        "the store has no such layer yet, so the ledger cannot update it",
                        layer=options.kind,
                    )
                )
            return plan
        plan.join = result
        field_name = (
            "name" if "name" in frame.columns else ("village_name" if "village_name" in frame.columns else None)
        )
        _join_notes(plan, result, field_name or result.key)
        layer, store_to_source = _update(plan, frame, result, target)
    else:
        if not geometric:
            plan.problems.append(
                _problem(
                    source.source_name,
                    "源文件没有几何（坐标），不能替换整个图层；请指定经纬度列",
                    "the source has no geometry (coordinates), so it cannot replace the layer; "
                    "give the lon/lat columns",
                    layer=options.kind,
                )
            )
            return plan
        layer = gpd.GeoDataFrame(frame, geometry=frame.active_geometry_name, crs=frame.crs)
        if (
            "village_name" in layer.columns
            and options.kind != "admin_villages"
            and "village_code" in {c.name for c in schema.columns}
        ):
            layer = _fill_village_codes(plan, layer, current)
        if options.repair:
            layer = _repair(layer, plan)
    dataset = replace(
        current, layers={**current.layers, options.kind: layer}, rasters=dict(current.rasters), source=str(store_path)
    )
    plan.layer = layer
    _validate(plan, dataset, store_to_source)
    plan.dataset = dataset
    return plan


def _fill_village_codes(plan: ImportPlan, layer: gpd.GeoDataFrame, current: store.Dataset) -> gpd.GeoDataFrame:
    """A layer naming its admin village (行政村) instead of coding it: look the codes up."""
    codes = (
        as_text(layer["village_code"])
        if "village_code" in layer.columns
        else pd.Series(pd.NA, index=layer.index, dtype="string")
    )
    result = _join(plan, pd.DataFrame(layer.drop(columns=layer.active_geometry_name)), current)
    if result is None:
        return layer
    plan.join = result
    _join_notes(plan, result, "village_name")
    found = result.table["status"] == "matched"
    layer = layer.copy()
    layer["village_code"] = codes.where(~found, result.table["target"])
    return layer


def store_state(store_path: str | os.PathLike[str]) -> tuple[str | None, store.Dataset]:
    """The store's fingerprint and content, for callers that plan several imports against one read (the page)."""
    return _store_state(Path(store_path))


def plan_import(
    path: str | os.PathLike[str],
    store_path: str | os.PathLike[str],
    options: ImportOptions,
    *,
    display_name: str | None = None,
    state: tuple[str | None, store.Dataset] | None = None,
) -> ImportPlan:
    """Read a file and plan its import into the store; nothing is written.

    Reading problems (format, encoding, CRS) and every problem of the resulting dataset are in
    ``plan.problems``; a damaged store raises :class:`InputDataError`. ``state`` is the store as
    read by :func:`store_state` (read here otherwise).
    """
    path, store_path = Path(path), Path(store_path)
    shown = display_name or path.name
    fingerprint, current = _store_state(store_path) if state is None else state
    try:
        if options.kind in RASTERS:
            source: SourceFrame | RasterSource = read_raster_source(
                path, display_name=shown, crs=options.crs, near_lon=_county_lon(current)
            )
        else:
            source = read_source(
                path,
                display_name=shown,
                layer=options.layer,
                sheet=options.sheet,
                encoding=options.encoding,
                crs=options.crs,
                from_gcj02=options.from_gcj02,
                lon_column=options.lon_column,
                lat_column=options.lat_column,
                near_lon=_county_lon(current),
            )
    except InputDataError as error:
        return ImportPlan(
            options=options,
            store_path=store_path,
            source_name=shown,
            store_sha256=fingerprint,
            problems=list(error.problems),
        )
    return plan_source(source, store_path, options, state=(fingerprint, current))


# --- writing ---------------------------------------------------------------------------------------------------------


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
    plan: ImportPlan, original: str | os.PathLike[str] | bytes, *, keep_versions: int = store.DEFAULT_VERSIONS_KEPT
) -> ImportRecord:
    """Write a planned import: keep the original and its manifest, then the new store version.

    Refuses (raising, writing nothing) when the plan has problems, when the store is the bundled
    demo, or when the store changed since the plan was made. If writing the store fails, the
    kept original is removed again: a failed import changes nothing.
    """
    path = plan.store_path
    if is_bundled_demo(path):
        raise _demo_refused(path)
    if not plan.ok or plan.dataset is None:
        raise InputDataError(
            plan.problems or [_problem(plan.source_name, "没有可导入的内容", "nothing to import")],
            summary=f"未导入：发现 {len(plan.problems)} 处问题 / nothing imported: {len(plan.problems)} problem(s)",
        )
    now = file_sha256(path) if path.exists() else None
    if now != plan.store_sha256:
        raise PlanningError(
            f"{path.name}: 数据文件在预览后被修改，请重新预览后再导入 / "
            "the store changed after the preview; preview again before importing"
        )
    data, suffix = _original_bytes(original, plan.source_name)
    folder = path.parent / ORIGINALS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime(_STAMP)
    base = f"{stamp}-{_safe_kind(plan.options.kind)}"
    kept = folder / f"{base}{suffix}"
    manifest = folder / f"{base}.json"
    _write_atomic(kept, data)
    try:
        dataset = normalize_dataset(plan.dataset)
        missing = [n for n, k in LAYER_KINDS.items() if n not in dataset.layers and k.schema.required_in_dataset]
        previous = store.write_dataset(
            path,
            dataset,
            keep_versions=keep_versions,
            validator=lambda d: [p for p in validate_dataset(d) if not _is_missing_layer(p, missing)],
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
    return ImportRecord(
        manifest=manifest,
        original=kept,
        previous_version=previous_version,
        features=None if layer is None else len(layer),
    )


def import_file(
    path: str | os.PathLike[str],
    store_path: str | os.PathLike[str],
    options: ImportOptions,
    *,
    display_name: str | None = None,
) -> tuple[ImportPlan, ImportRecord]:
    """Plan and write in one go (the command line); raises :class:`InputDataError` listing every problem."""
    if is_bundled_demo(store_path):
        raise _demo_refused(Path(store_path))
    plan = plan_import(path, store_path, options, display_name=display_name)
    if not plan.ok:
        raise InputDataError(
            plan.problems,
            summary=f"未导入，数据文件未改动：发现 {len(plan.problems)} 处问题 / "
            f"nothing imported, the store is unchanged: {len(plan.problems)} problem(s)",
        )
    return plan, commit_import(plan, path)


def list_imports(store_path: str | os.PathLike[str]) -> list[dict[str, object]]:
    """Manifests of the imports into this store, newest first."""
    store_path = Path(store_path)
    folder = store_path.parent / ORIGINALS_DIR
    if not folder.is_dir():
        return []
    records = []
    for manifest in sorted(folder.glob("*.json"), reverse=True):
        try:
            record = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(record, dict) and record.get("store") == store_path.name:
            records.append(record | {"manifest": manifest.name})
    return records


def undo_import(store_path: str | os.PathLike[str]) -> Path:
    """Put the previous version of the store back (``geo.core.store.restore_previous``) and mark its import undone.

    The originals stay where they are: undo never deletes what a user brought in.
    """
    store_path = Path(store_path)
    if is_bundled_demo(store_path):
        raise _demo_refused(store_path)
    restored = store.restore_previous(store_path)
    folder = store_path.parent / ORIGINALS_DIR
    for record in list_imports(store_path):
        if record.get("previous_version") == restored.name and not record.get("undone_at"):
            manifest = folder / str(record["manifest"])
            record = {k: v for k, v in record.items() if k != "manifest"} | {
                "undone_at": datetime.now().isoformat(timespec="seconds")
            }
            _write_atomic(manifest, json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8"))
            break
    return restored


# --- problem report ------------------------------------------------------------------------------------------------

REPORT_COLUMNS = (
    "文件 file",
    "图层 layer",
    "行 row",
    "字段 field",
    "应为 expected",
    "问题 problem",
    "problem (English)",
)


def expected_of(layer: str | None, column: str | None) -> str:
    """What the contract expects of one field, in Chinese and English (empty when unknown)."""
    if layer not in LAYER_KINDS or column is None:
        return ""
    schema = LAYER_KINDS[layer].schema
    if column == "geometry":
        return f"{GEOMETRY_ZH[schema.geometry]}几何，有效 / valid {schema.geometry} geometry"
    try:
        col = schema.column(column)
    except KeyError:
        return ""
    zh, en = [DTYPE_ZH[col.dtype]], [col.dtype]
    if col.code_length:
        zh.append(f"{col.code_length}位")
        en.append(f"{col.code_length} digits")
    if col.required:
        zh.append("必填")
        en.append("required")
    if col.allowed:
        zh.append("取值：" + "、".join(col.allowed_zh or col.allowed))
        en.append("one of " + "/".join(col.allowed))
    if col.minimum is not None:
        zh.append(f"≥ {col.minimum:g}")
        en.append(f"≥ {col.minimum:g}")
    if col.maximum is not None:
        zh.append(f"≤ {col.maximum:g}")
        en.append(f"≤ {col.maximum:g}")
    return f"{col.label_zh}：{'，'.join(zh)} / {col.label_en}: {', '.join(en)}"


def problem_table(problems: list[Problem]) -> pd.DataFrame:
    """The problem report as a table with bilingual headers: file, layer, row, field, expected, problem.

    Rows are 0-based data rows of the file (as in every message of the core), blank for
    problems of a whole file, layer or column.
    """
    rows = [
        (p.source, p.layer or "", p.feature, p.field or "", expected_of(p.layer, p.field), p.message_zh, p.message_en)
        for p in problems
    ]
    table = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    table["行 row"] = table["行 row"].astype("Int64")
    return table


def report_csv(problems: list[Problem]) -> bytes:
    """The problem report as CSV, UTF-8 with BOM so Excel opens it."""
    return problem_table(problems).to_csv(index=False).encode("utf-8-sig")


def report_xlsx(problems: list[Problem]) -> bytes:
    """The problem report as an Excel workbook (one sheet, 问题 problems)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        problem_table(problems).to_excel(writer, sheet_name="问题 problems", index=False)
    return buffer.getvalue()
