"""The county's inventory figures (what it has), as pure functions of a :class:`Dataset`.

These are inventory figures — how many villages, kilometres, sites, kilowatts — not the planning
indicators with targets (those live in ``geo/analysis/indicators``). Lengths and areas are measured in the
county's Gauss-Krüger zone (:func:`geo.core.crs.analysis_crs`), never in degrees. Every function
accepts a dataset without the layer it reads and then reports zero, so a county that has not
yet loaded, say, its PV ledger still gets its other figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
from pyproj import CRS

from geo.core.crs import analysis_crs
from geo.core.layer_names import (
    ADMIN_VILLAGES,
    CELL_SITES,
    FARM_PLOTS,
    NATURAL_VILLAGES,
    PV_STATIONS,
    RELOCATION_SITES,
    ROADS,
    TOWNSHIPS,
    WATER_WORKS,
)
from geo.core.store import Dataset
from geo.core.vocabulary import HARDENED_SURFACES, surface_order

TWO_LANES = 2
TEA = "tea"


@dataclass(frozen=True)
class Summary:
    """Headline figures of one county (or of the townships it was restricted to)."""

    townships: int
    admin_villages: int
    natural_villages: int
    population: int
    households: int
    road_km: float
    road_km_by_surface: dict[str, float] = field(default_factory=dict)
    hardened_share: float = float("nan")
    two_lane_km: float = 0.0
    water_works: int = 0
    water_capacity_m3d: float = 0.0
    cell_sites_by_tech: dict[str, int] = field(default_factory=dict)
    pv_stations: int = 0
    pv_capacity_kw: float = 0.0
    pv_annual_revenue_yuan: float = 0.0
    tea_area_mu: float = 0.0
    relocation_sites: int = 0
    relocation_households: int = 0
    relocation_population: int = 0


def _layer(dataset: Dataset, name: str) -> gpd.GeoDataFrame | None:
    frame = dataset.layers.get(name)
    return frame if frame is not None and len(frame) > 0 else None


def _sum(frame: pd.DataFrame | None, column: str) -> float:
    if frame is None or column not in frame:
        return 0.0
    return float(pd.to_numeric(frame[column], errors="coerce").fillna(0).sum())


def metric_crs(dataset: Dataset) -> CRS | None:
    """The CRS to measure in: the Gauss-Krüger zone of the townships (or of any layer)."""
    for name in (TOWNSHIPS, *dataset.layers):
        frame = _layer(dataset, name)
        if frame is not None and frame.crs is not None:
            return analysis_crs(frame)
    return None


def count(dataset: Dataset, layer: str) -> int:
    """Number of features of ``layer`` (0 when absent)."""
    frame = _layer(dataset, layer)
    return 0 if frame is None else len(frame)


def population(dataset: Dataset) -> int:
    """Registered population: the sum over administrative villages (natural villages if none)."""
    frame = _layer(dataset, ADMIN_VILLAGES)
    return round(_sum(frame if frame is not None else _layer(dataset, NATURAL_VILLAGES), "population"))


def households(dataset: Dataset) -> int:
    """Households: the sum over administrative villages (natural villages if none)."""
    frame = _layer(dataset, ADMIN_VILLAGES)
    return round(_sum(frame if frame is not None else _layer(dataset, NATURAL_VILLAGES), "households"))


def road_lengths_km(dataset: Dataset, *, crs: CRS | None = None) -> pd.Series:
    """Length of every road segment in km, measured in the metric CRS (index as the roads layer)."""
    roads = _layer(dataset, ROADS)
    if roads is None:
        return pd.Series(dtype=float)
    crs = crs or metric_crs(dataset)
    return roads.geometry.to_crs(crs).length / 1000.0


def _by_surface(roads: gpd.GeoDataFrame, km: pd.Series) -> dict[str, float]:
    by = km.groupby(roads["surface"].astype("string").fillna("unknown")).sum()
    return {str(s): float(by[s]) for s in surface_order(by.index)}


def _two_lane(roads: gpd.GeoDataFrame, km: pd.Series) -> float:
    if "lanes" not in roads:
        return 0.0
    lanes = pd.to_numeric(roads["lanes"], errors="coerce").fillna(0).to_numpy()
    return float(km[lanes >= TWO_LANES].sum())


def road_km_by_surface(dataset: Dataset, *, crs: CRS | None = None) -> dict[str, float]:
    """Road km per surface (asphalt, cement, gravel, earth, then any other value found)."""
    roads = _layer(dataset, ROADS)
    return {} if roads is None else _by_surface(roads, road_lengths_km(dataset, crs=crs))


def hardened_share(dataset: Dataset, *, crs: CRS | None = None) -> float:
    """Share of road length with a hardened (asphalt or cement) surface; NaN without roads."""
    return _hardened_share(road_km_by_surface(dataset, crs=crs))


def _hardened_share(by_surface: dict[str, float]) -> float:
    total = sum(by_surface.values())
    return sum(by_surface.get(s, 0.0) for s in HARDENED_SURFACES) / total if total > 0 else float("nan")


def two_lane_km(dataset: Dataset, *, crs: CRS | None = None) -> float:
    """Road km with two lanes or more."""
    roads = _layer(dataset, ROADS)
    return 0.0 if roads is None else _two_lane(roads, road_lengths_km(dataset, crs=crs))


def cell_sites_by_tech(dataset: Dataset) -> dict[str, int]:
    """Cell sites per technology, always with 4G and 5G keys."""
    cells = _layer(dataset, CELL_SITES)
    counts = {"4G": 0, "5G": 0}
    if cells is not None:
        for tech, n in cells["tech"].astype("string").value_counts().items():
            counts[str(tech)] = int(n)
    return counts


def tea_area_mu(dataset: Dataset) -> float:
    """Tea garden area in mu, from the plots' ledger ``area_mu`` (1 mu = 666.7 m²)."""
    plots = _layer(dataset, FARM_PLOTS)
    if plots is None:
        return 0.0
    return _sum(plots[plots["crop"].astype("string").eq(TEA).fillna(False).to_numpy()], "area_mu")


def summarize(dataset: Dataset) -> Summary:
    """Every headline figure of ``dataset`` at once (the roads are projected only once)."""
    roads = _layer(dataset, ROADS)
    km = road_lengths_km(dataset)
    by_surface = {} if roads is None else _by_surface(roads, km)
    pv = _layer(dataset, PV_STATIONS)
    relocation = _layer(dataset, RELOCATION_SITES)
    return Summary(
        townships=count(dataset, TOWNSHIPS),
        admin_villages=count(dataset, ADMIN_VILLAGES),
        natural_villages=count(dataset, NATURAL_VILLAGES),
        population=population(dataset),
        households=households(dataset),
        road_km=float(sum(by_surface.values())),
        road_km_by_surface=by_surface,
        hardened_share=_hardened_share(by_surface),
        two_lane_km=0.0 if roads is None else _two_lane(roads, km),
        water_works=count(dataset, WATER_WORKS),
        water_capacity_m3d=_sum(_layer(dataset, WATER_WORKS), "capacity_m3d"),
        cell_sites_by_tech=cell_sites_by_tech(dataset),
        pv_stations=count(dataset, PV_STATIONS),
        pv_capacity_kw=_sum(pv, "capacity_kw"),
        pv_annual_revenue_yuan=_sum(pv, "annual_revenue_yuan"),
        tea_area_mu=tea_area_mu(dataset),
        relocation_sites=count(dataset, RELOCATION_SITES),
        relocation_households=round(_sum(relocation, "households")),
        relocation_population=round(_sum(relocation, "population")),
    )
