"""乡村振兴基础设施覆盖一张图 — entry point: page frame, sidebar (language, townships) and navigation."""

import streamlit as st

from geo.i18n import LANG_NAMES, LANGS, t
from pages import _shared

lang = _shared.lang()
st.set_page_config(page_title=t("app.title", lang), page_icon=str(_shared.ROOT / "static" / "favicon.png"), layout="wide",
                   initial_sidebar_state="expanded")

with st.sidebar:
    st.markdown(f"### {t('app.title', lang)}")
    st.segmented_control(t("sidebar.language", lang), LANGS, format_func=LANG_NAMES.get, key="lang",
                         default=lang, required=True)

names = _shared.township_names()  # loads and validates the data; problems are shown here, then the run stops

with st.sidebar:
    st.multiselect(t("sidebar.township", lang), list(names), format_func=lambda code: names.get(code, code), key="towns",
                   placeholder=t("sidebar.township_all", lang), help=t("sidebar.township_help", lang))
    st.caption(t("sidebar.dataset", lang, name=_shared.md(_shared.data_path().name)), help=t("sidebar.dataset_help", lang))

# Sections of the sidebar navigation. Each page is one st.Page line; a page title comes from geo/i18n.
overview_pages = [st.Page("pages/overview.py", title=t("page.overview", lang), icon=":material/dashboard:",
                          url_path="overview", default=True)]
domain_pages: list = []  # one page per bureau's domain (water, roads, telecom, …)
planning_pages: list = []  # gap lists, meeting view, progress
data_pages: list = []  # importing bureau data

sections = {t("nav.overview", lang): overview_pages, t("nav.domains", lang): domain_pages,
            t("nav.planning", lang): planning_pages, t("nav.data", lang): data_pages}
page = st.navigation({title: pages for title, pages in sections.items() if pages})
page.run()
