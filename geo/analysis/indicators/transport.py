"""Rural passenger transport (农村客运): admin villages with bus service.

``transport.bus_admin_villages`` (建制村通客车): a bus stop (facility kind ``bus_stop``) in the
village or within ``max_distance_m`` of its seat; the rule is
:func:`geo.analysis.indicators.village_facilities.village_service`.
"""

from __future__ import annotations

from geo.analysis.context import Context
from geo.analysis.indicators.village_facilities import Service, village_service
from geo.analysis.result import Indicator, IndicatorResult
from geo.core.catalog import NUMBER, RURAL, IndicatorSpec
from geo.core.targets import Target

BUS = Service("bus_stop")


def bus_admin_villages(ctx: Context, target: Target) -> IndicatorResult:
    """Share of admin villages with bus service: a bus stop in the village or within max_distance_m of its seat."""
    return village_service(ctx, target, BUS)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        IndicatorSpec(
            "transport.bus_admin_villages",
            "建制村通客车比例",
            "Admin villages with bus service",
            "share",
            "县交通运输局",
            domain="roads",
            params={**RURAL, "max_distance_m": NUMBER},
        ),
        compute=bus_admin_villages,
    ),
)
