"""The analysis grid (Gauss-Krüger metres) and cost-distance on it.

One grid carries the DEM, the population raster and every least-cost computation (rivers,
township and village partition, roads). Cost-distance is Dijkstra on the 8-neighbour graph of
the grid (scipy.sparse.csgraph); a multi-source run returns, for every cell, the distance, the
predecessor on the shortest path and the source it belongs to — enough for rivers (a drainage
tree), partitions (allocation) and road networks (path forests).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import rasterio.transform
import shapely
from affine import Affine
from pyproj import CRS
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

NO_PREDECESSOR = -9999  # scipy's marker for sources and unreachable cells
_NEIGHBOURS = ((0, 1), (1, 0), (1, 1), (1, -1))  # each undirected 8-neighbour edge once


@dataclass(frozen=True)
class Grid:
    """A north-up grid of square cells in a metric CRS."""

    transform: Affine
    shape: tuple[int, int]
    crs: CRS
    cell: float

    @classmethod
    def around(cls, bounds: tuple[float, float, float, float], cell: float, pad: float, crs: CRS) -> Grid:
        """Grid covering ``bounds`` plus ``pad``, its origin snapped to whole cells."""
        minx = np.floor((bounds[0] - pad) / cell) * cell
        miny = np.floor((bounds[1] - pad) / cell) * cell
        maxx = np.ceil((bounds[2] + pad) / cell) * cell
        maxy = np.ceil((bounds[3] + pad) / cell) * cell
        shape = (round((maxy - miny) / cell), round((maxx - minx) / cell))
        return cls(rasterio.transform.from_origin(minx, maxy, cell, cell), shape, crs, cell)

    @property
    def size(self) -> int:
        """Number of cells."""
        return self.shape[0] * self.shape[1]

    @cached_property
    def centers(self) -> tuple[np.ndarray, np.ndarray]:
        """x and y of every cell centre, as two arrays of the grid's shape."""
        rows, cols = np.indices(self.shape)
        return self.xy(rows, cols)

    def xy(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cell centres of (rows, cols)."""
        x = self.transform.c + (np.asarray(cols) + 0.5) * self.cell
        y = self.transform.f - (np.asarray(rows) + 0.5) * self.cell
        return x, y

    def rowcol(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Row and column of the cells containing points (clipped to the grid)."""
        cols = np.floor((np.asarray(x) - self.transform.c) / self.cell).astype(int)
        rows = np.floor((self.transform.f - np.asarray(y)) / self.cell).astype(int)
        return np.clip(rows, 0, self.shape[0] - 1), np.clip(cols, 0, self.shape[1] - 1)

    def flat(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Flat cell index of points."""
        rows, cols = self.rowcol(x, y)
        return np.ravel_multi_index((rows, cols), self.shape)

    def flat_xy(self, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cell centres of flat indices."""
        rows, cols = np.unravel_index(np.asarray(index), self.shape)
        return self.xy(rows, cols)

    def inside(self, geometry: shapely.Geometry) -> np.ndarray:
        """Boolean mask of the cells whose centre lies in ``geometry``."""
        x, y = self.centers
        shapely.prepare(geometry)
        return shapely.contains_xy(geometry, x, y)

    @cached_property
    def edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every 8-neighbour edge once: (cell a, cell b, length in metres)."""
        rows, cols = self.shape
        index = np.arange(self.size).reshape(self.shape)
        starts, ends, lengths = [], [], []
        for dr, dc in _NEIGHBOURS:
            a = index[0 : rows - dr, max(0, -dc) : cols - max(0, dc)]
            b = index[dr:rows, max(0, dc) : cols - max(0, -dc)]
            starts.append(a.ravel())
            ends.append(b.ravel())
            lengths.append(np.full(a.size, np.hypot(dr, dc) * self.cell))
        return np.concatenate(starts), np.concatenate(ends), np.concatenate(lengths)

    def cost_graph(self, cost: np.ndarray, keep: np.ndarray | None = None) -> csr_matrix:
        """Directed graph whose edge weight is the mean cost of its two cells times its length.

        ``keep`` (one boolean per edge of :attr:`edges`) drops edges, e.g. those crossing a
        township boundary when villages are allocated within their township.
        """
        a, b, length = self.edges
        weight = 0.5 * (cost.ravel()[a] + cost.ravel()[b]) * length
        if keep is not None:
            a, b, weight = a[keep], b[keep], weight[keep]
        return csr_matrix(
            (np.concatenate([weight, weight]), (np.concatenate([a, b]), np.concatenate([b, a]))),
            shape=(self.size, self.size),
        )


@dataclass(frozen=True)
class CostField:
    """Result of a multi-source least-cost run: distance, predecessor and source of each cell."""

    distance: np.ndarray
    predecessor: np.ndarray
    source: np.ndarray

    def path(self, cell: int, stop: np.ndarray | None = None) -> list[int]:
        """Cells from ``cell`` back to its source (or to the first cell where ``stop`` is True)."""
        cells = [int(cell)]
        current = int(cell)
        while True:
            current = int(self.predecessor[current])
            if current == NO_PREDECESSOR:
                return cells
            cells.append(current)
            if stop is not None and stop[current]:
                return cells


def least_cost(graph: csr_matrix, sources: np.ndarray) -> CostField:
    """Multi-source Dijkstra: each cell is reached from its cheapest source."""
    distance, predecessor, source = dijkstra(
        graph, directed=True, indices=np.asarray(sources, dtype=np.int64), min_only=True, return_predecessors=True
    )
    return CostField(distance, predecessor, source)
