"""What an indicator module declares and what its functions return.

An indicator is a pure function ``compute(ctx, target) -> IndicatorResult``; a check is
``compute(ctx, check) -> IndicatorResult`` with the same result shape (gap rows by a documented
rule where no plan sets a target). A module declares each one once, beside its function: an
:class:`Indicator` (spec + function) or a :class:`CheckRule`, in its module-level ``INDICATORS``
and ``CHECKS`` tuples; :mod:`geo.analysis.catalog` gathers them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from geo.analysis.context import Context
from geo.core.catalog import CheckSpec, IndicatorSpec
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


@dataclass(frozen=True)
class Indicator:
    """One indicator: what it measures (its spec, checked against the targets file) and the function that measures it."""

    spec: IndicatorSpec
    compute: IndicatorFunction


@dataclass(frozen=True)
class CheckRule:
    """One consistency check: its spec (parameters and their defaults) and the function that runs it."""

    spec: CheckSpec
    compute: CheckFunction
