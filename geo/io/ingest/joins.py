"""How a source's rows find their features in the store: the ledger join, the update of matched features.

A ledger without coordinates updates admin or natural villages: :func:`join_to_store` joins its
rows to the store's villages (:mod:`geo.io.ingest.ledger`) and applies the planner's choices,
:func:`note_join` says how it went, :func:`update_features` writes the ledger's values onto the
matched features. A layer that names its admin village instead of coding it gets the codes from
:func:`fill_village_codes`. Problems and notes are added to the lists the plan passes in.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.core import store
from geo.core.errors import Problem
from geo.core.layer_names import ADMIN_VILLAGES, NATURAL_VILLAGES, TOWNSHIPS
from geo.core.validation import as_text
from geo.io.ingest import ledger as ledger_join
from geo.io.ingest.crs_guess import Note
from geo.text.i18n import both, joined

# Columns a ledger uses to find its feature; they are not copied onto the feature in an update.
_JOIN_COLUMNS = ("name", "nv_id", "village_code", "village_name", "town_code", "town_name")


def _apply_choices(
    result: ledger_join.JoinResult,
    choices: Mapping[int, str],
    known: pd.Series,
    *,
    source: str,
    kind: str,
    problems: list[Problem],
) -> None:
    """Settle ledger rows by hand (row → feature key); an unknown key is a problem, not a match."""
    table = result.table
    valid = set(as_text(known).dropna())
    for row, key in choices.items():
        if row not in table.index:
            continue
        if key not in valid:
            problems.append(
                Problem(
                    source,
                    kind,
                    int(row),
                    None,
                    *both("ingest.ledger.chosen_feature_does_not", feature=key),
                )
            )
            continue
        table.loc[row, ["status", "method", "score", "target", "reason_zh", "reason_en"]] = [
            "matched",
            "manual",
            1.0,
            key,
            "",
            "",
        ]


def join_to_store(
    frame: pd.DataFrame,
    current: store.Dataset,
    *,
    source: str,
    kind: str,
    update: bool,
    by: ledger_join.JoinBy,
    choices: Mapping[int, str],
    problems: list[Problem],
) -> ledger_join.JoinResult | None:
    """Join a ledger (or a layer naming villages instead of coding them) to the store's villages.

    An ``update`` of natural villages joins to the natural villages, anything else to the admin
    villages; ``choices`` (ledger row → feature key) settle rows by hand. ``None`` when the store
    lacks the layers to join to (a problem is added).
    """
    towns = current.layers.get(TOWNSHIPS)
    villages = current.layers.get(ADMIN_VILLAGES)
    if kind == NATURAL_VILLAGES and update:
        naturals = current.layers.get(NATURAL_VILLAGES)
        if naturals is None or villages is None:
            problems.append(
                Problem(
                    source,
                    kind,
                    None,
                    None,
                    *both("ingest.ledger.store_no_natural_villages"),
                )
            )
            return None
        result = ledger_join.join_natural_villages(frame, naturals, villages, towns, by=by)
        _apply_choices(result, choices, naturals["nv_id"], source=source, kind=kind, problems=problems)
        return result
    if villages is None:
        problems.append(
            Problem(
                source,
                kind,
                None,
                None,
                *both("ingest.ledger.store_no_admin_villages"),
            )
        )
        return None
    name_column = "name" if kind == ADMIN_VILLAGES and "name" in frame.columns else "village_name"
    result = ledger_join.join_admin_villages(frame, villages, towns, name_column=name_column, by=by)
    _apply_choices(result, choices, villages["village_code"], source=source, kind=kind, problems=problems)
    return result


def note_join(
    result: ledger_join.JoinResult,
    field_name: str,
    *,
    source: str,
    kind: str,
    notes: list[Note],
    problems: list[Problem],
) -> None:
    """Say how the join went (matched, ambiguous, unmatched, fuzzy); every row not matched is a problem."""
    table = result.table
    counts = {s: int((table["status"] == s).sum()) for s in ("matched", "ambiguous", "unmatched")}
    notes.append(
        Note(
            *both(
                "ingest.ledger.ledger_join_matched_ambiguous",
                matched=counts["matched"],
                ambiguous=counts["ambiguous"],
                unmatched=counts["unmatched"],
            ),
        )
    )
    fuzzy = result.fuzzy
    if len(fuzzy):
        notes.append(Note(*both("ingest.ledger.them_fuzzy_matches_check", n_fuzzy=len(fuzzy))))
    problems.extend(result.problems(source, kind, field_name))


def update_features(
    ledger: pd.DataFrame,
    result: ledger_join.JoinResult,
    target: gpd.GeoDataFrame,
    *,
    source: str,
    kind: str,
    notes: list[Note],
    problems: list[Problem],
) -> tuple[gpd.GeoDataFrame, dict[int, int], list[int]]:
    """Write the ledger's values onto the matched features; blanks in the ledger keep the stored value.

    Returns the updated layer, its row → ledger row for every matched feature, and the sorted
    positions of the features changed. Two ledger rows matching one feature are problems.
    """
    matched = result.matched
    positions = pd.Series(np.arange(len(target)), index=as_text(target[result.key]).to_numpy())
    positions = positions[~positions.index.duplicated()]
    dup = matched["target"].duplicated(keep=False)
    for row in matched.index[dup.to_numpy(dtype=bool)]:
        others = ", ".join(
            str(r) for r in matched.index[(matched["target"] == matched.at[row, "target"]).to_numpy()] if r != row
        )
        problems.append(
            Problem(
                source,
                kind,
                int(row),
                None,
                *both("ingest.ledger.matches_same_feature_row", others=others, feature=matched.at[row, "target"]),
            )
        )
    rows = matched.index.to_numpy()
    at = positions.reindex(matched["target"].astype(str).to_numpy()).to_numpy(dtype=int)
    out = target.copy()
    columns = [c for c in ledger.columns if c not in _JOIN_COLUMNS]
    for column in columns:
        values = ledger.loc[rows, column]
        present = values.notna().to_numpy(dtype=bool).copy()
        if isinstance(values.dtype, pd.StringDtype) or values.dtype == object:
            present &= as_text(values).notna().to_numpy(dtype=bool)
        if column not in out.columns:
            out[column] = pd.Series(pd.NA, index=out.index, dtype=object)
        else:
            out[column] = out[column].astype(object)
        column_at = out.columns.get_loc(column)
        out.iloc[at[present], column_at] = values.to_numpy(dtype=object)[present]
    changed = sorted(set(at.tolist()))
    notes.append(
        Note(*both("ingest.ledger.updated", n_features=len(changed), n_columns=len(columns), columns=joined(columns)))
    )
    return out, {int(a): int(r) for a, r in zip(at, rows, strict=True)}, changed


def fill_village_codes(
    layer: gpd.GeoDataFrame,
    current: store.Dataset,
    *,
    source: str,
    kind: str,
    by: ledger_join.JoinBy,
    choices: Mapping[int, str],
    notes: list[Note],
    problems: list[Problem],
) -> tuple[gpd.GeoDataFrame, ledger_join.JoinResult | None]:
    """A layer naming its admin village (行政村) instead of coding it: look the codes up (and return the join)."""
    codes = (
        as_text(layer["village_code"])
        if "village_code" in layer.columns
        else pd.Series(pd.NA, index=layer.index, dtype="string")
    )
    result = join_to_store(
        pd.DataFrame(layer.drop(columns=layer.active_geometry_name)),
        current,
        source=source,
        kind=kind,
        update=False,
        by=by,
        choices=choices,
        problems=problems,
    )
    if result is None:
        return layer, None
    note_join(result, "village_name", source=source, kind=kind, notes=notes, problems=problems)
    found = result.table["status"] == "matched"
    layer = layer.copy()
    layer["village_code"] = codes.where(~found, result.table["target"])
    return layer, result
