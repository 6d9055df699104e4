"""Township and administrative-village polygons: a nested, gap-free partition of the real county.

Township seats are real (GeoNames) or fixed synthetic points. Every cell is allocated to the
seat it reaches at least travel cost (so borders fall on ridges and passes), villages likewise
within their township. The label rasters are polygonized, simplified as one coverage (shared
borders stay shared), clipped to the real county boundary, and stray fragments are merged
into their neighbour. Townships are the union of their villages, so the nesting is exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio.features
import shapely

from data.demo_gen.county import County
from data.demo_gen.grid import least_cost
from data.demo_gen.sources import Sources, town_root

CENTRE_RADIUS_M = 2_200.0  # residents' committees and the seat village sit around the seat
MIN_SEAT_SPACING_M = 350.0
EDGE_MARGIN_M = 300.0


@dataclass(frozen=True)
class Admin:
    """Township and village polygons (GK metres) with their seats, and the village raster."""

    towns: gpd.GeoDataFrame  # town_code, name, kind, seat_source, seat_x, seat_y, geometry
    villages: gpd.GeoDataFrame  # village_code, name, kind, town_code, root, seat_cell, geometry
    labels: np.ndarray  # row of ``villages`` per cell, -1 outside the county


def _lookup(size: int, cells: np.ndarray) -> np.ndarray:
    table = np.full(size, -1, dtype=np.int64)
    table[cells] = np.arange(len(cells))
    return table


def _pick(
    candidates: np.ndarray,
    xy: np.ndarray,
    weight: np.ndarray,
    chosen: list[np.ndarray],
    spacing: float,
    rng: np.random.Generator,
    cap: float = np.inf,
) -> int | None:
    """Farthest-point choice: the candidate far from every chosen point, on good ground."""
    if chosen:
        taken = np.array(chosen)
        distance = np.sqrt(((xy[:, None, :] - taken[None, :, :]) ** 2).sum(-1)).min(axis=1)
    else:
        distance = np.full(len(candidates), cap)
    ok = distance >= spacing
    if not ok.any():
        return None
    score = np.minimum(distance, cap) * np.sqrt(0.15 + weight) * rng.uniform(0.8, 1.0, len(candidates))
    return int(np.argmax(np.where(ok, score, -1.0)))


def _village_seats(
    county: County, towns: pd.DataFrame, villages: pd.DataFrame, town_label: np.ndarray, town_seat_cells: np.ndarray
) -> np.ndarray:
    """One seat cell per village: centre villages around the township seat, the others spread
    over the township's habitable ground (farthest-point sampling weighted by valley floor)."""
    grid, rng = county.grid, county.rng("village-seats")
    spacing = max(MIN_SEAT_SPACING_M, 1.5 * grid.cell)
    x, y = grid.centers
    usable = (county.edge_distance >= EDGE_MARGIN_M).ravel()
    habitability = county.terrain.habitability.ravel()
    seats = np.full(len(villages), -1, dtype=np.int64)
    for t, town in towns.iterrows():
        cells = np.flatnonzero((town_label == t) & usable)
        xy = np.column_stack([x.ravel()[cells], y.ravel()[cells]])
        seat_xy = np.array(grid.flat_xy(town_seat_cells[t])).ravel()
        members = villages.index[villages["town_code"] == town["town_code"]]
        is_centre = (villages.loc[members, "kind"] == "residents_committee") | (
            villages.loc[members, "root"] == town_root(town["name"])
        )
        ordered = [*members[is_centre.to_numpy()], *members[~is_centre.to_numpy()]]
        near = np.hypot(xy[:, 0] - seat_xy[0], xy[:, 1] - seat_xy[1]) <= CENTRE_RADIUS_M
        chosen: list[np.ndarray] = []
        for k, v in enumerate(ordered):
            if k == 0:
                seats[v] = town_seat_cells[t]
                chosen.append(seat_xy)
                continue
            pool = near if (k < is_centre.sum()) else np.ones(len(cells), dtype=bool)
            i = _pick(
                cells[pool],
                xy[pool],
                habitability[cells[pool]],
                chosen,
                spacing,
                rng,
                cap=CENTRE_RADIUS_M if pool is near else np.inf,
            )
            if i is None:  # the centre is full: fall back to the whole township
                pool = np.ones(len(cells), dtype=bool)
                i = _pick(cells, xy, habitability[cells], chosen, grid.cell, rng)
            if i is None:
                raise RuntimeError(f"no room for the seat of village {villages.loc[v, 'village_code']}")
            seats[v] = cells[pool][i]
            chosen.append(xy[pool][i])
    return seats


def _polygonize(labels: np.ndarray, county: County, count: int) -> np.ndarray:
    """One (Multi)Polygon per label over the whole grid, as a valid coverage."""
    parts: list[list[shapely.Geometry]] = [[] for _ in range(count)]
    for geometry, value in rasterio.features.shapes(labels.astype(np.int32), transform=county.grid.transform):
        parts[int(value)].append(shapely.geometry.shape(geometry))
    return np.array([shapely.multipolygons(p) if len(p) > 1 else p[0] for p in parts], dtype=object)


def _clip_coverage(coverage: np.ndarray, boundary: shapely.Polygon) -> tuple[np.ndarray, np.ndarray]:
    """Clip a coverage to a boundary without breaking its noding.

    Clipping polygon by polygon can place the new vertices of two neighbours a few ULPs apart;
    instead all borders and the boundary are noded together once, polygonized into faces, and
    each face inside the boundary is given to the polygon that contains it. Returns the
    connected parts of every clipped polygon and the polygon each belongs to.
    """
    linework = shapely.union_all([*shapely.boundary(coverage), boundary.boundary])
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(linework)))
    probes = shapely.point_on_surface(faces)
    faces, probes = faces[shapely.contains(boundary, probes)], probes[shapely.contains(boundary, probes)]
    face_index, owner = shapely.STRtree(coverage).query(probes, predicate="within")
    order = np.argsort(face_index, kind="stable")
    face_index, owner = face_index[order], owner[order]
    if len(np.unique(face_index)) != len(faces):
        raise RuntimeError("a face of the clipped coverage has no single owner")
    merged = [shapely.coverage_union_all(faces[face_index[owner == v]]) for v in range(len(coverage))]
    parts, part_owner = shapely.get_parts(np.array(merged, dtype=object), return_index=True)
    return parts, part_owner


def _merge_fragments(parts: np.ndarray, owner: np.ndarray, seats: np.ndarray) -> np.ndarray:
    """Keep, per village, the part holding its seat; merge every other part into the
    neighbouring kept part it shares the longest border with. Returns one Polygon per village."""
    count = int(owner.max()) + 1
    keep = np.zeros(len(parts), dtype=bool)
    for v in range(count):
        mine = np.flatnonzero(owner == v)
        holding = mine[shapely.contains(parts[mine], seats[v])]
        keep[holding[0] if len(holding) else mine[np.argmax(shapely.area(parts[mine]))]] = True
    result = {int(owner[i]): parts[i] for i in np.flatnonzero(keep)}
    pending = [int(i) for i in np.flatnonzero(~keep)]
    while pending:
        still: list[int] = []
        for i in pending:
            neighbours = [v for v, g in result.items() if shapely.intersects(g, parts[i])]
            shared = [shapely.length(shapely.intersection(result[v].boundary, parts[i].boundary)) for v in neighbours]
            if not neighbours or max(shared) <= 0:
                still.append(i)
                continue
            best = neighbours[int(np.argmax(shared))]
            result[best] = shapely.coverage_union_all([result[best], parts[i]])
        if len(still) == len(pending):
            raise RuntimeError("village fragments without a neighbour")
        pending = still
    return np.array([result[v] for v in range(count)], dtype=object)


def build_admin(county: County, sources: Sources) -> Admin:
    """Partition the county into townships and villages."""
    grid = county.grid
    towns = sources.towns.copy()
    villages = sources.villages.copy()
    seat_xy = county.metric(towns["seat_lon"], towns["seat_lat"])
    towns["seat_x"], towns["seat_y"] = seat_xy[:, 0], seat_xy[:, 1]
    town_seat_cells = grid.flat(seat_xy[:, 0], seat_xy[:, 1])

    graph = grid.cost_graph(county.cost)
    town_label = _lookup(grid.size, town_seat_cells)[least_cost(graph, town_seat_cells).source]
    village_seats = _village_seats(county, towns, villages, town_label, town_seat_cells)

    a, b, _ = grid.edges
    village_graph = grid.cost_graph(county.cost, keep=town_label[a] == town_label[b])
    village_label = _lookup(grid.size, village_seats)[least_cost(village_graph, village_seats).source]

    raw = _polygonize(village_label.reshape(grid.shape), county, len(villages))
    simplified = shapely.coverage_simplify(raw, tolerance=0.8 * grid.cell)
    parts, owner = _clip_coverage(simplified, county.boundary)
    seat_points = shapely.points(*grid.flat_xy(village_seats))
    polygons = _merge_fragments(parts, owner, seat_points)

    villages["seat_cell"] = village_seats
    village_frame = gpd.GeoDataFrame(villages, geometry=polygons, crs=grid.crs)
    town_polygons = [
        shapely.coverage_union_all(polygons[(villages["town_code"] == code).to_numpy()]) for code in towns["town_code"]
    ]
    town_frame = gpd.GeoDataFrame(towns, geometry=town_polygons, crs=grid.crs)

    labels = rasterio.features.rasterize(
        zip(polygons, range(len(polygons)), strict=True),
        out_shape=grid.shape,
        transform=grid.transform,
        fill=-1,
        dtype=np.int32,
    )
    return Admin(town_frame, village_frame, labels)
