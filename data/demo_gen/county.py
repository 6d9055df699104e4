"""The county frame shared by every generator: grid, boundary, terrain and CRS transforms."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import shapely
from pyproj import CRS, Transformer
from scipy import ndimage

from data.demo_gen import config
from data.demo_gen.grid import Grid
from data.demo_gen.sources import Sources
from data.demo_gen.terrain import Terrain, build_terrain, travel_cost
from geo.core.crs import gk3_epsg


@dataclass(frozen=True)
class County:
    """Everything spatial that the generators share; metric work is in the GK zone."""

    grid: Grid
    boundary: shapely.Polygon  # GK metres
    inside: np.ndarray  # cells whose centre is in the county
    terrain: Terrain
    cost: np.ndarray  # travel cost per metre
    to_metric: Transformer
    to_storage: Transformer
    seed: int
    scale: float

    @cached_property
    def edge_distance(self) -> np.ndarray:
        """Distance (m) of every cell to the county boundary (0 outside)."""
        return ndimage.distance_transform_edt(self.inside, sampling=self.grid.cell)

    def metric(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Lon/lat → GK x, y (n×2)."""
        x, y = self.to_metric.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        return np.column_stack([x, y])

    def lonlat(self, xy: np.ndarray) -> np.ndarray:
        """GK x, y (n×2) → lon/lat (n×2)."""
        lon, lat = self.to_storage.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([lon, lat])

    def to_storage_geometry(self, geometries: np.ndarray) -> np.ndarray:
        """Reproject shapely geometries from GK to lon/lat (EPSG:4490)."""
        return shapely.transform(geometries, lambda xy: self.lonlat(xy))

    def cells_near(
        self, x: float, y: float, radius: float, *, min_radius: float = 0.0
    ) -> tuple[np.ndarray, np.ndarray]:
        """County cells whose centre is between ``min_radius`` and ``radius`` of a point, and
        their distances (searched in a window, not over the whole grid)."""
        grid = self.grid
        (r0, r1), (c0, c1) = grid.rowcol(np.array([x - radius, x + radius]), np.array([y + radius, y - radius]))
        rows, cols = np.mgrid[r0 : r1 + 1, c0 : c1 + 1]
        cx, cy = grid.xy(rows, cols)
        distance = np.hypot(cx - x, cy - y)
        ok = (distance <= radius) & (distance >= min_radius) & self.inside[rows, cols]
        return np.ravel_multi_index((rows[ok], cols[ok]), grid.shape), distance[ok]

    def best_cell_near(
        self,
        x: float,
        y: float,
        radius: float,
        score: np.ndarray | None = None,
        *,
        min_radius: float = 0.0,
        allowed: np.ndarray | None = None,
        rng: np.random.Generator | None = None,
        jitter: float = 0.0,
    ) -> int:
        """The county cell near a point that maximises ``score`` (grid-shaped; ``None`` = 0) plus
        optional random ``jitter``; the cell under the point when nothing qualifies."""
        cells, _ = self.cells_near(x, y, radius, min_radius=min_radius)
        if allowed is not None:
            cells = cells[allowed.ravel()[cells]]
        if not len(cells):
            return int(self.grid.flat(np.array([x]), np.array([y]))[0])
        value = np.zeros(len(cells)) if score is None else score.ravel()[cells].astype(float)
        if rng is not None and jitter:
            value = value + rng.normal(0.0, jitter, len(cells))
        return int(cells[np.argmax(value)])

    def rng(self, stream: str) -> np.random.Generator:
        """The random stream of one concern."""
        return config.rng(self.seed, stream)


def make_county(sources: Sources, *, seed: int, scale: float) -> County:
    """Grid the county at ``config.BASE_CELL_M / scale`` and make its terrain."""
    lon, _lat = shapely.get_coordinates(shapely.centroid(sources.boundary))[0]
    crs = CRS.from_epsg(gk3_epsg(lon))
    to_metric = Transformer.from_crs(config.STORAGE_EPSG, crs, always_xy=True)
    to_storage = Transformer.from_crs(crs, config.STORAGE_EPSG, always_xy=True)

    def project(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(to_metric.transform(xy[:, 0], xy[:, 1]))

    boundary = shapely.transform(sources.boundary, project)
    grid = Grid.around(boundary.bounds, config.BASE_CELL_M / scale, config.GRID_PAD_M, crs)
    inside = grid.inside(boundary)
    seats = project(sources.towns[["seat_lon", "seat_lat"]].to_numpy())
    outlets = np.array(config.RIVER_OUTLETS)
    outlets[:, :2] = project(outlets[:, :2])
    massifs = np.array(config.MASSIFS)
    massifs[:, :2] = project(massifs[:, :2])
    massifs[:, 2] *= 1000.0
    terrain = build_terrain(grid, inside, seats, outlets, massifs, config.MAX_ELEVATION_M, config.rng(seed, "terrain"))
    return County(grid, boundary, inside, terrain, travel_cost(terrain, inside), to_metric, to_storage, seed, scale)
