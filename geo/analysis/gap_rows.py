"""Gap rows: one row per measured unit that misses a target (gaps.csv / gaps.xlsx / gaps.gpkg).

:func:`make_gaps` builds rows with every column of :data:`GAP_COLUMNS` and looks up the village
and township names from the codes; :func:`target_gaps` fills in a target's indicator, id,
bureau, threshold and deadline. :func:`as_target` gives a check's documented rule the shape of a
target, so checks roll up and judge like targets.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.context import Context, floats, objects, take
from geo.core.targets import Check, Comparison, Source, Target
from geo.text.i18n import both

# Columns of a gap row (gaps.csv / gaps.xlsx / gaps.gpkg); geometry is added for the GeoPackage.
GAP_COLUMNS = (
    "indicator_id",
    "target_id",
    "layer",
    "feature_id",
    "name",
    "village_code",
    "village_name",
    "town_code",
    "town_name",
    "reason_zh",
    "reason_en",
    "value",
    "target",
    "need_zh",
    "need_en",
    "need_amount",
    "need_unit",
    "need_unit_en",
    "cost_yuan",
    "population_affected",
    "bureau",
    "deadline",
    "priority",
    "plan_id",
    "plan_title",
    "plan_document",
    "plan_role",
    "route_id",  # the priced road route of the row (geo.analysis.gap_routes), empty for other rows
)

# Optional column of a gap frame: how bad the gap is, 0–1 (geo.analysis.gaps computes the priority from it;
# when absent the shortfall against the target is used).
SEVERITY = "severity"


def need_unit(key: str, **values: object) -> dict[str, str]:
    """The ``need_unit`` (Chinese) and ``need_unit_en`` columns of gap rows, from the catalogue entry ``key``."""
    zh, en = both(key, **values)
    return {"need_unit": zh, "need_unit_en": en}


def empty_gaps(crs: Any = None) -> gpd.GeoDataFrame:
    """A gap table without rows."""
    return gpd.GeoDataFrame({c: pd.Series(dtype="object") for c in GAP_COLUMNS}, geometry=gpd.GeoSeries([], crs=crs))


def make_gaps(
    ctx: Context,
    rows: Mapping[str, Any] | pd.DataFrame,
    geometry: gpd.GeoSeries | np.ndarray | None,
    *,
    layer: str,
    indicator_id: str,
    target_id: str,
    bureau: str,
    target: float | None = None,
    deadline: int | None = None,
    crs: Any = None,
    plan: Source | None = None,
) -> gpd.GeoDataFrame:
    """Build gap rows with every column of :data:`GAP_COLUMNS` (plus ``severity`` when given).

    ``rows`` holds per-row columns: ``feature_id``, ``name``, ``village_code`` (or ``town_code``),
    ``reason_zh``, ``reason_en``, ``value``, ``need_zh``, ``need_en``, ``need_amount``, ``need_unit``,
    ``need_unit_en`` (see :func:`need_unit`), ``cost_yuan``, ``population_affected`` and optionally ``severity``; missing ones are left
    empty. Village and township names and the township code are looked up from the village code.
    ``geometry`` is in the storage CRS of the layer (``crs`` when a plain array is given).
    ``plan`` (a target's source) fills the plan columns: id, citation, document number and role.
    """
    if isinstance(rows, pd.DataFrame):
        given: dict[str, Any] = {name: rows[name].to_numpy() for name in rows.columns}
        n = len(rows)
    else:
        given = {
            name: (value.to_numpy() if isinstance(value, pd.Series | pd.Index) else value)
            for name, value in rows.items()
        }
        lengths = [len(value) for value in given.values() if np.ndim(value) > 0]
        n = lengths[0] if lengths else 0
    h = ctx.hierarchy
    if "village_code" in given and np.ndim(given["village_code"]) > 0:
        village_pos = h.village_positions(given["village_code"])
        given["village_name"] = take(h.village_names, village_pos)
        if "town_code" not in given:
            given["town_code"] = take(h.town_codes.to_numpy(dtype=object), h.town_of(village_pos))
    if "town_code" in given and np.ndim(given["town_code"]) > 0:
        given["town_name"] = take(h.town_names, h.town_positions(given["town_code"]))
    given.update(indicator_id=indicator_id, target_id=target_id, layer=layer, bureau=bureau)
    if plan is not None:
        given.update(plan_id=plan.plan_id, plan_title=plan.plan, plan_document=plan.document, plan_role=plan.role)
    if "target" not in given:
        given["target"] = np.nan if target is None else float(target)
    texts = (
        "indicator_id",
        "target_id",
        "layer",
        "feature_id",
        "name",
        "village_code",
        "village_name",
        "town_code",
        "town_name",
        "reason_zh",
        "reason_en",
        "need_zh",
        "need_en",
        "need_unit",
        "need_unit_en",
        "bureau",
        "plan_id",
        "plan_title",
        "plan_document",
        "plan_role",
        "route_id",
    )
    columns: dict[str, Any] = {}
    for name in GAP_COLUMNS:
        value = given.get(name)
        if name == "deadline":
            columns[name] = pd.array(
                np.full(n, deadline if deadline is not None else pd.NA, dtype=object), dtype="Int64"
            )
        elif name in texts:
            if value is None or np.ndim(value) == 0:
                columns[name] = pd.array(np.full(n, value, dtype=object), dtype="string")
            else:
                columns[name] = pd.array(objects(value), dtype="string")
        else:
            columns[name] = floats(value, n)
    if SEVERITY in given:
        columns[SEVERITY] = floats(given[SEVERITY], n)
    if geometry is None:
        geoms, geometry_crs = np.full(n, None, dtype=object), crs
    elif isinstance(geometry, gpd.GeoSeries):
        geoms, geometry_crs = geometry.to_numpy(), geometry.crs
    else:
        geoms, geometry_crs = np.asarray(geometry, dtype=object), crs
    columns["geometry"] = geoms
    return gpd.GeoDataFrame(columns, geometry="geometry", crs=geometry_crs)


def target_gaps(
    ctx: Context, target: Target, rows: Mapping[str, Any] | pd.DataFrame, geometry: gpd.GeoSeries | None, *, layer: str
) -> gpd.GeoDataFrame:
    """:func:`make_gaps` for a target: its indicator, id, bureau, threshold and deadline."""
    return make_gaps(
        ctx,
        rows,
        geometry,
        layer=layer,
        indicator_id=target.indicator,
        target_id=target.id,
        bureau=target.bureau,
        target=target.threshold,
        deadline=target.deadline,
        plan=target.source,
    )


def as_target(check: Check, *, comparison: Comparison, threshold: float, level: str) -> Target:
    """A check's documented rule in the shape of a target, so the roll-ups and ``met`` work alike."""
    return Target(
        id=check.id,
        indicator=check.id,
        title_zh=check.title_zh,
        title_en=check.title_en,
        comparison=comparison,
        threshold=float(threshold),
        deadline=0,
        level=level,
        bureau=check.bureau,
        source=Source("", "", ""),
        unit="share",  # both checks judge ratios (flagged share, demand / capacity) at every level
        params=dict(check.params),
        note=check.note,
    )
