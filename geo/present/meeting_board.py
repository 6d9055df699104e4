"""The meeting board's view-model (会议大屏): every target's status, the ranked units, the trend, the counts.

The meeting room asks "where are we against the plan, which townships lag" and wants it at one
glance. This module turns a report's indicator table (:data:`geo.analysis.rollup.UNIT_COLUMNS`),
the targets and the yearly history (:mod:`geo.io.history`) into the frames the page draws; the
page only lays them out. Statuses are those of :mod:`geo.analysis.status` (met / near / far /
unjudged / none), colours those of :mod:`geo.map.palette`.

* :func:`board` — one row per target measured in the scope: value, target, deadline, status;
* :func:`ranking` — the townships of the county (or, drilled down, the villages of a township)
  for one target, the laggards first;
* :func:`trend` — the scope's yearly values of a target: history, then the report's year;
* :func:`counts_text` — the villages per status in words, for the screen and the handout.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import pandas as pd

from geo.analysis.status import classify, scope_value, status_label, village_status
from geo.core.targets import Target
from geo.map import palette
from geo.present import progress
from geo.text.i18n import DEFAULT_LANG, t
from geo.text.target_text import format_value, target_text, unit_of

BOARD_COLUMNS = ("target_id", "title", "value", "value_text", "target", "deadline", "status", "status_text")
RANK_COLUMNS = ("unit_code", "name", "value", "value_text", "status", "status_text", "color")
COUNTED = ("met", "near", "far", "unjudged", "none")


def scope_status(indicators: pd.DataFrame, target: Target, town_codes: Collection[str] = ()) -> tuple[float, str]:
    """The value of ``target`` in the scope and its status (met / near / far / unjudged / none)."""
    scoped = scope_value(indicators, target, town_codes)
    # met None with a value: the scope is not judged ("unjudged"); without a value: "none".
    state = classify(pd.Series([scoped.value]), pd.Series([scoped.met], dtype="boolean"), target)
    return scoped.value, str(state.iloc[0])


def board(
    indicators: pd.DataFrame,
    targets: Mapping[str, Target],
    *,
    town_codes: Collection[str] = (),
    lang: str = DEFAULT_LANG,
) -> pd.DataFrame:
    """One row per target the report measured (in the targets' order): its value in the scope and status.

    Columns :data:`BOARD_COLUMNS`; ``value`` stays a number, ``value_text`` is how it reads (88.5%).
    """
    measured = set(indicators["target_id"].astype(str))
    rows = []
    for target in targets.values():
        if target.id not in measured:
            continue
        value, state = scope_status(indicators, target, town_codes)
        rows.append(
            (
                target.id,
                target.title(lang),
                value,
                format_value(value, unit_of(target), lang=lang),
                target_text(target, lang=lang, compact=True),
                int(target.deadline),
                state,
                status_label(state, lang=lang),
            )
        )
    return pd.DataFrame.from_records(rows, columns=list(BOARD_COLUMNS))


def board_styles(frame: pd.DataFrame) -> pd.DataFrame:
    """CSS per cell of :func:`board`'s frame: the status column on its palette tint, the rest plain."""
    styles = pd.DataFrame("", index=frame.index, columns=frame.columns)
    styles["status_text"] = [
        f"background-color: {palette.STATUS_BACKGROUNDS[s]}" if palette.STATUS_BACKGROUNDS.get(s) else ""
        for s in frame["status"]
    ]
    return styles


def _ranked(frame: pd.DataFrame, target: Target, lang: str) -> pd.DataFrame:
    """``frame`` (unit_code, name, value, status) sorted laggards first, with texts and colours."""
    worst_first = target.comparison in (">=", ">")  # a share to raise: the lowest lag; a count to cut: the highest
    frame = frame.sort_values(["value", "name"], ascending=[worst_first, True], na_position="last", kind="stable")
    unit = unit_of(target)
    return pd.DataFrame(
        {
            "unit_code": frame["unit_code"].astype(str).to_numpy(),
            "name": frame["name"].astype(str).to_numpy(),
            "value": frame["value"].astype(float).to_numpy(),
            "value_text": [format_value(v, unit, lang=lang) for v in frame["value"]],
            "status": frame["status"].to_numpy(),
            "status_text": [status_label(s, lang=lang) for s in frame["status"]],
            "color": [palette.STATUS_COLORS[s] for s in frame["status"]],
        }
    ).reset_index(drop=True)


def ranking(
    indicators: pd.DataFrame,
    target: Target,
    *,
    town_names: Mapping[str, str],
    villages: pd.DataFrame | None = None,
    lang: str = DEFAULT_LANG,
) -> pd.DataFrame:
    """The townships for ``target`` (or, given a township's ``villages``, those villages), laggards first.

    Columns :data:`RANK_COLUMNS`. Townships are those named in ``town_names`` (every township of
    the county, one row each even without a value); a row without a value ranks last.
    """
    if villages is not None:
        status = village_status(indicators, villages, target)
        frame = status.rename(columns={"village_code": "unit_code"})[["unit_code", "name", "value", "status"]]
        return _ranked(frame, target, lang)
    rows = indicators[(indicators["target_id"] == target.id) & (indicators["level"] == "township")]
    rows = rows.assign(unit_code=rows["unit_code"].astype(str)).drop_duplicates("unit_code").set_index("unit_code")
    codes = list(town_names)
    value = pd.to_numeric(rows["value"], errors="coerce").astype(float).reindex(codes)
    met = rows["met"].astype("boolean").reindex(codes)
    frame = pd.DataFrame({"unit_code": codes, "name": [town_names[c] for c in codes], "value": value.to_numpy()})
    frame["status"] = classify(frame["value"], pd.Series(met.to_numpy(), index=frame.index), target).to_numpy()
    return _ranked(frame, target, lang)


def trend(
    history: pd.DataFrame,
    indicators: pd.DataFrame,
    target: Target,
    *,
    current_year: int,
    town_code: str = "",
) -> pd.DataFrame:
    """Yearly values of ``target`` for the county (or one township): ``year``, ``value``, ``current``.

    The history's years before the report's, then the report's own value (:func:`geo.present.progress.series`).
    """
    level, unit = ("township", town_code) if town_code else ("county", "county")
    points = progress.series(history, indicators, target.id, level, unit, current_year)
    return points[["year", "value", "current"]]


def counts_text(counts: Mapping[str, int], *, lang: str = DEFAULT_LANG, unit_key: str = "meeting.unit.village") -> str:
    """The units per status in words: 「达标 12 个村，接近 3 个村，差距较大 2 个村」 (statuses with none left out).

    Met, near and far are always said, even at zero: "no village is far" is news in a meeting.
    """
    parts = [
        t(
            "meeting.count_part",
            lang,
            label=status_label(s, lang=lang),
            n=f"{counts.get(s, 0):,}",
            unit=t(unit_key, lang),
        )
        for s in COUNTED
        if counts.get(s, 0) or s in ("met", "near", "far")
    ]
    return t("sep.comma", lang).join(parts)


def rotate(choices: Sequence[str], current: str) -> str:
    """The carousel's next target after ``current`` (the first after the last, or when ``current`` is unknown)."""
    if not choices:
        return current
    if current not in choices:
        return choices[0]
    return choices[(list(choices).index(current) + 1) % len(choices)]
