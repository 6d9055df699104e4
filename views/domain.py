"""The domain pages: figures, the domain's map (in a fragment) and its lists, for any domain of
:data:`geo.present.domains.DOMAINS`.

app.py makes one navigation page per domain that calls ``render("water")`` (and so on); what a
page shows comes from :func:`geo.present.domains.domain_view` (cached per data file, targets file,
townships and language), so the page computes nothing itself.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit_folium import st_folium

from geo.analysis.report import Report
from geo.core.store import Dataset
from geo.core.targets import Target
from geo.map import palette
from geo.map.content import MapContent
from geo.map.folium_map import ONLINE_BASEMAPS, build_map
from geo.present.domains import DOMAINS, domain_map, domain_view
from geo.present.domains.base import DomainView, Figure, Table, csv_bytes, met_text
from geo.text.i18n import t
from views import _locate, _shared

MAP_HEIGHT = 620
FIGURES_PER_ROW = 3  # wide enough for the targets' full names
MET_COLORS = palette.BADGE_COLORS  # blue / orange / gray: apart for colour-blind readers too


def _files() -> tuple[str, int, str]:
    """Identity of the data file (path and modification time) and of the targets, the caches' key."""
    data = _shared.data_path()
    return str(data), _shared.mtime_ns(data), _shared.targets_key()


@st.cache_data(show_spinner=False, max_entries=64)
def _view(
    domain: str,
    files: tuple[str, int, str],
    towns: tuple[str, ...],
    lang: str,
    _report: Report,
    _dataset: Dataset,
    _targets: dict[str, Target],
) -> DomainView:
    return domain_view(domain, _report, _dataset, targets=_targets, towns=towns, lang=lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _map(
    domain: str,
    files: tuple[str, int, str],
    towns: tuple[str, ...],
    lang: str,
    _view: DomainView,
    _base: MapContent,
    _dataset: Dataset,
) -> MapContent:
    return domain_map(_view, _base, _dataset)


def _figure(column: DeltaGenerator, figure: Figure, lang: str) -> None:
    judged = figure.target or figure.met is not None
    delta = (
        f"{met_text(figure.met, lang)} · {figure.target}"
        if figure.target
        else (met_text(figure.met, lang) if judged else None)
    )
    column.metric(
        figure.label,
        figure.value,
        delta=delta,
        delta_color=MET_COLORS[figure.met] if judged else "off",
        delta_arrow="off",
        help=_shared.md(figure.help) if figure.help else None,
        border=True,
    )
    if figure.plan:
        column.caption(_shared.md(figure.plan))


def _table(domain: str, table: Table) -> None:
    """A domain list; picking a row zooms the map above to that row's feature."""
    key = f"{domain}_{table.key}_table"
    if not table.locate:
        st.dataframe(table.frame, hide_index=True, width="stretch")
        return

    def picked() -> None:
        rows = st.session_state[key].selection.rows
        if rows and 0 <= rows[0] < len(table.ids):
            _locate.set_focus(domain, table.locate, table.ids[rows[0]])

    st.dataframe(
        table.frame,
        hide_index=True,
        width="stretch",
        key=key,
        on_select=picked,
        selection_mode="single-row",
    )
    st.caption(t("domain.table_pick_help", _shared.lang()))


def render(domain: str) -> None:
    """Draw the page of ``domain`` (a key of :data:`geo.present.domains.DOMAINS`)."""
    lang = _shared.lang()
    names = _shared.township_names()
    towns = _shared.town_codes()
    st.title(t(DOMAINS[domain].heading_key, lang))
    report, dataset = _shared.report(), _shared.dataset()
    targets = _shared.targets()
    files = _files()
    view = _view(domain, files, towns, lang, report, dataset, targets)
    scope = t("sep.list", lang).join(names.get(code, code) for code in towns) or t("sidebar.township_all", lang)
    st.caption(
        t(
            "domain.caption",
            lang,
            source=_shared.md(_shared.data_path().name),
            scope=_shared.md(scope),
            date=report.as_of.isoformat(),
        )
    )
    if view.missing:
        st.info(t("domain.no_data", lang, layers=", ".join(view.missing)))
    for start in range(0, len(view.figures), FIGURES_PER_ROW):
        row = view.figures[start : start + FIGURES_PER_ROW]
        for column, figure in zip(st.columns(FIGURES_PER_ROW, gap="small"), row, strict=False):
            _figure(column, figure, lang)

    @st.fragment
    def domain_map_fragment() -> None:
        """The map; panning, clicks and the base-map toggle rerun only this fragment."""
        if not st.get_option("server.enableStaticServing"):
            st.warning(t("map.no_static", lang))
        _locate.search_box(domain)
        content = _locate.focused(domain, _map(domain, files, towns, lang, view, _shared.map_content(), dataset))
        online = st.session_state.get(f"{domain}_online_basemaps", False)
        fmap = build_map(
            content,
            asset_base=_shared.asset_base(),
            basemaps=ONLINE_BASEMAPS if online else (),
            tianditu_key=_shared.tianditu_key(),
        )
        st_folium(fmap, key=f"{domain}_map", height=MAP_HEIGHT, use_container_width=True, returned_objects=[])
        hint, toggle = st.columns([0.7, 0.3])
        hint.caption(t("domain.map_help", lang))
        toggle.toggle(
            t("sidebar.online_basemaps", lang), key=f"{domain}_online_basemaps", help=t("sidebar.online_help", lang)
        )

    domain_map_fragment()

    if view.tables:
        st.subheader(t("domain.tables", lang))
        for tab, table in zip(st.tabs([table.title for table in view.tables]), view.tables, strict=True):
            with tab:
                if table.caption:
                    st.caption(table.caption)
                if table.frame.empty:
                    st.caption(t("domain.empty", lang))
                    continue
                _table(domain, table)
                count, download = st.columns([0.7, 0.3])
                count.caption(t("domain.rows", lang, n=len(table.frame)))
                download.download_button(
                    t("domain.download", lang),
                    csv_bytes(table),
                    file_name=f"{domain}_{table.key}.csv",
                    mime="text/csv",
                    key=f"{domain}_{table.key}_csv",
                    on_click="ignore",
                )
    if view.notes:
        with st.expander(t("domain.notes", lang)):
            for note in view.notes:
                st.caption(_shared.md(note))
