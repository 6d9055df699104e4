"""The problem report of an import: one row per problem with what the contract expects, as a table, CSV or Excel.

Uses the layer registry (an entry point of the core, like ``geo.cli``) to say what each field
should hold.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Sequence

import pandas as pd

from geo.core.errors import Problem
from geo.io.cells import safe_csv_bytes
from geo.text.i18n import LANGS, ByLang, bilingual, both, t
from layers.registry import LAYER_KINDS

# Headers in both languages at once (the report is read by whoever fixes the file).
REPORT_COLUMNS = tuple(
    t(f"problems.col.{name}") for name in ("file", "layer", "row", "field", "expected", "problem", "problem_en")
)
ROW = REPORT_COLUMNS[2]


def expected_of(layer: str | None, column: str | None) -> str:
    """What the contract expects of one field, in Chinese and English (empty when unknown)."""
    if layer is None or layer not in LAYER_KINDS or column is None:
        return ""
    schema = LAYER_KINDS[layer].schema
    if column == "geometry":
        return bilingual("problems.expected_geometry", kind=ByLang(*both(f"schema.geometry.{schema.geometry}")))
    try:
        col = schema.column(column)
    except KeyError:
        return ""
    parts = [both(f"schema.dtype.{col.dtype}")]
    if col.code_length:
        parts.append(both("problems.expected_digits", n=col.code_length))
    if col.required:
        parts.append(both("problems.expected_required"))
    if col.allowed:
        parts.append(
            both(
                "problems.expected_values",
                values=ByLang(t("sep.list", "zh").join(col.allowed_zh or col.allowed), "/".join(col.allowed)),
            )
        )
    if col.minimum is not None:
        parts.append((f"≥ {col.minimum:g}",) * 2)
    if col.maximum is not None:
        parts.append((f"≤ {col.maximum:g}",) * 2)
    label = ByLang(col.label_zh, col.label_en)
    lists = [t("sep.comma", lang).join(part[i] for part in parts) for i, lang in enumerate(LANGS)]
    return bilingual("problems.expected_column", label=label, parts=ByLang(*lists))


def problem_table(problems: list[Problem]) -> pd.DataFrame:
    """The problem report as a table with bilingual headers: file, layer, row, field, expected, problem.

    Rows are the spreadsheet's own row numbers for problems of a CSV or Excel file (``Problem.line``),
    else 0-based feature rows (as in every message of the core), blank for problems of a whole file,
    layer or column.
    """
    rows = [
        (
            p.source,
            p.layer or "",
            p.line if p.line is not None else p.feature,
            p.field or "",
            expected_of(p.layer, p.field),
            p.message_zh,
            p.message_en,
        )
        for p in problems
    ]
    table = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    table[ROW] = table[ROW].astype("Int64")
    return table


def with_lines(problems: list[Problem], source: str, lines: Sequence[int] | None) -> list[Problem]:
    """Problems of rows of ``source`` with the row number the user sees in it (``lines[feature]``)."""
    if lines is None:
        return problems
    count = len(lines)
    return [
        dataclasses.replace(p, line=int(lines[p.feature]))
        if p.source == source and p.line is None and p.feature is not None and 0 <= p.feature < count
        else p
        for p in problems
    ]


# Characters XML 1.0 forbids (a control character in a bureau's value would break the workbook).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}


def report_csv(problems: list[Problem]) -> bytes:
    """The problem report as CSV, UTF-8 with BOM so Excel opens it; formula-like text neutralised."""
    return safe_csv_bytes(problem_table(problems))


def report_xlsx(problems: list[Problem]) -> bytes:
    """The problem report as an Excel workbook (one sheet, 问题 problems).

    Written like gaps.xlsx (XlsxWriter, text never turned into formulas, numbers or links); characters
    XML cannot hold are dropped from the cells, so no value of the input can break the workbook.
    """
    table = problem_table(problems)
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column].dtype):
            table[column] = table[column].astype("string").str.replace(_XML_ILLEGAL, "", regex=True).astype(object)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": _XLSX_OPTIONS}) as writer:
        table.to_excel(writer, sheet_name=t("problems.sheet"), index=False)
    return buffer.getvalue()
