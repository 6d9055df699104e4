"""Checking a layer against its schema: value parsing, validation and type coercion.

:func:`validate_layer` collects every problem at once, each naming the source, feature (row)
and field, in Chinese and English, so the planner fixes a file in one pass instead of one
error at a time; :func:`coerce_types` then gives a valid layer the contract's types.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import SupportsFloat, SupportsIndex

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.core.errors import Problem
from geo.core.schema import (
    ACCEPTED_GEOMETRIES,
    FALSE_WORDS,
    MAX_ROWS_LISTED,
    TRUE_WORDS,
    Column,
    LayerSchema,
)
from geo.core.vocabulary import normalize_text
from geo.text.i18n import ByLang, both, t

# --- value parsing ---------------------------------------------------------------------------
# The parsers never raise: whatever a source file holds, a value is either parsed or reported.

_MAX_EXACT_INT = 2**53  # beyond this a float cannot hold every whole number


def _is_missing_scalar(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-likes and other odd objects are present values
        return False


def _text_of(value: object) -> object:
    """One value as stripped text; whole numbers lose their spurious ``.0``; missing → NA."""
    if _is_missing_scalar(value):
        return pd.NA
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    if (
        isinstance(value, float | np.floating)
        and math.isfinite(value)
        and float(value).is_integer()
        and abs(float(value)) < _MAX_EXACT_INT
    ):
        return str(int(value))
    return str(value).strip()


def as_text(values: pd.Series) -> pd.Series:
    """Values as stripped text (string dtype), blanks as NA.

    Codes and ids read as numbers (a spreadsheet column of 12-digit village codes) become
    ``"360222100001"``, not ``"360222100001.0"``; a code that lost its leading zeros this way
    keeps its wrong length, so validation reports it.
    """
    if pd.api.types.is_string_dtype(values.dtype) and not pd.api.types.is_object_dtype(values.dtype):
        text = values.astype("string").str.strip()
    else:
        text = pd.Series([_text_of(v) for v in values], index=values.index, dtype="string")
    blank = (text.str.len() == 0).to_numpy(dtype=bool, na_value=False)
    return text.where(~blank) if blank.any() else text


def _numbers(values: pd.Series) -> np.ndarray:
    """Values as float64 (NaN where missing or not a number); never raises."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return np.full(len(values), np.nan)  # True is not the number 1 in a population column
    if pd.api.types.is_numeric_dtype(values.dtype):
        return values.to_numpy(dtype=float, na_value=np.nan)
    return np.array([_number_of(v) for v in values], dtype=float)


def _number_of(value: object) -> float:
    if isinstance(value, bool | np.bool_) or _is_missing_scalar(value):
        return math.nan
    if not isinstance(value, str | bytes | bytearray | SupportsFloat | SupportsIndex):
        return math.nan  # float() takes nothing else (a list, a dict …)
    try:
        return float(value.strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError, OverflowError):
        return math.nan


def _bool_values(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse booleans written as True/False, 1/0, 是/否 …; return (parsed, unparseable mask)."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("boolean"), pd.Series(False, index=values.index)
    parsed = pd.Series(pd.NA, index=values.index, dtype="boolean")
    if pd.api.types.is_numeric_dtype(values.dtype):  # 1/0, e.g. a GeoPackage boolean read with nulls
        numbers = _numbers(values)
        parsed[numbers == 1] = True
        parsed[numbers == 0] = False
    else:
        text = as_text(values).str.lower()
        parsed[text.isin(TRUE_WORDS).fillna(False).to_numpy(dtype=bool)] = True
        parsed[text.isin(FALSE_WORDS).fillna(False).to_numpy(dtype=bool)] = False
    bad = ~values.isna() & parsed.isna()
    return parsed, bad.astype(bool)


# Year-first dates as ledgers write them: 2026-09-03, 2026/9/3, 2026.9.3, 2026年9月3日 (a time may follow).
_LEDGER_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?((?:[ T].*)?)")


def _one_date(value: object) -> pd.Timestamp:
    if _is_missing_scalar(value) or isinstance(value, bool | int | float | np.number):
        return pd.NaT  # bare numbers are not dates (20240331 would be read as nanoseconds)
    if isinstance(value, str):
        value = value.strip()
        found = _LEDGER_DATE.fullmatch(value)
        if found:
            year, month, day, rest = found.groups()
            value = f"{year}-{int(month):02d}-{int(day):02d}{rest}"
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError, OverflowError, OSError):
        return pd.NaT
    if stamp is pd.NaT:
        return pd.NaT
    return stamp.tz_convert(None) if stamp.tzinfo is not None else stamp


def _dates(values: pd.Series) -> pd.Series:
    """Values as naive ``datetime64[ms]`` (NaT where missing or not a date); never raises.

    Milliseconds, as pyogrio reads GeoPackage dates, and wide enough for any calendar year.
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        if getattr(values.dt, "tz", None) is not None:
            values = values.dt.tz_convert(None)
        return values.astype("datetime64[ms]")
    if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ms]")
    return pd.Series([_one_date(v) for v in values], index=values.index, dtype="datetime64[ms]")


def canonical(values: pd.Series, col: Column) -> pd.Series:
    """A column with the ledger spellings of its vocabulary (移动, 砼, 一级 …) replaced by contract values.

    Only text columns change (a typed numeric or boolean column has nothing to translate); values
    the vocabulary does not know are kept as they are, for the checks to report. Each distinct
    value is looked up once.
    """
    textual = pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype)
    if not textual or (col.allowed is None and not col.synonyms):
        return values
    lookup = col.value_lookup()
    text = as_text(values)
    changed = {v: lookup[k] for v in text.dropna().unique() if (k := normalize_text(v)) in lookup and lookup[k] != v}
    return text.replace(changed) if changed else text


def _show(value: object) -> object:
    """A value quoted in a message, cut at 40 characters; a missing one is 「空」 / ``empty``."""
    if _is_missing_scalar(value):
        return ByLang(*both("validation.missing_value"))
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _rows(index: np.ndarray) -> str:
    listed = ", ".join(str(int(i)) for i in index[:MAX_ROWS_LISTED])
    if len(index) > MAX_ROWS_LISTED:
        listed += f", … (+{len(index) - MAX_ROWS_LISTED})"
    return listed


@dataclass(frozen=True)
class _Finding:
    """Rows of one column that break one rule; ``show_value`` adds each row's value to its message."""

    rows: np.ndarray
    message_zh: str
    message_en: str
    show_value: bool = True


def _check_column(values: pd.Series, col: Column) -> list[_Finding]:
    """Every kind of bad value in one column."""
    found: list[_Finding] = []
    values = canonical(values, col)
    textual = pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype)
    # Text is needed to see blanks in text columns, and to check codes and categories; a typed
    # numeric, boolean or date column only has to say what is missing.
    text = as_text(values) if textual or col.dtype in ("str", "code") or col.allowed is not None else None
    missing = (text.isna() if text is not None else values.isna()).to_numpy(dtype=bool)
    present = ~missing
    if col.required and missing.any():
        found.append(_Finding(np.flatnonzero(missing), *both("validation.value_missing"), show_value=False))
    if col.dtype in ("int", "float"):
        numbers = _numbers(values)
        finite = np.isfinite(numbers)
        bad = present & ~finite
        if bad.any():
            found.append(
                _Finding(
                    np.flatnonzero(bad),
                    *both("validation.not_a_number", dtype=ByLang(*both(f"schema.dtype.{col.dtype}"))),
                )
            )
        ok = present & finite
        safe = np.where(ok, numbers, 0.0)
        if col.dtype == "int":
            frac = ok & ((np.abs(safe) >= _MAX_EXACT_INT) | (safe % 1 != 0))
            if frac.any():
                found.append(_Finding(np.flatnonzero(frac), *both("validation.not_whole")))
        if col.minimum is not None:
            low = ok & (safe < col.minimum)
            if low.any():
                found.append(_Finding(np.flatnonzero(low), *both("validation.below_minimum", limit=f"{col.minimum:g}")))
        if col.maximum is not None:
            high = ok & (safe > col.maximum)
            if high.any():
                found.append(
                    _Finding(np.flatnonzero(high), *both("validation.above_maximum", limit=f"{col.maximum:g}"))
                )
    elif col.dtype == "bool":
        _, bad_values = _bool_values(values)
        bad = bad_values.to_numpy(dtype=bool) & present
        if bad.any():
            found.append(_Finding(np.flatnonzero(bad), *both("validation.not_bool")))
    elif col.dtype == "date":
        bad = present & _dates(values).isna().to_numpy(dtype=bool)
        if bad.any():
            found.append(_Finding(np.flatnonzero(bad), *both("validation.not_date")))
    elif col.dtype == "code" and text is not None:
        pattern = rf"[0-9]{{{col.code_length}}}" if col.code_length else r"[0-9]+"
        bad = present & ~text.str.fullmatch(pattern).fillna(False).to_numpy(dtype=bool)
        if bad.any():
            zh, en = (
                both("validation.not_code_length", length=col.code_length)
                if col.code_length
                else both("validation.not_code")
            )
            if pd.api.types.is_numeric_dtype(values.dtype):
                zh, en = both("validation.code_read_as_number", message=ByLang(zh, en))
            found.append(_Finding(np.flatnonzero(bad), zh, en))
    if col.allowed is not None and text is not None:
        bad = present & ~text.isin(col.allowed).fillna(False).to_numpy(dtype=bool)
        if bad.any():
            shown = "/".join(col.allowed)
            if col.allowed_zh:
                shown_zh = t("validation.allowed_separator").join(
                    t("validation.allowed_value", value=v, label=z)
                    for v, z in zip(col.allowed, col.allowed_zh, strict=True)
                )
            else:
                shown_zh = shown
            found.append(_Finding(np.flatnonzero(bad), *both("validation.not_allowed", values=ByLang(shown_zh, shown))))
    return found


_TYPE_NAMES = np.array(
    [
        "Point",
        "LineString",
        "LinearRing",
        "Polygon",
        "MultiPoint",
        "MultiLineString",
        "MultiPolygon",
        "GeometryCollection",
    ]
)


def validate_layer(frame: gpd.GeoDataFrame, schema: LayerSchema, *, source: str) -> list[Problem]:
    """Check one layer against its schema and return every problem found (empty list = valid).

    Checks: geometry column and CRS present, geometry kind, empty and invalid geometries,
    required columns, value types, allowed values, code formats, value ranges, and duplicate
    keys. A problem of one feature names its 0-based row and field; past ``MAX_ROWS_LISTED``
    rows of one kind, the rest are summarised in one problem listing the rows. Never raises
    on bad data: that is what the report is for.
    """
    problems: list[Problem] = []

    def add(feature: int | None, column: str | None, zh: str, en: str) -> None:
        problems.append(Problem(source, schema.name, feature, column, zh, en))

    def add_rows(rows: np.ndarray, column: str, message: Callable[[int], tuple[str, str]], zh: str, en: str) -> None:
        for row in rows[:MAX_ROWS_LISTED]:
            add(int(row), column, *message(int(row)))
        rest = rows[MAX_ROWS_LISTED:]
        if len(rest):
            add(None, column, *both("validation.more_rows", what=ByLang(zh, en), n=len(rest), rows=_rows(rest)))

    geometry_name = getattr(frame, "active_geometry_name", None)
    if not isinstance(frame, gpd.GeoDataFrame) or geometry_name is None or geometry_name not in frame.columns:
        add(None, None, *both("validation.no_geometry_column"))
        return problems
    if frame.crs is None:
        add(None, None, *both("validation.no_crs"))

    duplicated_columns = sorted({str(c) for c in frame.columns[frame.columns.duplicated()]})
    for name in duplicated_columns:
        add(None, name, *both("validation.duplicate_column", name=name))

    for col in schema.columns:
        if col.name not in frame.columns and col.required:
            spellings = (col.name, *col.aliases[:3])
            spelled = ByLang(
                t("sep.list", "zh").join(spellings), t("sep.list", "en").join(filter(str.isascii, spellings))
            )
            add(
                None,
                col.name,
                *both(
                    "validation.missing_column",
                    name=col.name,
                    label=ByLang(col.label_zh, col.label_en),
                    dtype=ByLang(*both(f"schema.dtype.{col.dtype}")),
                    names=spelled,
                ),
            )
    if len(frame) == 0:
        if schema.required_in_dataset:
            add(None, None, *both("validation.no_features"))
        return problems

    geoms = frame.geometry.to_numpy()
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    add_rows(
        np.flatnonzero(empty),
        "geometry",
        lambda _: both("validation.empty_geometry"),
        *both("validation.empty_geometries"),
    )
    kinds = shapely.get_type_id(geoms)
    names = np.where(kinds >= 0, _TYPE_NAMES[np.clip(kinds, 0, 7)], "")
    accepted = ACCEPTED_GEOMETRIES[schema.geometry]
    wrong = ~empty & ~np.isin(names, list(accepted))
    geometry = schema.geometry
    kind = {"geometry": ByLang(t("text.bracketed", text=t(f"schema.geometry.{geometry}"), note=geometry), geometry)}
    add_rows(
        np.flatnonzero(wrong),
        "geometry",
        lambda row: both("validation.geometry_kind_got", **kind, got=names[row]),
        *both("validation.geometry_kind", **kind),
    )
    checkable = ~empty & ~wrong
    invalid = np.zeros(len(frame), dtype=bool)
    invalid[checkable] = ~shapely.is_valid(geoms[checkable])

    def invalid_message(row: int) -> tuple[str, str]:
        return both("validation.invalid_geometry", reason=shapely.is_valid_reason(geoms[row]))

    add_rows(np.flatnonzero(invalid), "geometry", invalid_message, *both("validation.invalid_geometries"))

    for col in schema.columns:
        if col.name not in frame.columns or col.name in duplicated_columns:
            continue
        values = frame[col.name]
        for finding in _check_column(values, col):

            def message(row: int, finding: _Finding = finding, values: pd.Series = values) -> tuple[str, str]:
                if not finding.show_value:
                    return finding.message_zh, finding.message_en
                message = ByLang(finding.message_zh, finding.message_en)
                return both("validation.got", message=message, value=_show(values.iloc[row]))

            add_rows(finding.rows, col.name, message, finding.message_zh, finding.message_en)

    for name in dict.fromkeys((schema.key, *schema.unique_columns)):
        if name not in frame.columns or name in duplicated_columns:
            continue
        keys = as_text(frame[name])
        dup = (keys.duplicated(keep=False) & keys.notna()).to_numpy(dtype=bool)
        if not dup.any():
            continue
        groups = {key: np.flatnonzero((keys == key).fillna(False).to_numpy(dtype=bool)) for key in keys[dup].unique()}

        def dup_message(row: int, keys: pd.Series = keys, groups: dict[object, np.ndarray] = groups) -> tuple[str, str]:
            key = keys.iloc[row]
            others = _rows(groups[key][groups[key] != row])
            return both("validation.duplicate_key", key=key, rows=others)

        add_rows(np.flatnonzero(dup), name, dup_message, *both("validation.duplicate_keys"))
    return problems


def coerce_types(frame: gpd.GeoDataFrame, schema: LayerSchema) -> gpd.GeoDataFrame:
    """Return a copy whose contract columns have their declared types; extra columns kept.

    Text and codes become the pandas ``string`` dtype (blanks → NA), whole numbers ``Int64``,
    numbers ``Float64``, yes/no ``boolean``, dates ``datetime64``. Call only after
    :func:`validate_layer` found no problems: values that cannot be parsed become missing here.
    """
    out = frame.copy()
    for col in schema.columns:
        if col.name not in out.columns or isinstance(out[col.name], pd.DataFrame):
            continue
        values = canonical(out[col.name], col)
        if col.dtype in ("str", "code"):
            out[col.name] = as_text(values)
        elif col.dtype == "int":
            numbers = _numbers(values)
            whole = np.isfinite(numbers) & (np.abs(numbers) < _MAX_EXACT_INT)
            ints = pd.array(np.round(np.where(whole, numbers, 0.0)).astype("int64"), dtype="Int64")
            ints[~whole] = pd.NA
            out[col.name] = ints
        elif col.dtype == "float":
            numbers = _numbers(values)
            out[col.name] = pd.array(np.where(np.isfinite(numbers), numbers, np.nan), dtype="Float64")
        elif col.dtype == "bool":
            out[col.name] = _bool_values(values)[0]
        elif col.dtype == "date":
            out[col.name] = _dates(values)
    return out
