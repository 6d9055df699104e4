"""Progress against the targets over the years: a history file, the trend and whether it is on track.

The history of a dataset ``county.gpkg`` is the CSV file beside it, ``county_history.csv``
(UTF-8, with or without BOM), one row per year × target × unit with the values that past annual
statistical reports gave::

    year,target_id,level,unit_code,value,source
    2023,water_centralized_2025,county,county,0.861,2023年统计年报
    2023,water_centralized_2025,township,360222100,0.902,2023年统计年报

``level`` is ``county`` (``unit_code`` = ``county``) or ``township`` (``unit_code`` = the
9-digit town code); values are in the target's unit (shares 0–1, money in yuan). The current
year's value is not in the file: it comes from the report (the data as they are now); a history
row for the current year or later is left out in favour of the report.

Trend and verdict (:func:`assess`), per target and unit:

* the yearly pace is the least-squares slope over every point (history and current year);
* the projection starts from the current value, not from the fitted line, so it answers "at the
  pace of the past years, from where we are now":
  ``projected(year) = current + slope × (year − current year)`` (shares clipped to 0–1);
* ``met`` — the report says the current value meets the target;
* ``on_track`` — not met, the deadline is this year or later and the projection at the deadline
  meets the target; ``off_track`` — it does not;
* ``overdue`` — not met and the deadline has passed; ``reach_year`` then says in which year the
  projection would meet the target (none when the pace does not lead there by 2100);
* ``no_trend`` — fewer than two years of values (only the current year);
* ``unjudged`` — the report gives no verdict at this level (e.g. a province-wide target), or
  there is no current value.
"""

from __future__ import annotations

import math
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geo.analysis.indicators.base import COUNTY_CODE
from geo.core.errors import InputDataError, Problem
from geo.core.targets import Target
from geo.text.i18n import DEFAULT_LANG, t
from geo.text.target_text import format_value, target_text, unit_of

HISTORY_COLUMNS = ("year", "target_id", "level", "unit_code", "value", "source")
HISTORY_LEVELS = ("county", "township")
HISTORY_SUFFIX = "_history.csv"
FIRST_YEAR, LAST_YEAR = 2000, 2100
STATUSES = ("met", "on_track", "off_track", "overdue", "no_trend", "unjudged")
STATUS_COLORS = {
    "met": "#1a9850",
    "on_track": "#66bd63",
    "off_track": "#f4a93b",
    "overdue": "#d73027",
    "no_trend": "#bdbdbd",
    "unjudged": "#9db4cc",
}
LAYER = "history"  # how problems name the file's table
PRECISION = 9  # decimals of a projection: a pace fitted as 0.0999999… still reaches 90 % from 80 % in one year


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

    def problem(row: int | None, field: str | None, zh: str, en: str) -> None:
        problems.append(Problem(source, LAYER, row, field, zh, en))

    missing = [c for c in HISTORY_COLUMNS if c not in table.columns]
    for column in missing:
        problem(
            None,
            column,
            f"缺少列“{column}”（应有列：{'、'.join(HISTORY_COLUMNS)}）",
            f"column '{column}' is missing (columns: {', '.join(HISTORY_COLUMNS)})",
        )
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
        raw = text["year"].iloc[row]
        problem(
            int(row),
            "year",
            f"年份“{raw}”无效，应为 {FIRST_YEAR}–{LAST_YEAR} 之间的整数年份",
            f"year '{raw}' is not a year between {FIRST_YEAR} and {LAST_YEAR}",
        )
    for row in np.flatnonzero(~known.to_numpy()):
        raw = text["target_id"].iloc[row]
        problem(
            int(row), "target_id", f"目标编号“{raw}”不在目标配置文件中", f"target '{raw}' is not in the targets file"
        )
    for row in np.flatnonzero(bad_level.to_numpy()):
        raw = level.iloc[row]
        problem(
            int(row),
            "level",
            f"层级“{raw}”无效，应为 county（全县）或 township（乡镇）",
            f"level '{raw}' is not county or township",
        )
    for row in np.flatnonzero(empty_code.to_numpy()):
        problem(int(row), "unit_code", "单元代码为空", "unit_code is empty")
    for row in np.flatnonzero(bad_county.to_numpy()):
        raw = code.iloc[row]
        problem(
            int(row),
            "unit_code",
            f"全县行的单元代码应为“{COUNTY_CODE}”，实为“{raw}”",
            f"a county row has unit_code '{COUNTY_CODE}', not '{raw}'",
        )
    for row in np.flatnonzero(bad_town.to_numpy()):
        raw = code.iloc[row]
        problem(int(row), "unit_code", f"乡镇代码“{raw}”应为 9 位数字", f"township code '{raw}' is not 9 digits")
    for row in np.flatnonzero(bad_value.to_numpy()):
        raw = text["value"].iloc[row]
        problem(int(row), "value", f"数值“{raw}”不是有效数字", f"value '{raw}' is not a number")
    for row in np.flatnonzero(bad_share.to_numpy()):
        raw = text["value"].iloc[row]
        problem(
            int(row),
            "value",
            f"比例应在 0–1 之间（95% 写作 0.95），实为 {raw}",
            f"a share must be within 0–1 (write 0.95 for 95%), got {raw}",
        )
    key = ["year", "target_id", "level", "unit_code"]
    duplicated = text.assign(year=year).duplicated(subset=key, keep="first") & ~bad_year
    for row in np.flatnonzero(duplicated.to_numpy()):
        problem(int(row), None, "同一年份、目标和单元的数值重复", "a second value for the same year, target and unit")
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
        raise InputDataError(
            [Problem(str(path), None, None, None, "找不到历年数据文件", "history file not found")]
        ) from exc
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputDataError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    None,
                    f"不是有效的 UTF-8 CSV 文件（{exc}）",
                    f"not a valid UTF-8 CSV file ({exc})",
                )
            ]
        ) from exc
    return parse_history(table, targets, source=path.name)


@dataclass(frozen=True)
class Trend:
    """A straight line through (year, value) points: ``value ≈ intercept + slope × year``."""

    slope: float
    intercept: float
    points: int

    def at(self, year: float) -> float:
        """The fitted value in ``year``."""
        return self.intercept + self.slope * year


def fit_trend(years: Collection[float], values: Collection[float]) -> Trend | None:
    """Least-squares line through the finite points; None with fewer than two distinct years."""
    x = np.asarray(list(years), dtype=float)
    y = np.asarray(list(values), dtype=float)
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    if len(np.unique(x)) < 2:
        return None
    slope, intercept = np.polyfit(x, y, 1)
    return Trend(float(slope), float(intercept), len(x))


def series(
    history: pd.DataFrame, indicators: pd.DataFrame, target_id: str, level: str, unit_code: str, current_year: int
) -> pd.DataFrame:
    """Yearly values of one target and unit: history before ``current_year``, then the report's current value.

    Columns ``year``, ``value``, ``source``, ``current`` (True for the report's row), sorted by year.
    """
    past = history[
        (history["target_id"] == target_id)
        & (history["level"] == level)
        & (history["unit_code"] == str(unit_code))
        & (history["year"] < current_year)
    ]
    out = pd.DataFrame(
        {
            "year": past["year"].astype("int64"),
            "value": past["value"].astype(float),
            "source": past["source"].astype(object),
            "current": False,
        }
    )
    now = indicators[
        (indicators["target_id"] == target_id)
        & (indicators["level"] == level)
        & (indicators["unit_code"].astype(str) == str(unit_code))
    ]
    if len(now):
        value = float(pd.to_numeric(now["value"], errors="coerce").iloc[0])
        if math.isfinite(value):
            current = pd.DataFrame(
                {"year": [int(current_year)], "value": [value], "source": ["report"], "current": [True]}
            )
            out = pd.concat([out, current], ignore_index=True) if len(out) else current
    return out.sort_values("year", kind="stable").reset_index(drop=True)


def projection(current: float, slope: float, current_year: int, year: int, *, share: bool) -> float:
    """``current + slope × (year − current_year)``; shares clipped to 0–1."""
    value = round(current + slope * (year - current_year), PRECISION)
    return float(min(1.0, max(0.0, value))) if share else float(value)


def reach_year(current: float, slope: float, current_year: int, target: Target, *, share: bool) -> int | None:
    """The first year from ``current_year`` on whose projection meets ``target``; None if not by 2100."""
    years = np.arange(int(current_year), LAST_YEAR + 1)
    values = np.round(current + slope * (years - current_year), PRECISION)
    if share:
        values = np.clip(values, 0.0, 1.0)
    met = np.asarray(target.is_met(pd.Series(values, dtype="float64")), dtype=bool)
    return int(years[np.argmax(met)]) if met.any() else None


ASSESS_COLUMNS = (
    "target_id",
    "level",
    "unit_code",
    "unit_name",
    "first_year",
    "points",
    "current",
    "slope",
    "deadline",
    "projected",
    "reach_year",
    "status",
)


def assess(
    history: pd.DataFrame,
    indicators: pd.DataFrame,
    targets: Mapping[str, Target],
    current_year: int,
    *,
    level: str = "county",
    unit_codes: Collection[str] | None = None,
) -> pd.DataFrame:
    """One row per target (× unit) measured at ``level``: pace, projection at the deadline and status.

    ``unit_codes`` narrows the units (townships); by default every unit of the level in the
    report. See the module docstring for the rules. ``projected`` is the projection at the
    deadline (NaN once the deadline has passed); ``slope`` is per year, in the target's unit.
    """
    rows = indicators[indicators["level"] == level]
    if unit_codes is not None:
        rows = rows[rows["unit_code"].astype(str).isin([str(c) for c in unit_codes])]
    records = []
    for target in targets.values():
        units = rows[rows["target_id"] == target.id].drop_duplicates("unit_code")
        if len(units) == 0:
            continue
        share = unit_of(target) == "share"
        past = history[
            (history["target_id"] == target.id) & (history["level"] == level) & (history["year"] < current_year)
        ]
        by_unit = {str(code): part for code, part in past.groupby("unit_code", sort=False)}
        currents = pd.to_numeric(units["value"], errors="coerce").astype(float).to_numpy()
        for code, name, met, current in zip(
            units["unit_code"].astype(str), units["unit_name"], units["met"], currents, strict=True
        ):
            before = by_unit.get(code)
            years = before["year"].to_numpy(dtype=float) if before is not None else np.empty(0)
            values = before["value"].to_numpy(dtype=float) if before is not None else np.empty(0)
            if math.isfinite(current):
                years, values = np.append(years, current_year), np.append(values, current)
            trend = fit_trend(years, values)
            slope = trend.slope if trend is not None else float("nan")
            projected, reached = float("nan"), None
            if pd.isna(met) or not math.isfinite(current):
                status = "unjudged"
            elif bool(met):
                status = "met"
            elif trend is None:
                status = "no_trend"
            elif target.deadline >= current_year:
                projected = projection(current, slope, current_year, target.deadline, share=share)
                status = "on_track" if target.is_met(projected) else "off_track"
                reached = reach_year(current, slope, current_year, target, share=share)
            else:
                status = "overdue"
                reached = reach_year(current, slope, current_year, target, share=share)
            records.append(
                {
                    "target_id": target.id,
                    "level": level,
                    "unit_code": code,
                    "unit_name": name,
                    "first_year": int(years.min()) if len(years) else int(current_year),
                    "points": len(years),
                    "current": current,
                    "slope": slope,
                    "deadline": target.deadline,
                    "projected": projected,
                    "reach_year": reached,
                    "status": status,
                }
            )
    out = pd.DataFrame.from_records(records, columns=list(ASSESS_COLUMNS))
    out["reach_year"] = out["reach_year"].astype("Int64")
    return out


def chart_frame(points: pd.DataFrame, target: Target, current_year: int) -> pd.DataFrame:
    """Points for a progress chart: ``year``, ``value``, ``kind`` (history / current / projection).

    The projection runs from the current year to the deadline (or, past the deadline, three
    years ahead) at the pace of :func:`fit_trend`; none without a trend.
    """
    frame = pd.DataFrame(
        {
            "year": points["year"].astype(int),
            "value": points["value"].astype(float),
            "kind": np.where(points["current"].astype(bool), "current", "history"),
        }
    )
    trend = fit_trend(points["year"], points["value"])
    now = points[points["current"].astype(bool)]
    if trend is None or len(now) == 0:
        return frame
    current = float(now["value"].iloc[0])
    end = target.deadline if target.deadline > current_year else current_year + 3
    share = unit_of(target) == "share"
    ahead = pd.DataFrame(
        {
            "year": list(range(current_year, end + 1)),
            "value": [
                projection(current, trend.slope, current_year, y, share=share) for y in range(current_year, end + 1)
            ],
            "kind": "projection",
        }
    )
    return pd.concat([frame, ahead], ignore_index=True)


def display_table(
    assessment: pd.DataFrame, targets: Mapping[str, Target], current_year: int, *, lang: str = DEFAULT_LANG
) -> pd.DataFrame:
    """The assessment as shown on the page: titles, values in the target's unit, pace, verdict; headers in the UI language."""
    records = []
    for row in assessment.itertuples(index=False):
        target = targets[row.target_id]
        unit = unit_of(target)
        if not math.isfinite(row.slope):
            pace = "—"
        elif unit == "share":
            points = round(row.slope * 100, 1)
            pace = t("progress.pp", lang, value=f"{points:+.1f}" if points else "0.0")  # no "−0.0"
        else:
            pace = ("+" if row.slope >= 0 else "−") + format_value(abs(row.slope), unit, lang=lang)
        if row.status in ("met", "unjudged", "no_trend"):
            reach = "—"
        else:
            reach = str(int(row.reach_year)) if not pd.isna(row.reach_year) else t("progress.never", lang)
        records.append(
            {
                t("progress.col.unit", lang): t("progress.scope_county", lang)
                if row.level == "county"
                else row.unit_name,
                t("progress.col.target", lang): target.title(lang),
                t("progress.col.goal", lang): target_text(target, lang=lang),
                t("progress.col.current", lang, year=current_year): format_value(row.current, unit, lang=lang),
                t("progress.col.pace", lang): pace,
                t("progress.col.deadline", lang): int(row.deadline),
                t("progress.col.projected", lang): format_value(row.projected, unit, lang=lang),
                t("progress.col.reach", lang): reach,
                t("progress.col.status", lang): t(f"progress.status.{row.status}", lang),
                t("progress.col.years", lang): int(row.points),
            }
        )
    columns = [
        t("progress.col.unit", lang),
        t("progress.col.target", lang),
        t("progress.col.goal", lang),
        t("progress.col.current", lang, year=current_year),
        t("progress.col.pace", lang),
        t("progress.col.deadline", lang),
        t("progress.col.projected", lang),
        t("progress.col.reach", lang),
        t("progress.col.status", lang),
        t("progress.col.years", lang),
    ]
    return pd.DataFrame.from_records(records, columns=columns)
