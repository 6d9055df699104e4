"""The shape of the indicator catalogue: what an indicator or check declares, and what a targets file is checked against.

Indicator ids are stable strings because targets, reports, exports and tests name them. Each
indicator module of ``geo/analysis/indicators/`` declares its indicators beside their compute
functions (an :class:`IndicatorSpec` each); :mod:`geo.analysis.catalog` gathers them into one
:class:`Catalog`, and the targets loader (:mod:`geo.core.targets`) checks every plan file (``data/plans/``)
against it, so a typo in a target file is caught when it is loaded, not in a report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Unit = Literal["share", "yuan", "count"]
LEVELS = ("feature", "natural_village", "admin_village", "township", "county", "province")
NUMBER = (int, float)  # the parameter type of a distance, a cost or a threshold: either kind of TOML number


@dataclass(frozen=True)
class IndicatorSpec:
    """What an indicator measures and which definition parameters it accepts (name → type).

    ``domain`` is the theme it belongs to: the dashboard page that shows it (water, roads,
    telecom, sanitation, relocation, pv) or, for indicators without a page, services or economy.
    """

    id: str
    title_zh: str
    title_en: str
    unit: Unit
    bureau: str
    domain: str
    params: Mapping[str, type | tuple[type, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckSpec:
    """A consistency check: gap rows with a documented rule but no planning target.

    Checks report where the ledger and the map disagree, or where an asset is overloaded; no
    plan sets a number for them, so they are not targets (a target of a plan file
    measures an indicator, never a check). Their parameters may be set in the targets file
    under ``[[check]]``; ``defaults`` apply when the file does not set them.
    """

    id: str
    title_zh: str
    title_en: str
    bureau: str
    params: Mapping[str, type | tuple[type, ...]] = field(default_factory=dict)
    defaults: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Catalog:
    """Every declared indicator and check by id, in declaration order (see :mod:`geo.analysis.catalog`)."""

    indicators: Mapping[str, IndicatorSpec]
    checks: Mapping[str, CheckSpec]

    def in_domain(self, domain: str) -> tuple[str, ...]:
        """Ids of the indicators of ``domain``, in declaration order (the order a page shows them)."""
        return tuple(spec.id for spec in self.indicators.values() if spec.domain == domain)
