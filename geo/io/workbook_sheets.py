"""Worksheets a bureau can print: typed cells with number formats, hidden id columns, A4 landscape print setup.

A :class:`SheetTable` holds, per column, the cell values (None where missing), a number format
(one for the column, or one per row, e.g. a share as ``0.0%`` and an amount in yuan as ``#,##0``)
and the display widths; :func:`write_workbook` streams the sheets with XlsxWriter in
constant-memory mode. Every sheet gets a bold frozen header row with filters, the header row
repeated on every printed page, A4 landscape fitted to one page wide, and page numbers in the
footer. Text is never turned into formulas, numbers or links: a village called "=HYPERLINK(…)"
stays text, codes keep their leading zeros.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import xlsxwriter

from geo.text.i18n import t

# Number formats (Excel codes): shares as 75.2 %, money in 万元 with thousands separators, counts as integers.
PERCENT = "0.0%"
WAN = "#,##0.0"
COUNT = "#,##0"
DECIMAL1 = "0.0"
YEAR = "0"
AMOUNT = "#,##0.0"  # a need amount that is not a whole number (kW, m³/day)
A4 = 9  # XlsxWriter's paper code for A4

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


def display_widths(text: np.ndarray) -> np.ndarray:
    """Display width of each text: characters, CJK (code point > 127) counting double.

    Vectorized: a fixed-width numpy unicode array holds UCS-4 code points; the text is cut to 62
    characters first because wider columns are capped at 60 anyway.
    """
    out = np.zeros(len(text), dtype=np.int64)
    for start in range(0, len(text), 100_000):
        chunk = np.asarray(text[start : start + 100_000].astype(str), dtype="U62")
        if chunk.dtype.itemsize == 0 or len(chunk) == 0:
            continue
        points = chunk.view(np.uint32).reshape(len(chunk), -1)
        out[start : start + len(chunk)] = (points > 0).sum(axis=1) + (points > 127).sum(axis=1)
    return out


def text_cells(column: pd.Series) -> np.ndarray:
    """A column as text cells (None where missing), without the control characters XML forbids."""
    text = column.astype("string").str.replace(XML_ILLEGAL, "", regex=True)
    return text.astype(object).where(text.notna(), None).to_numpy(dtype=object)


def number_cells(column: pd.Series) -> np.ndarray:
    """A column as number cells (None where missing or not finite), floats rounded to 6 decimals."""
    if pd.api.types.is_integer_dtype(column.dtype):
        numbers = column.astype("Int64")
        return numbers.astype(object).where(numbers.notna(), None).to_numpy(dtype=object)
    floats = pd.to_numeric(column, errors="coerce").astype(float).round(6)
    return floats.astype(object).where(np.isfinite(floats), None).to_numpy(dtype=object)


@dataclass
class Column:
    """One sheet column: header, cells, number format (one, or one per row) and layout."""

    header: str
    cells: np.ndarray
    number_format: str | np.ndarray | None = None
    hidden: bool = False
    wrap_width: int | None = None  # wrap the text at this width (characters) instead of widening the column

    def widths(self) -> np.ndarray:
        shown = pd.Series(self.cells, dtype=object).astype("string").fillna("")
        return display_widths(shown.to_numpy(dtype=object))


@dataclass
class SheetTable:
    """Columns of one table; ``bold`` marks rows (subtotals) printed in bold."""

    columns: list[Column]
    bold: np.ndarray | None = None
    widths: list[np.ndarray] = field(init=False)

    def __post_init__(self) -> None:
        self.widths = [column.widths() for column in self.columns]

    def __len__(self) -> int:
        return len(self.columns[0].cells) if self.columns else 0


class _Formats:
    """XlsxWriter formats by (number format, wrap, bold), made once per workbook."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.workbook = workbook
        self.made: dict[tuple[str | None, bool, bool], xlsxwriter.format.Format] = {}
        self.header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"})

    def get(self, number_format: str | None, wrap: bool, bold: bool) -> xlsxwriter.format.Format | None:
        key = (number_format, wrap, bold)
        if key == (None, False, False):
            return None
        if key not in self.made:
            spec: dict[str, object] = {"valign": "top"}
            if number_format:
                spec["num_format"] = number_format
            if wrap:
                spec["text_wrap"] = True
            if bold:
                spec["bold"] = True
            self.made[key] = self.workbook.add_format(spec)
        return self.made[key]


def _print_setup(sheet: xlsxwriter.worksheet.Worksheet) -> None:
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_header(f"&L&A&R{t('workbook.printed_on', 'zh')} &D")
    sheet.set_footer(f"&C{t('workbook.page_footer', 'zh')}")
    sheet.hide_gridlines(0)  # gridlines on screen and on paper


def _add_sheet(
    workbook: xlsxwriter.Workbook, formats: _Formats, name: str, table: SheetTable, rows: np.ndarray
) -> None:
    """One worksheet of the table's ``rows`` (positions): header, widths, hidden ids, filter, print setup, cells."""
    sheet = workbook.add_worksheet(name)
    sheet.freeze_panes(1, 0)
    columns = table.columns
    header_widths = display_widths(np.array([c.header for c in columns], dtype=object))
    for index, (column, width, header_width) in enumerate(zip(columns, table.widths, header_widths, strict=True)):
        if column.wrap_width is not None:
            shown = column.wrap_width
        else:
            widest = int(width[rows].max()) if len(rows) else 0
            shown = min(60, max(8, max(widest, min(int(header_width), 16)) + 2))
        options = {"hidden": True} if column.hidden else {}
        sheet.set_column(index, index, shown, None, options)
    sheet.write_row(0, 0, [c.header for c in columns], formats.header)
    if columns:
        sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    _print_setup(sheet)
    bold = table.bold[rows] if table.bold is not None else np.zeros(len(rows), dtype=bool)
    plans = []
    for column in columns:
        cells = column.cells[rows]
        fmt = column.number_format
        fmts = fmt[rows] if isinstance(fmt, np.ndarray) else np.full(len(rows), fmt, dtype=object)
        plans.append((cells, fmts, column.wrap_width is not None))
    for number in range(len(rows)):
        line = number + 1
        strong = bool(bold[number])
        for index, (cells, fmts, wrap) in enumerate(plans):
            value = cells[number]
            cell_format = formats.get(fmts[number], wrap, strong)
            if value is None:
                if cell_format is not None:
                    sheet.write_blank(line, index, None, cell_format)
            elif isinstance(value, str):
                sheet.write_string(line, index, value, cell_format)
            else:
                sheet.write_number(line, index, value, cell_format)


def write_workbook(sheets: list[tuple[str, SheetTable, np.ndarray]]) -> bytes:
    """An XLSX workbook of ``(name, table, row positions)`` sheets, as bytes."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, _WORKBOOK_OPTIONS)
    formats = _Formats(workbook)
    for name, table, rows in sheets:
        _add_sheet(workbook, formats, name, table, rows)
    workbook.close()
    return buffer.getvalue()
