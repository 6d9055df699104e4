"""Time gaps.xlsx for a province-sized gap list: the demo county's gaps repeated ``--copies`` times.

Usage: ``.venv/bin/python bench/xlsx_bench.py [--copies 160]`` (160 copies ≈ 419,000 rows, the
size of the synthetic province's gap list). Prints rows, file size, wall and CPU seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.analysis.catalog import CATALOG
from geo.analysis.report import run_report
from geo.core.store import read_dataset
from geo.core.targets import load_checks
from geo.io.gap_workbook import gaps_xlsx_bytes
from geo.io.plan_context import every_target

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo" / "fuliang_demo.gpkg"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=160)
    args = parser.parse_args()
    report = run_report(read_dataset(DEMO), every_target(catalog=CATALOG), checks=load_checks(catalog=CATALOG))
    gaps = pd.DataFrame(report.gaps).drop(columns="geometry")
    big = pd.concat([gaps] * args.copies, ignore_index=True)
    cpu, wall = time.process_time(), time.perf_counter()
    data = gaps_xlsx_bytes(big, report.indicators)
    print(  # noqa: T201
        f"{len(big):,} gap rows → {len(data) / 1e6:.1f} MB gaps.xlsx in {time.perf_counter() - wall:.1f} s wall, "
        f"{time.process_time() - cpu:.1f} s CPU"
    )


if __name__ == "__main__":
    main()
