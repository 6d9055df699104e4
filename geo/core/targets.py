"""Planning targets: load a targets file strictly and judge values against targets.

The targets of the source plans are kept one plan per file under ``data/plans/`` (read by
:mod:`geo.core.plans`, which checks each plan's targets with :func:`parse_targets`); a flat targets
file of ``[[target]]`` tables (the tests' frozen copy, ``--targets FILE``) loads here. A target file is edited by planners, so every mistake in it is reported at once, naming the
file, the target and the key, with the fix; a report never runs on a half-understood file.
The loaders check the file against a :class:`~geo.core.catalog.Catalog` of the declared
indicators and checks (:data:`geo.analysis.catalog.CATALOG`), passed in because core does not
import analysis: a target naming an indicator that no module declares is an error.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeGuard, TypeVar

import numpy as np
import pandas as pd

from geo.core.catalog import LEVELS, Catalog, Choice, ParamType, Unit
from geo.core.errors import ConfigError
from geo.core.units import rural_scope
from geo.text.i18n import bilingual, joined

_T = TypeVar("_T")
Comparison = Literal[">=", ">", "<="]
COMPARISONS: tuple[str, ...] = (">=", ">", "<=")
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# The consistency checks' parameters ([[check]] tables only); the targets themselves are in the
# plan files of data/plans/ (geo.core.plans). A flat targets file (``[[target]]`` tables, as the
# tests' frozen copy) still loads with :func:`load_targets`.
DEFAULT_CHECKS = DATA_DIR / "checks.toml"

_REQUIRED = (
    "id",
    "indicator",
    "title_zh",
    "title_en",
    "comparison",
    "threshold",
    "deadline",
    "level",
    "bureau",
    "source",
)
_OPTIONAL = ("tolerance", "params", "note")
_SOURCE_REQUIRED = ("seed", "plan", "quote")
_SOURCE_OPTIONAL = ("also",)
_CHECK_KEYS = ("id", "title_zh", "title_en", "bureau", "params", "note", "basis")


ROLES = ("own", "higher", "contribution", "reference")  # how a plan's target relates to the county judged


@dataclass(frozen=True)
class Source:
    """Where a target comes from: the plan and the sentence that sets it.

    ``plan`` is the plan's title (with its issuer). A target read from a plan file
    (:mod:`geo.core.plans`) also carries the plan's id, its document number (文号, may be empty)
    and, once the plans applying to a county are resolved, its ``role`` there: ``own`` (the
    county's own plan), ``higher`` (its city's or province's plan), ``contribution`` (a
    province-wide total the county contributes to, never judged on the county) or ``reference``
    (a benchmark plan of another jurisdiction, labelled 「参照」). Empty for a flat targets file.
    """

    seed: str
    plan: str
    quote: str
    also: tuple[str, ...] = ()
    plan_id: str = ""
    document: str = ""
    role: str = ""


DIRECTIONS = ("up", "keep")


@dataclass(frozen=True)
class Direction:
    """A target without a number: improve on a baseline (持续提升、显著提高、至少提高5个百分点) or keep it (巩固).

    ``amount`` is the improvement the plan asks for, in the indicator's unit (0.05 = 5 percentage
    points of a share; 0 when it names none). ``baseline_year`` is the year it counts from;
    ``baseline_value`` the value then, set by the user or read from the dataset's yearly history
    (``baseline_source`` says which) when the plans are resolved. Met when the value is at least
    baseline + amount (``keep``, or ``up`` with an amount), or above the baseline (``up`` without).
    """

    sense: str  # "up" or "keep"
    amount: float = 0.0
    baseline_year: int | None = None
    baseline_value: float | None = None
    baseline_source: str = ""


@dataclass(frozen=True)
class Target:
    """One planning target: an indicator, a threshold and where it comes from.

    ``unit`` is the unit of the indicator (its :class:`~geo.core.catalog.IndicatorSpec`), resolved
    when the file is loaded so that nothing later has to look it up.
    """

    id: str
    indicator: str
    title_zh: str
    title_en: str
    comparison: Comparison
    threshold: float
    deadline: int
    level: str
    bureau: str
    source: Source
    unit: Unit
    tolerance: float = 0.0
    params: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""
    direction: Direction | None = None  # a target without a number: its threshold follows from the baseline

    def title(self, lang: str = "zh") -> str:
        """Title in the UI language."""
        return self.title_zh if lang == "zh" else self.title_en

    @property
    def rural(self) -> str:
        """Which village-level units the target counts (``params.rural``, see :data:`geo.core.units.RURAL_SCOPES`)."""
        return rural_scope(self.params)

    @property
    def judgeable(self) -> bool:
        """Whether values can be judged against this target at all.

        Not a province-wide total shown as the county's contribution, and not a direction target
        whose baseline is unknown (its threshold is NaN until a baseline is set).
        """
        return self.source.role != "contribution" and math.isfinite(self.threshold)

    def is_met(self, value: float) -> bool:
        """Whether one value meets the target, counting the tolerance of 「左右」; NaN is not met."""
        return bool(self.met_mask(pd.Series([value], dtype="float64")).iloc[0])

    def met_mask(self, values: pd.Series) -> pd.Series:
        """Whether each value meets the target (a bool Series on ``values``' index); NaN is not met."""
        arr = values.astype("Float64")
        if self.comparison == ">=":
            met = arr >= self.threshold - self.tolerance
        elif self.comparison == ">":
            met = arr > self.threshold - self.tolerance
        else:
            met = arr <= self.threshold + self.tolerance
        return met.fillna(False).astype(bool)

    def gap(self, values: pd.Series) -> pd.Series:
        """How far each value is from the threshold, in the target's unit (0 when met)."""
        diff = (
            self.threshold - values.astype(float)
            if self.comparison in (">=", ">")
            else values.astype(float) - self.threshold
        )
        return pd.Series(np.where(self.met_mask(values), 0.0, diff), index=values.index)


def _type_ok(value: object, expected: type[_T] | tuple[type[_T], ...]) -> TypeGuard[_T]:
    if isinstance(value, bool):  # bool is an int subclass; only accept it where bool is asked for
        return expected is bool or (isinstance(expected, tuple) and bool in expected)
    return isinstance(value, expected)


def _say(where: str, message: str, /, **values: object) -> str:
    """One problem of the targets file: where, then the catalogue message in both languages."""
    return f"{where}: {bilingual(message, **values)}"


def _check_target(raw: Mapping[str, Any], where: str, catalog: Catalog) -> list[str]:
    errors: list[str] = []
    for key in raw:
        if key not in _REQUIRED + _OPTIONAL:
            errors.append(_say(where, "targets.unknown_key", key=key, allowed=", ".join(_REQUIRED + _OPTIONAL)))
    for key in _REQUIRED:
        if key not in raw:
            errors.append(_say(where, "targets.missing_key", key=key))
    for key in ("id", "indicator", "title_zh", "title_en", "bureau", "level", "comparison"):
        if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
            errors.append(_say(where, "targets.empty_text", key=key))
    spec = catalog.indicators.get(raw.get("indicator", ""))
    if "indicator" in raw and spec is None:
        errors.append(
            _say(where, "targets.unknown_indicator", indicator=raw["indicator"], known=", ".join(catalog.indicators))
        )
    if raw.get("comparison") not in (None, *COMPARISONS):
        errors.append(_say(where, "targets.comparison", allowed=", ".join(COMPARISONS), got=repr(raw["comparison"])))
    if raw.get("level") is not None and raw.get("level") not in LEVELS:
        errors.append(_say(where, "targets.level", allowed=", ".join(LEVELS), got=repr(raw["level"])))
    threshold = raw.get("threshold")
    if "threshold" in raw:
        if not _type_ok(threshold, (int, float)) or not math.isfinite(float(threshold)):
            errors.append(_say(where, "targets.threshold_number", got=repr(threshold)))
        elif spec is not None and spec.unit == "share" and not 0.0 <= float(threshold) <= 1.0:
            errors.append(_say(where, "targets.threshold_share", threshold=threshold))
        elif float(threshold) < 0:
            errors.append(_say(where, "targets.threshold_negative"))
    tolerance = raw.get("tolerance", 0.0)
    if not _type_ok(tolerance, (int, float)) or float(tolerance) < 0:
        errors.append(_say(where, "targets.tolerance_number", got=repr(tolerance)))
    elif spec is not None and spec.unit == "share" and float(tolerance) >= 1.0:
        errors.append(_say(where, "targets.tolerance_share", tolerance=tolerance))
    deadline = raw.get("deadline")
    if "deadline" in raw and (not _type_ok(deadline, int) or not 2000 <= deadline <= 2100):
        errors.append(_say(where, "targets.deadline", got=repr(deadline)))
    params = raw.get("params", {})
    if not isinstance(params, Mapping):
        errors.append(_say(where, "targets.params_table"))
    elif spec is not None:
        errors += _check_params(params, spec.id, spec.params, where)
    source = raw.get("source")
    if "source" in raw:
        if not isinstance(source, Mapping):
            errors.append(_say(where, "targets.source_table"))
        else:
            for key in source:
                if key not in _SOURCE_REQUIRED + _SOURCE_OPTIONAL:
                    errors.append(
                        _say(
                            where,
                            "targets.unknown_key",
                            key=f"source.{key}",
                            allowed=", ".join(_SOURCE_REQUIRED + _SOURCE_OPTIONAL),
                        )
                    )
            for key in _SOURCE_REQUIRED:
                if not isinstance(source.get(key), str) or not source.get(key, "").strip():
                    errors.append(_say(where, "targets.source_missing", key=key))
    return errors


def parse_targets(document: Mapping[str, Any], *, catalog: Catalog, origin: str = "<string>") -> dict[str, Target]:
    """Build targets from a parsed TOML document, or raise one ConfigError listing every problem.

    Every target must measure an indicator of ``catalog``; its unit comes from there.
    """
    errors: list[str] = []
    for key in document:
        if key not in ("version", "target", "check"):
            errors.append(_say(origin, "targets.unknown_top_key", key=key))
    errors += _check_checks(document.get("check", []), origin, catalog)
    if document.get("version") != 1:
        errors.append(_say(origin, "targets.version"))
    raws = document.get("target", [])
    if not isinstance(raws, list) or not raws:
        errors.append(_say(origin, "targets.no_targets"))
        raws = []
    targets: dict[str, Target] = {}
    for number, raw in enumerate(raws, start=1):
        where = f"{origin} › target #{number} ({raw.get('id', '?')})"
        problems = _check_target(raw, where, catalog)
        if raw.get("id") in targets:
            problems.append(_say(where, "targets.duplicate_id", id=raw["id"]))
        errors += problems
        if problems:
            continue
        src = raw["source"]
        targets[raw["id"]] = Target(
            id=raw["id"],
            indicator=raw["indicator"],
            title_zh=raw["title_zh"],
            title_en=raw["title_en"],
            comparison=raw["comparison"],
            threshold=float(raw["threshold"]),
            deadline=int(raw["deadline"]),
            level=raw["level"],
            bureau=raw["bureau"],
            source=Source(src["seed"], src["plan"], src["quote"], tuple(src.get("also", ()))),
            unit=catalog.indicators[raw["indicator"]].unit,
            tolerance=float(raw.get("tolerance", 0.0)),
            params={**catalog.indicators[raw["indicator"]].defaults, **raw.get("params", {})},
            note=raw.get("note", ""),
        )
    if errors:
        raise ConfigError("\n".join([bilingual("targets.problems", n=len(errors)), *errors]))
    return targets


def _read_document(path: str | os.PathLike[str]) -> tuple[dict[str, Any], str]:
    """The parsed TOML of a targets file and its name for messages; a clear error when unreadable."""
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(_say(str(path), "targets.not_found")) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(_say(str(path), "targets.not_toml", exc=exc)) from exc
    return document, str(path)


def load_targets(path: str | os.PathLike[str], *, catalog: Catalog) -> dict[str, Target]:
    """Read and check a flat targets file (``[[target]]`` tables) against ``catalog``."""
    document, origin = _read_document(path)
    return parse_targets(document, catalog=catalog, origin=origin)


@dataclass(frozen=True)
class Check:
    """A consistency check (no planning target): its parameters and responsible bureau.

    See :class:`geo.core.catalog.CheckSpec`; the targets file may set them in ``[[check]]`` tables.
    """

    id: str
    title_zh: str
    title_en: str
    bureau: str
    params: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""
    basis: str = ""

    def title(self, lang: str = "zh") -> str:
        """Title in the UI language."""
        return self.title_zh if lang == "zh" else self.title_en


def _check_checks(raws: object, origin: str, catalog: Catalog) -> list[str]:
    if not isinstance(raws, list):
        return [_say(origin, "targets.checks_tables")]
    errors: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(raws, start=1):
        where = f"{origin} › check #{number} ({raw.get('id', '?') if isinstance(raw, Mapping) else '?'})"
        if not isinstance(raw, Mapping):
            errors.append(_say(where, "targets.check_table"))
            continue
        for key in raw:
            if key not in _CHECK_KEYS:
                errors.append(_say(where, "targets.unknown_key", key=key, allowed=", ".join(_CHECK_KEYS)))
        spec = catalog.checks.get(raw.get("id", ""))
        if spec is None:
            errors.append(_say(where, "targets.unknown_check", id=raw.get("id"), known=", ".join(catalog.checks)))
            continue
        if spec.id in seen:
            errors.append(_say(where, "targets.duplicate_check", id=spec.id))
        seen.add(spec.id)
        for key in ("title_zh", "title_en", "bureau", "note", "basis"):
            if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
                errors.append(_say(where, "targets.empty_text", key=key))
        params = raw.get("params", {})
        if not isinstance(params, Mapping):
            errors.append(_say(where, "targets.params_table"))
            continue
        errors += _check_params(params, spec.id, spec.params, where)
    return errors


def _check_params(params: Mapping[str, Any], owner: str, declared: Mapping[str, ParamType], where: str) -> list[str]:
    """Problems of a target's or check's ``params`` against the parameters its indicator declares."""
    errors: list[str] = []
    for name, value in params.items():
        kind = declared.get(name)
        if kind is None:
            errors.append(
                _say(where, "targets.unknown_param", name=name, owner=owner, allowed=", ".join(declared) or "—")
            )
        elif isinstance(kind, Choice):
            if not isinstance(value, str) or value not in kind.values:
                errors.append(
                    _say(
                        where,
                        "targets.param_choice",
                        name=name,
                        choices=joined(kind.values),
                        got=repr(value),
                    )
                )
        elif not _type_ok(value, kind):
            errors.append(_say(where, "targets.param_type", name=name, got=type(value).__name__))
        elif _type_ok(value, (int, float)) and value < 0:
            errors.append(_say(where, "targets.param_negative", name=name))
    return errors


def parse_checks(document: Mapping[str, Any], *, catalog: Catalog, origin: str = "<string>") -> dict[str, Check]:
    """Every check of ``catalog`` with the parameters of the document's [[check]] tables.

    A check the document does not mention runs with the catalogue's defaults, so a targets file
    without [[check]] tables still gets the checks. Raises :class:`ConfigError` on a bad table.
    """
    errors = _check_checks(document.get("check", []), origin, catalog)
    if errors:
        raise ConfigError("\n".join([bilingual("targets.check_problems", n=len(errors)), *errors]))
    raws = {raw["id"]: raw for raw in document.get("check", [])}
    checks: dict[str, Check] = {}
    for spec in catalog.checks.values():
        raw = raws.get(spec.id, {})
        checks[spec.id] = Check(
            id=spec.id,
            title_zh=raw.get("title_zh", spec.title_zh),
            title_en=raw.get("title_en", spec.title_en),
            bureau=raw.get("bureau", spec.bureau),
            params={**spec.defaults, **raw.get("params", {})},
            note=raw.get("note", ""),
            basis=raw.get("basis", ""),
        )
    return checks


def load_checks(path: str | os.PathLike[str] = DEFAULT_CHECKS, *, catalog: Catalog) -> dict[str, Check]:
    """Read the [[check]] tables of a checks or targets file (``data/checks.toml`` by default) against ``catalog``."""
    document, origin = _read_document(path)
    return parse_checks(document, catalog=catalog, origin=origin)
