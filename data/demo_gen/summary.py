"""Headline figures of a generated county, printed by ``make_demo`` (and handy in reports)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pyproj import CRS

from geo.core.crs import gk3_epsg
from geo.core.store import Dataset


def headline(dataset: Dataset) -> dict[str, float | int]:
    """Counts, population, road length by surface and the main coverage rates."""
    layers = dataset.layers
    nv = layers["natural_villages"]
    people = nv["population"].sum()
    lon = float(np.mean(layers["townships"].total_bounds[[0, 2]]))
    metric = CRS.from_epsg(gk3_epsg(lon))
    roads = layers["roads"].to_crs(metric)
    km = roads.length.groupby(roads["surface"]).sum() / 1000.0
    by_class = roads.length.groupby(roads["admin_class"]).sum() / 1000.0
    supply = nv["water_supply"].astype(str)
    pv = layers["pv_stations"]
    figures: dict[str, float | int] = {
        "townships": len(layers["townships"]),
        "admin_villages": len(layers["admin_villages"]),
        "natural_villages": len(nv),
        "households": int(nv["households"].sum()),
        "population": int(people),
        "area_km2": round(float(layers["townships"].to_crs(metric).area.sum() / 1e6), 1),
        "road_segments": len(roads),
        **{f"road_km_{k}": round(float(v), 1) for k, v in km.items()},
        **{f"road_km_class_{k}": round(float(v), 1) for k, v in by_class.items()},
        "water_centralized_rate": round(float(nv.loc[supply == "centralized", "population"].sum() / people), 4),
        "water_tap_rate": round(float(nv.loc[supply.isin(["centralized", "tap"]), "population"].sum() / people), 4),
        "garbage_collected_share": round(float(pd.Series(nv["garbage_collected"]).astype(bool).mean()), 4),
        "sanitary_toilet_share": round(float(nv["sanitary_toilet_households"].sum() / nv["households"].sum()), 4),
        "water_works": len(layers["water_works"]),
        "cell_sites_4g": int((layers["cell_sites"]["tech"] == "4G").sum()),
        "cell_sites_5g": int((layers["cell_sites"]["tech"] == "5G").sum()),
        "pv_stations": len(pv),
        "pv_capacity_kw": float(pv["capacity_kw"].sum()),
        "relocation_sites": len(layers["relocation_sites"]),
        "farm_plots": len(layers["farm_plots"]),
        "farm_area_mu": round(float(layers["farm_plots"]["area_mu"].sum()), 1),
        "facilities": len(layers["facilities"]),
        "dem_min_m": round(float(np.nanmin(dataset.rasters["dem"].values)), 1),
        "dem_max_m": round(float(np.nanmax(dataset.rasters["dem"].values)), 1),
        "population_raster_sum": round(float(dataset.rasters["population"].values.astype(float).sum()), 1),
    }
    return figures


def summary_lines(dataset: Dataset) -> list[str]:
    """``name: value`` lines of :func:`headline`."""
    return [f"  {name}: {value}" for name, value in headline(dataset).items()]
