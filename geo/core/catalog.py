"""The catalogue of indicators a target may measure: ids, units and definition parameters.

Indicator ids are stable strings because targets, reports, exports and tests name them. The
compute functions live in ``geo/analysis/indicators/``; this catalogue is what ``data/targets.toml`` is
checked against, so a typo in a target file is caught when it is loaded, not in a report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Unit = Literal["share", "yuan", "count"]
LEVELS = ("feature", "natural_village", "admin_village", "township", "county", "province")


@dataclass(frozen=True)
class IndicatorSpec:
    """What an indicator measures and which definition parameters it accepts (name → type)."""

    id: str
    title_zh: str
    title_en: str
    unit: Unit
    bureau: str
    params: Mapping[str, type | tuple[type, ...]] = field(default_factory=dict)


_NUMBER = (int, float)

INDICATORS: Mapping[str, IndicatorSpec] = {
    spec.id: spec
    for spec in (
        IndicatorSpec("water.centralized_rate", "农村集中供水率", "Centralized water supply rate", "share", "县水利局"),
        IndicatorSpec("water.tap_rate", "自来水普及率", "Tap water rate", "share", "县水利局"),
        IndicatorSpec(
            "telecom.g4_admin_villages",
            "行政村4G网络覆盖率",
            "Admin villages with 4G",
            "share",
            "县工信局",
            {"receiver_height_m": _NUMBER, "line_of_sight": bool},
        ),
        IndicatorSpec(
            "telecom.g5_seats_key_villages",
            "乡镇驻地和重点行政村5G覆盖率",
            "Township seats and key villages with 5G",
            "share",
            "县工信局",
            {"receiver_height_m": _NUMBER, "line_of_sight": bool},
        ),
        IndicatorSpec(
            "road.hardened_natural_villages",
            "较大人口规模自然村通硬化路比例",
            "Larger natural villages reached by hardened road",
            "share",
            "县交通运输局",
            {
                "min_households": int,
                "min_population": int,
                "access_distance_m": _NUMBER,
                "hardened_surfaces": list,
                "cost_yuan_per_km": _NUMBER,
            },
        ),
        IndicatorSpec(
            "road.double_lane_admin_villages",
            "建制村通双车道比例",
            "Admin villages reached by two-lane road",
            "share",
            "县交通运输局",
            {"min_lanes": int, "min_width_m": _NUMBER, "access_distance_m": _NUMBER, "cost_yuan_per_km": _NUMBER},
        ),
        IndicatorSpec(
            "road.county_roads_grade3",
            "县道三级及以上公路里程比例",
            "County road length at grade 3 or better",
            "share",
            "县交通运输局",
            {"max_grade": int, "cost_yuan_per_km": _NUMBER},
        ),
        IndicatorSpec(
            "road.township_grade3_access",
            "乡镇通三级及以上公路比例",
            "Townships reached by grade-3 road",
            "share",
            "县交通运输局",
            {"max_grade": int},
        ),
        IndicatorSpec(
            "transport.bus_admin_villages",
            "建制村通客车比例",
            "Admin villages with bus service",
            "share",
            "县交通运输局",
            {"max_distance_m": _NUMBER},
        ),
        IndicatorSpec(
            "logistics.express_admin_villages",
            "快递进村比例",
            "Admin villages with an express point",
            "share",
            "县邮政管理局",
            {"max_distance_m": _NUMBER},
        ),
        IndicatorSpec(
            "sanitation.garbage_natural_villages",
            "生活垃圾收运处置体系覆盖自然村比例",
            "Natural villages with garbage collection",
            "share",
            "县农业农村局",
        ),
        IndicatorSpec(
            "sanitation.sanitary_toilet_rate",
            "农村户用卫生厕所普及率",
            "Households with a sanitary toilet",
            "share",
            "县农业农村局",
        ),
        IndicatorSpec(
            "health.clinic_admin_villages",
            "行政村标准化村卫生室覆盖率",
            "Admin villages with a standard clinic",
            "share",
            "县卫健委",
            {"require_standardized": bool},
        ),
        IndicatorSpec(
            "health.township_hospitals",
            "乡镇标准化卫生院覆盖率",
            "Townships with a standard health centre",
            "share",
            "县卫健委",
            {"require_standardized": bool},
        ),
        IndicatorSpec(
            "relocation.employed_households",
            "有劳动能力搬迁家庭一人以上稳定就业比例",
            "Relocated households with labour that have a stable job",
            "share",
            "县乡村振兴局",
        ),
        IndicatorSpec(
            "relocation.service_access",
            "安置点学校和卫生室可达比例",
            "Relocation sites near a school and a clinic",
            "share",
            "县发改委",
            {"max_school_m": _NUMBER, "max_clinic_m": _NUMBER},
        ),
        IndicatorSpec(
            "pv.ownership_confirmed",
            "光伏扶贫电站确权到村比例",
            "PV stations with ownership confirmed",
            "share",
            "县乡村振兴局",
        ),
        IndicatorSpec(
            "pv.operating", "光伏扶贫电站正常运行比例", "PV stations operating normally", "share", "县乡村振兴局"
        ),
        IndicatorSpec(
            "pv.inspection_on_time",
            "扶贫资产按期巡查比例",
            "PV stations inspected on time",
            "share",
            "县乡村振兴局",
            {"operating_max_days": int, "public_welfare_max_days": int},
        ),
        IndicatorSpec("pv.annual_revenue", "光伏扶贫电站年收益", "PV station annual revenue", "yuan", "县乡村振兴局"),
        IndicatorSpec(
            "economy.collective_income", "村集体经济年收入", "Village collective income", "yuan", "县农业农村局"
        ),
    )
}


@dataclass(frozen=True)
class CheckSpec:
    """A consistency check: gap rows with a documented rule but no planning target.

    Checks report where the ledger and the map disagree, or where an asset is overloaded; no
    plan sets a number for them, so they are not targets (``INDICATORS`` lists only what a
    target of ``data/targets.toml`` measures). Their parameters may be set in the targets file
    under ``[[check]]``; ``defaults`` apply when the file does not set them.
    """

    id: str
    title_zh: str
    title_en: str
    bureau: str
    params: Mapping[str, type | tuple[type, ...]] = field(default_factory=dict)
    defaults: Mapping[str, object] = field(default_factory=dict)


CHECKS: Mapping[str, CheckSpec] = {
    spec.id: spec
    for spec in (
        CheckSpec(
            "water.ledger_discrepancy",
            "供水台账与供水范围不一致",
            "Water ledger disagrees with the service areas",
            "县水利局",
        ),
        CheckSpec(
            "water.works_overload",
            "供水工程超负荷",
            "Water works serving more people than its capacity",
            "县水利局",
            {"per_capita_m3d": _NUMBER, "max_load": _NUMBER},
            {"per_capita_m3d": 0.1, "max_load": 1.0},
        ),
    )
}
