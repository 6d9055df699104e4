"""Excel workbooks (.xlsx/.xlsm) read defensively: container checked, cells as the user sees them, formulas refused.

A workbook is a zip of XML parsed in memory, so its declared expansion is checked first
(:func:`geo.io.ingest.uploads.check_archive`, with the workbook ceiling of
:mod:`geo.io.ingest.limits`). The sheet is then streamed (openpyxl read-only) and capped in
columns, cells and characters while it is read: a sheet may declare ``A1:XFD1048576`` or nothing
at all. Cells come back as text the way Excel shows them where that matters for codes: a number
formatted ``0000`` is the text ``0001``, not ``1``. A formula cell is a problem naming its row and
column (a ledger holds values; the cached result of ``=cmd|…`` would otherwise become a name).
Anything the parser raises on a damaged file becomes one bilingual problem naming the file.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils.cell import range_boundaries
from openpyxl.xml.functions import iterparse

from geo.core.errors import InputDataError, PlanningError, Problem
from geo.io.ingest import limits, uploads
from geo.io.ingest.readers.common import fail, plain_error
from geo.text.i18n import both

_ZERO_PADDED = re.compile(r"0+")
_MAX_FORMULA_PROBLEMS = 200
_MERGE_CELL = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"
_MAX_MERGED_RANGES = 100_000
MERGED_FILLED = "merged_filled"  # frame.attrs key: how many merged ranges were filled down


def check_container(path: Path, shown: str) -> None:
    """Refuse a workbook that is no zip or would expand beyond the workbook ceiling (before any XML is parsed)."""
    try:
        with zipfile.ZipFile(path) as archive:
            uploads.check_archive(archive, shown, limits.MAX_WORKBOOK_UNPACKED_BYTES)
    except PlanningError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise fail(shown, *both("read.table.not_xlsx", exc=plain_error(exc))) from exc


def sheet_names(path: Path, shown: str) -> list[str]:
    """The sheets of a workbook, after the container check."""
    check_container(path, shown)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
    except Exception as exc:  # any parser error of a damaged file
        raise fail(shown, *both("read.excel_damaged", exc=plain_error(exc))) from exc
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def read_sheet(path: Path, shown: str, sheet: str | None) -> pd.DataFrame:
    """One sheet as text cells (None for empty ones), indexed by 0-based sheet row; header not yet found."""
    check_container(path, shown)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:
        raise fail(shown, *both("read.excel_damaged", exc=plain_error(exc))) from exc
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise fail(shown, *both("read.table.workbook_no_sheet", sheet=sheet), layer=sheet)
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        worksheet.reset_dimensions()  # the declared size may lie; read what is there
        frame = _rows(worksheet, shown, sheet)
        member = getattr(worksheet, "_worksheet_path", None)
        if member:
            frame.attrs[MERGED_FILLED] = _fill_merged(frame, _merged_ranges(path, str(member).lstrip("/")))
        return frame
    except PlanningError:
        raise
    except Exception as exc:  # ParseError, TypeError, KeyError … deep in the parser on a damaged sheet
        raise fail(shown, *both("read.excel_damaged", exc=plain_error(exc)), layer=sheet) from exc
    finally:
        workbook.close()


def _rows(worksheet: object, shown: str, sheet: str | None) -> pd.DataFrame:
    rows: list[list[str | None]] = []
    index: list[int] = []
    formulas: list[Problem] = []
    cells = 0
    for number, row in enumerate(worksheet.iter_rows(), start=1):  # type: ignore[attr-defined]
        cells += len(row)
        if cells > limits.MAX_LEDGER_CELLS:
            raise fail(shown, *both("input.too_many_cells", limit=limits.MAX_LEDGER_CELLS, row=number), layer=sheet)
        values = [_text(cell, shown, sheet, number, formulas) for cell in row]
        while values and values[-1] is None:
            values.pop()
        if not values:
            continue
        if len(values) > limits.MAX_LEDGER_COLUMNS:
            raise fail(
                shown,
                *both("input.too_many_columns", n=len(values), limit=limits.MAX_LEDGER_COLUMNS),
                layer=sheet,
                feature=number - 1,
            )
        rows.append(values)
        index.append(number - 1)
    if formulas:
        raise InputDataError(formulas[:_MAX_FORMULA_PROBLEMS])
    width = max((len(r) for r in rows), default=0)
    return pd.DataFrame([r + [None] * (width - len(r)) for r in rows], index=index, dtype=object)


def _text(cell: object, shown: str, sheet: str | None, row: int, formulas: list[Problem]) -> str | None:
    """A cell as the text a ledger means (None when empty); formula cells are recorded as problems."""
    value = getattr(cell, "value", None)
    if value is None:
        return None
    kind = getattr(cell, "data_type", None)
    column = getattr(cell, "column_letter", None) or str(getattr(cell, "column", ""))
    if kind == "f" or not isinstance(value, str | int | float | bool | datetime | date | time):
        formula = str(getattr(value, "text", value))[:60]
        formulas.append(
            Problem(shown, sheet, row - 1, column, *both("input.formula_cell", cell=f"{column}{row}", formula=formula))
        )
        return None
    if isinstance(value, str):
        if len(value) > limits.MAX_CELL_CHARS:
            raise fail(
                shown,
                *both("input.cell_too_long", cell=f"{column}{row}", n=len(value), limit=limits.MAX_CELL_CHARS),
                layer=sheet,
                feature=row - 1,
                column=column,
            )
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return _number_text(value, str(getattr(cell, "number_format", "General")))
    return str(value)


def _number_text(value: float, number_format: str) -> str:
    """A number as a code's text: ``1`` formatted ``0000`` is ``0001``; whole numbers lose their ``.0``."""
    whole = float(value).is_integer()
    if whole and _ZERO_PADDED.fullmatch(number_format):
        return f"{int(value):0{len(number_format)}d}"
    if whole:
        return str(int(value))
    return str(value)


def _merged_ranges(path: Path, member: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges of one sheet, (min_col, min_row, max_col, max_row) 1-based, streamed from its XML.

    Read-only openpyxl does not expose them; the sheet's ``<mergeCells>`` follow its data, so the
    XML is streamed once more, every element cleared as it ends (memory stays flat).
    """
    ranges: list[tuple[int, int, int, int]] = []
    with zipfile.ZipFile(path) as archive, archive.open(member) as handle:
        for _, element in iterparse(handle):
            if element.tag == _MERGE_CELL and ":" in (ref := str(element.get("ref") or "")):
                min_col, min_row, max_col, max_row = range_boundaries(ref)
                if min_col and min_row and max_col and max_row:
                    ranges.append((min_col, min_row, max_col, max_row))
                if len(ranges) >= _MAX_MERGED_RANGES:
                    break
            element.clear()
    return ranges


def _fill_merged(frame: pd.DataFrame, ranges: list[tuple[int, int, int, int]]) -> int:
    """Fill vertically merged cells down (a merged 乡镇 cell gives each of its rows its value); returns the count.

    Only one-column ranges spanning several rows are filled: a title merged across the columns stays
    one cell, so it is not taken for a header. ``frame`` is indexed by 0-based sheet row, columns by
    0-based position, as :func:`_rows` builds it.
    """
    filled = 0
    rows = frame.index.to_numpy()
    for min_col, min_row, max_col, max_row in ranges:
        column, top = min_col - 1, min_row - 1
        if min_col != max_col or max_row == min_row or column not in frame.columns or top not in frame.index:
            continue
        value = frame.at[top, column]
        if value is None:
            continue
        below = frame.index[(rows > top) & (rows <= max_row - 1)]
        if len(below):
            frame.loc[below, column] = value
            filled += 1
    return filled
