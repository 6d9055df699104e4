"""What every indicator shares: the analysis context, the result shape and the roll-ups.

An indicator is a pure function ``compute(ctx, target) -> IndicatorResult``. It measures one
value per measured unit (natural village, admin village, township, station, site …), rolls the
values up to admin village → township → county (population- or household-weighted where the
plan counts people), and lists one gap row per measured unit that misses the target.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS

from geo.crs import analysis_crs
from geo.store import Dataset
from geo.targets import Target

LEVEL_ORDER = ("feature", "natural_village", "admin_village", "township", "county", "province")

# Columns of the indicator table (indicators.csv). numerator/denominator make every share
# checkable by hand; population is the people living in the unit (for weighting and display).
UNIT_COLUMNS = ("indicator_id", "target_id", "level", "unit_code", "unit_name", "value", "target", "met",
                "numerator", "denominator", "population")

# Columns of a gap row (gaps.csv / gaps.xlsx / gaps.gpkg); geometry is added for the GeoPackage.
GAP_COLUMNS = ("indicator_id", "target_id", "layer", "feature_id", "name", "village_code", "village_name",
               "town_code", "town_name", "reason_zh", "reason_en", "value", "target", "need_zh", "need_amount",
               "need_unit", "cost_yuan", "population_affected", "bureau", "deadline", "priority")


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
        """Townships: town_code → name and seat."""
        return pd.DataFrame(self.dataset.layer("townships").drop(columns="geometry")).set_index("town_code", drop=False)


@dataclass
class IndicatorResult:
    """Values per unit at every level, and the gap rows, of one target."""

    units: pd.DataFrame
    gaps: gpd.GeoDataFrame
    details: gpd.GeoDataFrame | None = None  # per measured feature, for maps (e.g. routes to harden)


IndicatorFunction = Callable[[Context, Target], IndicatorResult]


def share_rollup(
    measured: pd.DataFrame,
    ctx: Context,
    target: Target,
    *,
    numerator: str,
    denominator: str,
    levels: tuple[str, ...] = ("admin_village", "township", "county"),
) -> pd.DataFrame:
    """Roll a share up the unit hierarchy: value = Σ numerator / Σ denominator per unit.

    ``measured`` must have ``village_code`` and the two columns (e.g. served population and
    population, or 1/0 per village and 1). Units whose denominator is 0 get NaN (not met).
    """
    frame = measured[["village_code", numerator, denominator]].copy()
    frame["town_code"] = frame["village_code"].map(ctx.villages["town_code"])
    groups: list[pd.DataFrame] = []
    for level in levels:
        if level == "admin_village":
            keys, names = "village_code", ctx.villages["name"]
        elif level == "township":
            keys, names = "town_code", ctx.townships["name"]
        elif level == "county":
            frame["county"] = "county"
            keys, names = "county", pd.Series({"county": "全县"})
        else:
            raise ValueError(f"unknown roll-up level {level}")
        summed = frame.groupby(keys, dropna=False)[[numerator, denominator]].sum()
        out = pd.DataFrame({
            "level": level,
            "unit_code": summed.index.astype("string"),
            "unit_name": summed.index.map(names).astype("string"),
            "numerator": summed[numerator].to_numpy(dtype=float),
            "denominator": summed[denominator].to_numpy(dtype=float),
        })
        groups.append(out)
    units = pd.concat(groups, ignore_index=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        units["value"] = np.where(units["denominator"] > 0, units["numerator"] / units["denominator"], np.nan)
    return finish_units(units, target)


def finish_units(units: pd.DataFrame, target: Target) -> pd.DataFrame:
    """Add target columns and order the columns as :data:`UNIT_COLUMNS`."""
    units = units.copy()
    units["indicator_id"] = target.indicator
    units["target_id"] = target.id
    units["target"] = target.threshold
    units["met"] = target.is_met(units["value"].astype("Float64"))
    for column in ("numerator", "denominator", "population"):
        if column not in units:
            units[column] = np.nan
    return units[list(UNIT_COLUMNS)]
