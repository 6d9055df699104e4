"""Gap lists (差距清单): filter the report's gap rows, see a picked row on the map, download XLSX / CSV / GeoPackage."""

from dataclasses import replace

import streamlit as st
from streamlit_folium import st_folium

from geo.analysis.gap_routes import routes_of
from geo.analysis.gaps import indicator_title
from geo.core.crs import analysis_crs
from geo.core.layer_names import ADMIN_VILLAGES, TOWNSHIPS
from geo.io import export, gap_workbook
from geo.map.folium_map import build_map
from geo.map.gap_layers import focus_bounds, gap_layers, highlight_layer
from geo.present import gap_list
from geo.text.i18n import format_count, format_number, t
from views import _shared

MAP_HEIGHT = 520
TABLE_HEIGHT = 390  # about ten rows
CONTEXT_LAYERS = (TOWNSHIPS, ADMIN_VILLAGES)  # drawn under the gaps for orientation

lang = _shared.lang()
st.title(t("gaps.title", lang))
st.caption(t("gaps.caption", lang))

report = _shared.report()
scoped = gap_list.in_towns(report.gaps, _shared.town_codes())
if len(report.gaps) == 0:
    st.success(t("gaps.no_gaps", lang))
    st.stop()

choices = gap_list.options(scoped)
all_label = t("gaps.filter.all", lang)
f1, f2, f3, f4 = st.columns([0.32, 0.22, 0.26, 0.2])
query = gap_list.GapQuery(
    indicators=tuple(
        f1.multiselect(
            t("gaps.filter.indicator", lang),
            choices.indicators,
            key="gaps_indicators",
            placeholder=all_label,
            format_func=lambda i: indicator_title(i, lang=lang),
        )
    ),
    towns=tuple(
        f2.multiselect(
            t("gaps.filter.town", lang),
            list(choices.towns),
            key="gaps_towns",
            placeholder=all_label,
            format_func=lambda c: choices.towns.get(c, c),
        )
    ),
    bureaus=tuple(
        f3.multiselect(
            t("gaps.filter.bureau", lang),
            choices.bureaus,
            key="gaps_bureaus",
            placeholder=all_label,
            help=t("gaps.filter.bureau_help", lang),
        )
    ),
    min_priority=float(
        f4.slider(
            t("gaps.filter.priority", lang),
            0,
            100,
            0,
            step=5,
            key="gaps_min_priority",
            help=t("gaps.filter.priority_help", lang),
        )
    ),
)
chosen = gap_list.filter_gaps(scoped, query)

sums = gap_list.totals(chosen)
m1, m2, m3, m4 = st.columns(4)
m1.metric(t("gaps.rows", lang), format_count(sums.rows, lang), border=True)
m2.metric(t("gaps.villages", lang), format_count(sums.villages, lang), border=True)
m3.metric(t("gaps.population", lang), format_count(sums.population, lang), border=True)
m4.metric(
    t("gaps.cost", lang),
    t("gaps.cost_value", lang, value=format_number(sums.cost_yuan / 10_000, decimals=1)),
    border=True,
)

if sums.rows == 0:
    st.info(t("gaps.none", lang))
    st.stop()


@st.fragment
def table_and_map() -> None:
    """The table and the map; picking a row reruns only this part of the page."""
    # the table over the map, each the page's full width: side by side, a 1366 px laptop left the map a
    # strip under its legend and the table scrolling sideways
    table_column, map_column = st.container(), st.container()
    with table_column:
        headers = dict(gap_list.TABLE_COLUMNS)
        shown = [t(headers[column], lang) for column in gap_list.SHOWN_COLUMNS]
        widths = {t(headers[c], lang): w for c, w in gap_list.SHOWN_COLUMNS.items()}
        picked = st.dataframe(
            gap_list.display_table(chosen, lang=lang),
            hide_index=True,
            width="stretch",
            column_order=shown,
            column_config={header: st.column_config.Column(width=width) for header, width in widths.items()},
            height=TABLE_HEIGHT,
            key="gaps_table",
            on_select="rerun",
            selection_mode="single-row",
        )
        st.caption(t("gaps.table_help", lang))
    rows = picked.selection.rows if picked is not None else []
    position = int(rows[0]) if rows else -1
    base = _shared.map_content()
    metric_crs = analysis_crs(chosen)
    layers = [layer for layer in base.layers if layer.name in CONTEXT_LAYERS]
    layers += gap_layers(chosen, metric_crs=metric_crs, lang=lang)
    highlight = highlight_layer(chosen, position, metric_crs=metric_crs, lang=lang)
    content = replace(base, layers=[*layers, highlight] if highlight is not None else layers)
    focus = focus_bounds(chosen, position)
    if focus is not None:
        content = replace(content, bounds=focus)
    with map_column:
        if highlight is not None:
            row = chosen.iloc[position].fillna("—")
            st.markdown(
                _shared.md(t("gaps.picked", lang, name=row["name"], village=row["village_name"], town=row["town_name"]))
            )
        fmap = build_map(content, asset_base=_shared.asset_base())
        st_folium(fmap, key="gaps_map", height=MAP_HEIGHT, use_container_width=True, returned_objects=[])


table_and_map()

stem = _shared.data_path().stem
# the workbook is in Chinese: what was chosen (the sidebar's townships too), said in Chinese; None = everything
picked_in_words = gap_list.describe(replace(query, towns=query.towns or _shared.town_codes()), choices.towns, lang="zh")
st.markdown(f"**{t('gaps.download', lang)}**", help=t("gaps.download_help", lang))
d1, d2, d3, _ = st.columns([0.24, 0.12, 0.22, 0.42])
d1.download_button(
    t("gaps.download_xlsx", lang),
    lambda: gap_workbook.gaps_xlsx_bytes(chosen, report.indicators, chosen=picked_in_words),
    file_name=f"{stem}_gaps.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
    icon=":material/table:",
)
d2.download_button(
    t("gaps.download_csv", lang),
    lambda: export.gaps_csv_bytes(chosen, lang=lang),
    file_name=f"{stem}_gaps.csv",
    mime="text/csv",
    on_click="ignore",
    icon=":material/csv:",
)
d3.download_button(
    t("gaps.download_gpkg", lang),
    lambda: export.gaps_gpkg_bytes(chosen, routes_of(report.routes, chosen)),
    file_name=f"{stem}_gaps.gpkg",
    mime="application/geopackage+sqlite3",
    on_click="ignore",
    icon=":material/map:",
)
