"""How the plan behind a target reads: its citation and document number, and its role (本县规划 / 参照 …).

Every page, sheet and printed map that shows a target names the plan it comes from, and a
target of a benchmark plan (role ``reference``) says 「参照」 wherever it appears, so a leader
never takes another county's target for the county's own. A province-wide total reads as the
county's contribution (:func:`contribution_text`).
"""

from __future__ import annotations

from geo.core.plans import Plan
from geo.core.targets import Source, Target
from geo.text.i18n import DEFAULT_LANG, t
from geo.text.target_text import target_text

ROLES = ("own", "higher", "contribution", "reference")


def role_label(role: str, *, lang: str = DEFAULT_LANG) -> str:
    """The short label of a role (本县规划、上级规划、本县贡献、参照); empty for a target of a flat targets file."""
    return t(f"plan.role.{role}", lang) if role in ROLES else ""


def is_reference(source: Source) -> bool:
    """Whether a target comes from a benchmark plan, not the county's own chain."""
    return source.role == "reference"


def citation_text(source: Source) -> str:
    """The plan's citation with its document number: 「中共沁水县委 沁水县人民政府《…》（沁发〔2021〕17号）」."""
    return f"{source.plan}（{source.document}）" if source.document else source.plan


def basis_text(target: Target, *, lang: str = DEFAULT_LANG) -> str:
    """The line naming the plan of a target: 「依据：…」, 「参照（非本县规划）：…」 or 「全省总量，本县贡献：…」."""
    source = target.source
    key = {"reference": "plan.basis_reference", "contribution": "plan.basis_contribution"}.get(
        source.role, "plan.basis"
    )
    return t(key, lang, plan=citation_text(source))


def contribution_text(target: Target, value: float, *, lang: str = DEFAULT_LANG) -> str:
    """A province total and the county's part of it: 「全省目标 ≥ 180,000万元，本县占 0.02%」."""
    goal = target_text(target, lang=lang, compact=True)
    share = value / target.threshold if target.threshold and value == value else float("nan")
    part = f"{share * 100:.2f}%" if share == share else "—"
    return t("plan.contribution", lang, target=goal, share=part)


def plan_label(source: Source, plan: Plan | None = None, *, lang: str = DEFAULT_LANG) -> str:
    """A short line for a card: 「参照 · 沁水县 2021–2025 · 沁发〔2021〕17号」 (empty for a flat targets file).

    Without the :class:`Plan` the issuer stands for its name and period.
    """
    if not source.plan_id:
        return ""
    name = plan.label() if plan is not None else source.plan.split("《")[0].strip() or source.plan_id
    parts = [role_label(source.role, lang=lang), name, source.document]
    return " · ".join(part for part in parts if part)
