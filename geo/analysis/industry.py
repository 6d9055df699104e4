"""Tea gardens and specialty crops (茶园/特色产业): area per village, township and county.

Not a target (the plans say "expand", with no number) but a profile table for the planner:
one row per unit (admin village, township, county) and crop, plus an ``all`` row per unit::

    area_mu          = Σ area_mu of the plots (the ledger area, 亩)
    organic_area_mu  = Σ area_mu of the plots with organic = true
    organic_share    = organic_area_mu / area_mu                      (NaN when area is 0)
    mapped_area_mu   = Σ polygon area in the metric CRS / 666.667 m²   (cross-check of the ledger)
    mu_per_person    = area_mu / population of the unit (admin villages' ledger)

A plot counts for the admin village of its ``village_code``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.analysis.context import Context, flags, numbers, objects, take
from geo.analysis.rollup import COUNTY_CODE
from geo.core.layer_names import FARM_PLOTS

SQUARE_METRES_PER_MU = 10_000.0 / 15.0
CROPS_ZH = {
    "tea": "茶叶",
    "camellia_oil": "油茶",
    "torreya": "香榧",
    "persimmon": "柿子",
    "fruit": "水果",
    "vegetable": "蔬菜",
    "herb": "中药材",
    "other": "其他",
    "all": "合计",
}
PROFILE_COLUMNS = (
    "level",
    "unit_code",
    "unit_name",
    "town_code",
    "crop",
    "crop_zh",
    "plots",
    "area_mu",
    "organic_area_mu",
    "organic_share",
    "mapped_area_mu",
    "population",
    "mu_per_person",
)


def industry_profile(ctx: Context) -> pd.DataFrame:
    """Crop area and organic share per admin village, township and county (see the module docstring)."""
    if not ctx.has(FARM_PLOTS):
        return pd.DataFrame({c: pd.Series(dtype="object") for c in PROFILE_COLUMNS})
    plots = ctx.metric(FARM_PLOTS)
    h = ctx.hierarchy
    area = numbers(plots["area_mu"], 0.0).to_numpy()
    organic = np.where(flags(plots["organic"]).to_numpy(), area, 0.0)
    mapped = plots.geometry.area.to_numpy() / SQUARE_METRES_PER_MU
    crop = objects(plots["crop"])
    crop[pd.isna(crop)] = "other"
    crops = np.array([*sorted(pd.unique(crop)), "all"], dtype=object)  # the few crop kinds, then the total
    crop_pos = np.searchsorted(crops[:-1], crop)
    village_pos = h.village_positions(plots["village_code"])
    town_pos = h.town_of(village_pos)
    parts = []
    for level, positions, codes, names, population, towns in (
        (
            "admin_village",
            village_pos,
            objects(h.village_codes),
            h.village_names,
            h.village_population,
            take(objects(h.town_codes), h.village_town),
        ),
        ("township", town_pos, objects(h.town_codes), h.town_names, h.town_population, objects(h.town_codes)),
        (
            "county",
            np.zeros(len(plots), dtype=np.int64),
            np.array([COUNTY_CODE], dtype=object),
            np.array([ctx.county_name], dtype=object),
            np.array([np.nansum(h.village_population)]),
            np.array([None], dtype=object),
        ),
    ):
        width = len(crops)
        known = positions >= 0
        cells = np.concatenate([positions[known] * width + crop_pos[known], positions[known] * width + width - 1])
        size = len(codes) * width

        def total(
            values: np.ndarray, known: np.ndarray = known, cells: np.ndarray = cells, size: int = size
        ) -> np.ndarray:
            return np.bincount(cells, weights=np.concatenate([values[known], values[known]]), minlength=size)

        count = np.bincount(cells, minlength=size)
        present = np.flatnonzero(count > 0)
        unit, kind = present // width, present % width
        parts.append(
            pd.DataFrame(
                {
                    "level": level,
                    "unit_code": codes[unit],
                    "unit_name": names[unit],
                    "town_code": towns[unit],
                    "crop": crops[kind],
                    "plots": count[present],
                    "area_mu": total(area)[present],
                    "organic_area_mu": total(organic)[present],
                    "mapped_area_mu": total(mapped)[present],
                    "population": population[unit],
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out["crop_zh"] = out["crop"].map(CROPS_ZH).fillna(out["crop"])
    with np.errstate(divide="ignore", invalid="ignore"):
        out["organic_share"] = np.where(out["area_mu"] > 0, out["organic_area_mu"] / out["area_mu"], np.nan)
        out["mu_per_person"] = np.where(out["population"] > 0, out["area_mu"] / out["population"], np.nan)
    out["plots"] = out["plots"].astype(int)
    out = out.sort_values(
        ["unit_code", "crop"], kind="stable", key=lambda c: c.map({"all": "~"}).fillna(c) if c.name == "crop" else c
    )
    level_rank = out["level"].map({"admin_village": 0, "township": 1, "county": 2})
    out = out.assign(_l=level_rank).sort_values("_l", kind="stable")
    return out[list(PROFILE_COLUMNS)].reset_index(drop=True)
