"""Command line: ``python -m geo report --data DATA.gpkg --out DIR [--plan ID] [--reference ID] [--as-of DATE]``.

The report judges the store by the plans of its jurisdiction (its county's, city's and
province's plan from the library ``data/plans/`` and the store's own ``plans/`` folder, nearest
first, see :mod:`geo.core.plan_chain`), then by its reference plans; ``--plan ID`` (repeatable)
judges it by exactly those plans, ``--reference ID`` sets the benchmark plans, and ``--targets
FILE`` by a flat targets file instead. ``python -m geo plans --data DATA.gpkg`` lists the plans
of the library and which apply to the store.

Also ``python -m geo import --data STORE.gpkg --kind KIND FILE [...]`` (bring a bureau file into
the store, see ``geo.io.ingest.plan`` and ``geo.io.ingest.commit``) and
``python -m geo undo --data STORE.gpkg`` / ``redo``.

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
from typing import TYPE_CHECKING, TextIO

import pandas as pd

from geo.core.errors import PlanningError
from geo.core.plans import DEFAULT_PLANS_DIR
from geo.core.targets import DEFAULT_CHECKS
from geo.core.terminal import escape_controls, shown_path
from geo.text.i18n import bilingual, t

if TYPE_CHECKING:
    from collections.abc import Mapping

    from geo.analysis.report import Report
    from geo.core.plans import Plan
    from geo.core.store import Dataset
    from geo.io.plan_context import PlanContext

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(bilingual("cli.bad_date", text=text)) from exc


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (``report`` sub-command)."""
    parser = argparse.ArgumentParser(prog="python -m geo", description=bilingual("cli.description"))
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser(
        "report",
        help=bilingual("cli.report.help"),
        description=bilingual("cli.report.description"),
    )
    report.add_argument("--data", required=True, type=Path, help=bilingual("cli.report.data"))
    report.add_argument("--out", required=True, type=Path, help=bilingual("cli.report.out"))
    _add_plan_options(report)
    report.add_argument("--targets", type=Path, default=None, help=bilingual("cli.report.targets"))
    report.add_argument(
        "--checks", type=Path, default=DEFAULT_CHECKS, help=bilingual("cli.report.checks", name=DEFAULT_CHECKS.name)
    )
    report.add_argument(
        "--as-of",
        type=_date,
        default=None,
        help=bilingual("cli.report.as_of"),
    )
    report.add_argument("--quiet", action="store_true", help=bilingual("cli.report.quiet"))
    plans = commands.add_parser(
        "plans", help=bilingual("cli.plans.help"), description=bilingual("cli.plans.description")
    )
    plans.add_argument("--data", type=Path, default=None, help=bilingual("cli.plans.data"))
    _add_plan_options(plans)
    plans.add_argument("--year", type=int, default=None, help=bilingual("cli.plans.year"))
    from geo.cli_store import add_store_commands

    add_store_commands(commands)
    new = commands.add_parser("new", help=bilingual("cli.new.help"), description=bilingual("cli.new.description"))
    for flag, kind in (("--county", str), ("--boundary", Path), ("--out", Path)):
        new.add_argument(flag, required=True, type=kind, help=bilingual(f"cli.new.{flag[2:]}"))
    new.add_argument("--villages", type=Path, default=None, help=bilingual("cli.new.villages"))
    return parser


def _add_plan_options(command: argparse.ArgumentParser) -> None:
    """--plan, --reference and --plans-dir (the plan library) of ``report`` and ``plans``."""
    command.add_argument(
        "--plan",
        dest="plan_ids",
        action="append",
        default=[],
        metavar="ID",
        help=bilingual("cli.plan.plan"),
    )
    command.add_argument(
        "--reference",
        dest="reference_ids",
        action="append",
        default=None,
        metavar="ID",
        help=bilingual("cli.plan.reference"),
    )
    command.add_argument(
        "--plans-dir",
        type=Path,
        default=DEFAULT_PLANS_DIR,
        help=bilingual("cli.plan.plans_dir"),
    )


def _say(text: str, stream: TextIO | None = None) -> None:
    """Write one line to stdout (or ``stream``); the CLI's only output path.

    Control and bidi-override characters (from data and file names) are printed as visible escapes.
    """
    (stream or sys.stdout).write(f"{escape_controls(text, keep_newlines=True)}\n")


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
        return _fail(f"{shown_path(args.out)}: {bilingual('cli.out_not_folder')}")
    started = time.perf_counter()
    context = None
    try:
        dataset = load_dataset(args.data)
        if args.targets is not None:
            targets = load_targets(args.targets, catalog=CATALOG)
            checks = load_checks(args.targets, catalog=CATALOG)
        else:
            context = _plan_context(args, dataset)
            targets = dict(context.targets)
            checks = load_checks(args.checks, catalog=CATALOG)
    except PlanningError as exc:
        return _fail(str(exc))
    loaded = time.perf_counter()
    bars: list[tqdm] = []  # created on the first step, when the number of steps is known

    def progress(done: int, total: int, label: str) -> None:
        if not bars:
            bars.append(
                tqdm(
                    total=total + 1,
                    desc=bilingual("cli.progress"),
                    unit=t("cli.progress_unit"),
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
            bars[0].set_postfix_str(bilingual("cli.progress_writing"))
        try:
            files = write_report(report, args.out)
        except OSError as exc:
            return _fail(f"{shown_path(args.out)}: {bilingual('cli.cannot_write', exc=exc)}")
        if bars:
            bars[0].update(1)
    finally:
        for bar in bars:
            bar.close()
    finished = time.perf_counter()
    if not args.quiet:
        if context is not None:
            _print_plans(context)
        _print_summary(report, files, loaded - started, computed - loaded, finished - computed)
    return EXIT_OK


def _plan_context(args: argparse.Namespace, dataset: Dataset, year: int | None = None) -> PlanContext:
    """The plans judging the store of ``--data`` (see :func:`geo.io.plan_context.plan_context`)."""
    from geo.analysis.catalog import CATALOG
    from geo.io.plan_context import plan_context

    towns = dataset.layers.get("townships")
    codes = towns["town_code"].tolist() if towns is not None else []
    as_of = getattr(args, "as_of", None) or dataset.as_of or date.today()
    return plan_context(
        getattr(args, "data", None),
        codes,
        year=year or as_of.year,
        catalog=CATALOG,
        library_dir=args.plans_dir,
        plans=args.plan_ids,
        reference=args.reference_ids,
    )


def _print_plans(context: PlanContext) -> None:
    """Which plans judge the store, nearest first, with their document numbers."""
    _say(bilingual("cli.plans.jurisdiction", code=context.code or bilingual("cli.plans.unknown")))
    if not context.applied.plans:
        _say("  " + bilingual("cli.plans.none"))
    for applied in context.applied.plans:
        plan = applied.plan
        number = f" {plan.document_number}" if plan.document_number else ""
        _say(f"  [{bilingual(f'cli.plans.role.{applied.role}')}] {plan.id}: {plan.full_title}{number}")
        ids = ", ".join(applied.targets) or "—"  # ids are the same in both languages: listed once
        _say(f"      {bilingual('cli.plans.targets', n=len(applied.targets))}: {ids}")
        if applied.left_out:
            _say(f"      {bilingual('cli.plans.left_out')}: {', '.join(applied.left_out)}")
    for note in context.notes:
        _say(f"  {bilingual('cli.note')}: {note}")


def _run_plans(args: argparse.Namespace) -> int:
    from geo.analysis.catalog import CATALOG
    from geo.core.plans import load_library
    from geo.io.plan_context import library_folders
    from layers.registry import load_dataset

    library: Mapping[str, Plan]
    try:
        if args.data is None:
            library = load_library(library_folders(None, args.plans_dir), catalog=CATALOG)
            context = None
        else:
            dataset = load_dataset(args.data)
            context = _plan_context(args, dataset, args.year)
            library = context.library
    except PlanningError as exc:
        return _fail(str(exc))
    _say(bilingual("cli.plans.library", n=len(library)))
    for plan in library.values():
        status = bilingual("cli.plans.draft" if plan.status == "draft" else "cli.plans.adopted")
        number = f" {plan.document_number}" if plan.document_number else ""
        _say(
            f"  {plan.id:<22} {plan.jurisdiction:<6} {plan.name} {plan.period[0]}–{plan.period[1]} {status}；"
            f"{bilingual('cli.plans.target_count', n=len(plan.targets))}；{plan.full_title}{number}"
        )
    if context is not None:
        _say(bilingual("cli.plans.store", path=shown_path(args.data)))
        _print_plans(context)
    return EXIT_OK


def _print_summary(report: Report, files: dict[str, Path], load_s: float, compute_s: float, write_s: float) -> None:
    headline = report.headline
    _say(bilingual("cli.as_of", date=report.as_of.isoformat()))
    for row in headline.itertuples(index=False):
        met = bilingual("cli.not_judged" if pd.isna(row.met) else ("cli.met" if row.met else "cli.not_met"))
        met = bilingual("needs.no_data_short") if row.target_id in report.no_data else met
        value = "—" if pd.isna(row.value) else f"{row.value:.4g}"
        role = str(getattr(row, "plan_role", "") or "")
        marker = f"  [{bilingual(f'cli.role.{role}')}]" if role in ("reference", "contribution") else ""
        _say(f"  {row.target_id:<38} {value:>12}  ({bilingual('cli.target')} {row.target:g})  {met}{marker}")
    _say(bilingual("cli.gaps", n=len(report.gaps)))
    for bureau, count in report.gaps["bureau"].value_counts().sort_index().items():
        _say(f"  {bureau}: {count}")
    for note in report.notes:
        _say(f"  {bilingual('cli.note')}: {note}")
    for name, path in files.items():
        _say(f"  {name}: {shown_path(path)}")
    _say(bilingual("cli.time", load=load_s, compute=compute_s, write=write_s))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "report":
        return _run_report(args)
    if args.command == "plans":
        return _run_plans(args)
    from geo import cli_store

    if args.command == "import":
        return cli_store.run_import(args)
    if args.command in ("undo", "redo"):
        return cli_store.run_history(args)
    if args.command == "new":
        return cli_store.run_new(args)
    return EXIT_BAD_INPUT  # pragma: no cover - argparse refuses unknown commands


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
