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
        head = f"{len(self.problems)} problem(s) in the plan files / 规划文件有 {len(self.problems)} 处问题:"
        super().__init__("\n".join([head, *(p.describe() for p in self.problems)]))


def citation(issuer: object, title: object, status: object) -> str:
    """How a plan is cited: 「中共沁水县委 沁水县人民政府《关于…的实施方案》」, a draft with 「（征求意见稿）」."""
    draft = "（征求意见稿）" if status == "draft" and "征求意见稿" not in str(title) else ""
    return f"{issuer}《{title}》{draft}"


def code_problem(code: object, level: str | None = None) -> tuple[str, str] | None:
    """Why ``code`` is not an NBS jurisdiction code (of ``level`` when given), as (zh, en); None when it is."""
    if not isinstance(code, str) or not re.fullmatch(r"\d{2}|\d{4}|\d{6}", code):
        return (
            f'区划代码“{code}”应为 2 位（省）、4 位（市）或 6 位（县）数字文本，如 "360222"',
            f'code {code!r} must be text of 2 (province), 4 (city) or 6 (county) digits, e.g. "360222"',
        )
    if code[0] not in "12345678" or code[:2] == "10":
        return f"区划代码“{code}”的省级代码“{code[:2]}”不存在", f"code '{code}': there is no province '{code[:2]}'"
    if len(code) >= 4 and code[2:4] == "00":
        return f"区划代码“{code}”的市级部分不能为 00", f"code '{code}': the city part cannot be 00"
    if len(code) == 6 and code[4:6] == "00":
        return f"区划代码“{code}”的县级部分不能为 00", f"code '{code}': the county part cannot be 00"
    if level is not None and level in PLAN_LEVELS and len(code) != PLAN_LEVELS[level]:
        digits = PLAN_LEVELS[level]
        return (
            f"{level} 级规划的区划代码应为 {digits} 位，实为“{code}”",
            f"a {level} plan's code has {digits} digits, got '{code}'",
        )
    return None


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _year(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and FIRST_YEAR <= value <= LAST_YEAR


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(float(value))


def header_problems(header: object, origin: str, stem: str | None) -> list[Problem]:
    """Problems of the ``[plan]`` table."""

    def problem(key: str | None, zh: str, en: str) -> None:
        found.append(Problem(origin, "plan", None, key, zh, en))

    found: list[Problem] = []
    if not isinstance(header, Mapping):
        problem(
            None,
            "缺少 [plan] 表（发文机关、区划、期限等）",
            "the [plan] table is missing (issuer, jurisdiction, period …)",
        )
        return found
    for key in header:
        if key not in _HEADER_REQUIRED + _HEADER_OPTIONAL:
            allowed = ", ".join(_HEADER_REQUIRED + _HEADER_OPTIONAL)
            problem(key, f"未知字段“{key}”（可用：{allowed}）", f"unknown key '{key}' (allowed: {allowed})")
    for key in _HEADER_REQUIRED:
        if key not in header:
            problem(key, f"缺少字段“{key}”", f"missing key '{key}'")
    for key in ("id", "issuer", "name", "title", "document_number", "seed", "note"):
        if key in header and not isinstance(header[key], str):
            problem(key, f"“{key}”应为文本", f"'{key}' must be text")
        elif key in header and key in _HEADER_REQUIRED and not _text(header[key]):
            problem(key, f"“{key}”不能为空", f"'{key}' must not be empty")
    plan_id = header.get("id")
    if _text(plan_id) and not _ID.fullmatch(str(plan_id)):
        problem(
            "id",
            f"编号“{plan_id}”只能含字母、数字、下划线和连字符",
            f"id '{plan_id}' may hold only letters, digits, '_' and '-'",
        )
    elif _text(plan_id) and stem is not None and plan_id != stem:
        problem("id", f"编号“{plan_id}”应与文件名“{stem}”一致", f"id '{plan_id}' must match the file name '{stem}'")
    level = header.get("level")
    if "level" in header and level not in PLAN_LEVELS:
        problem(
            "level",
            f"层级应为 {'、'.join(PLAN_LEVELS)} 之一",
            f"level must be one of {', '.join(PLAN_LEVELS)}, got {level!r}",
        )
    if "jurisdiction" in header:
        wrong = code_problem(header["jurisdiction"], level if level in PLAN_LEVELS else None)
        if wrong:
            problem("jurisdiction", *wrong)
    if "status" in header and header["status"] not in PLAN_STATUSES:
        problem(
            "status",
            "状态应为 adopted（已印发）或 draft（征求意见稿）",
            f"status must be adopted or draft, got {header['status']!r}",
        )
    for key in ("period_start", "period_end"):
        if key in header and not _year(header[key]):
            problem(
                key, f"“{key}”应为 {FIRST_YEAR}–{LAST_YEAR} 的年份", f"'{key}' must be a year {FIRST_YEAR}–{LAST_YEAR}"
            )
    start, end = header.get("period_start"), header.get("period_end")
    if _year(start) and _year(end) and start > end:
        problem("period_end", f"规划期末 {end} 早于期初 {start}", f"the period ends ({end}) before it starts ({start})")
    if "date" in header and not isinstance(header["date"], date):
        problem("date", "印发日期应写作 2021-05-10（不加引号）", "date must be written as 2021-05-10 (no quotes)")
    return found


def _direction_problems(raw: Mapping[str, Any], unit: str | None) -> list[tuple[str, str, str]]:
    """(field, zh, en) problems of a direction target's own keys."""
    found: list[tuple[str, str, str]] = []
    sense = raw.get("direction")
    if sense not in DIRECTIONS:
        found.append(
            ("direction", "方向应为 up（提高）或 keep（巩固、不降低）", f"direction must be up or keep, got {sense!r}")
        )
    for key in _NUMBERED_ONLY:
        if key in raw:
            found.append(
                (
                    key,
                    f"只定方向的目标不设“{key}”：达标值由基线加提高幅度得出",
                    f"a direction target has no '{key}': its threshold is the baseline plus the amount",
                )
            )
    amount = raw.get("amount", 0.0)
    if not _number(amount) or amount < 0:
        found.append(("amount", "提高幅度应为非负数", f"amount must be a number ≥ 0, got {amount!r}"))
    elif unit == "share" and amount >= 1:
        found.append(
            ("amount", "比例的提高幅度应小于1（5个百分点写作0.05）", "a share's amount is below 1 (0.05 = 5 points)")
        )
    elif sense == "keep" and amount:
        found.append(("amount", "巩固（keep）类目标不设提高幅度", "a keep target has no amount"))
    year = raw.get("baseline_year")
    if "baseline_year" in raw and not _year(year):
        found.append(
            ("baseline_year", "基线年份应为年份，如 2020", f"baseline_year must be a year such as 2020, got {year!r}")
        )
    elif _year(year) and _year(raw.get("deadline")) and year >= raw["deadline"]:
        found.append(
            (
                "baseline_year",
                "基线年份应早于完成期限",
                f"baseline_year {year} must be before the deadline {raw['deadline']}",
            )
        )
    value = raw.get("baseline_value")
    if "baseline_value" in raw and (not _number(value) or value < 0 or (unit == "share" and value > 1)):
        found.append(
            (
                "baseline_value",
                "基线值应为非负数（比例在0–1之间）",
                f"baseline_value must be a number ≥ 0 (a share 0–1), got {value!r}",
            )
        )
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
    zh, _, en = text.partition(" / ")  # the targets loader says 中文 / English (geo.text.i18n.bilingual)
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


def target_tables(
    raws: list[Any], header: Mapping[str, Any], origin: str, catalog: Catalog
) -> tuple[list[dict], list[Problem]]:
    """The plan's targets as flat ``[[target]]`` tables (source completed from the header), and their own problems."""
    tables: list[dict] = []
    problems: list[Problem] = []
    cited = citation(header.get("issuer", ""), header.get("title", ""), header.get("status"))
    for number, raw in enumerate(raws, start=1):
        if not isinstance(raw, Mapping):
            problems.append(Problem(origin, f"target #{number}", None, None, "应为表", "must be a table"))
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
                    problems.append(
                        Problem(
                            origin,
                            layer,
                            None,
                            key,
                            f"“{key}”只用于只定方向的目标（需同时写 direction）",
                            f"'{key}' belongs to a direction target (give direction too)",
                        )
                    )
        source = raw.get("source")
        if isinstance(source, Mapping):
            for key in source:
                if key != "quote":
                    problems.append(
                        Problem(
                            origin,
                            layer,
                            None,
                            f"source.{key}",
                            f"未知字段“source.{key}”：规划文件只写原文 quote，规划名称写在 [plan] 中",
                            f"unknown key 'source.{key}': a plan file gives only the quote; the plan is named in [plan]",
                        )
                    )
            table["source"] = {
                "seed": str(header.get("seed") or header.get("id") or "?"),
                "plan": cited,
                "quote": source.get("quote", ""),
            }
        level = raw.get("level")
        if level == "province" and header.get("level") != "province":
            problems.append(
                Problem(
                    origin,
                    layer,
                    None,
                    "level",
                    "只有省级规划可设全省总量目标（level = province）",
                    "only a province plan sets a province-wide total (level = province)",
                )
            )
        deadline, start, end = raw.get("deadline"), header.get("period_start"), header.get("period_end")
        if _year(deadline) and _year(start) and _year(end) and start <= end and not start <= deadline <= end:
            problems.append(
                Problem(
                    origin,
                    layer,
                    None,
                    "deadline",
                    f"完成期限 {deadline} 年不在规划期 {start}–{end} 年内",
                    f"deadline {deadline} lies outside the plan period {start}–{end}",
                )
            )
        tables.append(table)
    return tables, problems
