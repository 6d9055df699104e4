"""Natural villages (自然村) and the population raster.

Natural villages are points in valleys: each administrative village gets a number of them in
proportion to its habitable area, sampled on its cells with a strong preference for flat
valley floors and a minimum spacing; its largest one is the village seat (村委会). Households
are lognormal; the population raster spreads each village's people over a few cells with a
small Gaussian kernel, so the raster sums to the village population.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from data.demo_gen.admin import Admin
from data.demo_gen.county import County
from data.demo_gen.names import natural_village_names

NATURAL_VILLAGES_AT_SCALE_1 = 2_000
MIN_SPACING_M = 250.0
KERNEL_SIGMA_M = 120.0


def _counts(admin: Admin, county: County, total: int) -> np.ndarray:
    """Natural villages per administrative village: 2–4 residents' groups in a residents'
    committee, otherwise in proportion to habitable area (at least two)."""
    villages = admin.villages
    residents = (villages["kind"] == "residents_committee").to_numpy()
    rng = county.rng("nv-counts")
    counts = np.where(residents, rng.integers(2, 5, len(villages)), 2)
    habitable = (
        np.bincount(
            admin.labels[admin.labels >= 0],
            weights=county.terrain.habitability[admin.labels >= 0],
            minlength=len(villages),
        )
        * county.grid.cell**2
    )
    weight = np.where(residents, 0.0, habitable)
    extra = max(total - counts.sum(), 0) * weight / weight.sum()
    counts += np.floor(extra).astype(int)
    remainder = total - counts.sum()
    if remainder > 0:
        counts[np.argsort(-(extra - np.floor(extra)), kind="stable")[:remainder]] += 1
    return counts


def _sample_points(
    cells: np.ndarray, weight: np.ndarray, first: int, count: int, county: County, rng: np.random.Generator
) -> np.ndarray:
    """``count`` distinct cells: ``first`` then weighted draws at least MIN_SPACING_M apart."""
    x, y = county.grid.flat_xy(cells)
    spacing = max(MIN_SPACING_M, 1.01 * county.grid.cell)
    chosen = [first]
    fx, fy = county.grid.flat_xy(first)
    free = np.hypot(x - fx, y - fy) >= spacing
    while len(chosen) < count and free.any():
        p = np.where(free, weight, 0.0)
        i = rng.choice(len(cells), p=p / p.sum())
        chosen.append(int(cells[i]))
        free &= np.hypot(x - x[i], y - y[i]) >= spacing
    return np.array(chosen, dtype=np.int64)


def build_natural_villages(county: County, admin: Admin) -> gpd.GeoDataFrame:
    """Natural-village points (GK) with name, village_code, households and population.

    Working columns for the other generators: ``cell`` (grid cell), ``is_seat`` (the village
    seat, its largest settlement) and ``urban`` (a residents' group of a residents' committee).
    """
    grid, villages = county.grid, admin.villages
    rng = county.rng("natural-villages")
    counts = _counts(admin, county, max(round(NATURAL_VILLAGES_AT_SCALE_1 * county.scale), 2 * len(villages)))
    flat_labels = admin.labels.ravel()
    order = np.argsort(flat_labels, kind="stable")
    starts = np.searchsorted(flat_labels[order], np.arange(len(villages) + 1))
    weight_all = county.terrain.habitability.ravel() ** 2 + 1e-4

    rows = []
    for v, village in villages.iterrows():
        cells = order[starts[v] : starts[v + 1]]
        seat = (
            int(village["seat_cell"])
            if flat_labels[village["seat_cell"]] == v
            else int(cells[np.argmax(weight_all[cells])])
        )
        chosen = _sample_points(cells, weight_all[cells], seat, int(counts[v]), county, rng)
        residents = village["kind"] == "residents_committee"
        names = natural_village_names(village["root"], len(chosen), rng, residents=residents)
        if residents:
            households = np.round(rng.lognormal(np.log(180), 0.45, len(chosen)))
        else:
            households = np.round(rng.lognormal(np.log(22), 0.75, len(chosen)))
            households[0] = max(households[0], 40) * rng.uniform(1.3, 2.2)
        households = np.clip(np.round(households), 4, 900).astype(int)
        for k, (cell, name, hh) in enumerate(zip(chosen, names, households, strict=True)):
            rows.append(
                (
                    f"{village['village_code']}{k + 1:03d}",
                    name,
                    village["village_code"],
                    int(cell),
                    int(hh),
                    k == 0,
                    residents,
                )
            )

    nv_id, name, code, cell, households, is_seat, urban = (np.array(c) for c in zip(*rows, strict=True))
    x, y = grid.flat_xy(cell)
    jitter = rng.uniform(-0.4, 0.4, (2, len(cell))) * grid.cell
    polygons = villages.set_index("village_code").geometry.loc[code].to_numpy()
    jx, jy = x + jitter[0], y + jitter[1]
    ok = shapely.contains_xy(polygons, jx, jy)
    x, y = np.where(ok, jx, x), np.where(ok, jy, y)
    # The simplified village border can cut through a cell: a centre outside its own village
    # moves to a point of the village inside that cell (or anywhere in it if none is).
    outside = np.flatnonzero(~shapely.contains_xy(polygons, x, y))
    if len(outside):
        half = grid.cell / 2.0
        boxes = shapely.box(x[outside] - half, y[outside] - half, x[outside] + half, y[outside] + half)
        piece = shapely.intersection(polygons[outside], boxes)
        piece = np.where(shapely.area(piece) > 0, piece, polygons[outside])
        x[outside], y[outside] = shapely.get_coordinates(shapely.point_on_surface(piece)).T
    population = np.round(households * rng.uniform(2.9, 3.9, len(cell))).astype(int)
    return gpd.GeoDataFrame(
        {
            "nv_id": nv_id,
            "name": name,
            "village_code": code,
            "households": households,
            "population": population,
            "cell": cell,
            "is_seat": is_seat,
            "urban": urban,
        },
        geometry=shapely.points(x, y),
        crs=grid.crs,
    )


def population_raster(county: County, natural_villages: gpd.GeoDataFrame) -> np.ndarray:
    """People per cell: each village spread over a 5×5 Gaussian kernel, summing exactly to it."""
    grid = county.grid
    x, y = natural_villages.geometry.x.to_numpy(), natural_villages.geometry.y.to_numpy()
    rows, cols = grid.rowcol(x, y)
    offsets = np.arange(-2, 3)
    dr, dc = (a.ravel() for a in np.meshgrid(offsets, offsets, indexing="ij"))
    rr, cc = rows[:, None] + dr[None, :], cols[:, None] + dc[None, :]
    cx, cy = grid.xy(rr, cc)
    sigma = max(KERNEL_SIGMA_M, 0.5 * grid.cell)
    weight = np.exp(-((cx - x[:, None]) ** 2 + (cy - y[:, None]) ** 2) / (2.0 * sigma**2))
    weight /= weight.sum(axis=1, keepdims=True)
    grid_values = np.zeros(grid.shape)
    np.add.at(
        grid_values, (rr.ravel(), cc.ravel()), (weight * natural_villages["population"].to_numpy()[:, None]).ravel()
    )
    return grid_values
