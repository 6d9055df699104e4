"""The import page's review editors: column mapping, value codes and ledger joins (导入数据 page).

Each editor shows what ``geo.io.ingest`` proposed and returns the user's corrections, which the
page passes back to the import plan; nothing here reads or writes files.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import pandas as pd
import streamlit as st

from geo.core.errors import PlanningError
from geo.io.ingest.mapping import apply_mapping, suggest_columns
from geo.io.ingest.name_match import CANDIDATE_SEPARATOR
from geo.io.ingest.plan import ImportPlan
from geo.text.i18n import pick, t
from layers.registry import LAYER_KINDS
from views import _shared

MAX_CHOICES = 30  # ambiguous ledger rows offered for a choice at once


def column_editor(plan: ImportPlan, kind: str, digest: str) -> dict[str, str]:
    """Columns the aliases did not place, each with a choice of contract column; returns the manual mapping."""
    lang = _shared.lang()
    source = plan.source
    if source is None or kind not in LAYER_KINDS or not hasattr(source, "frame"):
        return {}
    schema = LAYER_KINDS[kind].schema
    frame = source.frame
    geometry = getattr(frame, "active_geometry_name", None)
    columns = [str(c) for c in frame.columns if c != geometry]
    automatic = suggest_columns(columns, schema) | plan.key_columns
    st.subheader(t("import.columns", lang))
    st.caption(t("import.columns_help", lang))
    if automatic:
        st.caption(
            _shared.md(
                t(
                    "import.auto_mapped",
                    lang,
                    pairs=t("sep.comma", lang).join(f"{a} → {b}" for a, b in automatic.items()),
                )
            )
        )
    if plan.mapping is not None and plan.mapping.missing and plan.mode == "replace":
        st.warning(_shared.md(t("import.missing_required", lang, names=t("sep.list", lang).join(plan.mapping.missing))))
    rest = [c for c in columns if c not in automatic]
    if not rest:
        return {}
    contract = ["", *(c.name for c in schema.columns if c.name not in automatic.values())]
    samples = [", ".join(str(v) for v in frame[c].dropna().astype(str).head(3)) for c in rest]
    table = pd.DataFrame({"source": rest, "target": [""] * len(rest), "sample": samples})
    labels = {c.name: f"{c.name} · {pick(c.label_zh, c.label_en, lang)}" for c in schema.columns}
    edited = st.data_editor(
        table,
        hide_index=True,
        width="stretch",
        key=f"import_columns_{digest[:12]}_{kind}",
        disabled=["source", "sample"],
        column_config={
            "source": st.column_config.TextColumn(t("import.col.source", lang)),
            "target": st.column_config.SelectboxColumn(
                t("import.col.target", lang),
                options=contract,
                format_func=lambda v: labels.get(str(v), str(v)) if v else "—",
            ),
            "sample": st.column_config.TextColumn(t("import.col.sample", lang)),
        },
    )
    return {str(r.source): str(r.target) for r in edited.itertuples() if isinstance(r.target, str) and r.target}


def value_editor(plan: ImportPlan, kind: str, columns: dict[str, str], digest: str) -> dict[str, dict[str, str]]:
    """Categorical values with no code yet, each with a choice of code; returns the manual value mapping."""
    lang = _shared.lang()
    source = plan.source
    if source is None or kind not in LAYER_KINDS or not hasattr(source, "frame"):
        return {}
    schema = LAYER_KINDS[kind].schema
    try:
        base = apply_mapping(source.frame, schema, columns, source=plan.source_name)
    except PlanningError:
        return {}
    if not base.unmapped_values:
        return {}
    st.subheader(t("import.values", lang))
    st.caption(t("import.values_help", lang))
    codes = sorted({code for c in schema.columns if c.allowed for code in c.allowed})
    table = pd.DataFrame(
        {
            "column": [u.column for u in base.unmapped_values],
            "value": [u.value for u in base.unmapped_values],
            "count": [u.count for u in base.unmapped_values],
            "code": [""] * len(base.unmapped_values),
        }
    )
    edited = st.data_editor(
        table,
        hide_index=True,
        width="stretch",
        key=f"import_values_{digest[:12]}_{kind}",
        disabled=["column", "value", "count"],
        column_config={
            "column": st.column_config.TextColumn(t("import.col.column", lang)),
            "value": st.column_config.TextColumn(t("import.col.value", lang)),
            "count": st.column_config.NumberColumn(t("import.col.count", lang)),
            "code": st.column_config.SelectboxColumn(t("import.col.code", lang), options=["", *codes]),
        },
    )
    values: dict[str, dict[str, str]] = {}
    for row in edited.itertuples():
        if isinstance(row.code, str) and row.code and row.code in (schema.column(row.column).allowed or ()):
            values.setdefault(str(row.column), {})[str(row.value)] = row.code
    return values


def join_section(plan: ImportPlan, digest: str) -> dict[int, str]:
    """The ledger join: counts, the rows to check, and a choice for each ambiguous row; returns the choices."""
    lang = _shared.lang()
    if plan.join is None:
        return {}
    join = plan.join
    st.subheader(t("import.join_title", lang))
    st.caption(
        t(
            "import.join_summary",
            lang,
            matched=len(join.matched),
            ambiguous=len(join.ambiguous),
            unmatched=len(join.unmatched),
            fuzzy=len(join.fuzzy),
        )
    )
    to_check = join.to_review
    if len(to_check):
        shown = pd.DataFrame(
            {
                t("import.col.status", lang): [t(f"import.status.{s}", lang) for s in to_check["status"]],
                t("import.col.method", lang): to_check["method"].fillna("").astype(str),
                t("import.col.score", lang): to_check["score"],
                t("import.col.matched", lang): to_check["target_name"].fillna("").astype(str)
                + " "
                + to_check["target"].fillna("").astype(str),
                t("import.col.candidates", lang): to_check["candidates"].astype(str),
                t("import.col.reason", lang): to_check["reason_en" if lang == "en" else "reason_zh"].astype(str),
            },
            index=to_check.index,
        )
        st.dataframe(shown, width="stretch")
    choices: dict[int, str] = {}
    ambiguous = join.ambiguous.head(MAX_CHOICES)
    for row in ambiguous.itertuples():
        keys = [k for k in str(row.candidate_keys).split(CANDIDATE_SEPARATOR) if k]
        if not keys:
            continue
        labels = dict(zip(keys, str(row.candidates).split(CANDIDATE_SEPARATOR), strict=False))
        chosen = st.selectbox(
            t("import.choose", lang, row=row.Index, name=_shared.md(row.query_name)),
            ["", *keys],
            key=f"import_choice_{digest[:12]}_{row.Index}",
            format_func=partial(_candidate_label, labels),
        )
        if chosen:
            choices[int(row.Index)] = chosen
    return choices


def _candidate_label(labels: Mapping[str, str], key: str) -> str:
    """One choice of the ambiguous-name picker: the candidate's label, or "none of these" for ``""``."""
    lang = _shared.lang()
    return labels.get(key, key) if key else t("import.choose_none", lang)
