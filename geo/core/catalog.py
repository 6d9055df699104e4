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

from geo.core.units import DEFAULT_RURAL, RURAL_SCOPES

Unit = Literal["share", "yuan", "count"]
LEVELS = ("feature", "natural_village", "admin_village", "township", "county", "province")
NUMBER = (int, float)  # the parameter type of a distance, a cost or a threshold: either kind of TOML number


@dataclass(frozen=True)
class Choice:
    """A text parameter that takes one of ``values``, ``default`` when a target does not set it."""

    values: tuple[str, ...]
    default: str


ParamType = type | tuple[type, ...] | Choice  # what a declared parameter accepts
# ``rural``: which village-level units a target counts (geo.core.units.RURAL_SCOPES). Every indicator
# declares it (``params={**RURAL, ...}``), so every target inherits the default — village committees
# only — and a plan file may set another one per target (``[target.params] rural = "all"``).
RURAL: Mapping[str, ParamType] = {"rural": Choice(RURAL_SCOPES, DEFAULT_RURAL)}


@dataclass(frozen=True)
class IndicatorSpec:
    """What an indicator measures and which definition parameters it accepts (name → type or :class:`Choice`).

    A :class:`Choice` parameter carries its default (:attr:`defaults`), which a target that does
    not set it inherits when its file is loaded.

    ``domain`` is the theme it belongs to: the dashboard page that shows it (water, roads,
    telecom, sanitation, relocation, pv) or, for indicators without a page, services or economy.
    """

    id: str
    title_zh: str
    title_en: str
    unit: Unit
    bureau: str
    domain: str
    params: Mapping[str, ParamType] = field(default_factory=dict)

    @property
    def defaults(self) -> dict[str, object]:
        """The declared defaults of the parameters (those of the :class:`Choice` parameters)."""
        return {name: p.default for name, p in self.params.items() if isinstance(p, Choice)}


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
    params: Mapping[str, ParamType] = field(default_factory=dict)
    defaults: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Catalog:
    """Every declared indicator and check by id, in declaration order (see :mod:`geo.analysis.catalog`)."""

    indicators: Mapping[str, IndicatorSpec]
    checks: Mapping[str, CheckSpec]

    def in_domain(self, domain: str) -> tuple[str, ...]:
        """Ids of the indicators of ``domain``, in declaration order (the order a page shows them)."""
        return tuple(spec.id for spec in self.indicators.values() if spec.domain == domain)
