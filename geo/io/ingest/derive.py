"""Contract values a source states another way, derived on import with a note (never silently).

A rural-road register names each route by its code (路线编码 X012, Y034, C056): the letter is the
administrative class, and a register without segment ids is keyed by the code. The letters are
data (``geo.core.vocabulary.ROUTE_PREFIX_CLASSES``); a value the source gives is never overwritten.
"""

from __future__ import annotations

import pandas as pd

from geo.core.layer_names import ROADS
from geo.core.validation import as_text
from geo.core.vocabulary import ROUTE_CODE_PATTERN, ROUTE_PREFIX_CLASSES
from geo.io.ingest.crs_guess import Note
from geo.text.i18n import both


def _roads(frame: pd.DataFrame, notes: list[Note]) -> pd.DataFrame:
    codes = as_text(frame["route_code"])
    letters = codes.str.extract(ROUTE_CODE_PATTERN, expand=False).str.upper()
    classes = letters.map(ROUTE_PREFIX_CLASSES).astype("string")
    out = frame.copy()
    if "admin_class" in out.columns:
        given = as_text(out["admin_class"])
        fill = (given.isna() & classes.notna()).to_numpy(dtype=bool)
        if fill.any():
            out["admin_class"] = given.where(~fill, classes)
    else:
        fill = classes.notna().to_numpy(dtype=bool)
        if fill.any():
            out["admin_class"] = classes
    if fill.any():
        notes.append(Note(*both("ingest.derive.admin_class_from_route", n=int(fill.sum()))))
    if "road_id" not in out.columns and codes.notna().any():
        clean = codes.str.replace(r"\s+", "", regex=True)
        repeated = clean.duplicated(keep=False) & clean.notna()
        number = clean.groupby(clean).cumcount() + 1
        out["road_id"] = clean.where(~repeated, clean + "-" + number.astype("string"))
        notes.append(Note(*both("ingest.derive.road_id_from_route", n=int(clean.notna().sum()))))
    return out


def derive(kind: str, frame: pd.DataFrame, notes: list[Note]) -> pd.DataFrame:
    """``frame`` (contract names, values mapped) with the values its layer can derive filled in."""
    if kind == ROADS and "route_code" in frame.columns and not isinstance(frame["route_code"], pd.DataFrame):
        return _roads(frame, notes)
    return frame
