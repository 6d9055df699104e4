"""A county's own plans and plan settings, written beside its store: checked, atomic, never overwritten without a version.

Plans a county writes itself (e.g. its 2026–2030 plan, copied from an existing one on the
规划目标 page) live in the ``plans/`` folder beside the store, one ``<plan id>.toml`` each, and join
the library's plans (``data/plans/``). Saving checks the document strictly first
(:func:`geo.core.plans.parse_plan`; nothing is written when it has a problem), keeps the file it
replaces in ``plans/.versions/<id>.<stamp>.toml`` and writes atomically (temporary file, then
rename). The store's plan settings (``<stem>_plans.toml``, :mod:`geo.core.plan_settings`) are
written the same way. The bundled demo county is never written.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from geo.core.catalog import Catalog
from geo.core.errors import Problem
from geo.core.plan_checks import PlanError
from geo.core.plan_settings import PlanSettings, settings_path
from geo.core.plans import Plan, parse_plan
from geo.core.toml_text import dumps
from geo.io.export import atomic_write
from geo.text.i18n import both

PLANS_FOLDER = "plans"
VERSIONS_FOLDER = ".versions"
_STAMP = "%Y%m%dT%H%M%S%f"
PLAN_HEADER = (
    "A plan file (geo/core/plans.py): [plan] names the document once; each [[target]] is a target\n"
    "with its sentence ([target.source] quote). Written by the 规划目标 page; earlier versions are in\n"
    ".versions/ beside this file."
)


def store_plans_dir(data_path: str | os.PathLike[str]) -> Path:
    """The folder of a store's own plans: ``plans/`` beside the store."""
    return Path(data_path).parent / PLANS_FOLDER


def _keep_version(path: Path) -> Path | None:
    """Copy ``path`` (when it exists) into ``.versions/`` beside it; the copy's path."""
    if not path.is_file():
        return None
    versions = path.parent / VERSIONS_FOLDER
    versions.mkdir(parents=True, exist_ok=True)
    kept = versions / f"{path.stem}.{datetime.now().strftime(_STAMP)}{path.suffix}"
    shutil.copy2(path, kept)
    return kept


def versions_of(path: str | os.PathLike[str]) -> list[Path]:
    """The kept versions of a file, oldest first."""
    path = Path(path)
    versions = path.parent / VERSIONS_FOLDER
    return sorted(versions.glob(f"{path.stem}.*{path.suffix}")) if versions.is_dir() else []


def save_plan(
    folder: str | os.PathLike[str],
    document: Mapping[str, Any],
    *,
    catalog: Catalog,
    library: Mapping[str, Plan] | None = None,
) -> Path:
    """Check a plan document and write it as ``<folder>/<id>.toml``; the file it replaces goes to ``.versions/``.

    Raises :class:`PlanError` (nothing written) when the document has a problem, or when its id
    is a plan of ``library`` stored elsewhere (a library plan is copied under a new id, not
    overwritten).
    """
    folder = Path(folder)
    plan_id = str(document.get("plan", {}).get("id", "")) if isinstance(document.get("plan"), Mapping) else ""
    origin = f"{plan_id or '?'}.toml"
    parse_plan(document, catalog=catalog, origin=origin, stem=plan_id or None)
    path = folder / f"{plan_id}.toml"
    existing = (library or {}).get(plan_id)
    if existing is not None and existing.path is not None and existing.path.resolve() != path.resolve():
        raise PlanError(
            [
                Problem(
                    origin,
                    "plan",
                    None,
                    "id",
                    *both("plan_file.id_taken", id=plan_id, path=existing.path),
                )
            ]
        )
    _keep_version(path)
    return atomic_write(path, dumps(document, header=PLAN_HEADER).encode("utf-8"))


def settings_document(settings: PlanSettings) -> dict[str, Any]:
    """Plan settings as a TOML document (keys that are not set are left out)."""
    document: dict[str, Any] = {"version": 1}
    if settings.code:
        document["code"] = settings.code
    if settings.plans:
        document["plans"] = list(settings.plans)
    if settings.reference is not None:
        document["reference"] = list(settings.reference)
    if settings.reference_note:
        document["reference_note"] = settings.reference_note
    if settings.baselines:
        document["baseline"] = {
            target_id: {"year": b.year, "value": b.value, **({"source": b.source} if b.source else {})}
            for target_id, b in settings.baselines.items()
        }
    return document


def save_settings(data_path: str | os.PathLike[str], settings: PlanSettings) -> Path:
    """Write a store's plan settings (``<stem>_plans.toml``); the file it replaces goes to ``.versions/``."""
    path = settings_path(data_path)
    _keep_version(path)
    header = "Plan settings of this store (geo/core/plan_settings.py), written by the 规划目标 page."
    return atomic_write(path, dumps(settings_document(settings), header=header).encode("utf-8"))
