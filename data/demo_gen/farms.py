"""Tea gardens and camellia-oil plots (茶园/油茶地块) on the hill slopes near villages.

Tea grows on moderate slopes (8–25°) between 300 and 800 m, camellia oil on lower hills
(80–350 m, 5–20°), both within reach of a village. Each plot is an irregular blob clipped to
the administrative village it lies in; its area in mu is computed from the polygon.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy import ndimage

from data.demo_gen.admin import Admin
from data.demo_gen.county import County
from data.demo_gen.names import SURNAMES
from data.demo_gen.sources import town_root

PLOTS_AT_SCALE_1 = 600
SPACING_M = 700.0
SQUARE_METRES_PER_MU = 10_000.0 / 15.0
REACH_M = 2_500.0


def _seeds(county: County, suitable: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """Up to ``count`` suitable cells at least SPACING_M apart (random order, bucket check)."""
    cells = rng.permutation(np.flatnonzero(suitable.ravel()))
    x, y = county.grid.flat_xy(cells)
    bucket = np.floor(np.column_stack([x, y]) / SPACING_M).astype(int)
    taken: dict[tuple[int, int], list[tuple[float, float]]] = {}
    chosen: list[int] = []
    for k, cell in enumerate(cells):
        bx, by = bucket[k]
        near = [p for dx in (-1, 0, 1) for dy in (-1, 0, 1) for p in taken.get((bx + dx, by + dy), [])]
        if all(np.hypot(px - x[k], py - y[k]) >= SPACING_M for px, py in near):
            taken.setdefault((bx, by), []).append((x[k], y[k]))
            chosen.append(int(cell))
            if len(chosen) == count:
                break
    return np.array(chosen, dtype=np.int64)


def _blobs(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Irregular star-shaped polygons, radius 50–250 m, 16 vertices each."""
    n, k = len(x), 16
    angle = np.linspace(0.0, 2.0 * np.pi, k, endpoint=False)
    radius = np.clip(rng.lognormal(np.log(110.0), 0.4, n), 50.0, 250.0)
    phase = rng.uniform(0, 2 * np.pi, (n, 3))
    wobble = (
        1.0
        + 0.18 * np.sin(2 * angle[None] + phase[:, :1])
        + 0.1 * np.sin(3 * angle[None] + phase[:, 1:2])
        + 0.06 * np.sin(5 * angle[None] + phase[:, 2:])
    )
    r = radius[:, None] * wobble
    px, py = x[:, None] + r * np.cos(angle), y[:, None] + r * np.sin(angle)
    return shapely.polygons(np.stack([px, py], axis=-1))


def build_farm_plots(county: County, admin: Admin, nv: pd.DataFrame) -> gpd.GeoDataFrame:
    """Farm plots (GK polygons) with crop, organic flag, area_mu, village_code and operator."""
    grid, rng, terrain = county.grid, county.rng("farms"), county.terrain
    settled = np.zeros(grid.size, dtype=bool)
    settled[nv["cell"].to_numpy()] = True
    reach = ndimage.distance_transform_edt(~settled.reshape(grid.shape), sampling=grid.cell) <= REACH_M
    base = county.inside & reach & ~terrain.river & (county.edge_distance > 300.0) & (admin.labels >= 0)
    dem, slope = terrain.dem, terrain.slope_deg
    tea = base & (dem >= 300) & (dem <= 800) & (slope >= 8) & (slope <= 25)
    camellia = base & ~tea & (dem >= 80) & (dem <= 350) & (slope >= 5) & (slope <= 20)
    count = round(PLOTS_AT_SCALE_1 * county.scale)
    tea_cells = _seeds(county, tea, round(0.75 * count), rng)
    near_tea = np.ones(grid.size, dtype=bool)
    near_tea[tea_cells] = False
    near_tea = ndimage.distance_transform_edt(near_tea.reshape(grid.shape), sampling=grid.cell) < SPACING_M
    cells = np.concatenate([tea_cells, _seeds(county, camellia & ~near_tea, count - len(tea_cells), rng)])
    crop = np.where(tea.ravel()[cells], "tea", "camellia_oil")

    # Blobs clipped to the village of their centre; keep the largest piece of each.
    x, y = grid.flat_xy(cells)
    owner = admin.labels.ravel()[cells]
    villages = admin.villages
    clipped = shapely.intersection(_blobs(x, y, rng), villages.geometry.to_numpy()[owner])
    parts, index = shapely.get_parts(clipped, return_index=True)
    polygonal = shapely.get_type_id(parts) == 3
    parts, index = parts[polygonal], index[polygonal]
    area = shapely.area(parts)
    order = np.lexsort((-area, index))
    first = order[np.r_[True, index[order][1:] != index[order][:-1]]]
    geometry = np.full(len(cells), None, dtype=object)
    geometry[index[first]] = parts[first]
    keep = np.zeros(len(cells), dtype=bool)
    keep[index[first]] = area[first] > 2 * SQUARE_METRES_PER_MU

    organic = np.where(crop == "tea", rng.random(len(cells)) < 0.18, rng.random(len(cells)) < 0.05)
    towns = admin.towns.set_index("town_code")["name"]
    kinds = rng.integers(0, 4, len(cells))
    root = villages["root"].to_numpy()[owner]
    town = towns.loc[villages["town_code"].to_numpy()[owner]].to_numpy()
    operator = np.select(
        [kinds == 0, kinds == 1, kinds == 2],
        [
            [f"{r}茶叶专业合作社" if c == "tea" else f"{r}油茶专业合作社" for r, c in zip(root, crop, strict=True)],
            [f"浮梁县{town_root(t)}茶业有限公司" for t in town],
            [f"{s}氏家庭农场" for s in rng.choice(SURNAMES, len(cells))],
        ],
        [f"{r}村集体经济合作社" for r in root],
    )
    frame = gpd.GeoDataFrame(
        {
            "crop": crop,
            "organic": organic,
            "village_code": villages["village_code"].to_numpy()[owner],
            "operator": operator,
        },
        geometry=geometry,
        crs=grid.crs,
    )[keep].reset_index(drop=True)
    frame["area_mu"] = np.round(frame.area / SQUARE_METRES_PER_MU, 2)
    frame.insert(0, "plot_id", [f"CY{k + 1:04d}" for k in range(len(frame))])
    return frame[["plot_id", "crop", "organic", "area_mu", "village_code", "operator", "geometry"]]
