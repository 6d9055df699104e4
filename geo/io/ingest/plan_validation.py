"""Checks of a planned import against the layer contract and the cross-field rules (before anything is written).

:func:`contract_problems` is also the store's validator at commit time
(:func:`geo.io.ingest.commit.commit_import`); :func:`validate_plan` adds the whole new dataset's
problems to a plan, each naming the imported file and its rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from geo.core import store
from geo.core.errors import Problem
from geo.io.ingest import sanity
from geo.io.ingest.crs_guess import Note
from geo.text.i18n import both, joined, t
from layers.registry import LAYER_KINDS, validate_dataset

if TYPE_CHECKING:
    from geo.io.ingest.plan import ImportPlan


def _relabel(problems: list[Problem], plan: ImportPlan, store_to_source: Mapping[int, int] | None) -> list[Problem]:
    """Problems of the imported layer name the source file and its rows; the rest keep the store's."""
    out: list[Problem] = []
    kind = plan.options.kind
    for p in problems:
        if p.layer != kind:
            out.append(p)
        elif store_to_source is None:
            out.append(Problem(plan.source_name, p.layer, p.feature, p.field, p.message_zh, p.message_en))
        elif p.feature is not None and p.feature in store_to_source:
            out.append(
                Problem(plan.source_name, p.layer, store_to_source[p.feature], p.field, p.message_zh, p.message_en)
            )
        else:
            out.append(p)
    return out


def _missing_layers(dataset: store.Dataset) -> list[str]:
    """The layers the contract requires that ``dataset`` does not have yet (a store being built)."""
    return [
        name for name, kind in LAYER_KINDS.items() if name not in dataset.layers and kind.schema.required_in_dataset
    ]


def contract_problems(dataset: store.Dataset) -> list[Problem]:
    """Every problem of ``dataset`` against the layer contract, except layers a store being built still lacks."""
    missing = _missing_layers(dataset)
    return [p for p in validate_dataset(dataset) if not _is_missing_layer(p, missing)]


def validate_plan(plan: ImportPlan, dataset: store.Dataset, store_to_source: Mapping[int, int] | None) -> None:
    """Validate the whole new dataset; layers still missing from a store being built are noted, not refused."""
    missing = _missing_layers(dataset)
    problems = contract_problems(dataset)
    if missing:
        plan.notes.append(Note(*both("ingest.plan.layers_missing", layers=joined(missing))))
    plan.problems += _relabel(problems, plan, store_to_source)
    kind, reason = plan.options.kind, plan.options.accept_inconsistent
    if kind in LAYER_KINDS and kind in dataset.layers:
        rows = plan.updated_positions if plan.mode == "update" else None
        found = sanity.inconsistent_rows(dataset.layers[kind], LAYER_KINDS[kind].schema, rows, source=plan.source_name)
        found = _relabel(found, plan, store_to_source)
        if found and sanity.valid_reason(reason):
            plan.notes.append(sanity.accepted_note(found, str(reason).strip()))
        else:
            plan.problems += found
    if reason is not None and not sanity.valid_reason(reason):
        plan.problems.append(
            Problem(plan.source_name, None, None, None, *both("input.reason_too_short", n=sanity.MIN_REASON_CHARS))
        )


def _is_missing_layer(problem: Problem, missing: list[str]) -> bool:
    return (
        problem.layer in missing
        and problem.feature is None
        and problem.field is None
        and problem.message_zh
        == t("contract.missing_layer", title=LAYER_KINDS[problem.layer].schema.title_zh, name=problem.layer)
    )
