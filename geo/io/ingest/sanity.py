"""Cross-field sanity of an import: a row whose parts exceed their whole is refused, naming row and fields.

500 households of 100 people or 900 sanitary toilets in 150 households are each valid numbers but
an impossible row, and they would move the rates. Each layer declares its pairs
(``LayerSchema.at_most``: households ≤ population, toilets ≤ households, employed ≤ households);
only the rows the import brings in are checked (every row when a layer is replaced, the updated
rows of a ledger). A planner who knows the figures are right (a census quirk) may accept them
with a reason, which becomes a note and is kept in the import's manifest.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from geo.core.errors import Problem
from geo.core.schema import LayerSchema
from geo.io.ingest.crs_guess import Note
from geo.text.i18n import ByLang, both

MAX_ROWS_REPORTED = 200
MIN_REASON_CHARS = 4  # "ok" is no reason


def inconsistent_rows(
    layer: pd.DataFrame, schema: LayerSchema, rows: Sequence[int] | None, *, source: str
) -> list[Problem]:
    """Problems for the rows (positions of ``layer``; ``None`` = all) where a declared part exceeds its whole."""
    problems: list[Problem] = []
    positions = np.arange(len(layer)) if rows is None else np.asarray(rows, dtype=int)
    if not len(positions):
        return problems
    for column, limit in schema.at_most:
        if column not in layer.columns or limit not in layer.columns:
            continue
        part = pd.to_numeric(layer[column].iloc[positions], errors="coerce").to_numpy(dtype=float)
        whole = pd.to_numeric(layer[limit].iloc[positions], errors="coerce").to_numpy(dtype=float)
        bad = positions[part > whole]  # NaN compares False: a missing value is the contract's business
        labels = (
            ByLang(schema.column(column).label_zh, schema.column(column).label_en),
            ByLang(schema.column(limit).label_zh, schema.column(limit).label_en),
        )
        for row in bad[:MAX_ROWS_REPORTED]:
            at = int(np.flatnonzero(positions == row)[0])
            problems.append(
                Problem(
                    source,
                    schema.name,
                    int(row),
                    column,
                    *both(
                        "input.part_exceeds_whole",
                        part=labels[0],
                        whole=labels[1],
                        value=_number(part[at]),
                        limit=_number(whole[at]),
                    ),
                )
            )
    return problems


def accepted_note(problems: list[Problem], reason: str) -> Note:
    """The note an accepted override leaves: how many rows, which, and the reason given."""
    rows = ", ".join(str(p.feature) for p in problems[:20])
    return Note(*both("input.inconsistent_accepted", n=len(problems), rows=rows, reason=reason))


def valid_reason(reason: str | None) -> bool:
    """Whether ``reason`` says something (an override without one is not accepted)."""
    return reason is not None and len(reason.strip()) >= MIN_REASON_CHARS


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
