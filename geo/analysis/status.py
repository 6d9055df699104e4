"""Status of units against a target: met, near, far, unjudged or none.

Everything here reads the indicator table of a report (:data:`geo.analysis.rollup.UNIT_COLUMNS`)
and the targets; nothing is measured again. Each unit (an admin village on the maps, a township in
the overview's table) gets one status for a target:

* ``met``  — the report says the unit meets the target (where the report leaves ``met``
  open, :meth:`geo.core.targets.Target.met_mask` of its value decides);
* ``near`` — not met, but the shortfall ``|threshold − value|`` is at most :data:`NEAR_FRACTION`
  of the threshold (10 %: a share target of 95 % is "near" from 85.5 %, a 100 % target from 90 %,
  an income target of 150,000 yuan from 135,000 yuan). A threshold of 0 has no "near" band;
* ``far``  — not met and further away;
* ``unjudged`` — a value, but the report gives no verdict at this level (a province-wide sum
  shown per village, a per-village income averaged for a township);
* ``none`` — the unit has no value for the target (nothing measured there, e.g. no PV station).

"Near" is a module constant, not a key of the plan files (``data/plans/``), because the targets loader
(:mod:`geo.core.targets`) refuses unknown keys; change :data:`NEAR_FRACTION` to move the band.
The map layers (:mod:`geo.map.choropleth`, :mod:`geo.map.print_map`) and the overview
(:mod:`geo.present.overview`) share these statuses, so screen, paper and tables agree.

:func:`scope_value` is the one value of a target in a scope — the whole county or the townships
chosen in the sidebar — that the overview, the domain pages and the meeting view show.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.core.targets import Target
from geo.text.i18n import DEFAULT_LANG, t
from geo.text.target_text import unit_of

NEAR_FRACTION = 0.10
STATUSES = ("met", "near", "far", "unjudged", "none")


def classify(
    values: pd.Series, met: pd.Series | None, target: Target, *, near_fraction: float = NEAR_FRACTION
) -> pd.Series:
    """Status of each value against ``target``: met / near / far / unjudged / none (see the module docstring).

    ``met`` is the report's verdict per row (nullable: missing = not judged at this level);
    without it (``None``) the target judges every value.
    """
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    decided = target.met_mask(numbers)
    if met is None:
        verdict, unjudged = decided, pd.Series(False, index=values.index)
    else:
        given = pd.Series(met, index=values.index).astype("boolean")
        verdict, unjudged = given.fillna(False).astype(bool), given.isna()
    shortfall = (target.threshold - numbers) if target.comparison in (">=", ">") else (numbers - target.threshold)
    band = near_fraction * abs(target.threshold)
    near = ~verdict & (shortfall <= band * (1 + 1e-9)) & (band > 0)  # the band's edge counts as near despite rounding
    status = np.select(
        [numbers.isna().to_numpy(), unjudged.to_numpy(), verdict.to_numpy(), near.to_numpy()],
        ["none", "unjudged", "met", "near"],
        default="far",
    )
    return pd.Series(status, index=values.index, dtype=object)


def status_label(status: str, *, lang: str = DEFAULT_LANG) -> str:
    """The legend / table label of a status."""
    return t(f"overview.status.{status}", lang)


def village_status(indicators: pd.DataFrame, villages: pd.DataFrame, target: Target) -> pd.DataFrame:
    """Per admin village of ``villages`` (in its order): village_code, name, value, met and status for ``target``."""
    rows = indicators[(indicators["target_id"] == target.id) & (indicators["level"] == "admin_village")]
    rows = rows.set_index(rows["unit_code"].astype(str))
    rows = rows[~rows.index.duplicated()]
    codes = villages["village_code"].astype(str)
    value = pd.to_numeric(rows["value"], errors="coerce").astype(float).reindex(codes.to_numpy())
    met = rows["met"].astype("boolean").reindex(codes.to_numpy())
    out = pd.DataFrame(
        {
            "village_code": codes.to_numpy(),
            "name": villages["name"].astype(str).to_numpy(),
            "value": value.to_numpy(),
            "met": met.to_numpy(),
        },
        index=villages.index,
    )
    out["status"] = classify(out["value"], out["met"], target).to_numpy()
    return out


# --- the value of a target in a scope ---------------------------------------------------------------


@dataclass(frozen=True)
class ScopeValue:
    """A target's value in a scope, the Σ numerator and Σ denominator behind it, and the verdict.

    ``met`` is None where the target is not judged (a province-wide sum on a county's part, an
    average income summed over townships) or the value is unknown.
    """

    value: float
    numerator: float
    denominator: float
    met: bool | None


NO_VALUE = ScopeValue(float("nan"), float("nan"), float("nan"), None)


def _scope_rows(indicators: pd.DataFrame, target_id: str, town_codes: Collection[str]) -> pd.DataFrame:
    """The rows of one target for the scope: the county row, or the rows of the chosen townships."""
    rows = indicators[(indicators["target_id"] == target_id).to_numpy(dtype=bool, na_value=False)]
    if not town_codes:
        return rows[rows["level"] == "county"]
    chosen = rows["unit_code"].astype("string").isin([str(code) for code in town_codes]).fillna(False)
    return rows[(rows["level"] == "township") & chosen]


def _floats(values: pd.Series) -> np.ndarray:
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def is_sum(indicators: pd.DataFrame, target_id: str) -> bool:
    """Whether a target's value is an amount summed over its units, as ``share_rollup(kind="sum")`` fills rows.

    Read from the data: value = numerator at every row of the target with a value (PV revenue:
    value = Σ revenue, numerator the same sum, denominator Σ capacity). An average (a
    per-village income: value = Σ income / number of villages) differs wherever a unit has
    more than one village.
    """
    rows = indicators[(indicators["target_id"] == target_id).to_numpy(dtype=bool, na_value=False)]
    value, numerator = _floats(rows["value"]), _floats(rows["numerator"])
    known = np.isfinite(value)
    return bool(known.any()) and bool(np.isclose(value[known], numerator[known], rtol=1e-9, atol=1e-9).all())


def scope_value(indicators: pd.DataFrame, target: Target, town_codes: Collection[str] = ()) -> ScopeValue:
    """The value of ``target`` in the scope: the whole county (no ``town_codes``) or the chosen townships.

    One row (the county, or a single township): its value and the report's verdict. Several
    townships, rolled up as the indicators roll up:

    * a share: Σ numerator / Σ denominator of their rows, judged by the target (comparison,
      tolerance);
    * an amount that is a sum (:func:`is_sum`, e.g. PV revenue): Σ numerator, not judged — the
      report judges such a target only at the level it states;
    * any other amount (e.g. a per-village average income): no pooled value (NaN, not judged).
    """
    rows = _scope_rows(indicators, target.id, town_codes)
    if rows.empty:
        return NO_VALUE
    values, numerators, denominators = _floats(rows["value"]), _floats(rows["numerator"]), _floats(rows["denominator"])
    if len(rows) == 1:
        met = rows["met"].iloc[0]
        return ScopeValue(
            float(values[0]), float(numerators[0]), float(denominators[0]), None if pd.isna(met) else bool(met)
        )
    numerator, denominator = float(np.nansum(numerators)), float(np.nansum(denominators))
    if unit_of(target) == "share":
        share = numerator / denominator if denominator > 0 else float("nan")
        return ScopeValue(share, numerator, denominator, target.is_met(share) if share == share else None)
    if is_sum(indicators, target.id):
        return ScopeValue(numerator, numerator, denominator, None)
    return ScopeValue(float("nan"), numerator, denominator, None)
