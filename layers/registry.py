"""The registry of layer kinds, and validation of a whole dataset against the contract."""

from __future__ import annotations

import os
from collections.abc import Mapping

import numpy as np

from geo import store
from geo.crs import check_storage_crs
from geo.errors import InputDataError, Problem
from geo.schema import coerce_types, validate_layer
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
    "dem": ("数字高程模型", "Elevation (DEM)", "m"),
    "population": ("人口分布栅格", "Population grid", "people/cell"),
}

# Layers whose village_code must name an administrative village of the dataset.
_VILLAGE_REFERENCES = ("natural_villages", "relocation_sites", "pv_stations", "farm_plots", "facilities", "water_works")


def _reference_problems(dataset: store.Dataset) -> list[Problem]:
    problems: list[Problem] = []
    layers = dataset.layers
    if "admin_villages" in layers and "townships" in layers:
        known = set(layers["townships"]["town_code"].astype("string")) if "town_code" in layers["townships"] else set()
        problems += _unknown_codes(dataset.source, "admin_villages", layers["admin_villages"], "town_code", known,
                                   "乡镇", "township")
    if "admin_villages" in layers and "village_code" in layers["admin_villages"]:
        known = set(layers["admin_villages"]["village_code"].astype("string"))
        for name in _VILLAGE_REFERENCES:
            if name in layers:
                problems += _unknown_codes(dataset.source, name, layers[name], "village_code", known, "行政村",
                                           "administrative village")
    if "water_service_areas" in layers and "water_works" in layers and "works_id" in layers["water_works"]:
        known = set(layers["water_works"]["works_id"].astype("string"))
        problems += _unknown_codes(dataset.source, "water_service_areas", layers["water_service_areas"], "works_id",
                                   known, "供水工程", "water works")
    return problems


def _unknown_codes(source: str, layer: str, frame, column: str, known: set[str], what_zh: str, what_en: str) -> list[Problem]:
    if column not in frame:
        return []
    codes = frame[column].astype("string")
    unknown = (codes.notna() & ~codes.isin(known)).to_numpy()
    if not unknown.any():
        return []
    rows = np.flatnonzero(unknown)
    listed = ", ".join(f"{r} ({codes.iloc[r]})" for r in rows[:20]) + (" …" if len(rows) > 20 else "")
    return [Problem(source, layer, int(rows[0]) if len(rows) == 1 else None, column,
                    f"{len(rows)} 个要素引用了不存在的{what_zh}：行 {listed}",
                    f"{len(rows)} feature(s) refer to an unknown {what_en}: rows {listed}")]


def _raster_problems(dataset: store.Dataset) -> list[Problem]:
    problems: list[Problem] = []
    grids = [(name, grid) for name, grid in dataset.rasters.items() if name in RASTERS]
    for name, grid in grids[1:]:
        first_name, first = grids[0]
        if grid.crs != first.crs or grid.shape != first.shape or not grid.transform.almost_equals(first.transform):
            problems.append(Problem(dataset.source, name, None, None,
                                    f"栅格与“{first_name}”未对齐（坐标系、范围或分辨率不同）",
                                    f"raster is not aligned with '{first_name}' (CRS, extent or cell size differ)"))
    return problems


def validate_dataset(dataset: store.Dataset) -> list[Problem]:
    """Every problem of a dataset against the contract: layers, references and rasters."""
    problems: list[Problem] = []
    for name, kind in LAYER_KINDS.items():
        if name not in dataset.layers:
            if kind.schema.required_in_dataset:
                problems.append(Problem(dataset.source, name, None, None,
                                        f"缺少图层“{kind.schema.title_zh}”（{name}）",
                                        f"layer '{name}' ({kind.schema.title_en}) is missing"))
            continue
        frame = dataset.layers[name]
        problems += validate_layer(frame, kind.schema, source=dataset.source)
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
    return store.Dataset(layers=layers, rasters=dict(dataset.rasters), source=dataset.source)


def load_dataset(path: str | os.PathLike[str]) -> store.Dataset:
    """Read a GeoPackage, validate it against the contract and return it typed.

    Raises :class:`InputDataError` listing every problem when the file breaks the contract.
    """
    dataset = store.read_dataset(path)
    problems = validate_dataset(dataset)
    if problems:
        raise InputDataError(problems)
    return normalize_dataset(dataset)


def save_dataset(path: str | os.PathLike[str], dataset: store.Dataset) -> None:
    """Validate, then write atomically (the previous file is kept); nothing is written on error."""
    store.write_dataset(path, dataset, validator=validate_dataset)
