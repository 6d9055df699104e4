"""The analysis context every indicator reads: the dataset, its metric layers and the unit hierarchy.

:class:`Context` is prepared once per report; layers are projected lazily to the county's
Gauss-Krüger zone and cached. :meth:`Context.for_target` is the view a target measures: only the
rural admin and natural villages with people (:mod:`geo.analysis.unit_scope`), the one place
where residents' committees and uninhabited units are left out. :class:`Hierarchy` holds admin
villages and townships as arrays for fast roll-ups. The small value helpers beside them (``objects``, ``numbers``, ``floats``,
``flags``, ``take``, ``member``, ``nearest``, ``village_codes``) are what the indicator modules use
to read layer columns and locate features.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from geo.analysis.unit_scope import SCOPED_LAYERS, UnitScope, scoped_dataset, unit_scope
from geo.core.crs import analysis_crs
from geo.core.layer_names import ADMIN_VILLAGES, NATURAL_VILLAGES, TOWNSHIPS
from geo.core.nbs import county_name
from geo.core.plan_chain import jurisdiction_of
from geo.core.store import Dataset
from geo.core.targets import Target

WHOLE_COUNTY = "全县"  # the county row's name when the store's county is not known by its code


@dataclass
class Context:
    """The dataset prepared once for every indicator: metric layers and the unit hierarchy.

    ``as_of`` is the reference date of the report (inspections overdue are counted against it).
    Layers are projected lazily to the county's Gauss-Krüger zone and cached.
    """

    dataset: Dataset
    as_of: date = field(default_factory=date.today)
    _metric: dict[str, gpd.GeoDataFrame] = field(default_factory=dict, repr=False)
    # A view for one ``rural`` scope (:meth:`for_target`): the whole dataset's context, and the scope.
    parent: Context | None = field(default=None, repr=False)
    scope: UnitScope | None = field(default=None, repr=False)
    _views: dict[str, Context] = field(default_factory=dict, repr=False)  # the scoped views, by ``rural``

    @property
    def whole(self) -> Context:
        """The context of the whole dataset (``self`` unless this is a scoped view)."""
        return self.parent if self.parent is not None else self

    def for_target(self, target: Target) -> Context:
        """The view a target counts: only the admin and natural villages of its ``rural`` scope that
        have people (:mod:`geo.analysis.unit_scope`); every other layer whole. One view per scope,
        cached, so the indicators of a report share its projected layers and road network."""
        whole = self.whole
        views = whole._views
        if target.rural not in views:
            scope = unit_scope(whole.dataset, target.rural)
            views[target.rural] = Context(
                scoped_dataset(whole.dataset, scope), as_of=whole.as_of, parent=whole, scope=scope
            )
        return views[target.rural]

    @cached_property
    def crs(self) -> CRS:
        """The metric CRS (CGCS2000 3° Gauss-Krüger zone of the county)."""
        if self.parent is not None:
            return self.parent.crs
        return analysis_crs(self.dataset.layer(TOWNSHIPS))

    @cached_property
    def county_name(self) -> str:
        """The county's official name from its code (沁水县 for townships 140521…), else 「全县」."""
        towns = self.dataset.layers.get(TOWNSHIPS)
        codes: np.ndarray | list[object] = (
            objects(towns["town_code"].astype("string")) if towns is not None and "town_code" in towns else []
        )
        return county_name(jurisdiction_of(codes)) or WHOLE_COUNTY

    def has(self, name: str) -> bool:
        """Whether the dataset has a non-empty layer ``name``."""
        return name in self.dataset.layers and len(self.dataset.layers[name]) > 0

    def metric(self, name: str) -> gpd.GeoDataFrame:
        """Layer ``name`` in the metric CRS (cached; a scoped view takes the whole dataset's rows it counts)."""
        if name not in self._metric:
            if self.parent is None:
                self._metric[name] = self.dataset.layer(name).to_crs(self.crs)
            elif self.scope is not None and name in SCOPED_LAYERS:
                rows = self.scope.villages if name == ADMIN_VILLAGES else self.scope.natural
                whole = self.parent.metric(name)
                self._metric[name] = whole[rows] if len(rows) == len(whole) else whole
            else:
                self._metric[name] = self.parent.metric(name)
        return self._metric[name]

    @cached_property
    def villages(self) -> pd.DataFrame:
        """Admin villages: village_code → name, town_code, town_name, population, households."""
        villages = pd.DataFrame(self.dataset.layer(ADMIN_VILLAGES).drop(columns="geometry"))
        towns = pd.DataFrame(self.dataset.layer(TOWNSHIPS).drop(columns="geometry"))[["town_code", "name"]]
        merged = villages.merge(towns.rename(columns={"name": "town_name"}), on="town_code", how="left")
        return merged.set_index("village_code", drop=False)

    @cached_property
    def townships(self) -> pd.DataFrame:
        """Townships: town_code → name and seat, with the population of their admin villages."""
        towns = pd.DataFrame(self.dataset.layer(TOWNSHIPS).drop(columns="geometry")).set_index("town_code", drop=False)
        population = numbers(self.villages["population"]).groupby(self.villages["town_code"].to_numpy()).sum()
        towns["population"] = population.reindex(towns.index).fillna(0.0).to_numpy()
        return towns

    @cached_property
    def village_seats(self) -> gpd.GeoSeries:
        """Seat of every admin village (metric CRS), indexed by village_code.

        The village committee (``seat_x``/``seat_y``) where the ledger has it, else the most
        populous natural village of the village (ties: the smallest ``nv_id``), else a point
        inside the village polygon.
        """
        villages = self.metric(ADMIN_VILLAGES)
        seats = pd.Series(
            shapely.point_on_surface(villages.geometry.to_numpy()), index=villages["village_code"].to_numpy()
        )
        if self.has(NATURAL_VILLAGES):
            nv = self.metric(NATURAL_VILLAGES)
            order = pd.DataFrame(
                {
                    "village_code": nv["village_code"].to_numpy(),
                    "population": numbers(nv["population"]).to_numpy(),
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
        raw = self.dataset.layer(ADMIN_VILLAGES)
        if "seat_x" in raw and "seat_y" in raw:
            x, y = numbers(raw["seat_x"]).to_numpy(), numbers(raw["seat_y"]).to_numpy()
            known = ~np.isnan(x) & ~np.isnan(y)
            if known.any():
                points = gpd.GeoSeries(gpd.points_from_xy(x[known], y[known]), crs=raw.crs).to_crs(self.crs)
                seats.loc[raw["village_code"].to_numpy()[known]] = points.to_numpy()
        return gpd.GeoSeries(seats.to_numpy(), index=pd.Index(seats.index, name="village_code"), crs=self.crs)

    @cached_property
    def town_seats(self) -> gpd.GeoSeries:
        """Seat of every township (metric CRS) from ``seat_x``/``seat_y``, indexed by town_code."""
        towns = self.dataset.layer(TOWNSHIPS)
        points = gpd.GeoSeries(gpd.points_from_xy(numbers(towns["seat_x"]), numbers(towns["seat_y"])), crs=towns.crs)
        return gpd.GeoSeries(
            points.to_crs(self.crs).to_numpy(),
            index=pd.Index(towns["town_code"].to_numpy(), name="town_code"),
            crs=self.crs,
        )

    @cached_property
    def hierarchy(self) -> Hierarchy:
        """The unit hierarchy as arrays, for fast roll-ups (see :class:`Hierarchy`).

        Every admin village of the whole dataset is in it (a site in a residents' committee still
        rolls up to its township); township and county populations are those of the counted villages.
        """
        villages, towns = self.whole.villages, self.townships
        village_codes = pd.Index(objects(villages["village_code"]), dtype=object)
        town_codes = pd.Index(objects(towns["town_code"]), dtype=object)
        return Hierarchy(
            village_codes=village_codes,
            village_names=objects(villages["name"]),
            village_town=town_codes.get_indexer(objects(villages["town_code"])),
            village_population=numbers(villages["population"]).to_numpy(),
            town_codes=town_codes,
            town_names=objects(towns["name"]),
            town_population=towns["population"].to_numpy(dtype=float),
            county_population=float(np.nansum(numbers(self.villages["population"]).to_numpy())),
        )


@dataclass(frozen=True)
class Hierarchy:
    """Admin villages and townships as arrays: codes (object-dtype indexes), names, the township
    of each village (position in ``town_codes``, −1 unknown) and the ledger population (of the
    counted villages for townships and the county)."""

    village_codes: pd.Index
    village_names: np.ndarray
    village_town: np.ndarray
    village_population: np.ndarray
    town_codes: pd.Index
    town_names: np.ndarray
    town_population: np.ndarray
    county_population: float

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


def numbers(values: pd.Series, fill: float | None = None) -> pd.Series:
    """Numeric values as float64 (works on Int64/Float64/object); missing → NaN or ``fill``."""
    out = pd.to_numeric(values, errors="coerce").astype("float64")
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


def floats(values: object, n: int) -> np.ndarray:
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
        villages = ctx.whole.metric(ADMIN_VILLAGES)
        geoms = shapely.point_on_surface(layer.geometry.to_numpy()[missing])
        index, _ = nearest(geoms, villages.geometry.to_numpy())
        found = pd.array(villages["village_code"].astype("string").to_numpy()[np.maximum(index, 0)], dtype="string")
        found[index < 0] = pd.NA
        codes[missing] = found
    return codes
