"""Put the generators together into one validated-ready dataset (EPSG:4490 layers + GK rasters)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from affine import Affine

from data.demo_gen import config
from data.demo_gen.admin import Admin, build_admin
from data.demo_gen.county import County, make_county
from data.demo_gen.facilities import build_facilities
from data.demo_gen.farms import build_farm_plots
from data.demo_gen.ledger import ledger_attributes
from data.demo_gen.pv import build_pv_stations
from data.demo_gen.relocation import build_relocation_sites
from data.demo_gen.roads import build_roads
from data.demo_gen.settlements import build_natural_villages, population_raster
from data.demo_gen.sources import load_sources
from data.demo_gen.telecom import build_cell_sites
from data.demo_gen.villages import village_table
from data.demo_gen.water import build_water
from geo.core.store import Dataset, RasterGrid
from layers.registry import LAYER_KINDS


def village_codes_at(points: np.ndarray, admin: Admin) -> np.ndarray:
    """Code of the administrative village containing each point (the nearest one if none)."""
    polygons = admin.villages.geometry.to_numpy()
    tree = shapely.STRtree(polygons)
    point_index, village_index = tree.query(points, predicate="within")
    found = np.full(len(points), -1)
    found[point_index] = village_index
    missing = np.flatnonzero(found < 0)
    if len(missing):
        found[missing] = tree.query_nearest(points[missing], return_distance=False, all_matches=False)[1]
    return admin.villages["village_code"].to_numpy()[found]


def _to_storage(frame: gpd.GeoDataFrame, county: County, layer: str) -> gpd.GeoDataFrame:
    """Contract columns first (in contract order), extra columns after, reprojected to 4490."""
    contract = [c.name for c in LAYER_KINDS[layer].schema.columns if c.name in frame.columns]
    extra = [c for c in frame.columns if c not in contract and c != frame.geometry.name]
    geometry = county.to_storage_geometry(frame.geometry.to_numpy())
    return gpd.GeoDataFrame(frame[contract + extra].reset_index(drop=True), geometry=geometry, crs=config.STORAGE_EPSG)


def _lonlat(county: County, cells: np.ndarray) -> np.ndarray:
    x, y = county.grid.flat_xy(cells)
    return county.lonlat(np.column_stack([x, y]))


def build_demo(*, seed: int = config.SEED, scale: float = 1.0, sources_dir: Path = config.SOURCES_DIR) -> Dataset:
    """Generate the whole demo county. ``scale`` < 1 coarsens the grid and thins the features."""
    if not 0.05 <= scale <= 1.0:
        raise ValueError("scale must be between 0.05 and 1")
    sources = load_sources(sources_dir)
    county = make_county(sources, seed=seed, scale=scale)
    admin = build_admin(county, sources)
    nv = build_natural_villages(county, admin)
    roads = build_roads(county, admin, nv)
    villages = village_table(county, admin, nv)
    water = build_water(county, admin, nv)
    towns = admin.towns

    nv = nv.assign(water_supply=water.water_supply)
    nv = nv.join(ledger_attributes(county, nv, roads.unconnected))
    cell_sites = build_cell_sites(county, towns, villages, nv)
    pv = build_pv_stations(county, towns, villages, admin.labels)
    relocation = build_relocation_sites(county, towns)
    farms = build_farm_plots(county, admin, nv)
    facilities = build_facilities(county, towns, villages)

    for frame in (pv, relocation, facilities):
        located = village_codes_at(frame.geometry.to_numpy(), admin)
        frame["village_code"] = (
            frame["village_code"].fillna(pd.Series(located, index=frame.index)) if "village_code" in frame else located
        )

    seats = _lonlat(county, villages["seat_cell"].to_numpy(dtype=np.int64))
    village_layer = admin.villages[["village_code", "name", "town_code", "geometry"]].assign(
        households=villages["households"].astype(int).to_numpy(),
        population=villages["population"].astype(int).to_numpy(),
        is_former_poor=villages["is_former_poor"].to_numpy(),
        is_key_village=villages["is_key_village"].to_numpy(),
        collective_income_yuan=villages["collective_income_yuan"].to_numpy(),
        seat_x=seats[:, 0].round(6),
        seat_y=seats[:, 1].round(6),
        unit_kind=villages["kind"].to_numpy(),  # 村委会 / 居委会, as the NBS list classes them
    )
    town_layer = towns[["town_code", "name", "kind", "geometry"]].assign(
        seat_x=towns["seat_lon"].to_numpy(),
        seat_y=towns["seat_lat"].to_numpy(),
        seat_source=towns["seat_source"].to_numpy(),
        # 浮梁镇 is the county seat though 湘湖镇 has more people: say so, or indicators would guess the most populous.
        is_county_seat=(towns["town_code"] == config.COUNTY_SEAT_TOWN).to_numpy(),
    )
    nv_layer = nv.drop(columns=["cell", "is_seat", "urban"])

    layers = {
        "townships": town_layer,
        "admin_villages": village_layer,
        "natural_villages": nv_layer,
        "relocation_sites": relocation,
        "roads": roads.roads,
        "water_works": water.works,
        "water_service_areas": water.service_areas,
        "cell_sites": cell_sites,
        "pv_stations": pv,
        "farm_plots": farms,
        "facilities": facilities,
    }
    layers = {
        name: _to_storage(gpd.GeoDataFrame(frame, crs=county.grid.crs), county, name) for name, frame in layers.items()
    }
    grid = county.grid
    transform = Affine(*grid.transform[:6])
    rasters = {
        # Whole metres, like SRTM: it compresses far better in the GeoPackage tiles.
        "dem": RasterGrid(np.round(county.terrain.dem).astype(np.float32), transform, grid.crs),
        "population": RasterGrid(population_raster(county, nv).astype(np.float32), transform, grid.crs),
    }
    return Dataset(layers=layers, rasters=rasters, source="fuliang_demo", as_of=config.REFERENCE_DATE)
