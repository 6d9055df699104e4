"""Time reading a dataset, every indicator, a full report run and writing its files.

Usage::

    .venv/bin/python bench/make_province.py                 # once: writes bench/out/province.gpkg
    .venv/bin/python bench/run_bench.py [DATA.gpkg] [--isolated] [--only road,telecom] [--json FILE]

Prints the machine, then for the dataset (the synthetic province by default):

* the time to read the GeoPackage (:func:`geo.core.store.read_dataset`);
* a full report run (:func:`geo.analysis.report.run_report`: every target of the plan
  library (data/plans/) and every check in one shared context, so the road graph and the reprojected layers are
  built once), with the seconds of each target in it and of assembling the gap list;
* writing the report's files (:func:`geo.io.export`: indicators.csv, gaps.csv, gaps.xlsx,
  gaps.gpkg, industry.csv) into a temporary folder (or ``--out``), each timed, with its size;
* the peak resident memory of the process.

Every figure is given twice: wall-clock seconds and CPU seconds of this process
(``time.process_time``). The project machine has 2 cores shared with other jobs, so the wall
time of one run varies with the load; the CPU time is the steadier measure of the work done.
``--isolated`` also times each indicator alone in a fresh context (its share of reprojection
and graph building included), which is what a page recomputing one indicator pays.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.analysis.catalog import CATALOG, INDICATORS
from geo.analysis.context import Context
from geo.core.store import read_dataset
from geo.core.targets import load_checks
from geo.io.plan_context import every_target

DEFAULT = Path(__file__).resolve().parent / "out" / "province.gpkg"
PACKAGES = ("numpy", "pandas", "scipy", "shapely", "geopandas", "pyogrio", "pyproj", "openpyxl")


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def peak_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class Clock:
    """Wall and CPU seconds since the clock was made (or last ``lap``)."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        out = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return out


def machine() -> dict[str, str]:
    """CPU model, cores, Python and the versions of the libraries that do the work."""
    cpu = platform.processor() or platform.machine()
    try:
        with Path("/proc/cpuinfo").open(encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu)
    except OSError:
        pass
    info = {
        "cpu": cpu,
        "cores": str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()),
        "python": platform.python_version(),
    }
    for name in PACKAGES:
        try:
            info[name] = version(name)
        except PackageNotFoundError:
            info[name] = "-"
    try:
        import pyogrio
        import shapely

        info["GEOS"] = shapely.geos_version_string
        info["GDAL"] = pyogrio.__gdal_version_string__
    except (ImportError, AttributeError):
        pass
    return info


def row(label: str, wall: float, cpu: float, extra: str = "") -> str:
    return f"  {wall:8.2f} s  {cpu:8.2f} s cpu  {label}{('  ' + extra) if extra else ''}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--isolated", action="store_true", help="also time each indicator alone in a fresh context")
    parser.add_argument(
        "--only", default="", help="comma-separated indicator prefixes for --isolated (e.g. road,telecom)"
    )
    parser.add_argument("--no-report", action="store_true", help="skip the full report run (and the writes)")
    parser.add_argument("--no-write", action="store_true", help="skip writing the report's files")
    parser.add_argument(
        "--out", type=Path, default=None, help="folder for the report's files (default: a temporary folder)"
    )
    parser.add_argument("--json", type=Path, default=None, help="also save every figure to this JSON file")
    args = parser.parse_args()
    if not args.data.is_file():
        say(f"{args.data} not found; run bench/make_province.py first")
        sys.exit(2)
    figures: dict[str, object] = {"data": str(args.data), "machine": machine()}
    say("machine: " + ", ".join(f"{k} {v}" for k, v in figures["machine"].items()))  # type: ignore[union-attr]
    say("           wall        cpu")
    clock = Clock()
    dataset = read_dataset(args.data)
    wall, cpu = clock.lap()
    counts = {name: len(frame) for name, frame in dataset.layers.items()}
    figures["layers"] = counts
    figures["read"] = {"wall": wall, "cpu": cpu}
    say(row(f"read {args.data.name}", wall, cpu, ", ".join(f"{name} {n:,}" for name, n in counts.items())))
    targets = every_target(catalog=CATALOG)
    checks = load_checks(catalog=CATALOG)

    if not args.no_report:
        from geo.analysis.report import run_report
        from geo.io.export import write_report

        steps: list[tuple[str, float, float]] = []
        step_clock = Clock()

        def progress(done: int, total: int, label: str) -> None:
            steps.append((label, *step_clock.lap()))

        clock = Clock()
        report = run_report(dataset, targets, checks=checks, progress=progress)
        wall, cpu = clock.lap()
        rest_wall = wall - sum(s[1] for s in steps)
        rest_cpu = cpu - sum(s[2] for s in steps)
        say(
            row(
                "full report",
                wall,
                cpu,
                f"{len(report.indicators):,} unit rows, {len(report.gaps):,} gap rows, "
                f"peak memory so far {peak_mb():,.0f} MB",
            )
        )
        for label, s_wall, s_cpu in sorted(steps, key=lambda s: -s[2]):
            say(row(label, s_wall, s_cpu))
        say(row("gap list and indicator table (assembling)", rest_wall, rest_cpu))
        figures["report"] = {
            "wall": wall,
            "cpu": cpu,
            "unit_rows": len(report.indicators),
            "gap_rows": len(report.gaps),
            "steps": {label: {"wall": w, "cpu": c} for label, w, c in steps},
            "assemble": {"wall": rest_wall, "cpu": rest_cpu},
        }

        if not args.no_write:
            with tempfile.TemporaryDirectory(prefix="bench-report-") as scratch:
                out = args.out or Path(scratch)
                clock = Clock()
                files = write_report(report, out, timings=(timings := {}))
                wall, cpu = clock.lap()
                say(row(f"write all files to {out}", wall, cpu))
                written = {}
                for name, path in files.items():
                    size = path.stat().st_size / 1e6
                    w, c = timings.get(name, (float("nan"), float("nan")))
                    say(row(name, w, c, f"{size:,.1f} MB"))
                    written[name] = {"wall": w, "cpu": c, "mb": size}
                figures["write"] = {"wall": wall, "cpu": cpu, "files": written}

    if args.isolated:
        prefixes = tuple(p.strip() for p in args.only.split(",") if p.strip())
        say("\neach indicator alone (fresh context: reprojection and graph included):")
        isolated = {}
        for target in targets.values():
            if prefixes and not target.indicator.startswith(prefixes):
                continue
            clock = Clock()
            result = INDICATORS[target.indicator].compute(Context(dataset), target)
            wall, cpu = clock.lap()
            county = result.units[result.units["level"] == "county"]
            value = float(county["value"].iloc[0]) if len(county) else float("nan")
            say(row(f"{target.indicator:40s} county value {value:.3f}, {len(result.gaps):,} gaps", wall, cpu))
            isolated[target.id] = {"wall": wall, "cpu": cpu}
        figures["isolated"] = isolated
    figures["peak_mb"] = peak_mb()
    say(f"\npeak memory: {peak_mb():,.0f} MB")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
