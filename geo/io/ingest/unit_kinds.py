"""Fill the unit kind (村委会 / 居委会) and urban–rural code of admin villages on import.

A bureau's village list rarely says which units are residents' committees, yet the rural targets
must leave them out (:mod:`geo.core.units`). Where the source leaves ``unit_kind`` empty it is
taken from the NBS village list shipped in ``data/reference/`` (:mod:`geo.core.nbs`, the national
2023 list) by the 12-digit code, else from the name's suffix, else from the code's digits 10–12; the NBS
urban–rural code (``urban_rural_code``) is taken from the list where the list carries one. Values
the source gives are kept; where they (or the name) disagree with the NBS list, the import
says so in a note. Nothing is ever overwritten.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.core import nbs
from geo.core.units import UNIT_KINDS, URBAN_RURAL_CODES, kind_from_code, kind_from_name
from geo.io.ingest.crs_guess import Note
from geo.text.i18n import ByLang, both, t, term

_LISTED = 5  # conflicting units named in a note


def nbs_villages(counties: tuple[str, ...]) -> pd.DataFrame:
    """The NBS village list of the 6-digit ``counties`` by ``village_code``: ``unit_kind`` and ``urban_rural_code``.

    The shipped national list has no urban–rural code (NA); a list that carries one is read the same way.
    """
    frames = [nbs.county_villages(code) for code in counties]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["village_code", "unit_kind"])
    table = table.drop_duplicates("village_code").set_index("village_code")
    if "urban_rural_code" not in table:
        table["urban_rural_code"] = pd.NA
    return table[["unit_kind", "urban_rural_code"]].astype("string")


def _column(layer: pd.DataFrame, name: str, allowed: tuple[str, ...]) -> pd.Series:
    """A text column where its value is one of ``allowed``, NA elsewhere (or everywhere when absent)."""
    if name not in layer:
        return pd.Series(pd.NA, index=layer.index, dtype="string")
    text = layer[name].astype("string").str.strip()
    return text.where(text.isin(allowed).fillna(False))


def fill_unit_kinds(
    layer: gpd.GeoDataFrame, notes: list[Note], reference: pd.DataFrame | None = None
) -> gpd.GeoDataFrame:
    """``layer`` (admin villages) with ``unit_kind`` and ``urban_rural_code`` filled where empty, and notes saying how."""
    codes = layer["village_code"].astype("string") if "village_code" in layer else pd.Series(pd.NA, index=layer.index)
    if reference is None:
        counties = codes.dropna().str.extract(r"^([0-9]{6})[0-9]{6}$")[0].dropna().unique()
        reference = nbs_villages(tuple(sorted(counties)))
    listed = reference.reindex(codes.to_numpy())
    listed.index = layer.index
    nbs_kind = listed["unit_kind"].astype("string").where(listed["unit_kind"].isin(UNIT_KINDS).fillna(False))
    given = _column(layer, "unit_kind", UNIT_KINDS)
    by_name = kind_from_name(layer["name"]) if "name" in layer else pd.Series(pd.NA, index=layer.index, dtype="string")
    by_code = kind_from_code(codes)
    filled = given.fillna(nbs_kind).fillna(by_name).fillna(by_code)

    out = layer.copy()
    original = layer.get("unit_kind")
    # keep whatever the source wrote that is not a kind (validation then names the row)
    out["unit_kind"] = filled if original is None else original.astype("string").where(original.notna(), filled)
    counts = {
        "source": int(given.notna().sum()),
        "nbs": int((given.isna() & nbs_kind.notna()).sum()),
        "name": int((given.isna() & nbs_kind.isna() & by_name.notna()).sum()),
        "code": int((given.isna() & nbs_kind.isna() & by_name.isna() & by_code.notna()).sum()),
    }
    unknown = int(filled.isna().sum())
    notes.append(Note(*both("units.kind_filled", unknown=unknown, **counts)))
    _note_conflicts(layer, given.fillna(by_name), nbs_kind, notes)

    given_code = _column(layer, "urban_rural_code", URBAN_RURAL_CODES)
    nbs_code = listed["urban_rural_code"].astype("string")
    nbs_code = nbs_code.where(nbs_code.isin(URBAN_RURAL_CODES).fillna(False))
    fill_code = given_code.isna() & nbs_code.notna()
    if fill_code.any() or "urban_rural_code" in layer:
        current = layer["urban_rural_code"].astype("string") if "urban_rural_code" in layer else given_code
        out["urban_rural_code"] = current.where(~fill_code.to_numpy(), nbs_code)
        if fill_code.any():
            notes.append(Note(*both("units.code_filled", n=int(fill_code.sum()))))
    return out


def _note_conflicts(layer: pd.DataFrame, stated: pd.Series, nbs_kind: pd.Series, notes: list[Note]) -> None:
    """One note naming the units whose stated (or named) kind differs from the NBS list's."""
    differs = (stated.notna() & nbs_kind.notna() & (stated != nbs_kind)).fillna(False).to_numpy(dtype=bool)
    rows = np.flatnonzero(differs)
    if not len(rows):
        return
    names = layer["name"].astype("string").to_numpy() if "name" in layer else np.full(len(layer), "")
    codes = layer["village_code"].astype("string").to_numpy()
    lines = [
        both(
            "units.kind_conflict",
            row=r,
            name=names[r],
            code=codes[r],
            stated=term(f"units.kind.{stated.iloc[r]}"),
            listed=term(f"units.kind.{nbs_kind.iloc[r]}"),
        )
        for r in rows[:_LISTED]
    ]
    more = " …" if len(rows) > _LISTED else ""
    shown = ByLang(t("sep.clause", "zh").join(z for z, _ in lines), t("sep.clause", "en").join(e for _, e in lines))
    notes.append(Note(*both("units.kind_conflicts", n=len(rows), shown=shown, more=more)))
