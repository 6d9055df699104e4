"""Which admin and natural villages a target counts: rural units with people, in one place.

The rural targets count 建制村 (village committees) and rural people: a residents' committee
(居委会/社区) is urban and is reported apart, never in a rural denominator; a unit without
people is never a gap and never in a denominator, whatever the target. :func:`unit_scope` decides
this once per dataset and ``rural`` parameter (:data:`geo.core.units.RURAL_SCOPES`);
:meth:`geo.analysis.context.Context.for_target` gives every indicator the dataset with only the
counted units, so no indicator filters on its own. Only the unit layers are narrowed (admin
villages and natural villages); sites, stations, roads and township seats count wherever they
lie, and still roll up to the residents' committee they sit in.

Left-out units are listed by :func:`UnitScope.excluded` (excluded_units.csv) and summed up in
one report note (:func:`scope_note`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.core.layer_names import ADMIN_VILLAGES, NATURAL_VILLAGES
from geo.core.store import Dataset
from geo.core.units import OTHER_UNIT, RESIDENTS_COMMITTEE, is_rural, unit_kinds
from geo.text.i18n import joined, term
from geo.text.templates import render_both

SCOPED_LAYERS = (ADMIN_VILLAGES, NATURAL_VILLAGES)
SCOPE_NOTE_KEY = "units"  # the key of the scope notes among a report's notes ("units: …")

# Columns of excluded_units.csv (one row per unit left out of a scope's denominators).
EXCLUDED_COLUMNS = (
    "scope",
    "layer",
    "unit_code",
    "unit_name",
    "village_code",
    "town_code",
    "unit_kind",
    "urban_rural_code",
    "population",
    "reason",
    "reason_zh",
    "reason_en",
)


def empty_excluded() -> pd.DataFrame:
    """An excluded-units table without rows."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in EXCLUDED_COLUMNS})


def _population(frame: pd.DataFrame) -> np.ndarray:
    return pd.to_numeric(frame["population"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


@dataclass(frozen=True)
class UnitScope:
    """The rows of the unit layers one ``rural`` scope counts, and the reason for every other row.

    ``reason`` per admin village / natural village: ``""`` (counted), ``residents_committee``,
    ``other``, ``urban_code`` (kind left out by the scope), ``outside`` (a natural village of a
    left-out admin village) or ``uninhabited`` (population 0; a missing population counts).
    """

    scope: str
    village_reason: np.ndarray
    natural_reason: np.ndarray

    @property
    def villages(self) -> np.ndarray:
        """Which admin villages (rows of the layer) are counted."""
        return self.village_reason == ""

    @property
    def natural(self) -> np.ndarray:
        """Which natural villages (rows of the layer) are counted."""
        return self.natural_reason == ""

    def excluded(self, dataset: Dataset) -> pd.DataFrame:
        """One row per unit left out (:data:`EXCLUDED_COLUMNS`): admin villages, then natural villages."""
        parts = []
        if ADMIN_VILLAGES in dataset.layers:
            villages = dataset.layers[ADMIN_VILLAGES]
            kinds = unit_kinds(villages)
            parts.append(
                self._rows(
                    villages,
                    self.village_reason,
                    ADMIN_VILLAGES,
                    villages["village_code"],
                    kinds,
                    villages.get("urban_rural_code"),
                )
            )
            if NATURAL_VILLAGES in dataset.layers:
                nv = dataset.layers[NATURAL_VILLAGES]
                kind_of = pd.Series(kinds.to_numpy(), index=villages["village_code"].astype("string").to_numpy())
                nv_kinds = nv["village_code"].astype("string").map(kind_of)
                parts.append(self._rows(nv, self.natural_reason, NATURAL_VILLAGES, nv["nv_id"], nv_kinds, None))
        frames = [p for p in parts if len(p)]
        if not frames:
            return empty_excluded()
        return pd.concat(frames, ignore_index=True)[list(EXCLUDED_COLUMNS)]

    def _rows(
        self,
        frame: pd.DataFrame,
        reasons: np.ndarray,
        layer: str,
        codes: pd.Series,
        kinds: pd.Series,
        urban: pd.Series | None,
    ) -> pd.DataFrame:
        out = reasons != ""
        population = _population(frame)[out]
        code = urban.astype("string").to_numpy()[out] if urban is not None else np.full(int(out.sum()), pd.NA)
        zh, en = render_both(np.array([f"scope.{r}" for r in reasons[out]], dtype=object), people=population, code=code)
        village_code = frame["village_code"].astype("string").to_numpy()[out]
        town = frame["town_code"].astype("string").to_numpy()[out] if "town_code" in frame else np.full(len(zh), pd.NA)
        return pd.DataFrame(
            {
                "scope": self.scope,
                "layer": layer,
                "unit_code": codes.astype("string").to_numpy()[out],
                "unit_name": frame["name"].astype("string").to_numpy()[out],
                "village_code": village_code,
                "town_code": town,
                "unit_kind": kinds.astype("string").to_numpy()[out],
                "urban_rural_code": code,
                "population": population,
                "reason": reasons[out],
                "reason_zh": zh,
                "reason_en": en,
            }
        )


def unit_scope(dataset: Dataset, scope: str) -> UnitScope:
    """Which admin and natural villages of ``dataset`` a target with ``rural = scope`` counts."""
    if ADMIN_VILLAGES not in dataset.layers:
        return UnitScope(scope, np.empty(0, dtype=object), np.empty(0, dtype=object))
    villages = dataset.layers[ADMIN_VILLAGES]
    kinds = unit_kinds(villages)
    urban = villages.get("urban_rural_code")
    rural = is_rural(kinds, urban, scope)
    kind = kinds.fillna("").to_numpy(dtype=object)
    # a village committee (or a unit of unknown kind) is left out only by an urban code
    apart = np.select(
        [kind == RESIDENTS_COMMITTEE, kind == OTHER_UNIT], [RESIDENTS_COMMITTEE, OTHER_UNIT], "urban_code"
    )
    village_reason = np.where(rural, np.where(_population(villages) == 0, "uninhabited", ""), apart).astype(object)
    if NATURAL_VILLAGES not in dataset.layers:
        return UnitScope(scope, village_reason, np.empty(0, dtype=object))
    nv = dataset.layers[NATURAL_VILLAGES]
    village_codes = villages["village_code"].astype("string").to_numpy()
    codes = pd.Index(nv["village_code"].astype("string").to_numpy())
    # a natural village follows its admin village; one naming no known village stays (validation reports it)
    in_rural = codes.isin(village_codes[rural]) | ~codes.isin(village_codes)
    natural_reason = np.where(in_rural, np.where(_population(nv) == 0, "uninhabited", ""), "outside").astype(object)
    return UnitScope(scope, village_reason, natural_reason)


def scoped_dataset(dataset: Dataset, scope: UnitScope) -> Dataset:
    """``dataset`` with only the counted admin and natural villages (every other layer whole)."""
    layers = dict(dataset.layers)
    if ADMIN_VILLAGES in layers:
        layers[ADMIN_VILLAGES] = layers[ADMIN_VILLAGES][scope.villages]
    if NATURAL_VILLAGES in layers and len(scope.natural_reason) == len(layers[NATURAL_VILLAGES]):
        layers[NATURAL_VILLAGES] = layers[NATURAL_VILLAGES][scope.natural]
    return Dataset(layers=layers, rasters=dataset.rasters, source=dataset.source, as_of=dataset.as_of)


def scope_note(dataset: Dataset, scope: UnitScope, target_ids: Sequence[str] | None = None) -> str:
    """One report line for a scope: units and people counted, what is reported apart, what is uninhabited.

    ``target_ids`` are the targets of the scope (``None``: every target)."""
    reason, nv_reason = scope.village_reason, scope.natural_reason
    population = _population(dataset.layers[ADMIN_VILLAGES]) if ADMIN_VILLAGES in dataset.layers else np.empty(0)
    apart = (reason != "") & (reason != "uninhabited")
    zh, en = render_both(
        "scope.note",
        n=1,
        scope=scope.scope,
        targets=term("scope.all_targets") if target_ids is None else joined(target_ids),
        counted=int(scope.villages.sum()),
        people=float(np.nansum(population[scope.villages])),
        residents=int((reason == RESIDENTS_COMMITTEE).sum()),
        other=int((reason == OTHER_UNIT).sum()),
        urban=int((reason == "urban_code").sum()),
        apart_people=float(np.nansum(population[apart])),
        empty_villages=int((reason == "uninhabited").sum()),
        empty_natural=int((nv_reason == "uninhabited").sum()),
    )
    return f"{zh[0]} / {en[0]}"
