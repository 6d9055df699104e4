"""Command line: ``python -m geo report --data DATA.gpkg --out DIR [--targets FILE] [--as-of DATE]``.

Also ``python -m geo import --data STORE.gpkg --kind KIND FILE [...]`` (bring a bureau file into
the store, see ``geo.io.ingest.plan`` and ``geo.io.ingest.commit``) and
``python -m geo undo --data STORE.gpkg``.

Writes ``DIR/indicators.csv`` (indicator_id, level, unit_code, unit_name, value, target, met, …),
``DIR/gaps.csv``, ``DIR/gaps.xlsx``, ``DIR/gaps.gpkg``, ``DIR/industry.csv`` and
``DIR/excluded_units.csv`` (units left out of the rural figures: residents' committees,
uninhabited villages); prints the county figures and where the files are. Exit code 0 on success, 2 on bad input (a broken or
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

from geo.core.errors import PlanningError
from geo.core.targets import DEFAULT_TARGETS

if TYPE_CHECKING:
    from geo.analysis.report import Report

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r} / 日期格式应为 YYYY-MM-DD") from exc


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (``report`` sub-command)."""
    parser = argparse.ArgumentParser(
        prog="python -m geo", description="乡村振兴基础设施覆盖一张图 — rural coverage map tools"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser(
        "report",
        help="measure every target and write indicators and gap lists / 计算指标并输出缺口清单",
        description="Measure every target of the targets file on a dataset and write "
        "indicators.csv, gaps.csv, gaps.xlsx and gaps.gpkg.",
    )
    report.add_argument("--data", required=True, type=Path, help="dataset GeoPackage (layers of the data contract)")
    report.add_argument("--out", required=True, type=Path, help="output folder (created if missing)")
    report.add_argument(
        "--targets", type=Path, default=DEFAULT_TARGETS, help=f"targets file (default: {DEFAULT_TARGETS.name})"
    )
    report.add_argument(
        "--as-of",
        type=_date,
        default=None,
        help="reference date YYYY-MM-DD (default: the data's as-of date, else today)",
    )
    report.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    _add_import_commands(commands)
    return parser


def _mapping_pair(text: str) -> tuple[str, str]:
    source, sep, target = text.partition("=")
    if not sep or not source.strip() or not target.strip():
        raise argparse.ArgumentTypeError(f"expected SOURCE=CONTRACT, got {text!r} / 应为 源字段=约定字段")
    return source.strip(), target.strip()


def _add_import_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The ``import`` and ``undo`` sub-commands (bringing bureau files into the store)."""
    from layers.registry import LAYER_KINDS, RASTERS

    kinds = [*LAYER_KINDS, *RASTERS]
    imp = commands.add_parser(
        "import",
        help="import a file into the store as one layer / 把文件导入数据中的一个图层",
        description="Read a Shapefile/zip, GeoPackage, GeoJSON, KML, CSV/Excel ledger or GeoTIFF, map it "
        "onto the layer contract, validate the whole dataset and write a new version of the "
        "store (the previous one is kept; `undo` restores it). Nothing is written when "
        "any problem is found.",
    )
    imp.add_argument("--data", required=True, type=Path, help="store GeoPackage to import into (created if missing)")
    imp.add_argument("--kind", required=True, choices=kinds, help="layer kind (or raster) the file holds")
    imp.add_argument("file", type=Path, help="the file to import")
    imp.add_argument("--layer", help="layer of a GeoPackage/KML or dataset inside a zip")
    imp.add_argument("--sheet", help="Excel sheet")
    imp.add_argument("--encoding", help="text encoding of a Shapefile/CSV (UTF-8, GBK, GB18030)")
    imp.add_argument("--crs", help="coordinate system of the file when missing or wrong, e.g. 4490 or EPSG:4549")
    imp.add_argument(
        "--gcj02", action="store_true", help="coordinates come from a Chinese web map (GCJ-02): convert them"
    )
    imp.add_argument("--lon", dest="lon_column", help="longitude column of a ledger")
    imp.add_argument("--lat", dest="lat_column", help="latitude column of a ledger")
    imp.add_argument("--repair", action="store_true", help="repair invalid geometries (reported)")
    imp.add_argument(
        "--map",
        dest="mapping",
        action="append",
        type=_mapping_pair,
        default=[],
        metavar="SRC=DST",
        help="map a source column to a contract column by hand (repeatable)",
    )
    imp.add_argument(
        "--join-by",
        choices=("auto", "code", "name"),
        default="auto",
        help="how a ledger finds its villages: code, name (within township) or code then name (default)",
    )
    imp.add_argument(
        "--mode",
        choices=("replace", "update"),
        default=None,
        help="replace the layer (default for files with geometry) or update features (default for ledgers)",
    )
    imp.add_argument(
        "--report",
        type=Path,
        default=None,
        help="write the problem report here (.csv or .xlsx) when there are problems",
    )
    undo = commands.add_parser(
        "undo",
        help="undo the last import or write / 撤销上一次导入",
        description="Put the previous version of the store back (kept in .versions/ beside it).",
    )
    undo.add_argument("--data", required=True, type=Path, help="store GeoPackage")


def _say(text: str, stream: object = None) -> None:
    """Write one line to stdout (or ``stream``); the CLI's only output path."""
    (stream or sys.stdout).write(f"{text}\n")  # type: ignore[attr-defined]


def _fail(message: str) -> int:
    _say(message, sys.stderr)
    return EXIT_BAD_INPUT


def _run_report(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from geo.analysis.catalog import CATALOG
    from geo.analysis.report import run_report
    from geo.core.targets import load_checks, load_targets
    from geo.io.export import write_report
    from layers.registry import load_dataset

    if args.out.exists() and not args.out.is_dir():
        return _fail(f"{args.out}: 输出位置已存在且不是文件夹 / output path exists and is not a folder")
    started = time.perf_counter()
    try:
        targets = load_targets(args.targets, catalog=CATALOG)
        checks = load_checks(args.targets, catalog=CATALOG)
        dataset = load_dataset(args.data)
    except PlanningError as exc:
        return _fail(str(exc))
    loaded = time.perf_counter()
    bars: list[tqdm] = []  # created on the first step, when the number of steps is known

    def progress(done: int, total: int, label: str) -> None:
        if not bars:
            bars.append(
                tqdm(
                    total=total + 1,
                    desc="指标 indicators",
                    unit="项",
                    file=sys.stderr,
                    disable=True if args.quiet else None,
                    leave=False,
                )
            )
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


def _run_import(args: argparse.Namespace) -> int:
    from geo.io.ingest.commit import commit_import, is_bundled_demo
    from geo.io.ingest.plan import ImportOptions, plan_import
    from geo.io.ingest.problems import report_csv, report_xlsx

    if is_bundled_demo(args.data):
        return _fail(
            f"{args.data}: 这是随程序提供的演示数据，不能导入；请先复制为工作文件 / "
            "this is the bundled demo county; copy it to a working file first"
        )
    options = ImportOptions(
        kind=args.kind,
        layer=args.layer,
        sheet=args.sheet,
        encoding=args.encoding,
        crs=args.crs,
        from_gcj02=args.gcj02,
        lon_column=args.lon_column,
        lat_column=args.lat_column,
        repair=args.repair,
        columns=dict(args.mapping),
        join_by=args.join_by,
        mode=args.mode,
    )
    try:
        plan = plan_import(args.file, args.data, options)
        if plan.problems and args.report is not None:
            writer = report_xlsx if args.report.suffix.lower() == ".xlsx" else report_csv
            args.report.write_bytes(writer(plan.problems))
        if not plan.ok:
            from geo.core.errors import InputDataError

            raise InputDataError(
                plan.problems,
                summary=f"{args.file.name}: 未导入，数据文件未改动（{len(plan.problems)} 处问题）/ "
                f"nothing imported, the store is unchanged ({len(plan.problems)} problem(s))",
            )
        record = commit_import(plan, args.file)
    except PlanningError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{args.file}: 无法读取或写入（{exc}）/ cannot read or write ({exc})")
    for note in plan.notes:
        _say(f"注 note: {note.zh} / {note.en}")
    count = "" if record.features is None else f"，{record.features} 个要素 / {record.features} feature(s)"
    _say(f"已导入 imported {args.file.name} → {args.data} [{args.kind}, {plan.mode}]{count}")
    _say(f"原始文件 original kept: {record.original}")
    if record.previous_version is not None:
        _say(
            f"上一版本 previous version: {record.previous_version}（撤销 undo: python -m geo undo --data {args.data}）"
        )
    return EXIT_OK


def _run_undo(args: argparse.Namespace) -> int:
    from geo.io.ingest.commit import undo_import

    try:
        restored = undo_import(args.data)
    except PlanningError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{args.data}: 无法恢复（{exc}）/ cannot restore ({exc})")
    _say(f"已恢复 restored {args.data} ← {restored.name}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "report":
        return _run_report(args)
    if args.command == "import":
        return _run_import(args)
    if args.command == "undo":
        return _run_undo(args)
    return EXIT_BAD_INPUT  # pragma: no cover - argparse refuses unknown commands


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
