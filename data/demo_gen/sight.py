"""The demo generator's own sight test: the DEM sampled about once a cell, with the optical
refraction coefficient 0.13, as the telecom indicator tested sight before issue 9.

Why frozen here: the committed demo county (``data/demo/fuliang_demo.gpkg``) had its cell sites
placed with this test, and the generator must keep making exactly that file. The indicator's
exact test (:func:`geo.analysis.terrain.line_of_sight`) now finds the five village seats behind
a crest these samples missed, and the demo shows them as 4G gaps. Not for analysis.
"""

from __future__ import annotations

import numpy as np

from geo.analysis.terrain import EARTH_RADIUS_M, Surface

OPTICAL_REFRACTION = 0.13
CHUNK_SAMPLES = 4_000_000


def sampled_sight(
    observer_xy: np.ndarray,
    observer_height: np.ndarray | float,
    target_xy: np.ndarray,
    target_height: np.ndarray | float,
    surface: Surface,
    *,
    clearance_m: float = 0.0,
) -> np.ndarray:
    """Whether each target is visible: no sample strictly between the ends (one a DEM cell,
    evenly spaced) has terrain plus bulge above the sight line less ``clearance_m``."""
    obs = np.asarray(observer_xy, dtype=float).reshape(-1, 2)
    tgt = np.asarray(target_xy, dtype=float).reshape(-1, 2)
    n = len(obs)
    h_obs = np.broadcast_to(np.asarray(observer_height, dtype=float), (n,))
    h_tgt = np.broadcast_to(np.asarray(target_height, dtype=float), (n,))
    z_obs = surface.sample(obs[:, 0], obs[:, 1]) + h_obs
    z_tgt = surface.sample(tgt[:, 0], tgt[:, 1]) + h_tgt
    length = np.hypot(tgt[:, 0] - obs[:, 0], tgt[:, 1] - obs[:, 1])
    samples = np.where(
        np.isfinite(z_obs) & np.isfinite(z_tgt),
        np.maximum(np.ceil(length / surface.cell_size).astype(np.int64) - 1, 0),
        0,
    )
    visible = np.ones(n, dtype=bool)
    effective_radius = EARTH_RADIUS_M / (1.0 - OPTICAL_REFRACTION)
    cumulative = np.cumsum(samples)
    start = 0
    while start < n:
        base = int(cumulative[start - 1]) if start else 0
        stop = max(int(np.searchsorted(cumulative, base + CHUNK_SAMPLES, side="right")), start + 1)
        lines = np.arange(start, stop)
        counts = samples[lines]
        line = np.repeat(lines, counts)
        k = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts) + 1  # 1 … counts
        t = k / np.repeat(counts + 1, counts)  # fraction along the line, strictly inside
        x = obs[line, 0] + t * (tgt[line, 0] - obs[line, 0])
        y = obs[line, 1] + t * (tgt[line, 1] - obs[line, 1])
        d = t * length[line]
        ground = surface.sample(x, y) + d * (length[line] - d) / (2.0 * effective_radius)
        sight = z_obs[line] + t * (z_tgt[line] - z_obs[line])
        visible[np.unique(line[ground > sight - clearance_m])] = False  # NaN ground never blocks
        start = stop
    return visible
