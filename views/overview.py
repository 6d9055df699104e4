"""Overview (总览): every target's status, the county's figures, the map with villages coloured by a target, townships."""

from dataclasses import replace

import streamlit as st
from streamlit_folium import st_folium

from geo.core.crs import analysis_crs
from geo.core.layer_names import ADMIN_VILLAGES
from geo.map import choropleth, palette
from geo.map.content import LayerContent, compose
from geo.map.folium_map import ONLINE_BASEMAPS, build_map
from geo.present import overview
from geo.present.inventory import CARD_GROUPS, headline_cards
from geo.text.i18n import t
from views import _locate, _shared

MAP_HEIGHT = 720
CARD_COLUMNS = 2
CARD_HEIGHT = 100
TARGET_COLUMNS = 7
TARGET_CARD_HEIGHT = 244  # room for a three-line title, the value, a two-line target line and the plan line
BADGES = {  # the status palette's badge colours (blue / orange / gray), apart for colour-blind readers too
    verdict: (palette.BADGE_COLORS[verdict], key)
    for verdict, key in (
        (True, "overview.card_met"),
        (False, "overview.card_not_met"),
        (None, "overview.card_not_judged"),
    )
}

lang = _shared.lang()
names = _shared.township_names()
towns = _shared.town_codes()
scope = t("sep.list", lang).join(names.get(code, code) for code in towns) or t("sidebar.township_all", lang)
st.title(t("app.title", lang))
st.caption(t("overview.caption", lang, source=_shared.md(_shared.data_path().name), scope=_shared.md(scope)))

report = _shared.report()
targets = _shared.targets()
plan_context = _shared.plan_context()

st.subheader(t("overview.targets", lang))
st.caption(t("overview.targets_scope_towns" if towns else "overview.targets_scope_county", lang))
if plan_context is not None:
    st.caption(_shared.md(overview.plans_line(plan_context.applied, lang=lang)))
plans = dict(plan_context.library) if plan_context is not None else {}
cards = overview.target_cards(
    report.indicators, targets, town_codes=towns, lang=lang, plans=plans, no_data=report.no_data
)
if any(card.role == "reference" for card in cards):
    st.caption(t("overview.reference_note", lang))
for start in range(0, len(cards), TARGET_COLUMNS):
    for column, card in zip(
        st.columns(TARGET_COLUMNS, gap="small"), cards[start : start + TARGET_COLUMNS], strict=False
    ):
        target = targets[card.target_id]
        color, verdict = BADGES[card.met]
        if card.role == "contribution":
            color, verdict = "violet", "overview.card_contribution"
        if card.no_data:
            color, verdict = "gray", "needs.no_data_short"
        reference = f" :gray-badge[{t('overview.card_reference', lang)}]" if card.role == "reference" else ""
        with column.container(border=True, height=TARGET_CARD_HEIGHT):
            st.markdown(f"**{_shared.md(card.title)}**")
            st.markdown(f"##### {_shared.md(card.value_text)} :{color}-badge[{t(verdict, lang)}]{reference}")
            st.caption(
                _shared.md(t("overview.card_target", lang, target=card.target_text, deadline=card.deadline)),
                help=t(
                    "overview.card_help",
                    lang,
                    bureau=_shared.md(target.bureau),
                    plan=_shared.md(card.basis),
                    quote=_shared.md(target.source.quote),
                ),
            )
            if card.plan:
                st.caption(_shared.md(card.plan))
            if card.no_data:
                st.caption(_shared.md(t("needs.no_data", lang, layers=card.no_data)))

map_column, cards_column = st.columns([0.71, 0.29], gap="medium")

with cards_column:
    st.markdown(f"**{t('overview.inventory', lang)}**")
    inventory = headline_cards(_shared.summary(), lang=lang)
    for group in CARD_GROUPS:
        st.caption(t(f"overview.section.{group}", lang))
        in_group = [c for c in inventory if c.group == group]
        for start in range(0, len(in_group), CARD_COLUMNS):
            for column, item in zip(
                st.columns(CARD_COLUMNS, gap="small"), in_group[start : start + CARD_COLUMNS], strict=False
            ):
                column.metric(
                    item.label,
                    item.value,
                    delta=item.note or None,
                    delta_color="off",
                    delta_arrow="off",
                    help=item.help or None,
                    border=True,
                    height=CARD_HEIGHT,
                )


@st.cache_data(show_spinner=False, max_entries=16)
def _choropleth(
    path: str, modified_ns: int, targets_key: str, target_id: str, towns: tuple[str, ...], language: str
) -> LayerContent:
    """The village layer coloured by one target (cached per data, targets file, target, filter and language)."""
    villages = _shared.dataset().layers[ADMIN_VILLAGES]
    if towns:
        villages = villages[villages["town_code"].astype(str).isin(towns)]
    return choropleth.choropleth_layer(
        villages,
        _shared.report().indicators,
        _shared.targets()[target_id],
        metric_crs=analysis_crs(villages),
        town_names=_shared.township_names(),
        lang=language,
    )


@st.fragment
def coverage_map() -> None:
    """The map and the details of the clicked village; choosing a target or clicking reruns only this fragment."""
    if not st.get_option("server.enableStaticServing"):
        st.warning(t("map.no_static", lang))
    options = ["", *overview.choropleth_targets(report.indicators, targets)]
    chosen = st.selectbox(
        t("overview.map_mode", lang),
        options,
        index=1 if len(options) > 1 else 0,
        key="overview_target",
        format_func=lambda tid: targets[tid].title(lang) if tid else t("overview.map_mode_none", lang),
        help=t("overview.map_mode_help", lang),
    )
    _locate.search_box("overview")
    content = compose(_shared.map_content(), shown=overview.MAP_SHOWN)
    if chosen:
        path = _shared.data_path()
        layer = _choropleth(str(path), _shared.mtime_ns(path), _shared.targets_key(), chosen, towns, lang)
        content = replace(content, layers=choropleth.with_layer(content.layers, layer, drop=(ADMIN_VILLAGES,)))
    content = _locate.focused("overview", content)
    online = st.session_state.get("online_basemaps", False)
    basemaps = ONLINE_BASEMAPS if online else ()
    fmap = build_map(content, asset_base=_shared.asset_base(), basemaps=basemaps, tianditu_key=_shared.tianditu_key())
    state = st_folium(
        fmap, key="overview_map", height=MAP_HEIGHT, use_container_width=True, returned_objects=["last_object_clicked"]
    )
    hint, toggle = st.columns([0.7, 0.3])
    hint.caption(t("overview.map_help", lang))
    toggle.toggle(t("sidebar.online_basemaps", lang), key="online_basemaps", help=t("sidebar.online_help", lang))
    # Leaflet stops a click on a feature with a popup before it reaches the map, so the clicked feature's
    # position (village polygon, or any point inside a village) is what identifies the village.
    show_village(state.get("last_object_clicked") if isinstance(state, dict) else None)


def show_village(clicked: dict | None) -> None:
    """Every indicator of one village: the one last clicked on the map, or the one picked from the list."""
    villages = _shared.dataset().layers[ADMIN_VILLAGES]
    if towns:
        villages = villages[villages["town_code"].astype(str).isin(towns)]
    if clicked and clicked.get("lat") is not None and clicked != st.session_state.get("overview_click"):
        st.session_state["overview_click"] = clicked  # a new click: it picks the village in the list below
        code = choropleth.village_at(villages, float(clicked["lat"]), float(clicked["lng"]))
        if code is None:
            st.caption(t("overview.detail_outside", lang))
        else:
            st.session_state["overview_village"] = code
    labels = {
        str(code): t("text.bracketed", lang, text=name, note=names.get(str(town), str(town)))
        for code, name, town in zip(villages["village_code"], villages["name"], villages["town_code"], strict=True)
    }
    code = st.selectbox(
        t("overview.village_pick", lang),
        ["", *labels],
        key="overview_village",
        format_func=lambda c: labels.get(c, c) if c else t("overview.village_none", lang),
        help=t("overview.detail_hint", lang),
    )
    if not code:
        return
    st.markdown(f"**{_shared.md(t('overview.detail_title', lang, village=labels.get(code, code)))}**")
    detail = overview.village_detail(report.indicators, targets, code, gaps=report.gaps, lang=lang)
    st.dataframe(detail, hide_index=True, width="stretch")


with map_column:
    coverage_map()

st.subheader(t("overview.townships_table", lang))
st.caption(t("overview.townships_help", lang))
table = overview.township_table(report.indicators, targets, town_codes=towns, lang=lang)
styled = table.values.style.apply(lambda _: table.styles(), axis=None).format(
    {column: ("{:.1f}%" if unit == "share" else "{:,.0f}") for column, unit in table.units.items()}, na_rep="—"
)
st.dataframe(styled, hide_index=True, width="stretch")
