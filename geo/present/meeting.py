"""The meeting view's texts: the target line under the title and the printed sheet's notes, naming the plan.

A printed meeting map leaves the room: it must say which plan a target comes from, with the
document number, and say 「参照」 when the target is a benchmark plan's rather than the county's
own (:func:`geo.text.plan_text.basis_text`). The view builds its :class:`~geo.map.printed.MapSheet`
here, so what the PDF cites is decided in one tested place.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import date

import pandas as pd

from geo.analysis.status import village_status
from geo.core.targets import Target
from geo.map.meeting import status_counts
from geo.map.sheet_panel import MapSheet
from geo.present import meeting_board
from geo.text.i18n import DEFAULT_LANG, t
from geo.text.plan_text import basis_text, role_label
from geo.text.target_text import format_value, target_text, unit_of


def target_subtitle(target: Target | None, *, lang: str = DEFAULT_LANG) -> str:
    """「目标 ≥ 95%，2025年 · 责任单位：…」, marked 【参照】 or 【本县贡献】 when the target is not the county's own."""
    if target is None:
        return ""
    line = t(
        "meeting.target_line",
        lang,
        target=target_text(target, lang=lang),
        deadline=target.deadline,
        bureau=target.bureau,
    )
    role = target.source.role
    return f"【{role_label(role, lang=lang)}】{line}" if role in ("reference", "contribution") else line


LAGGING = ("far", "near", "none", "unjudged")  # what the handout's table lists: every unit not met


def meeting_sheet(
    target: Target | None,
    *,
    title: str,
    source: str,
    as_of: date | None,
    made: date,
    lang: str = DEFAULT_LANG,
    indicators: pd.DataFrame | None = None,
    villages: pd.DataFrame | None = None,
    town_names: Mapping[str, str] | None = None,
    town_codes: Collection[str] = (),
) -> MapSheet:
    """The printed sheet's texts for the map of ``target`` (or a plain layer map without one).

    With the report's ``indicators`` and the scope's admin ``villages`` the sheet states the
    value itself, the villages per status in words and the lagging units ranked: the townships
    of the county (``town_names``), or the villages of the one township in ``town_codes``.
    """
    plain = MapSheet(
        title=title,
        subtitle=target_subtitle(target, lang=lang),
        source=source,
        basis=basis_text(target, lang=lang) if target is not None else "",
        as_of=as_of,
        made=made,
        lang=lang,
    )
    if target is None or indicators is None or villages is None:
        return plain
    names = dict(town_names or {})
    one_town = len(town_codes) == 1
    scope = names.get(next(iter(town_codes)), "") if one_town else "" if town_codes else t("meeting.town_all", lang)
    value, _state = meeting_board.scope_status(indicators, target, town_codes)
    counts = status_counts(village_status(indicators, villages, target)["status"])
    if one_town or not names:
        ranked = meeting_board.ranking(indicators, target, town_names=names, villages=villages, lang=lang)
        heading = t("meeting.print.lagging_villages", lang, scope=scope)
    else:
        ranked = meeting_board.ranking(indicators, target, town_names=names, lang=lang)
        heading = t("meeting.print.lagging_towns", lang)
    lagging = ranked[ranked["status"].isin(LAGGING)]
    return replace(
        plain,
        value_label=t("meeting.print.value_label", lang, scope=scope),
        value=format_value(value, unit_of(target), lang=lang),
        counts=meeting_board.counts_text(counts, lang=lang),
        ranking_title=heading,
        ranking=tuple(zip(lagging["name"], lagging["value_text"], lagging["status_text"], strict=True)),
        ranking_empty=t("meeting.print.none_lagging", lang),
    )


def atlas_sheets(
    target: Target | None,
    *,
    villages: pd.DataFrame,
    town_names: Mapping[str, str],
    source: str,
    as_of: date | None,
    made: date,
    lang: str = DEFAULT_LANG,
    indicators: pd.DataFrame | None = None,
) -> list[tuple[str, MapSheet]]:
    """A sheet per township (in the data's order) for the atlas: its title, value, counts and lagging villages."""
    subject = target.title(lang) if target is not None else t("meeting.layers", lang)
    codes = villages["town_code"].astype(str) if "town_code" in villages else pd.Series(dtype=str)
    return [
        (
            code,
            meeting_sheet(
                target,
                title=t("meeting.title", lang, scope=name, subject=subject),
                source=source,
                as_of=as_of,
                made=made,
                lang=lang,
                indicators=indicators,
                villages=villages[(codes == code).to_numpy()],
                town_names=town_names,
                town_codes=(code,),
            ),
        )
        for code, name in town_names.items()
    ]


def file_stem(kind: str, scope: str, subject: str) -> str:
    """A download's name from names, not codes: 「会议用图_浮梁县_农村饮水集中供水率」; unsafe characters become _."""
    stem = "_".join(part for part in (kind, scope, subject) if part)
    return re.sub(r'[\\/:*?"<>|\s]+', "_", stem).strip("_.")[:120]
