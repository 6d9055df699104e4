"""gaps.xlsx, the gap workbook a planner opens in Excel: a summary sheet and one sheet per bureau.

The summary sheet (汇总) has every target and check with its county value, whether it is met,
the number of gaps, people affected, the top priority and the plan it is judged by; each
responsible bureau (责任单位) gets its own sheet of gap rows, highest priority first, with
Chinese headers, a frozen header row, filters and column widths. Written with XlsxWriter.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xlsxwriter

from geo.analysis.catalog import CATALOG
from geo.analysis.gap_rows import GAP_COLUMNS
from geo.analysis.gaps import summarize
from geo.io.export_columns import (
    GAP_HEADERS_ZH,
    LAYER_ZH,
    MET_ZH,
    ROLE_ZH,
    SHEET_FORBIDDEN,
    SUMMARY_HEADERS,
    XLSX_GAP_COLUMNS,
    XLSX_MAX_DATA_ROWS,
)


def _title(indicator_id: str) -> str:
    spec = CATALOG.indicators.get(indicator_id) or CATALOG.checks.get(indicator_id)
    return spec.title_zh if spec else indicator_id


def _sheet_names(bureaus: list[str], used: set[str] | None = None) -> dict[str, str]:
    names: dict[str, str] = {}
    used = {"汇总"} if used is None else used
    for bureau in bureaus:
        base = (_XML_ILLEGAL.sub("", str(bureau).translate(SHEET_FORBIDDEN)).strip("'") or "未指定")[:31]
        name, n = base, 2
        while name in used:
            suffix = f"({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(name)
        names[bureau] = name
    return names


def _continued(name: str, part: int, used: set[str]) -> str:
    """Sheet name of part ``part`` (2, 3 …) of a bureau's gaps: ``name (part)``, ≤ 31 characters, unique."""
    n = part
    while True:
        suffix = f" ({n})"
        candidate = name[: 31 - len(suffix)] + suffix
        if candidate not in used:
            used.add(candidate)
            return candidate
        n += 1


def _display_widths(text: np.ndarray) -> np.ndarray:
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


# --- XLSX sheets (XlsxWriter) ---------------------------------------------------------------------
# XlsxWriter in constant-memory mode streams each sheet row by row to a temporary file, so a
# province's hundreds of thousands of gap rows need little memory. Text is never turned into
# formulas, numbers or links: a village called "=HYPERLINK(…)" stays text, codes keep their zeros.

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


@dataclass
class _Table:
    """A table ready for sheets: per column the cell values (None where missing) and display widths."""

    columns: list[str]
    values: list[np.ndarray]
    widths: list[np.ndarray]

    @classmethod
    def of(cls, table: pd.DataFrame, text_columns: set[str]) -> _Table:
        values, widths = [], []
        for name in table.columns:
            column = table[name]
            shown = column.astype("string").fillna("").to_numpy(dtype=object)
            widths.append(_display_widths(shown))
            if name in text_columns or not (
                pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype)
            ):
                text = column.astype("string").str.replace(_XML_ILLEGAL, "", regex=True)  # characters XML forbids
                cells = text.astype(object).where(text.notna(), None).to_numpy(dtype=object)
            elif pd.api.types.is_integer_dtype(column.dtype):
                numbers = column.astype("Int64")
                cells = numbers.astype(object).where(numbers.notna(), None).to_numpy(dtype=object)
            else:
                floats = pd.to_numeric(column, errors="coerce").astype(float).round(6)
                cells = floats.astype(object).where(np.isfinite(floats), None).to_numpy(dtype=object)
            values.append(cells)
        return cls([str(c) for c in table.columns], values, widths)


def _add_sheet(
    workbook: xlsxwriter.Workbook,
    name: str,
    table: _Table,
    rows: np.ndarray,
    headers: list[str],
    header_format: xlsxwriter.format.Format,
) -> None:
    """One worksheet of the table's ``rows`` (positions): styled, frozen header row, column widths, filter."""
    sheet = workbook.add_worksheet(name)
    sheet.freeze_panes(1, 0)
    header_widths = _display_widths(np.array(headers, dtype=object))
    for index, (width, header_width) in enumerate(zip(table.widths, header_widths, strict=True)):
        sheet.set_column(
            index, index, min(60, max(8, int(max(width[rows].max() if len(rows) else 0, header_width)) + 2))
        )
    sheet.write_row(0, 0, headers, header_format)
    if len(table.columns):
        sheet.autofilter(0, 0, len(rows), len(table.columns) - 1)
    columns = [cells[rows] for cells in table.values]
    for number, row in enumerate(zip(*columns, strict=True), start=1):
        sheet.write_row(number, 0, row)


def _xlsx(sheets: list[tuple[str, _Table, np.ndarray, list[str]]]) -> bytes:
    """An XLSX workbook of ``(name, table, row positions, headers)`` sheets, as bytes."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, _WORKBOOK_OPTIONS)
    header_format = workbook.add_format({"bold": True, "bg_color": "#DDEBF7"})
    for name, table, rows, headers in sheets:
        _add_sheet(workbook, name, table, rows, headers, header_format)
    workbook.close()
    return buffer.getvalue()


_PLAN_SUMMARY = ("plan_role", "plan_title", "plan_document")


def _summary(gaps: pd.DataFrame, indicators: pd.DataFrame | None) -> pd.DataFrame:
    counts = summarize(gaps)
    if indicators is not None and len(indicators):
        county = indicators[indicators["level"] == "county"]
        if "target_id" not in county:
            county = county.assign(target_id=county["indicator_id"])
        rows = county.reindex(columns=["indicator_id", "target_id", "value", "target", "met", *_PLAN_SUMMARY])
        rows = rows.drop_duplicates("target_id")
        bureau_of = (
            counts.drop_duplicates("target_id").set_index("target_id")["bureau"]
            if len(counts)
            else pd.Series(dtype=object)
        )
        table = rows.merge(counts.drop(columns=["indicator_id"]), on="target_id", how="outer")
        table["indicator_id"] = table["indicator_id"].fillna(table["target_id"])
        table["bureau"] = table["bureau"].fillna(table["target_id"].map(bureau_of))
    else:
        table = counts.assign(value=np.nan, target=np.nan, met=pd.NA, **dict.fromkeys(_PLAN_SUMMARY, pd.NA))
    spec_bureau = {spec.id: spec.bureau for spec in CATALOG.indicators.values()}
    spec_bureau |= {spec.id: spec.bureau for spec in CATALOG.checks.values()}
    table["bureau"] = table["bureau"].fillna(table["indicator_id"].map(spec_bureau)).fillna("未指定")
    table["gaps"] = table["gaps"].fillna(0).astype(int)
    met = table["met"].astype("boolean")
    out = pd.DataFrame(
        {
            "bureau": table["bureau"],
            "indicator_id": table["indicator_id"],
            "title": table["indicator_id"].map(_title),
            "target_id": table["target_id"],
            "value": table["value"],
            "target": table["target"],
            "met": met.map(MET_ZH).astype("object").where(met.notna(), "不判定"),
            "gaps": table["gaps"],
            "population_affected": table["population_affected"],
            "cost_yuan": table["cost_yuan"],
            "top_priority": table["top_priority"],
            "plan_role": table["plan_role"].map(ROLE_ZH),
            "plan_title": table["plan_title"],
            "plan_document": table["plan_document"],
        }
    )
    return out.sort_values(["bureau", "indicator_id", "target_id"], kind="stable").reset_index(drop=True)


def gaps_xlsx_bytes(
    gaps: pd.DataFrame, indicators: pd.DataFrame | None = None, *, max_rows: int = XLSX_MAX_DATA_ROWS
) -> bytes:
    """gaps.xlsx: a summary sheet (汇总) and one sheet per bureau, Chinese headers, frozen header row.

    Written with XlsxWriter, streamed row by row (:func:`_xlsx`). A bureau with more than ``max_rows`` gaps
    (Excel's row limit) continues on further sheets, highest priority first, and the summary
    sheet ends with a note naming them; gaps.csv and gaps.gpkg have no such limit.
    """
    summary = _summary(gaps, indicators)
    table = pd.DataFrame(gaps).drop(columns="geometry", errors="ignore").reindex(columns=list(GAP_COLUMNS))
    table["indicator_title"] = table["indicator_id"].astype("string").map(_title)
    table["layer"] = table["layer"].map(LAYER_ZH).fillna(table["layer"])
    table["bureau"] = table["bureau"].astype("object").fillna("未指定")
    table["plan_role"] = table["plan_role"].map(ROLE_ZH)
    text = {
        "indicator_title",
        "town_name",
        "village_name",
        "name",
        "feature_id",
        "reason_zh",
        "need_zh",
        "need_unit",
        "village_code",
        "town_code",
        "layer",
        "indicator_id",
        "target_id",
        "bureau",
        "plan_role",
        "plan_title",
        "plan_document",
    }
    bureaus = sorted(table["bureau"].unique().tolist())
    used = {"汇总"}
    names = _sheet_names(bureaus, used)
    max_rows = max(1, int(max_rows))
    # One prepared table for every bureau sheet: rows by bureau, then priority (highest first).
    order = (
        table.assign(_p=table["priority"]).sort_values(["bureau", "_p"], ascending=[True, False], kind="stable").index
    )
    table = table.loc[order, list(XLSX_GAP_COLUMNS)].reset_index(drop=True)
    prepared = _Table.of(table, text)
    bureau_of = table["bureau"].to_numpy(dtype=object)
    sheets: list[tuple[str, np.ndarray]] = []
    split: list[str] = []
    for bureau in bureaus:
        rows = np.flatnonzero(bureau_of == bureau)
        chunks = [rows[start : start + max_rows] for start in range(0, len(rows), max_rows)] or [rows]
        chunk_names = [names[bureau]] + [_continued(names[bureau], k, used) for k in range(2, len(chunks) + 1)]
        sheets += list(zip(chunk_names, chunks, strict=True))
        if len(chunks) > 1:
            split.append(
                f"{bureau}：{len(rows)} 行，超过 Excel 单表上限 {max_rows} 行，分列于工作表 "
                + "、".join(chunk_names)
                + f" / {len(rows)} rows, over Excel's limit of {max_rows} rows per sheet: continued on sheets "
                + ", ".join(chunk_names)
            )
    if split:
        notes = pd.DataFrame({"bureau": ["注 note"] * len(split), "indicator_id": split})
        summary = pd.concat([summary, notes.reindex(columns=summary.columns)], ignore_index=True)
    summary_table = _Table.of(summary, {"bureau", "indicator_id", "title", "target_id", "met", *_PLAN_SUMMARY})
    headers = [GAP_HEADERS_ZH[c] for c in XLSX_GAP_COLUMNS]
    return _xlsx(
        [
            ("汇总", summary_table, np.arange(len(summary)), list(SUMMARY_HEADERS)),
            *((name, prepared, rows, headers) for name, rows in sheets),
        ]
    )
