"""The overview's view-model: target cards, the township table, the targets a village map can show, village details.

Everything here reads the indicator table of a report (:data:`geo.analysis.rollup.UNIT_COLUMNS`)
and the targets; nothing is measured again. Statuses (met / near / far / unjudged / none) are those of
:mod:`geo.analysis.status`; the village map layer itself is :mod:`geo.map.choropleth`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pandas as pd

from geo.analysis.needs import holders
from geo.analysis.rollup import COUNTY_CODE
from geo.analysis.status import classify, scope_value, status_label
from geo.core.layer_names import ADMIN_VILLAGES, TOWNSHIPS
from geo.core.plan_chain import Applied
from geo.core.plans import Plan
from geo.core.targets import Target
from geo.map import palette
from geo.text.i18n import DEFAULT_LANG, t
from geo.text.plan_text import basis_text, contribution_text, plan_label, role_label
from geo.text.target_text import format_value, target_text, unit_of

# The overview map opens with the villages (coloured by the chosen target) and the townships only;
# every other layer is one tick away in the legend. Eight layers at once buried the colours.
MAP_SHOWN = (TOWNSHIPS, ADMIN_VILLAGES)

# Cell backgrounds of the township table (light tints of the status palette, so the numbers stay readable).
STATUS_BACKGROUNDS: Mapping[str, str] = palette.STATUS_BACKGROUNDS


# --- target cards ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetCard:
    """One target on the overview: the value for the scope, the target, the deadline, the verdict.

    ``met`` is None when the target is not judged at this level (e.g. a per-village income target
    summed for the county) or the value is unknown.
    """

    target_id: str
    title: str
    value: float
    value_text: str
    target_text: str
    deadline: int
    met: bool | None
    bureau: str
    scope: str  # "county" or "township"
    role: str = ""  # the plan's role for the county: own / higher / contribution / reference ("" flat file)
    plan: str = ""  # short plan line: 「参照 · 沁水县 2021–2025 · 沁发〔2021〕17号」
    basis: str = ""  # the full basis line: 「参照（非本县规划）：中共沁水县委…《…》（沁发〔2021〕17号）」
    no_data: str = ""  # the layers it needs and who holds them, when the store lacks them (no value, no verdict)


def target_cards(
    indicators: pd.DataFrame,
    targets: Mapping[str, Target],
    *,
    town_codes: Collection[str] = (),
    lang: str = DEFAULT_LANG,
    plans: Mapping[str, Plan] | None = None,
    no_data: Mapping[str, tuple[str, ...]] | None = None,
) -> list[TargetCard]:
    """A card per target that the report measured, in the order of the targets (own plans first).

    Each card names its plan (``plans`` by id gives the short name and period); a province-wide
    total reads as the county's share of it instead of a target line. ``no_data`` (the report's:
    target id → missing layers) marks the targets that could not be measured.
    """
    plans = plans or {}
    measured = set(indicators["target_id"].astype(str))
    cards = []
    for target in targets.values():
        if target.id not in measured:
            continue
        scoped = scope_value(indicators, target, town_codes)
        unit = unit_of(target)
        source = target.source
        goal = (
            contribution_text(target, scoped.value, lang=lang)
            if source.role == "contribution"
            else target_text(target, lang=lang, compact=True)
        )
        cards.append(
            TargetCard(
                target.id,
                target.title(lang),
                scoped.value,
                format_value(scoped.value, unit, lang=lang),
                goal,
                target.deadline,
                scoped.met,
                target.bureau,
                "township" if town_codes else "county",
                role=source.role,
                plan=plan_label(source, plans.get(source.plan_id), lang=lang),
                basis=basis_text(target, lang=lang),
                no_data=str(holders(no_data[target.id]).pick(lang)) if no_data and target.id in no_data else "",
            )
        )
    return cards


def plans_line(applied: Applied, *, lang: str = DEFAULT_LANG) -> str:
    """Which plans the cards come from, nearest first: 「浮梁县 2021–2025（本县规划）；沁水县 2021–2025 · 沁发〔2021〕17号（参照）」."""
    parts = []
    for entry in applied.plans:
        if not entry.targets:
            continue
        number = f" · {entry.plan.document_number}" if entry.plan.document_number else ""
        parts.append(f"{entry.plan.label()}{number}（{role_label(entry.role, lang=lang)}）")
    return t("overview.plans_caption", lang, plans="；".join(parts)) if parts else ""


# --- township table -------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusTable:
    """A table of values (shares in percent) with a status per cell, for a coloured display.

    ``values`` has a name column first, then one column per target (its title); ``status`` has the
    same shape with a status per target cell (``""`` in the name columns); ``units`` maps each
    target column to its unit.
    """

    values: pd.DataFrame
    status: pd.DataFrame
    units: dict[str, str]

    def styles(self) -> pd.DataFrame:
        """CSS per cell (background by status) for ``DataFrame.style.apply(..., axis=None)``."""
        return self.status.apply(
            lambda column: column.map(
                lambda s: f"background-color: {STATUS_BACKGROUNDS[s]}" if STATUS_BACKGROUNDS.get(s) else ""
            )
        )


def township_table(
    indicators: pd.DataFrame,
    targets: Mapping[str, Target],
    *,
    town_codes: Collection[str] = (),
    lang: str = DEFAULT_LANG,
) -> StatusTable:
    """Every township (or the chosen ones) × every target with township values; shares in percent.

    The first columns are the township's name and how many of its judged targets it meets
    (``3/12``); a cell's status is :func:`classify` of the township value.
    """
    rows = indicators[indicators["level"] == "township"]
    if town_codes:
        rows = rows[rows["unit_code"].astype(str).isin(list(town_codes))]
    towns = rows.drop_duplicates("unit_code")[["unit_code", "unit_name"]].sort_values("unit_code", kind="stable")
    name_column, met_column = t("overview.township", lang), t("overview.met_count", lang)
    values = pd.DataFrame(
        {name_column: towns["unit_name"].astype(str).to_numpy()}, index=towns["unit_code"].astype(str).to_numpy()
    )
    status = pd.DataFrame({name_column: ""}, index=values.index)
    units: dict[str, str] = {}
    met_count = pd.Series(0, index=values.index)
    judged = pd.Series(0, index=values.index)
    for target in targets.values():
        part = rows[rows["target_id"] == target.id]
        if len(part) == 0 or part["met"].isna().all():  # not judged per township: nothing to colour
            continue
        part = part.set_index(part["unit_code"].astype(str))
        part = part[~part.index.duplicated()]
        column = target.title(lang)
        unit = unit_of(target)
        raw = pd.to_numeric(part["value"], errors="coerce").astype(float).reindex(values.index)
        values[column] = raw * 100 if unit == "share" else raw
        classes = classify(raw, part["met"].reindex(values.index), target)
        status[column] = classes.to_numpy()
        units[column] = unit
        has_verdict = part["met"].reindex(values.index).notna()
        judged += has_verdict.astype(int)
        met_count += ((classes == "met") & has_verdict).astype(int)
    values.insert(1, met_column, [f"{m}/{j}" for m, j in zip(met_count, judged, strict=True)])
    status.insert(1, met_column, "")
    return StatusTable(values.reset_index(drop=True), status.reset_index(drop=True), units)


# --- villages -------------------------------------------------------------------------------


def choropleth_targets(indicators: pd.DataFrame, targets: Mapping[str, Target]) -> list[str]:
    """Targets judged per admin village (the ones a village map can show), in file order."""
    rows = indicators[(indicators["level"] == "admin_village") & indicators["met"].notna()]
    with_villages = set(rows["target_id"].astype(str))
    return [target_id for target_id in targets if target_id in with_villages]


def village_detail(
    indicators: pd.DataFrame,
    targets: Mapping[str, Target],
    village_code: str,
    *,
    gaps: pd.DataFrame | None = None,
    lang: str = DEFAULT_LANG,
) -> pd.DataFrame:
    """Every target measured for one admin village: its value, the township's and county's, the target and status.

    ``gaps`` (the report's gap list) adds how many gap rows of each target lie in the village.
    Values are display texts; the status column holds the status label.
    """
    rows = indicators[
        (indicators["level"] == "admin_village") & (indicators["unit_code"].astype(str) == str(village_code))
    ]
    county = indicators[(indicators["level"] == "county") & (indicators["unit_code"].astype(str) == COUNTY_CODE)]
    county_value = dict(zip(county["target_id"], county["value"], strict=True))
    gap_counts: dict[str, int] = {}
    if gaps is not None and len(gaps):
        in_village = gaps[gaps["village_code"].astype(str) == str(village_code)]
        gap_counts = in_village["target_id"].astype(str).value_counts().to_dict()
    records = []
    for target in targets.values():
        row = rows[rows["target_id"] == target.id]
        if len(row) == 0:
            continue
        row = row.iloc[:1]
        unit = unit_of(target)
        state = classify(pd.to_numeric(row["value"], errors="coerce"), row["met"], target).iloc[0]
        records.append(
            {
                t("overview.indicator", lang): target.title(lang),
                t("overview.village_value", lang): format_value(row["value"].iloc[0], unit, lang=lang),
                t("overview.county_value", lang): format_value(county_value.get(target.id), unit, lang=lang),
                t("overview.target", lang): target_text(target, lang=lang),
                t("overview.deadline", lang): int(target.deadline),
                t("overview.status", lang): status_label(state, lang=lang),
                t("overview.gap_rows", lang): int(gap_counts.get(target.id, 0)),
                t("overview.bureau", lang): target.bureau,
                t("overview.basis", lang): _basis_cell(target, lang),
            }
        )
    return pd.DataFrame.from_records(
        records,
        columns=[
            t(k, lang)
            for k in (
                "overview.indicator",
                "overview.village_value",
                "overview.county_value",
                "overview.target",
                "overview.deadline",
                "overview.status",
                "overview.gap_rows",
                "overview.bureau",
                "overview.basis",
            )
        ],
    )


def _basis_cell(target: Target, lang: str) -> str:
    """The plan of a target in a table cell: its role first when it is not the county's own (「参照：…」)."""
    role = target.source.role
    label = role_label(role, lang=lang) if role in ("reference", "contribution", "higher") else ""
    return f"{label}：{target.source.plan}" if label else target.source.plan
