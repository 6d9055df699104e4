"""Indicator functions, one module per domain; the registry is gathered from the modules.

Each domain module exposes ``INDICATOR_FUNCTIONS: dict[str, IndicatorFunction]`` keyed by the
indicator ids of :data:`geo.catalog.INDICATORS`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping

from geo.indicators.base import IndicatorFunction


def _gather() -> dict[str, IndicatorFunction]:
    functions: dict[str, IndicatorFunction] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for indicator_id, function in getattr(module, "INDICATOR_FUNCTIONS", {}).items():
            if indicator_id in functions:
                raise RuntimeError(f"indicator {indicator_id} is defined twice (second in {module.__name__})")
            functions[indicator_id] = function
    return functions


REGISTRY: Mapping[str, IndicatorFunction] = _gather()
