"""What became of every column of a source: mapped, a join key, kept as an extra, or flagged.

Nothing is dropped silently: each column a bureau's file has ends in exactly one :class:`ColumnFate`
and the import summary lists them all, in Chinese and English. An extra column whose name looks
like a contract column (最近巡检时间 beside ``last_inspection`` 最近巡查日期, 2025年发电量 beside
``annual_kwh`` 年发电量, a unit the aliases do not cover) is *flagged*: kept, never used by an
indicator, and named in the summary with the ``--map`` that would place it, so a 是否重点帮扶村
column can no longer sit unused while the dashboard reads every village as not a key village.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from geo.core.schema import LayerSchema
from geo.core.vocabulary import JOIN_KEY_ALIASES, normalize_text
from geo.io.ingest.crs_guess import Note
from geo.io.ingest.mapping import MappingResult
from geo.io.ingest.readers.table import LAT_NAMES, LON_NAMES
from geo.text.i18n import LANGS, ByLang, both, t

Fate = Literal["mapped", "key", "coordinates", "extra", "flagged"]
FATES: tuple[Fate, ...] = ("mapped", "key", "coordinates", "extra", "flagged")
LOOKS_LIKE_RATIO = 0.75  # difflib ratio of two reduced names that makes a column look like a contract field

_BRACKETED = re.compile(r"[（(\[【].*?[）)\]】]")
_YEAR = re.compile(r"^(?:19|20)\d{2}年?度?")
_FILLERS = ("是否", "最近一次", "最近", "累计")
_COORDINATES = {re.sub(r"[\s_\-:：°.]", "", n) for n in (*LON_NAMES, *LAT_NAMES)}


@dataclass(frozen=True)
class ColumnFate:
    """One source column: what it became (``fate``), the column it fills or looks like, and how."""

    source: str
    fate: Fate
    target: str | None = None
    manual: bool = False


def _reduced(name: str) -> str:
    """A column name without units, a leading year and filler words: 2025年发电量（kWh） → 发电量."""
    text = _YEAR.sub("", _BRACKETED.sub("", normalize_text(name)))
    for filler in _FILLERS:
        if text.startswith(filler) and len(text) > len(filler) + 1:
            text = text[len(filler) :]
    return text


def _spellings(schema: LayerSchema) -> dict[str, list[str]]:
    """Contract (and join key) column → its reduced spellings: name, Chinese label and aliases."""
    out: dict[str, list[str]] = {
        c.name: [_reduced(s) for s in (c.name, c.label_zh, *c.aliases)] for c in schema.columns
    }
    for key, aliases in JOIN_KEY_ALIASES.items():
        out.setdefault(key, [_reduced(s) for s in aliases])
    return out


def looks_like(name: str, schema: LayerSchema) -> str | None:
    """The contract or join-key column a name resembles (same once units/years are dropped, contained, or similar)."""
    mine = _reduced(name)
    if len(mine) < 2:
        return None
    best, best_score = None, 0.0
    for target, spellings in _spellings(schema).items():
        for spelling in spellings:
            if len(spelling) < 2:
                continue
            if spelling == mine or spelling in mine or mine in spelling:
                score = 1.0
            else:
                score = difflib.SequenceMatcher(None, mine, spelling, autojunk=False).ratio()
            if score > best_score:
                best, best_score = target, score
    return best if best_score >= LOOKS_LIKE_RATIO else None


def column_fates(
    frame: pd.DataFrame, mapping: MappingResult, key_columns: Mapping[str, str], schema: LayerSchema
) -> list[ColumnFate]:
    """The fate of every column of the source ``frame`` (its geometry column aside), in the file's order."""
    contract = {c.name for c in schema.columns}
    geometry = getattr(frame, "active_geometry_name", None)
    has_points = geometry is not None and geometry in frame.columns
    fates: list[ColumnFate] = []
    for column in (str(c) for c in frame.columns):
        if column == geometry:
            continue
        manual = column in mapping.manual
        name = mapping.displaced.get(column) or mapping.manual.get(column, column)
        name = key_columns.get(mapping.automatic.get(name, name), mapping.automatic.get(name, name))
        if name in contract:
            fates.append(ColumnFate(column, "mapped", name, manual))
        elif name in JOIN_KEY_ALIASES:
            fates.append(ColumnFate(column, "key", name, manual))
        elif has_points and re.sub(r"[\s_\-:：°.]", "", _BRACKETED.sub("", column)).lower() in _COORDINATES:
            fates.append(ColumnFate(column, "coordinates"))
        else:
            similar = looks_like(column, schema)
            fates.append(ColumnFate(column, "flagged", similar) if similar else ColumnFate(column, "extra"))
    return fates


def _label(schema: LayerSchema, target: str) -> ByLang:
    """``name（行政村名称）`` for a contract column; a join key as itself."""
    try:
        col = schema.column(target)
    except KeyError:
        return ByLang(target, target)
    return ByLang(t("text.bracketed", "zh", text=target, note=col.label_zh), target)


def column_notes(fates: list[ColumnFate], schema: LayerSchema) -> list[Note]:
    """The import summary of the columns: one line per fate that occurs, one per flagged column."""
    notes: list[Note] = []
    for fate in ("mapped", "key", "coordinates", "extra"):
        group = [f for f in fates if f.fate == fate]
        if not group:
            continue
        items = []
        for f in group:
            if f.target is None:
                items.append(ByLang(f.source, f.source))
            else:
                label = _label(schema, f.target)
                manual = ByLang(*both("ingest.columns.by_hand")) if f.manual else ByLang("", "")
                items.append(ByLang(*both("ingest.columns.arrow", source=f.source, target=label, manual=manual)))
        listed = ByLang(*(t("sep.list", lang).join(str(i.pick(lang)) for i in items) for lang in LANGS))
        notes.append(Note(*both(f"ingest.columns.{fate}", n=len(group), listed=listed)))
    return notes + flagged_notes(fates, schema)


def flagged_notes(fates: list[ColumnFate], schema: LayerSchema) -> list[Note]:
    """The warning for each column that looks like a contract field (the page shows them above the notes)."""
    return [
        Note(*both("ingest.columns.flagged", source=f.source, target=_label(schema, f.target), name=f.target))
        for f in fates
        if f.fate == "flagged" and f.target is not None
    ]
