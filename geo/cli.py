"""Command line: ``python -m geo report --data DATA.gpkg --out DIR [--targets FILE] [--as-of DATE]``.

Writes ``DIR/indicators.csv`` (indicator_id, level, unit_code, unit_name, value, target, met, …),
``DIR/gaps.csv``, ``DIR/gaps.xlsx``, ``DIR/gaps.gpkg`` and ``DIR/industry.csv``; prints the
county figures and where the files are. Exit code 0 on success, 2 on bad input (a broken or
invalid GeoPackage, an invalid targets file, a bad date or folder) with the bilingual message
on stderr and no traceback. A progress bar is drawn on stderr when it is a terminal.

This module is an entry point: it may import ``layers`` (to validate the dataset against the
contract); the rest of ``geo`` does not.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from geo.errors import PlanningError
from geo.targets import DEFAULT_TARGETS

if TYPE_CHECKING:
    from geo.report import Report

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r} / 日期格式应为 YYYY-MM-DD") from exc


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (``report`` sub-command)."""
    parser = argparse.ArgumentParser(prog="python -m geo", description="乡村振兴基础设施覆盖一张图 — rural coverage map tools")
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="measure every target and write indicators and gap lists / 计算指标并输出缺口清单",
                                 description="Measure every target of the targets file on a dataset and write "
                                             "indicators.csv, gaps.csv, gaps.xlsx and gaps.gpkg.")
    report.add_argument("--data", required=True, type=Path, help="dataset GeoPackage (layers of the data contract)")
    report.add_argument("--out", required=True, type=Path, help="output folder (created if missing)")
    report.add_argument("--targets", type=Path, default=DEFAULT_TARGETS, help=f"targets file (default: {DEFAULT_TARGETS.name})")
    report.add_argument("--as-of", type=_date, default=None, help="reference date YYYY-MM-DD (default: today)")
    report.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    return parser


def _say(text: str, stream: object = None) -> None:
    """Write one line to stdout (or ``stream``); the CLI's only output path."""
    (stream or sys.stdout).write(f"{text}\n")  # type: ignore[attr-defined]


def _fail(message: str) -> int:
    _say(message, sys.stderr)
    return EXIT_BAD_INPUT


def _run_report(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from geo.export import write_report
    from geo.report import run_report
    from geo.targets import load_checks, load_targets
    from layers.registry import load_dataset

    if args.out.exists() and not args.out.is_dir():
        return _fail(f"{args.out}: 输出位置已存在且不是文件夹 / output path exists and is not a folder")
    started = time.perf_counter()
    try:
        targets = load_targets(args.targets)
        checks = load_checks(args.targets)
        dataset = load_dataset(args.data)
    except PlanningError as exc:
        return _fail(str(exc))
    loaded = time.perf_counter()
    bars: list[tqdm] = []  # created on the first step, when the number of steps is known

    def progress(done: int, total: int, label: str) -> None:
        if not bars:
            bars.append(tqdm(total=total + 1, desc="指标 indicators", unit="项", file=sys.stderr,
                             disable=True if args.quiet else None, leave=False))
        bars[0].set_postfix_str(label, refresh=False)
        bars[0].update(done - bars[0].n)

    try:
        try:
            report = run_report(dataset, targets, checks=checks, as_of=args.as_of, progress=progress)
        except PlanningError as exc:
            return _fail(str(exc))
        computed = time.perf_counter()
        if bars:
            bars[0].set_postfix_str("写出 writing files")
        try:
            files = write_report(report, args.out)
        except OSError as exc:
            return _fail(f"{args.out}: 无法写入输出文件（{exc}）/ cannot write the output files ({exc})")
        if bars:
            bars[0].update(1)
    finally:
        for bar in bars:
            bar.close()
    finished = time.perf_counter()
    for warning in report.warnings:
        _say(f"warning: {warning}", sys.stderr)
    if not args.quiet:
        _print_summary(report, files, loaded - started, computed - loaded, finished - computed)
    return EXIT_OK


def _print_summary(report: Report, files: dict[str, Path], load_s: float, compute_s: float, write_s: float) -> None:
    headline = report.headline
    _say(f"参考日期 as of {report.as_of.isoformat()}；全县指标 county figures:")
    for row in headline.itertuples(index=False):
        met = "不判定 not judged" if pd.isna(row.met) else ("达标 met" if row.met else "未达标 not met")
        value = "—" if pd.isna(row.value) else f"{row.value:.4g}"
        _say(f"  {row.target_id:<38} {value:>12}  (目标 target {row.target:g})  {met}")
    _say(f"缺口 gaps: {len(report.gaps)} 行 rows")
    for bureau, count in report.gaps["bureau"].value_counts().sort_index().items():
        _say(f"  {bureau}: {count}")
    for note in report.notes:
        _say(f"  注 note: {note}")
    for name, path in files.items():
        _say(f"  {name}: {path}")
    _say(f"用时 time: 读取 load {load_s:.2f} s，计算 compute {compute_s:.2f} s，写出 write {write_s:.2f} s")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "report":
        return _run_report(args)
    return EXIT_BAD_INPUT  # pragma: no cover - argparse refuses unknown commands


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
