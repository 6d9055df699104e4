"""The shape of the indicator catalogue: what an indicator or check declares, and what a targets file is checked against.

Indicator ids are stable strings because targets, reports, exports and tests name them. Each
indicator module of ``geo/analysis/indicators/`` declares its indicators beside their compute
functions (an :class:`IndicatorSpec` each); :mod:`geo.analysis.catalog` gathers them into one
:class:`Catalog`, and the targets loader (:mod:`geo.core.targets`) checks ``data/targets.toml``
against it, so a typo in a target file is caught when it is loaded, not in a report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from geo.core.units import RURAL_SCOPES

Unit = Literal["share", "yuan", "count"]
LEVELS = ("feature", "natural_village", "admin_village", "township", "county", "province")
NUMBER = (int, float)  # the parameter type of a distance, a cost or a threshold: either kind of TOML number
# Parameters every target accepts whatever its indicator (name → type), and the values a text one may take:
# ``rural`` says which village-level units the target counts (geo.core.units.RURAL_SCOPES).
COMMON_PARAMS: Mapping[str, type | tuple[type, ...]] = {"rural": str}
PARAM_CHOICES: Mapping[str, tuple[str, ...]] = {"rural": RURAL_SCOPES}


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
    plan sets a number for them, so they are not targets (a target of ``data/targets.toml``
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
