"""How a target and the values measured for it read: the unit of a target, a value in that unit, the target line.

One formatting for every page and map: the overview's cards and tables, the domain pages, the
progress table, the map legends and popups, the printed meeting map.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from geo.core.targets import Target
from geo.text.i18n import DEFAULT_LANG, format_number, t

COMPARISON_TEXT = {">=": "≥", ">": ">", "<=": "≤"}


def unit_of(target: Target) -> str:
    """The unit of a target's indicator: ``share``, ``yuan`` or ``count`` (resolved when the targets were loaded)."""
    return target.unit


def format_value(value: object, unit: str, *, lang: str = DEFAULT_LANG) -> str:
    """A measured or target value for display: ``87.3%``, ``15.0万元`` / ``150,000 yuan``, ``12``; ``—`` when missing."""
    number = pd.to_numeric(pd.Series([value]), errors="coerce").astype(float).iloc[0]
    if not np.isfinite(number):
        return "—"
    if unit == "share":
        return f"{number * 100:.1f}%"
    if unit == "yuan":
        if lang == "en":
            return f"{number:,.0f} {t('unit.yuan', lang)}"
        return f"{number / 10_000:,.1f}{t('unit.yuan_10k', lang)}"
    return format_number(number, decimals=0 if float(number).is_integer() else 1)


def _compact(value: float, unit: str, *, lang: str) -> str:
    """A threshold without needless decimals: ``95%``, ``92.5%``, ``15万元``."""
    return re.sub(r"\.0(?=\D*$)", "", format_value(value, unit, lang=lang))


def target_text(target: Target, *, lang: str = DEFAULT_LANG, compact: bool = False, deadline: bool = False) -> str:
    """The target as text: comparison, threshold and tolerance in the indicator's unit.

    ``≥ 95.0% (±1.0%)`` by default; ``compact`` drops needless decimals (``≥ 95% (±1%)``, ``≥ 15万元``);
    ``deadline`` makes it a sentence with the year: 「目标 ≥ 95%（±1%），2025年」 / ``Target ≥ 95% (±1%) by 2025``.
    A target without a number reads from its baseline: 「≥ 29.5%（较2020年 24.5% 提高 5个百分点）」, or
    「较2020年提高 5个百分点（基线未设定）」 while the baseline is unknown.
    """
    if target.direction is not None:
        return _direction_text(target, lang=lang, compact=compact, deadline=deadline)
    unit = unit_of(target)
    number = _compact if compact else format_value
    comparison = COMPARISON_TEXT.get(target.comparison, target.comparison)
    threshold = number(target.threshold, unit, lang=lang)
    tolerance = number(target.tolerance, unit, lang=lang) if target.tolerance else ""
    if deadline:
        within = t("target.dated_tolerance", lang, value=tolerance) if tolerance else ""
        return t("target.dated", lang, cmp=comparison, value=threshold, tolerance=within, year=target.deadline)
    return f"{comparison} {threshold}" + (t("target.tolerance", lang, value=tolerance) if tolerance else "")


def _amount_text(amount: float, unit: str, *, lang: str) -> str:
    """An improvement: ``5个百分点`` / ``5 pts`` for a share, else the value in its unit."""
    if unit == "share":
        return t("target.points", lang, value=re.sub(r"\.0$", "", f"{amount * 100:.1f}"))
    return _compact(amount, unit, lang=lang)


def _direction_text(target: Target, *, lang: str, compact: bool, deadline: bool) -> str:
    """A target without a number: ``≥ 29.5%（较2020年 24.5% 提高 5个百分点）``, or what it asks while the baseline is unknown."""
    direction = target.direction
    assert direction is not None
    unit = unit_of(target)
    number = _compact if compact else format_value
    year = direction.baseline_year
    kind = "keep" if direction.sense == "keep" else ("up_by" if direction.amount else "above")
    amount = _amount_text(direction.amount, unit, lang=lang)
    if direction.baseline_value is None or not np.isfinite(target.threshold):
        text = t(f"target.{kind}_unset", lang, year=year, amount=amount)
    else:
        comparison = COMPARISON_TEXT.get(target.comparison, target.comparison)
        baseline = number(direction.baseline_value, unit, lang=lang)
        text = f"{comparison} {number(target.threshold, unit, lang=lang)}" + t(
            f"target.{kind}", lang, year=year, baseline=baseline, amount=amount
        )
    return t("target.dated_direction", lang, text=text, year=target.deadline) if deadline else text
