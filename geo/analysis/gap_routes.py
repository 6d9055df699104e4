"""Priced road routes of the gap list: one line feature per route to harden, widen or upgrade.

The network indicators (:mod:`geo.analysis.indicators.roads`, ``road_grades``) already carry, in
their ``details``, the route of every point not reached (column ``route``, EPSG:4490, what must be
upgraded). This module only *consumes* them: it pairs each gap row of such a target with its
route and gives both the same ``route_id`` (``<indicator id>/<feature id>``, stable across runs), so
a bureau finds the line of a workbook row in gaps.gpkg's ``routes`` layer and back.

A gap row is paired with the details row whose id (the first details column holding every gap
feature id, e.g. ``nv_id`` or ``village_code``) equals its ``feature_id``, among the points not
reached. Rows without a route geometry (no road leads there) or without a cost get no route.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.analysis.result import IndicatorResult
from geo.core.crs import STORAGE_EPSG

ROUTE_ID = "route_id"
# Columns of the ``routes`` layer (besides its MultiLineString geometry). ``length_m`` is the gap
# row's need (metres to upgrade plus any new road), ``upgrade_m`` / ``new_road_m`` its two parts.
ROUTE_COLUMNS = (
    ROUTE_ID,
    "indicator_id",
    "target_id",
    "feature_id",
    "name",
    "village_code",
    "village_name",
    "town_code",
    "town_name",
    "need_unit",
    "need_unit_en",
    "length_m",
    "upgrade_m",
    "new_road_m",
    "cost_yuan",
    "bureau",
    "priority",
)


def empty_routes() -> gpd.GeoDataFrame:
    """A route table without rows (EPSG:4490)."""
    return gpd.GeoDataFrame(
        {c: pd.Series(dtype="object") for c in ROUTE_COLUMNS},
        geometry=gpd.GeoSeries([], crs=STORAGE_EPSG),
        crs=STORAGE_EPSG,
    )


def _key_column(unreached: pd.DataFrame, feature_ids: pd.Series) -> str | None:
    """The first details column (not a geometry) whose unique values cover every gap feature id."""
    wanted = set(feature_ids.astype(str))
    for name in unreached.columns:
        if name in ("geometry", "route"):
            continue
        values = unreached[name].astype("string")
        if values.is_unique and wanted <= set(values.dropna()):
            return str(name)
    return None


def _as_multi(geoms: np.ndarray) -> np.ndarray:
    """Every line as a MultiLineString (one geometry type per layer)."""
    single = shapely.get_type_id(geoms) == shapely.GeometryType.LINESTRING
    out = geoms.copy()
    if single.any():
        out[single] = [shapely.multilinestrings([g]) for g in geoms[single]]
    return out


def _target_routes(gaps: pd.DataFrame, details: gpd.GeoDataFrame) -> pd.DataFrame | None:
    if "route" not in details or "reached" not in details or len(gaps) == 0:
        return None
    unreached = pd.DataFrame(details[~details["reached"].astype(bool).to_numpy()])
    key = _key_column(unreached, gaps["feature_id"])
    if key is None:
        return None
    parts = pd.DataFrame(
        {
            "feature_id": unreached[key].astype("string").to_numpy(),
            "route": unreached["route"].to_numpy(dtype=object),
            "upgrade_m": pd.to_numeric(unreached.get("need_m"), errors="coerce"),
            "new_road_m": pd.to_numeric(unreached.get("new_road_m"), errors="coerce"),
        }
    )
    rows = pd.DataFrame(gaps).drop(columns="geometry", errors="ignore")
    rows = rows.assign(feature_id=rows["feature_id"].astype("string"), _row=rows.index)
    paired = rows.merge(parts, on="feature_id", how="inner")
    geoms = paired["route"].to_numpy(dtype=object)
    cost = pd.to_numeric(paired["cost_yuan"], errors="coerce").astype(float)
    drawn = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms) & (cost > 0).to_numpy()
    return paired[drawn]


def gap_routes(results: Mapping[str, IndicatorResult], gaps: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The priced routes of the gap rows (:data:`ROUTE_COLUMNS` + MultiLineString, EPSG:4490), highest priority first.

    The route index is the gap row's position in ``gaps``: see :func:`with_route_ids`.
    """
    if len(gaps) == 0:
        return empty_routes()
    by_target = gaps.groupby(gaps["target_id"].astype("string"), sort=False).groups
    frames = []
    for target_id, result in results.items():
        details = result.details
        if details is None or target_id not in by_target:
            continue
        paired = _target_routes(gaps.loc[by_target[target_id]], details)
        if paired is not None and len(paired):
            frames.append(paired)
    if not frames:
        return empty_routes()
    table = pd.concat(frames).sort_values("_row", kind="stable")
    table[ROUTE_ID] = table["indicator_id"].astype("string") + "/" + table["feature_id"].astype("string")
    table["length_m"] = pd.to_numeric(table["need_amount"], errors="coerce")
    geometry = gpd.GeoSeries(_as_multi(table["route"].to_numpy(dtype=object)), crs=STORAGE_EPSG)
    return gpd.GeoDataFrame(
        table.reindex(columns=list(ROUTE_COLUMNS)).set_axis(table["_row"].to_numpy()),
        geometry=geometry.set_axis(table["_row"].to_numpy()),
        crs=STORAGE_EPSG,
    )


def with_route_ids(gaps: gpd.GeoDataFrame, routes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``gaps`` with its ``route_id`` column filled from ``routes`` (indexed by gap row position)."""
    ids = pd.Series(pd.NA, index=gaps.index, dtype="string")
    if len(routes):
        ids.loc[routes.index] = routes[ROUTE_ID].astype("string").to_numpy()
    return gaps.assign(**{ROUTE_ID: ids})


def routes_of(routes: gpd.GeoDataFrame, gaps: pd.DataFrame) -> gpd.GeoDataFrame:
    """The routes of the gap rows in ``gaps`` (a filtered list), by route id, index 0…n−1."""
    if len(routes) == 0 or ROUTE_ID not in gaps:
        return empty_routes()
    chosen = set(gaps[ROUTE_ID].dropna().astype(str))
    return routes[routes[ROUTE_ID].astype(str).isin(chosen).to_numpy()].reset_index(drop=True)
