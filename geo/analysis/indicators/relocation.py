"""Relocation sites (易地扶贫搬迁安置点): a stable job in every relocated household with labour.

``relocation.employed_households``, per site and household-weighted up the hierarchy::

    share(unit) = Σ min(employed_households, labour) / Σ labour
    labour      = labour_households where recorded, else households

A site is a gap when its own share is below the target, with the households still without a
stable job; people affected ≈ those households × the site's people per household.
(``relocation.service_access`` lives in ``geo/analysis/indicators/access.py``.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.analysis.context import Context, numbers, objects
from geo.analysis.gap_rows import empty_gaps, target_gaps
from geo.analysis.result import IndicatorFunction, IndicatorResult
from geo.analysis.rollup import empty_units, share_rollup
from geo.core.targets import Target
from geo.text.formatters import cat, int_text


def employed_households(ctx: Context, target: Target) -> IndicatorResult:
    """Share of relocated households with labour that have at least one member in stable work.

    share = Σ min(employed_households, labour) / Σ labour with labour = labour_households
    (households when not recorded), per site, admin village, township and county.
    """
    if not ctx.has("relocation_sites"):
        return IndicatorResult(empty_units(), empty_gaps(), notes=["没有易地扶贫搬迁安置点数据 / no relocation sites"])
    sites = ctx.dataset.layer("relocation_sites").reset_index(drop=True)
    households = numbers(sites["households"], 0.0)
    labour_recorded = (
        numbers(sites["labour_households"]) if "labour_households" in sites else pd.Series(np.nan, index=sites.index)
    )
    labour = labour_recorded.fillna(households)
    recorded = numbers(sites["employed_households"], 0.0)
    employed = np.minimum(recorded, labour)
    population = numbers(sites["population"], 0.0)
    notes: list[str] = []
    if labour_recorded.isna().any():
        notes.append(
            f"{int(labour_recorded.isna().sum())} 个安置点未填报有劳动力户数，按搬迁户数计 / "
            "sites without labour_households: all households counted as having labour"
        )
    if (recorded > labour).any():
        notes.append(
            f"{int((recorded > labour).sum())} 个安置点的就业户数大于有劳动力户数，已按有劳动力户数计 / "
            "sites with more employed than labour households (capped)"
        )
    ids = {
        "village_code": objects(sites["village_code"]),
        "site_id": objects(sites["site_id"]),
        "name": objects(sites["name"]),
    }
    measured = pd.DataFrame({**ids, "employed": employed, "labour": labour, "population": population})
    units = share_rollup(
        measured,
        ctx,
        target,
        numerator="employed",
        denominator="labour",
        feature=("feature", "site_id", "name"),
        population="population",
    )

    labour_a, employed_a, households_a, population_a = (
        labour.to_numpy(),
        employed.to_numpy(),
        households.to_numpy(),
        population.to_numpy(),
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(labour_a > 0, employed_a / labour_a, np.nan)
    gap = (labour_a > 0) & ~target.is_met(pd.Series(share)).to_numpy()
    lab, emp, hh = labour_a[gap], employed_a[gap], households_a[gap]
    missing = lab - emp
    with np.errstate(divide="ignore", invalid="ignore"):
        people = np.round(np.where(hh > 0, missing * population_a[gap] / hh, 0.0))
    rows = {
        "feature_id": ids["site_id"][gap],
        "name": ids["name"][gap],
        "village_code": ids["village_code"][gap],
        "reason_zh": cat(
            "有劳动能力的搬迁家庭 ",
            int_text(lab),
            " 户中 ",
            int_text(emp),
            " 户有稳定就业，",
            int_text(missing),
            " 户尚无人稳定就业",
        ),
        "reason_en": cat(
            int_text(missing), " of ", int_text(lab), " relocated households with labour have no one in stable work"
        ),
        "value": share[gap],
        "need_zh": cat("帮助 ", int_text(missing), " 户各至少 1 人稳定就业（扶贫车间、公益性岗位、劳务输出）"),
        "need_amount": missing,
        "need_unit": "户（尚无稳定就业）",
        "population_affected": people,
    }
    gaps = target_gaps(ctx, target, rows, sites.geometry[gap], layer="relocation_sites")
    return IndicatorResult(units, gaps, notes=notes)


INDICATOR_FUNCTIONS: dict[str, IndicatorFunction] = {"relocation.employed_households": employed_households}
