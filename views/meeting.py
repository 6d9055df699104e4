"""Meeting view (会议大屏): every target's status, the ranked townships, the trend and the map, on one screen.

Laid out for a 1366×768 laptop and a 1920×1080 projector without scrolling: the header row
(title, township, target, carousel), then the board, ranking and trend on the left and the map
with the downloads on the right. The map fills the rest of the window (CSS on its frame). A
click on a township drills down, 「返回全县」 goes up. Everything shown comes from
:mod:`geo.present.meeting_board`; the page lays it out.
"""

from datetime import date

import branca
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.analysis import status as target_status
from geo.core.layer_names import ADMIN_VILLAGES, TOWNSHIPS
from geo.core.scope import for_townships
from geo.io.history import empty_history, history_path, load_history
from geo.map import choropleth, printed
from geo.map.content import MapContent
from geo.map.folium_map import build_map
from geo.map.meeting import MEETING_LAYERS, meeting_content, status_counts
from geo.present import meeting as meeting_texts
from geo.present import meeting_board, overview
from geo.text.i18n import t
from geo.text.target_text import format_value, target_text, unit_of
from layers.registry import LAYER_KINDS
from views import _meeting_charts, _shared

MAP_FALLBACK_HEIGHT = 520  # the frame's own height; the CSS below makes it fill the window
MAP_OFFSET_PX = 158  # header row, summary line and the download row below the map
RANK_HEIGHT = 276
TREND_HEIGHT = 128
BOARD_ROW_PX = 35
BOARD_MAX_ROWS = 5  # more targets scroll inside the board
CAROUSEL_S = 20
BOARD_WIDTHS = {"title": 215, "value_text": 62, "target": 80, "deadline": 48, "status_text": 78}  # px: fits 1366 px
# Streamlit's chrome is hidden and the type is larger, for a wall screen; the map's frame fills the window.
PAGE_CSS = f"""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {{ display: none !important; }}
[data-testid="stMainBlockContainer"] {{ padding: 0.5rem 1.2rem 0.2rem; max-width: 100%; }}
[data-testid="stMain"] h1 {{ font-size: 1.6rem; line-height: 1.2; padding: 0 0 0.2rem; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }}
[data-testid="stWidgetLabel"] p, [data-testid="stCaptionContainer"] {{ font-size: 1.0rem; }}
[data-baseweb="select"] div {{ font-size: 1.05rem; }}
[data-testid="stVerticalBlock"] {{ gap: 0.45rem; }}
[data-testid="stMarkdownContainer"] p {{ font-size: 1.1rem; margin-bottom: 0; }}
iframe[title="streamlit_folium.st_folium"] {{ height: calc(100vh - {MAP_OFFSET_PX}px) !important; min-height: 360px; }}
</style>"""
# The same, inside the map's frame: the map fills its frame; a larger legend, labels, tooltips and popups.
MAP_CSS = """<style>
html, body { overflow: hidden; }
#map_div, #map_div > div { height: 100vh !important; }
.leaflet-control-layers { font-size: 16px !important; }
.leaflet-control-layers-expanded { max-width: 300px !important; }
.rcm-legend-head { font-size: 17px !important; }
.rcm-item { font-size: 15px !important; }
.rcm-town-label { font-size: 18px !important; }
.leaflet-tooltip, .leaflet-popup-content { font-size: 16px !important; }
</style>"""

# A click on the map or the carousel asks for another township or target; applied before the widgets exist.
for pending, widget in (("meeting_drill", "meeting_town"), ("meeting_next", "meeting_target")):
    if pending in st.session_state:
        st.session_state[widget] = st.session_state.pop(pending)

lang = _shared.lang()
st.html(PAGE_CSS)
frame = st.empty()
frame.title(t("page.meeting", lang))  # the frame first: a fresh server computes the report before anything else
with st.spinner(t("meeting.loading", lang)):
    names = _shared.township_names()
    report = _shared.report()
    targets = _shared.targets()
    dataset = _shared.dataset()
frame.empty()
choices = overview.choropleth_targets(report.indicators, targets)
st.session_state.setdefault("meeting_target", choices[0] if choices else "")


def _go_up() -> None:
    st.session_state["meeting_town"] = ""


head, town_box, target_box, tools = st.columns([0.42, 0.15, 0.31, 0.12], vertical_alignment="bottom")
town = town_box.selectbox(
    t("meeting.town", lang),
    ["", *names],
    key="meeting_town",
    format_func=lambda code: names.get(code, code) if code else t("meeting.town_all", lang),
    label_visibility="collapsed",  # the title names the scope and the target: no room to spare on a laptop
)
# A meeting is about targets: the first target judged per village is shown first; the plain layer map is one pick away.
target_id = target_box.selectbox(
    t("meeting.indicator", lang),
    ["", *choices],
    key="meeting_target",
    format_func=lambda tid: targets[tid].title(lang) if tid else t("meeting.indicator_none", lang),
    label_visibility="collapsed",
)
if town:
    tools.button(t("meeting.up", lang), key="meeting_up", on_click=_go_up, icon=":material/arrow_upward:")
else:
    tools.toggle(
        t("meeting.carousel", lang), key="meeting_carousel", help=t("meeting.carousel_help", lang, seconds=CAROUSEL_S)
    )
towns = (town,) if town else ()
target = targets.get(target_id) if target_id else None
scope = names.get(town, town) if town else t("meeting.town_all", lang)
subject = target.title(lang) if target else t("meeting.layers", lang)
title = t("meeting.title", lang, scope=scope, subject=subject)
head.title(title)
subtitle = meeting_texts.target_subtitle(target, lang=lang)

if st.session_state.get("meeting_carousel") and not town and choices:

    @st.fragment(run_every=CAROUSEL_S)
    def carousel() -> None:
        """Every CAROUSEL_S seconds: the next target (the first run only arms the timer)."""
        if st.session_state.pop("meeting_carousel_armed", False):
            st.session_state["meeting_next"] = meeting_board.rotate(choices, target_id)
            st.rerun(scope="app")
        st.session_state["meeting_carousel_armed"] = True

    carousel()


@st.cache_data(show_spinner=False, max_entries=4)
def _history(path: str, modified_ns: int, targets_key: str) -> pd.DataFrame:
    return load_history(path, _shared.known_targets())


@st.cache_data(show_spinner=False, max_entries=16)
def _content(
    path: str, modified_ns: int, targets_key: str, towns: tuple[str, ...], target_id: str, language: str
) -> MapContent:
    """The meeting map's layers (cached per data, targets, township, target and language)."""
    return meeting_content(
        _shared.dataset(),
        [LAYER_KINDS[name] for name in MEETING_LAYERS],
        target=_shared.targets()[target_id] if target_id else None,
        indicators=_shared.report().indicators,
        town_codes=towns,
        town_names=_shared.township_names(),
        lang=language,
    )


@st.cache_data(show_spinner=False, max_entries=8)
def _printed(
    path: str,
    modified_ns: int,
    targets_key: str,
    towns: tuple[str, ...],
    target_id: str,
    language: str,
    title: str,
    subtitle: str,
    made: date,
) -> printed.PrintedMap:
    """The A4 map as PNG and PDF (cached: the second download is instant)."""
    data = _shared.dataset()
    report = _shared.report()
    target = _shared.targets()[target_id] if target_id else None
    sheet = meeting_texts.meeting_sheet(
        target,
        title=title,
        source=_shared.data_path().name,
        as_of=report.as_of,
        made=made,
        lang=language,
        indicators=report.indicators,
        villages=for_townships(data, towns).layers.get(ADMIN_VILLAGES),
        town_names=_shared.township_names(),
        town_codes=towns,
    )
    return printed.meeting_map(
        data, sheet, target=target, indicators=report.indicators if target else None, town_codes=towns
    )


@st.cache_data(show_spinner=False, max_entries=4)
def _atlas(path: str, modified_ns: int, targets_key: str, target_id: str, language: str, made: date) -> bytes:
    """One PDF, a page per township (cached per data, targets, target, language and day)."""
    data = _shared.dataset()
    report = _shared.report()
    target = _shared.targets()[target_id] if target_id else None
    pages = meeting_texts.atlas_sheets(
        target,
        villages=data.layer(ADMIN_VILLAGES),
        town_names=_shared.township_names(),
        source=_shared.data_path().name,
        as_of=report.as_of,
        made=made,
        lang=language,
        indicators=report.indicators,
    )
    return printed.atlas_pdf(data, pages, target=target, indicators=report.indicators if target else None)


path = _shared.data_path()
key = (str(path), _shared.mtime_ns(path), _shared.targets_key(), towns, target_id, lang)
villages = for_townships(dataset, towns).layers.get(ADMIN_VILLAGES)
if target is not None and villages is not None:
    value, _state = meeting_board.scope_status(report.indicators, target, towns)
    counts = status_counts(target_status.village_status(report.indicators, villages, target)["status"])
    st.markdown(
        t(
            "meeting.summary",
            lang,
            value=_shared.md(format_value(value, unit_of(target), lang=lang)),
            target=_shared.md(target_text(target, lang=lang, compact=True)),
            deadline=target.deadline,
            counts=_shared.md(meeting_board.counts_text(counts, lang=lang)),
        ),
        help=subtitle,
    )

side, main = st.columns([0.4, 0.6], gap="medium")
with side:
    board = meeting_board.board(report.indicators, targets, town_codes=towns, lang=lang)
    shown = board[["title", "value_text", "target", "deadline", "status_text"]]
    headers = {
        "title": t("meeting.col.title", lang),
        "value_text": t("meeting.col.value", lang),
        "target": t("meeting.col.target", lang),
        "deadline": t("meeting.col.deadline", lang),
        "status_text": t("meeting.col.status", lang),
    }
    styled = shown.style.apply(lambda _: meeting_board.board_styles(board)[shown.columns], axis=None)
    st.dataframe(
        styled,
        key="meeting_board",
        hide_index=True,
        width="stretch",
        height=BOARD_ROW_PX * (min(len(board), BOARD_MAX_ROWS) + 1) + 3,
        column_config={
            column: st.column_config.Column(label, width=BOARD_WIDTHS[column]) for column, label in headers.items()
        },
    )
    if target is not None:
        town_villages = villages if town else None
        ranked = meeting_board.ranking(report.indicators, target, town_names=names, villages=town_villages, lang=lang)
        heading = t("meeting.ranking_villages", lang, town=scope) if town else t("meeting.ranking_towns", lang)
        st.altair_chart(
            _meeting_charts.ranking_chart(ranked, target, title=heading, height=RANK_HEIGHT, lang=lang),
            width="stretch",
            height=RANK_HEIGHT,
        )
        history_file = history_path(path)
        history = (
            _history(str(history_file), _shared.mtime_ns(history_file), _shared.targets_key())
            if history_file.is_file()
            else empty_history()
        )
        year = (report.as_of or date.today()).year
        points = meeting_board.trend(history, report.indicators, target, current_year=year, town_code=town)
        if len(points) > 1:
            st.altair_chart(
                _meeting_charts.trend_chart(
                    points, target, title=t("meeting.trend", lang, scope=scope), height=TREND_HEIGHT, lang=lang
                ),
                width="stretch",
                height=TREND_HEIGHT,
            )
        else:
            st.caption(t("meeting.trend_none", lang, file=_shared.md(history_file.name)))


@st.fragment
def meeting_map() -> None:
    """The map; a click on a township drills down (the whole page follows), on a village shows its value."""
    with st.spinner(t("meeting.map_loading", lang)):  # the board and charts are on screen already
        content = _content(*key)
        fmap = build_map(content, asset_base=_shared.asset_base())
    figure = fmap.get_root()
    assert isinstance(figure, branca.element.Figure)  # a folium.Map always sits in a Figure
    figure.header.add_child(branca.element.Element(MAP_CSS), name="meeting_css")
    state = st_folium(
        fmap,
        key="meeting_map",
        height=MAP_FALLBACK_HEIGHT,
        use_container_width=True,
        returned_objects=["last_object_clicked"],
    )
    clicked = state.get("last_object_clicked") if isinstance(state, dict) else None
    if not clicked or clicked.get("lat") is None or clicked == st.session_state.get("meeting_click"):
        return
    st.session_state["meeting_click"] = clicked  # a new click (the component repeats the last one on every run)
    lat, lng = float(clicked["lat"]), float(clicked["lng"])
    townships = dataset.layers.get(TOWNSHIPS)
    if not town and townships is not None:
        code = choropleth.code_at(townships, lat, lng, "town_code")
        if code is not None:
            st.session_state["meeting_drill"] = code
            st.rerun(scope="app")
    elif target is not None and villages is not None:
        code = choropleth.village_at(villages, lat, lng)
        row = target_status.village_status(report.indicators, villages[villages["village_code"] == code], target)
        if len(row):
            st.caption(
                t(
                    "meeting.clicked",
                    lang,
                    village=_shared.md(row["name"].iloc[0]),
                    value=format_value(row["value"].iloc[0], unit_of(target), lang=lang),
                    status=target_status.status_label(str(row["status"].iloc[0]), lang=lang),
                )
            )


with main:
    meeting_map()
    hint, png, pdf, atlas, back = st.columns([0.17, 0.2, 0.2, 0.23, 0.2], vertical_alignment="center")
    hint.caption(t("meeting.map_hint", lang), help=t("meeting.map_help", lang))
    stem = meeting_texts.file_stem(t("meeting.file.map", lang), scope, subject)
    png.download_button(
        t("meeting.download_png", lang),
        lambda: _printed(*key, title, subtitle, date.today()).png,
        file_name=f"{stem}.png",
        mime="image/png",
        help=t("meeting.download_help", lang),
        on_click="ignore",
        icon=":material/image:",
    )
    pdf.download_button(
        t("meeting.download_pdf", lang),
        lambda: _printed(*key, title, subtitle, date.today()).pdf,
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        help=t("meeting.download_help", lang),
        on_click="ignore",
        icon=":material/print:",
    )
    atlas.download_button(
        t("meeting.download_atlas", lang),
        lambda: _atlas(*key[:3], target_id, lang, date.today()),
        file_name=f"{meeting_texts.file_stem(t('meeting.file.atlas', lang), '', subject)}.pdf",
        mime="application/pdf",
        help=t("meeting.atlas_help", lang, n=len(names)),
        on_click="ignore",
        icon=":material/menu_book:",
    )
    back.page_link("views/overview.py", label=t("meeting.back", lang), icon=":material/arrow_back:")
