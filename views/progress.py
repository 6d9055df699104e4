"""Progress (进度): each target's values over the years, the pace, and whether the deadline will be met."""

import altair as alt
import pandas as pd
import streamlit as st

from geo.io.history import empty_history, history_path, load_history
from geo.present import progress
from geo.text.i18n import t
from geo.text.target_text import unit_of
from views import _shared

CHART_HEIGHT = 360

lang = _shared.lang()
st.title(t("progress.title", lang))

report = _shared.report()
targets = _shared.targets()
current_year = report.as_of.year
towns = _shared.town_codes()
names = _shared.township_names()
history_file = history_path(_shared.data_path())


@st.cache_data(show_spinner=False, max_entries=4)
def _history(path: str, modified_ns: int, targets_key: str) -> pd.DataFrame:
    return load_history(path, _shared.known_targets())


@st.cache_data(show_spinner=False, max_entries=16)
def _assessment(
    history_key: tuple[str, int],
    data_key: tuple[str, int],
    targets_key: str,
    year: int,
    level: str,
    units: tuple[str, ...],
) -> pd.DataFrame:
    """The verdicts (cached per history file, data, targets, year and scope)."""
    return progress.assess(history, report.indicators, targets, year, level=level, unit_codes=units or None)


if history_file.is_file():
    history = _shared.guarded(
        _history,
        str(history_file),
        _shared.mtime_ns(history_file),
        _shared.targets_key(),
    )
    years = sorted(history["year"].unique().tolist()) or [current_year]
    st.caption(
        t(
            "progress.caption",
            lang,
            file=_shared.md(history_file.name),
            first=years[0],
            last=years[-1],
            year=current_year,
        )
    )
else:
    history = empty_history()
    st.info(t("progress.no_history", lang, file=_shared.md(history_file.name), year=current_year))

level = "township" if towns else "county"
data_path = _shared.data_path()
assessment = _assessment(
    (str(history_file), _shared.mtime_ns(history_file)),
    (str(data_path), _shared.mtime_ns(data_path)),
    _shared.targets_key(),
    current_year,
    level,
    towns,
)

counts = assessment["status"].value_counts()
shown = [s for s in progress.STATUSES if counts.get(s, 0)]
for column, status in zip(st.columns(max(len(shown), 1)), shown, strict=False):
    column.metric(t(f"progress.status.{status}", lang), t("progress.count", lang, n=int(counts[status])), border=True)

table = progress.display_table(assessment, targets, current_year, lang=lang)
backgrounds = assessment["status"].map(lambda s: f"background-color: {progress.STATUS_COLORS[s]}33").to_numpy()
status_column = t("progress.col.status", lang)
styled = table.style.apply(lambda column: backgrounds if column.name == status_column else [""] * len(column), axis=0)
st.dataframe(styled, hide_index=True, width="stretch")

st.subheader(t("progress.chart", lang))
measured = list(dict.fromkeys(assessment["target_id"]))
if measured:
    pick_column, unit_column = st.columns([0.6, 0.4])
    target_id = pick_column.selectbox(
        t("progress.chart_pick", lang),
        measured,
        key="progress_target",
        format_func=lambda tid: targets[tid].title(lang),
    )
    units = assessment[assessment["target_id"] == target_id]
    unit_code = str(units["unit_code"].iloc[0])
    if len(units) > 1:
        unit_code = unit_column.selectbox(
            t("progress.chart_unit", lang),
            units["unit_code"].astype(str).tolist(),
            key="progress_unit",
            format_func=lambda code: names.get(code, code),
        )
    target = targets[target_id]
    points = progress.series(history, report.indicators, target_id, level, unit_code, current_year)
    frame = progress.chart_frame(points, target, current_year)
    share = unit_of(target) == "share"
    scale = 100.0 if share else 1.0
    frame = frame.assign(value=frame["value"] * scale, kind=frame["kind"].map(lambda k: t(f"progress.kind.{k}", lang)))
    kinds = [t(f"progress.kind.{k}", lang) for k in ("history", "current", "projection")]
    colors = alt.Scale(domain=kinds, range=["#4c78a8", "#d62728", "#9e9e9e"])
    x = alt.X("year:O", title=t("progress.year", lang), axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", title=t("progress.value", lang) + (" (%)" if share else ""), scale=alt.Scale(zero=False))
    observed = frame[frame["kind"] != kinds[2]]
    color = alt.Color("kind:N", scale=colors, title=None)
    line = alt.Chart(observed).mark_line(color="#4c78a8").encode(x=x, y=y)  # past years and now, one line
    dots = (
        alt.Chart(observed)
        .mark_point(filled=True, size=70)
        .encode(x=x, y=y, color=color, tooltip=["year:O", "value:Q", "kind:N"])
    )
    ahead = (
        alt.Chart(frame[frame["kind"] == kinds[2]])
        .mark_line(strokeDash=[6, 4], point=True)
        .encode(x=x, y=y, color=color)
    )
    goal = (
        alt.Chart(pd.DataFrame({"value": [target.threshold * scale], "label": [t("progress.kind.target", lang)]}))
        .mark_rule(color="#1f1f1f", strokeDash=[2, 2], size=2)  # the target: dark, not the old "met" green
        .encode(y="value:Q", tooltip=["label:N", "value:Q"])
    )
    layers = [line, dots, ahead, goal]
    if int(target.deadline) in set(frame["year"].astype(int)):
        deadline = pd.DataFrame({"year": [int(target.deadline)], "label": [t("progress.col.deadline", lang)]})
        layers.append(
            alt.Chart(deadline)
            .mark_rule(color="#888888", strokeDash=[4, 3])
            .encode(x="year:O", tooltip=["label:N", "year:O"])
        )
    st.altair_chart(alt.layer(*layers).properties(height=CHART_HEIGHT), width="stretch")
    sources = [s for s in dict.fromkeys(points.loc[~points["current"], "source"]) if s]
    if sources:
        st.caption(_shared.md(t("progress.sources", lang, sources=t("sep.clause", lang).join(sources))))
