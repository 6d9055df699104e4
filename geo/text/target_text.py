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
    """
    unit = unit_of(target)
    number = _compact if compact else format_value
    comparison = COMPARISON_TEXT.get(target.comparison, target.comparison)
    threshold = number(target.threshold, unit, lang=lang)
    tolerance = number(target.tolerance, unit, lang=lang) if target.tolerance else ""
    if deadline:
        within = t("target.dated_tolerance", lang, value=tolerance) if tolerance else ""
        return t("target.dated", lang, cmp=comparison, value=threshold, tolerance=within, year=target.deadline)
    return f"{comparison} {threshold}" + (t("target.tolerance", lang, value=tolerance) if tolerance else "")
