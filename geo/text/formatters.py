"""Numbers as text for many rows at once: whole numbers, shares, kilometres and 万元.

Each function takes a column or array (numbers, or text that reads as numbers) and returns a
numpy unicode array; missing and infinite values read ``—``. The text is exactly numpy's
``np.round(x, 1).astype(str)`` (``12.3``, ``0.0``), built from integer digits with a lookup
table, which is several times faster at province scale (400,000 gap rows). The gap-row templates
(:mod:`geo.text.templates`) format their ``{field:int|pct|km|wan}`` placeholders with them.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

MISSING = "—"


def _numbers(values: object) -> tuple[np.ndarray, np.ndarray]:
    """Values as float64 (0 where missing) and where they are finite."""
    array = np.asarray(values)
    if array.dtype.kind in "fiub":
        array = array.astype(float)
    else:
        array = pd.to_numeric(pd.Series(array.astype(object)), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    finite = np.isfinite(array)
    return np.where(finite, array, 0.0), finite


@cache
def _digit_table() -> np.ndarray:
    """The texts of 0 … 99,999, for a lookup 10× faster than ``astype(str)``."""
    return np.arange(_TABLE_SIZE).astype(str)


_TABLE_SIZE = 100_000


def _digits(whole: np.ndarray) -> np.ndarray:
    """Non-negative int64 values as decimal text (a table lookup below 100,000)."""
    small = whole < _TABLE_SIZE
    if small.all():
        return _digit_table()[whole]
    text = np.asarray(whole.astype(str), dtype=str)
    text[small] = _digit_table()[whole[small]]
    return text


def int_text(values: object) -> np.ndarray:
    """Whole numbers as text, e.g. ``4200``."""
    array, finite = _numbers(values)
    whole = np.round(array).astype(np.int64)
    text = _digits(np.abs(whole))
    return np.where(finite, np.where(whole < 0, np.strings.add("-", text), text), MISSING)


def _one_decimal(array: np.ndarray, finite: np.ndarray) -> np.ndarray:
    """``np.round(array, 1).astype(str)`` (e.g. ``12.3``, ``0.0``) built from integers, several times faster.

    Same text for |value| < 10¹⁵ (beyond, numpy writes an exponent); ``—`` where not finite.
    """
    tenths = np.round(array * 10.0)
    whole = np.abs(tenths).astype(np.int64)
    text = np.strings.add(np.strings.add(_digits(whole // 10), "."), _digit_table()[whole % 10])
    text = np.where(np.signbit(tenths), np.strings.add("-", text), text)
    return np.where(finite, text, MISSING)


def pct_text(values: object) -> np.ndarray:
    """Shares (0–1) as percentages with one decimal, e.g. ``93.5%``."""
    array, finite = _numbers(values)
    return np.where(finite, np.strings.add(_one_decimal(array * 100.0, finite), "%"), MISSING)


def km_text(values: object) -> np.ndarray:
    """Metres as kilometres with one decimal, e.g. ``2.3``."""
    array, finite = _numbers(values)
    return _one_decimal(array / 1000.0, finite)


def wan_text(values: object) -> np.ndarray:
    """Yuan as 万元 (10,000 yuan) with one decimal, e.g. ``62.5``."""
    array, finite = _numbers(values)
    return _one_decimal(array / 10_000.0, finite)
