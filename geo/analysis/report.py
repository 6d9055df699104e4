"""Run every target of a targets file (and every check) on a dataset: indicators and gap lists.

:func:`run_report` is what the command line (``python -m geo report``) and the pages call. It
measures each target with the function declared for its indicator
(:data:`geo.analysis.catalog.INDICATORS`). The targets loader already refuses a target whose
indicator nobody declares; a hand-made target like that is refused here too, before anything
runs. Checks (:data:`geo.analysis.catalog.CHECKS`) run after the targets with the parameters of
the ``[[check]]`` tables (``data/checks.toml``). A target that cannot be judged (a province-wide
total shown as the county's part, a target without a number whose baseline is unknown) keeps
its values but lists no gap rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial

import geopandas as gpd
import pandas as pd

from geo.analysis.catalog import CATALOG, CHECKS, INDICATORS
from geo.analysis.context import Context
from geo.analysis.gaps import assemble_gaps
from geo.analysis.industry import industry_profile
from geo.analysis.result import IndicatorResult
from geo.analysis.rollup import LEVEL_ORDER, UNIT_COLUMNS
from geo.core.errors import ConfigError
from geo.core.store import Dataset
from geo.core.targets import Check, Target, parse_checks
from geo.text.i18n import bilingual, joined

# Called after each step with (steps done, steps in all, label of the step just done).
Progress = Callable[[int, int, str], None]


@dataclass
class Report:
    """Everything one run produced."""

    indicators: pd.DataFrame  # UNIT_COLUMNS, one row per target (or check) × unit
    gaps: gpd.GeoDataFrame  # GAP_COLUMNS + geometry, highest priority first
    results: dict[str, IndicatorResult]  # by target id (checks by check id)
    industry: pd.DataFrame  # tea / specialty-crop profile (geo.analysis.industry)
    as_of: date
    notes: list[str] = field(default_factory=list)  # remarks of the indicators ("target_id: …")
    timings: dict[str, float] = field(default_factory=dict)  # seconds per target / check

    @property
    def headline(self) -> pd.DataFrame:
        """The county row of every target and check."""
        return self.indicators[self.indicators["level"] == "county"].reset_index(drop=True)


def run_report(
    dataset: Dataset,
    targets: Mapping[str, Target],
    *,
    checks: Mapping[str, Check] | None = None,
    as_of: date | None = None,
    progress: Progress | None = None,
) -> Report:
    """Measure every target and run every check on ``dataset``.

    ``checks`` default to the catalogue's checks with default parameters. ``as_of`` is the
    reference date (inspections, deadline urgency); by default the dataset's own "data as of"
    date (:attr:`Dataset.as_of`), else today. Raises :class:`ConfigError` when a target's
    indicator or a check has no declaration (nothing runs then).
    """
    as_of = as_of or dataset.as_of or date.today()
    checks = parse_checks({}, catalog=CATALOG) if checks is None else checks
    unknown = [f"{t.id} ({t.indicator})" for t in targets.values() if t.indicator not in INDICATORS]
    unknown += [c.id for c in checks.values() if c.id not in CHECKS]
    if unknown:
        raise ConfigError(bilingual("report.undeclared", items=joined(unknown)))
    ctx = Context(dataset, as_of=as_of)
    steps: list[tuple[str, Callable[[], IndicatorResult] | None, str]] = []
    for target in targets.values():
        compute = INDICATORS[target.indicator].compute
        steps.append((target.id, partial(compute, ctx, target), target.indicator))
    for check in checks.values():
        compute_check = CHECKS[check.id].compute
        steps.append((check.id, partial(compute_check, ctx, check), check.id))
    steps.append(("industry", None, "industry"))

    results: dict[str, IndicatorResult] = {}
    timings: dict[str, float] = {}
    notes: list[str] = []
    industry = pd.DataFrame()
    for done, (key, call, label) in enumerate(steps, start=1):
        start = time.perf_counter()
        if call is None:
            industry = industry_profile(ctx)
        else:
            result = call()
            measured = targets.get(key)
            if measured is not None and not measured.judgeable and len(result.gaps):
                # nothing to fall short of: a province total shown as the county's part, a target without baseline
                result = replace(result, gaps=result.gaps.iloc[0:0])
            results[key] = result
            notes += [f"{key}: {note}" for note in result.notes]
        timings[key] = time.perf_counter() - start
        if progress is not None:
            progress(done, len(steps), label)

    indicators = _indicator_table([r.units for r in results.values()])
    gaps = assemble_gaps(results.values(), as_of=as_of)
    return Report(indicators, gaps, results, industry, as_of, notes, timings)


def _indicator_table(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate unit tables in run order; within a target by level (finest first), then unit code."""
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in UNIT_COLUMNS})
    parts = []
    for order, frame in enumerate(frames):
        part = frame[list(UNIT_COLUMNS)].copy()
        part["_order"] = order
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    table["_level"] = table["level"].map({name: i for i, name in enumerate(LEVEL_ORDER)})
    table = table.sort_values(["_order", "_level", "unit_code"], kind="stable")
    table["met"] = table["met"].astype("boolean")
    return table.drop(columns=["_order", "_level"]).reset_index(drop=True)
