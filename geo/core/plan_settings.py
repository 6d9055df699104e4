"""Which plans a store is judged by: its plan settings file, ``<store stem>_plans.toml`` beside it.

::

    version = 1
    code = "360222"                       # optional: the jurisdiction (default: from the township codes)
    plans = ["000_fuliang_2021"]          # optional: judge by exactly these plans (as --plan)
    reference = ["004_qinshui_2021"]      # benchmark plans for the indicators the own plans leave open
    reference_note = "…"                  # optional: why these benchmarks

    [baseline.sanitation_sewage_2025]     # optional: the baseline of a target without a number
    year = 2020
    value = 0.21
    source = "2020年统计年报"

The library's own settings (``data/plan_settings.toml``) name the default reference plans of a
county that has no plan in the library. Everything is checked strictly (:class:`PlanError`).
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.core.errors import Problem
from geo.core.plan_checks import PlanError, code_problem
from geo.core.targets import DATA_DIR
from geo.text.i18n import both, joined

LIBRARY_SETTINGS = DATA_DIR / "plan_settings.toml"
SETTINGS_SUFFIX = "_plans.toml"
_KEYS = ("version", "code", "plans", "reference", "reference_note", "baseline")
_BASELINE_KEYS = ("year", "value", "source")


@dataclass(frozen=True)
class Baseline:
    """A baseline the user set for a direction target: the year, the value (a share 0–1) and where it comes from."""

    year: int
    value: float
    source: str = ""


@dataclass(frozen=True)
class PlanSettings:
    """The plan choices of a store (or the library's defaults); empty settings change nothing."""

    code: str | None = None
    plans: tuple[str, ...] = ()
    reference: tuple[str, ...] | None = None  # None: not set (the library's default applies to a county without a plan)
    reference_note: str = ""
    baselines: Mapping[str, Baseline] = field(default_factory=dict)


def settings_path(data_path: str | os.PathLike[str]) -> Path:
    """The plan settings file of a store: ``<stem>_plans.toml`` in the same folder."""
    path = Path(data_path)
    return path.with_name(f"{path.stem}{SETTINGS_SUFFIX}")


def _ids(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def parse_settings(document: Mapping[str, Any], *, origin: str = "<settings>") -> PlanSettings:
    """Build plan settings from a parsed TOML document, or raise one :class:`PlanError` listing every problem."""
    problems: list[Problem] = []

    def problem(layer: str | None, key: str | None, zh: str, en: str) -> None:
        problems.append(Problem(origin, layer, None, key, zh, en))

    for key in document:
        if key not in _KEYS:
            problem(None, key, *both("targets.unknown_key", key=key, allowed=joined(_KEYS)))
    if document.get("version") != 1:
        problem(None, "version", *both("targets.version"))
    code = document.get("code")
    if code is not None and (wrong := code_problem(code)):
        problem(None, "code", *wrong)
    for key in ("plans", "reference"):
        if key in document and not _ids(document[key]):
            problem(None, key, *both("plan_settings.id_list", key=key))
    if "reference_note" in document and not isinstance(document["reference_note"], str):
        problem(None, "reference_note", *both("plan_file.text", key="reference_note"))
    baselines: dict[str, Baseline] = {}
    raw_baselines = document.get("baseline", {})
    if not isinstance(raw_baselines, Mapping):
        problem(None, "baseline", *both("plan_settings.baseline_tables"))
        raw_baselines = {}
    for target_id, raw in raw_baselines.items():
        layer = f"baseline.{target_id}"
        if not isinstance(raw, Mapping):
            problem(layer, None, *both("plan_settings.baseline_table"))
            continue
        for key in raw:
            if key not in _BASELINE_KEYS:
                problem(layer, key, *both("plan_settings.baseline_key", key=key, allowed=joined(_BASELINE_KEYS)))
        year, value = raw.get("year"), raw.get("value")
        if not (isinstance(year, int) and not isinstance(year, bool) and 2000 <= year <= 2100):
            problem(layer, "year", *both("plan_settings.year", got=repr(year)))
        elif not (
            isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value >= 0
        ):
            problem(layer, "value", *both("plan_settings.value", got=repr(value)))
        else:
            baselines[str(target_id)] = Baseline(int(year), float(value), str(raw.get("source", "")))
    if problems:
        raise PlanError(problems)
    reference = document.get("reference")
    return PlanSettings(
        code=code,
        plans=tuple(document.get("plans", ())),
        reference=None if reference is None else tuple(reference),
        reference_note=str(document.get("reference_note", "")),
        baselines=baselines,
    )


def load_settings(path: str | os.PathLike[str]) -> PlanSettings:
    """Read a plan settings file; empty settings when it does not exist, a :class:`PlanError` when it is wrong."""
    path = Path(path)
    if not path.is_file():
        return PlanSettings()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PlanError([Problem(path.name, None, None, None, *both("targets.not_toml", exc=exc))]) from exc
    return parse_settings(document, origin=path.name)
