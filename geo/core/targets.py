"""Planning targets: load ``data/targets.toml`` strictly and judge values against targets.

A target file is edited by planners, so every mistake in it is reported at once, naming the
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
from typing import Any, Literal

import numpy as np
import pandas as pd

from geo.core.catalog import COMMON_PARAMS, LEVELS, PARAM_CHOICES, Catalog, Unit
from geo.core.errors import ConfigError
from geo.core.units import rural_scope

Comparison = Literal[">=", ">", "<="]
COMPARISONS: tuple[str, ...] = (">=", ">", "<=")
DEFAULT_TARGETS = Path(__file__).resolve().parents[2] / "data" / "targets.toml"

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


@dataclass(frozen=True)
class Source:
    """Where a target comes from: the plan and the sentence that sets it."""

    seed: str
    plan: str
    quote: str
    also: tuple[str, ...] = ()


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

    def title(self, lang: str = "zh") -> str:
        """Title in the UI language."""
        return self.title_zh if lang == "zh" else self.title_en

    @property
    def rural(self) -> str:
        """Which village-level units the target counts (``params.rural``, see :data:`geo.core.units.RURAL_SCOPES`)."""
        return rural_scope(self.params)

    def is_met(self, values: pd.Series | float) -> pd.Series | bool:
        """Whether value(s) meet the target, counting the tolerance of 「左右」; NaN is not met."""
        arr = pd.Series(values, dtype="Float64") if not isinstance(values, pd.Series) else values.astype("Float64")
        if self.comparison == ">=":
            met = arr >= self.threshold - self.tolerance
        elif self.comparison == ">":
            met = arr > self.threshold - self.tolerance
        else:
            met = arr <= self.threshold + self.tolerance
        met = met.fillna(False).astype(bool)
        return met if isinstance(values, pd.Series) else bool(met.iloc[0])

    def gap(self, values: pd.Series) -> pd.Series:
        """How far each value is from the threshold, in the target's unit (0 when met)."""
        diff = (
            self.threshold - values.astype(float)
            if self.comparison in (">=", ">")
            else values.astype(float) - self.threshold
        )
        return pd.Series(np.where(self.is_met(values), 0.0, diff), index=values.index)


def _type_ok(value: object, expected: type | tuple[type, ...]) -> bool:
    if isinstance(value, bool):  # bool is an int subclass; only accept it where bool is asked for
        return expected is bool or (isinstance(expected, tuple) and bool in expected)
    return isinstance(value, expected)


def _check_target(raw: Mapping[str, Any], where: str, catalog: Catalog) -> list[str]:
    errors: list[str] = []
    for key in raw:
        if key not in _REQUIRED + _OPTIONAL:
            errors.append(
                f"{where}: unknown key '{key}' (allowed: {', '.join(_REQUIRED + _OPTIONAL)}) / 未知字段“{key}”"
            )
    for key in _REQUIRED:
        if key not in raw:
            errors.append(f"{where}: missing key '{key}' / 缺少字段“{key}”")
    for key in ("id", "indicator", "title_zh", "title_en", "bureau", "level", "comparison"):
        if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
            errors.append(f"{where}: '{key}' must be non-empty text / “{key}”应为非空文本")
    spec = catalog.indicators.get(raw.get("indicator", ""))
    if "indicator" in raw and spec is None:
        errors.append(
            f"{where}: unknown indicator '{raw['indicator']}': no indicator module declares it "
            f"(known: {', '.join(catalog.indicators)}) / 未知指标“{raw['indicator']}”：没有计算它的指标模块"
        )
    if raw.get("comparison") not in (None, *COMPARISONS):
        errors.append(
            f"{where}: comparison must be one of {', '.join(COMPARISONS)}, got {raw['comparison']!r} / 比较符错误"
        )
    if raw.get("level") is not None and raw.get("level") not in LEVELS:
        errors.append(f"{where}: level must be one of {', '.join(LEVELS)}, got {raw['level']!r} / 层级错误")
    threshold = raw.get("threshold")
    if "threshold" in raw:
        if not _type_ok(threshold, (int, float)) or not math.isfinite(float(threshold)):
            errors.append(f"{where}: threshold must be a number, got {threshold!r} / 阈值应为数值")
        elif spec is not None and spec.unit == "share" and not 0.0 <= float(threshold) <= 1.0:
            errors.append(
                f"{where}: threshold {threshold} of a share must be within 0–1 (write 0.95 for 95%) / "
                "比例阈值应在0–1之间（95%写作0.95）"
            )
        elif float(threshold) < 0:
            errors.append(f"{where}: threshold must not be negative / 阈值不能为负")
    tolerance = raw.get("tolerance", 0.0)
    if not _type_ok(tolerance, (int, float)) or float(tolerance) < 0:
        errors.append(f"{where}: tolerance must be a number ≥ 0, got {tolerance!r} / 容差应为非负数")
    elif spec is not None and spec.unit == "share" and float(tolerance) >= 1.0:
        errors.append(f"{where}: tolerance {tolerance} of a share must be below 1 / 比例容差应小于1")
    deadline = raw.get("deadline")
    if "deadline" in raw and (not _type_ok(deadline, int) or not 2000 <= deadline <= 2100):
        errors.append(f"{where}: deadline must be a year such as 2025, got {deadline!r} / 期限应为年份")
    params = raw.get("params", {})
    if not isinstance(params, Mapping):
        errors.append(f"{where}: params must be a table / params 应为表")
    elif spec is not None:
        accepted = {**COMMON_PARAMS, **spec.params}
        for name, value in params.items():
            if name not in accepted:
                allowed = ", ".join(accepted)
                errors.append(
                    f"{where}: unknown parameter '{name}' for {spec.id} (allowed: {allowed}) / 未知参数“{name}”"
                )
            elif not _type_ok(value, accepted[name]):
                errors.append(
                    f"{where}: parameter '{name}' has the wrong type ({type(value).__name__}) / 参数“{name}”类型错误"
                )
            elif _type_ok(value, (int, float)) and value < 0:
                errors.append(f"{where}: parameter '{name}' must not be negative / 参数“{name}”不能为负")
            elif name in PARAM_CHOICES and value not in PARAM_CHOICES[name]:
                choices = ", ".join(PARAM_CHOICES[name])
                errors.append(
                    f"{where}: parameter '{name}' must be one of {choices}, got {value!r} / "
                    f"参数“{name}”应为 {'、'.join(PARAM_CHOICES[name])} 之一"
                )
    source = raw.get("source")
    if "source" in raw:
        if not isinstance(source, Mapping):
            errors.append(
                f"{where}: source must be a table with seed, plan and quote / source 应包含 seed、plan、quote"
            )
        else:
            for key in source:
                if key not in _SOURCE_REQUIRED + _SOURCE_OPTIONAL:
                    errors.append(f"{where}: unknown key 'source.{key}' / 未知字段“source.{key}”")
            for key in _SOURCE_REQUIRED:
                if not isinstance(source.get(key), str) or not source.get(key, "").strip():
                    errors.append(
                        f"{where}: source.{key} is missing: every target names the plan and the sentence it comes from / "
                        f"缺少出处 source.{key}"
                    )
    return errors


def parse_targets(document: Mapping[str, Any], *, catalog: Catalog, origin: str = "<string>") -> dict[str, Target]:
    """Build targets from a parsed TOML document, or raise one ConfigError listing every problem.

    Every target must measure an indicator of ``catalog``; its unit comes from there.
    """
    errors: list[str] = []
    for key in document:
        if key not in ("version", "target", "check"):
            errors.append(
                f"{origin}: unknown top-level key '{key}' (expected 'version', [[target]] and [[check]] tables) / "
                f"未知顶层字段“{key}”"
            )
    errors += _check_checks(document.get("check", []), origin, catalog)
    if document.get("version") != 1:
        errors.append(f"{origin}: version must be 1 / 版本号应为 1")
    raws = document.get("target", [])
    if not isinstance(raws, list) or not raws:
        errors.append(f"{origin}: no [[target]] tables / 没有目标")
        raws = []
    targets: dict[str, Target] = {}
    for number, raw in enumerate(raws, start=1):
        where = f"{origin} › target #{number} ({raw.get('id', '?')})"
        problems = _check_target(raw, where, catalog)
        if raw.get("id") in targets:
            problems.append(f"{where}: duplicate id '{raw['id']}' / 目标编号重复")
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
            params=dict(raw.get("params", {})),
            note=raw.get("note", ""),
        )
    if errors:
        raise ConfigError(
            "\n".join([f"{len(errors)} problem(s) in the targets file / 目标配置文件有 {len(errors)} 处问题:", *errors])
        )
    return targets


def _read_document(path: str | os.PathLike[str]) -> tuple[dict[str, Any], str]:
    """The parsed TOML of a targets file and its name for messages; a clear error when unreadable."""
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: targets file not found / 找不到目标配置文件") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}) / 不是有效的 TOML 文件") from exc
    return document, str(path)


def load_targets(path: str | os.PathLike[str] = DEFAULT_TARGETS, *, catalog: Catalog) -> dict[str, Target]:
    """Read and check a targets file (``data/targets.toml`` by default) against ``catalog``."""
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
        return [f"{origin}: 'check' must be [[check]] tables / check 应为 [[check]] 表"]
    errors: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(raws, start=1):
        where = f"{origin} › check #{number} ({raw.get('id', '?') if isinstance(raw, Mapping) else '?'})"
        if not isinstance(raw, Mapping):
            errors.append(f"{where}: must be a table / 应为表")
            continue
        for key in raw:
            if key not in _CHECK_KEYS:
                errors.append(f"{where}: unknown key '{key}' (allowed: {', '.join(_CHECK_KEYS)}) / 未知字段“{key}”")
        spec = catalog.checks.get(raw.get("id", ""))
        if spec is None:
            errors.append(f"{where}: unknown check '{raw.get('id')}'; known: {', '.join(catalog.checks)} / 未知核查项")
            continue
        if spec.id in seen:
            errors.append(f"{where}: duplicate check '{spec.id}' / 核查项重复")
        seen.add(spec.id)
        for key in ("title_zh", "title_en", "bureau", "note", "basis"):
            if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
                errors.append(f"{where}: '{key}' must be non-empty text / “{key}”应为非空文本")
        params = raw.get("params", {})
        if not isinstance(params, Mapping):
            errors.append(f"{where}: params must be a table / params 应为表")
            continue
        for name, value in params.items():
            if name not in spec.params:
                allowed = ", ".join(spec.params) or "none"
                errors.append(
                    f"{where}: unknown parameter '{name}' for {spec.id} (allowed: {allowed}) / 未知参数“{name}”"
                )
            elif not _type_ok(value, spec.params[name]):
                errors.append(
                    f"{where}: parameter '{name}' has the wrong type ({type(value).__name__}) / 参数“{name}”类型错误"
                )
            elif _type_ok(value, (int, float)) and value < 0:
                errors.append(f"{where}: parameter '{name}' must not be negative / 参数“{name}”不能为负")
    return errors


def parse_checks(document: Mapping[str, Any], *, catalog: Catalog, origin: str = "<string>") -> dict[str, Check]:
    """Every check of ``catalog`` with the parameters of the document's [[check]] tables.

    A check the document does not mention runs with the catalogue's defaults, so a targets file
    without [[check]] tables still gets the checks. Raises :class:`ConfigError` on a bad table.
    """
    errors = _check_checks(document.get("check", []), origin, catalog)
    if errors:
        head = (
            f"{len(errors)} problem(s) in the checks of the targets file / 目标配置文件的核查项有 {len(errors)} 处问题:"
        )
        raise ConfigError("\n".join([head, *errors]))
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


def load_checks(path: str | os.PathLike[str] = DEFAULT_TARGETS, *, catalog: Catalog) -> dict[str, Check]:
    """Read the [[check]] tables of a targets file (``data/targets.toml`` by default) against ``catalog``."""
    document, origin = _read_document(path)
    return parse_checks(document, catalog=catalog, origin=origin)
