"""Rural express delivery (快递进村): admin villages with an express point.

``logistics.express_admin_villages``: an express point (facility kind ``express_point``) in the
village or within ``max_distance_m`` of its seat; the rule is
:func:`geo.analysis.indicators.village_facilities.village_service`.
"""

from __future__ import annotations

from geo.analysis.context import Context
from geo.analysis.indicators.village_facilities import Service, village_service
from geo.analysis.result import Indicator, IndicatorResult
from geo.core.catalog import NUMBER, RURAL, IndicatorSpec
from geo.core.targets import Target

EXPRESS = Service("express_point")


def express_admin_villages(ctx: Context, target: Target) -> IndicatorResult:
    """Share of admin villages with an express point in the village or within max_distance_m of its seat."""
    return village_service(ctx, target, EXPRESS)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        IndicatorSpec(
            "logistics.express_admin_villages",
            "快递进村比例",
            "Admin villages with an express point",
            "share",
            "县邮政管理局",
            domain="services",
            params={**RURAL, "max_distance_m": NUMBER},
        ),
        compute=express_admin_villages,
    ),
)
