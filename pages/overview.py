"""Overview (总览): the county's headline figures beside the coverage map with every layer."""

import streamlit as st
from streamlit_folium import st_folium

from geo import webmap
from geo.i18n import t
from geo.summary import CARD_GROUPS, headline_cards
from pages import _shared

MAP_HEIGHT = 770
CARD_COLUMNS = 2
CARD_HEIGHT = 100

lang = _shared.lang()
names = _shared.township_names()
scope = "、".join(names.get(code, code) for code in _shared.town_codes()) or t("sidebar.township_all", lang)
st.title(t("app.title", lang))
st.caption(t("overview.caption", lang, source=_shared.md(_shared.data_path().name), scope=_shared.md(scope)))

map_column, cards_column = st.columns([0.71, 0.29], gap="medium")

with cards_column:
    cards = headline_cards(_shared.summary(), lang=lang)
    for group in CARD_GROUPS:
        st.markdown(f"**{t(f'overview.section.{group}', lang)}**")
        in_group = [c for c in cards if c.group == group]
        for start in range(0, len(in_group), CARD_COLUMNS):
            for column, card in zip(st.columns(CARD_COLUMNS, gap="small"), in_group[start:start + CARD_COLUMNS], strict=False):
                column.metric(card.label, card.value, delta=card.note or None, delta_color="off", delta_arrow="off",
                              help=card.help or None, border=True, height=CARD_HEIGHT)


@st.fragment
def coverage_map() -> None:
    """The map; toggling online base maps reruns only this fragment."""
    if not st.get_option("server.enableStaticServing"):
        st.warning(t("map.no_static", lang))
    online = st.session_state.get("online_basemaps", False)
    content = _shared.map_content()
    basemaps = webmap.ONLINE_BASEMAPS if online else ()
    fmap = webmap.build_map(content, asset_base=_shared.asset_base(), basemaps=basemaps, tianditu_key=_shared.tianditu_key())
    st_folium(fmap, key="overview_map", height=MAP_HEIGHT, use_container_width=True, returned_objects=[])
    hint, toggle = st.columns([0.7, 0.3])
    hint.caption(t("overview.map_help", lang))
    toggle.toggle(t("sidebar.online_basemaps", lang), key="online_basemaps", help=t("sidebar.online_help", lang))


with map_column:
    coverage_map()
