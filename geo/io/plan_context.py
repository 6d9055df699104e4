"""The plans that judge a store: the library, the store's settings, the applied targets with their baselines.

:func:`plan_context` is what the command line and the pages call before a report: it reads the
plan library (``data/plans/`` and the store's own ``plans/`` folder), the library's and the
store's plan settings, finds the store's jurisdiction from its township codes (or the settings'
``code``), resolves the plans (:func:`geo.core.plan_chain.resolve`) and sets the threshold of
every target without a number from its baseline: the user's (settings), the plan's, or the
county value of the baseline year in the store's yearly history (``<stem>_history.csv``). A
history file with problems is not fatal here (the progress page reports them): its baselines
are left out and a note says so.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.core.catalog import Catalog
from geo.core.errors import InputDataError
from geo.core.plan_chain import Applied, jurisdiction_of, resolve, with_baselines
from geo.core.plan_settings import LIBRARY_SETTINGS, PlanSettings, load_settings, settings_path
from geo.core.plans import DEFAULT_PLANS_DIR, Plan, load_library
from geo.core.targets import Target
from geo.io.history import history_path, load_history
from geo.io.plan_files import store_plans_dir
from geo.text.i18n import bilingual


@dataclass(frozen=True)
class PlanContext:
    """Everything about the plans of one store: the library, the settings, the targets that judge it."""

    library: Mapping[str, Plan]
    settings: PlanSettings
    applied: Applied  # direction targets with their baselines set
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def targets(self) -> Mapping[str, Target]:
        """The targets of the report, own plans first."""
        return self.applied.targets

    @property
    def code(self) -> str | None:
        """The jurisdiction judged (NBS code), None when unknown."""
        return self.applied.code


def library_folders(
    data_path: str | os.PathLike[str] | None, library: str | os.PathLike[str] | None = None
) -> list[Path]:
    """The folders of the plan library: the library's (``data/plans/`` by default), then the store's own."""
    folders = [Path(library) if library else DEFAULT_PLANS_DIR]
    if data_path is not None:
        own = store_plans_dir(data_path)
        if own.resolve() != folders[0].resolve():
            folders.append(own)
    return folders


def known_targets(library: Mapping[str, Plan], applied: Mapping[str, Target] | None = None) -> dict[str, Target]:
    """Every target id of the library (first plan wins), with the applied targets: what a history file may name."""
    known: dict[str, Target] = {}
    for plan in library.values():
        for target_id, target in plan.targets.items():
            known.setdefault(target_id, target)
    known.update(applied or {})
    return known


def history_values(history: pd.DataFrame) -> dict[tuple[str, int], float]:
    """County values of a loaded history: (target id, year) → value."""
    county = history[history["level"] == "county"]
    return {
        (str(t), int(y)): float(v) for t, y, v in zip(county["target_id"], county["year"], county["value"], strict=True)
    }


def plan_context(
    data_path: str | os.PathLike[str] | None,
    town_codes: Iterable[object],
    *,
    year: int,
    catalog: Catalog,
    library_dir: str | os.PathLike[str] | None = None,
    library_settings: str | os.PathLike[str] | None = LIBRARY_SETTINGS,
    plans: Sequence[str] = (),
    reference: Sequence[str] | None = None,
    baselines: Mapping[str, tuple[int, float]] | None = None,
) -> PlanContext:
    """Resolve the plans judging the store at ``data_path`` in ``year`` (see the module docstring).

    ``plans`` and ``reference`` override the store's settings (the CLI's ``--plan`` and
    ``--reference``, or a choice on the 规划目标 page); ``baselines`` adds baselines the user set
    (target id → (year, value)) over those of the settings. Raises :class:`PlanError` for a bad
    plan or settings file.
    """
    library = load_library(library_folders(data_path, library_dir), catalog=catalog)
    defaults = load_settings(library_settings) if library_settings else PlanSettings()
    settings = load_settings(settings_path(data_path)) if data_path is not None else PlanSettings()
    code = settings.code or jurisdiction_of(town_codes)
    applied = resolve(
        code,
        library,
        year=year,
        plans=tuple(plans) or settings.plans,
        reference=reference if reference is not None else settings.reference,
        default_reference=defaults.reference or (),
    )
    given = {tid: (b.year, b.value) for tid, b in settings.baselines.items()}
    given.update(baselines or {})
    notes: list[str] = []
    history: dict[tuple[str, int], float] = {}
    needs_history = any(t.direction is not None for t in applied.targets.values())
    history_file = history_path(data_path) if data_path is not None else None
    if needs_history and history_file is not None and history_file.is_file():
        try:
            history = history_values(load_history(history_file, known_targets(library, applied.targets)))
        except InputDataError:
            notes.append(f"{history_file.name}: {bilingual('plan_file.history_unread')}")
    targets = with_baselines(applied.targets, history=history, given=given)
    return PlanContext(library, settings, Applied(applied.code, applied.plans, targets), tuple(notes))


def every_target(*, catalog: Catalog, library_dir: str | os.PathLike[str] | None = None) -> dict[str, Target]:
    """Every target of the plan library by id (first plan wins): what the benchmarks measure, as before on one file."""
    return known_targets(load_library(library_folders(None, library_dir), catalog=catalog))
