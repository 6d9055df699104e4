"""乡村振兴基础设施覆盖一张图 — entry point: page frame, sidebar (language, townships) and navigation."""

from functools import partial

import streamlit as st

from geo.present.domains import DOMAINS
from geo.text.i18n import LANG_NAMES, LANGS, t
from views import _shared, _warmup, domain

_shared.restore_url_state()  # language (and, below, the township filter) from a shared link or a reload
lang = _shared.lang()
st.set_page_config(
    page_title=t("app.title", lang),
    page_icon=str(_shared.ROOT / "static" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="expanded",
)

with st.sidebar:
    st.markdown(f"### {t('app.title', lang)}")
    st.segmented_control(
        t("sidebar.language", lang), LANGS, format_func=LANG_NAMES.__getitem__, key="lang", required=True
    )

# Sections of the sidebar navigation. Each page is one st.Page line; a page title comes from geo/text/i18n.
# The domain pages are one function (views/domain.py) run for each geo.present.domains.DOMAINS entry.
overview_pages = [
    st.Page(
        "views/overview.py",
        title=t("page.overview", lang),
        icon=":material/dashboard:",
        url_path="overview",
        default=True,
    )
]
domain_pages = [  # one page per bureau's domain, at /water, /roads …
    st.Page(partial(domain.render, entry.key), title=t(entry.title_key, lang), icon=entry.icon, url_path=entry.key)
    for entry in DOMAINS.values()
]
planning_pages: list = [  # gap lists, progress, meeting view, plan targets
    st.Page("views/gaps.py", title=t("page.gaps", lang), icon=":material/checklist:", url_path="gaps"),
    st.Page("views/progress.py", title=t("page.progress", lang), icon=":material/trending_up:", url_path="progress"),
    st.Page("views/meeting.py", title=t("page.meeting", lang), icon=":material/co_present:", url_path="meeting"),
    st.Page("views/plans.py", title=t("page.plans", lang), icon=":material/gavel:", url_path="plans"),
]
data_pages: list = [  # importing bureau data
    st.Page(
        "views/import_data.py", title=t("page.import", lang), icon=":material/upload_file:", url_path="import_data"
    ),
]

sections = {
    t("nav.overview", lang): overview_pages,
    t("nav.domains", lang): domain_pages,
    t("nav.planning", lang): planning_pages,
    t("nav.data", lang): data_pages,
}
page = st.navigation({title: pages for title, pages in sections.items() if pages})

# Loads and validates the data: problems are shown here and the run stops, except on the import
# page, which must work on an incomplete or broken data file (that is how one is built and fixed).
importing = page.url_path == "import_data"
if not importing:
    _warmup.start()  # the first run of a fresh server fills the shared caches in the background
names = _shared.township_names(stop=not importing)

with st.sidebar:
    if names or not importing:
        _shared.restore_url_towns(names)
        st.multiselect(
            t("sidebar.township", lang),
            list(names),
            format_func=lambda code: names.get(code, code),
            key="towns",
            placeholder=t("sidebar.township_all", lang),
            help=t("sidebar.township_help", lang),
        )
    st.caption(
        t("sidebar.dataset", lang, name=_shared.md(_shared.data_path().name)), help=t("sidebar.dataset_help", lang)
    )

_shared.save_url_state()
page.run()
