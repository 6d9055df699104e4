"""Import data (导入数据): upload a bureau file, map it onto a layer, preview and check it, import it, undo.

Thin: reading, mapping, joining, validation and writing are ``geo.io.ingest``; this page collects
the choices, shows the preview, the problems (downloadable) and the history. It never writes
into the bundled demo county: it offers to copy it to a working file first.
"""

from __future__ import annotations

import copy
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Literal

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.core import store
from geo.core.errors import PlanningError
from geo.core.layer_names import TOWNSHIPS
from geo.io.ingest import column_report
from geo.io.ingest.commit import commit_import, copy_store, is_bundled_demo, list_imports, redo_import, undo_import
from geo.io.ingest.plan import ImportOptions, ImportPlan, Mode, plan_import, store_state
from geo.io.ingest.problems import problem_table, report_csv, report_xlsx
from geo.io.ingest.read import list_sublayers
from geo.io.ingest.retention import load_retention, settings_file, space_used
from geo.io.ingest.uploads import unpack_upload
from geo.map.content import prepare_map
from geo.map.folium_map import build_map
from geo.text.i18n import pick, t
from layers.registry import LAYER_KINDS, RASTERS
from views import _shared
from views._import_review import column_editor, join_section, value_editor
from views._new_county import new_county_flow

MAX_UPLOAD_MB = 200
PREVIEW_ROWS = 200
WORKDIR_ENV = "RCM_WORKDIR"
UPLOAD_TYPES = ["zip", "gpkg", "geojson", "json", "kml", "kmz", "csv", "txt", "xlsx", "xlsm", "tif", "tiff"]
ENCODINGS = ("", "utf-8", "gbk", "gb18030")
MAP_HEIGHT = 480
MAX_CACHED_PLANS = 4

lang = _shared.lang()
st.title(t("import.title", lang))
st.caption(t("import.intro", lang))


def working_dir() -> Path:
    """Where working files live: ``$RCM_WORKDIR`` or ``~/.rural-coverage``."""
    configured = os.environ.get(WORKDIR_ENV, "").strip()
    return Path(configured).expanduser() if configured else Path.home() / ".rural-coverage"


def choose_working_file(demo: Path) -> None:
    """The demo is read-only: offer to copy it to a working file and use that for this session."""
    st.warning(t("import.demo_refused", lang))
    target = working_dir() / demo.name
    shown = st.text_input(
        t("import.copy_to", lang), value=str(target), help=t("import.copy_help", lang), key="import_copy_to"
    )
    target = Path(shown.strip() or str(target)).expanduser()
    copy_column, new_column = st.columns(2)
    copy = copy_column.button(t("import.copy_button", lang), type="primary", key="import_copy")
    new = new_column.button(t("import.new_button", lang), key="import_new", help=t("import.new_help", lang))
    if copy or new:
        if is_bundled_demo(target):
            st.error(t("import.demo_refused", lang))
            st.stop()
        if target.exists():
            message = t("import.copy_exists", lang, path=_shared.md(target))
        elif copy:
            _shared.guarded(copy_store, demo, target)
            message = t("import.copied", lang, path=_shared.md(target))
        else:
            message = t("import.new_file", lang, path=_shared.md(target))
        st.session_state[_shared.DATA_SESSION_KEY] = str(target.resolve())
        st.session_state["import_message"] = ("info", message)
        st.rerun()
    st.stop()


def upload_folder(digest: str) -> Path:
    """A folder of this session's temporary directory for one upload (named by its hash, never by the user's name)."""
    root = Path(tempfile.gettempdir()) / "rcm-uploads"
    root.mkdir(parents=True, exist_ok=True)
    return root / digest[:24]


def unpacked(data: bytes, name: str, digest: str) -> Path:
    """Unpack an upload once per file content (kept in the session)."""
    cache: dict[str, str] = st.session_state.setdefault("import_unpacked", {})
    if digest in cache and Path(cache[digest]).exists():
        return Path(cache[digest])
    folder = upload_folder(digest)
    folder.mkdir(parents=True, exist_ok=True)
    path = _shared.guarded(unpack_upload, data, name, folder)
    cache[digest] = str(path)
    return path


def make_plan(path: Path, target: Path, options: ImportOptions, name: str) -> ImportPlan:
    """Plan the import (nothing written), once per file, choices and data-file version in this session.

    The data file is read once per version (its modification time); a damaged one is shown as
    problems and the page stops.
    """
    modified = _shared.mtime_ns(target)
    states: dict = st.session_state.setdefault("import_store_state", {})
    if states.get("key") != (str(target), modified):
        states.clear()
        states.update(key=(str(target), modified), state=_shared.guarded(store_state, target))
    plans: dict = st.session_state.setdefault("import_plans", {})
    options = copy.deepcopy(options)  # the page goes on changing its own copy
    key = (str(path), str(target), modified, name, repr(options))
    if key not in plans:
        if len(plans) >= MAX_CACHED_PLANS:
            plans.pop(next(iter(plans)))
        plans[key] = _shared.guarded(
            lambda: plan_import(path, target, options, display_name=name, state=states["state"])
        )
    return plans[key]


def kind_title(kind: str) -> str:
    if kind in LAYER_KINDS:
        schema = LAYER_KINDS[kind].schema
        return f"{pick(schema.title_zh, schema.title_en, lang)} ({kind})"
    title_zh, title_en, _ = RASTERS[kind]
    return t("import.raster", lang, title=pick(title_zh, title_en, lang))


def read_options(kind: str, sublayers: list[str]) -> ImportOptions:
    """Sub-layer, encoding, CRS, GCJ-02, lon/lat, repair, join and mode choices."""
    options = ImportOptions(kind=kind)
    if len(sublayers) > 1:
        options.layer = st.selectbox(t("import.sublayer", lang), sublayers, key="import_sublayer")
    with st.expander(t("import.options", lang)):
        left, right = st.columns(2)
        options.encoding = (
            left.selectbox(
                t("import.encoding", lang),
                ENCODINGS,
                key="import_encoding",
                format_func=lambda e: e.upper() if e else t("import.encoding_auto", lang),
            )
            or None
        )
        crs = right.text_input(t("import.crs", lang), key="import_crs", help=t("import.crs_help", lang)).strip()
        options.crs = crs or None
        options.from_gcj02 = st.checkbox(t("import.gcj02", lang), key="import_gcj02")
        left, right = st.columns(2)
        options.lon_column = left.text_input(t("import.lon", lang), key="import_lon").strip() or None
        options.lat_column = right.text_input(t("import.lat", lang), key="import_lat").strip() or None
        if kind in LAYER_KINDS:
            options.repair = st.checkbox(t("import.repair", lang), key="import_repair")
            reason = st.text_input(
                t("import.accept_inconsistent", lang),
                key="import_accept_inconsistent",
                help=t("import.accept_inconsistent_help", lang),
            )
            options.accept_inconsistent = reason.strip() or None
            options.join_by = st.radio(
                t("import.join_by", lang),
                ("auto", "code", "name"),
                horizontal=True,
                key="import_join_by",
                format_func=lambda v: t(f"import.join.{v}", lang),
            )
            modes: tuple[Mode | Literal[""], ...] = ("", "replace", "update")  # "" lets the plan choose
            mode = st.radio(
                t("import.mode", lang),
                modes,
                horizontal=True,
                key="import_mode",
                format_func=lambda v: t(f"import.mode.{v}", lang) if v else t("import.encoding_auto", lang),
            )
            options.mode = mode or None
    return options


def preview(plan: ImportPlan, kind: str) -> None:
    """The imported layer as a table and, when it is valid, on a map."""
    layer = plan.layer
    if layer is None or kind not in LAYER_KINDS:
        return
    st.subheader(t("import.preview", lang))
    geometry = getattr(layer, "active_geometry_name", None)
    table = pd.DataFrame(layer.drop(columns=[geometry] if geometry else []))
    if plan.mode == "update":  # the features the ledger changes
        table = table.iloc[plan.updated_positions]
        st.caption(t("import.preview_updated", lang, n=len(table), total=len(layer)))
    else:
        st.caption(t("import.preview_rows", lang, n=len(layer), shown=min(len(layer), PREVIEW_ROWS)))
    table = table.head(PREVIEW_ROWS)
    mixed = [c for c in table.columns if table[c].dtype == object]  # ledger text and stored numbers side by side
    st.dataframe(table.astype(dict.fromkeys(mixed, "string")), width="stretch")
    if not plan.ok or geometry is None or not st.get_option("server.enableStaticServing"):
        return
    towns = plan.dataset.layers.get(TOWNSHIPS) if plan.dataset is not None else None
    layers = {kind: layer} | ({TOWNSHIPS: towns} if towns is not None and kind != TOWNSHIPS else {})
    kinds = [LAYER_KINDS[name] for name in layers]
    content = prepare_map(store.Dataset(layers=layers), kinds, lang=lang, shown=set(layers))
    fmap = build_map(content, asset_base=_shared.asset_base())
    st_folium(fmap, key="import_map", height=MAP_HEIGHT, use_container_width=True, returned_objects=[])


def problems_section(plan: ImportPlan) -> None:
    """Columns that look like contract fields (warned), notes, then every problem as a table with downloads."""
    fates = plan.columns if plan.options.kind in LAYER_KINDS else []
    for note in column_report.flagged_notes(fates, LAYER_KINDS[plan.options.kind].schema) if fates else []:
        st.warning(_shared.md(pick(note.zh, note.en, lang)))
    if plan.notes:
        with st.expander(t("import.notes", lang), expanded=not plan.problems):
            for note in plan.notes:
                st.markdown(f"- {_shared.md(pick(note.zh, note.en, lang))}")
    if not plan.problems:
        st.success(t("import.no_problems", lang))
        return
    st.subheader(t("import.problems", lang, n=len(plan.problems)))
    table = problem_table(plan.problems)
    hidden = t("problems.col.problem" if lang == "en" else "problems.col.problem_en")
    st.dataframe(table.drop(columns=[hidden]), hide_index=True, width="stretch")
    left, right = st.columns(2)
    stem = "import-problems"
    left.download_button(
        t("import.download_csv", lang),
        report_csv(plan.problems),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key="import_dl_csv",
    )
    right.download_button(
        t("import.download_xlsx", lang),
        report_xlsx(plan.problems),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="import_dl_xlsx",
    )


def history_section(target: Path) -> None:
    """Earlier imports into this file and the undo button."""
    st.subheader(t("import.history", lang))
    records = list_imports(target)
    if records:
        st.dataframe(
            pd.DataFrame(
                {
                    t("import.col.when", lang): [r.get("imported_at") for r in records],
                    t("import.col.file", lang): [r.get("original_name") for r in records],
                    t("import.col.kind", lang): [r.get("kind") for r in records],
                    t("import.col.features", lang): [r.get("features") for r in records],
                    t("import.col.undone", lang): [r.get("undone_at") or "" for r in records],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption(t("import.history_empty", lang))
    versions = store.list_versions(target)
    if st.button(t("import.undo", lang), disabled=not versions, help=t("import.undo_help", lang), key="import_undo"):
        restored = _shared.guarded(undo_import, target)
        st.session_state["import_message"] = ("success", t("import.undone", lang, name=_shared.md(restored.name)))
        st.rerun()
    if not versions:
        st.caption(t("import.nothing_to_undo", lang))
    redo = store.list_redo(target)
    if st.button(t("import.redo", lang), disabled=not redo, help=t("import.redo_help", lang), key="import_redo"):
        _shared.guarded(redo_import, target)
        st.session_state["import_message"] = ("success", t("import.redone", lang))
        st.rerun()
    space, retention = space_used(target), _shared.guarded(load_retention, target)
    st.caption(
        t(
            "import.space",
            lang,
            versions_mb=space.versions / 2**20,
            originals_mb=space.originals / 2**20,
            versions_kept=retention.versions_kept,
            originals_kept=retention.originals_kept,
            originals_days=retention.originals_days,
            settings=_shared.md(settings_file(target).name),
        )
    )


# --- the page ------------------------------------------------------------------------------------

target = _shared.data_path()
new_county_flow(lang, working_dir())
if is_bundled_demo(target):
    choose_working_file(target)
st.caption(t("import.store", lang, name=_shared.md(target.name)))
message = st.session_state.pop("import_message", None)
if message:
    getattr(st, message[0])(message[1])

kinds = [*LAYER_KINDS, *RASTERS]
kind = st.selectbox(t("import.kind", lang), kinds, format_func=kind_title, key="import_kind")
upload = st.file_uploader(
    t("import.upload", lang),
    type=UPLOAD_TYPES,
    max_upload_size=MAX_UPLOAD_MB,
    key="import_upload",
    help=t("import.upload_help", lang, mb=MAX_UPLOAD_MB),
)
if upload is not None:
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    path = unpacked(data, upload.name, digest)
    sublayers = _shared.guarded(list_sublayers, path) if kind in LAYER_KINDS else []
    options = read_options(kind, sublayers)
    first = make_plan(path, target, options, upload.name)
    options.columns = column_editor(first, kind, digest)
    options.values = value_editor(first, kind, options.columns, digest)
    plan = make_plan(path, target, options, upload.name) if options.columns or options.values else first
    options.choices = join_section(plan, digest)
    if options.choices:
        plan = make_plan(path, target, options, upload.name)
    preview(plan, kind)
    problems_section(plan)
    if st.button(t("import.button", lang), type="primary", disabled=not plan.ok, key="import_go"):
        try:
            record = commit_import(plan, data)
        except PlanningError as error:
            st.error(t("import.failed", lang))
            _shared.show_problems(error)
        st.session_state["import_message"] = (
            "success",
            t(
                "import.done",
                lang,
                name=_shared.md(plan.source_name),
                kind=kind,
                original=_shared.md(record.original.name),
            ),
        )
        st.rerun()
    if not plan.ok:
        st.caption(t("import.blocked", lang))

history_section(target)
