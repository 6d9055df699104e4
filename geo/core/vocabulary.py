"""Categorical values of the data contract that the core computes with, declared once.

The layer modules under ``layers/`` accept these values on import (with their Chinese labels);
the indicators and summaries compare against the same tuples, so a value is spelled in one place.
"""

from __future__ import annotations

from collections.abc import Iterable

# Road surfaces (roads.surface); hardened = asphalt or cement, the plans' 硬化路.
SURFACES = ("asphalt", "cement", "gravel", "earth")
HARDENED_SURFACES = ("asphalt", "cement")

# PV poverty-alleviation stations (pv_stations.kind, pv_stations.status).
PV_KINDS = ("village", "centralized", "household")
PV_STATUSES = ("normal", "faulty", "offline")


def surface_order(found: Iterable[str]) -> list[str]:
    """The surfaces found, the contract's in their declared order first, then any other value sorted."""
    present = set(found)
    return [s for s in SURFACES if s in present] + sorted(s for s in present if s not in SURFACES)
