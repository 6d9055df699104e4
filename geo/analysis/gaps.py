"""Gap lists: gather the gap rows of every target and check, and rank them by priority.

A gap row is one unit (natural village, admin village, township, station, works …) that misses
a target, or that a check flags. Its columns are :data:`GAP_COLUMNS`; the geometry is the
unit's own (points, lines or polygons) in CGCS2000 geographic coordinates (EPSG:4490).

Priority (0–100, higher first; one decimal)::

    priority = 100 × U × (0.5 × P + 0.5 × S)

    P  people    = min(1, log10(1 + population_affected) / 4)
                   (10 people → 0.26, 100 → 0.50, 1,000 → 0.75, 10,000 or more → 1;
                   0 when the gap concerns an asset rather than people, e.g. a PV station)
    S  severity  = the row's ``severity`` (0–1) where the indicator sets one (e.g. no water
                   supply at all 1.0, dispersed 0.8, tap but not centralized 0.5; station
                   offline 1.0, faulty 0.8), else the shortfall against the target
                   |target − value| / |target|; clipped to [0.1, 1] (every gap counts a little),
                   1 when neither is known
    U  urgency   = 1 when the target's deadline year is the reference year or past, or the
                   row has no deadline (checks); else max(0.25, 1 − 0.25 × years left)

The scale is absolute (not normalised to the worst row of the run), so scores compare across
runs and counties: a natural village of 100 people with no water supply at all, past the
deadline, scores 100 × (0.5 × 0.50 + 0.5 × 1) ≈ 75.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.catalog import CATALOG
from geo.analysis.gap_rows import GAP_COLUMNS, SEVERITY, empty_gaps
from geo.analysis.result import IndicatorResult
from geo.core.crs import STORAGE_EPSG
from geo.text.i18n import DEFAULT_LANG, pick

GAP_CRS = f"EPSG:{STORAGE_EPSG}"


def people_factor(population: pd.Series) -> pd.Series:
    """P = min(1, log10(1 + population) / 4); 0 where the population is missing."""
    values = pd.to_numeric(population, errors="coerce").astype(float).clip(lower=0).fillna(0.0)
    return np.minimum(1.0, np.log10(1.0 + values) / 4.0)


def severity(gaps: pd.DataFrame) -> pd.Series:
    """S: the row's severity where set, else |target − value| / |target|; clipped to [0.1, 1]."""
    value = pd.to_numeric(gaps["value"], errors="coerce").astype(float)
    target = pd.to_numeric(gaps["target"], errors="coerce").astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        shortfall = pd.Series(
            np.where(target.abs() > 0, (target - value).abs() / target.abs(), np.nan), index=gaps.index
        )
    given = (
        pd.to_numeric(gaps[SEVERITY], errors="coerce").astype(float)
        if SEVERITY in gaps
        else pd.Series(np.nan, index=gaps.index)
    )
    return given.fillna(shortfall).fillna(1.0).clip(0.1, 1.0)


def urgency(deadline: pd.Series, as_of: date) -> pd.Series:
    """U = 1 at or past the deadline year (or without one), else max(0.25, 1 − 0.25 × years left)."""
    years_left = (pd.to_numeric(deadline, errors="coerce").astype(float) - as_of.year).clip(lower=0).fillna(0.0)
    return np.maximum(0.25, 1.0 - 0.25 * years_left)


def priority(gaps: pd.DataFrame, as_of: date) -> pd.Series:
    """priority = 100 × U × (0.5 × P + 0.5 × S), rounded to one decimal (see the module docstring)."""
    if len(gaps) == 0:
        return pd.Series(dtype=float)
    score = (
        100.0
        * urgency(gaps["deadline"], as_of)
        * (0.5 * people_factor(gaps["population_affected"]) + 0.5 * severity(gaps))
    )
    return score.round(1)


def _storage(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if frame.crs is None:
        return frame.set_crs(GAP_CRS, allow_override=True)
    return frame.to_crs(GAP_CRS)


def assemble_gaps(results: Iterable[IndicatorResult], *, as_of: date) -> gpd.GeoDataFrame:
    """All gap rows of the results in one table: :data:`GAP_COLUMNS` + geometry (EPSG:4490).

    Fills ``priority`` and sorts by priority (highest first), then indicator and feature id, so
    the order does not depend on the order of the input layers.
    """
    frames = [_storage(result.gaps) for result in results if result.gaps is not None and len(result.gaps)]
    if not frames:
        return empty_gaps(GAP_CRS)
    gaps = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=GAP_CRS)
    for column in GAP_COLUMNS:
        if column not in gaps:
            gaps[column] = np.nan
    gaps["priority"] = priority(gaps, as_of).to_numpy()
    gaps = gaps.sort_values(
        ["priority", "indicator_id", "target_id", "feature_id"],
        ascending=[False, True, True, True],
        kind="stable",
        na_position="last",
    )
    return gpd.GeoDataFrame(gaps[[*GAP_COLUMNS, "geometry"]].reset_index(drop=True), geometry="geometry", crs=GAP_CRS)


def summarize(gaps: pd.DataFrame) -> pd.DataFrame:
    """Gap count, population affected, cost and top priority per bureau and indicator."""
    if len(gaps) == 0:
        return pd.DataFrame(
            columns=["bureau", "indicator_id", "target_id", "gaps", "population_affected", "cost_yuan", "top_priority"]
        )
    grouped = gaps.groupby(["bureau", "indicator_id", "target_id"], dropna=False, sort=True)
    out = grouped.agg(
        gaps=("indicator_id", "size"),
        population_affected=("population_affected", "sum"),
        cost_yuan=("cost_yuan", lambda s: s.sum(min_count=1)),
        top_priority=("priority", "max"),
    )
    return out.reset_index()


def indicator_title(indicator_id: str, *, lang: str = DEFAULT_LANG) -> str:
    """The catalogue title of a gap row's indicator or check (its id when unknown)."""
    spec = CATALOG.indicators.get(indicator_id) or CATALOG.checks.get(indicator_id)
    return pick(spec.title_zh, spec.title_en, lang) if spec is not None else indicator_id
