"""Village collective economy (村集体经济): annual collective income per admin village.

``economy.collective_income`` — value(village) = ``collective_income_yuan`` of the admin village
ledger. The target is per village (">" 150,000 yuan), so it is judged per village; township and
county rows report the mean income of the villages with a value (numerator = Σ income,
denominator = number of villages with a value) and are not judged (``met`` NA).

Villages without the column produce no rows (and a note), not an error: the column is optional
in the layer contract. Villages with an empty value are left out and counted in a note.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.analysis.context import Context, numbers, objects
from geo.analysis.gap_rows import empty_gaps, need_unit, target_gaps
from geo.analysis.result import Indicator, IndicatorResult
from geo.analysis.rollup import empty_units, share_rollup
from geo.core.catalog import IndicatorSpec
from geo.core.layer_names import ADMIN_VILLAGES
from geo.core.targets import Target
from geo.text.i18n import ByLang, bilingual
from geo.text.templates import render_both

COLUMN = "collective_income_yuan"
# Reason template of each comparison (gap.economy.collective_income.reason.<name>).
_COMPARISON_NAMES = {">": "gt", ">=": "ge", "<=": "le"}


def collective_income(ctx: Context, target: Target) -> IndicatorResult:
    """Collective income per admin village (yuan); mean per township and county (not judged).

    Gap: a village whose income misses the target; it needs threshold − income more (at least
    1 yuan more for a strict ">").
    """
    villages = ctx.dataset.layer(ADMIN_VILLAGES).reset_index(drop=True)
    if COLUMN not in villages:
        return IndicatorResult(
            empty_units(),
            empty_gaps(villages.crs),
            notes=[bilingual("note.no_income")],
        )
    income = numbers(villages[COLUMN])
    known = income.notna().to_numpy()
    notes = []
    if (~known).any():
        notes.append(bilingual("note.income_missing", n=int((~known).sum())))
    if not known.any():
        return IndicatorResult(empty_units(), empty_gaps(villages.crs), notes=notes)
    codes = objects(villages["village_code"])
    income_a = income.to_numpy()
    measured = pd.DataFrame({"village_code": codes[known], "income": income_a[known], "one": 1.0})
    units = share_rollup(measured, ctx, target, numerator="income", denominator="one")

    gap = known & ~target.met_mask(income.fillna(np.inf if target.comparison == "<=" else -np.inf)).to_numpy()
    value = income_a[gap]
    short = np.abs(target.threshold - value) + (1.0 if target.comparison == ">" else 0.0)
    reason_zh, reason_en = render_both(
        f"gap.economy.collective_income.reason.{_COMPARISON_NAMES[target.comparison]}",
        income=value,
        target=ByLang(f"{target.threshold:.0f}", f"{target.threshold:,.0f}"),
    )
    need_zh, need_en = render_both("gap.economy.collective_income.need", short=short)
    rows = {
        "feature_id": codes[gap],
        "name": objects(villages["name"])[gap],
        "village_code": codes[gap],
        "reason_zh": reason_zh,
        "reason_en": reason_en,
        "value": value,
        "need_zh": need_zh,
        "need_en": need_en,
        "need_amount": short,
        **need_unit("gap.unit.yuan_per_year"),
        "population_affected": numbers(villages["population"], 0.0).to_numpy()[gap],
    }
    gaps = target_gaps(ctx, target, rows, villages.geometry[gap], layer=ADMIN_VILLAGES)
    return IndicatorResult(units, gaps, notes=notes)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        IndicatorSpec(
            "economy.collective_income",
            "村集体经济年收入",
            "Village collective income",
            "yuan",
            "县农业农村局",
            domain="economy",
        ),
        compute=collective_income,
    ),
)
