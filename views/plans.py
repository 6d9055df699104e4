"""Plan targets (规划目标): the plans that judge this data, their targets and sentences, a new plan, comparisons."""

from dataclasses import replace

import streamlit as st

from geo.analysis.catalog import CATALOG
from geo.core.errors import PlanningError
from geo.core.plan_settings import Baseline
from geo.core.plans import PLAN_STATUSES, plan_problems, read_plan_document
from geo.io.history import history_path
from geo.io.ingest.commit import is_bundled_demo
from geo.io.plan_files import save_plan, save_settings, store_plans_dir
from geo.present import plans as view
from geo.text.i18n import t
from views import _shared

DRAFT_KEY = "plan_draft"  # the plan being written: its TOML document
PROBLEMS_KEY = "plan_problems"  # the draft's problems from the last check or save
SAVED_KEY = "plan_saved"  # the file the draft was last saved to
WIDGET_PREFIXES = ("plan_h_", "plan_t")  # keys of the draft's form fields
TEXT_HEADER = ("id", "name", "jurisdiction", "issuer", "title", "document_number")

lang = _shared.lang()
st.title(t("plans.title", lang))
context = _shared.plan_context()
if context is None:
    st.info(t("plans.flat", lang, file=_shared.md(_shared.targets_path())))
    st.stop()
data = _shared.data_path()
library = context.library
demo = is_bundled_demo(data)
st.caption(t("plans.caption", lang, data=_shared.md(data.name), code=context.code or t("plans.no_code", lang)))


def label(plan_id: str) -> str:
    plan = library.get(plan_id)
    return f"{plan.label()} · {plan_id}" if plan else plan_id


# --- the plans that apply, and the reference plans -----------------------------------------------

st.subheader(t("plans.applied", lang))
st.dataframe(view.applied_table(context.applied, lang=lang), hide_index=True, width="stretch")
for note in context.notes:
    st.caption(_shared.md(note))
current = [a.plan.id for a in context.applied.plans if a.role == "reference"]
chosen = st.multiselect(
    t("plans.reference", lang),
    list(library),
    default=current,
    format_func=label,
    key="plans_reference_pick",
    help=t("plans.reference_help", lang),
)
if st.button(t("plans.reference_save", lang), key="plans_reference_save"):
    if demo:
        st.session_state[_shared.REFERENCE_SESSION_KEY] = list(chosen)
        st.session_state[SAVED_KEY] = t("plans.reference_session", lang)
    else:
        written = save_settings(data, replace(context.settings, reference=tuple(chosen)))
        st.session_state.pop(_shared.REFERENCE_SESSION_KEY, None)
        st.session_state[SAVED_KEY] = t("plans.reference_saved", lang, file=written.name)
    st.rerun()

# --- baselines of the targets without a number -------------------------------------------------

directed = [tid for tid, target in context.targets.items() if target.direction is not None]
if directed:
    st.subheader(t("plans.baselines", lang))
    st.caption(t("plans.baselines_help", lang, file=_shared.md(history_path(data).name)))
    st.dataframe(view.baseline_table(context.targets, lang=lang), hide_index=True, width="stretch")
    which, base_year, base_value, set_button = st.columns([0.4, 0.2, 0.2, 0.2], vertical_alignment="bottom")
    targets = context.targets
    target_id: str = (
        which.selectbox(
            t("plans.baseline_pick", lang),
            directed,
            format_func=lambda tid: targets[tid].title(lang),
            key="plans_baseline_target",
        )
        or directed[0]
    )
    direction = context.targets[target_id].direction
    year_value = base_year.number_input(
        t("plans.baseline_year", lang),
        value=int(direction.baseline_year or 2020) if direction else 2020,
        step=1,
        key=f"plans_baseline_year_{target_id}",
    )
    baseline = base_value.number_input(
        t("plans.baseline_value", lang),
        value=float(direction.baseline_value or 0.0) if direction else 0.0,
        min_value=0.0,
        format="%.4f",
        key=f"plans_baseline_value_{target_id}",
    )
    if set_button.button(t("plans.baseline_save", lang), key="plans_baseline_save"):
        if demo:
            chosen_baselines = dict(st.session_state.get(_shared.BASELINE_SESSION_KEY) or {})
            chosen_baselines[target_id] = (int(year_value), float(baseline))
            st.session_state[_shared.BASELINE_SESSION_KEY] = chosen_baselines
            st.session_state[SAVED_KEY] = t("plans.baseline_session", lang)
        else:
            kept = dict(context.settings.baselines)
            kept[target_id] = Baseline(int(year_value), float(baseline), t("plans.baseline.user", lang))
            written = save_settings(data, replace(context.settings, baselines=kept))
            st.session_state[SAVED_KEY] = t("plans.baseline_saved", lang, file=written.name)
        st.rerun()

# --- the library and one plan's targets ----------------------------------------------------------

st.subheader(t("plans.library", lang))
st.dataframe(view.library_table(library, lang=lang), hide_index=True, width="stretch")
first = context.applied.plans[0].plan.id if context.applied.plans else next(iter(library), "")
shown = st.selectbox(
    t("plans.show", lang), list(library), index=list(library).index(first) if first else 0, format_func=label
)
if shown:
    st.markdown(f"**{_shared.md(t('plans.targets', lang, plan=library[shown].full_title))}**")
    st.dataframe(view.targets_table(library[shown], context.applied, lang=lang), hide_index=True, width="stretch")

# --- a new plan ----------------------------------------------------------------------------------


def _clear_form() -> None:
    for key in [k for k in st.session_state if str(k).startswith(WIDGET_PREFIXES)]:
        del st.session_state[key]
    st.session_state.pop(PROBLEMS_KEY, None)
    st.session_state.pop(SAVED_KEY, None)


st.subheader(t("plans.create", lang))
st.caption(t("plans.create_help", lang))
own = context.applied.own
source_ids = list(library)
pick, new_id, start, end = st.columns([0.4, 0.3, 0.15, 0.15], vertical_alignment="bottom")
source_id = pick.selectbox(
    t("plans.copy_from", lang),
    source_ids,
    index=source_ids.index(own.id) if own else 0,
    format_func=label,
    key="plans_copy_from",
)
year = (own.period[1] + 1) if own else context.applied.plans[0].plan.period[1] + 1 if context.applied.plans else 2026
first_year = start.number_input(t("plans.new_start", lang), value=year, step=1, key="plans_new_start")
last_year = end.number_input(t("plans.new_end", lang), value=year + 4, step=1, key="plans_new_end")
plan_id = new_id.text_input(
    t("plans.new_id", lang), value=f"{context.code or 'plan'}_{int(first_year)}", key="plans_new_id"
)
if st.button(t("plans.copy", lang), key="plans_copy", icon=":material/content_copy:"):
    _clear_form()
    document = read_plan_document(library[source_id].path or "")
    code = context.code if context.code and len(context.code) == len(library[source_id].jurisdiction) else None
    st.session_state[DRAFT_KEY] = view.draft_copy(
        document, plan_id=plan_id.strip(), period=(int(first_year), int(last_year)), jurisdiction=code
    )
    st.rerun()

folder = store_plans_dir(data)
local = [p.id for p in library.values() if p.path is not None and p.path.parent.resolve() == folder.resolve()]
if local:
    pick_local, load = st.columns([0.7, 0.3], vertical_alignment="bottom")
    editing = pick_local.selectbox(t("plans.edit_own", lang), local, format_func=label, key="plans_edit_pick")
    if load.button(t("plans.edit_load", lang), key="plans_edit_load"):
        _clear_form()
        st.session_state[DRAFT_KEY] = read_plan_document(library[editing].path or "")
        st.rerun()


def _header_input(column, field: str, header: dict) -> object:
    key = f"plan_h_{field}"
    name = t(f"plans.field.{field}", lang)
    if field in ("period_start", "period_end"):
        return column.number_input(name, value=int(header.get(field, 2026)), step=1, key=key)
    if field == "status":
        status = header.get("status", "draft")
        return column.selectbox(
            name,
            PLAN_STATUSES,
            index=PLAN_STATUSES.index(status) if status in PLAN_STATUSES else 1,
            format_func=lambda s: t(f"plan.status.{s}", lang),
            key=key,
        )
    return column.text_input(name, value=str(header.get(field, "")), key=key)


def _target_inputs(number: int, fields: dict) -> dict[str, object]:
    values: dict[str, object] = {}
    left, right = st.columns(2)
    for field, column in (("title_zh", left), ("title_en", right)):
        values[field] = column.text_input(
            t(f"plans.field.{field}", lang), value=str(fields.get(field, "")), key=f"plan_t{number}_{field}"
        )
    numbers = [f for f in ("threshold", "tolerance", "amount") if f in fields]
    years = [f for f in ("deadline", "baseline_year") if f in fields]
    columns = st.columns(max(len(numbers) + len(years), 1))
    for column, field in zip(columns, numbers + years, strict=False):
        key = f"plan_t{number}_{field}"
        if field in years:
            values[field] = column.number_input(
                t(f"plans.field.{field}", lang), value=int(fields[field]), step=1, key=key
            )
        else:
            values[field] = column.number_input(
                t(f"plans.field.{field}", lang), value=float(fields[field]), format="%.4f", key=key
            )
    values["quote"] = st.text_area(
        t("plans.field.quote", lang), value=str(fields.get("quote", "")), key=f"plan_t{number}_quote", height=80
    )
    return values


def _edited(draft: dict, header_values: dict, target_values: list[dict]) -> dict:
    document = view.set_header(draft, **header_values)
    for number, values in enumerate(target_values, start=1):
        document = view.set_target(document, number, **values)
    return document


draft = st.session_state.get(DRAFT_KEY)
if draft:
    header = draft.get("plan", {})
    places = view.problems_by_place(st.session_state.get(PROBLEMS_KEY) or [])
    with st.container(border=True):
        st.markdown(f"**{_shared.md(t('plans.draft', lang, id=header.get('id', '')))}**")
        header_values: dict[str, object] = {}
        fields = (
            "id",
            "name",
            "jurisdiction",
            "status",
            "issuer",
            "title",
            "document_number",
            "period_start",
            "period_end",
        )
        for row in (fields[:4], fields[4:6], fields[6:]):
            for column, field in zip(st.columns(len(row)), row, strict=True):
                header_values[field] = _header_input(column, field, header)
        for problem in places.get("plan", []):
            st.error(_shared.md(view.problem_text(problem, lang=lang)))
        target_values = []
        for number, target in enumerate(draft.get("target", []), start=1):
            problems = places.get(f"target #{number}", [])
            name = t(
                "text.bracketed", lang, text=target.get("title_zh", target.get("id", "")), note=target.get("id", "")
            )
            title = f"{number}. {name}"
            with st.expander(_shared.md(title), expanded=bool(problems)):
                target_values.append(_target_inputs(number, view.target_fields(draft, number)))
                for problem in problems:
                    st.error(_shared.md(view.problem_text(problem, lang=lang)))
        check, save, discard = st.columns(3)
        checked = check.button(t("plans.check", lang), key="plans_check")
        saving = save.button(t("plans.save", lang), key="plans_save", type="primary", icon=":material/save:")
        if discard.button(t("plans.discard", lang), key="plans_discard"):
            _clear_form()
            st.session_state.pop(DRAFT_KEY, None)
            st.rerun()
        if checked or saving:
            document = _edited(draft, header_values, target_values)
            stem = str(document.get("plan", {}).get("id", "")) or None
            found = plan_problems(document, catalog=CATALOG, origin=f"{stem}.toml", stem=stem)
            st.session_state[PROBLEMS_KEY] = found
            st.session_state.pop(SAVED_KEY, None)
            if saving and not found and demo:
                st.session_state[SAVED_KEY] = t("plans.demo_refused", lang)
            elif saving and not found:
                try:
                    written = save_plan(folder, document, catalog=CATALOG, library=library)
                except PlanningError as error:
                    st.session_state[PROBLEMS_KEY] = getattr(error, "problems", [])
                else:
                    st.session_state[DRAFT_KEY] = document
                    st.session_state[SAVED_KEY] = t("plans.saved", lang, file=str(written))
            st.rerun()
        last = st.session_state.get(PROBLEMS_KEY)
        if last:
            st.error(t("plans.problems", lang, n=len(last)))
        elif last is not None and not st.session_state.get(SAVED_KEY):
            st.success(t("plans.ok", lang))
message = st.session_state.get(SAVED_KEY)
if message:
    st.info(_shared.md(message))

# --- comparing plans -----------------------------------------------------------------------------

st.subheader(t("plans.compare", lang))
st.caption(t("plans.compare_help", lang))
compared = st.multiselect(
    t("plans.compare_pick", lang), list(library), default=list(library), format_func=label, key="plans_compare"
)
st.dataframe(view.compare_table([library[pid] for pid in compared], lang=lang), hide_index=True, width="stretch")
st.markdown(f"**{t('plans.side', lang)}**")
st.caption(t("plans.side_help", lang))
benchmark = st.selectbox(
    t("plans.side_pick", lang),
    ["", *library],
    format_func=lambda pid: label(pid) if pid else t("plans.side_none", lang),
    key="plans_benchmark",
)
if benchmark:
    own_report = _shared.report()
    bench_report, bench_targets = _shared.benchmark_report(benchmark)
    table = view.side_by_side(
        (own_report.indicators, _shared.targets()), (bench_report.indicators, bench_targets), lang=lang
    )
    st.dataframe(table, hide_index=True, width="stretch")
