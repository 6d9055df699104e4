"""Procedural terrain of a hilly southern county: a drainage network carved into ridged hills.

How: a least-cost "river gradient" field is integrated from the river outlets (Dijkstra), which
gives at once a dendritic drainage tree and a river-bed elevation that rises monotonically
upstream. Cells draining more than a threshold area are rivers; hillslopes rise from the
nearest river with a relief that grows towards the mountains of the north and east (瑶里,
the Anhui border) and shrinks around township seats (towns sit in basins). Ridged and fractal
noise roughen the slopes. The result drains by construction: valleys are where the rivers are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from data.demo_gen.grid import NO_PREDECESSOR, Grid, least_cost
from data.demo_gen.noise import fractal_noise, ridged_noise

RIVER_MIN_AREA_KM2 = 2.0
MAJOR_RIVER_AREA_KM2 = 25.0


@dataclass(frozen=True)
class Terrain:
    """DEM and the derived fields the other generators place things with."""

    dem: np.ndarray  # metres
    slope_deg: np.ndarray
    relief: np.ndarray  # height above the nearest river bed (m)
    drainage_km2: np.ndarray  # area draining through each cell
    habitability: np.ndarray  # 0..1: flat valley floor = 1

    @property
    def river(self) -> np.ndarray:
        """Cells on a river."""
        return self.drainage_km2 >= RIVER_MIN_AREA_KM2

    @property
    def major_river(self) -> np.ndarray:
        """Cells on a river wide enough to need a bridge."""
        return self.drainage_km2 >= MAJOR_RIVER_AREA_KM2


def tree_accumulate(parent: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Sum of ``weight`` over every node upstream of (and including) each node of a forest.

    ``parent`` is -1 at roots. Depths come from pointer doubling; the sums are then pushed
    down one depth level at a time, each level a single vectorized ``np.add.at``.
    """
    n = parent.size
    nodes = np.arange(n)
    ancestor = np.where(parent < 0, nodes, parent)
    depth = (parent >= 0).astype(np.int64)
    while not np.array_equal(ancestor[ancestor], ancestor):
        depth = depth + depth[ancestor]
        ancestor = ancestor[ancestor]
    order = np.argsort(-depth, kind="stable")
    levels = np.flatnonzero(np.diff(depth[order])) + 1
    total = weight.astype(float).copy()
    for group in np.split(order, levels):
        group = group[parent[group] >= 0]
        if group.size:
            np.add.at(total, parent[group], total[group])
    return total


def _seat_distance(grid: Grid, seats_xy: np.ndarray) -> np.ndarray:
    mask = np.ones(grid.shape, dtype=bool)
    rows, cols = grid.rowcol(seats_xy[:, 0], seats_xy[:, 1])
    mask[rows, cols] = False
    return ndimage.distance_transform_edt(mask, sampling=grid.cell)


def _mountainness(
    grid: Grid, outlet_xy: np.ndarray, massifs: np.ndarray, seat_distance: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """0 (lowland) … 1 (high mountain): a SW→NE trend, massifs, large-scale noise, town basins."""
    x, y = grid.centers
    angle = np.deg2rad(50.0)
    trend = np.clip(((x - outlet_xy[0]) * np.cos(angle) + (y - outlet_xy[1]) * np.sin(angle)) / 85_000.0, 0.0, 1.0)
    bumps = np.zeros(grid.shape)
    for mx, my, sigma, weight in massifs:
        bumps += weight * np.exp(-((x - mx) ** 2 + (y - my) ** 2) / (2.0 * sigma**2))
    large = fractal_noise(grid.shape, grid.cell, rng, min_wavelength_m=6_000, max_wavelength_m=40_000)
    mountain = np.clip(0.06 + 0.45 * trend + bumps + 0.12 * large, 0.0, 1.0)
    return mountain * (1.0 - 0.55 * np.exp(-((seat_distance / 3_500.0) ** 2)))


def _fold_outside(dem: np.ndarray, inside: np.ndarray, cell: float, peak: float) -> np.ndarray:
    """Fold the hills of the margin outside the county under the county's own ``peak``.

    The grid runs past the boundary, where the same mountain field would otherwise rise higher
    than the county's highest point (五股尖) and make the DEM's maximum unrealistic. Above a knee
    300 m below the peak, heights outside are squeezed smoothly (tanh) towards the peak, fully
    from 1 km outside the boundary and fading in from the boundary, so no step appears there.
    """
    knee = peak - 300.0
    squeezed = np.where(dem > knee, knee + (peak - knee) * np.tanh((dem - knee) / (peak - knee)), dem)
    weight = np.clip(ndimage.distance_transform_edt(~inside, sampling=cell) / 1_000.0, 0.0, 1.0)
    return np.minimum(dem + weight * (squeezed - dem), peak)


def build_terrain(
    grid: Grid,
    inside: np.ndarray,
    seats_xy: np.ndarray,
    outlets: np.ndarray,
    massifs: np.ndarray,
    max_elevation: float,
    rng: np.random.Generator,
) -> Terrain:
    """Make the DEM.

    ``inside``: cells of the county; ``seats_xy``: township seats (n×2, grid CRS); ``outlets``:
    (x, y, bed elevation) rows; ``massifs``: (x, y, sigma m, weight) rows; ``max_elevation``:
    the highest peak of the county in metres.
    """
    seat_distance = _seat_distance(grid, seats_xy)
    mountain = _mountainness(grid, outlets[0, :2], massifs, seat_distance, rng)

    # River-bed gradient (m per m): gentle in the lowlands, steep in the mountains, wandering
    # with noise, and cheap near seats so that rivers run past the towns.
    wander = fractal_noise(grid.shape, grid.cell, rng, min_wavelength_m=1_500, max_wavelength_m=15_000)
    wiggle = fractal_noise(grid.shape, grid.cell, rng, min_wavelength_m=300, max_wavelength_m=1_500)
    gradient = (0.001 + 0.015 * mountain**2) * np.exp(0.8 * wander + 0.45 * wiggle)
    gradient *= 1.0 - 0.6 * np.exp(-((seat_distance / 2_000.0) ** 2))
    outlet_cells = grid.flat(outlets[:, 0], outlets[:, 1])
    field = least_cost(grid.cost_graph(gradient), outlet_cells)
    outlet_bed = dict(zip(outlet_cells.tolist(), outlets[:, 2].tolist(), strict=True))
    bed = (field.distance + np.vectorize(outlet_bed.get)(field.source)).reshape(grid.shape)

    parent = np.where(field.predecessor == NO_PREDECESSOR, -1, field.predecessor)
    drainage = tree_accumulate(parent, np.full(grid.size, grid.cell**2 / 1e6)).reshape(grid.shape)

    river = drainage >= RIVER_MIN_AREA_KM2
    distance, nearest = ndimage.distance_transform_edt(~river, sampling=grid.cell, return_indices=True)
    valley_half_width = np.clip(30.0 + 28.0 * np.sqrt(drainage[nearest[0], nearest[1]]), 30.0, 650.0)
    off_floor = np.maximum(distance - valley_half_width, 0.0)

    amplitude = 70.0 + 1_250.0 * mountain**1.2
    slope_length = 500.0 + 700.0 * mountain
    ridges = ridged_noise(grid.shape, grid.cell, rng, wavelengths_m=(6_000.0, 3_000.0, 1_500.0))
    relief = amplitude * (1.0 - np.exp(-off_floor / slope_length)) * (0.65 + 0.6 * ridges)
    rough = fractal_noise(grid.shape, grid.cell, rng, min_wavelength_m=250, max_wavelength_m=2_500)
    relief = np.maximum(relief + 0.05 * amplitude * rough * (1.0 - np.exp(-off_floor / 250.0)), 0.0)

    # Scale the relief so that the highest peak of the county has the wanted elevation.
    peak = int(np.argmax(np.where(inside, bed + relief, -np.inf)))
    relief *= (max_elevation - bed.flat[peak]) / relief.flat[peak]
    dem = _fold_outside(bed + relief, inside, grid.cell, max_elevation)
    relief = dem - bed

    dy, dx = np.gradient(dem, grid.cell)
    slope = np.degrees(np.arctan(np.hypot(dx, dy)))
    habitability = np.exp(-relief / 40.0) * np.exp(-slope / 8.0)
    return Terrain(dem.astype(np.float32), slope, relief, drainage, habitability)


def travel_cost(terrain: Terrain, inside: np.ndarray) -> np.ndarray:
    """Cost per metre of building or travelling across a cell: steep slopes, big rivers and
    leaving the county are expensive. Roads follow it, and so do township and village borders
    (they fall where travel from two seats costs the same: on ridges and passes)."""
    cost = 1.0 + (terrain.slope_deg / 6.0) ** 2 + 4.0 * terrain.major_river
    return np.where(inside, cost, 40.0 * cost)
