"""Plan the import of one source into the store as one layer kind: everything but the writing.

The steps: read (:mod:`geo.io.ingest.read`) → map columns and values onto the layer
(:mod:`geo.io.ingest.mapping`) → for ledgers, join to the villages of the store by code or name
(:mod:`geo.io.ingest.joins`) → repair invalid geometries only when asked, and say which → for admin
villages, fill the unit kind (村委会 / 居委会, :mod:`geo.io.ingest.unit_kinds`) → validate
the whole resulting dataset against the contract. :func:`plan_import` returns an
:class:`ImportPlan` with the preview, every problem found and what was guessed or changed; the
page shows it and :func:`geo.io.ingest.commit.commit_import` writes a plan that has no problems.
This module is an entry point of the core (like ``geo.cli``): it imports ``layers`` to validate
against the contract (:func:`contract_problems`, which the commit repeats on the dataset it writes).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.core import store
from geo.core.errors import InputDataError, Problem
from geo.core.layer_names import ADMIN_VILLAGES, NATURAL_VILLAGES, TOWNSHIPS
from geo.io.ingest import column_report, derive, extent, joins, placed
from geo.io.ingest import ledger as ledger_join
from geo.io.ingest.crs_guess import Note
from geo.io.ingest.mapping import MappingResult, apply_mapping
from geo.io.ingest.plan_validation import validate_plan
from geo.io.ingest.problems import with_lines
from geo.io.ingest.read import read_source
from geo.io.ingest.readers.common import RasterSource, SourceFrame, last_resort
from geo.io.ingest.readers.raster import read_raster_source
from geo.io.ingest.safe_path import openable
from geo.io.ingest.unit_kinds import fill_unit_kinds
from geo.io.new_county import reweighed_areas
from geo.text.i18n import both
from layers.registry import LAYER_KINDS, RASTERS, normalize_dataset

Mode = Literal["replace", "update"]


@dataclass
class ImportOptions:
    """What the user chose: layer kind, how to read the source, mappings and repairs.

    ``kind`` is a layer kind (``natural_villages`` …) or a raster (``dem``, ``population``).
    ``columns`` maps source columns to contract columns by hand; ``values`` maps categorical
    values per contract column; ``choices`` settles ledger rows by hand (ledger row → feature
    key, e.g. the candidate the planner picked for an ambiguous name). ``mode`` is ``replace``
    (the source becomes the whole layer) or ``update`` (ledger values are written onto the
    matched features); ``None`` picks replace for sources with geometry, update for ledgers.
    ``accept_inconsistent`` is the user's reason to import rows failing the cross-field checks
    (:mod:`geo.io.ingest.sanity`); it is kept in the import's manifest.
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
    accept_inconsistent: str | None = None  # the reason for importing rows whose parts exceed their whole


@dataclass
class ImportPlan:
    """Everything an import would do, computed without writing: preview, problems, notes.

    ``layer`` is the imported layer as it would be stored (or ``None`` when reading failed),
    ``dataset`` the whole new store content, ``problems`` every problem found (the import is
    refused unless it is empty), ``notes`` what was guessed or changed; in update mode
    ``updated_positions`` are the rows of ``layer`` the ledger changed; ``key_columns`` the
    source columns recognised as saying where a row belongs (乡镇 → ``town_name`` …); ``columns`` what
    became of every source column (:mod:`geo.io.ingest.column_report`).
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
    columns: list[column_report.ColumnFate] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the plan can be written."""
        return self.dataset is not None and not self.problems


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _problem(
    source: str, zh: str, en: str, *, layer: str | None = None, feature: int | None = None, column: str | None = None
) -> Problem:
    return Problem(source, layer, feature, column, zh, en)


def _read_store(path: Path) -> store.Dataset:
    if path.exists():
        return store.read_dataset(path)
    return store.Dataset(source=path.name)


def _county_lon(dataset: store.Dataset) -> float | None:
    for name in (TOWNSHIPS, ADMIN_VILLAGES):
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
        plan.notes.append(Note(*both("ingest.plan.no_invalid_geometries_repair")))
        return layer
    fixed = shapely.make_valid(geoms[rows], method="structure", keep_collapsed=False)
    geometry = geoms.copy()
    geometry[rows] = fixed
    layer = layer.set_geometry(gpd.GeoSeries(geometry, index=layer.index, crs=layer.crs))
    plan.repaired_rows = [int(r) for r in rows]
    listed = ", ".join(str(r) for r in rows[:20]) + (" …" if len(rows) > 20 else "")
    plan.notes.append(Note(*both("ingest.plan.repaired_invalid_geometries_rows", n_rows=len(rows), listed=listed)))
    return layer


def dataset_to_write(plan: ImportPlan) -> store.Dataset:
    """The plan's new store content with every contract column in its declared type, as it is written."""
    if plan.dataset is None:
        raise ValueError("the plan has no dataset to write")
    return normalize_dataset(plan.dataset)


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
    :func:`store_state`; it is read here otherwise. Problems of a spreadsheet's rows carry its own
    row numbers (``Problem.line``).
    """
    plan = _plan_source(source, store_path, options, state=state)
    if isinstance(source, SourceFrame):
        plan.problems = with_lines(plan.problems, plan.source_name, source.lines)
    return plan


def _plan_source(
    source: SourceFrame | RasterSource,
    store_path: str | os.PathLike[str],
    options: ImportOptions,
    *,
    state: tuple[str | None, store.Dataset] | None,
) -> ImportPlan:
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
                    *both("ingest.plan.raster_can_only_imported"),
                )
            )
            return plan
        # replace() keeps whatever else the store carries (e.g. its "data as of" date)
        dataset = replace(
            current,
            layers=dict(current.layers),
            rasters={**current.rasters, options.kind: source.grid},
            source=store_path.name,
        )
        plan.mode = "replace"
        # Checked with the new raster last, so a misalignment is reported on it (the imported file) against the store's.
        others = {name: grid for name, grid in current.rasters.items() if name != options.kind}
        validate_plan(plan, replace(dataset, rasters={**others, options.kind: source.grid}), None)
        plan.dataset = dataset
        return plan
    if options.kind not in LAYER_KINDS:
        plan.problems.append(
            _problem(source.source_name, *both("ingest.plan.not_vector_layer_kind", kind=options.kind))
        )
        return plan
    schema = LAYER_KINDS[options.kind].schema
    try:
        mapping = apply_mapping(source.frame, schema, options.columns, options.values, source=source.source_name)
    except InputDataError as error:
        plan.problems += error.problems
        return plan
    plan.mapping = mapping
    frame = derive.derive(options.kind, mapping.frame.reset_index(drop=True), plan.notes)
    names_villages = options.kind == ADMIN_VILLAGES or "village_code" in {c.name for c in schema.columns}
    if names_villages:
        frame, plan.key_columns = ledger_join.key_columns(frame)
    plan.columns = column_report.column_fates(source.frame, mapping, plan.key_columns, schema)
    plan.notes += column_report.column_notes(plan.columns, schema)
    geometric = _has_geometry(frame)
    # a natural-village ledger without coordinates creates the villages (at their admin village's point)
    placing = (
        not geometric
        and options.kind == NATURAL_VILLAGES
        and (options.mode == "replace" or NATURAL_VILLAGES not in current.layers)
    )
    if placing:
        frame, geometric = placed.without_points(frame), True
    plan.mode = options.mode or ("replace" if geometric else "update")
    store_to_source: dict[int, int] | None = None
    if plan.mode == "update":
        if geometric:
            frame = pd.DataFrame(frame.drop(columns=frame.active_geometry_name))
        if options.kind not in (ADMIN_VILLAGES, NATURAL_VILLAGES):
            plan.problems.append(
                _problem(
                    source.source_name,
                    *both("ingest.plan.ledger_without_coordinates_can"),
                    layer=options.kind,
                )
            )
            return plan
        target = current.layers.get(options.kind)
        result = joins.join_to_store(
            frame,
            current,
            source=plan.source_name,
            kind=options.kind,
            update=True,
            by=options.join_by,
            choices=options.choices,
            problems=plan.problems,
        )
        if result is None or target is None:
            if target is None and result is not None:
                plan.problems.append(
                    _problem(
                        source.source_name,
                        *both("ingest.plan.store_no_such_layer"),
                        layer=options.kind,
                    )
                )
            return plan
        plan.join = result
        field_name = (
            "name" if "name" in frame.columns else ("village_name" if "village_name" in frame.columns else None)
        )
        joins.note_join(
            result,
            field_name or result.key,
            source=plan.source_name,
            kind=options.kind,
            notes=plan.notes,
            problems=plan.problems,
        )
        layer, store_to_source, plan.updated_positions = joins.update_features(
            frame, result, target, source=plan.source_name, kind=options.kind, notes=plan.notes, problems=plan.problems
        )
        plan.updated_rows = len(plan.updated_positions)
    else:
        if not geometric:
            plan.problems.append(
                _problem(
                    source.source_name,
                    *both("ingest.plan.source_no_geometry_coordinates"),
                    layer=options.kind,
                )
            )
            return plan
        layer = gpd.GeoDataFrame(frame, geometry=frame.active_geometry_name, crs=frame.crs)
        if (
            "village_name" in layer.columns
            and options.kind != ADMIN_VILLAGES
            and "village_code" in {c.name for c in schema.columns}
        ):
            layer, found = joins.fill_village_codes(
                layer,
                current,
                source=plan.source_name,
                kind=options.kind,
                by=options.join_by,
                choices=options.choices,
                notes=plan.notes,
                problems=plan.problems,
            )
            if found is not None:
                plan.join = found
        if placing:
            layer = placed.place_at_villages(layer, current, plan.notes)
        if options.repair:
            layer = _repair(layer, plan)
        county = extent.county_of(current, options.kind)
        if county is not None and len(layer) and layer.crs is not None:
            plan.problems += extent.outside_problems(
                layer.to_crs(4490), county, source.crs_used, source=plan.source_name, kind=options.kind
            )
    if options.kind == ADMIN_VILLAGES:
        layer = fill_unit_kinds(layer, plan.notes)
    reweigh = options.kind == NATURAL_VILLAGES and plan.mode == "replace" and not placing
    reweighed = reweighed_areas(current, layer) if reweigh else {}
    if reweighed:  # approximate areas follow the natural villages' real positions
        plan.notes.append(Note(*both("ingest.plan.areas_reweighed")))
    dataset = replace(
        current,
        layers={**current.layers, **reweighed, options.kind: layer},
        rasters=dict(current.rasters),
        source=store_path.name,
    )
    plan.layer = layer
    validate_plan(plan, dataset, store_to_source)
    plan.dataset = dataset
    return plan


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
        with last_resort(shown):
            source = _read(path, shown, options, _county_lon(current))
    except InputDataError as error:
        return ImportPlan(
            options=options,
            store_path=store_path,
            source_name=shown,
            store_sha256=fingerprint,
            problems=list(error.problems),
        )
    with last_resort(shown):  # a hostile value deep in the checks is a message too, never a traceback
        return plan_source(source, store_path, options, state=(fingerprint, current))


def _read(path: Path, shown: str, options: ImportOptions, near_lon: float | None) -> SourceFrame | RasterSource:
    """The file read by its kind's reader (raster or vector/ledger)."""
    with openable(path) as safe:  # a name GDAL would cut (";", a newline) is opened through a safe link
        return _read_kind(safe, shown, options, near_lon)


def _read_kind(path: Path, shown: str, options: ImportOptions, near_lon: float | None) -> SourceFrame | RasterSource:
    if options.kind in RASTERS:
        return read_raster_source(path, display_name=shown, crs=options.crs, near_lon=near_lon)
    return read_source(
        path,
        display_name=shown,
        layer=options.layer,
        sheet=options.sheet,
        encoding=options.encoding,
        crs=options.crs,
        from_gcj02=options.from_gcj02,
        lon_column=options.lon_column,
        lat_column=options.lat_column,
        near_lon=near_lon,
    )
