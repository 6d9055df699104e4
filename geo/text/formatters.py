"""Vectorized text columns for gap rows: numbers, shares, distances and money as text, and concatenation.

Two families: the ``*_text`` functions and :func:`cat` return numpy object arrays built with
numpy string ufuncs (pandas string operations cost ~0.3 ms each, and a county has thousands of
gap rows); :func:`km`, :func:`fmt_int`, :func:`fmt_pct` and :func:`wan_yuan` return pandas
``string`` Series for code that goes on with Series operations. Missing and infinite values
read ``—``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def _numbers(values: pd.Series) -> np.ndarray:
    """A column as float64 with NaN for missing (fast path for numeric data)."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return values.to_numpy(dtype=float, na_value=np.nan)
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def km(metres: pd.Series | np.ndarray) -> pd.Series:
    """Metres as kilometres text with one decimal, e.g. ``2.3`` (``—`` for infinite/missing)."""
    values = pd.Series(np.asarray(metres, dtype=float) / 1000.0)
    return values.round(1).astype("string").mask(~np.isfinite(values), "—")


def fmt_int(values: pd.Series | np.ndarray) -> pd.Series:
    """Whole numbers as text, e.g. ``4200`` (``—`` for missing)."""
    series = pd.Series(np.asarray(values, dtype=float))
    finite = np.isfinite(series)
    return series.where(finite, 0.0).round().astype("int64").astype("string").mask(~finite, "—")


def fmt_pct(values: pd.Series | np.ndarray) -> pd.Series:
    """Shares as percentage text with one decimal, e.g. ``93.5%`` (``—`` for missing)."""
    series = pd.Series(np.asarray(values, dtype=float)) * 100.0
    finite = np.isfinite(series)
    return (series.where(finite, 0.0).round(1).astype("string") + "%").mask(~finite, "—")


def wan_yuan(yuan: np.ndarray | pd.Series) -> pd.Series:
    """Yuan as 万元 text with one decimal, e.g. ``62.5`` (``—`` for missing)."""
    series = pd.Series(np.asarray(yuan, dtype=float) / 1e4)
    finite = np.isfinite(series)
    return series.where(finite, 0.0).round(1).astype("string").mask(~finite, "—")


def _text_array(part: object) -> np.ndarray | str:
    """A text part as a numpy string array (missing → empty), or the string itself."""
    if isinstance(part, str):
        return part
    if isinstance(part, pd.Series | pd.Index):
        array = part.to_numpy(dtype=object, na_value="")
    else:
        array = np.asarray(part)
        if array.dtype.kind == "U":
            return array
        array = array.astype(object)
    array[pd.isna(array)] = ""
    return array.astype(str)


def cat(*parts: object) -> np.ndarray:
    """Concatenate text element-wise: ``cat("影响 ", int_text(pop), " 人")``; missing values are empty."""
    arrays = [_text_array(part) for part in parts]
    shapes = [a.shape for a in arrays if not isinstance(a, str)]
    out: np.ndarray | str = np.full(shapes[0] if shapes else (), "", dtype=str)
    for part in arrays:
        out = np.strings.add(out, part)
    return np.asarray(out, dtype=object)


def int_text(values: object) -> np.ndarray:
    """Whole numbers as text, e.g. ``4200`` (``—`` for missing)."""
    array = _numbers(values) if isinstance(values, pd.Series) else np.asarray(values, dtype=float)
    finite = np.isfinite(array)
    return np.where(finite, np.round(np.where(finite, array, 0.0)).astype(np.int64).astype(str), "—").astype(object)


def pct_text(values: object) -> np.ndarray:
    """Shares as percentages with one decimal, e.g. ``93.5%`` (``—`` for missing)."""
    array = (_numbers(values) if isinstance(values, pd.Series) else np.asarray(values, dtype=float)) * 100.0
    finite = np.isfinite(array)
    return np.where(finite, np.strings.add(np.round(np.where(finite, array, 0.0), 1).astype(str), "%"), "—").astype(
        object
    )


def km_text(metres: object) -> np.ndarray:
    """Metres as kilometres with one decimal, e.g. ``2.3`` (``—`` for missing or infinite)."""
    array = (_numbers(metres) if isinstance(metres, pd.Series) else np.asarray(metres, dtype=float)) / 1000.0
    finite = np.isfinite(array)
    return np.where(finite, np.round(np.where(finite, array, 0.0), 1).astype(str), "—").astype(object)
