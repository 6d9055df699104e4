"""Spreadsheet cells that cannot run: text that Excel or WPS would read as a formula is neutralised.

A cell starting with ``= + - @`` (or a tab or carriage return, which some programs skip before
reading a formula) is run as a formula when a CSV is opened in a spreadsheet: a village called
``=HYPERLINK(…)`` or ``=cmd|' /C calc'!A0`` from a bureau ledger would become a link or a command.
The XLSX writer keeps such text as text (XlsxWriter ``strings_to_formulas=False``); a CSV has no
cell types, so :func:`neutral_frame` puts an apostrophe in front, which the spreadsheet shows as
text and does not evaluate (the OWASP rule). Numbers are left alone: ``-3.5`` is a number, not a
formula, and numeric columns are never touched. Every CSV the product writes goes through here.
"""

from __future__ import annotations

import re

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"
_FORMULA = r"^[=+\-@\t\r]"
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would evaluate ``text`` typed into a cell (it starts like a formula and is no number)."""
    return text.startswith(FORMULA_START) and re.fullmatch(_NUMBER, text) is None


def neutral_text(values: pd.Series) -> pd.Series:
    """Text values with an apostrophe in front of those a spreadsheet would run; missing values stay missing."""
    text = values.astype("string")
    risky = (text.str.contains(_FORMULA, regex=True) & ~text.str.fullmatch(_NUMBER)).fillna(False).astype(bool)
    if not risky.any():
        return values
    out = values.astype(object).copy()
    out[risky.to_numpy()] = (NEUTRALISER + text[risky]).astype(object).to_numpy()
    return out


def neutral_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` safe to write as CSV: every text column and the headers neutralised."""
    out = pd.DataFrame(frame).copy()
    for position in range(out.shape[1]):
        dtype = out.dtypes.iloc[position]
        if pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype):
            continue
        out.isetitem(position, neutral_text(out.iloc[:, position]))
    out.columns = list(neutral_text(pd.Series([str(c) for c in out.columns], dtype=object)))
    return out


def safe_csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as CSV for Excel: UTF-8 with BOM, no index, formula-like text neutralised.

    Lines end in CRLF, so a value holding a bare carriage return or line feed is quoted (Python's
    ``csv`` quotes fields containing any character of the line terminator) and cannot split a row.
    """
    return neutral_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
