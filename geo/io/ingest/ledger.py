"""Join ledgers (台账) to the villages of the store: by code first, else by name within township.

A bureau's ledger lists villages by 12-digit code, or only by name, with the township beside it.
Names are matched after light normalization (full-width → half-width, spaces, the 村/镇/乡
suffixes), exactly first and then fuzzily (difflib) within the township. Every row ends in one
of three states: matched (and how: code, name or fuzzy with its score), ambiguous (several
candidates, all listed) or unmatched (with the nearest name when there is one). Nothing is
guessed silently: ambiguous and unmatched rows become problems in the import report, fuzzy
matches are listed so the planner can check them. The name matching itself (exact, vectorized,
then difflib for the rows left over) is :mod:`geo.io.ingest.name_match`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from geo.core.errors import Problem
from geo.core.layer_names import ADMIN_VILLAGES, NATURAL_VILLAGES
from geo.core.validation import as_text
from geo.core.vocabulary import (
    JOIN_KEY_ALIASES,
    TOWN_SUFFIXES,
    VILLAGE_BODY_SUFFIXES,
    VILLAGE_PLACE_SUFFIXES,
    VILLAGE_SUFFIXES,
    normalize_text,
)
from geo.io.ingest.name_match import DEFAULT_CUTOFF, DEFAULT_MARGIN, match_names, name_key, reason, set_rows
from geo.text.i18n import LANGS, ByLang, t, term

JoinBy = Literal["auto", "code", "name"]

# Ledger columns naming where a row belongs and the official name suffixes: data of geo.core.vocabulary.
KEY_ALIASES = JOIN_KEY_ALIASES
__all__ = ["TOWN_SUFFIXES", "VILLAGE_SUFFIXES"]
# Village names lose their body suffix (村委会 …), then their place suffix (社区, 村 …).
_VILLAGE_STAGES = (VILLAGE_BODY_SUFFIXES, VILLAGE_PLACE_SUFFIXES)
TOWN_CODE_PATTERN = r"[0-9]{9}"
VILLAGE_CODE_PATTERN = r"[0-9]{12}"


def key_columns(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rename the ledger's township/village columns (乡镇, 行政村, …) to ``town_name``, ``village_name`` …

    Columns already carrying a contract name are left alone; returns the frame and the renaming.
    """
    present = {str(c) for c in frame.columns}
    lookup = {normalize_text(alias): name for name, aliases in KEY_ALIASES.items() for alias in aliases}
    mapping: dict[str, str] = {}
    for column in frame.columns:
        target = lookup.get(normalize_text(column))
        if target and target != column and target not in present and target not in mapping.values():
            mapping[str(column)] = target
    return frame.rename(columns=mapping), mapping


@dataclass
class JoinResult:
    """One row per ledger row (same index): status, method, score, matched key and candidates.

    ``table`` columns: ``status`` (matched/ambiguous/unmatched), ``method`` (code/name/fuzzy,
    or manual when settled by hand), ``score`` (1.0 for exact), ``target`` (the matched
    feature's key), ``target_name``, ``query_name`` (the name looked up), ``candidates``
    (labels of the candidates of an ambiguous row, or the suggestion of an unmatched one, joined
    by "；"), ``candidate_keys`` (their keys, in the same order), ``reason_zh``/``reason_en``.
    """

    table: pd.DataFrame
    target_layer: str
    key: str

    @property
    def matched(self) -> pd.DataFrame:
        """Rows matched to exactly one feature."""
        return self.table[self.table["status"] == "matched"]

    @property
    def ambiguous(self) -> pd.DataFrame:
        """Rows with several equally good candidates (listed in ``candidates``)."""
        return self.table[self.table["status"] == "ambiguous"]

    @property
    def unmatched(self) -> pd.DataFrame:
        """Rows no feature could be found for."""
        return self.table[self.table["status"] == "unmatched"]

    @property
    def fuzzy(self) -> pd.DataFrame:
        """Matched rows whose name differs from the feature's (to be checked by the planner)."""
        return self.table[(self.table["status"] == "matched") & (self.table["method"] == "fuzzy")]

    @property
    def to_review(self) -> pd.DataFrame:
        """Rows a planner should look at: ambiguous, unmatched, or matched only by a similar name."""
        return self.table[(self.table["status"] != "matched") | (self.table["method"] == "fuzzy")]

    def problems(self, source: str, layer: str, field: str) -> list[Problem]:
        """One problem per ambiguous or unmatched row (row numbers are the ledger's, 0-based).

        ``field`` names the ledger's name column; rows whose code was looked up name the code column.
        """
        out: list[Problem] = []
        for row in self.table[self.table["status"] != "matched"].itertuples():
            column = self.key if row.method == "code" else field
            out.append(Problem(source, layer, int(row.Index), column, str(row.reason_zh), str(row.reason_en)))
        return out


def _empty_table(index: pd.Index) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "status": pd.Series("unmatched", index=index, dtype=object),
            "method": pd.Series(None, index=index, dtype=object),
            "score": pd.Series(np.nan, index=index, dtype=float),
            "target": pd.Series(pd.NA, index=index, dtype="string"),
            "target_name": pd.Series(pd.NA, index=index, dtype="string"),
            "query_name": pd.Series("", index=index, dtype=object),
            "candidates": pd.Series("", index=index, dtype=object),
            "candidate_keys": pd.Series("", index=index, dtype=object),
            "reason_zh": pd.Series("", index=index, dtype=object),
            "reason_en": pd.Series("", index=index, dtype=object),
        }
    )


def _label(name: object, code: object, scope: object = None) -> str:
    inside = f"{code}" if scope is None or pd.isna(scope) else f"{code}{t('sep.comma')}{scope}"
    return t("text.bracketed", text=name, note=inside)


def resolve_townships(
    ledger: pd.DataFrame,
    townships: pd.DataFrame | None,
    table: pd.DataFrame,
    *,
    cutoff: float = DEFAULT_CUTOFF,
    margin: float = DEFAULT_MARGIN,
) -> tuple[pd.Series, pd.Index]:
    """Township code of every ledger row from ``town_code`` or ``town_name`` (NA when none is given).

    Rows naming a township that cannot be found, or several, are marked in ``table``
    (unmatched/ambiguous) and returned as the second value: they are not matched further.
    """
    scope = pd.Series(pd.NA, index=ledger.index, dtype="string")
    if "town_code" in ledger.columns:
        codes = as_text(ledger["town_code"])
        scope = codes.where(codes.str.fullmatch(TOWN_CODE_PATTERN).fillna(False).astype(bool))
    if "town_name" not in ledger.columns:
        return scope, ledger.index[:0]
    need = scope.isna() & as_text(ledger["town_name"]).notna()
    if not need.any():
        return scope, ledger.index[:0]
    if townships is None or "name" not in townships.columns:
        rows = ledger.index[need.to_numpy(dtype=bool)]
        set_rows(
            table,
            rows,
            status="unmatched",
            **reason("ingest.ledger.no_townships"),
        )
        return scope, rows
    towns = pd.DataFrame(
        {
            "target": as_text(townships["town_code"]).to_numpy(),
            "key": name_key(townships["name"], TOWN_SUFFIXES).to_numpy(),
            "label_name": as_text(townships["name"]).to_numpy(),
        }
    )
    towns["scope"] = "all"
    towns["label"] = [_label(n, c) for n, c in zip(towns["label_name"], towns["target"], strict=True)]
    names = ledger.loc[need, "town_name"]
    queries = pd.DataFrame({"key": name_key(names, TOWN_SUFFIXES), "scope": "all", "name": as_text(names)})
    town_table = _empty_table(queries.index)
    match_names(town_table, queries, towns, what=term("what.township"), cutoff=cutoff, margin=margin)
    found = town_table["status"] == "matched"
    scope.loc[found.index[found]] = town_table.loc[found, "target"]
    failed = town_table[~found]
    for column in ("status", "candidates"):
        table.loc[failed.index, column] = failed[column]
    for lang in LANGS:
        reasons = failed[f"reason_{lang}"].astype(str)
        table.loc[failed.index, f"reason_{lang}"] = [t("ingest.ledger.in_township", lang, reason=r) for r in reasons]
    return scope, failed.index


def _codes_first(
    table: pd.DataFrame,
    codes: pd.Series,
    known: pd.Series,
    names: pd.Series,
    *,
    what: ByLang,
    pattern: str | None,
) -> pd.Series:
    """Match rows by code; returns the mask of rows still to match by name (no usable code)."""
    usable = codes.notna()
    if pattern is not None:
        usable &= codes.str.fullmatch(pattern).fillna(False).astype(bool)
    usable = usable.to_numpy(dtype=bool)
    lookup = pd.Series(names.to_numpy(), index=known.to_numpy())
    lookup = lookup[~lookup.index.duplicated()]
    found = usable & codes.isin(set(known.dropna())).to_numpy(dtype=bool)
    rows = table.index[found]
    set_rows(table, rows, status="matched", method="code", score=1.0)
    table.loc[rows, "target"] = codes[found].to_numpy()
    table.loc[rows, "target_name"] = lookup.reindex(codes[found].to_numpy()).astype("string").to_numpy()
    unknown = table.index[usable & ~found]
    for row in unknown:
        code = codes.at[row]
        set_rows(
            table,
            [row],
            status="unmatched",
            method="code",
            **reason("ingest.ledger.unknown_code", code=code, what=what),
        )
    return pd.Series(~usable, index=table.index)


def join_admin_villages(
    ledger: pd.DataFrame,
    villages: pd.DataFrame,
    townships: pd.DataFrame | None = None,
    *,
    name_column: str = "village_name",
    by: JoinBy = "auto",
    cutoff: float = DEFAULT_CUTOFF,
    margin: float = DEFAULT_MARGIN,
) -> JoinResult:
    """Match every ledger row to an admin village: ``village_code`` first, else name within township.

    The ledger's columns are contract names (run :func:`key_columns` and the layer mapping
    first): ``village_code``, ``name_column`` (the village name), and optionally ``town_code``
    or ``town_name`` to narrow the search. ``by="code"`` uses codes only, ``by="name"`` names only.
    """
    table = _empty_table(ledger.index)
    set_rows(table, ledger.index, **reason("ingest.ledger.no_village_code"))
    known = as_text(villages["village_code"])
    names = as_text(villages["name"])
    to_name = pd.Series(True, index=ledger.index)
    if by != "name" and "village_code" in ledger.columns:
        to_name = _codes_first(
            table,
            as_text(ledger["village_code"]),
            known,
            names,
            what=term("what.admin_village"),
            pattern=VILLAGE_CODE_PATTERN,
        )
    if by == "code" or name_column not in ledger.columns:
        return JoinResult(table, ADMIN_VILLAGES, "village_code")
    pending = ledger.index[to_name.to_numpy(dtype=bool)]
    scope, failed = resolve_townships(ledger.loc[pending], townships, table, cutoff=cutoff, margin=margin)
    pending = pending.difference(failed, sort=False)
    town_names = (
        {} if townships is None else dict(zip(as_text(townships["town_code"]), as_text(townships["name"]), strict=True))
    )
    town_of = (
        as_text(villages["town_code"]) if "town_code" in villages.columns else pd.Series(pd.NA, index=villages.index)
    )
    candidates = pd.DataFrame(
        {
            "target": known.to_numpy(),
            "key": name_key(villages["name"], *_VILLAGE_STAGES).to_numpy(),
            "scope": town_of.to_numpy(),
            "label_name": names.to_numpy(),
        }
    )
    candidates["label"] = [
        _label(n, c, town_names.get(s, s) if pd.notna(s) else None)
        for n, c, s in zip(candidates["label_name"], candidates["target"], candidates["scope"], strict=True)
    ]
    queries = pd.DataFrame(
        {
            "key": name_key(ledger.loc[pending, name_column], *_VILLAGE_STAGES),
            "scope": scope.reindex(pending).astype("string"),
            "name": as_text(ledger.loc[pending, name_column]),
        }
    )
    match_names(table, queries, candidates, what=term("what.admin_village"), cutoff=cutoff, margin=margin)
    return JoinResult(table, ADMIN_VILLAGES, "village_code")


def join_natural_villages(
    ledger: pd.DataFrame,
    naturals: pd.DataFrame,
    villages: pd.DataFrame,
    townships: pd.DataFrame | None = None,
    *,
    by: JoinBy = "auto",
    cutoff: float = DEFAULT_CUTOFF,
    margin: float = DEFAULT_MARGIN,
) -> JoinResult:
    """Match every ledger row to a natural village: ``nv_id`` first, else ``name`` within its admin village.

    The admin village comes from the ledger's ``village_code``, or from ``village_name`` within
    the township (:func:`join_admin_villages`); without either, the name is matched within the
    township, or the whole store. A row whose admin village is ambiguous or unknown is reported
    as such.
    """
    table = _empty_table(ledger.index)
    set_rows(table, ledger.index, **reason("ingest.ledger.no_natural_village_id"))
    ids = as_text(naturals["nv_id"])
    names = as_text(naturals["name"])
    to_name = pd.Series(True, index=ledger.index)
    if by != "name" and "nv_id" in ledger.columns:
        to_name = _codes_first(
            table,
            as_text(ledger["nv_id"]),
            ids,
            names,
            what=term("what.natural_village_id"),
            pattern=None,
        )
    if by == "code" or "name" not in ledger.columns:
        return JoinResult(table, NATURAL_VILLAGES, "nv_id")
    pending = ledger.index[to_name.to_numpy(dtype=bool)]
    part = ledger.loc[pending]
    scope = pd.Series(pd.NA, index=pending, dtype="string")
    has_village = (
        "village_code" in part.columns and as_text(part["village_code"]).notna().any()
    ) or "village_name" in part.columns
    if has_village:
        admin = join_admin_villages(
            part, villages, townships, name_column="village_name", by="auto", cutoff=cutoff, margin=margin
        )
        given = pd.Series(False, index=pending)
        if "village_code" in part.columns:
            given |= as_text(part["village_code"]).notna()
        if "village_name" in part.columns:
            given |= as_text(part["village_name"]).notna()
        found = admin.table["status"] == "matched"
        scope.loc[found.index[found]] = admin.table.loc[found, "target"]
        failed = admin.table.index[(~found & given).to_numpy(dtype=bool)]
        for row in failed:
            set_rows(
                table,
                [row],
                status=admin.table.at[row, "status"],
                candidates=admin.table.at[row, "candidates"],
                **reason(
                    "ingest.ledger.in_admin_village",
                    reason=ByLang(admin.table.at[row, "reason_zh"], admin.table.at[row, "reason_en"]),
                ),
            )
        pending = pending.difference(failed, sort=False)
        village_scope = True
    else:
        village_scope = False
    village_town = (
        dict(zip(as_text(villages["village_code"]), as_text(villages["town_code"]), strict=True))
        if "town_code" in villages.columns
        else {}
    )
    nv_village = (
        as_text(naturals["village_code"])
        if "village_code" in naturals.columns
        else pd.Series(pd.NA, index=naturals.index)
    )
    if not village_scope:
        scope, failed = resolve_townships(part, townships, table, cutoff=cutoff, margin=margin)
        pending = pending.difference(failed, sort=False)
        candidate_scope = nv_village.map(village_town)
    else:
        candidate_scope = nv_village
    village_names = dict(zip(as_text(villages["village_code"]), as_text(villages["name"]), strict=True))
    candidates = pd.DataFrame(
        {
            "target": ids.to_numpy(),
            "key": name_key(naturals["name"], *_VILLAGE_STAGES).to_numpy(),
            "scope": candidate_scope.astype("string").to_numpy(),
            "label_name": names.to_numpy(),
        }
    )
    candidates["label"] = [
        _label(n, c, village_names.get(v, v) if pd.notna(v) else None)
        for n, c, v in zip(candidates["label_name"], candidates["target"], nv_village, strict=True)
    ]
    queries = pd.DataFrame(
        {
            "key": name_key(ledger.loc[pending, "name"], *_VILLAGE_STAGES),
            "scope": scope.reindex(pending).astype("string"),
            "name": as_text(ledger.loc[pending, "name"]),
        }
    )
    match_names(table, queries, candidates, what=term("what.natural_village"), cutoff=cutoff, margin=margin)
    return JoinResult(table, NATURAL_VILLAGES, "nv_id")
