"""Administrative-village attributes: totals, seats, former-poverty and key-village flags.

Fuliang's plan names 「全县10个省级贫困村」: the ten former poverty villages are drawn among
the remote mountain villages (high relief, far from the county seat), at most two per
township; key villages (重点帮扶村) are most of those plus other remote or small villages.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.demo_gen.admin import Admin
from data.demo_gen.config import COUNTY_SEAT_TOWN
from data.demo_gen.county import County

FORMER_POOR = 10
KEY_VILLAGES = 20
FORMER_POOR_ALSO_KEY = 8


def village_table(county: County, admin: Admin, nv: pd.DataFrame) -> pd.DataFrame:
    """One row per village (admin order): households, population, seat cell, remoteness,
    flags and collective income."""
    rng = county.rng("village-flags")
    villages = admin.villages.drop(columns="geometry").copy()
    totals = nv.groupby("village_code")[["households", "population"]].sum()
    villages[["households", "population"]] = totals.reindex(villages["village_code"]).to_numpy()
    seats = nv[nv["is_seat"]].set_index("village_code")["cell"]
    villages["seat_cell"] = seats.reindex(villages["village_code"]).to_numpy()

    labels = admin.labels.ravel()
    ok = labels >= 0
    relief = np.bincount(labels[ok], weights=county.terrain.relief.ravel()[ok], minlength=len(villages))
    relief /= np.maximum(np.bincount(labels[ok], minlength=len(villages)), 1)
    seat = admin.towns.set_index("town_code").loc[COUNTY_SEAT_TOWN, ["seat_x", "seat_y"]].to_numpy(dtype=float)
    x, y = county.grid.flat_xy(villages["seat_cell"].to_numpy())
    villages["remoteness"] = (
        relief / 100.0 + np.hypot(x - seat[0], y - seat[1]) / 15_000.0 + rng.normal(0, 0.3, len(villages))
    )

    rural = (villages["kind"] == "village_committee").to_numpy()
    order = villages.index[rural][np.argsort(-villages.loc[rural, "remoteness"].to_numpy(), kind="stable")]
    poor: list[int] = []
    for v in order:
        if (
            len(poor) < FORMER_POOR
            and sum(villages.loc[p, "town_code"] == villages.loc[v, "town_code"] for p in poor) < 2
        ):
            poor.append(v)
    villages["is_former_poor"] = villages.index.isin(poor)
    key = poor[:FORMER_POOR_ALSO_KEY] + [v for v in order if v not in poor][: KEY_VILLAGES - FORMER_POOR_ALSO_KEY]
    villages["is_key_village"] = villages.index.isin(key)
    income = rng.lognormal(np.log(180_000), 0.55, len(villages)) * np.where(villages["is_former_poor"], 0.6, 1.0)
    villages["collective_income_yuan"] = np.round(income, -2)
    return villages
