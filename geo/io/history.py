"""The yearly history of a dataset: where its file is, and reading and checking it.

The history of a dataset ``county.gpkg`` is the CSV file beside it, ``county_history.csv``
(UTF-8, with or without BOM), one row per year × target × unit with the values that past annual
statistical reports gave::

    year,target_id,level,unit_code,value,source
    2023,water_centralized_2025,county,county,0.861,2023年统计年报
    2023,water_centralized_2025,township,360222100,0.902,2023年统计年报

``level`` is ``county`` (``unit_code`` = ``county``) or ``township`` (``unit_code`` = the
9-digit town code); values are in the target's unit (shares 0–1, money in yuan). The current
year's value is not in the file: it comes from the report (the data as they are now); a history
row for the current year or later is left out in favour of the report
(:mod:`geo.present.progress` assesses the trend).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from geo.analysis.rollup import COUNTY_CODE
from geo.core.errors import InputDataError, Problem
from geo.core.targets import Target
from geo.text.i18n import both, joined
from geo.text.target_text import unit_of

HISTORY_COLUMNS = ("year", "target_id", "level", "unit_code", "value", "source")
HISTORY_LEVELS = ("county", "township")
HISTORY_SUFFIX = "_history.csv"
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years a history row may name (LAST_YEAR: also how far progress projects)
LAYER = "history"  # how problems name the file's table


def history_path(data_path: str | os.PathLike[str]) -> Path:
    """The history file of a dataset: ``<data stem>_history.csv`` in the same folder."""
    path = Path(data_path)
    return path.with_name(f"{path.stem}{HISTORY_SUFFIX}")


def empty_history() -> pd.DataFrame:
    """A history with no rows (typed like a loaded one)."""
    return pd.DataFrame(
        {
            "year": pd.Series(dtype="int64"),
            "target_id": pd.Series(dtype=object),
            "level": pd.Series(dtype=object),
            "unit_code": pd.Series(dtype=object),
            "value": pd.Series(dtype="float64"),
            "source": pd.Series(dtype=object),
        }
    )


def parse_history(table: pd.DataFrame, targets: Mapping[str, Target], *, source: str = "<history>") -> pd.DataFrame:
    """Check a history table (all columns as text) and type it; every problem is reported at once.

    Raises :class:`InputDataError` naming the file, the row (0-based data row) and the field.
    """
    problems: list[Problem] = []

    def problem(row: int | None, field: str | None, message: str, /, **values: object) -> None:
        problems.append(Problem(source, LAYER, row, field, *both(message, **values)))

    missing = [c for c in HISTORY_COLUMNS if c not in table.columns]
    for column in missing:
        problem(None, column, "history.missing_column", column=column, columns=joined(HISTORY_COLUMNS))
    if missing:
        raise InputDataError(problems)
    text = table[list(HISTORY_COLUMNS)].astype("string").apply(lambda c: c.str.strip())
    year = pd.to_numeric(text["year"], errors="coerce")
    value = pd.to_numeric(text["value"], errors="coerce")
    level, code = text["level"], text["unit_code"]
    known = text["target_id"].isin(list(targets)).fillna(False).astype(bool)
    is_share = (
        text["target_id"]
        .map({tid: unit_of(target) == "share" for tid, target in targets.items()})
        .fillna(False)
        .astype(bool)
    )
    # Vectorized tests; only the rows that fail are visited to word their problems.
    bad_year = year.isna() | (year % 1 != 0) | ~year.between(FIRST_YEAR, LAST_YEAR)
    bad_level = ~level.isin(list(HISTORY_LEVELS)).fillna(False).astype(bool)
    empty_code = code.isna() | (code == "")
    bad_county = ~empty_code & (level == "county").fillna(False) & (code != COUNTY_CODE).fillna(True)
    bad_town = (
        ~empty_code & (level == "township").fillna(False) & ~code.str.fullmatch(r"\d{9}").fillna(False).astype(bool)
    )
    bad_value = value.isna() | ~np.isfinite(value.astype(float))
    bad_share = ~bad_value & is_share & ~value.between(0.0, 1.0)
    for row in np.flatnonzero(bad_year.to_numpy()):
        problem(int(row), "year", "history.year", raw=text["year"].iloc[row], first=FIRST_YEAR, last=LAST_YEAR)
    for row in np.flatnonzero(~known.to_numpy()):
        problem(int(row), "target_id", "history.unknown_target", raw=text["target_id"].iloc[row])
    for row in np.flatnonzero(bad_level.to_numpy()):
        problem(int(row), "level", "history.level", raw=level.iloc[row])
    for row in np.flatnonzero(empty_code.to_numpy()):
        problem(int(row), "unit_code", "history.empty_code")
    for row in np.flatnonzero(bad_county.to_numpy()):
        problem(int(row), "unit_code", "history.county_code", county=COUNTY_CODE, raw=code.iloc[row])
    for row in np.flatnonzero(bad_town.to_numpy()):
        problem(int(row), "unit_code", "history.township_code", raw=code.iloc[row])
    for row in np.flatnonzero(bad_value.to_numpy()):
        problem(int(row), "value", "history.value", raw=text["value"].iloc[row])
    for row in np.flatnonzero(bad_share.to_numpy()):
        problem(int(row), "value", "history.share", raw=text["value"].iloc[row])
    key = ["year", "target_id", "level", "unit_code"]
    duplicated = text.assign(year=year).duplicated(subset=key, keep="first") & ~bad_year
    for row in np.flatnonzero(duplicated.to_numpy()):
        problem(int(row), None, "history.duplicate")
    if problems:
        problems.sort(
            key=lambda p: (-1 if p.feature is None else p.feature, HISTORY_COLUMNS.index(p.field) if p.field else 99)
        )
        raise InputDataError(problems)
    return pd.DataFrame(
        {
            "year": year.astype("int64").to_numpy(),
            "target_id": text["target_id"].astype(str).to_numpy(dtype=object),
            "level": text["level"].astype(str).to_numpy(dtype=object),
            "unit_code": text["unit_code"].astype(str).to_numpy(dtype=object),
            "value": value.astype("float64").to_numpy(),
            "source": text["source"].fillna("").astype(str).to_numpy(dtype=object),
        }
    )


def load_history(path: str | os.PathLike[str], targets: Mapping[str, Target]) -> pd.DataFrame:
    """Read and check a history CSV; :class:`InputDataError` (bilingual, naming row and field) when it is wrong."""
    path = Path(path)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputDataError([Problem(str(path), None, None, None, *both("history.not_found"))]) from exc
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputDataError([Problem(str(path), None, None, None, *both("history.not_csv", exc=exc))]) from exc
    return parse_history(table, targets, source=path.name)
