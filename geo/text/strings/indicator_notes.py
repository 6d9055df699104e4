"""Remarks of the indicators (``IndicatorResult.notes``): what was missing or capped, and a summary line.

Shown as one line in both languages (:func:`geo.text.i18n.bilingual`) on the domain pages and in the
report's notes.
"""

STRINGS: dict[str, tuple[str, str]] = {
    # a layer the indicator needs is missing or empty
    "note.no_roads": ("没有道路数据", "no roads"),
    "note.no_county_roads": ("数据中没有县道", "no county roads in the data"),
    "note.no_townships": ("没有乡镇数据", "no townships"),
    "note.no_admin_villages": ("没有行政村数据", "no admin villages"),
    "note.no_natural_villages": ("没有自然村数据", "no natural villages"),
    "note.no_water_works": ("没有供水工程数据", "no water works"),
    "note.no_pv_stations": ("没有光伏扶贫电站数据", "no PV stations"),
    "note.no_relocation_sites": ("没有易地扶贫搬迁安置点数据", "no relocation sites"),
    "note.no_service_areas": (
        "数据中没有供水范围图层（water_service_areas），未核查台账与供水范围是否一致",
        "no water_service_areas layer: the ledger was not checked against service areas",
    ),
    "note.no_sewage": (
        "没有自然村污水治理数据（sewage_treated）",
        "no sewage data (sewage_treated) on the natural villages",
    ),
    "note.no_income": (
        "行政村图层没有村集体经济收入字段（collective_income_yuan），未计算",
        "admin_villages has no collective_income_yuan",
    ),
    "note.no_dem": (
        "数据中没有数字高程模型（dem），仅按覆盖半径判断，未考虑山体遮挡",
        "no DEM: radius only, terrain not considered",
    ),
    "note.nothing_5g": ("没有乡镇驻地或重点行政村", "nothing to measure"),
    "note.no_larger_villages": (
        "没有较大人口规模自然村（{households} 户或 {people} 人以上）",
        "no larger natural villages ({households} households or {people} people and more)",
    ),
    # values left out, assumed or capped
    "note.income_missing": (
        "{n} 个行政村未填报村集体经济收入，未计入",
        "{n} admin villages without collective income left out",
    ),
    "note.pv_province_total": (
        "目标“{title}”为全省总量，县级数据只报告收益，不作达标判定",
        "“{title}” is a province-wide target: the county's revenue is reported, not judged",
    ),
    "note.pv_revenue_missing": (
        "{n} 座电站未填报年收益，按 0 计",
        "{n} stations without annual revenue counted as 0",
    ),
    "note.labour_missing": (
        "{n} 个安置点未填报有劳动力户数，按搬迁户数计",
        "{n} sites without labour_households: all households counted as having labour",
    ),
    "note.employed_capped": (
        "{n} 个安置点的就业户数大于有劳动力户数，已按有劳动力户数计",
        "{n} sites with more employed than labour households (capped)",
    ),
    "note.toilets_capped": (
        "{n} 个自然村的卫生厕所户数大于总户数，已按总户数计",
        "{n} natural villages record more sanitary toilets than households (capped at the households)",
    ),
    # a target or check without a declared indicator (geo/analysis/report.py)
    "report.undeclared": (
        "以下目标或核查项没有已声明的指标：{items}",
        "no declared indicator or check for: {items}",
    ),
    # summary lines
    "note.telecom_population": (
        "{tech} 信号覆盖人口 {pct}（{covered:.0f} / {total:.0f} 人，按自然村计）",
        "{tech} population covered {pct} ({covered:.0f} / {total:.0f} people, by natural village)",
    ),
    "note.telecom_no_villages": ("{tech} 覆盖人口：没有自然村数据", "{tech} population covered: no natural villages"),
    "note.county_roads_grade": (
        "县道 {total_km:.1f} 公里，其中{grade}及以上 {ok_km:.1f} 公里；需升级 {bad_km:.1f} 公里，约 {cost_wan:.0f} 万元",
        "county roads {total_km:.1f} km, {ok_km:.1f} km of grade {grade} or better; {bad_km:.1f} km to upgrade, "
        "about {cost_wan:.0f} × 10k yuan",
    ),
    "note.hardened_villages": (
        "较大人口规模自然村 {n} 个（{households} 户或 {people} 人以上），通硬化路 {reached} 个；"
        "未通的需硬化约 {km:.1f} 公里，约 {cost_wan:.0f} 万元",
        "{n} larger natural villages ({households} households or {people} people and more), {reached} on a hardened "
        "road; the others need about {km:.1f} km hardened, about {cost_wan:.0f} × 10k yuan",
    ),
    "note.double_lane_villages": (
        "建制村 {n} 个，通双车道 {reached} 个；未通的需改建约 {km:.1f} 公里，约 {cost_wan:.0f} 万元",
        "{n} admin villages, {reached} on a two-lane road; the others need about {km:.1f} km rebuilt, "
        "about {cost_wan:.0f} × 10k yuan",
    ),
}
