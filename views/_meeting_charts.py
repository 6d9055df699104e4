"""The meeting board's two charts (Altair): the ranked bars of townships or villages, and the yearly trend.

Only drawing: the frames come from :mod:`geo.present.meeting_board`, the colours from
:mod:`geo.map.palette`, every label from the string catalogue.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from geo.core.targets import Target
from geo.map import palette
from geo.text.i18n import t
from geo.text.target_text import unit_of

FONT = 14


def _scale(target: Target) -> float:
    return 100.0 if unit_of(target) == "share" else 1.0


def ranking_chart(ranked: pd.DataFrame, target: Target, *, title: str, height: int, lang: str) -> alt.LayerChart:
    """Horizontal bars, laggards on top, coloured by status, with the target as a dashed rule."""
    scale = _scale(target)
    frame = ranked.assign(shown=ranked["value"] * scale)
    states = [s for s in palette.STATUS_COLORS if s in set(frame["status"])]
    labels = [t(f"overview.status.{s}", lang) for s in states]
    color = alt.Color(
        "status_text:N",
        scale=alt.Scale(domain=labels, range=[palette.STATUS_COLORS[s] for s in states]),
        legend=None,  # the map's legend beside it names the colours; the tooltip names each bar's status
    )
    y = alt.Y(
        "name:N",
        sort=list(frame["name"]),
        title=None,
        axis=alt.Axis(labelFontSize=FONT - 3, labelLimit=110, labelOverlap=False),
    )
    x = alt.X("shown:Q", title=None, axis=alt.Axis(labelFontSize=FONT - 2), scale=alt.Scale(zero=False, nice=True))
    bars = (
        alt.Chart(frame)
        .mark_bar(stroke="#555555", strokeWidth=0.5)
        .encode(
            x=x,
            y=y,
            color=color,
            tooltip=[alt.Tooltip("name:N", title=t("meeting.col.title", lang)), "value_text:N", "status_text:N"],
        )
    )
    text = alt.Chart(frame).mark_text(align="left", dx=3, fontSize=FONT - 4).encode(x=x, y=y, text="value_text:N")
    goal = (
        alt.Chart(pd.DataFrame({"shown": [target.threshold * scale]}))
        .mark_rule(color="#1f1f1f", strokeDash=[4, 3], size=1.5)
        .encode(x="shown:Q")
    )
    return (
        alt.layer(bars, text, goal)
        .properties(height=height, title=alt.TitleParams(title, fontSize=FONT + 1, anchor="start"))
        .configure_view(stroke=None)
    )


def trend_chart(points: pd.DataFrame, target: Target, *, title: str, height: int, lang: str) -> alt.LayerChart:
    """The yearly values as a line with dots (this report's year darker), and the target as a dashed rule."""
    scale = _scale(target)
    kinds = [t("meeting.kind.history", lang), t("meeting.kind.current", lang)]
    frame = pd.DataFrame(
        {
            "year": points["year"].astype(int),
            "shown": points["value"].astype(float) * scale,
            "kind": [kinds[1] if now else kinds[0] for now in points["current"]],
        }
    )
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, labelFontSize=FONT - 2))
    y = alt.Y("shown:Q", title=None, scale=alt.Scale(zero=False), axis=alt.Axis(labelFontSize=FONT - 2))
    color = alt.Color(
        "kind:N",
        scale=alt.Scale(domain=kinds, range=["#4393c3", palette.FAR]),
        legend=alt.Legend(orient="right", title=None, labelFontSize=FONT - 2),
    )
    line = alt.Chart(frame).mark_line(color="#4393c3").encode(x=x, y=y)
    dots = (
        alt.Chart(frame).mark_point(filled=True, size=80).encode(x=x, y=y, color=color, tooltip=["year:O", "shown:Q"])
    )
    goal = (
        alt.Chart(pd.DataFrame({"shown": [target.threshold * scale]}))
        .mark_rule(color="#1f1f1f", strokeDash=[4, 3], size=1.5)
        .encode(y="shown:Q")
    )
    return (
        alt.layer(line, dots, goal)
        .properties(height=height, title=alt.TitleParams(title, fontSize=FONT + 1, anchor="start"))
        .configure_view(stroke=None)
    )
