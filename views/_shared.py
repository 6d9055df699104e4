"""What every page shares: the dataset path, the language, cached loaders and error display.

Caches are keyed by the file path and its modification time (``mtime_ns``), so editing or
replacing the GeoPackage invalidates them; GeoDataFrames are never hashed. Input problems are
shown as a bilingual table of where and what, never as a traceback.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, TypeVar

import pandas as pd
import streamlit as st

from geo.analysis.catalog import CATALOG
from geo.analysis.inventory import Summary, summarize
from geo.analysis.report import Report, run_report
from geo.core.errors import PlanningError, Problem
from geo.core.layer_names import (
    ADMIN_VILLAGES,
    CELL_SITES,
    NATURAL_VILLAGES,
    PV_STATIONS,
    RELOCATION_SITES,
    ROADS,
    TOWNSHIPS,
    WATER_WORKS,
)
from geo.core.scope import for_townships
from geo.core.store import Dataset
from geo.core.targets import DEFAULT_TARGETS, Target, load_checks, load_targets
from geo.map.content import MapContent, prepare_map
from geo.text.i18n import DEFAULT_LANG, t
from layers.registry import LAYER_KINDS, load_dataset

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / "data" / "demo" / "fuliang_demo.gpkg"
DATA_ENV = "RCM_DATA"
TIANDITU_ENV = "RCM_TIANDITU_KEY"
TARGETS_ENV = "RCM_TARGETS"
DATA_SESSION_KEY = "data_file"  # a working file chosen on the import page for this session (e.g. a copy of the demo)
# Layers switched on when a map opens; the rest (service areas, farm plots, facilities) are one
# click away in the layer control. Fewer layers at first keep the map readable on a wall screen.
MAP_LAYERS_SHOWN = (
    TOWNSHIPS,
    ADMIN_VILLAGES,
    NATURAL_VILLAGES,
    ROADS,
    WATER_WORKS,
    CELL_SITES,
    PV_STATIONS,
    RELOCATION_SITES,
)


def data_path() -> Path:
    """The GeoPackage to show: the session's working file (set on the import page), else ``$RCM_DATA``, else the demo county."""
    chosen = st.session_state.get(DATA_SESSION_KEY)
    if chosen:
        return Path(str(chosen))
    configured = os.environ.get(DATA_ENV, "").strip()
    return Path(configured).expanduser().resolve() if configured else DEFAULT_DATA


def targets_path() -> Path:
    """The targets file: ``$RCM_TARGETS`` if set, else data/targets.toml."""
    configured = os.environ.get(TARGETS_ENV, "").strip()
    return Path(configured).expanduser().resolve() if configured else DEFAULT_TARGETS


def mtime_ns(path: Path) -> int:
    """Modification time used as cache key (0 for a missing file, which the loader reports)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def lang() -> str:
    """The interface language chosen in the sidebar (Chinese by default)."""
    return str(st.session_state.get("lang") or DEFAULT_LANG)


def town_codes() -> tuple[str, ...]:
    """The townships chosen in the sidebar filter (empty = whole county)."""
    return tuple(sorted(st.session_state.get("towns") or ()))


def md(text: object) -> str:
    """Escape Markdown so file names or data values are shown as typed (no links, no images)."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~])", r"\\\1", str(text))


def asset_base() -> str:
    """URL folder of the vendored JavaScript, honouring ``server.baseUrlPath``."""
    prefix = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{prefix}/app/static/vendor" if prefix else "/app/static/vendor"


T = TypeVar("T")


def show_problems(error: PlanningError) -> NoReturn:
    """Show a data or configuration error as a message and a table of problems, then stop."""
    language = lang()
    st.error(t("error.data", language))
    problems: list[Problem] = getattr(error, "problems", [])
    if problems:
        message = "message_en" if language == "en" else "message_zh"
        table = pd.DataFrame(
            {
                t("error.where", language): [p.where() for p in problems],
                t("error.problem", language): [getattr(p, message) for p in problems],
            }
        )
        st.caption(t("error.problem_count", language, n=len(problems)))
        st.dataframe(table, hide_index=True, width="stretch")
    else:
        st.code(str(error), language=None)
    st.stop()
    raise AssertionError("st.stop() returned")  # pragma: no cover


def guarded(compute: Callable[..., T], *args: object) -> T:
    """Run ``compute``; the core's deliberate errors (bad input, bad config) become a message, not a traceback."""
    try:
        return compute(*args)
    except PlanningError as error:
        show_problems(error)


@st.cache_data(show_spinner=False, max_entries=4)
def _dataset(path: str, modified_ns: int) -> Dataset:
    return load_dataset(path)


@st.cache_data(show_spinner=False, max_entries=16)
def _summary(path: str, modified_ns: int, towns: tuple[str, ...]) -> Summary:
    return summarize(for_townships(_dataset(path, modified_ns), towns))


@st.cache_data(show_spinner=False, max_entries=8)
def _map_content(path: str, modified_ns: int, towns: tuple[str, ...], language: str) -> MapContent:
    dataset = for_townships(_dataset(path, modified_ns), towns)
    return prepare_map(dataset, list(LAYER_KINDS.values()), lang=language, shown=MAP_LAYERS_SHOWN)


@st.cache_data(show_spinner=False, max_entries=2)
def _report(path: str, modified_ns: int, targets: str, targets_ns: int) -> Report:
    return run_report(
        _dataset(path, modified_ns),
        load_targets(targets, catalog=CATALOG),
        checks=load_checks(targets, catalog=CATALOG),
    )


def report() -> Report:
    """Every target and check measured on the whole county (cached per data and targets file).

    Pages narrow it to the township filter by ``town_code``; the numbers are never recomputed in a page.
    """
    path, targets = data_path(), targets_path()
    return guarded(_report, str(path), mtime_ns(path), str(targets), mtime_ns(targets))


@st.cache_data(show_spinner=False, max_entries=2)
def _targets(path: str, modified_ns: int) -> dict[str, Target]:
    return load_targets(path, catalog=CATALOG)


def targets() -> dict[str, Target]:
    """The targets of the targets file, in file order (cached; problems are shown and the page stops)."""
    path = targets_path()
    return guarded(_targets, str(path), mtime_ns(path))


def dataset() -> Dataset:
    """The validated dataset (cached); shows the problems and stops the page if it is invalid."""
    path = data_path()
    return guarded(_dataset, str(path), mtime_ns(path))


def summary() -> Summary:
    """Headline figures for the current township filter (cached)."""
    path = data_path()
    return guarded(_summary, str(path), mtime_ns(path), town_codes())


def map_content() -> MapContent:
    """Map layers for the current filter and language (cached: simplification, popups, relief)."""
    path = data_path()
    return guarded(_map_content, str(path), mtime_ns(path), town_codes(), lang())


@st.cache_data(show_spinner=False, max_entries=4)
def _township_names(path: str, modified_ns: int) -> dict[str, str]:
    towns = _dataset(path, modified_ns).layers.get(TOWNSHIPS)
    if towns is None:
        return {}
    return dict(zip(towns["town_code"].astype(str), towns["name"].astype(str), strict=True))


def township_names(*, stop: bool = True) -> dict[str, str]:
    """Township code → name, in the order of the data, for the sidebar filter.

    Also the app's first check of the data file: problems are shown here and the run stops
    (with ``stop=False``, as on the import page, a broken or missing file gives ``{}`` instead).
    """
    path = data_path()
    if not stop:
        try:
            return _township_names(str(path), mtime_ns(path))
        except PlanningError:
            return {}
    return guarded(_township_names, str(path), mtime_ns(path))


def tianditu_key() -> str | None:
    """The Tianditu API key from ``$RCM_TIANDITU_KEY`` (None when unset)."""
    return os.environ.get(TIANDITU_ENV, "").strip() or None
