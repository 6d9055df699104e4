"""Make the demo county's yearly history: ``python -m data.make_history [--data PATH] [--out PATH]``.

Writes ``data/demo/fuliang_demo_history.csv`` (see :mod:`geo.io.history` for the format): the
county and township values of every target judging the demo (its plans, :mod:`geo.io.plan_context`)
for the years before the demo's reference year (2020–2025; the reference date is 2026-10-31,
whose values the report computes from the GeoPackage; 2020 is the baseline year of the targets
without a number). Run it after ``python -m data.make_demo``.

The values are synthetic but plausible: each target's series ends near its current computed
value and follows one of four paces, assigned in turn down the targets file so every kind is
present (distance = how far the current county value is from the threshold):

* ``catching_up`` — improving by distance / 1.5 per year: at this pace the target is met within two years;
* ``steady``      — improving by distance / 6 per year: met in about six years;
* ``stalled``     — no real change (noise only);
* ``slipping``    — getting worse by distance / 8 per year.

A target without a number (improve on the baseline) takes its pace from its amount (or 2 % of
its current value when it names none). Targets the report does not judge at county level (a
province-wide sum, an average income) grow by 8 % a year. Townships follow their county pace scaled by a factor in 0.6–1.4. Noise is
drawn from a generator seeded with the demo seed and the target id, so the file is the same
on every run; shares stay within 0–1.
"""

from __future__ import annotations

import argparse
import sys
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from data.demo_gen import config
from geo.analysis.catalog import CATALOG
from geo.analysis.report import Report, run_report
from geo.core.targets import DEFAULT_CHECKS, Target, load_checks, load_targets
from geo.io.export import atomic_write, csv_bytes
from geo.io.history import HISTORY_COLUMNS, history_path
from geo.io.plan_context import plan_context
from geo.text.target_text import unit_of
from layers.registry import load_dataset

FIRST_YEAR = 2020
PACES = ("catching_up", "steady", "stalled", "slipping")
PACE_FACTOR = {"catching_up": 1 / 1.5, "steady": 1 / 6, "stalled": 0.0, "slipping": -1 / 8}
UNJUDGED_GROWTH = 0.08


def _source(year: int) -> str:
    return f"{year}年度统计年报（演示数据，data/make_history.py 生成）"


def _pace(current: float, target: Target, kind: str, judged: bool) -> float:
    """Yearly change (signed, in the target's unit) that leads to ``current`` along the pace ``kind``."""
    if target.direction is not None:
        return max(target.direction.amount, 0.02 * abs(current)) * PACE_FACTOR[kind]
    if not judged:
        return current * UNJUDGED_GROWTH / (1 + UNJUDGED_GROWTH)
    better = 1.0 if target.comparison in (">=", ">") else -1.0
    distance = max(abs(target.threshold - current), 0.02 * abs(target.threshold))
    return better * distance * PACE_FACTOR[kind]


def _series(
    current: float, pace: float, years: np.ndarray, last: int, rng: np.random.Generator, *, share: bool, noise: float
) -> np.ndarray:
    values = current - pace * (last + 1 - years) + rng.normal(0.0, noise, len(years))
    return np.clip(values, 0.0, 1.0) if share else np.maximum(values, 0.0)


def history_rows(
    report: Report, targets: dict[str, Target], *, current_year: int, seed: int = config.SEED
) -> pd.DataFrame:
    """The history table (:data:`geo.io.history.HISTORY_COLUMNS`) for the years ``FIRST_YEAR`` … ``current_year − 1``."""
    years = np.arange(FIRST_YEAR, current_year)
    last = current_year - 1
    indicators = report.indicators
    frames = []
    for number, target in enumerate(t for t in targets.values() if t.id in set(indicators["target_id"])):
        rng = np.random.default_rng([seed, zlib.crc32(target.id.encode())])
        kind = PACES[number % len(PACES)]
        share = unit_of(target) == "share"
        rows = indicators[indicators["target_id"] == target.id]
        county = rows[rows["level"] == "county"]
        if len(county) == 0 or not np.isfinite(float(county["value"].iloc[0])):
            continue
        current = float(county["value"].iloc[0])
        judged = not pd.isna(county["met"].iloc[0])
        pace = _pace(current, target, kind, judged)
        if share and pace > 0:  # the past cannot start below 0 %
            pace = min(pace, current / (len(years) + 0.5))
        scale = 0.004 if share else 0.01 * abs(current)
        units = [("county", "county", current, pace)]
        towns = rows[(rows["level"] == "township") & pd.to_numeric(rows["value"], errors="coerce").notna()]
        factors = rng.uniform(0.6, 1.4, len(towns))
        for (_, town), factor in zip(towns.iterrows(), factors, strict=True):
            value = float(town["value"])
            town_pace = pace * factor
            if share and town_pace > 0:
                town_pace = min(town_pace, value / (len(years) + 0.5))
            units.append(("township", str(town["unit_code"]), value, town_pace))
        for level, code, value, unit_pace in units:
            noise = scale * (1.5 if level == "township" else 1.0)
            values = _series(value, unit_pace, years, last, rng, share=share, noise=noise)
            frames.append(
                pd.DataFrame(
                    {
                        "year": years,
                        "target_id": target.id,
                        "level": level,
                        "unit_code": code,
                        "value": np.round(values, 4 if share else 0),
                        "source": [_source(y) for y in years],
                    }
                )
            )
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(HISTORY_COLUMNS))
    return table[list(HISTORY_COLUMNS)]


def main(argv: list[str] | None = None) -> int:
    """Run the report on the demo at its reference date and write the history beside the GeoPackage."""
    parser = argparse.ArgumentParser(prog="python -m data.make_history", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=config.DEFAULT_OUT, help="the demo GeoPackage")
    parser.add_argument("--targets", type=Path, default=None, help="a flat targets file instead of the demo's plans")
    parser.add_argument("--out", type=Path, default=None, help="default: <data stem>_history.csv beside the data")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        sys.stderr.write(
            f"{args.data}: not found; run `python -m data.make_demo` first / 找不到演示数据，请先运行 make_demo\n"
        )
        return 2
    dataset = load_dataset(args.data)
    if args.targets is not None:
        targets = load_targets(args.targets, catalog=CATALOG)
        checks = load_checks(args.targets, catalog=CATALOG)
    else:
        codes = dataset.layers["townships"]["town_code"].tolist()
        context = plan_context(args.data, codes, year=config.REFERENCE_DATE.year, catalog=CATALOG)
        targets, checks = dict(context.targets), load_checks(DEFAULT_CHECKS, catalog=CATALOG)
    report = run_report(dataset, targets, checks=checks, as_of=config.REFERENCE_DATE)
    table = history_rows(report, targets, current_year=config.REFERENCE_DATE.year)
    out = args.out or history_path(args.data)
    atomic_write(out, csv_bytes(table))
    sys.stdout.write(
        f"{out}: {len(table)} rows, {table['target_id'].nunique()} targets, "
        f"years {table['year'].min()}–{table['year'].max()}\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
