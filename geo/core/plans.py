"""Plans as data: one TOML file per plan, with its jurisdiction, period, status and targets.

A plan (规划/实施方案) is issued for one jurisdiction, named by its NBS code: a province (2
digits, 山西省 ``14``), a city (4, 梅州市 ``4414``) or a county (6, 浮梁县 ``360222``). Its
targets are ``[[target]]`` tables as in a flat targets file (:mod:`geo.core.targets`, which
checks them, so every key and parameter a target accepts there is accepted here), except that
the source names only the sentence (``[target.source] quote = "…"``): the plan is named once, in
``[plan]``. A target without a number (持续提升、显著提高、巩固) gives ``direction`` (``up`` or
``keep``), an optional ``amount`` (0.05 = 5 percentage points) and ``baseline_year``
instead of ``comparison`` and ``threshold``; see :class:`geo.core.targets.Direction`.

The library is every plan file of ``data/plans/`` and of the ``plans/`` folder beside a store
(plans a county wrote itself, see :mod:`geo.io.plan_files`). A file is checked strictly: every
problem of every file is reported at once, naming the file, the target and the field, in
Chinese and English (:class:`PlanError`, whose ``problems`` the pages show as a table).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from geo.core.catalog import Catalog
from geo.core.errors import ConfigError, Problem
from geo.core.plan_checks import (
    DIRECTION_KEYS,
    PLAN_LEVELS,
    PLAN_STATUSES,
    PlanError,
    as_problem,
    citation,
    code_problem,
    header_problems,
    target_tables,
)
from geo.core.targets import DATA_DIR, Direction, Target, parse_targets
from geo.text.i18n import both, t

DEFAULT_PLANS_DIR = DATA_DIR / "plans"

__all__ = [
    "DEFAULT_PLANS_DIR",
    "DIRECTION_KEYS",
    "PLAN_LEVELS",
    "PLAN_STATUSES",
    "Plan",
    "PlanError",
    "code_problem",
    "load_library",
    "load_plan",
    "parse_plan",
    "plan_problems",
]


@dataclass(frozen=True)
class Plan:
    """One plan: who issued it for which jurisdiction, when, for which years, and its targets (file order)."""

    id: str
    issuer: str
    jurisdiction: str  # NBS code: 2 digits province, 4 city, 6 county
    name: str  # the jurisdiction's name, e.g. 浮梁县
    level: str  # province / city / county
    title: str  # the document's title without 《》
    period: tuple[int, int]  # first and last year
    status: str  # adopted / draft
    targets: Mapping[str, Target] = field(default_factory=dict)
    document_number: str = ""  # 文号, e.g. 沁发〔2021〕17号 (empty when the document prints none)
    date: date | None = None
    seed: str = ""  # the source text in shared/seeds, for the library's own plans
    note: str = ""
    path: Path | None = None

    @property
    def full_title(self) -> str:
        """Issuer and title as a citation: 「中共沁水县委 沁水县人民政府《关于…的实施方案》」 (drafts say so)."""
        return citation(self.issuer, self.title, self.status)

    def covers(self, year: int) -> bool:
        """Whether ``year`` lies in the plan's period."""
        return self.period[0] <= year <= self.period[1]

    def label(self) -> str:
        """Short name for lists: 「浮梁县 2021–2025」, with 「（征求意见稿）」 for a draft."""
        draft = t("plan_file.draft_mark") if self.status == "draft" else ""
        return t("plan_file.label", name=self.name, start=self.period[0], end=self.period[1], draft=draft)


def plan_problems(
    document: Mapping[str, Any], *, catalog: Catalog, origin: str = "<plan>", stem: str | None = None
) -> list[Problem]:
    """Every problem of a parsed plan document (empty when it is valid); see :func:`parse_plan`."""
    try:
        parse_plan(document, catalog=catalog, origin=origin, stem=stem)
    except PlanError as error:
        return error.problems
    return []


def parse_plan(
    document: Mapping[str, Any], *, catalog: Catalog, origin: str = "<plan>", stem: str | None = None
) -> Plan:
    """Build a plan from a parsed TOML document, or raise one :class:`PlanError` listing every problem.

    ``stem`` is the file name without ``.toml``; the plan's id must equal it.
    """
    problems: list[Problem] = []
    for key in document:
        if key not in ("version", "plan", "target"):
            problems.append(Problem(origin, None, None, key, *both("plan_file.unknown_top_key", key=key)))
    if document.get("version") != 1:
        problems.append(Problem(origin, None, None, "version", *both("targets.version")))
    header = document.get("plan")
    problems += header_problems(header, origin, stem)
    header = header if isinstance(header, Mapping) else {}
    raws = document.get("target", [])
    raws = raws if isinstance(raws, list) else []
    tables, own = target_tables(raws, header, origin, catalog)
    problems += own
    targets: dict[str, Target] = {}
    try:
        targets = parse_targets({"version": 1, "target": tables}, catalog=catalog, origin=origin)
    except ConfigError as error:
        problems += [as_problem(line, origin) for line in str(error).splitlines()[1:]]
    if problems:
        raise PlanError(problems)
    plan_id = str(header["id"])
    by_id = {str(raw["id"]): raw for raw in raws}
    document_number = str(header.get("document_number", ""))
    base_year = int(header["period_start"]) - 1
    finished = {
        target_id: _finished(target, by_id[target_id], plan_id, document_number, base_year)
        for target_id, target in targets.items()
    }
    return Plan(
        id=plan_id,
        issuer=str(header["issuer"]),
        jurisdiction=str(header["jurisdiction"]),
        name=str(header["name"]),
        level=str(header["level"]),
        title=str(header["title"]),
        period=(int(header["period_start"]), int(header["period_end"])),
        status=str(header["status"]),
        targets=finished,
        document_number=document_number,
        date=header.get("date"),
        seed=str(header.get("seed", "")),
        note=str(header.get("note", "")),
    )


def _finished(target: Target, raw: Mapping[str, Any], plan_id: str, document_number: str, base_year: int) -> Target:
    """The target with its plan's id and document number; a direction target with its direction and no threshold yet.

    A direction target counts from ``baseline_year``, by default ``base_year`` (the year before the period).
    """
    source = replace(target.source, plan_id=plan_id, document=document_number)
    if "direction" not in raw:
        return replace(target, source=source)
    direction = Direction(
        sense=str(raw["direction"]),
        amount=float(raw.get("amount", 0.0)),
        baseline_year=int(raw.get("baseline_year", base_year)),
        baseline_value=float(raw["baseline_value"]) if "baseline_value" in raw else None,
        baseline_source="plan" if "baseline_value" in raw else "",
    )
    return replace(target, source=source, direction=direction, threshold=float("nan"), tolerance=0.0)


def read_plan_document(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The parsed TOML of a plan file; a :class:`PlanError` naming the file when it cannot be read."""
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PlanError([Problem(str(path), None, None, None, *both("plan_file.not_found"))]) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PlanError([Problem(str(path), None, None, None, *both("targets.not_toml", exc=exc))]) from exc


def load_plan(path: str | os.PathLike[str], *, catalog: Catalog) -> Plan:
    """Read and check one plan file; its id must equal the file name."""
    path = Path(path)
    document = read_plan_document(path)
    return replace(parse_plan(document, catalog=catalog, origin=path.name, stem=path.stem), path=path)


def plan_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The plan files of a folder (``*.toml``, sorted by name); none when the folder does not exist."""
    folder = Path(folder)
    return sorted(p for p in folder.glob("*.toml") if p.is_file()) if folder.is_dir() else []


def load_library(folders: Iterable[str | os.PathLike[str]], *, catalog: Catalog) -> dict[str, Plan]:
    """Every plan of the folders, by id (folders in order, files by name); one :class:`PlanError` for every problem.

    Two files with the same plan id are refused, naming both.
    """
    plans: dict[str, Plan] = {}
    problems: list[Problem] = []
    for folder in folders:
        for path in plan_files(folder):
            try:
                plan = load_plan(path, catalog=catalog)
            except PlanError as error:
                problems += error.problems
                continue
            if plan.id in plans:
                first = plans[plan.id].path
                problems.append(
                    Problem(str(path), "plan", None, "id", *both("plan_file.duplicate_id", id=plan.id, first=first))
                )
                continue
            plans[plan.id] = plan
    if problems:
        raise PlanError(problems)
    return plans
