"""Which plans judge a county: its own plan, then its city's, then its province's; then reference plans.

A county's NBS code names its chain: 沁水县 ``140521`` → its own plan (``140521``), 晋城市's
(``1405``), 山西省's (``14``). Of each jurisdiction the plan in force in the report's year applies
(:func:`plan_for`). Every indicator is judged once, by the nearest plan that sets it: where the
county and the province both set the centralized water rate, the county's target is the one
shown and the province's is left out. A province-wide total (a target of ``level = "province"``,
Shanxi's PV revenue of 1.8 bn yuan) is shown as the county's contribution and never judged on it
(:attr:`geo.core.targets.Source.role` ``contribution``).

Reference plans (benchmarks) come after the chain and fill only the indicators it leaves open;
their targets are labelled 「参照」 (role ``reference``). A county with no plan in the library is
judged by reference plans alone. A province total of a reference plan is left out (a county
outside that province contributes nothing to it).

Targets without a number (:class:`geo.core.targets.Direction`) get their threshold from a
baseline here (:func:`with_baselines`): the value the user set, else the plan's, else the value
of the baseline year in the dataset's yearly history; without one they are not judged.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from geo.core.errors import Problem
from geo.core.plan_checks import PlanError
from geo.core.plans import Plan
from geo.core.targets import Target
from geo.text.i18n import both

OWN, HIGHER, CONTRIBUTION, REFERENCE = "own", "higher", "contribution", "reference"
BASELINE_USER, BASELINE_PLAN, BASELINE_HISTORY = "user", "plan", "history"


def jurisdiction_of(town_codes: Iterable[object]) -> str | None:
    """The jurisdiction a dataset covers, from its 9-digit township codes.

    The county (6 digits) when every township lies in one county, else the city (4) or the
    province (2) they share; None when there are no township codes or they share no province.
    """
    counties = {str(c)[:6] for c in town_codes if c is not None and re.fullmatch(r"\d{9}", str(c))}
    if not counties:
        return None
    for digits in (6, 4, 2):
        shared = {code[:digits] for code in counties}
        if len(shared) == 1:
            return shared.pop()
    return None


def plan_for(jurisdiction: str, library: Mapping[str, Plan], year: int) -> Plan | None:
    """The plan of ``jurisdiction`` that applies in ``year``.

    One whose period covers the year (an adopted plan before a draft, then the later start);
    else the one that ended last before it (still the plan in force until the next one is
    written); None when the jurisdiction has no plan, or only plans that start later.
    """
    own = [plan for plan in library.values() if plan.jurisdiction == jurisdiction]
    covering = [plan for plan in own if plan.covers(year)]
    if covering:
        return max(covering, key=lambda p: (p.status == "adopted", p.period[0], p.id))
    ended = [plan for plan in own if plan.period[1] < year]
    return max(ended, key=lambda p: (p.period[1], p.status == "adopted", p.id)) if ended else None


def chain(code: str | None, library: Mapping[str, Plan], year: int) -> list[Plan]:
    """The plans of a jurisdiction and of those above it, nearest first (county, city, province)."""
    if not code:
        return []
    found = [plan_for(code[:digits], library, year) for digits in (6, 4, 2) if len(code) >= digits]
    return [plan for plan in found if plan is not None]


def role_of(plan: Plan, code: str | None) -> str:
    """How a plan relates to the jurisdiction judged: ``own``, ``higher`` (its city or province) or ``reference``."""
    if code and plan.jurisdiction == code:
        return OWN
    if code and code.startswith(plan.jurisdiction):
        return HIGHER
    return REFERENCE


@dataclass(frozen=True)
class AppliedPlan:
    """A plan as it applies to one county: its role, the indicators it judges there, the targets left out."""

    plan: Plan
    role: str
    targets: tuple[str, ...]  # ids of its targets that apply
    left_out: tuple[str, ...]  # ids of its targets a nearer plan overrides (or a province total outside its province)


@dataclass(frozen=True)
class Applied:
    """The targets that judge one county and the plans they come from (nearest first, then references)."""

    code: str | None
    plans: tuple[AppliedPlan, ...]
    targets: Mapping[str, Target]

    def plan_of(self, target_id: str) -> Plan | None:
        """The plan a target comes from (None for an unknown id)."""
        for applied in self.plans:
            if target_id in applied.targets:
                return applied.plan
        return None

    @property
    def own(self) -> Plan | None:
        """The county's own plan, when the library has one."""
        return next((a.plan for a in self.plans if a.role == OWN), None)


def _unknown(ids: Sequence[str], library: Mapping[str, Plan], what: str) -> list[Problem]:
    known = ", ".join(library) or "—"
    return [
        Problem(what, None, None, None, *both("plan_file.unknown_plan", id=pid, known=known))
        for pid in ids
        if pid not in library
    ]


def resolve(
    code: str | None,
    library: Mapping[str, Plan],
    *,
    year: int,
    plans: Sequence[str] = (),
    reference: Sequence[str] | None = None,
    default_reference: Sequence[str] = (),
) -> Applied:
    """The targets that judge a jurisdiction in ``year``, each with its plan and role (see the module docstring).

    ``plans`` replaces the chain by exactly these plans (the ``--plan`` override), nearest first.
    ``reference`` names the benchmark plans (in order) that fill the indicators the chain leaves
    open; when it is None, ``default_reference`` does, but only for a county without any plan.
    Raises :class:`PlanError` for an unknown plan id, or when two applied plans use one target
    id for different indicators.
    """
    problems = _unknown(plans, library, "--plan") + _unknown(reference or (), library, "reference")
    if problems:
        raise PlanError(problems)
    ordered = [library[pid] for pid in plans] if plans else chain(code, library, year)
    chosen = list(reference) if reference is not None else ([] if ordered else list(default_reference))
    ordered += [library[pid] for pid in chosen if pid not in {p.id for p in ordered}]
    targets: dict[str, Target] = {}
    taken: set[str] = set()
    applied: list[AppliedPlan] = []
    for plan in ordered:
        role = role_of(plan, code)
        used, left_out = [], []
        for target in plan.targets.values():
            total = target.level == "province"
            if target.indicator in taken or (total and role == REFERENCE):
                left_out.append(target.id)
                continue
            if target.id in targets:
                other = targets[target.id]
                raise PlanError(
                    [
                        Problem(
                            plan.id,
                            f"target {target.id}",
                            None,
                            "id",
                            *both(
                                "plan_file.target_id_taken",
                                id=target.id,
                                plan=other.source.plan_id,
                                indicator=other.indicator,
                            ),
                        )
                    ]
                )
            source = replace(target.source, role=CONTRIBUTION if total else role)
            targets[target.id] = replace(target, source=source)
            used.append(target.id)
        taken |= {plan.targets[tid].indicator for tid in used}
        applied.append(AppliedPlan(plan, role, tuple(used), tuple(left_out)))
    return Applied(code, tuple(applied), targets)


def baseline_threshold(target: Target, value: float) -> tuple[str, float]:
    """(comparison, threshold) of a direction target from its baseline value.

    ``keep``: at least the baseline; ``up`` with an amount: at least baseline + amount (a share is
    capped at 100 %); ``up`` without one: above the baseline.
    """
    direction = target.direction
    if direction is None:
        return target.comparison, target.threshold
    threshold = value + direction.amount
    if target.unit == "share":
        threshold = min(threshold, 1.0)
    at_full = target.unit == "share" and threshold >= 1.0  # a share at 100 % can only stay there
    strictly = direction.sense == "up" and direction.amount == 0 and not at_full
    return (">" if strictly else ">="), threshold


def with_baselines(
    targets: Mapping[str, Target],
    *,
    history: Mapping[tuple[str, int], float] | None = None,
    given: Mapping[str, tuple[int, float]] | None = None,
) -> dict[str, Target]:
    """The targets with the threshold of every direction target set from its baseline.

    ``given`` holds the baselines the user set (target id → (year, value)); ``history`` the
    county values of the yearly history ((target id, year) → value). A target without a
    baseline keeps a NaN threshold (not judged).
    """
    history, given = history or {}, given or {}
    out: dict[str, Target] = {}
    for target_id, target in targets.items():
        direction = target.direction
        if direction is None:
            out[target_id] = target
            continue
        year, value, source = direction.baseline_year, direction.baseline_value, direction.baseline_source
        if target_id in given:
            (year, value), source = given[target_id], BASELINE_USER
        elif value is not None:
            source = BASELINE_PLAN
        elif year is not None and (target_id, year) in history:
            value, source = history[(target_id, year)], BASELINE_HISTORY
        if value is None or not math.isfinite(float(value)):
            out[target_id] = replace(target, threshold=float("nan"), direction=replace(direction, baseline_year=year))
            continue
        comparison, threshold = baseline_threshold(target, float(value))
        out[target_id] = replace(
            target,
            comparison=comparison,  # type: ignore[arg-type]
            threshold=threshold,
            direction=replace(direction, baseline_year=year, baseline_value=float(value), baseline_source=source),
        )
    return out
