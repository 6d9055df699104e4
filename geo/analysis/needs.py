"""Which layers each indicator and check needs, and who holds them: a missing layer is "no data", never a gap.

A county works with what it has (issue 12): the report and the pages run on any subset of the
layers beyond townships and admin villages. A target whose layer is missing from the store is
"no data" (无数据): no value, no 0 %, no gap row, and a note naming the layer and the bureau that
holds it, so the planner knows whom to ask. A layer that is present but empty is a county that
has none of it (no cell site at all is a real gap); only an absent layer means "not loaded yet".
Every declared indicator and check has an entry here (a test holds it).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from geo.analysis.context import Context
from geo.analysis.gap_rows import empty_gaps
from geo.analysis.result import IndicatorResult
from geo.analysis.rollup import COUNTY_CODE, finish_units
from geo.core.areas import approximate_mask
from geo.core.layer_names import (
    ADMIN_VILLAGES,
    CELL_SITES,
    FACILITIES,
    NATURAL_VILLAGES,
    PV_STATIONS,
    RELOCATION_SITES,
    ROADS,
    TOWNSHIPS,
    WATER_WORKS,
)
from geo.core.store import Dataset
from geo.core.targets import Target
from geo.text.i18n import ByLang, bilingual, both, t

NEEDS: Mapping[str, tuple[str, ...]] = {
    "water.centralized_rate": (NATURAL_VILLAGES,),
    "water.tap_rate": (NATURAL_VILLAGES,),
    "telecom.g4_admin_villages": (CELL_SITES,),
    "telecom.g5_seats_key_villages": (CELL_SITES,),
    "road.hardened_natural_villages": (NATURAL_VILLAGES, ROADS),
    "road.double_lane_admin_villages": (ROADS,),
    "road.county_roads_grade3": (ROADS,),
    "road.township_grade3_access": (ROADS,),
    "transport.bus_admin_villages": (FACILITIES,),
    "logistics.express_admin_villages": (FACILITIES,),
    "sanitation.garbage_natural_villages": (NATURAL_VILLAGES,),
    "sanitation.sewage_natural_villages": (NATURAL_VILLAGES,),
    "sanitation.sanitary_toilet_rate": (NATURAL_VILLAGES,),
    "health.clinic_admin_villages": (FACILITIES,),
    "health.township_hospitals": (FACILITIES,),
    "relocation.employed_households": (RELOCATION_SITES,),
    "relocation.service_access": (RELOCATION_SITES, FACILITIES),
    "pv.ownership_confirmed": (PV_STATIONS,),
    "pv.operating": (PV_STATIONS,),
    "pv.inspection_on_time": (PV_STATIONS,),
    "pv.annual_revenue": (PV_STATIONS,),
    "economy.collective_income": (),
    # checks
    "water.ledger_discrepancy": (NATURAL_VILLAGES, WATER_WORKS),
    "water.works_overload": (NATURAL_VILLAGES, WATER_WORKS),
}


def missing_layers(dataset: Dataset, measure: str) -> tuple[str, ...]:
    """The layers indicator (or check) ``measure`` needs that the dataset does not have at all."""
    return tuple(name for name in NEEDS.get(measure, ()) if name not in dataset.layers)


def holders(layers: tuple[str, ...]) -> ByLang:
    """The layers and who holds each, e.g. 「自然村（natural_villages，乡村振兴局…）」, both languages."""
    parts = [both("needs.layer", layer=ByLang(*both(f"needs.title.{name}")), name=name) for name in layers]
    return ByLang(t("sep.list", "zh").join(p[0] for p in parts), t("sep.list", "en").join(p[1] for p in parts))


def no_data_note(layers: tuple[str, ...]) -> str:
    """The report's note of a target without data (one line, both languages)."""
    return bilingual("needs.no_data", layers=holders(layers))


def no_data_result(ctx: Context, target: Target, layers: tuple[str, ...]) -> IndicatorResult:
    """A target that cannot be measured: the county row without a value (not judged), no gap rows."""
    units = pd.DataFrame(
        {"level": ["county"], "unit_code": [COUNTY_CODE], "unit_name": [ctx.county_name], "value": [np.nan]}
    )
    return IndicatorResult(finish_units(units, target, ctx), empty_gaps(), notes=[no_data_note(layers)])


def data_notes(dataset: Dataset) -> list[str]:
    """What the figures rest on that is not surveyed: approximate areas, natural villages placed at their
    admin village (``layer: note`` lines of the report)."""
    notes: list[str] = []
    for name in (ADMIN_VILLAGES, TOWNSHIPS):
        frame = dataset.layers.get(name)
        if frame is not None and approximate_mask(frame).any():
            notes.append(f"{name}: {bilingual('needs.approximate_areas', n=int(approximate_mask(frame).sum()))}")
    naturals = dataset.layers.get(NATURAL_VILLAGES)
    if naturals is not None and "location_pending" in naturals:
        pending = int(naturals["location_pending"].astype("boolean").fillna(False).sum())
        if pending:
            notes.append(f"{NATURAL_VILLAGES}: {bilingual('needs.location_pending', n=pending)}")
    return notes
