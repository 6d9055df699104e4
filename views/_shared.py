"""What every page shares: the dataset path, the language, cached loaders and error display.

Caches are keyed by the file path and its modification time (``mtime_ns``), so editing or
replacing the GeoPackage invalidates them; GeoDataFrames are never hashed. The targets come from
the plans judging the store (:func:`plan_context`: the plan library, the store's own plans and
plan settings, its yearly history for baselines), keyed by every one of those files
(:func:`targets_key`); ``$RCM_TARGETS`` names a flat targets file that judges instead. Input problems are
shown as a bilingual table of where and what, never as a traceback.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date
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
from geo.core.plan_settings import LIBRARY_SETTINGS, settings_path
from geo.core.plans import DEFAULT_PLANS_DIR, Plan, load_library
from geo.core.scope import for_townships
from geo.core.store import Dataset
from geo.core.targets import DEFAULT_CHECKS, Target, load_checks, load_targets
from geo.io.history import history_path
from geo.io.plan_context import PlanContext, library_folders
from geo.io.plan_context import known_targets as known
from geo.io.plan_context import plan_context as resolve_plans
from geo.map.content import MapContent, prepare_map
from geo.text.i18n import DEFAULT_LANG, LANGS, t
from layers.registry import LAYER_KINDS, load_dataset

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / "data" / "demo" / "fuliang_demo.gpkg"
DATA_ENV = "RCM_DATA"
TIANDITU_ENV = "RCM_TIANDITU_KEY"
TARGETS_ENV = "RCM_TARGETS"  # a flat targets file judging instead of the plans (the tests' frozen copy)
PLANS_ENV = "RCM_PLANS"  # the plan library folder (default data/plans; the tests' frozen copy)
REFERENCE_SESSION_KEY = "plan_reference"  # benchmark plans chosen on the 规划目标 page for this session
BASELINE_SESSION_KEY = "plan_baselines"  # baselines set on the 规划目标 page for this session: id → (year, value)
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


def targets_path() -> Path | None:
    """The flat targets file that judges instead of the plans: ``$RCM_TARGETS`` if set, else None."""
    configured = os.environ.get(TARGETS_ENV, "").strip()
    return Path(configured).expanduser().resolve() if configured else None


def plans_dir() -> Path:
    """The plan library folder: ``$RCM_PLANS`` if set, else data/plans."""
    configured = os.environ.get(PLANS_ENV, "").strip()
    return Path(configured).expanduser().resolve() if configured else DEFAULT_PLANS_DIR


def session_reference() -> tuple[str, ...] | None:
    """Benchmark plans chosen for this session on the 规划目标 page (None: the store's settings decide)."""
    chosen = st.session_state.get(REFERENCE_SESSION_KEY)
    return None if chosen is None else tuple(str(c) for c in chosen)


def session_baselines() -> tuple[tuple[str, int, float], ...]:
    """Baselines of direction targets set for this session (the bundled demo, which is never written)."""
    chosen = st.session_state.get(BASELINE_SESSION_KEY) or {}
    return tuple(sorted((str(k), int(y), float(v)) for k, (y, v) in chosen.items()))


def _files_key(*paths: Path) -> tuple[tuple[str, int], ...]:
    """(name, mtime) of the files and of every plan file in the folders among them: a cache key."""
    found: list[tuple[str, int]] = []
    for path in paths:
        if path.is_dir():
            found += [(str(f), mtime_ns(f)) for f in sorted(path.glob("*.toml"))]
        else:
            found.append((str(path), mtime_ns(path)))
    return tuple(found)


def targets_key() -> str:
    """The identity of the targets the pages judge by (files and their modification times, session choices)."""
    flat = targets_path()
    if flat is not None:
        return f"targets:{flat}:{mtime_ns(flat)}"
    data = data_path()
    files = _files_key(
        *library_folders(data, plans_dir()), settings_path(data), LIBRARY_SETTINGS, history_path(data), data
    )
    return f"plans:{hash((files, session_reference(), session_baselines()))}"


def mtime_ns(path: Path) -> int:
    """Modification time used as cache key (0 for a missing file, which the loader reports)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def lang() -> str:
    """The interface language chosen in the sidebar (Chinese by default)."""
    return str(st.session_state.get("lang") or DEFAULT_LANG)


URL_LANG, URL_TOWN = "lang", "town"  # ?lang=en&town=360222100&town=360222101


def restore_url_state() -> None:
    """The language from the URL (``?lang=en``) when this session has none yet; unknown values are ignored."""
    if "lang" not in st.session_state:
        wanted = st.query_params.get(URL_LANG)
        st.session_state["lang"] = wanted if wanted in LANGS else DEFAULT_LANG


def restore_url_towns(names: dict[str, str]) -> None:
    """The township filter from the URL (``?town=…``, repeated) when this session has none yet; unknown codes are dropped."""
    if "towns" not in st.session_state:
        st.session_state["towns"] = [code for code in st.query_params.get_all(URL_TOWN) if code in names]


def save_url_state() -> None:
    """Write the language and the township filter to the URL, so a reload or a shared link keeps them."""
    st.query_params[URL_LANG] = lang()
    towns = list(town_codes())
    if towns:
        st.query_params[URL_TOWN] = towns
    elif URL_TOWN in st.query_params:
        del st.query_params[URL_TOWN]


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


@st.cache_data(show_spinner=False, max_entries=4)
def _plan_context(
    path: str,
    modified_ns: int,
    key: str,
    library: str,
    reference: tuple[str, ...] | None,
    baselines: tuple[tuple[str, int, float], ...],
) -> PlanContext:
    dataset = _dataset(path, modified_ns)
    towns = dataset.layers.get("townships")
    year = (dataset.as_of or date.today()).year
    codes = towns["town_code"].tolist() if towns is not None else []
    given = {target_id: (base_year, value) for target_id, base_year, value in baselines}
    return resolve_plans(
        path, codes, year=year, catalog=CATALOG, library_dir=library, reference=reference, baselines=given
    )


def plan_context() -> PlanContext | None:
    """The plans judging the store (cached; None when ``$RCM_TARGETS`` names a flat targets file instead)."""
    if targets_path() is not None:
        return None
    path = data_path()
    return guarded(
        _plan_context,
        str(path),
        mtime_ns(path),
        targets_key(),
        str(plans_dir()),
        session_reference(),
        session_baselines(),
    )


@st.cache_data(show_spinner=False, max_entries=2)
def _flat_targets(path: str, modified_ns: int) -> dict[str, Target]:
    return load_targets(path, catalog=CATALOG)


def targets() -> dict[str, Target]:
    """The targets judging the store, own plans first (cached; problems are shown and the page stops)."""
    flat = targets_path()
    if flat is not None:
        return guarded(_flat_targets, str(flat), mtime_ns(flat))
    context = plan_context()
    return dict(context.targets) if context is not None else {}


@st.cache_data(show_spinner=False, max_entries=2)
def _library(key: str, library: str, data: str) -> dict[str, Plan]:
    return load_library(library_folders(data, library), catalog=CATALOG)


@st.cache_data(show_spinner=False, max_entries=2)
def _benchmark(path: str, modified_ns: int, key: str, library: str, plan_id: str) -> tuple[Report, dict[str, Target]]:
    dataset = _dataset(path, modified_ns)
    towns = dataset.layers.get("townships")
    codes = towns["town_code"].tolist() if towns is not None else []
    year = (dataset.as_of or date.today()).year
    context = resolve_plans(
        path, codes, year=year, catalog=CATALOG, library_dir=library, plans=(plan_id,), reference=()
    )
    targets = dict(context.targets)
    return run_report(dataset, targets, checks={}), targets


def benchmark_report(plan_id: str) -> tuple[Report, dict[str, Target]]:
    """The store measured against one plan alone (a benchmark), and that plan's targets (cached)."""
    path = data_path()
    return guarded(_benchmark, str(path), mtime_ns(path), targets_key(), str(plans_dir()), plan_id)


def known_targets() -> dict[str, Target]:
    """Every target a history file may name: the plan library's and the judging ones (a flat file's too)."""
    context = plan_context()
    if context is not None:
        return known(context.library, context.targets)
    data = data_path()
    key = str(_files_key(*library_folders(data, plans_dir())))
    return known(guarded(_library, key, str(plans_dir()), str(data)), targets())


@st.cache_data(show_spinner=False, max_entries=2)
def _report(path: str, modified_ns: int, key: str, _targets: dict[str, Target], checks_file: str) -> Report:
    return run_report(_dataset(path, modified_ns), _targets, checks=load_checks(checks_file, catalog=CATALOG))


def report() -> Report:
    """Every target and check measured on the whole county (cached per data file and targets, :func:`targets_key`).

    Pages narrow it to the township filter by ``town_code``; the numbers are never recomputed in a page.
    """
    path, flat = data_path(), targets_path()
    checks_file = str(flat or DEFAULT_CHECKS)
    return guarded(_report, str(path), mtime_ns(path), targets_key(), targets(), checks_file)


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
