"""Progress against the targets over the years: the trend and whether it is on track.

The history is read by :mod:`geo.io.history` (``load_history``); the current year's value comes
from the report.

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
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.core.targets import Target
from geo.io.history import LAST_YEAR
from geo.map import palette
from geo.text.i18n import DEFAULT_LANG, t
from geo.text.target_text import format_value, target_text, unit_of

STATUSES = ("met", "on_track", "off_track", "overdue", "no_trend", "unjudged")
# The status palette (geo.map.palette): on track is met's blue a shade deeper, off track is near's orange.
STATUS_COLORS = {
    "met": palette.MET,
    "on_track": "#4393c3",
    "off_track": palette.NEAR,
    "overdue": palette.FAR,
    "no_trend": palette.NONE,
    "unjudged": palette.UNJUDGED,
}
PRECISION = 9  # decimals of a projection: a pace fitted as 0.0999999… still reaches 90 % from 80 % in one year


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
    met = np.asarray(target.met_mask(pd.Series(values, dtype="float64")), dtype=bool)
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
