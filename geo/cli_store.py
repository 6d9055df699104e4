"""The command line's store commands: ``import``, ``undo``, ``redo`` and ``new`` (see :mod:`geo.cli`).

They bring bureau files into a store (:mod:`geo.io.ingest`), step through its versions and create a
county's store from its code (:mod:`geo.io.new_county`). Output goes through the CLI's one output path.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from geo.cli import EXIT_OK, _fail, _say
from geo.core.errors import PlanningError
from geo.core.terminal import escape_controls, plain_error, shown_path
from geo.text.i18n import bilingual


def mapping_pair(text: str) -> tuple[str, str]:
    source, sep, target = text.partition("=")
    if not sep or not source.strip() or not target.strip():
        raise argparse.ArgumentTypeError(bilingual("cli.bad_mapping", text=text))
    return source.strip(), target.strip()


def add_store_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``import`` and ``undo`` sub-commands (bringing bureau files into the store)."""
    from layers.registry import LAYER_KINDS, RASTERS

    kinds = [*LAYER_KINDS, *RASTERS]
    imp = commands.add_parser(
        "import",
        help=bilingual("cli.import.help"),
        description=bilingual("cli.import.description"),
    )
    imp.add_argument("--data", required=True, type=Path, help=bilingual("cli.import.data"))
    imp.add_argument("--kind", required=True, choices=kinds, help=bilingual("cli.import.kind"))
    imp.add_argument("file", type=Path, help=bilingual("cli.import.file"))
    imp.add_argument("--layer", help=bilingual("cli.import.layer"))
    imp.add_argument("--sheet", help=bilingual("cli.import.sheet"))
    imp.add_argument("--encoding", help=bilingual("cli.import.encoding"))
    imp.add_argument("--crs", help=bilingual("cli.import.crs"))
    imp.add_argument("--gcj02", action="store_true", help=bilingual("cli.import.gcj02"))
    imp.add_argument("--lon", dest="lon_column", help=bilingual("cli.import.lon"))
    imp.add_argument("--lat", dest="lat_column", help=bilingual("cli.import.lat"))
    imp.add_argument("--repair", action="store_true", help=bilingual("cli.import.repair"))
    imp.add_argument(
        "--map",
        dest="mapping",
        action="append",
        type=mapping_pair,
        default=[],
        metavar="SRC=DST",
        help=bilingual("cli.import.map"),
    )
    imp.add_argument(
        "--join-by",
        choices=("auto", "code", "name"),
        default="auto",
        help=bilingual("cli.import.join_by"),
    )
    imp.add_argument(
        "--mode",
        choices=("replace", "update"),
        default=None,
        help=bilingual("cli.import.mode"),
    )
    imp.add_argument(
        "--report",
        type=Path,
        default=None,
        help=bilingual("cli.import.report"),
    )
    imp.add_argument(
        "--accept-inconsistent",
        dest="accept_inconsistent",
        default=None,
        metavar="REASON",
        help=bilingual("cli.import.accept_inconsistent"),
    )
    imp.add_argument(
        "--wait",
        type=float,
        default=None,
        metavar="SECONDS",
        help=bilingual("cli.import.wait"),
    )
    for step in ("undo", "redo"):
        history = commands.add_parser(
            step, help=bilingual(f"cli.{step}.help"), description=bilingual(f"cli.{step}.description")
        )
        history.add_argument("--data", required=True, type=Path, help=bilingual(f"cli.{step}.data"))


def run_import(args: argparse.Namespace) -> int:
    from geo.io.ingest.commit import commit_import, is_bundled_demo
    from geo.io.ingest.lock import DEFAULT_WAIT_S, import_lock
    from geo.io.ingest.plan import ImportOptions, plan_import
    from geo.io.ingest.problems import report_csv, report_xlsx

    if is_bundled_demo(args.data):
        return _fail(f"{shown_path(args.data)}: {bilingual('cli.demo_refused')}")
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
        accept_inconsistent=args.accept_inconsistent,
    )
    wait_s = DEFAULT_WAIT_S if args.wait is None else args.wait
    try:
        # One lock over the read, the checks and the write: a concurrent import waits, then is refused.
        with import_lock(args.data, wait_s=wait_s):
            plan = plan_import(args.file, args.data, options)
            if plan.problems and args.report is not None:
                writer = report_xlsx if args.report.suffix.lower() == ".xlsx" else report_csv
                args.report.write_bytes(writer(plan.problems))
            if not plan.ok:
                from geo.core.errors import InputDataError

                raise InputDataError(
                    plan.problems,
                    summary=f"{escape_controls(args.file.name)}: {bilingual('cli.not_imported', n=len(plan.problems))}",
                )
            record = commit_import(plan, args.file, wait_s=wait_s)
    except PlanningError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{shown_path(args.file)}: {bilingual('cli.cannot_read_write', exc=plain_error(exc))}")
    for note in plan.notes:
        _say(f"{bilingual('cli.note')}: {note.zh} / {note.en}")
    imported = {
        "file": escape_controls(args.file.name),
        "store": shown_path(args.data),
        "kind": args.kind,
        "mode": plan.mode,
    }
    if record.features is None:
        _say(bilingual("cli.imported", **imported))
    else:
        _say(bilingual("cli.imported_features", **imported, n=record.features))
    _say(bilingual("cli.original", path=_beside_store(record.original)))
    if record.previous_version is not None:
        _say(bilingual("cli.previous", path=_beside_store(record.previous_version), store=shown_path(args.data)))
    return EXIT_OK


def _beside_store(path: Path) -> str:
    """A file the import keeps beside the store, by its folder and name (``originals/…``, ``.versions/…``)."""
    return escape_controls(f"{path.parent.name}/{path.name}")


def run_history(args: argparse.Namespace) -> int:
    """``undo`` (the previous version back, the current one kept for redo) or ``redo`` (that undo taken back)."""
    from geo.io.ingest.commit import redo_import, undo_import

    undo = args.command == "undo"
    try:
        version = (undo_import if undo else redo_import)(args.data)
    except PlanningError as exc:
        return _fail(str(exc))
    except OSError as exc:
        failed = bilingual("cli.cannot_restore" if undo else "cli.cannot_redo", exc=plain_error(exc))
        return _fail(f"{shown_path(args.data)}: {failed}")
    _say(bilingual("cli.restored" if undo else "cli.redone", store=shown_path(args.data), name=version.name))
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    from geo.io.new_county import create_store, describe
    from layers.registry import validate_partial

    started = time.perf_counter()
    try:
        county = create_store(
            args.out, args.county, args.boundary, villages_path=args.villages, validator=validate_partial
        )
    except PlanningError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{args.out}: {bilingual('cli.cannot_read_write', exc=exc)}")
    for line in describe(county, args.out):
        _say(line)
    _say(bilingual("new.time", seconds=time.perf_counter() - started))
    return EXIT_OK
