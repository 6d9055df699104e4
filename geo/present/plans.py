"""The 规划目标 page's view-model: the plans that apply, their targets with the source sentence, a new plan as a draft, comparisons.

Everything a page shows of the plans is built here from the plan library and the report; the
page (``views/plans.py``) only lays it out. A new plan is a copy of an existing plan's document
(:func:`draft_copy`) edited field by field (:func:`set_header`, :func:`set_target`) and checked
by :func:`geo.core.plans.plan_problems`; :func:`problems_by_place` sorts the problems by where
the form shows them (the plan's header, or one target).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from geo.analysis.catalog import CATALOG
from geo.analysis.status import scope_value
from geo.core.errors import Problem
from geo.core.plan_chain import Applied
from geo.core.plans import Plan
from geo.core.targets import Target
from geo.text.i18n import DEFAULT_LANG, bilingual, pick, t
from geo.text.plan_text import role_label
from geo.text.target_text import format_value, target_text, unit_of

HEADER_FIELDS = (
    "id",
    "name",
    "jurisdiction",
    "issuer",
    "title",
    "document_number",
    "period_start",
    "period_end",
    "status",
)
TARGET_FIELDS = ("title_zh", "title_en", "threshold", "tolerance", "deadline", "amount", "baseline_year", "quote")
NUMBER_FIELDS = frozenset({"threshold", "tolerance", "amount"})
YEAR_FIELDS = frozenset({"deadline", "baseline_year", "period_start", "period_end"})


def _status(plan: Plan, lang: str) -> str:
    return t(f"plan.status.{plan.status}", lang)


def applied_table(applied: Applied, *, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """One row per plan judging the county, nearest first: role, plan, document number, status, period, targets used."""
    rows = [
        {
            t("plans.col.role", lang): role_label(entry.role, lang=lang),
            t("plans.col.plan", lang): entry.plan.full_title,
            t("plans.col.document", lang): entry.plan.document_number or "—",
            t("plans.col.status", lang): _status(entry.plan, lang),
            t("plans.col.period", lang): f"{entry.plan.period[0]}–{entry.plan.period[1]}",
            t("plans.col.used", lang): len(entry.targets),
            t("plans.col.left_out", lang): len(entry.left_out),
        }
        for entry in applied.plans
    ]
    return pd.DataFrame(
        rows,
        columns=[
            t(f"plans.col.{k}", lang) for k in ("role", "plan", "document", "status", "period", "used", "left_out")
        ],
    )


def library_table(library: Mapping[str, Plan], *, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Every plan of the library: id, jurisdiction and its code, level, period, status, number of targets, citation."""
    rows = [
        {
            t("plans.col.id", lang): plan.id,
            t("plans.col.jurisdiction", lang): t("text.bracketed", lang, text=plan.name, note=plan.jurisdiction),
            t("plans.col.level", lang): t(f"plan.level.{plan.level}", lang),
            t("plans.col.period", lang): f"{plan.period[0]}–{plan.period[1]}",
            t("plans.col.status", lang): _status(plan, lang),
            t("plans.col.targets", lang): len(plan.targets),
            t("plans.col.plan", lang): (
                t("text.bracketed", lang, text=plan.full_title, note=plan.document_number)
                if plan.document_number
                else plan.full_title
            ),
        }
        for plan in library.values()
    ]
    keys = ("id", "jurisdiction", "level", "period", "status", "targets", "plan")
    return pd.DataFrame(rows, columns=[t(f"plans.col.{k}", lang) for k in keys])


def targets_table(plan: Plan, applied: Applied | None = None, *, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """A plan's targets with the sentence each comes from, and whether it judges the county (or why not)."""
    used = {tid for entry in (applied.plans if applied else ()) if entry.plan.id == plan.id for tid in entry.targets}
    rows = []
    for target in plan.targets.values():
        spec = CATALOG.indicators.get(target.indicator)
        if applied is None:
            state = ""
        elif target.id in used:
            state = t("plans.state.used", lang)
        elif any(entry.plan.id == plan.id for entry in applied.plans):
            state = t("plans.state.left_out", lang)
        else:
            state = t("plans.state.not_applied", lang)
        rows.append(
            {
                t("plans.col.target", lang): target.title(lang),
                t("plans.col.indicator", lang): pick(spec.title_zh, spec.title_en, lang) if spec else target.indicator,
                t("plans.col.goal", lang): target_text(target, lang=lang, compact=True),
                t("plans.col.deadline", lang): target.deadline,
                t("plans.col.quote", lang): target.source.quote,
                t("plans.col.state", lang): state,
            }
        )
    keys = ("target", "indicator", "goal", "deadline", "quote", "state")
    return pd.DataFrame(rows, columns=[t(f"plans.col.{k}", lang) for k in keys])


def baseline_table(targets: Mapping[str, Target], *, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The targets without a number that judge the county: what they ask, their baseline and where it comes from."""
    rows = []
    for target in targets.values():
        direction = target.direction
        if direction is None:
            continue
        value = direction.baseline_value
        rows.append(
            {
                t("plans.col.target", lang): target.title(lang),
                t("plans.col.goal", lang): target_text(target, lang=lang, compact=True),
                t("plans.col.baseline_year", lang): direction.baseline_year,
                t("plans.col.baseline", lang): "—"
                if value is None
                else format_value(value, unit_of(target), lang=lang),
                t("plans.col.baseline_source", lang): t(f"plans.baseline.{direction.baseline_source or 'none'}", lang),
            }
        )
    keys = ("target", "goal", "baseline_year", "baseline", "baseline_source")
    return pd.DataFrame(rows, columns=[t(f"plans.col.{k}", lang) for k in keys])


# --- a new plan, copied and edited --------------------------------------------------------------


def draft_copy(
    document: Mapping[str, Any],
    *,
    plan_id: str,
    period: tuple[int, int],
    jurisdiction: str | None = None,
    name: str | None = None,
    status: str = "draft",
) -> dict[str, Any]:
    """A copy of a plan document as the start of a new plan: new id, period and status; deadlines moved with the period.

    Each target's deadline (and baseline year) moves by as many years as the period's start
    (2021–2025 → 2026–2030: 2025 → 2030, 2021 → 2026), clipped to the new period. The document
    number and date are cleared (a new plan has none yet); the sentences stay, to be edited.
    """
    out = copy.deepcopy(dict(document))
    header = dict(out.get("plan", {}))
    shift = period[0] - int(header.get("period_start", period[0]))
    header.update(id=plan_id, period_start=period[0], period_end=period[1], status=status, document_number="")
    header.pop("date", None)
    header.pop("seed", None)
    if jurisdiction:
        header["jurisdiction"] = jurisdiction
    if name:
        header["name"] = name
    header["note"] = bilingual("plan_file.copied_from", id=document.get("plan", {}).get("id", "?"))
    out["plan"] = header
    for target in out.get("target", []):
        if isinstance(target.get("deadline"), int):
            target["deadline"] = min(max(target["deadline"] + shift, period[0]), period[1])
        if isinstance(target.get("baseline_year"), int):
            target["baseline_year"] = target["baseline_year"] + shift
    return out


def _typed(field: str, value: object) -> object:
    """A form value as the document holds it: years as integers, numbers as floats; text stays text."""
    if isinstance(value, str) and field in NUMBER_FIELDS | YEAR_FIELDS:
        text = value.strip().rstrip("%")
        try:
            number = float(text)
        except ValueError:
            return value  # left as typed: the check names the field
        return int(number) if field in YEAR_FIELDS and number.is_integer() else number
    if field in YEAR_FIELDS and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def set_header(document: Mapping[str, Any], **fields: object) -> dict[str, Any]:
    """The document with ``[plan]`` fields replaced (an empty document number is left out)."""
    out = copy.deepcopy(dict(document))
    header = dict(out.get("plan", {}))
    for name, value in fields.items():
        header[name] = _typed(name, value)
    if not header.get("document_number"):
        header.pop("document_number", None)
    out["plan"] = header
    return out


def set_target(document: Mapping[str, Any], number: int, **fields: object) -> dict[str, Any]:
    """The document with fields of target #``number`` (1-based) replaced; ``quote`` goes to its source."""
    out = copy.deepcopy(dict(document))
    target = out["target"][number - 1]
    for name, value in fields.items():
        if name == "quote":
            target.setdefault("source", {})["quote"] = value
        elif value is None:
            target.pop(name, None)
        else:
            target[name] = _typed(name, value)
    return out


def target_fields(document: Mapping[str, Any], number: int) -> dict[str, object]:
    """The editable fields of target #``number`` as the form shows them (absent ones left out)."""
    target = document["target"][number - 1]
    fields = {name: target[name] for name in TARGET_FIELDS if name in target}
    fields["quote"] = target.get("source", {}).get("quote", "")
    return fields


def problems_by_place(problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    """Problems keyed by where the form shows them: ``"plan"`` (header and file) or ``"target #n"``."""
    places: dict[str, list[Problem]] = {}
    for problem in problems:
        layer = problem.layer or "plan"
        place = layer.split(" (")[0] if layer.startswith("target #") else "plan"
        places.setdefault(place, []).append(problem)
    return places


def problem_text(problem: Problem, *, lang: str = DEFAULT_LANG) -> str:
    """One problem for the form: 「threshold：比例阈值应在0–1之间…」 (the field first)."""
    message = problem.message_en if lang == "en" else problem.message_zh
    return t("text.labelled", lang, label=problem.field, text=message) if problem.field else message


# --- comparing plans ----------------------------------------------------------------------------


def compare_table(plans: Sequence[Plan], *, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The same indicators across plans: one row per indicator any of them sets, one column per plan.

    A cell is what the plan asks and by when (「≥ 95%（±1%）· 2025年」), several targets of one plan
    joined by 「；」, 「—」 where the plan sets nothing. Rows follow the catalogue's order.
    """
    order = list(CATALOG.indicators)
    present = {t_.indicator for plan in plans for t_ in plan.targets.values()}
    indicator_column = t("plans.col.indicator", lang)
    rows = []
    for indicator in sorted(present, key=lambda i: order.index(i) if i in order else len(order)):
        spec = CATALOG.indicators.get(indicator)
        row: dict[str, object] = {indicator_column: pick(spec.title_zh, spec.title_en, lang) if spec else indicator}
        for plan in plans:
            asks = [
                t("plans.cell", lang, goal=target_text(target, lang=lang, compact=True), year=target.deadline)
                for target in plan.targets.values()
                if target.indicator == indicator
            ]
            row[plan.label()] = t("sep.clause", lang).join(asks) or "—"
        rows.append(row)
    return pd.DataFrame(rows, columns=[indicator_column, *(plan.label() for plan in plans)])


def _verdict(met: bool | None, lang: str) -> str:
    return t({True: "plans.met", False: "plans.not_met", None: "plans.unjudged"}[met], lang)


def side_by_side(
    own: tuple[pd.DataFrame, Mapping[str, Target]],
    benchmark: tuple[pd.DataFrame, Mapping[str, Target]],
    *,
    lang: str = DEFAULT_LANG,
) -> pd.DataFrame:
    """The county measured against its own plans and against a benchmark plan, one row per indicator.

    ``own`` and ``benchmark`` are (indicator table, targets) of two reports of the same data;
    each side's value is measured with its own plan's definition (a benchmark may count every
    natural village where the own plan counts the larger ones), so the values may differ.
    """
    by_indicator: dict[str, dict[str, Target]] = {}
    for side, (_, targets) in (("own", own), ("benchmark", benchmark)):
        for target in targets.values():
            by_indicator.setdefault(target.indicator, {}).setdefault(side, target)
    order = list(CATALOG.indicators)
    keys = ("indicator", "own_value", "own_goal", "own_met", "bench_goal", "bench_value", "bench_met")
    columns = [t(f"plans.side.{k}", lang) for k in keys]
    rows = []
    for indicator in sorted(by_indicator, key=lambda i: order.index(i) if i in order else len(order)):
        spec = CATALOG.indicators.get(indicator)
        cells: list[object] = [pick(spec.title_zh, spec.title_en, lang) if spec else indicator]
        for side, (indicators, _) in (("own", own), ("benchmark", benchmark)):
            chosen = by_indicator[indicator].get(side)
            if chosen is None:
                part = ["—", "—", "—"]
            else:
                scoped = scope_value(indicators, chosen)
                value = format_value(scoped.value, unit_of(chosen), lang=lang)
                goal = target_text(chosen, lang=lang, compact=True)
                part = [value, goal, _verdict(scoped.met, lang)]
            if side == "own":
                cells += part
            else:
                cells += [part[1], part[0], part[2]]
        rows.append(cells)
    return pd.DataFrame(rows, columns=columns)
