"""Where a village's or township's area comes from: surveyed polygons, or approximated from points.

An approximate area (:mod:`geo.analysis.approx_areas`) is a working border drawn from the village
committee points; everything that shows one says so (dashed outline and legend entry on the map,
popups, the printed map's note). Surveyed polygons imported later replace it.
"""

from __future__ import annotations

import pandas as pd

SURVEYED, APPROXIMATE = "surveyed", "approximate"
AREA_SOURCES = (SURVEYED, APPROXIMATE)
AREA_SOURCES_ZH = ("实测", "近似（按村委会位置推算）")
AREA_SOURCE = "area_source"  # the column of townships and admin_villages


def approximate_mask(frame: pd.DataFrame) -> pd.Series:
    """Which rows have an approximate area (a layer without the column is surveyed)."""
    if AREA_SOURCE not in frame.columns:
        return pd.Series(False, index=frame.index)
    return (frame[AREA_SOURCE].astype("string") == APPROXIMATE).fillna(False).astype(bool)
