"""Gap lists for the planning page: filter, sort, totals and the display table (the map layers are in
:mod:`geo.map.gap_layers`).

Pure functions over the report's gap table (:data:`geo.analysis.gap_rows.GAP_COLUMNS` + geometry,
EPSG:4490). A row's ``bureau`` may name several responsible units joined by 「、」 (e.g.
``县农业农村局、县住建局``): the bureau filter offers each unit on its own and keeps a row when
any of its units is chosen, so every bureau finds the rows it shares. Separators inside brackets
belong to one unit (``县工信局（移动、联通、电信）`` is one unit; :func:`geo.core.bureaus.split_bureaus`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.analysis.gaps import indicator_title
from geo.core.bureaus import split_bureaus
from geo.core.layer_names import ADMIN_VILLAGES
from geo.text.i18n import DEFAULT_LANG, t
from geo.text.plan_text import role_label


@dataclass(frozen=True)
class GapQuery:
    """What the user filters by; an empty collection means "all"."""

    indicators: tuple[str, ...] = ()
    towns: tuple[str, ...] = ()
    bureaus: tuple[str, ...] = ()
    min_priority: float = 0.0


@dataclass(frozen=True)
class GapOptions:
    """The values each filter offers, taken from the gap table itself (most rows first for indicators)."""

    indicators: list[str]
    towns: dict[str, str]  # town_code → name, by code
    bureaus: list[str]


def options(gaps: pd.DataFrame) -> GapOptions:
    """Filter choices present in ``gaps``: indicators by number of rows, townships by code, bureaus by name."""
    if len(gaps) == 0:
        return GapOptions([], {}, [])
    counts = gaps["indicator_id"].astype(str).value_counts()
    indicators = sorted(counts.index, key=lambda i: (-int(counts[i]), i))
    towns_frame = gaps[["town_code", "town_name"]].dropna(subset=["town_code"]).astype(str).drop_duplicates("town_code")
    towns = dict(sorted(zip(towns_frame["town_code"], towns_frame["town_name"], strict=True)))
    bureaus = sorted({b for cell in gaps["bureau"].drop_duplicates() for b in split_bureaus(cell)})
    return GapOptions(indicators, towns, bureaus)


def describe(query: GapQuery, towns: Mapping[str, str], *, lang: str = DEFAULT_LANG) -> str | None:
    """What ``query`` chose, in words (「指标：…；乡镇：…；优先级不低于 50」), for a filtered download; None for "all".

    ``towns`` maps township codes to names (the sidebar's townships count as chosen too).
    """
    glue = t("gaps.chosen.list", lang)
    parts = []
    if query.indicators:
        names = glue.join(indicator_title(i, lang=lang) for i in query.indicators)
        parts.append(t("gaps.chosen.indicators", lang, names=names))
    if query.towns:
        parts.append(t("gaps.chosen.towns", lang, names=glue.join(towns.get(c, c) for c in query.towns)))
    if query.bureaus:
        parts.append(t("gaps.chosen.bureaus", lang, names=glue.join(query.bureaus)))
    if query.min_priority > 0:
        parts.append(t("gaps.chosen.priority", lang, value=f"{query.min_priority:g}"))
    return t("gaps.chosen.join", lang).join(parts) if parts else None


def filter_gaps(gaps: gpd.GeoDataFrame, query: GapQuery) -> gpd.GeoDataFrame:
    """The rows matching every part of ``query``, highest priority first (ties keep their order); index 0…n−1."""
    keep = pd.Series(True, index=gaps.index)
    if query.indicators:
        keep &= gaps["indicator_id"].astype(str).isin(list(query.indicators))
    if query.towns:
        keep &= gaps["town_code"].astype("string").isin(list(query.towns)).fillna(False).astype(bool)
    if query.bureaus:
        wanted = set(query.bureaus)
        cells = gaps["bureau"].astype("string")
        match = {cell: bool(wanted.intersection(split_bureaus(cell))) for cell in cells.dropna().unique()}
        keep &= cells.map(match).fillna(False).astype(bool)
    if query.min_priority > 0:
        keep &= pd.to_numeric(gaps["priority"], errors="coerce").astype(float).fillna(0.0) >= query.min_priority
    out = gaps[keep.to_numpy()]
    out = out.sort_values("priority", ascending=False, kind="stable", na_position="last")
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class GapTotals:
    """Headline figures of a (filtered) gap list."""

    rows: int
    villages: int
    population: float
    cost_yuan: float


def people_once(gaps: pd.DataFrame) -> float:
    """People affected, each counted once however many gaps they have.

    A feature (natural village, site …) listed by several targets counts once, with its largest
    figure; an admin village counts the larger of its whole-village rows (which hold everyone) and
    the sum of its listed features. Rows without a village are added feature by feature.
    """
    if not len(gaps):
        return 0.0
    people = pd.DataFrame(
        {
            "village": gaps["village_code"].astype("string").fillna("").to_numpy(),
            "layer": gaps["layer"].astype("string").fillna("").to_numpy(),
            "feature": gaps["feature_id"].astype("string").fillna("").to_numpy(),
            "people": pd.to_numeric(gaps["population_affected"], errors="coerce").fillna(0.0).to_numpy(dtype=float),
        }
    )
    features = people.groupby(["village", "layer", "feature"], sort=False)["people"].max().reset_index()
    whole = features[features["layer"] == ADMIN_VILLAGES].groupby("village")["people"].max()
    parts = features[features["layer"] != ADMIN_VILLAGES].groupby("village")["people"].sum()
    by_village = pd.concat([whole, parts], axis=1, keys=["whole", "parts"]).fillna(0.0)
    in_villages = by_village.drop(index="", errors="ignore").max(axis=1).sum()
    return float(in_villages + (by_village.loc[""].sum() if "" in by_village.index else 0.0))


def totals(gaps: pd.DataFrame) -> GapTotals:
    """Row count, distinct admin villages, people affected (each once, :func:`people_once`) and estimated cost."""
    population = people_once(gaps)
    cost = pd.to_numeric(gaps["cost_yuan"], errors="coerce").astype(float).sum() if len(gaps) else 0.0
    villages = int(gaps["village_code"].dropna().nunique()) if len(gaps) else 0
    return GapTotals(len(gaps), villages, float(population), float(cost))


# The table's columns: (gap column, string key of its header).
TABLE_COLUMNS = (
    ("priority", "gaps.col.priority"),
    ("indicator_id", "gaps.col.indicator"),
    ("town_name", "gaps.col.town"),
    ("village_name", "gaps.col.village"),
    ("name", "gaps.col.name"),
    ("reason", "gaps.col.reason"),
    ("need", "gaps.col.need"),
    ("population_affected", "gaps.col.population"),
    ("cost_10k", "gaps.col.cost"),
    ("bureau", "gaps.col.bureau"),
    ("deadline", "gaps.col.deadline"),
    ("plan", "gaps.col.plan"),
)
# Shown by default (the rest via the table's column menu): what a bureau reads first fits 1366 px
# without scrolling sideways (906 px beside the sidebar: 45 + 64 + 84 + 128 + 460 + 96 = 877); widths in pixels.
SHOWN_COLUMNS: dict[str, int] = {
    "priority": 64,
    "town_name": 84,
    "name": 128,
    "reason": 460,
    "cost_10k": 96,
}
TEXT_COLUMNS = frozenset({"town_name", "village_name", "name", "reason", "need", "bureau", "plan"})


def display_table(gaps: pd.DataFrame, *, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The gap rows as shown on the page: indicator titles, reason and need in the UI language, cost in 10k yuan.

    Same row order as ``gaps``; headers in the UI language. Values stay raw (numbers, plain text;
    a missing text is "—"): the table widget shows them as text.
    """
    frame = pd.DataFrame(gaps).drop(columns="geometry", errors="ignore")
    out = pd.DataFrame(index=frame.index)
    for column, key in TABLE_COLUMNS:
        if column == "indicator_id":
            values = frame["indicator_id"].astype(str).map(lambda i: indicator_title(i, lang=lang))
        elif column in ("reason", "need"):
            values = frame[f"{column}_en" if lang == "en" else f"{column}_zh"]
        elif column == "cost_10k":
            values = (pd.to_numeric(frame["cost_yuan"], errors="coerce").astype(float) / 10_000).round(1)
        elif column == "plan":
            values = _plan_cells(frame, lang)
        else:
            values = frame[column]
        if column in TEXT_COLUMNS:
            values = values.astype("string").fillna("—")  # e.g. no village for a township's row
        out[t(key, lang)] = values
    return out.reset_index(drop=True)


def _plan_cells(frame: pd.DataFrame, lang: str) -> pd.Series:
    """The plan of each row: its citation and document number, 「参照：」 first for a benchmark plan's target."""
    if "plan_title" not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    title = frame["plan_title"].astype("string")
    number = frame.get("plan_document", pd.Series(pd.NA, index=frame.index)).astype("string").fillna("")
    cited = title.where(number == "", title + "（" + number + "）")
    role = frame.get("plan_role", pd.Series(pd.NA, index=frame.index)).astype("string").fillna("")
    prefix = role.map(lambda r: f"{role_label(r, lang=lang)}：" if r in ("reference", "higher") else "")
    return (prefix.astype("string") + cited).where(title.notna() & (title != ""))


def in_towns(frame: pd.DataFrame, towns: Collection[str]) -> pd.DataFrame:
    """Rows whose ``town_code`` is one of ``towns`` (all rows when ``towns`` is empty)."""
    if not towns:
        return frame
    return frame[frame["town_code"].astype("string").isin(list(towns)).fillna(False).astype(bool).to_numpy()]
