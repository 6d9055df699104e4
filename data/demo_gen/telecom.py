"""Mobile cell sites (通信基站): 4G on high ground that sees the villages, 5G in towns and some key villages.

Township seats get one 4G site per operator and 5G small cells. Villages are then covered
greedily, biggest first: a village seat that no 4G site reaches (within its radius and in line
of sight over the DEM) gets a site on the highest ground within 1.5 km that sees it. Larger
natural villages are covered the same way, so that 4G reaches most people, as in a real Jiangxi
county (4G in ~95–99 % of administrative villages). A handful of remote valley villages stay in
a terrain shadow on purpose: no site is built for them, and a site built for a neighbour is not
placed where it would see them.

Sight is sampled once a DEM cell (:mod:`data.demo_gen.sight`), the telecom indicator's test when
the committed county was made; the indicator's exact test now finds five more village seats
behind a crest between the samples (issue 9), which the demo shows as 4G gaps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from affine import Affine

from data.demo_gen.config import COUNTY_SEAT_TOWN
from data.demo_gen.county import County
from data.demo_gen.sight import sampled_sight
from geo.analysis.terrain import Surface
from geo.core.store import RasterGrid

SHADOW_VILLAGES = 5  # remote valley villages left without 4G
SHADOW_CANDIDATES = 15  # the most remote villages, among which the shadowed ones are chosen
NV_MIN_POPULATION = 80  # natural villages from this size get a site of their own when uncovered
SITE_SEARCH_M = 1_500.0
SHADOW_MARGIN_M = 10.0  # a shadowed seat is hidden by at least this much terrain, robust to rounding
RECEIVER_HEIGHT_M = 1.5  # as the telecom targets' receiver_height_m
KEY_VILLAGE_5G_SHARE = 0.75
OPERATORS = ("cmcc", "unicom", "telecom")


@dataclass
class _Sites:
    """Sites placed so far (cells and rounded attributes, as stored) and the DEM to test sight with."""

    county: County
    surface: Surface
    rows: list[dict] = field(default_factory=list)

    def add(self, cell: int, operator: str, tech: str, height: float, radius: float) -> dict:
        row = {
            "cell": int(cell),
            "operator": operator,
            "tech": tech,
            "antenna_height_m": round(height, 1),
            "radius_m": round(radius, -1),
        }
        self.rows.append(row)
        return row

    def sees(
        self, cells: np.ndarray, heights: np.ndarray, radii: np.ndarray, xy: np.ndarray, margin: float = 0.0
    ) -> np.ndarray:
        """(sites × points) bool: point within the site's radius and in its line of sight; with a
        ``margin`` (m), a sight line that misses the terrain by less than that counts as seeing too."""
        sx, sy = self.county.grid.flat_xy(np.asarray(cells, dtype=np.int64))
        distance = np.hypot(sx[:, None] - xy[None, :, 0], sy[:, None] - xy[None, :, 1])
        near = distance <= np.asarray(radii, dtype=float)[:, None]
        out = np.zeros(near.shape, dtype=bool)
        site, point = np.nonzero(near)
        if len(site):
            out[site, point] = sampled_sight(
                np.column_stack([sx[site], sy[site]]),
                np.asarray(heights, dtype=float)[site],
                xy[point],
                RECEIVER_HEIGHT_M,
                self.surface,
                clearance_m=-margin,
            )
        return out

    def covered(self, xy: np.ndarray, margin: float = 0.0) -> np.ndarray:
        """Which points some site covers (``margin`` as in :meth:`sees`); 5G sites count too, as
        they do in the 4G indicator (a 5G site carries 4G as well)."""
        rows = self.rows
        if not rows or not len(xy):
            return np.zeros(len(xy), dtype=bool)
        return self.sees(
            np.array([r["cell"] for r in rows]),
            np.array([r["antenna_height_m"] for r in rows]),
            np.array([r["radius_m"] for r in rows]),
            xy,
            margin,
        ).any(axis=0)


def _place_4g(sites: _Sites, xy: np.ndarray, shadows: np.ndarray, rng: np.random.Generator) -> None:
    """A 4G site on the highest cell within SITE_SEARCH_M of ``xy`` that sees it and sees no shadowed seat."""
    county = sites.county
    height, radius = round(float(rng.uniform(30, 45)), 1), round(float(rng.uniform(3_000, 6_000)), -1)
    cells, _ = county.cells_near(float(xy[0]), float(xy[1]), SITE_SEARCH_M)
    if not len(cells):
        cells = county.grid.flat(np.array([xy[0]]), np.array([xy[1]]))
    ok = sites.sees(cells, np.full(len(cells), height), np.full(len(cells), radius), xy[None, :])[:, 0]
    if len(shadows):
        ok &= ~sites.sees(
            cells, np.full(len(cells), height), np.full(len(cells), radius), shadows, SHADOW_MARGIN_M
        ).any(axis=1)
    if not ok.any():
        return  # nowhere to stand without lighting up a shadowed village: leave this one uncovered too
    score = county.terrain.dem.ravel()[cells].astype(float) + rng.normal(0.0, 5.0, len(cells))
    cell = cells[ok][np.argmax(score[ok])]
    operator = str(rng.choice(("tower", "cmcc", "telecom", "unicom"), p=(0.45, 0.3, 0.15, 0.1)))
    sites.add(int(cell), operator, "4G", height, radius)


def build_cell_sites(county: County, towns: pd.DataFrame, villages: pd.DataFrame, nv: pd.DataFrame) -> gpd.GeoDataFrame:
    """Cell sites (GK points). ``villages`` needs seat_cell, population, kind, is_key_village
    and remoteness (see ``villages.village_table``); ``nv`` needs cell, population and village_code."""
    grid, rng, dem = county.grid, county.rng("telecom"), county.terrain.dem
    # Sight lines over the DEM as it is stored (whole metres), as the indicator will see it.
    surface = Surface.from_grid(RasterGrid(np.round(dem).astype(np.float32), Affine(*grid.transform[:6]), grid.crs))
    sites = _Sites(county, surface)
    for _, town in towns.sort_values("town_code").iterrows():
        count = 2 if town["town_code"] == COUNTY_SEAT_TOWN else 1
        for operator in OPERATORS * count:
            cell = county.best_cell_near(
                town["seat_x"], town["seat_y"], 1_500.0, dem, min_radius=200.0, rng=rng, jitter=15.0
            )
            sites.add(cell, operator, "4G", rng.uniform(30, 45), rng.uniform(3_000, 4_500))
        for _ in range(2 * count):
            cell = county.best_cell_near(town["seat_x"], town["seat_y"], 400.0, rng=rng, jitter=1.0)
            sites.add(cell, str(rng.choice(OPERATORS)), "5G", rng.uniform(25, 35), rng.uniform(500, 1_000))

    seat_x, seat_y = grid.flat_xy(villages["seat_cell"].to_numpy(dtype=np.int64))
    seat_xy = np.column_stack([seat_x, seat_y])
    rural = villages["kind"].to_numpy() == "village_committee"
    remote = np.argsort(-np.where(rural, villages["remoteness"].to_numpy(dtype=float), -np.inf), kind="stable")[
        :SHADOW_CANDIDATES
    ]
    candidate = np.zeros(len(villages), dtype=bool)
    candidate[remote] = True

    # Villages, biggest first; the remote candidates last, the first few still dark stay dark.
    order = np.lexsort((villages["village_code"].to_numpy(), -villages["population"].to_numpy(dtype=float)))
    shadow: list[int] = []
    for v in [*order[~candidate[order]], *remote]:
        if sites.covered(seat_xy[v : v + 1])[0]:
            continue
        if candidate[v] and len(shadow) < SHADOW_VILLAGES and not sites.covered(seat_xy[v : v + 1], SHADOW_MARGIN_M)[0]:
            shadow.append(int(v))
            continue
        _place_4g(sites, seat_xy[v], seat_xy[shadow], rng)

    # Larger natural villages still out of reach, biggest first (not those of shadowed villages).
    shadow_codes = set(villages["village_code"].to_numpy()[shadow].tolist())
    big = nv[(nv["population"] >= NV_MIN_POPULATION) & ~nv["village_code"].isin(shadow_codes)]
    big = big.sort_values(["population", "nv_id"], ascending=[False, True])
    bx, by = grid.flat_xy(big["cell"].to_numpy(dtype=np.int64))
    big_xy = np.column_stack([bx, by])
    dark = ~sites.covered(big_xy)
    for k in np.flatnonzero(dark):
        if not dark[k]:
            continue
        placed = len(sites.rows)
        _place_4g(sites, big_xy[k], seat_xy[shadow], rng)
        if len(sites.rows) > placed:
            new = sites.rows[-1]
            near = np.flatnonzero(dark)
            dark[near] &= ~sites.sees(
                np.array([new["cell"]]), np.array([new["antenna_height_m"]]), np.array([new["radius_m"]]), big_xy[near]
            )[0]
        dark[k] = False

    # 5G small cells in some key villages, not in the shadowed ones (no 4G there, no 5G either).
    key = villages[villages["is_key_village"] & ~villages.index.isin(villages.index[shadow])].sort_values(
        "village_code"
    )
    chosen = key.index[rng.random(len(key)) < KEY_VILLAGE_5G_SHARE]
    for v in chosen:
        x, y = grid.flat_xy(villages.loc[v, "seat_cell"])
        cell = county.best_cell_near(float(x), float(y), 250.0, rng=rng, jitter=1.0)
        sites.add(cell, str(rng.choice(OPERATORS)), "5G", rng.uniform(25, 35), rng.uniform(500, 1_000))
    frame = pd.DataFrame(sites.rows)
    frame.insert(0, "site_id", [f"BS{k + 1:04d}" for k in range(len(frame))])
    points = shapely.points(*grid.flat_xy(frame.pop("cell").to_numpy()))
    return gpd.GeoDataFrame(frame, geometry=points, crs=grid.crs)
