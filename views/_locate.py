"""Locating a feature on a page's map: the village search box and picked table rows (thin: geo.present.locate works)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from geo.analysis.inventory import metric_crs
from geo.core.layer_names import ADMIN_VILLAGES
from geo.map.content import MapContent
from geo.map.focus import focus_on
from geo.present.locate import feature_of, find, search_index
from geo.text.i18n import t
from views import _shared


@st.cache_data(show_spinner=False, max_entries=4)
def _index(path: str, modified_ns: int, lang: str) -> pd.DataFrame:
    return search_index(_shared.dataset(), lang=lang)


def set_focus(page: str, candidates: Sequence[tuple[str, str]], feature_id: str) -> None:
    """Remember the feature the map of ``page`` zooms to (a table row, a search result)."""
    st.session_state[f"{page}_focus"] = (tuple(tuple(c) for c in candidates), str(feature_id))


def search_box(page: str) -> None:
    """A text box and its matches; picking a village sets the focus of ``page``'s map."""
    lang = _shared.lang()
    path = _shared.data_path()
    query_column, pick_column = st.columns([0.4, 0.6], gap="small")
    query = query_column.text_input(
        t("search.label", lang),
        key=f"{page}_search",
        placeholder=t("search.placeholder", lang),
        help=t("search.help", lang),
    )
    if not query.strip():
        return
    found = find(_index(str(path), _shared.mtime_ns(path), lang), query)
    if found.empty:
        pick_column.caption(t("search.none", lang, query=query.strip()))
        return
    labels = dict(zip(found["layer"] + "|" + found["key"], found["label"], strict=True))
    choice = pick_column.selectbox(
        t("search.pick", lang), list(labels), format_func=labels.__getitem__, key=f"{page}_search_pick"
    )
    if choice and st.session_state.get(f"{page}_search_done") != choice:
        st.session_state[f"{page}_search_done"] = choice
        layer, key = choice.split("|", 1)
        column = "village_code" if layer == ADMIN_VILLAGES else "nv_id"
        set_focus(page, ((layer, column),), key)


def focused(page: str, content: MapContent) -> MapContent:
    """``content`` zoomed to the feature last located on ``page`` (unchanged when none or not found)."""
    chosen = st.session_state.get(f"{page}_focus")
    if not chosen:
        return content
    candidates, feature_id = chosen
    dataset = _shared.dataset()
    feature = feature_of(dataset, candidates, feature_id)
    crs = metric_crs(dataset)
    if feature is None or crs is None:
        return content
    name = feature["name"].iloc[0] if "name" in feature.columns and pd.notna(feature["name"].iloc[0]) else feature_id
    return focus_on(content, feature, label=str(name), metric_crs=crs)
