"""The 新建县 (new county) flow of the import page: code + boundary (+ village points) → a new store.

Thin: :func:`geo.io.new_county.create_store` builds and writes the store; this form collects the
code and the uploads, then switches the session to the new file so the imports that follow go
into it.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import streamlit as st

from geo.io.ingest.uploads import unpack_upload
from geo.io.new_county import create_store, describe
from geo.text.i18n import t
from layers.registry import validate_partial
from views import _shared

OPEN_KEY = "new_county_open"
BOUNDARY_TYPES = ["zip", "gpkg", "geojson", "json", "kml", "kmz"]
POINT_TYPES = [*BOUNDARY_TYPES, "csv", "txt", "xlsx", "xlsm"]


def _saved(upload: object) -> Path:
    """An upload unpacked into a folder named by its content's hash (never by the user's file name)."""
    data = upload.getvalue()  # type: ignore[attr-defined]
    folder = Path(tempfile.gettempdir()) / "rcm-uploads" / hashlib.sha256(data).hexdigest()[:24]
    folder.mkdir(parents=True, exist_ok=True)
    return _shared.guarded(unpack_upload, data, upload.name, folder)  # type: ignore[attr-defined]


def new_county_flow(lang: str, workdir: Path) -> None:
    """A button that opens the form; the form creates the store and makes it this session's data file."""
    if not st.session_state.get(OPEN_KEY):
        if st.button(t("newpage.open", lang), key="new_county_open_button", help=t("newpage.open_help", lang)):
            st.session_state[OPEN_KEY] = True
            st.rerun()
        return
    st.subheader(t("newpage.title", lang))
    st.caption(t("newpage.intro", lang))
    code = st.text_input(t("newpage.code", lang), key="new_county_code", help=t("cli.new.county", lang)).strip()
    boundary = st.file_uploader(t("newpage.boundary", lang), type=BOUNDARY_TYPES, key="new_county_boundary")
    villages = st.file_uploader(
        t("newpage.villages", lang), type=POINT_TYPES, key="new_county_villages", help=t("cli.new.villages", lang)
    )
    out = st.text_input(
        t("newpage.out", lang), value=str(workdir / f"{code or 'county'}.gpkg"), key="new_county_out"
    ).strip()
    create, cancel = st.columns(2)
    if cancel.button(t("newpage.cancel", lang), key="new_county_cancel"):
        st.session_state[OPEN_KEY] = False
        st.rerun()
    go = create.button(t("newpage.create", lang), type="primary", disabled=not (code and boundary), key="new_county_go")
    if go and boundary is not None:
        target = Path(out).expanduser()
        target.parent.mkdir(parents=True, exist_ok=True)
        boundary_path = _saved(boundary)
        villages_path = _saved(villages) if villages is not None else None
        county = _shared.guarded(
            lambda: create_store(
                target,
                code,
                boundary_path,
                villages_path=villages_path,
                validator=validate_partial,
                names=(boundary.name, villages.name if villages is not None else None),
            )
        )
        lines = [
            _shared.md(line.split(" / ")[0] if lang == "zh" else line.split(" / ", 1)[-1])
            for line in describe(county, target.name)
        ]
        st.session_state[_shared.DATA_SESSION_KEY] = str(target.resolve())
        st.session_state["import_message"] = ("success", "  \n".join(lines))
        st.session_state[OPEN_KEY] = False
        st.rerun()
    st.stop()
