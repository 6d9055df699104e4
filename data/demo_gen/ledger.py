"""Natural-village ledger attributes: garbage collection, sanitary toilets, sewage treatment.

About 85% of natural villages have garbage collection (target 90%): the ones left out are
remote or have no road. Sanitary toilets reach about 63% of households (target 65%), with a
rate drawn per township so that some townships are well below it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.demo_gen.county import County

GARBAGE_SHARE = 0.85
TOILET_MEAN, TOILET_SPREAD = 0.58, 0.07


def ledger_attributes(county: County, nv: pd.DataFrame, unconnected: np.ndarray) -> pd.DataFrame:
    """garbage_collected, sanitary_toilet_households and sewage_treated per natural village."""
    rng = county.rng("ledger")
    relief = county.terrain.relief.ravel()[nv["cell"].to_numpy()]
    no_road = nv["nv_id"].isin(unconnected).to_numpy()
    urban = nv["urban"].to_numpy()
    # Remote (high above the valley bottom, no road, small) villages are left out first.
    remoteness = (
        relief / 50.0 + 3.0 * no_road - np.log(nv["households"].to_numpy()) + rng.normal(0, 1.0, len(nv)) - 10.0 * urban
    )
    garbage = np.zeros(len(nv), dtype=bool)
    garbage[np.argsort(remoteness, kind="stable")[: round(GARBAGE_SHARE * len(nv))]] = True

    towns = nv["village_code"].str[:9]
    town_rate = {t: float(np.clip(rng.normal(TOILET_MEAN, TOILET_SPREAD), 0.45, 0.8)) for t in sorted(towns.unique())}
    rate = np.clip(towns.map(town_rate).to_numpy() + rng.normal(0, 0.08, len(nv)), 0.2, 0.98)
    rate = np.where(urban, 0.95, rate)
    toilets = rng.binomial(nv["households"].to_numpy(), rate)

    sewage = np.where(urban, True, rng.random(len(nv)) < np.where(nv["is_seat"].to_numpy(), 0.5, 0.15))
    return pd.DataFrame(
        {"garbage_collected": garbage, "sanitary_toilet_households": toilets.astype(int), "sewage_treated": sewage},
        index=nv.index,
    )
