"""Meeting view (会议大屏): a full-screen village map in large type, a township drill-down, printable PNG/PDF."""

from datetime import date

import branca
import streamlit as st
from streamlit_folium import st_folium

from geo.analysis import status as target_status
from geo.core.layer_names import ADMIN_VILLAGES
from geo.core.scope import for_townships
from geo.map import printed
from geo.map.content import MapContent
from geo.map.folium_map import build_map
from geo.map.meeting import MEETING_LAYERS, meeting_content, status_counts
from geo.present import meeting as meeting_texts
from geo.present import overview
from geo.text.i18n import t
from geo.text.target_text import format_value, target_text, unit_of
from layers.registry import LAYER_KINDS
from views import _shared

MAP_HEIGHT = 700  # with the header, fits a 1080-pixel wall screen without scrolling
# Streamlit's chrome (sidebar, toolbar, header) is hidden on this page and the type is larger, for a wall screen.
PAGE_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.8rem 1.6rem 0.4rem; max-width: 100%; }
[data-testid="stMain"] h1 { font-size: 2.1rem; line-height: 1.25; padding: 0.1rem 0; }
[data-testid="stWidgetLabel"] p, [data-testid="stCaptionContainer"] { font-size: 1.15rem; }
[data-baseweb="select"] div { font-size: 1.15rem; }
[data-testid="stMetricValue"] { font-size: 2.4rem; }
[data-testid="stMetricLabel"] p { font-size: 1.15rem; }
</style>"""
# The same, inside the map's frame: a larger legend, labels, tooltips and popups.
MAP_CSS = """<style>
.leaflet-control-layers { font-size: 17px !important; }
.leaflet-control-layers-expanded { max-width: 330px !important; }
.rcm-legend-head { font-size: 19px !important; }
.rcm-item { font-size: 16px !important; }
.rcm-town-label { font-size: 20px !important; }
.leaflet-tooltip, .leaflet-popup-content { font-size: 17px !important; }
</style>"""

lang = _shared.lang()
st.html(PAGE_CSS)
names = _shared.township_names()
report = _shared.report()
targets = _shared.targets()
dataset = _shared.dataset()
choices = overview.choropleth_targets(report.indicators, targets)

head, town_box, target_box = st.columns([0.5, 0.16, 0.34], vertical_alignment="bottom")
town = town_box.selectbox(
    t("meeting.town", lang),
    ["", *names],
    key="meeting_town",
    format_func=lambda code: names.get(code, code) if code else t("meeting.town_all", lang),
)
# A meeting is about targets: the first target judged per village is shown first; the plain layer map is one pick away.
target_id = target_box.selectbox(
    t("meeting.indicator", lang),
    ["", *choices],
    key="meeting_target",
    index=1 if choices else 0,
    format_func=lambda tid: targets[tid].title(lang) if tid else t("meeting.indicator_none", lang),
)
towns = (town,) if town else ()
target = targets.get(target_id) if target_id else None
scope = names.get(town, town) if town else t("meeting.town_all", lang)
subject = target.title(lang) if target else t("meeting.layers", lang)
title = t("meeting.title", lang, scope=scope, subject=subject)
head.title(title)

subtitle = meeting_texts.target_subtitle(target, lang=lang)
if target is not None:
    value = target_status.scope_value(report.indicators, target, towns).value
    villages = for_townships(dataset, towns).layers.get(ADMIN_VILLAGES)
    counts = status_counts(target_status.village_status(report.indicators, villages, target)["status"])
    cards = st.columns(5)
    goal = target_text(target, lang=lang)
    cards[0].metric(
        t("meeting.scope_value", lang, scope=scope, target=goal),
        format_value(value, unit_of(target), lang=lang),
        help=subtitle,
        border=True,
    )
    for column, state in zip(cards[1:], ("met", "near", "far", "none"), strict=True):
        column.metric(target_status.status_label(state, lang=lang), f"{counts[state]:,}", border=True)


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
        target, title=title, source=_shared.data_path().name, as_of=report.as_of, made=made, lang=language
    )
    return printed.meeting_map(
        data, sheet, target=target, indicators=report.indicators if target else None, town_codes=towns
    )


path = _shared.data_path()
key = (str(path), _shared.mtime_ns(path), _shared.targets_key(), towns, target_id, lang)


@st.fragment
def meeting_map() -> None:
    """The map; clicks and layer switches rerun only this fragment."""
    content = _content(*key)
    fmap = build_map(content, asset_base=_shared.asset_base())
    figure = fmap.get_root()
    assert isinstance(figure, branca.element.Figure)  # a folium.Map always sits in a Figure
    figure.header.add_child(branca.element.Element(MAP_CSS), name="meeting_css")
    st_folium(fmap, key="meeting_map", height=MAP_HEIGHT, use_container_width=True, returned_objects=[])


meeting_map()
hint, png, pdf, back = st.columns([0.52, 0.16, 0.16, 0.16], vertical_alignment="center")
hint.caption(t("meeting.map_help", lang))
stem = f"meeting_{town or 'county'}_{target_id or 'layers'}"
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
back.page_link("views/overview.py", label=t("meeting.back", lang), icon=":material/arrow_back:")
