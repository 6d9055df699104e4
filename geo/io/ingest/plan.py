"""Plan the import of one source into the store as one layer kind: everything but the writing.

The steps: read (:mod:`geo.io.ingest.read`) → map columns and values onto the layer
(:mod:`geo.io.ingest.mapping`) → for ledgers, join to the villages of the store by code or name
(:mod:`geo.io.ingest.joins`) → repair invalid geometries only when asked, and say which → validate
the whole resulting dataset against the contract. :func:`plan_import` returns an
:class:`ImportPlan` with the preview, every problem found and what was guessed or changed; the
page shows it and :func:`geo.io.ingest.commit.commit_import` writes a plan that has no problems.
This module is an entry point of the core (like ``geo.cli``): it imports ``layers`` to validate
against the contract (:func:`contract_problems`, which the commit repeats on the dataset it writes).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
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
from geo.io.ingest import extent, joins, sanity
from geo.io.ingest import ledger as ledger_join
from geo.io.ingest.crs_guess import Note
from geo.io.ingest.mapping import MappingResult, apply_mapping
from geo.io.ingest.read import read_source
from geo.io.ingest.readers.common import RasterSource, SourceFrame, last_resort
from geo.io.ingest.readers.raster import read_raster_source
from geo.io.ingest.safe_path import openable
from geo.text.i18n import both, joined, t
from layers.registry import LAYER_KINDS, RASTERS, normalize_dataset, validate_dataset

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


def _missing_layers(dataset: store.Dataset) -> list[str]:
    """The layers the contract requires that ``dataset`` does not have yet (a store being built)."""
    return [
        name for name, kind in LAYER_KINDS.items() if name not in dataset.layers and kind.schema.required_in_dataset
    ]


def contract_problems(dataset: store.Dataset) -> list[Problem]:
    """Every problem of ``dataset`` against the layer contract, except layers a store being built still lacks."""
    missing = _missing_layers(dataset)
    return [p for p in validate_dataset(dataset) if not _is_missing_layer(p, missing)]


def dataset_to_write(plan: ImportPlan) -> store.Dataset:
    """The plan's new store content with every contract column in its declared type, as it is written."""
    if plan.dataset is None:
        raise ValueError("the plan has no dataset to write")
    return normalize_dataset(plan.dataset)


def _validate(plan: ImportPlan, dataset: store.Dataset, store_to_source: Mapping[int, int] | None) -> None:
    """Validate the whole new dataset; layers still missing from a store being built are noted, not refused."""
    missing = _missing_layers(dataset)
    problems = contract_problems(dataset)
    if missing:
        plan.notes.append(Note(*both("ingest.plan.layers_missing", layers=joined(missing))))
    plan.problems += _relabel(problems, plan, store_to_source)
    kind, reason = plan.options.kind, plan.options.accept_inconsistent
    if kind in LAYER_KINDS and kind in dataset.layers:
        rows = plan.updated_positions if plan.mode == "update" else None
        found = sanity.inconsistent_rows(dataset.layers[kind], LAYER_KINDS[kind].schema, rows, source=plan.source_name)
        found = _relabel(found, plan, store_to_source)
        if found and sanity.valid_reason(reason):
            plan.notes.append(sanity.accepted_note(found, str(reason).strip()))
        else:
            plan.problems += found
    if reason is not None and not sanity.valid_reason(reason):
        plan.problems.append(_problem(plan.source_name, *both("input.reason_too_short", n=sanity.MIN_REASON_CHARS)))


def _is_missing_layer(problem: Problem, missing: list[str]) -> bool:
    return (
        problem.layer in missing
        and problem.feature is None
        and problem.field is None
        and problem.message_zh
        == t("contract.missing_layer", title=LAYER_KINDS[problem.layer].schema.title_zh, name=problem.layer)
    )


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
    :func:`store_state`; it is read here otherwise.
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
        _validate(plan, replace(dataset, rasters={**others, options.kind: source.grid}), None)
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
    frame = mapping.frame.reset_index(drop=True)
    names_villages = options.kind == ADMIN_VILLAGES or "village_code" in {c.name for c in schema.columns}
    if names_villages:
        frame, plan.key_columns = ledger_join.key_columns(frame)
    geometric = _has_geometry(frame)
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
        if options.repair:
            layer = _repair(layer, plan)
        county = extent.county_of(current, options.kind)
        if county is not None and len(layer) and layer.crs is not None:
            plan.problems += extent.outside_problems(
                layer.to_crs(4490), county, source.crs_used, source=plan.source_name, kind=options.kind
            )
    dataset = replace(
        current, layers={**current.layers, options.kind: layer}, rasters=dict(current.rasters), source=store_path.name
    )
    plan.layer = layer
    _validate(plan, dataset, store_to_source)
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
