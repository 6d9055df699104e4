"""Indicator functions, one module per domain; the registry is gathered from the modules.

Each domain module exposes ``INDICATOR_FUNCTIONS: dict[str, IndicatorFunction]`` keyed by the
indicator ids of :data:`geo.core.catalog.INDICATORS`, and may expose ``CHECK_FUNCTIONS:
dict[str, CheckFunction]`` keyed by the check ids of :data:`geo.core.catalog.CHECKS`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping

from geo.analysis.result import CheckFunction, IndicatorFunction


def _gather(attribute: str) -> dict[str, IndicatorFunction]:
    functions: dict[str, IndicatorFunction] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for indicator_id, function in getattr(module, attribute, {}).items():
            if indicator_id in functions:
                raise RuntimeError(f"{attribute} {indicator_id} is defined twice (second in {module.__name__})")
            functions[indicator_id] = function
    return functions


REGISTRY: Mapping[str, IndicatorFunction] = _gather("INDICATOR_FUNCTIONS")
CHECK_REGISTRY: Mapping[str, CheckFunction] = _gather("CHECK_FUNCTIONS")  # type: ignore[assignment]
