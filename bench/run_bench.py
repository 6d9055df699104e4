"""Time every indicator and a full report run on a dataset (the synthetic province by default).

Usage::

    .venv/bin/python bench/make_province.py                 # once: writes bench/out/province.gpkg
    .venv/bin/python bench/run_bench.py [DATA.gpkg] [--isolated] [--only road,telecom]

Prints the time to read the GeoPackage, the time of a full report run
(:func:`geo.report.run_report`: every target and check of data/targets.toml, in one shared
context, so the road graph and the reprojected layers are built once) with the seconds of each
target in it, and the peak memory of the process. ``--isolated`` also times each indicator alone
in a fresh context (including its share of reprojection and graph building), which is what a
page recomputing one indicator pays.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.indicators import REGISTRY
from geo.indicators.base import Context
from geo.store import read_dataset
from geo.targets import load_targets

DEFAULT = Path(__file__).resolve().parent / "out" / "province.gpkg"


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def peak_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with Path("/proc/cpuinfo").open(encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu)
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--isolated", action="store_true", help="also time each indicator alone in a fresh context")
    parser.add_argument("--only", default="", help="comma-separated indicator prefixes for --isolated (e.g. road,telecom)")
    parser.add_argument("--no-report", action="store_true", help="skip the full report run")
    args = parser.parse_args()
    if not args.data.is_file():
        say(f"{args.data} not found; run bench/make_province.py first")
        sys.exit(2)
    say(f"machine: {machine()}")
    start = time.perf_counter()
    dataset = read_dataset(args.data)
    say(f"read {args.data.name}: {time.perf_counter() - start:.1f} s — "
        + ", ".join(f"{name} {len(frame):,}" for name, frame in dataset.layers.items()))
    targets = load_targets()

    if not args.no_report:
        try:
            from geo.report import run_report
        except ImportError:
            run_report = None
        if run_report is not None:
            start = time.perf_counter()
            report = run_report(dataset, targets)
            total = time.perf_counter() - start
            say(f"\nfull report: {total:.1f} s, {len(report.indicators):,} unit rows, {len(report.gaps):,} gap rows "
                f"(peak memory so far {peak_mb():,.0f} MB)")
            for key, seconds in sorted(report.timings.items(), key=lambda kv: -kv[1]):
                indicator = targets[key].indicator if key in targets else key
                say(f"  {seconds:7.2f} s  {key}  ({indicator})")
            for warning in report.warnings:
                say(f"  warning: {warning}")
        else:
            say("geo/report.py not available: timing the indicators only")
            args.isolated = True

    if args.isolated:
        prefixes = tuple(p.strip() for p in args.only.split(",") if p.strip())
        say("\neach indicator alone (fresh context: reprojection and graph included):")
        for target in targets.values():
            function = REGISTRY.get(target.indicator)
            if function is None or (prefixes and not target.indicator.startswith(prefixes)):
                continue
            start = time.perf_counter()
            result = function(Context(dataset), target)
            seconds = time.perf_counter() - start
            county = result.units[result.units["level"] == "county"]
            value = float(county["value"].iloc[0]) if len(county) else float("nan")
            say(f"  {seconds:7.2f} s  {target.indicator:40s} county value {value:.3f}, {len(result.gaps):,} gaps")
    say(f"\npeak memory: {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
