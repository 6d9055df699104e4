"""What every indicator shares: the analysis context, the result shape and the roll-ups.

An indicator is a pure function ``compute(ctx, target) -> IndicatorResult``. It measures one
value per measured unit (natural village, admin village, township, station, site …), rolls the
values up to admin village → township → county (population- or household-weighted where the
plan counts people), and lists one gap row per measured unit that misses the target.

A check (:data:`geo.core.catalog.CHECKS`) is a function ``check(ctx, check) -> IndicatorResult`` with
the same result shape: gap rows by a documented rule where no plan sets a target.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from geo.core.catalog import INDICATORS
from geo.core.crs import analysis_crs
from geo.core.store import Dataset
from geo.core.targets import Check, Source, Target

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
)

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
    "need_amount",
    "need_unit",
    "cost_yuan",
    "population_affected",
    "bureau",
    "deadline",
    "priority",
)

# Optional column of a gap frame: how bad the gap is, 0–1 (geo.analysis.gaps computes the priority from it;
# when absent the shortfall against the target is used).
SEVERITY = "severity"

COUNTY_CODE = "county"
COUNTY_NAME = "全县"


@dataclass
class Context:
    """The dataset prepared once for every indicator: metric layers and the unit hierarchy.

    ``as_of`` is the reference date of the report (inspections overdue are counted against it).
    Layers are projected lazily to the county's Gauss-Krüger zone and cached.
    """

    dataset: Dataset
    as_of: date = field(default_factory=date.today)
    _metric: dict[str, gpd.GeoDataFrame] = field(default_factory=dict, repr=False)

    @cached_property
    def crs(self) -> CRS:
        """The metric CRS (CGCS2000 3° Gauss-Krüger zone of the county)."""
        return analysis_crs(self.dataset.layer("townships"))

    def has(self, name: str) -> bool:
        """Whether the dataset has a non-empty layer ``name``."""
        return name in self.dataset.layers and len(self.dataset.layers[name]) > 0

    def metric(self, name: str) -> gpd.GeoDataFrame:
        """Layer ``name`` in the metric CRS (cached)."""
        if name not in self._metric:
            self._metric[name] = self.dataset.layer(name).to_crs(self.crs)
        return self._metric[name]

    @cached_property
    def villages(self) -> pd.DataFrame:
        """Admin villages: village_code → name, town_code, town_name, population, households."""
        villages = pd.DataFrame(self.dataset.layer("admin_villages").drop(columns="geometry"))
        towns = pd.DataFrame(self.dataset.layer("townships").drop(columns="geometry"))[["town_code", "name"]]
        merged = villages.merge(towns.rename(columns={"name": "town_name"}), on="town_code", how="left")
        return merged.set_index("village_code", drop=False)

    @cached_property
    def townships(self) -> pd.DataFrame:
        """Townships: town_code → name and seat, with the population of their admin villages."""
        towns = pd.DataFrame(self.dataset.layer("townships").drop(columns="geometry")).set_index(
            "town_code", drop=False
        )
        population = _numbers(self.villages["population"]).groupby(self.villages["town_code"].to_numpy()).sum()
        towns["population"] = population.reindex(towns.index).fillna(0.0).to_numpy()
        return towns

    @cached_property
    def village_seats(self) -> gpd.GeoSeries:
        """Seat of every admin village (metric CRS), indexed by village_code.

        The village committee (``seat_x``/``seat_y``) where the ledger has it, else the most
        populous natural village of the village (ties: the smallest ``nv_id``), else a point
        inside the village polygon.
        """
        villages = self.metric("admin_villages")
        seats = pd.Series(
            shapely.point_on_surface(villages.geometry.to_numpy()), index=villages["village_code"].to_numpy()
        )
        if self.has("natural_villages"):
            nv = self.metric("natural_villages")
            order = pd.DataFrame(
                {
                    "village_code": nv["village_code"].to_numpy(),
                    "population": _numbers(nv["population"]).to_numpy(),
                    "nv_id": nv["nv_id"].astype("string").to_numpy(),
                    "geometry": nv.geometry.to_numpy(),
                }
            )
            order = order.sort_values(
                ["village_code", "population", "nv_id"], ascending=[True, False, True], kind="stable"
            )
            largest = order.drop_duplicates("village_code").set_index("village_code")["geometry"]
            largest = largest[largest.index.isin(seats.index)]
            seats.loc[largest.index] = largest.to_numpy()
        raw = self.dataset.layer("admin_villages")
        if "seat_x" in raw and "seat_y" in raw:
            x, y = _numbers(raw["seat_x"]).to_numpy(), _numbers(raw["seat_y"]).to_numpy()
            known = ~np.isnan(x) & ~np.isnan(y)
            if known.any():
                points = gpd.GeoSeries(gpd.points_from_xy(x[known], y[known]), crs=raw.crs).to_crs(self.crs)
                seats.loc[raw["village_code"].to_numpy()[known]] = points.to_numpy()
        return gpd.GeoSeries(seats.to_numpy(), index=pd.Index(seats.index, name="village_code"), crs=self.crs)

    @cached_property
    def town_seats(self) -> gpd.GeoSeries:
        """Seat of every township (metric CRS) from ``seat_x``/``seat_y``, indexed by town_code."""
        towns = self.dataset.layer("townships")
        points = gpd.GeoSeries(gpd.points_from_xy(_numbers(towns["seat_x"]), _numbers(towns["seat_y"])), crs=towns.crs)
        return gpd.GeoSeries(
            points.to_crs(self.crs).to_numpy(),
            index=pd.Index(towns["town_code"].to_numpy(), name="town_code"),
            crs=self.crs,
        )

    @cached_property
    def hierarchy(self) -> Hierarchy:
        """The unit hierarchy as arrays, for fast roll-ups (see :class:`Hierarchy`)."""
        villages, towns = self.villages, self.townships
        village_codes = pd.Index(objects(villages["village_code"]), dtype=object)
        town_codes = pd.Index(objects(towns["town_code"]), dtype=object)
        return Hierarchy(
            village_codes=village_codes,
            village_names=objects(villages["name"]),
            village_town=town_codes.get_indexer(objects(villages["town_code"])),
            village_population=_numbers(villages["population"]).to_numpy(),
            town_codes=town_codes,
            town_names=objects(towns["name"]),
            town_population=towns["population"].to_numpy(dtype=float),
        )


@dataclass(frozen=True)
class Hierarchy:
    """Admin villages and townships as arrays: codes (object-dtype indexes), names, the township
    of each village (position in ``town_codes``, −1 unknown) and the ledger population."""

    village_codes: pd.Index
    village_names: np.ndarray
    village_town: np.ndarray
    village_population: np.ndarray
    town_codes: pd.Index
    town_names: np.ndarray
    town_population: np.ndarray

    def village_positions(self, codes: pd.Series | np.ndarray) -> np.ndarray:
        """Position of each village code in ``village_codes`` (−1 unknown)."""
        return self.village_codes.get_indexer(objects(codes))

    def town_positions(self, codes: pd.Series | np.ndarray) -> np.ndarray:
        """Position of each township code in ``town_codes`` (−1 unknown)."""
        return self.town_codes.get_indexer(objects(codes))

    def town_of(self, village_positions: np.ndarray) -> np.ndarray:
        """Township position of each village position (−1 where either is unknown)."""
        positions = np.asarray(village_positions)
        if len(self.village_town) == 0:
            return np.full(len(positions), -1)
        return np.where(positions >= 0, self.village_town[np.maximum(positions, 0)], -1)


def objects(values: pd.Series | pd.Index | np.ndarray | list) -> np.ndarray:
    """Values as a numpy object array with ``None`` for missing (fast hashing and lookups)."""
    if isinstance(values, pd.Series | pd.Index):
        return values.to_numpy(dtype=object, na_value=None)
    return np.asarray(values, dtype=object)


def member(values: object, pool: object) -> np.ndarray:
    """Whether each value is in ``pool`` (like ``np.isin``, missing matches missing), by hashing.

    ``np.isin`` on object arrays (codes, names) compares every value with every pool item: 20,000
    village codes against 18,000 facility codes took ~16 s; a hash lookup takes milliseconds.
    """
    return pd.Index(objects(values)).isin(objects(pool))


@dataclass
class IndicatorResult:
    """Values per unit at every level, and the gap rows, of one target (or check).

    ``notes`` are plain-language remarks for the report (e.g. "12 villages have no income in
    the ledger"), never errors.
    """

    units: pd.DataFrame
    gaps: gpd.GeoDataFrame
    details: gpd.GeoDataFrame | None = None  # per measured feature, for maps (e.g. routes to harden)
    notes: list[str] = field(default_factory=list)


IndicatorFunction = Callable[[Context, Target], IndicatorResult]
CheckFunction = Callable[[Context, Check], IndicatorResult]


def _numbers(values: pd.Series) -> pd.Series:
    """Numeric values as float64 with missing values as NaN (works on Int64/Float64/object)."""
    return pd.to_numeric(values, errors="coerce").astype("float64")


def numbers(values: pd.Series, fill: float | None = None) -> pd.Series:
    """Public form of the numeric coercion: float64, missing → NaN or ``fill``."""
    out = _numbers(values)
    return out if fill is None else out.fillna(fill)


def flags(values: pd.Series, missing: bool = False) -> pd.Series:
    """Boolean values as plain ``bool``; missing values become ``missing``."""
    return values.astype("boolean").fillna(missing).astype(bool)


def take(values: np.ndarray, positions: np.ndarray, missing: object = None) -> np.ndarray:
    """values[positions] with ``missing`` where the position is −1."""
    positions = np.asarray(positions)
    if len(values) == 0:
        return np.full(len(positions), missing, dtype=object)
    out = np.asarray(values, dtype=object)[np.maximum(positions, 0)]
    out[positions < 0] = missing
    return out


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
    num = _floats(measured[numerator], n)
    den = _floats(measured[denominator], n)
    pop = _floats(measured[population], n) if population else np.full(n, np.nan)
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
            codes, names = pd.Index([COUNTY_CODE], dtype=object), np.array([COUNTY_NAME], dtype=object)
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
    out[is_county] = float(np.nansum(h.village_population))
    return pd.Series(out, index=levels.index)


def judged(levels: pd.Series, target: Target) -> pd.Series:
    """Which unit rows a target can be judged on.

    A share is judged at every level (a township below the county target is worth knowing). A
    sum or an amount (yuan, count) is judged only at the level the target states: a per-village
    income target says nothing about a township's average, and a province total says nothing
    about one county's part of it (no county share is set), so those rows get ``met`` = NA.
    """
    spec = INDICATORS.get(target.indicator)
    if target.level == "province":
        return levels == "province"
    if spec is not None and spec.unit != "share":
        return levels == target.level
    return pd.Series(True, index=levels.index)


def _floats(values: object, n: int) -> np.ndarray:
    """Any column or array as float64 with NaN for missing (fast path for numeric data)."""
    if values is None:
        return np.full(n, np.nan)
    if isinstance(values, pd.Series | pd.Index):
        if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
            return values.to_numpy(dtype=float, na_value=np.nan)
        return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    array = np.asarray(values)
    if array.ndim == 0:
        return np.full(n, float(array) if array.dtype.kind in "fiub" else np.nan)
    return (
        array.astype(float)
        if array.dtype.kind in "fiub"
        else pd.to_numeric(pd.Series(array), errors="coerce").to_numpy(dtype=float)
    )


def _met(values: np.ndarray, target: Target) -> np.ndarray:
    """:meth:`Target.is_met` on a float array (NaN is not met)."""
    with np.errstate(invalid="ignore"):
        if target.comparison == ">=":
            return values >= target.threshold - target.tolerance
        if target.comparison == ">":
            return values > target.threshold - target.tolerance
        return values <= target.threshold + target.tolerance


def finish_units(units: pd.DataFrame, target: Target, ctx: Context | None = None) -> pd.DataFrame:
    """Add target columns and order the columns as :data:`UNIT_COLUMNS`.

    ``met`` is a nullable boolean: NA where the value is missing (nothing to judge, e.g. a
    township without any station) or where the level cannot be judged (:func:`judged`);
    otherwise :meth:`Target.is_met`. With ``ctx``, a missing ``population`` of admin village,
    township and county rows is filled from the admin villages' ledger.
    """
    n = len(units)
    values = _floats(units.get("value"), n)
    levels = units["level"].to_numpy(dtype=object) if "level" in units else np.full(n, None, dtype=object)
    unknown = np.isnan(values) | ~judged(pd.Series(levels), target).to_numpy()
    met = pd.arrays.BooleanArray(_met(values, target), unknown)
    population = _floats(units.get("population"), n)
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
            "numerator": _floats(units.get("numerator"), n),
            "denominator": _floats(units.get("denominator"), n),
            "population": population,
        }
    )


def empty_units() -> pd.DataFrame:
    """A unit table without rows."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in UNIT_COLUMNS})


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
) -> gpd.GeoDataFrame:
    """Build gap rows with every column of :data:`GAP_COLUMNS` (plus ``severity`` when given).

    ``rows`` holds per-row columns: ``feature_id``, ``name``, ``village_code`` (or ``town_code``),
    ``reason_zh``, ``reason_en``, ``value``, ``need_zh``, ``need_amount``, ``need_unit``,
    ``cost_yuan``, ``population_affected`` and optionally ``severity``; missing ones are left
    empty. Village and township names and the township code are looked up from the village code.
    ``geometry`` is in the storage CRS of the layer (``crs`` when a plain array is given).
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
        "need_unit",
        "bureau",
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
            columns[name] = _floats(value, n)
    if SEVERITY in given:
        columns[SEVERITY] = _floats(given[SEVERITY], n)
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
    )


def nearest(points: np.ndarray, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of and distance to the nearest candidate of every point (metric CRS; STRtree).

    Returns ``(-1, inf)`` for every point when there is no candidate. Ties go to the candidate
    with the smallest index, so the answer does not depend on anything but the geometry.
    """
    n = len(points)
    index, distance = np.full(n, -1, dtype=np.int64), np.full(n, np.inf)
    if n == 0 or len(candidates) == 0:
        return index, distance
    tree = shapely.STRtree(candidates)
    (src, dst), dist = tree.query_nearest(points, return_distance=True, all_matches=True)
    order = np.lexsort((dst, src))
    src, dst, dist = src[order], dst[order], dist[order]
    first = np.ones(len(src), dtype=bool)
    first[1:] = src[1:] != src[:-1]
    index[src[first]] = dst[first]
    distance[src[first]] = dist[first]
    return index, distance


def km(metres: pd.Series | np.ndarray) -> pd.Series:
    """Metres as kilometres text with one decimal, e.g. ``2.3`` (``—`` for infinite/missing)."""
    values = pd.Series(np.asarray(metres, dtype=float) / 1000.0)
    return values.round(1).astype("string").mask(~np.isfinite(values), "—")


def fmt_int(values: pd.Series | np.ndarray) -> pd.Series:
    """Whole numbers as text, e.g. ``4200`` (``—`` for missing)."""
    series = pd.Series(np.asarray(values, dtype=float))
    finite = np.isfinite(series)
    return series.where(finite, 0.0).round().astype("int64").astype("string").mask(~finite, "—")


def fmt_pct(values: pd.Series | np.ndarray) -> pd.Series:
    """Shares as percentage text with one decimal, e.g. ``93.5%`` (``—`` for missing)."""
    series = pd.Series(np.asarray(values, dtype=float)) * 100.0
    finite = np.isfinite(series)
    return (series.where(finite, 0.0).round(1).astype("string") + "%").mask(~finite, "—")


def as_target(check: Check, *, comparison: str, threshold: float, level: str) -> Target:
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
        bureau=check.bureau,  # type: ignore[arg-type]
        source=Source("", "", ""),
        params=dict(check.params),
        note=check.note,
    )


def village_codes(ctx: Context, name: str) -> pd.Series:
    """The admin village of every feature of layer ``name``: its ``village_code`` where filled,
    else the village whose polygon contains it (else the nearest village). Positional index."""
    layer = ctx.metric(name)
    codes = (
        layer["village_code"].astype("string").reset_index(drop=True)
        if "village_code" in layer
        else pd.Series(pd.NA, index=range(len(layer)), dtype="string")
    )
    missing = codes.isna().to_numpy()
    if missing.any():
        villages = ctx.metric("admin_villages")
        geoms = shapely.point_on_surface(layer.geometry.to_numpy()[missing])
        index, _ = nearest(geoms, villages.geometry.to_numpy())
        found = pd.array(villages["village_code"].astype("string").to_numpy()[np.maximum(index, 0)], dtype="string")
        found[index < 0] = pd.NA
        codes[missing] = found
    return codes


# --- fast text columns (numpy string ufuncs; pandas string operations cost ~0.3 ms each) -----------


def _text_array(part: object) -> np.ndarray | str:
    if isinstance(part, str):
        return part
    if isinstance(part, pd.Series | pd.Index):
        array = part.to_numpy(dtype=object, na_value="")
    else:
        array = np.asarray(part)
        if array.dtype.kind == "U":
            return array
        array = array.astype(object)
    array[pd.isna(array)] = ""
    return array.astype(str)


def cat(*parts: object) -> np.ndarray:
    """Concatenate text element-wise: ``cat("影响 ", int_text(pop), " 人")``; missing values are empty."""
    arrays = [_text_array(part) for part in parts]
    shapes = [a.shape for a in arrays if not isinstance(a, str)]
    out: np.ndarray | str = np.full(shapes[0] if shapes else (), "", dtype=str)
    for part in arrays:
        out = np.strings.add(out, part)
    return np.asarray(out, dtype=object)


def int_text(values: object) -> np.ndarray:
    """Whole numbers as text, e.g. ``4200`` (``—`` for missing)."""
    array = _floats(values, 0) if isinstance(values, pd.Series) else np.asarray(values, dtype=float)
    finite = np.isfinite(array)
    return np.where(finite, np.round(np.where(finite, array, 0.0)).astype(np.int64).astype(str), "—").astype(object)


def pct_text(values: object) -> np.ndarray:
    """Shares as percentages with one decimal, e.g. ``93.5%`` (``—`` for missing)."""
    array = (_floats(values, 0) if isinstance(values, pd.Series) else np.asarray(values, dtype=float)) * 100.0
    finite = np.isfinite(array)
    return np.where(finite, np.strings.add(np.round(np.where(finite, array, 0.0), 1).astype(str), "%"), "—").astype(
        object
    )


def km_text(metres: object) -> np.ndarray:
    """Metres as kilometres with one decimal, e.g. ``2.3`` (``—`` for missing or infinite)."""
    array = (_floats(metres, 0) if isinstance(metres, pd.Series) else np.asarray(metres, dtype=float)) / 1000.0
    finite = np.isfinite(array)
    return np.where(finite, np.round(np.where(finite, array, 0.0), 1).astype(str), "—").astype(object)
