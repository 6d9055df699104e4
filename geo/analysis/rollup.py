"""Roll-ups of measured values to admin village → township → county, and the indicator table's shape.

An indicator measures one value per measured unit (natural village, admin village, township,
station, site …); :func:`share_rollup` sums numerators and denominators up the hierarchy
(population- or household-weighted where the plan counts people) and :func:`finish_units` adds
the target columns and judges each row (:func:`judged`). The result has the columns of
:data:`UNIT_COLUMNS` (indicators.csv).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.analysis.context import WHOLE_COUNTY, Context, floats, objects
from geo.core.targets import Target

LEVEL_ORDER = ("feature", "natural_village", "admin_village", "township", "county", "province")

# Columns of the indicator table (indicators.csv). numerator/denominator make every share
# checkable by hand; population is the people living in the unit (for weighting and display).
UNIT_COLUMNS = (
    "indicator_id",
    "target_id",
    "level",
    "unit_code",
    "unit_name",
    "value",
    "target",
    "met",
    "numerator",
    "denominator",
    "population",
    "plan_id",
    "plan_title",
    "plan_document",
    "plan_role",
)
# The plan a row's target comes from (geo.core.plans): id, citation, document number (文号) and role
# (own / higher / contribution / reference; empty for a flat targets file and for checks).
PLAN_COLUMNS = ("plan_id", "plan_title", "plan_document", "plan_role")


COUNTY_CODE = "county"
COUNTY_NAME = WHOLE_COUNTY  # the default; a county known by its code is named (Context.county_name)


def _group_sums(positions: np.ndarray, size: int, *columns: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Rows per group and Σ of each column per group (NaN counts as 0; groups 0…size−1)."""
    known = positions >= 0
    index = positions[known]
    count = np.bincount(index, minlength=size)
    return count, [np.bincount(index, weights=np.nan_to_num(c[known]), minlength=size) for c in columns]


def share_rollup(
    measured: pd.DataFrame,
    ctx: Context,
    target: Target,
    *,
    numerator: str,
    denominator: str,
    levels: tuple[str, ...] = ("admin_village", "township", "county"),
    feature: tuple[str, str, str] | None = None,
    population: str | None = None,
    kind: str = "ratio",
) -> pd.DataFrame:
    """Roll a share up the unit hierarchy: value = Σ numerator / Σ denominator per unit.

    ``measured`` must have ``village_code`` (or ``town_code`` when the measured units are
    townships) and the two columns (e.g. served population and population, or 1/0 per village
    and 1). Units whose denominator is 0 get NaN (not judged). Only units with at least one
    measured row get a row. Missing numbers count as 0.

    ``feature = (level, code column, name column)`` adds one row per measured row at that level
    (e.g. ``("natural_village", "nv_id", "name")``). ``population`` names a column of
    ``measured`` summed as each unit's population; without it the admin villages' ledger
    population is used (see :func:`finish_units`). ``kind="sum"`` makes value = Σ numerator
    (amounts such as revenue) instead of the ratio.
    """
    h = ctx.hierarchy
    n = len(measured)
    num = floats(measured[numerator], n)
    den = floats(measured[denominator], n)
    pop = floats(measured[population], n) if population else np.full(n, np.nan)
    has_pop = ~np.isnan(pop)
    if "village_code" in measured:
        village_pos = h.village_positions(measured["village_code"])
        town_pos = h.town_of(village_pos)
    else:
        village_pos = np.full(n, -1)
        town_pos = h.town_positions(measured["town_code"])
    levels_out: list[np.ndarray] = []
    codes_out: list[np.ndarray] = []
    names_out: list[np.ndarray] = []
    sums_out: list[np.ndarray] = []
    if feature:
        level, code, name = feature
        levels_out.append(np.full(n, level, dtype=object))
        codes_out.append(objects(measured[code]))
        names_out.append(objects(measured[name]))
        sums_out.append(np.column_stack([np.nan_to_num(num), np.nan_to_num(den), pop]))
    for level in levels:
        if level == "admin_village":
            positions, codes, names, size = village_pos, h.village_codes, h.village_names, len(h.village_codes)
        elif level == "township":
            positions, codes, names, size = town_pos, h.town_codes, h.town_names, len(h.town_codes)
        elif level == "county":
            positions, size = np.zeros(n, dtype=np.int64), 1
            codes, names = pd.Index([COUNTY_CODE], dtype=object), np.array([ctx.county_name], dtype=object)
        else:
            raise ValueError(f"unknown roll-up level {level}")
        count, (s_num, s_den, s_pop) = _group_sums(positions, size, num, den, pop)
        pop_count, _ = _group_sums(np.where(has_pop, positions, -1), size)
        keep = count > 0
        levels_out.append(np.full(int(keep.sum()), level, dtype=object))
        codes_out.append(objects(codes)[keep])
        names_out.append(np.asarray(names, dtype=object)[keep])
        sums_out.append(np.column_stack([s_num[keep], s_den[keep], np.where(pop_count[keep] > 0, s_pop[keep], np.nan)]))
    sums = np.vstack(sums_out) if sums_out else np.empty((0, 3))
    with np.errstate(invalid="ignore", divide="ignore"):
        value = sums[:, 0] if kind == "sum" else np.where(sums[:, 1] > 0, sums[:, 0] / sums[:, 1], np.nan)
    units = pd.DataFrame(
        {
            "level": np.concatenate(levels_out) if levels_out else np.array([], dtype=object),
            "unit_code": np.concatenate(codes_out) if codes_out else np.array([], dtype=object),
            "unit_name": np.concatenate(names_out) if names_out else np.array([], dtype=object),
            "value": value,
            "numerator": sums[:, 0],
            "denominator": sums[:, 1],
            "population": sums[:, 2],
        }
    )
    return finish_units(units, target, ctx)


def unit_population(ctx: Context, levels: pd.Series, codes: pd.Series) -> pd.Series:
    """The people living in each unit by the admin villages' ledger (NaN for other levels)."""
    h = ctx.hierarchy
    level = levels.to_numpy(dtype=object)
    out = np.full(len(level), np.nan)
    is_village, is_town, is_county = level == "admin_village", level == "township", level == "county"
    code_array = objects(codes)
    if is_village.any():
        pos = h.village_positions(code_array[is_village])
        out[is_village] = np.where(
            pos >= 0,
            h.village_population[np.maximum(pos, 0)] if len(pos) and len(h.village_population) else np.nan,
            np.nan,
        )
    if is_town.any():
        pos = h.town_positions(code_array[is_town])
        out[is_town] = np.where(
            pos >= 0, h.town_population[np.maximum(pos, 0)] if len(h.town_population) else np.nan, np.nan
        )
    out[is_county] = h.county_population
    return pd.Series(out, index=levels.index)


def judged(levels: pd.Series, target: Target) -> pd.Series:
    """Which unit rows a target can be judged on.

    A share is judged at every level (a township below the county target is worth knowing). A
    sum or an amount (yuan, count) is judged only at the level the target states: a per-village
    income target says nothing about a township's average, and a province total says nothing
    about one county's part of it (no county share is set), so those rows get ``met`` = NA. A
    target that is not :attr:`~geo.core.targets.Target.judgeable` is judged nowhere; a direction
    target (improve on the county's baseline) only on the county row.
    """
    if not target.judgeable:  # a province total shown as the county's part, or a direction target without baseline
        return pd.Series(False, index=levels.index)
    if target.level == "province":
        return levels == "province"
    if target.direction is not None:  # the baseline is the county's: judged on the county row only
        return levels == "county"
    if target.unit != "share":
        return levels == target.level
    return pd.Series(True, index=levels.index)


def finish_units(units: pd.DataFrame, target: Target, ctx: Context | None = None) -> pd.DataFrame:
    """Add target columns and order the columns as :data:`UNIT_COLUMNS`.

    ``met`` is a nullable boolean: NA where the value is missing (nothing to judge, e.g. a
    township without any station) or where the level cannot be judged (:func:`judged`);
    otherwise :meth:`Target.met_mask`. With ``ctx``, a missing ``population`` of admin village,
    township and county rows is filled from the admin villages' ledger.
    """
    n = len(units)
    values = floats(units.get("value"), n)
    levels = units["level"].to_numpy(dtype=object) if "level" in units else np.full(n, None, dtype=object)
    unknown = np.isnan(values) | ~judged(pd.Series(levels), target).to_numpy()
    met = pd.arrays.BooleanArray(target.met_mask(pd.Series(values)).to_numpy(), unknown)
    population = floats(units.get("population"), n)
    codes = units["unit_code"] if "unit_code" in units else pd.Series([None] * n, dtype=object)
    if ctx is not None and n and np.isnan(population).any():
        fill = unit_population(ctx, pd.Series(levels), codes.reset_index(drop=True)).to_numpy()
        population = np.where(np.isnan(population), fill, population)
    names = units["unit_name"] if "unit_name" in units else pd.Series([None] * n, dtype=object)
    return pd.DataFrame(
        {
            "indicator_id": pd.array(np.full(n, target.indicator, dtype=object), dtype="string"),
            "target_id": pd.array(np.full(n, target.id, dtype=object), dtype="string"),
            "level": pd.array(levels, dtype="string"),
            "unit_code": pd.array(codes.to_numpy(dtype=object, na_value=None), dtype="string"),
            "unit_name": pd.array(names.to_numpy(dtype=object, na_value=None), dtype="string"),
            "value": values,
            "target": np.full(n, target.threshold),
            "met": met,
            "numerator": floats(units.get("numerator"), n),
            "denominator": floats(units.get("denominator"), n),
            "population": population,
            **plan_columns(target, n),
        }
    )


def plan_columns(target: Target, n: int) -> dict[str, pd.arrays.StringArray]:
    """The :data:`PLAN_COLUMNS` of ``n`` rows of ``target`` (from its source; empty texts when it has no plan)."""
    source = target.source
    values = (source.plan_id, source.plan, source.document, source.role)
    return {
        name: pd.array(np.full(n, value, dtype=object), dtype="string")
        for name, value in zip(PLAN_COLUMNS, values, strict=True)
    }


def empty_units() -> pd.DataFrame:
    """A unit table without rows."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in UNIT_COLUMNS})
