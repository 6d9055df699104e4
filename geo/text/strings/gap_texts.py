"""Texts of the gap rows: the reason (问题说明) and what it takes (整改需求) of every indicator and check.

Templates for :func:`geo.text.templates.render`: ``{field}`` is text, ``{field:int}`` a whole
number, ``{field:pct}`` a share as a percentage, ``{field:km}`` metres as kilometres,
``{field:wan}`` yuan as 万元. A feature is named by its name in Chinese and by its id in English
(names are Chinese data). Keys: ``gap.<indicator or check id>.<reason|need>[.<variant>]``;
texts shared by several indicators (water supply, road reach, village services, mobile sites)
sit under ``gap.<topic>``; ``…term…`` entries are words that fill a template.
"""

STRINGS: dict[str, tuple[str, str]] = {
    # --- water.centralized_rate, water.tap_rate -------------------------------------------------
    "gap.water.centralized_rate.reason": (
        "该自然村未通集中供水（台账：{supply}），影响 {people:int} 人",
        "Not on centralized water supply (ledger: {supply}); {people:int} people",
    ),
    "gap.water.tap_rate.reason": (
        "该自然村尚未通自来水（台账：{supply}），影响 {people:int} 人",
        "No tap water (ledger: {supply}); {people:int} people",
    ),
    "gap.water.supply_kind.centralized": ("集中供水", "centralized"),
    "gap.water.supply_kind.tap": ("自来水（分散式）", "tap"),
    "gap.water.supply_kind.dispersed": ("分散供水", "dispersed"),
    "gap.water.supply_kind.none": ("无供水保障", "none"),
    "gap.water.supply.need.nearest": (
        "最近的供水工程「{works}」距该村 {distance:km} 公里，可延伸管网或新建集中供水工程",
        "The nearest water works ({works}) is {distance:km} km away: extend its mains or build a centralized "
        "supply works",
    ),
    "gap.water.supply.need.no_works": (
        "数据中没有供水工程，需规划新建集中供水工程",
        "The data hold no water works: plan a new centralized supply works",
    ),
    "gap.water.supply.need.in_area": (
        "位于「{area}」供水范围内，宜核实入户管网后接入",
        "Inside the service area of {area}: check the household pipes and connect the village",
    ),
    # --- water.ledger_discrepancy -----------------------------------------------------------------
    "gap.water.ledger_discrepancy.reason.claimed": (
        "台账为集中供水，但不在任何供水工程的供水范围内，涉及 {people:int} 人",
        "Ledger says centralized, but outside every service area; {people:int} people",
    ),
    "gap.water.ledger_discrepancy.reason.unserved": (
        "位于「{area}」供水范围内，但台账为{supply}，影响 {people:int} 人",
        "Inside the service area of {area}, but the ledger says {supply}; {people:int} people",
    ),
    "gap.water.ledger_discrepancy.need.claimed": (
        "核实供水方式：确属集中供水的补绘供水范围，否则更正台账",
        "Check the supply: if it is centralized, draw the works' service area; otherwise correct the ledger",
    ),
    "gap.water.ledger_discrepancy.need.unserved": (
        "核实是否已通水：已通水的更正台账，未通水的接入管网",
        "Check whether piped water arrives: if it does, correct the ledger; if not, connect the village to the mains",
    ),
    # --- water.works_overload ---------------------------------------------------------------------
    "gap.water.works_overload.reason": (
        "设计供水规模 {capacity:int} m³/日（按人均 {per_capita} m³/日 可供约 {capacity_people:int} 人），"
        "实际服务{basis} {served:int} 人，负荷 {load:pct}",
        "Capacity {capacity:int} m³/day (about {capacity_people:int} people at {per_capita} m³/day each) "
        "serves {served:int} people ({basis}); load {load:pct}",
    ),
    "gap.water.works_overload.term.basis_nearest": (
        "就近归属的集中供水自然村人口（无供水范围图层）",
        "centralized natural villages nearest to the works, no service-area layer",
    ),
    "gap.water.works_overload.term.basis_areas": (
        "供水范围内集中供水自然村人口",
        "centralized natural villages inside its service area",
    ),
    "gap.water.works_overload.term.basis_mixed": (
        "供水范围内（无供水范围的工程按就近归属）集中供水自然村人口",
        "centralized natural villages inside its service area, or nearest to it where it has none",
    ),
    "gap.water.works_overload.need": (
        "扩容约 {extra:int} m³/日，或由邻近工程分担供水",
        "Expand by about {extra:int} m³/day, or let neighbouring works share the supply",
    ),
    # --- sanitation.garbage_natural_villages ------------------------------------------------------
    "gap.sanitation.garbage_natural_villages.reason": (
        "该自然村生活垃圾未纳入收运处置体系，影响 {people:int} 人",
        "No garbage collection; {people:int} people",
    ),
    "gap.sanitation.garbage_natural_villages.need.nearest": (
        "纳入“村收集、镇转运、县处理”体系；最近的垃圾中转站「{station}」距该村 {distance:km} 公里",
        "Bring the village into the village-collects, township-transfers, county-treats system; the nearest "
        "garbage transfer station ({station}) is {distance:km} km away",
    ),
    "gap.sanitation.garbage_natural_villages.need.none": (
        "纳入“村收集、镇转运、县处理”体系，配置垃圾收集点和保洁员",
        "Bring the village into the village-collects, township-transfers, county-treats system, with collection "
        "points and cleaners",
    ),
    # --- sanitation.sewage_natural_villages -------------------------------------------------------
    "gap.sanitation.sewage_natural_villages.reason": (
        "该自然村生活污水未治理，影响 {people:int} 人",
        "Domestic sewage not treated; {people:int} people",
    ),
    "gap.sanitation.sewage_natural_villages.need": (
        "纳入农村生活污水治理：接入管网或建设小型处理设施",
        "Bring the village's sewage into treatment: a sewer connection or a small treatment facility",
    ),
    # --- sanitation.sanitary_toilet_rate ----------------------------------------------------------
    "gap.sanitation.sanitary_toilet_rate.reason": (
        "卫生厕所 {have:int}/{households:int} 户（{share:pct}），低于 {target:pct}，尚有 {missing:int} 户未改厕",
        "Sanitary toilets in {have:int} of {households:int} households ({share:pct}), below {target:pct}; "
        "{missing:int} households still without one",
    ),
    "gap.sanitation.sanitary_toilet_rate.need": (
        "达标需再改厕 {to_target:int} 户，全部改厕需 {missing:int} 户",
        "Equip {to_target:int} more households to reach the target, {missing:int} to equip them all",
    ),
    # --- economy.collective_income (one reason per comparison of the target) ----------------------
    "gap.economy.collective_income.reason.gt": (
        "村集体经济年收入 {income:int} 元，未超过 {target} 元",
        "Collective income {income:int} yuan, target > {target}",
    ),
    "gap.economy.collective_income.reason.ge": (
        "村集体经济年收入 {income:int} 元，低于 {target} 元",
        "Collective income {income:int} yuan, target >= {target}",
    ),
    "gap.economy.collective_income.reason.le": (
        "村集体经济年收入 {income:int} 元，高于 {target} 元",
        "Collective income {income:int} yuan, target <= {target}",
    ),
    "gap.economy.collective_income.need": (
        "还需增收约 {short:int} 元（发展村级集体经济项目、盘活集体资产）",
        "About {short:int} yuan more a year (start village collective projects, put idle collective assets to use)",
    ),
    # --- relocation.employed_households -----------------------------------------------------------
    "gap.relocation.employed_households.reason": (
        "有劳动能力的搬迁家庭 {labour:int} 户中 {employed:int} 户有稳定就业，{missing:int} 户尚无人稳定就业",
        "{missing:int} of {labour:int} relocated households with labour have no one in stable work "
        "({employed:int} have someone)",
    ),
    "gap.relocation.employed_households.need": (
        "帮助 {missing:int} 户各至少 1 人稳定就业（扶贫车间、公益性岗位、劳务输出）",
        "Help {missing:int} households into stable work, at least one person each (poverty-relief workshops, "
        "public-welfare jobs, labour export)",
    ),
    # --- relocation.service_access (reason = school part；clinic part) -----------------------------
    "gap.relocation.service_access.reason": ("{school}；{clinic}", "{school}; {clinic}"),
    "gap.relocation.service_access.part.near": (
        "沿道路到最近的{what} {distance:km} 公里",
        "nearest {what} {distance:km} km by road",
    ),
    "gap.relocation.service_access.part.far": (
        "沿道路到最近的{what} {distance:km} 公里（超过 {limit} 公里）",
        "nearest {what} {distance:km} km by road (over {limit} km)",
    ),
    "gap.relocation.service_access.part.unreachable": (
        "道路网络上到不了任何{what}",
        "no {what} reachable on the road network",
    ),
    "gap.relocation.service_access.term.school": ("学校", "school"),
    "gap.relocation.service_access.term.clinic": ("卫生室", "clinic"),
    "gap.relocation.service_access.need.both": (
        "就近配建学校和卫生室，或开通校车、巡回医疗",
        "Build a school and a clinic nearby, or run a school bus and mobile clinic visits",
    ),
    "gap.relocation.service_access.need.school": (
        "就近配建学校或开通校车",
        "Build a school nearby or run a school bus",
    ),
    "gap.relocation.service_access.need.clinic": (
        "就近配建村卫生室或安排巡回医疗",
        "Build a village clinic nearby or arrange mobile clinic visits",
    ),
    # --- village services: transport.bus_admin_villages, logistics.express_admin_villages,
    #     health.clinic_admin_villages, health.township_hospitals ----------------------------------
    "gap.service.reason.in_village": (
        "该行政村内没有{kind}，影响 {people:int} 人",
        "No {kind} in the village; {people:int} people",
    ),
    # {limit}: the distance, in 公里 in Chinese and in metres in English.
    "gap.service.reason.near_seat": (
        "该行政村内及村委会 {limit} 公里范围内没有{kind}，影响 {people:int} 人",
        "No {kind} in the village or within {limit} m of its seat; {people:int} people",
    ),
    "gap.service.reason.substandard": (
        "{kind}未达到标准化要求，影响 {people:int} 人",
        "The {kind} does not meet the standard; {people:int} people",
    ),
    "gap.health.township_hospitals.reason.none": (
        "该乡镇没有政府办乡镇卫生院，影响 {people:int} 人",
        "No standard township hospital; {people:int} people",
    ),
    "gap.service.need.nearest": (
        "{need}；最近的{kind}「{facility}」距村委会 {distance:km} 公里",
        "{need}; the nearest {kind} ({facility}) is {distance:km} km from the village committee",
    ),
    "gap.service.need.substandard": ("按标准化要求改造{kind}", "Upgrade the {kind} to the standard"),
    "gap.service.need.bus_stop": ("延伸农村客运线路或增设招呼站", "Extend a rural bus line or add a request stop"),
    "gap.service.need.express_point": (
        "依托村级综合服务中心或邮政网点设立村级快递服务点",
        "Set up a village express delivery point in the village service centre or a post office",
    ),
    "gap.service.need.clinic": ("新建标准化村卫生室", "Build a standard village clinic"),
    "gap.service.need.township_hospital": ("建设政府办标准化乡镇卫生院", "Build a standard public township hospital"),
    "gap.service.term.bus_stop": ("客运站点", "bus stop"),
    "gap.service.term.express_point": ("快递服务点", "express delivery point"),
    "gap.service.term.clinic": ("村卫生室", "village clinic"),
    "gap.service.term.township_hospital": ("乡镇卫生院", "township hospital"),
    # --- pv.ownership_confirmed, pv.operating, pv.inspection_on_time -------------------------------
    "gap.pv.ownership_confirmed.reason": (
        "电站（{kind}，装机 {capacity:int} kW）尚未确权到村",
        "Ownership not confirmed to the village ({kind}, {capacity:int} kW)",
    ),
    "gap.pv.ownership_confirmed.need": (
        "办理资产确权，明确产权归属村集体",
        "Confirm the asset's ownership and register it to the village collective",
    ),
    "gap.pv.operating.reason": (
        "电站（{kind}，装机 {capacity:int} kW）运行状态为{status}",
        "Station is {status} ({kind}, {capacity:int} kW)",
    ),
    "gap.pv.operating.need": (
        "尽快组织运维检修，恢复并网发电",
        "Arrange maintenance and repair soon to bring the station back onto the grid",
    ),
    "gap.pv.inspection_on_time.reason.never": (
        "电站（{kind}，装机 {capacity:int} kW）没有巡查记录",
        "No inspection recorded ({kind}, {capacity:int} kW)",
    ),
    "gap.pv.inspection_on_time.reason.operating": (
        "最近一次巡查为 {last}，距 {as_of} 已 {days:int} 天，超过经营性资产每月巡查要求（{allowed:int} 天）",
        "Last inspection on {last}, {days:int} days before {as_of}: beyond the monthly inspection of operating "
        "assets ({allowed:int} days)",
    ),
    "gap.pv.inspection_on_time.reason.public_welfare": (
        "最近一次巡查为 {last}，距 {as_of} 已 {days:int} 天，超过公益性资产每季度巡查要求（{allowed:int} 天）",
        "Last inspection on {last}, {days:int} days before {as_of}: beyond the quarterly inspection of "
        "public-welfare assets ({allowed:int} days)",
    ),
    "gap.pv.inspection_on_time.need": (
        "立即开展巡查管护并登记巡查记录",
        "Inspect and maintain the station now and record the inspection",
    ),
    "gap.pv.term.village": ("村级电站", "village station"),
    "gap.pv.term.centralized": ("集中式电站", "centralized station"),
    "gap.pv.term.household": ("户用电站", "household station"),
    "gap.pv.term.normal": ("正常", "normal"),
    "gap.pv.term.faulty": ("故障", "faulty"),
    "gap.pv.term.offline": ("停运", "offline"),
    # --- telecom.g4_admin_villages, telecom.g5_seats_key_villages ---------------------------------
    # {tech}: the sites the indicator counts (.tech.<indicator tech>), {build}: what to build
    # (.build.…), {site_tech}: the named site's own network (.site_tech.…). A 5G site serves 4G
    # handsets too, so the 4G indicator counts it and must not call it a 4G site.
    "gap.telecom.reason.outside": (
        "{where}不在任何{tech}基站覆盖半径内；最近的基站 {site}（{site_tech}）距 {distance:km} 公里（覆盖半径 {radius:int} 米）",
        "{where} is outside every {tech} site's radius; the nearest site, {site} ({site_tech}), is {distance:km} km "
        "away (radius {radius:int} m)",
    ),
    "gap.telecom.reason.blocked": (
        "{where}在基站 {site}（{site_tech}）覆盖半径内（距 {distance:km} 公里），但被山体遮挡，无视距",
        "{where} is within the radius of site {site} ({site_tech}, {distance:km} km away) but blocked by terrain: "
        "no line of sight",
    ),
    "gap.telecom.reason.no_sites": ("数据中没有{tech}基站", "The data hold no {tech} sites"),
    "gap.telecom.need.blocked": (
        "调整天线挂高/方向，或在遮挡处新建{build}基站 1 座",
        "Raise or re-aim the antenna, or build one {build} site where the terrain blocks the signal",
    ),
    "gap.telecom.need.outside": (
        "新建{build}基站 1 座，或扩大邻近基站覆盖",
        "Build one {build} site, or extend the coverage of a nearby site",
    ),
    "gap.telecom.tech.4G": ("4G（含5G）", "4G (or 5G)"),
    "gap.telecom.tech.5G": ("5G", "5G"),
    "gap.telecom.build.4G": ("4G或5G", "4G or 5G"),
    "gap.telecom.build.5G": ("5G", "5G"),
    "gap.telecom.site_tech.4G": ("4G", "4G"),
    "gap.telecom.site_tech.5G": ("5G", "5G"),
    "gap.telecom.site_tech.5G_serving_4G": ("5G，兼容4G", "5G, also serving 4G"),
    "gap.telecom.term.village": ("村委会（或主要自然村）", "The village committee (or main natural village)"),
    "gap.telecom.term.seat": ("乡镇驻地", "The township seat"),
    "gap.telecom.seat_suffix": ("驻地", " seat"),
    "gap.telecom.term.key_village": ("重点行政村村委会", "The key village's committee"),
    # --- road.hardened_natural_villages, road.double_lane_admin_villages, road.township_grade3_access:
    #     reason = the problem (.reach.…) and what it takes (.need.…) --------------------------------
    "gap.road.hardened_natural_villages.reason": ("{problem}；{need}", "{problem}. {need}"),
    "gap.road.double_lane_admin_villages.reason": ("{problem}；{need}", "{problem}. {need}"),
    "gap.road.township_grade3_access.reason": (
        "乡镇驻地未经{what}连通县城（{county_seat}）：{problem}；{need}",
        "The township seat is not connected to the county seat ({county_seat}) by a {what}. {problem}. {need}",
    ),
    # {subject}: who the problem is about when the reason does not say it (「村委会」), else empty;
    # seat_cut is about the seat, so it has none (「村委会乡镇驻地…」 read as one doubled name).
    "gap.road.reach.island": (
        "{subject}{access} 米内的{what}为孤立路段，未连通{seat}",
        "{subject}The {what} within {access} m is an island, not connected to {seat}",
    ),
    "gap.road.reach.none": (
        "{subject}{access} 米内没有{what}（最近的{what}距 {nearest:km} 公里）",
        "{subject}No {what} within {access} m (the nearest is {nearest:km} km away)",
    ),
    "gap.road.reach.seat_cut": (
        "{seat} {seat_access} 米内没有{what}，需先接入{what}网",
        "No {what} within {seat_access} m of {seat}, which must first be joined to the {what} network",
    ),
    "gap.road.need.route": (
        "需{verb} {need:int} 米，约 {cost:wan} 万元",
        "{verb}: {need:int} m, about {cost:wan} ×10k yuan",
    ),
    "gap.road.need.route_new": (
        "需{verb} {need:int} 米并新建道路约 {new:int} 米，约 {cost:wan} 万元",
        "{verb}: {need:int} m, and build about {new:int} m of new road; about {cost:wan} ×10k yuan in all",
    ),
    "gap.road.need.new_only": (
        "需新建道路约 {new:int} 米，约 {cost:wan} 万元",
        "Build about {new:int} m of new road, about {cost:wan} ×10k yuan",
    ),
    "gap.road.need.junction": (
        "路线上无需改造，需在道路交叉处（无路口）接通，费用另计",
        "Nothing on the route needs upgrading: join the roads where they cross without a junction (cost not estimated)",
    ),
    "gap.road.need.no_route": (
        "道路网络中没有可连通的路线，需规划新建道路",
        "No route on the road network: plan a new road",
    ),
    "gap.road.term.hardened": ("硬化路", "hardened road"),
    "gap.road.term.two_lane": ("双车道公路", "two-lane road"),
    "gap.road.term.grade": ("{grade}及以上公路", "road of grade {grade} or better"),
    "gap.road.term.harden": ("硬化", "Harden"),
    "gap.road.term.widen": ("改建为双车道", "Widen to two lanes"),
    "gap.road.term.upgrade": ("升级为{what}", "Upgrade to a {what}"),
    "gap.road.term.township_seat": ("乡镇驻地", "the township seat"),
    "gap.road.term.village_committee": ("村委会", "Village committee: "),
    "gap.road.term.county_seat": ("县城", "the county seat"),
    "gap.road.grade.0": ("等外", "0"),
    "gap.road.grade.1": ("一级", "1"),
    "gap.road.grade.2": ("二级", "2"),
    "gap.road.grade.3": ("三级", "3"),
    "gap.road.grade.4": ("四级", "4"),
    "gap.road.grade.n": ("{n}级", "{n}"),
    "gap.road.grade.unknown": ("未知", "unknown"),
    # --- road.county_roads_grade3 -----------------------------------------------------------------
    "gap.road.county_roads_grade3.reason": (
        "县道「{road}」路段 {segment} 技术等级为{grade}，未达{target}及以上；长 {length:km} 公里",
        "County road {road}, segment {segment}, is of grade {grade}, below grade {target}; {length:km} km long",
    ),
    "gap.road.county_roads_grade3.need": (
        "升级改造为{target}公路 {length:km} 公里，约 {cost:wan} 万元",
        "Upgrade {length:km} km to grade {target}, about {cost:wan} ×10k yuan",
    ),
    # --- units of need_amount (need_unit / need_unit_en) ---------------------------------------------
    "gap.unit.yuan_per_year": ("元/年", "yuan/year"),
    "gap.unit.kw_unconfirmed": ("kW（待确权装机）", "kW (capacity awaiting ownership confirmation)"),
    "gap.unit.kw_stopped": ("kW（停发装机）", "kW (capacity not generating)"),
    "gap.unit.days_overdue": ("天（超期）", "days (overdue)"),
    "gap.unit.households_without_job": ("户（尚无稳定就业）", "households (no stable job yet)"),
    "gap.unit.services": ("项（学校/卫生室）", "services (school/clinic)"),
    "gap.unit.m_harden": ("米（需硬化）", "m (to harden)"),
    "gap.unit.m_widen": ("米（需改建双车道）", "m (to widen to two lanes)"),
    "gap.unit.m_upgrade": ("米（需升级）", "m (to upgrade)"),
    "gap.unit.m_to_garbage_station": ("米（距最近垃圾中转站）", "m (to the nearest garbage transfer station)"),
    "gap.unit.households_toilets": ("户（达标需改厕）", "households (toilets to convert to reach the target)"),
    "gap.unit.sites": ("座（基站）", "sites (mobile base stations)"),
    "gap.unit.m_to_water_works": ("米（距最近供水工程）", "m (to the nearest water works)"),
    "gap.unit.m3d_extra": ("m³/日（扩容）", "m³/day (extra capacity)"),
    "gap.unit.m_to_service": ("米（村委会至最近{kind}）", "m (village committee to the nearest {kind})"),
}
