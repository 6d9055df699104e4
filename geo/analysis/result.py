"""What an indicator function returns: values per unit, gap rows, details for maps and notes.

An indicator is a pure function ``compute(ctx, target) -> IndicatorResult``; a check is
``compute(ctx, check) -> IndicatorResult`` with the same result shape (gap rows by a documented
rule where no plan sets a target).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from geo.analysis.context import Context
from geo.core.targets import Check, Target


@dataclass
class IndicatorResult:
    """Values per unit at every level, and the gap rows, of one target (or check).

    ``notes`` are plain-language remarks for the report (e.g. "12 villages have no income in
    the ledger"), never errors.
    """

    units: pd.DataFrame
    gaps: gpd.GeoDataFrame
    details: gpd.GeoDataFrame | None = None  # per measured feature, for maps (e.g. routes to harden)
    notes: list[str] = field(default_factory=list)


IndicatorFunction = Callable[[Context, Target], IndicatorResult]
CheckFunction = Callable[[Context, Check], IndicatorResult]
