"""The registry of layer kinds, and validation of a whole dataset against the contract."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import pandas as pd

from geo.core import store
from geo.core.crs import check_storage_crs
from geo.core.errors import InputDataError, Problem
from geo.core.layer_names import (
    ADMIN_VILLAGES,
    DEM,
    FACILITIES,
    FARM_PLOTS,
    NATURAL_VILLAGES,
    POPULATION_GRID,
    PV_STATIONS,
    RELOCATION_SITES,
    TOWNSHIPS,
    WATER_SERVICE_AREAS,
    WATER_WORKS,
)
from geo.core.schema import MAX_ROWS_LISTED
from geo.core.validation import as_text, coerce_types, validate_layer
from geo.text.i18n import LANGS, ByLang, bilingual, both, t, term
from layers import (
    admin_villages,
    cell_sites,
    facilities,
    farm_plots,
    natural_villages,
    pv_stations,
    relocation_sites,
    roads,
    townships,
    water_works,
)
from layers.base import LayerKind

LAYER_KINDS: Mapping[str, LayerKind] = {
    kind.name: kind
    for kind in (
        townships.KIND,
        admin_villages.KIND,
        natural_villages.KIND,
        relocation_sites.KIND,
        roads.KIND,
        water_works.KIND,
        water_works.SERVICE_AREA_KIND,
        cell_sites.KIND,
        pv_stations.KIND,
        farm_plots.KIND,
        facilities.KIND,
    )
}

# name → (title_zh, title_en, unit); rasters are optional but the DEM feeds line of sight and
# the hillshade base map, the population grid the population checks.
RASTERS: Mapping[str, tuple[str, str, str]] = {
    DEM: ("数字高程模型", "Elevation (DEM)", "m"),
    POPULATION_GRID: ("人口分布栅格", "Population grid", "people/cell"),
}

# Layers whose village_code must name an administrative village of the dataset.
_VILLAGE_REFERENCES = (NATURAL_VILLAGES, RELOCATION_SITES, PV_STATIONS, FARM_PLOTS, FACILITIES, WATER_WORKS)


def _codes(frame: pd.DataFrame, column: str) -> pd.Series | None:
    """A code or id column as text, or None when the layer lacks it (reported by the schema check)."""
    if column not in frame.columns or isinstance(frame[column], pd.DataFrame):
        return None
    return as_text(frame[column])


def _reference_problems(dataset: store.Dataset) -> list[Problem]:
    problems: list[Problem] = []
    layers = dataset.layers
    towns = _codes(layers[TOWNSHIPS], "town_code") if TOWNSHIPS in layers else None
    villages = _codes(layers[ADMIN_VILLAGES], "village_code") if ADMIN_VILLAGES in layers else None
    works = _codes(layers[WATER_WORKS], "works_id") if WATER_WORKS in layers else None
    if towns is not None and ADMIN_VILLAGES in layers:
        problems += _unknown_codes(
            dataset.source,
            ADMIN_VILLAGES,
            layers[ADMIN_VILLAGES],
            "town_code",
            towns,
            term("what.township"),
            r"[0-9]{9}",
        )
    if villages is not None:
        for name in _VILLAGE_REFERENCES:
            if name in layers:
                problems += _unknown_codes(
                    dataset.source,
                    name,
                    layers[name],
                    "village_code",
                    villages,
                    term("what.admin_village"),
                    r"[0-9]{12}",
                )
    if works is not None and WATER_SERVICE_AREAS in layers:
        problems += _unknown_codes(
            dataset.source,
            WATER_SERVICE_AREAS,
            layers[WATER_SERVICE_AREAS],
            "works_id",
            works,
            term("what.water_works"),
            None,
        )
    return problems


def _unknown_codes(
    source: str,
    layer: str,
    frame: pd.DataFrame,
    column: str,
    known: pd.Series,
    what: ByLang,
    well_formed: str | None,
) -> list[Problem]:
    """One problem per row whose ``column`` names no feature of the referenced layer.

    Rows whose code is missing or malformed are left to the schema check, which already
    reports them, so one bad code is not reported twice.
    """
    codes = _codes(frame, column)
    if codes is None:
        return []
    checkable = codes.notna()
    if well_formed is not None:
        checkable &= codes.str.fullmatch(well_formed).fillna(False).astype(bool)
    unknown = (checkable & ~codes.isin(set(known.dropna()))).to_numpy(dtype=bool)
    rows = np.flatnonzero(unknown)
    problems = [
        Problem(
            source,
            layer,
            int(r),
            column,
            *both("contract.unknown_reference", what=what, code=codes.iloc[r]),
        )
        for r in rows[:MAX_ROWS_LISTED]
    ]
    rest = rows[MAX_ROWS_LISTED:]
    if len(rest):
        listed = ", ".join(f"{r} ({codes.iloc[r]})" for r in rest[:MAX_ROWS_LISTED]) + (
            " …" if len(rest) > MAX_ROWS_LISTED else ""
        )
        problems.append(
            Problem(
                source,
                layer,
                None,
                column,
                *both("contract.unknown_references", n=len(rest), what=what, listed=listed),
            )
        )
    return problems


def _differences(grid: store.RasterGrid, first: store.RasterGrid) -> list[ByLang]:
    """What keeps ``grid`` off ``first``'s grid: CRS, cell size, origin, size (cells to 1e-9, origins to 1e-6 of a cell)."""
    out: list[ByLang] = []
    a, b, c, d, e, f = tuple(grid.transform)[:6]
    fa, fb, fc, fd, fe, ff = tuple(first.transform)[:6]
    cell = max(abs(fa), abs(fe), abs(fb), abs(fd))
    aspects = (
        ("crs", grid.crs != first.crs, _crs_label(grid), _crs_label(first)),
        (
            "cell",
            any(abs(x - y) > 1e-9 * cell for x, y in ((a, fa), (b, fb), (d, fd), (e, fe))),
            f"{abs(a):.9g}×{abs(e):.9g}",
            f"{abs(fa):.9g}×{abs(fe):.9g}",
        ),
        (
            "origin",
            abs(c - fc) > 1e-6 * cell or abs(f - ff) > 1e-6 * cell,
            f"({c:.9g}, {f:.9g})",
            f"({fc:.9g}, {ff:.9g})",
        ),
        ("size", grid.shape != first.shape, _size(grid), _size(first)),
    )
    for key, differs, mine, theirs in aspects:
        if differs:
            out.append(ByLang(*both(f"contract.raster_differs.{key}", mine=mine, theirs=theirs)))
    return out


def _crs_label(grid: store.RasterGrid) -> str:
    epsg = grid.crs.to_epsg()
    return f"EPSG:{epsg}" if epsg else str(grid.crs.name)


def _size(grid: store.RasterGrid) -> str:
    rows, cols = grid.shape
    return f"{cols}×{rows}"


def _raster_problems(dataset: store.Dataset) -> list[Problem]:
    problems: list[Problem] = []
    grids = [(name, grid) for name, grid in dataset.rasters.items() if name in RASTERS]
    for name, grid in grids:
        if grid.values.ndim != 2 or 0 in grid.values.shape:
            problems.append(
                Problem(
                    dataset.source,
                    name,
                    None,
                    None,
                    *both("contract.raster_must_non_empty"),
                )
            )
    if problems:
        return problems
    for name, grid in grids[1:]:
        first_name, first = grids[0]
        differences = _differences(grid, first)
        if differences:
            details = ByLang(*(t("sep.clause", lang).join(str(x.pick(lang)) for x in differences) for lang in LANGS))
            problems.append(
                Problem(
                    dataset.source,
                    name,
                    None,
                    None,
                    *both("contract.raster_not_aligned_crs", first_name=first_name, details=details),
                )
            )
    return problems


# The layers every store needs (the unit hierarchy); any other layer may be missing from a store
# being built or from a county that has not got it yet: what needs it is "no data" then.
FOUNDATION = (TOWNSHIPS, ADMIN_VILLAGES)


def validate_dataset(dataset: store.Dataset, *, partial: bool = False) -> list[Problem]:
    """Every problem of a dataset against the contract: layers, references and rasters.

    ``partial=True`` accepts a dataset with only some layers (the :data:`FOUNDATION` ones are
    still required): what a report and the pages run on, each target whose layers are missing
    shown as "no data" (:mod:`geo.analysis.needs`); an empty layer is then a county that has none.
    """
    problems: list[Problem] = []
    for name, kind in LAYER_KINDS.items():
        if name not in dataset.layers:
            if kind.schema.required_in_dataset and (not partial or name in FOUNDATION):
                problems.append(
                    Problem(
                        dataset.source,
                        name,
                        None,
                        None,
                        *both(
                            "contract.missing_layer",
                            title=ByLang(kind.schema.title_zh, kind.schema.title_en),
                            name=name,
                        ),
                    )
                )
            continue
        frame = dataset.layers[name]
        schema = kind.schema
        if partial and name not in FOUNDATION and len(frame) == 0:  # an empty layer: the county has none
            schema = replace(schema, required_in_dataset=False)
        problems += validate_layer(frame, schema, source=dataset.source)
        problems += check_storage_crs(frame, source=dataset.source, layer=name)
    problems += _reference_problems(dataset)
    problems += _raster_problems(dataset)
    return problems


def normalize_dataset(dataset: store.Dataset) -> store.Dataset:
    """Return the dataset with every contract column in its declared type (extra columns kept)."""
    layers = {
        name: coerce_types(frame, LAYER_KINDS[name].schema) if name in LAYER_KINDS else frame
        for name, frame in dataset.layers.items()
    }
    return store.Dataset(layers=layers, rasters=dict(dataset.rasters), source=dataset.source, as_of=dataset.as_of)


def validate_partial(dataset: store.Dataset) -> list[Problem]:
    """:func:`validate_dataset` of a dataset that may lack layers beyond the :data:`FOUNDATION`."""
    return validate_dataset(dataset, partial=True)


def load_dataset(path: str | os.PathLike[str]) -> store.Dataset:
    """Read a GeoPackage, validate it against the contract and return it typed.

    Layers beyond the :data:`FOUNDATION` may be missing (a county works with what it has).
    Raises :class:`InputDataError` listing every problem when the file breaks the contract.
    """
    dataset = store.read_dataset(path)
    problems = validate_dataset(dataset, partial=True)
    if problems:
        raise InputDataError(
            problems,
            summary=bilingual("contract.problems", source=dataset.source, n=len(problems)),
        )
    return normalize_dataset(dataset)


def save_dataset(path: str | os.PathLike[str], dataset: store.Dataset) -> None:
    """Validate, then write the typed dataset atomically (the previous file is kept).

    Nothing is written when the dataset has problems: :class:`InputDataError` lists them all.
    What is written is :func:`normalize_dataset` of the input, so codes are stored as text and
    yes/no values as booleans, whatever the source file had.
    """
    problems = validate_dataset(dataset)
    if problems:
        raise InputDataError(
            problems,
            summary=bilingual("contract.nothing_written", path=os.fspath(path), n=len(problems)),
        )
    store.write_dataset(path, normalize_dataset(dataset), validator=validate_dataset)
