"""Restrict a dataset to some townships (the sidebar's township filter), as a pure function.

Features that carry a village code follow their administrative village; features without one
(roads, cell sites, water works without a village code) are kept where they lie inside the
chosen townships, and road segments are clipped at the township border, so road kilometres of
a township count only the part inside it. Rasters are kept whole (they are backdrops).
"""

from __future__ import annotations

from collections.abc import Collection

import geopandas as gpd
import pandas as pd

from geo.core.layer_names import (
    ADMIN_VILLAGES,
    CELL_SITES,
    FACILITIES,
    FARM_PLOTS,
    NATURAL_VILLAGES,
    PV_STATIONS,
    RELOCATION_SITES,
    ROADS,
    TOWNSHIPS,
    WATER_SERVICE_AREAS,
    WATER_WORKS,
)
from geo.core.store import Dataset

# Layers linked to an administrative village through ``village_code``.
_BY_VILLAGE = (NATURAL_VILLAGES, RELOCATION_SITES, PV_STATIONS, FARM_PLOTS, FACILITIES)


def for_townships(dataset: Dataset, town_codes: Collection[str] | None) -> Dataset:
    """The part of ``dataset`` inside the townships ``town_codes`` (all of it when empty or None)."""
    if not town_codes or TOWNSHIPS not in dataset.layers:
        return dataset
    codes = {str(c) for c in town_codes}
    layers = dict(dataset.layers)
    towns = layers[TOWNSHIPS]
    towns = towns[towns["town_code"].astype("string").isin(codes).fillna(False)]
    layers[TOWNSHIPS] = towns
    area = towns.geometry.union_all()
    village_codes: set[str] = set()
    if ADMIN_VILLAGES in layers:
        villages = layers[ADMIN_VILLAGES]
        villages = villages[villages["town_code"].astype("string").isin(codes).fillna(False)]
        layers[ADMIN_VILLAGES] = villages
        village_codes = set(villages["village_code"].astype("string"))
    for name in _BY_VILLAGE:
        if name in layers:
            frame = layers[name]
            layers[name] = frame[frame["village_code"].astype("string").isin(village_codes).fillna(False)]
    if WATER_WORKS in layers:
        works = layers[WATER_WORKS]
        linked = (
            works["village_code"].astype("string").isin(village_codes).fillna(False)
            if "village_code" in works
            else False
        )
        unlinked = works["village_code"].isna() if "village_code" in works else True
        inside = works.geometry.intersects(area)
        layers[WATER_WORKS] = works[linked | (unlinked & inside)]
    if WATER_SERVICE_AREAS in layers and WATER_WORKS in layers:
        areas = layers[WATER_SERVICE_AREAS]
        works_ids = set(layers[WATER_WORKS]["works_id"].astype("string"))
        layers[WATER_SERVICE_AREAS] = areas[areas["works_id"].astype("string").isin(works_ids).fillna(False)]
    if CELL_SITES in layers:
        cells = layers[CELL_SITES]
        layers[CELL_SITES] = cells[cells.geometry.intersects(area)]
    if ROADS in layers:
        layers[ROADS] = _clip_lines(layers[ROADS], area)
    return Dataset(layers=layers, rasters=dict(dataset.rasters), source=dataset.source, as_of=dataset.as_of)


def _clip_lines(lines: gpd.GeoDataFrame, area: object) -> gpd.GeoDataFrame:
    """Lines clipped to ``area``, keeping their attributes and the original row order."""
    if lines.empty:
        return lines
    clipped = gpd.clip(lines, area, keep_geom_type=True)
    return clipped.loc[pd.Index(lines.index).intersection(clipped.index, sort=False)]
