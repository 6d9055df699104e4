"""The indicator catalogue: every indicator and check, gathered from the modules that declare them.

Each module of :mod:`geo.analysis.indicators` declares its indicators beside their functions
(module-level ``INDICATORS``: :class:`~geo.analysis.result.Indicator` tuples; ``CHECKS``:
:class:`~geo.analysis.result.CheckRule` tuples). This module gathers them in the order of
:data:`MODULES` — the order pages and error messages list them — and refuses an id declared twice.
:data:`CATALOG` holds the specs alone, the shape :mod:`geo.core.targets` checks a targets file
against (core does not import analysis, so the loaders take it as a parameter).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import ModuleType
from typing import TypeVar

from geo.analysis.indicators import (
    economy,
    health,
    logistics,
    pv,
    relocation,
    road_grades,
    roads,
    sanitation,
    telecom,
    transport,
    water,
)
from geo.analysis.result import CheckRule, Indicator
from geo.core.catalog import Catalog

MODULES: tuple[ModuleType, ...] = (
    water,
    telecom,
    roads,
    road_grades,
    transport,
    logistics,
    sanitation,
    health,
    relocation,
    pv,
    economy,
)

_Declared = TypeVar("_Declared", Indicator, CheckRule)


def gather(attribute: str, modules: Iterable[ModuleType]) -> dict[str, _Declared]:
    """The declarations in ``module.<attribute>`` of every module by id; an id declared twice is an error."""
    gathered: dict[str, _Declared] = {}
    where: dict[str, str] = {}
    for module in modules:
        for declared in getattr(module, attribute, ()):
            key = declared.spec.id
            if key in gathered:
                raise RuntimeError(f"{key} is declared twice: in {where[key]} and in {module.__name__}")
            gathered[key], where[key] = declared, module.__name__
    return gathered


INDICATORS: Mapping[str, Indicator] = gather("INDICATORS", MODULES)
CHECKS: Mapping[str, CheckRule] = gather("CHECKS", MODULES)
CATALOG = Catalog(
    indicators={key: indicator.spec for key, indicator in INDICATORS.items()},
    checks={key: check.spec for key, check in CHECKS.items()},
)
