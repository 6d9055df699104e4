"""Checking a plan file: its ``[plan]`` table, its codes and years, and the plan-only keys of its targets.

:func:`geo.core.plans.parse_plan` runs these and :func:`geo.core.targets.parse_targets` on the
targets; every problem becomes a :class:`~geo.core.errors.Problem` naming the file, the target
(``target #3 (water_tap_2025)``) and the field, in Chinese and English.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, TypeGuard

from geo.core.catalog import Catalog
from geo.core.errors import ConfigError, Problem
from geo.core.targets import DIRECTIONS
from geo.text.i18n import bilingual, both, joined, t

PLAN_LEVELS: Mapping[str, int] = {"province": 2, "city": 4, "county": 6}  # level → digits of its code
PLAN_STATUSES = ("adopted", "draft")  # 已印发 / 征求意见稿
FIRST_YEAR, LAST_YEAR = 2000, 2100
_HEADER_REQUIRED = ("id", "issuer", "jurisdiction", "name", "level", "title", "period_start", "period_end", "status")
_HEADER_OPTIONAL = ("document_number", "date", "seed", "note")
DIRECTION_KEYS = ("direction", "amount", "baseline_year", "baseline_value")
_NUMBERED_ONLY = ("comparison", "threshold", "tolerance")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")
_TARGET_LINE = re.compile(r"^(?P<where>.+? › target #(?P<number>\d+) \((?P<id>[^)]*)\)): (?P<message>.*)$")


class PlanError(ConfigError):
    """One or more plan files are invalid; ``problems`` lists each (file, target, field, zh, en)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        head = bilingual("plan_file.problems", n=len(self.problems))
        super().__init__("\n".join([head, *(p.describe() for p in self.problems)]))


def citation(issuer: object, title: object, status: object) -> str:
    """How a plan is cited: 「中共沁水县委 沁水县人民政府《关于…的实施方案》」, a draft with 「（征求意见稿）」.

    In Chinese, the plan's own language: the citation is stored with each target as its source.
    """
    marked = status == "draft" and t("plan_file.draft_word") not in str(title)
    draft = t("plan_file.draft_mark") if marked else ""
    return t("plan_file.citation", issuer=issuer, title=title, draft=draft)


def code_problem(code: object, level: str | None = None) -> tuple[str, str] | None:
    """Why ``code`` is not an NBS jurisdiction code (of ``level`` when given), as (zh, en); None when it is."""
    if not isinstance(code, str) or not re.fullmatch(r"\d{2}|\d{4}|\d{6}", code):
        return both("plan_file.code_form", code=code)
    if code[0] not in "12345678" or code[:2] == "10":
        return both("plan_file.code_province", code=code, province=code[:2])
    if len(code) >= 4 and code[2:4] == "00":
        return both("plan_file.code_city", code=code)
    if len(code) == 6 and code[4:6] == "00":
        return both("plan_file.code_county", code=code)
    if level is not None and level in PLAN_LEVELS and len(code) != PLAN_LEVELS[level]:
        return both("plan_file.code_digits", level=level, digits=PLAN_LEVELS[level], code=code)
    return None


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _year(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and FIRST_YEAR <= value <= LAST_YEAR


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(float(value))


def header_problems(header: object, origin: str, stem: str | None) -> list[Problem]:
    """Problems of the ``[plan]`` table."""

    def problem(field: str | None, message: str, /, **values: object) -> None:
        found.append(Problem(origin, "plan", None, field, *both(message, **values)))

    found: list[Problem] = []
    if not isinstance(header, Mapping):
        problem(None, "plan_file.no_header")
        return found
    for key in header:
        if key not in _HEADER_REQUIRED + _HEADER_OPTIONAL:
            problem(key, "targets.unknown_key", key=key, allowed=joined(_HEADER_REQUIRED + _HEADER_OPTIONAL))
    for key in _HEADER_REQUIRED:
        if key not in header:
            problem(key, "targets.missing_key", key=key)
    for key in ("id", "issuer", "name", "title", "document_number", "seed", "note"):
        if key in header and not isinstance(header[key], str):
            problem(key, "plan_file.text", key=key)
        elif key in header and key in _HEADER_REQUIRED and not _text(header[key]):
            problem(key, "plan_file.empty", key=key)
    plan_id = header.get("id")
    if _text(plan_id) and not _ID.fullmatch(str(plan_id)):
        problem("id", "plan_file.id_chars", id=plan_id)
    elif _text(plan_id) and stem is not None and plan_id != stem:
        problem("id", "plan_file.id_stem", id=plan_id, stem=stem)
    level = header.get("level")
    if "level" in header and level not in PLAN_LEVELS:
        problem("level", "plan_file.level", allowed=joined(PLAN_LEVELS), got=repr(level))
    if "jurisdiction" in header:
        wrong = code_problem(header["jurisdiction"], level if level in PLAN_LEVELS else None)
        if wrong:
            found.append(Problem(origin, "plan", None, "jurisdiction", *wrong))
    if "status" in header and header["status"] not in PLAN_STATUSES:
        problem("status", "plan_file.status", got=repr(header["status"]))
    for key in ("period_start", "period_end"):
        if key in header and not _year(header[key]):
            problem(key, "plan_file.year", key=key, first=FIRST_YEAR, last=LAST_YEAR)
    start, end = header.get("period_start"), header.get("period_end")
    if _year(start) and _year(end) and start > end:
        problem("period_end", "plan_file.period_order", start=start, end=end)
    if "date" in header and not isinstance(header["date"], date):
        problem("date", "plan_file.date")
    return found


def _direction_problems(raw: Mapping[str, Any], unit: str | None) -> list[tuple[str, str, str]]:
    """(field, zh, en) problems of a direction target's own keys."""
    found: list[tuple[str, str, str]] = []

    def problem(field: str, message: str, /, **values: object) -> None:
        found.append((field, *both(message, **values)))

    sense = raw.get("direction")
    if sense not in DIRECTIONS:
        problem("direction", "plan_file.direction", got=repr(sense))
    for key in _NUMBERED_ONLY:
        if key in raw:
            problem(key, "plan_file.direction_numbered", key=key)
    amount = raw.get("amount", 0.0)
    if not _number(amount) or amount < 0:
        problem("amount", "plan_file.amount", got=repr(amount))
    elif unit == "share" and amount >= 1:
        problem("amount", "plan_file.amount_share")
    elif sense == "keep" and amount:
        problem("amount", "plan_file.amount_keep")
    year = raw.get("baseline_year")
    if "baseline_year" in raw and not _year(year):
        problem("baseline_year", "plan_file.baseline_year", got=repr(year))
    elif _year(year) and _year(raw.get("deadline")) and year >= raw["deadline"]:
        problem("baseline_year", "plan_file.baseline_before_deadline", year=year, deadline=raw["deadline"])
    value = raw.get("baseline_value")
    if "baseline_value" in raw and (not _number(value) or value < 0 or (unit == "share" and value > 1)):
        problem("baseline_value", "plan_file.baseline_value", got=repr(value))
    return found


def as_problem(line: str, origin: str) -> Problem:
    """A line of :func:`parse_targets`' error as a Problem naming the target and, where it can be told, the field."""
    match = _TARGET_LINE.match(line)
    if match is None:
        _, _, message = line.partition(": ")
        layer, text = None, message or line
    else:
        layer = f"target #{match['number']} ({match['id']})"
        text = match["message"]
    zh, _, en = text.partition(" / ")  # parse_targets' lines are bilingual(): Chinese first
    zh, en = (zh, en) if en else (text, text)
    return Problem(origin, layer, None, _field_of(en), zh, en)


_KNOWN_FIELDS = frozenset(
    {"id", "indicator", "title_zh", "title_en", "comparison", "threshold", "tolerance", "deadline", "level"}
    | {"bureau", "params", "source", "note", "source.quote"}
)


def _field_of(message: str) -> str | None:
    """The key an English message of :func:`geo.core.targets.parse_targets` is about (None when it cannot be told)."""
    quoted = re.match(r"(unknown key|missing key|unknown parameter|parameter) '([^']+)'", message)
    if quoted:
        return ("params." if "parameter" in quoted[1] else "") + quoted[2]
    if message.startswith("unknown indicator"):
        return "indicator"
    if message.startswith("duplicate id"):
        return "id"
    named = re.match(r"'?([a-z_]+(?:\.[a-z_]+)?)'?\s", message)
    return named[1] if named and named[1] in _KNOWN_FIELDS else None


def _problem(origin: str, layer: str, field: str, message: str, /, **values: object) -> Problem:
    return Problem(origin, layer, None, field, *both(message, **values))


def target_tables(
    raws: list[Any], header: Mapping[str, Any], origin: str, catalog: Catalog
) -> tuple[list[dict], list[Problem]]:
    """The plan's targets as flat ``[[target]]`` tables (source completed from the header), and their own problems."""
    tables: list[dict] = []
    problems: list[Problem] = []
    cited = citation(header.get("issuer", ""), header.get("title", ""), header.get("status"))
    for number, raw in enumerate(raws, start=1):
        if not isinstance(raw, Mapping):
            problems.append(Problem(origin, f"target #{number}", None, None, *both("targets.check_table")))
            continue
        layer = f"target #{number} ({raw.get('id', '?')})"
        table = {k: v for k, v in raw.items() if k not in DIRECTION_KEYS}
        spec = catalog.indicators.get(raw.get("indicator", ""))
        unit = spec.unit if spec else None
        if "direction" in raw:
            for key, zh, en in _direction_problems(raw, unit):
                problems.append(Problem(origin, layer, None, key, zh, en))
            for key in _NUMBERED_ONLY:
                table.pop(key, None)
            table.update(comparison=">=", threshold=0.0)  # placeholders: the threshold follows from the baseline
        else:
            for key in DIRECTION_KEYS[1:]:
                if key in raw:
                    problems.append(_problem(origin, layer, key, "plan_file.direction_only", key=key))
        source = raw.get("source")
        if isinstance(source, Mapping):
            for key in source:
                if key != "quote":
                    problems.append(_problem(origin, layer, f"source.{key}", "plan_file.source_key", key=key))
            table["source"] = {
                "seed": str(header.get("seed") or header.get("id") or "?"),
                "plan": cited,
                "quote": source.get("quote", ""),
            }
        level = raw.get("level")
        if level == "province" and header.get("level") != "province":
            problems.append(_problem(origin, layer, "level", "plan_file.province_total"))
        deadline, start, end = raw.get("deadline"), header.get("period_start"), header.get("period_end")
        if _year(deadline) and _year(start) and _year(end) and start <= end and not start <= deadline <= end:
            problems.append(
                _problem(
                    origin, layer, "deadline", "plan_file.deadline_period", deadline=deadline, start=start, end=end
                )
            )
        tables.append(table)
    return tables, problems
