"""The meeting view's texts: the target line under the title and the printed sheet's notes, naming the plan.

A printed meeting map leaves the room: it must say which plan a target comes from, with the
document number, and say 「参照」 when the target is a benchmark plan's rather than the county's
own (:func:`geo.text.plan_text.basis_text`). The view builds its :class:`~geo.map.printed.MapSheet`
here, so what the PDF cites is decided in one tested place.
"""

from __future__ import annotations

from datetime import date

from geo.core.targets import Target
from geo.map.printed import MapSheet
from geo.text.i18n import DEFAULT_LANG, t
from geo.text.plan_text import basis_text, role_label
from geo.text.target_text import target_text


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


def meeting_sheet(
    target: Target | None,
    *,
    title: str,
    source: str,
    as_of: date | None,
    made: date,
    lang: str = DEFAULT_LANG,
) -> MapSheet:
    """The printed sheet's texts for the map of ``target`` (or a plain layer map without one)."""
    return MapSheet(
        title=title,
        subtitle=target_subtitle(target, lang=lang),
        source=source,
        basis=basis_text(target, lang=lang) if target is not None else "",
        as_of=as_of,
        made=made,
        lang=lang,
    )
