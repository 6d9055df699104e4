"""Generate a deterministic province-sized synthetic dataset for the benchmark.

Scale (defaults): 300 × 300 km, 30 counties, 1,000 townships, 20,000 admin villages,
300,000 natural villages, ~500,000 road segments, 20,000 4G and 8,000 5G sites, schools,
clinics and other facilities, 2,000 relocation sites, 5,000 water works with service areas, PV stations, farm plots,
and a 100 m DEM and population grid (3,000 × 3,000 cells).

How the pieces are made (numpy/scipy/shapely only, no per-feature Python loops):

* Township seats on a jittered grid; counties = nearest of 30 county centres.
* Natural villages: 70 % clustered around the seats (Gaussian, σ 3.5 km), 30 % spread evenly.
* Admin villages: 20,000 natural villages become village seats; each natural village belongs to
  the nearest seat (so admin villages are the Voronoi cells of the seats, built with
  ``shapely.voronoi_polygons(ordered=True)``); townships are their coverage union.
* Roads: each village's road point sits 20–400 m off the village. A Delaunay triangulation of
  the road points and seats gives candidate links; the minimum spanning tree plus the shortest
  other links make the village network. Road class, surface, grade and lanes follow the
  *flow* of each link (villages whose shortest path to their seat uses it): trunks are
  hardened and wider, leaf tracks are often earth or gravel, so the network has connected
  hardened trunks, unhardened spurs and hardened islands like a real county. County roads join
  neighbouring seats (MST + short links of the seats' Delaunay graph), cut into ~1 km segments.
* Terrain: spectral (1/f²) noise plus ridges, 50–1,600 m.

Usage::

    .venv/bin/python bench/make_province.py [--scale 1.0] [--out bench/out/province.gpkg]

``--scale 0.1`` makes a tenth of everything (a quick check). Written with
:func:`geo.core.store.write_dataset` in EPSG:4490 (rasters in the Gauss-Krüger zone, EPSG:4547).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from affine import Affine
from pyproj import CRS
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra, minimum_spanning_tree
from scipy.spatial import Delaunay, cKDTree

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.core.store import Dataset, RasterGrid, write_dataset

SEED = 20260601
GK_EPSG = 4547  # CGCS2000 / 3-degree Gauss-Kruger CM 114E (no zone prefix)
STORE_EPSG = 4490
X0, Y0 = 350_000.0, 2_900_000.0  # south-west corner (≈ 112.5°E, 26.2°N)
SIZE = 300_000.0
CELL = 100.0
OUT = Path(__file__).resolve().parent / "out" / "province.gpkg"


def log(message: str, start: float) -> None:
    sys.stdout.write(f"[{time.perf_counter() - start:6.1f} s] {message}\n")
    sys.stdout.flush()


def unique_edges(simplices: np.ndarray) -> np.ndarray:
    """Undirected edges of a triangulation, each once (a < b)."""
    e = np.concatenate([simplices[:, [0, 1]], simplices[:, [1, 2]], simplices[:, [0, 2]]])
    e.sort(axis=1)
    return np.unique(e, axis=0)


def tree_flow(pred: np.ndarray) -> np.ndarray:
    """Subtree size of every node of a forest given by predecessors (−9999 at the roots).

    Depth by pointer jumping (log₂ depth rounds), then sizes added level by level from the
    deepest: each level is one ``np.add.at``.
    """
    n = len(pred)
    parent = np.where(pred >= 0, pred, -1)
    depth = (parent >= 0).astype(np.int64)
    jump = parent.copy()
    while (jump >= 0).any():
        valid = jump >= 0
        new_depth = depth.copy()
        new_depth[valid] += depth[jump[valid]]
        new_jump = jump.copy()
        new_jump[valid] = jump[jump[valid]]
        depth, jump = new_depth, new_jump
    size = np.ones(n, dtype=np.int64)
    order = np.argsort(-depth, kind="stable")
    levels = np.split(order, np.flatnonzero(np.diff(depth[order])) + 1)
    for nodes in levels:
        nodes = nodes[parent[nodes] >= 0]
        if len(nodes):
            np.add.at(size, parent[nodes], size[nodes])
    return size


def smooth_noise(rng: np.random.Generator, shape: tuple[int, int], power: float) -> np.ndarray:
    """Spectral noise with amplitude ∝ 1/f^power, scaled to 0–1."""
    white = rng.standard_normal(shape).astype(np.float32)
    spec = np.fft.rfft2(white)
    fy = np.fft.fftfreq(shape[0])[:, None]
    fx = np.fft.rfftfreq(shape[1])[None, :]
    f = np.sqrt(fx * fx + fy * fy)
    f[0, 0] = 1.0
    spec *= (1.0 / f**power).astype(np.float32)
    spec[0, 0] = 0.0
    out = np.fft.irfft2(spec, s=shape).astype(np.float32)
    out -= out.min()
    out /= out.max()
    return out


def make(scale: float = 1.0) -> Dataset:
    start = time.perf_counter()
    rng = np.random.default_rng(SEED)
    n_towns = round(1000 * scale)
    n_counties = max(1, round(30 * scale))
    n_villages = round(20_000 * scale)
    n_nv = round(300_000 * scale)
    target_segments = round(500_000 * scale)
    size = SIZE * np.sqrt(scale)

    # --- townships and counties ----------------------------------------------------------------
    side = int(np.ceil(np.sqrt(n_towns)))
    cell = size / side
    gx, gy = np.meshgrid(np.arange(side), np.arange(side))
    pick = rng.choice(side * side, n_towns, replace=False)
    seat = np.column_stack(
        [
            X0 + (gx.ravel()[pick] + rng.uniform(0.2, 0.8, n_towns)) * cell,
            Y0 + (gy.ravel()[pick] + rng.uniform(0.2, 0.8, n_towns)) * cell,
        ]
    )
    county_centre = np.column_stack(
        [X0 + rng.uniform(0.05, 0.95, n_counties) * size, Y0 + rng.uniform(0.05, 0.95, n_counties) * size]
    )
    _, town_county = cKDTree(county_centre).query(seat)
    county_codes = np.array([f"43{1 + k // 10:02d}{21 + k % 10:02d}" for k in range(n_counties)])
    order = np.lexsort((np.arange(n_towns), town_county))
    rank_in_county = np.empty(n_towns, dtype=np.int64)
    counts = np.bincount(town_county, minlength=n_counties)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rank_in_county[order] = np.arange(n_towns) - np.repeat(starts, counts)
    town_code = np.char.add(county_codes[town_county], np.char.zfill((100 + rank_in_county).astype(str), 3))
    # The county seat: the township nearest the county centre becomes a subdistrict (街道).
    d_centre = np.hypot(*(seat - county_centre[town_county]).T)
    county_seat = np.zeros(n_towns, dtype=bool)
    first = pd.Series(d_centre).groupby(town_county).idxmin().to_numpy()
    county_seat[first] = True
    log(f"{n_towns} townships in {n_counties} counties", start)

    # --- natural villages ---------------------------------------------------------------------
    clustered = int(n_nv * 0.7)
    around = rng.integers(0, n_towns, clustered)
    nv = np.concatenate(
        [
            seat[around] + rng.normal(0, 3500, (clustered, 2)),
            np.column_stack([X0 + rng.uniform(0, size, n_nv - clustered), Y0 + rng.uniform(0, size, n_nv - clustered)]),
        ]
    )
    nv = np.clip(nv, [X0 + 50, Y0 + 50], [X0 + size - 50, Y0 + size - 50])
    households = np.maximum(3, np.round(rng.lognormal(np.log(40), 0.7, n_nv))).astype(np.int64)
    population = np.maximum(households, np.round(households * rng.uniform(2.6, 4.0, n_nv))).astype(np.int64)

    # --- admin villages (Voronoi cells of their seats) ------------------------------------------
    seeds = rng.choice(n_nv, n_villages, replace=False)
    seed_xy = nv[seeds]
    _, nv_village = cKDTree(seed_xy).query(nv)
    _, village_town = cKDTree(seat).query(seed_xy)
    region = shapely.box(X0, Y0, X0 + size, Y0 + size)
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(seed_xy), extend_to=region, ordered=True))
    village_poly = shapely.intersection(cells, region)
    village_code = np.char.add(
        town_code[village_town], np.char.zfill((200 + np.arange(n_villages) % 800).astype(str), 3)
    )
    # Codes must be unique: number the villages within each township.
    vorder = np.lexsort((np.arange(n_villages), village_town))
    vcounts = np.bincount(village_town, minlength=n_towns)
    vstarts = np.concatenate([[0], np.cumsum(vcounts)[:-1]])
    vrank = np.empty(n_villages, dtype=np.int64)
    vrank[vorder] = np.arange(n_villages) - np.repeat(vstarts, vcounts)
    village_code = np.char.add(town_code[village_town], np.char.zfill((1 + vrank).astype(str), 3))
    log(f"{n_nv} natural villages, {n_villages} admin villages", start)

    # --- village road network -----------------------------------------------------------------
    angle = rng.uniform(0, 2 * np.pi, n_nv)
    off = np.clip(rng.exponential(110, n_nv), 20, 400)
    road_pt = nv + np.column_stack([np.cos(angle), np.sin(angle)]) * off[:, None]
    nodes = np.vstack([road_pt, seat])  # seats are the last n_towns nodes
    n_nodes = len(nodes)
    tri = Delaunay(nodes)
    edges = unique_edges(tri.simplices)
    length = np.hypot(*(nodes[edges[:, 0]] - nodes[edges[:, 1]]).T)
    keep = length < 6000
    edges, length = edges[keep], length[keep]
    mst = minimum_spanning_tree(coo_matrix((length, (edges[:, 0], edges[:, 1])), shape=(n_nodes, n_nodes))).tocoo()
    mst_edges = np.sort(np.column_stack([mst.row, mst.col]), axis=1)
    in_mst = np.zeros(len(edges), dtype=bool)
    key = edges[:, 0].astype(np.int64) * n_nodes + edges[:, 1]
    in_mst[np.isin(key, mst_edges[:, 0].astype(np.int64) * n_nodes + mst_edges[:, 1])] = True
    log(f"Delaunay {len(edges)} links, MST {in_mst.sum()}", start)

    # County roads: seats' Delaunay graph, MST + the shortest 30 % of the other links.
    seat_edges = unique_edges(Delaunay(seat).simplices)
    seat_len = np.hypot(*(seat[seat_edges[:, 0]] - seat[seat_edges[:, 1]]).T)
    smst = minimum_spanning_tree(
        coo_matrix((seat_len, (seat_edges[:, 0], seat_edges[:, 1])), shape=(n_towns, n_towns))
    ).tocoo()
    skey = seat_edges[:, 0].astype(np.int64) * n_towns + seat_edges[:, 1]
    s_in = np.isin(skey, np.sort(np.column_stack([smst.row, smst.col]), axis=1) @ np.array([n_towns, 1]))
    others = np.flatnonzero(~s_in)
    others = others[np.argsort(seat_len[others])][: int(0.3 * len(others))]
    trunk = seat_edges[np.concatenate([np.flatnonzero(s_in), others])]
    trunk_len = np.hypot(*(seat[trunk[:, 0]] - seat[trunk[:, 1]]).T)
    pieces = np.maximum(1, np.round(trunk_len / 1000.0)).astype(np.int64)
    n_trunk_segments = int(pieces.sum())

    n_extra = max(0, target_segments - int(in_mst.sum()) - n_trunk_segments)
    extra = np.flatnonzero(~in_mst)
    extra = extra[np.argsort(length[extra])][:n_extra]
    village_links = np.concatenate([np.flatnonzero(in_mst), extra])
    v_edges, v_len = edges[village_links], length[village_links]
    is_tree_link = in_mst[village_links]

    # Flow: villages whose shortest path to the nearest seat uses the link.
    graph = coo_matrix((v_len, (v_edges[:, 0], v_edges[:, 1])), shape=(n_nodes, n_nodes)).tocsr()
    _, pred = dijkstra(
        graph, directed=False, indices=np.arange(n_nv, n_nodes), min_only=True, return_predecessors=True
    )[:2]
    flow_node = tree_flow(pred)
    child = np.where(
        pred[v_edges[:, 0]] == v_edges[:, 1],
        v_edges[:, 0],
        np.where(pred[v_edges[:, 1]] == v_edges[:, 0], v_edges[:, 1], -1),
    )
    flow = np.where(child >= 0, flow_node[np.maximum(child, 0)], 0)
    log(
        f"village links {len(v_edges)} (flow computed), county-road links {len(trunk)} in {n_trunk_segments} segments",
        start,
    )

    n_v = len(v_edges)
    u = rng.uniform(size=n_v)
    p_hard = np.select([flow >= 60, flow >= 8, flow >= 2, flow >= 1], [0.99, 0.95, 0.88, 0.75], 0.45)
    hardened = u < p_hard
    surface = np.where(
        hardened,
        np.where(rng.uniform(size=n_v) < 0.3, "asphalt", "cement"),
        np.where(rng.uniform(size=n_v) < 0.55, "gravel", "earth"),
    )
    admin_class = np.select(
        [flow >= 60, flow >= 2], ["township", "village"], np.where(is_tree_link, "village", "other")
    )
    grade = np.where(
        admin_class == "township",
        np.where(rng.uniform(size=n_v) < 0.35, 3, 4),
        np.where(hardened, 4, np.where(rng.uniform(size=n_v) < 0.5, 4, 0)),
    )
    lanes = np.where(
        (admin_class == "township") & (rng.uniform(size=n_v) < 0.55),
        2,
        np.where((flow >= 8) & (rng.uniform(size=n_v) < 0.15), 2, 1),
    )
    width = np.where(lanes == 2, rng.uniform(6.5, 8.5, n_v), rng.uniform(3.0, 5.5, n_v)).round(1)
    a, b = nodes[v_edges[:, 0]], nodes[v_edges[:, 1]]
    mid = (a + b) / 2 + rng.normal(0, 1, (n_v, 2)) * (v_len[:, None] * 0.05)
    v_lines = shapely.linestrings(np.stack([a, mid, b], axis=1))

    # County roads cut into ~1 km pieces (pieces of one link share their cut points exactly).
    link = np.repeat(np.arange(len(trunk)), pieces)
    k = np.arange(n_trunk_segments) - np.repeat(np.cumsum(pieces) - pieces, pieces)
    t0, t1 = k / pieces[link], (k + 1) / pieces[link]
    sa, sb = seat[trunk[link, 0]], seat[trunk[link, 1]]
    p0 = sa + (sb - sa) * t0[:, None]
    p1 = sa + (sb - sa) * t1[:, None]
    t_lines = shapely.linestrings(np.stack([p0, p1], axis=1))
    n_t = n_trunk_segments
    link_grade = np.where(rng.uniform(size=len(trunk)) < 0.7, rng.integers(2, 4, len(trunk)), 4)
    t_grade = np.where(rng.uniform(size=n_t) < 0.03, 4, link_grade[link])
    lines = np.concatenate([v_lines, t_lines])
    roads = pd.DataFrame(
        {
            "road_id": np.char.add("R", np.arange(len(lines)).astype(str)),
            "name": np.concatenate(
                [np.char.add("Y", (village_links % 100000).astype(str)), np.char.add("X", (link % 1000).astype(str))]
            ),
            "admin_class": np.concatenate([admin_class, np.full(n_t, "county")]),
            "tech_grade": np.concatenate([grade, t_grade]).astype(np.int64),
            "surface": np.concatenate([surface, np.full(n_t, "asphalt")]),
            "lanes": np.concatenate([lanes, np.full(n_t, 2)]).astype(np.int64),
            "width_m": np.concatenate([width, rng.uniform(7.0, 9.0, n_t).round(1)]),
        }
    )
    log(f"{len(lines)} road segments ({roads['surface'].isin(['asphalt', 'cement']).mean():.0%} hardened)", start)

    # --- water works and their service areas ----------------------------------------------------
    # Works near admin-village seats; a service area is a disc whose radius follows the scale
    # (large 6 km, centralized 2.5 km, small 1 km). The ledger's water_supply follows the map
    # (inside an area: centralized) with ~3 % disagreeing each way, for the discrepancy check.
    n_ww = int(5000 * scale)
    ww_v = rng.integers(0, n_villages, n_ww)
    ww_xy = np.clip(seed_xy[ww_v] + rng.normal(0, 800, (n_ww, 2)), [X0 + 50, Y0 + 50], [X0 + size - 50, Y0 + size - 50])
    ww_scale = rng.choice(["large", "centralized", "small"], n_ww, p=[0.1, 0.5, 0.4])
    ww_radius = np.select([ww_scale == "large", ww_scale == "centralized"], [6000.0, 2500.0], 1000.0) * rng.uniform(
        0.7, 1.3, n_ww
    )
    ww_area = shapely.intersection(shapely.buffer(shapely.points(ww_xy), ww_radius, quad_segs=8), region)
    inside = np.zeros(n_nv, dtype=bool)
    inside[np.unique(shapely.STRtree(ww_area).query(shapely.points(nv), predicate="intersects")[0])] = True
    water = np.where(
        inside,
        np.where(rng.uniform(size=n_nv) < 0.97, "centralized", rng.choice(["dispersed", "none"], n_nv, p=[0.8, 0.2])),
        rng.choice(["centralized", "tap", "dispersed", "none"], n_nv, p=[0.03, 0.35, 0.5, 0.12]),
    )
    log(f"{n_ww} water works, {inside.mean():.0%} of natural villages inside a service area", start)
    nv_frame = pd.DataFrame(
        {
            "nv_id": np.char.add("N", np.arange(n_nv).astype(str)),
            "name": np.char.add("自然村", np.arange(n_nv).astype(str)),
            "village_code": village_code[nv_village],
            "households": households,
            "population": population,
            "water_supply": water,
            "garbage_collected": rng.uniform(size=n_nv) < 0.9,
            "sanitary_toilet_households": np.floor(households * rng.uniform(0.4, 1.0, n_nv)).astype(np.int64),
            "sewage_treated": rng.uniform(size=n_nv) < 0.4,
        }
    )
    v_hh = np.bincount(nv_village, weights=households, minlength=n_villages).astype(np.int64)
    v_pop = np.bincount(nv_village, weights=population, minlength=n_villages).astype(np.int64)
    villages = pd.DataFrame(
        {
            "village_code": village_code,
            "name": np.char.add("行政村", np.arange(n_villages).astype(str)),
            "town_code": town_code[village_town],
            "households": v_hh,
            "population": v_pop,
            "is_former_poor": rng.uniform(size=n_villages) < 0.25,
            "is_key_village": rng.uniform(size=n_villages) < 0.1,
            "collective_income_yuan": rng.lognormal(np.log(150_000), 0.6, n_villages).round(),
        }
    )
    towns = pd.DataFrame(
        {
            "town_code": town_code,
            "name": np.char.add("乡镇", np.arange(n_towns).astype(str)),
            "kind": np.where(county_seat, "subdistrict", np.where(rng.uniform(size=n_towns) < 0.6, "town", "township")),
        }
    )

    # --- cell sites, facilities, relocation sites, other layers ------------------------------------
    n4, n5 = int(20_000 * scale), int(8_000 * scale)
    at = rng.integers(0, n_nv, n4)
    s4 = nv[at] + rng.normal(0, 600, (n4, 2))
    key_xy = seed_xy[villages["is_key_village"].to_numpy()]
    hot = np.vstack([seat, key_xy])
    at5 = rng.integers(0, len(hot), n5)
    s5 = hot[at5] + rng.normal(0, 500, (n5, 2))
    site_xy = np.vstack([s4, s5])
    sites = pd.DataFrame(
        {
            "site_id": np.char.add("BS", np.arange(n4 + n5).astype(str)),
            "operator": rng.choice(["cmcc", "unicom", "telecom", "tower"], n4 + n5),
            "tech": np.concatenate([np.full(n4, "4G"), np.full(n5, "5G")]),
            "antenna_height_m": rng.uniform(20, 45, n4 + n5).round(1),
            "radius_m": np.concatenate([rng.uniform(1500, 5000, n4), rng.uniform(300, 1500, n5)]).round(),
        }
    )
    school_v = np.flatnonzero(rng.uniform(size=n_villages) < 0.3)
    clinic_v = np.flatnonzero(rng.uniform(size=n_villages) < 0.9)
    bus_v = np.flatnonzero(rng.uniform(size=n_villages) < 0.85)
    express_v = np.flatnonzero(rng.uniform(size=n_villages) < 0.7)
    town_seat_village = cKDTree(seed_xy).query(seat)[1]
    kinds = np.concatenate(
        [
            np.full(n_towns, "school"),
            np.full(len(school_v), "school"),
            np.full(len(clinic_v), "clinic"),
            np.full(n_towns, "township_hospital"),
            np.full(len(bus_v), "bus_stop"),
            np.full(len(express_v), "express_point"),
            np.full(n_towns, "garbage_station"),
        ]
    )
    fvill = np.concatenate(
        [town_seat_village, school_v, clinic_v, town_seat_village, bus_v, express_v, town_seat_village]
    )
    fxy = seed_xy[fvill] + rng.normal(0, 250, (len(fvill), 2))
    facilities = pd.DataFrame(
        {
            "facility_id": np.char.add("F", np.arange(len(fvill)).astype(str)),
            "kind": kinds,
            "name": np.char.add(kinds.astype("U20"), np.arange(len(fvill)).astype(str)),
            "village_code": village_code[fvill],
            "standardized": rng.uniform(size=len(fvill)) < 0.85,
        }
    )
    n_rs = int(2000 * scale)
    rs_t = rng.integers(0, n_towns, n_rs)
    rs_xy = seat[rs_t] + rng.normal(0, 1500, (n_rs, 2))
    rs_v = cKDTree(seed_xy).query(rs_xy)[1]
    rs_hh = rng.integers(10, 400, n_rs)
    relocation = pd.DataFrame(
        {
            "site_id": np.char.add("RS", np.arange(n_rs).astype(str)),
            "name": np.char.add("安置点", np.arange(n_rs).astype(str)),
            "village_code": village_code[rs_v],
            "households": rs_hh,
            "population": (rs_hh * 3.5).astype(np.int64),
            "labour_households": (rs_hh * 0.8).astype(np.int64),
            "employed_households": (rs_hh * rng.uniform(0.6, 0.8, n_rs)).astype(np.int64),
        }
    )
    works = pd.DataFrame(
        {
            "works_id": np.char.add("W", np.arange(n_ww).astype(str)),
            "name": np.char.add("水厂", np.arange(n_ww).astype(str)),
            "scale": ww_scale,
            "capacity_m3d": (
                np.select([ww_scale == "large", ww_scale == "centralized"], [20_000.0, 3_000.0], 400.0)
                * rng.lognormal(0.0, 0.5, n_ww)
            ).round(),
            "has_treatment": rng.uniform(size=n_ww) < 0.9,
            "quality_ok": rng.uniform(size=n_ww) < 0.92,
            "village_code": village_code[ww_v],
        }
    )
    n_pv = int(6000 * scale)
    pv_v = rng.integers(0, n_villages, n_pv)
    pv_xy = seed_xy[pv_v] + rng.normal(0, 300, (n_pv, 2))
    base_day = date(2026, 10, 31)
    pv = pd.DataFrame(
        {
            "station_id": np.char.add("PV", np.arange(n_pv).astype(str)),
            "name": np.char.add("光伏电站", np.arange(n_pv).astype(str)),
            "village_code": village_code[pv_v],
            "kind": rng.choice(["village", "centralized", "household"], n_pv, p=[0.8, 0.05, 0.15]),
            "capacity_kw": rng.choice([60.0, 100.0, 200.0, 300.0], n_pv),
            "annual_kwh": rng.uniform(5e4, 3e5, n_pv).round(),
            "annual_revenue_yuan": rng.uniform(3e4, 2.5e5, n_pv).round(),
            "status": rng.choice(["normal", "faulty", "offline"], n_pv, p=[0.93, 0.05, 0.02]),
            "ownership_confirmed": rng.uniform(size=n_pv) < 0.95,
            "asset_class": "operating",
            "last_inspection": pd.Timestamp(base_day) - pd.to_timedelta(rng.integers(0, 120, n_pv), unit="D"),
        }
    )
    n_fp = int(5000 * scale)
    fp_v = rng.integers(0, n_villages, n_fp)
    fp_c = seed_xy[fp_v] + rng.normal(0, 600, (n_fp, 2))
    half = rng.uniform(40, 200, n_fp)
    plots = pd.DataFrame(
        {
            "plot_id": np.char.add("G", np.arange(n_fp).astype(str)),
            "crop": rng.choice(["tea", "camellia_oil", "fruit", "herb"], n_fp),
            "organic": rng.uniform(size=n_fp) < 0.2,
            "area_mu": ((2 * half) ** 2 / 666.67).round(1),
            "village_code": village_code[fp_v],
        }
    )
    plot_geom = shapely.box(fp_c[:, 0] - half, fp_c[:, 1] - half, fp_c[:, 0] + half, fp_c[:, 1] + half)
    log("cell sites, facilities, relocation sites, water works, PV stations, farm plots", start)

    # --- rasters -----------------------------------------------------------------------------------
    n_cells = round(size / CELL)
    relief = smooth_noise(rng, (n_cells, n_cells), 1.6)
    ridges = smooth_noise(rng, (n_cells, n_cells), 1.2)
    dem = (50 + 1100 * relief**1.5 + 450 * np.abs(ridges - 0.5) * 2 * relief).astype(np.float32)
    transform = Affine(CELL, 0, X0, 0, -CELL, Y0 + n_cells * CELL)
    col = np.clip(((nv[:, 0] - X0) / CELL).astype(np.int64), 0, n_cells - 1)
    row = np.clip(((Y0 + n_cells * CELL - nv[:, 1]) / CELL).astype(np.int64), 0, n_cells - 1)
    pop_grid = np.bincount(row * n_cells + col, weights=population, minlength=n_cells * n_cells)
    pop_grid = pop_grid.reshape(n_cells, n_cells).astype(np.float32)
    crs = CRS.from_epsg(GK_EPSG)
    log(f"DEM and population grid {n_cells} × {n_cells}", start)

    def layer(frame: pd.DataFrame, geoms: np.ndarray) -> gpd.GeoDataFrame:
        return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=GK_EPSG)).to_crs(STORE_EPSG)

    town_poly = gpd.GeoDataFrame({"town_code": town_code[village_town]}, geometry=village_poly, crs=GK_EPSG).dissolve(
        "town_code", method="coverage"
    )
    seat_store = gpd.GeoSeries(shapely.points(seat), crs=GK_EPSG).to_crs(STORE_EPSG)
    towns["seat_x"], towns["seat_y"] = seat_store.x.to_numpy(), seat_store.y.to_numpy()
    vseat_store = gpd.GeoSeries(shapely.points(seed_xy), crs=GK_EPSG).to_crs(STORE_EPSG)
    villages["seat_x"], villages["seat_y"] = vseat_store.x.to_numpy(), vseat_store.y.to_numpy()
    layers = {
        "townships": layer(towns, town_poly.reindex(town_code).geometry.to_numpy()),
        "admin_villages": layer(villages, village_poly),
        "natural_villages": layer(nv_frame, shapely.points(nv)),
        "roads": layer(roads, lines),
        "cell_sites": layer(sites, shapely.points(site_xy)),
        "facilities": layer(facilities, shapely.points(fxy)),
        "relocation_sites": layer(relocation, shapely.points(rs_xy)),
        "water_works": layer(works, shapely.points(ww_xy)),
        "water_service_areas": layer(pd.DataFrame({"works_id": works["works_id"], "name": works["name"]}), ww_area),
        "pv_stations": layer(pv, shapely.points(pv_xy)),
        "farm_plots": layer(plots, plot_geom),
    }
    rasters = {"dem": RasterGrid(dem, transform, crs, None), "population": RasterGrid(pop_grid, transform, crs, None)}
    log("layers in EPSG:4490", start)
    return Dataset(layers=layers, rasters=rasters, source="bench-province")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the province size (default 1.0)")
    parser.add_argument(
        "--out", type=Path, default=None, help="output GeoPackage (default bench/out/province[_SCALE].gpkg)"
    )
    args = parser.parse_args()
    out = args.out or (OUT if args.scale == 1.0 else OUT.with_name(f"province_{args.scale:g}.gpkg"))
    start = time.perf_counter()
    dataset = make(args.scale)
    write_dataset(out, dataset, keep_versions=0)
    counts = ", ".join(f"{name} {len(frame):,}" for name, frame in dataset.layers.items())
    log(f"wrote {out} ({out.stat().st_size / 1e6:.0f} MB): {counts}", start)


if __name__ == "__main__":
    main()
