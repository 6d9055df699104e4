"""Strings of a new county's store (``python -m geo new`` and the 新建县 form) and of missing layers."""

STRINGS = {
    "new.unknown_county": (
        "县级代码“{code}”不在国家统计局 2023 年区划代码中（应为 6 位，如 140521 沁水县）",
        "county code '{code}' is not in the NBS 2023 division codes (6 digits, e.g. 140521 Qinshui)",
    ),
    "new.boundary_no_geometry": ("边界文件没有几何图形", "the boundary file has no geometry"),
    "new.boundary_no_polygon": ("边界文件中没有面要素", "the boundary file has no polygon"),
    "new.villages_no_geometry": (
        "村委会位置文件没有坐标（需点图层，或带经度、纬度列的表格）",
        "the village points file has no coordinates (a point layer, or a table with longitude and latitude)",
    ),
    "new.village_outside": (
        "行政村 {code} 的位置不在县界内，请核对坐标（或坐标系、GCJ-02 偏移）",
        "the point of admin village {code} lies outside the county boundary: check its coordinates "
        "(or the CRS, a GCJ-02 shift)",
    ),
    "new.shared_point": (
        "行政村 {first} 与 {second} 位置相同，无法划分各自范围，请核对坐标",
        "admin villages {first} and {second} stand on the same point: their areas cannot be drawn; check the points",
    ),
    "new.store_exists": (
        "文件已存在，未覆盖；请另选文件名，或用“导入数据”更新它",
        "the file exists and was not overwritten: choose another name, or update it with an import",
    ),
    "new.created": (
        "已新建 {name}（{code}）数据文件 {path}：{n_towns} 个乡镇、{n_villages} 个行政村（村委会 {n_vc}，居委会 {n_rc}）",
        "created {path} for {name} ({code}): {n_towns} townships, {n_villages} admin villages "
        "({n_vc} village committees, {n_rc} residents' committees)",
    ),
    "new.approximate": (
        "乡镇、行政村范围为近似范围（按村委会位置的泰森多边形，裁剪至县界），导入实测边界后替换",
        "township and village areas are approximate (Voronoi of the village committee points, clipped to the "
        "county boundary); imported surveyed polygons replace them",
    ),
    "new.placed": (
        "{n} 个行政村没有位置，暂放在所属乡镇其他村附近（位置待核实）：{codes}",
        "{n} admin villages have no point and were placed near the other villages of their township "
        "(position to be checked): {codes}",
    ),
    "new.zone": ("分析坐标系：{name}（EPSG:{epsg}）", "analysis CRS: {name} (EPSG:{epsg})"),
    "new.plans": (
        "规划设置 {path}：按 {code} 及其上级的规划评价",
        "plan settings {path}: judged by the plans of {code} and above",
    ),
    "new.next": (
        "下一步：导入自然村台账（python -m geo import --data {path} --kind natural_villages 台账.xlsx），"
        "再导入行政村户数、人口",
        "next: import the natural-village ledger (python -m geo import --data {path} --kind natural_villages "
        "ledger.xlsx), then the admin villages' households and population",
    ),
    "new.time": ("用时 {seconds:.1f} 秒", "took {seconds:.1f} s"),
    "cli.new.help": ("按县级代码新建数据文件", "create a county's store from its code"),
    "cli.new.description": (
        "按国家统计局区划代码建立乡镇、行政村，以县界和村委会位置推算近似范围",
        "create the townships and admin villages from the NBS codes, with approximate areas from the county "
        "boundary and the village committee points",
    ),
    "cli.new.county": ("县级区划代码（6 位，如 140521）", "county code (6 digits, e.g. 140521)"),
    "cli.new.boundary": (
        "县界文件（GeoJSON、Shapefile、GeoPackage…）",
        "county boundary file (GeoJSON, Shapefile, GeoPackage…)",
    ),
    "cli.new.villages": (
        "村委会位置（点图层或带经纬度的表格，按行政村代码或乡镇＋行政村名称）",
        "village committee points (a point layer or a table with lon/lat, by village code or township + name)",
    ),
    "cli.new.out": ("新数据文件（.gpkg，不得已存在）", "the new store (.gpkg, must not exist)"),
    "needs.layer": ("{layer}（{name}）", "{layer} ({name})"),
    "needs.no_data": (
        "无数据：需要 {layers}，导入后计算",
        "no data: needs {layers}; measured once imported",
    ),
    "needs.no_data_short": ("无数据", "no data"),
    "needs.title.natural_villages": (
        "自然村台账，乡村振兴局/农业农村局",
        "natural-village ledger, rural revitalization bureau",
    ),
    "needs.title.roads": ("农村公路，交通运输局", "rural roads, transport bureau"),
    "needs.title.water_works": ("供水工程，水利局", "water works, water resources bureau"),
    "needs.title.cell_sites": (
        "通信基站，工信局/通信管理局（运营商、铁塔公司）",
        "cell sites, industry and IT bureau (carriers, tower company)",
    ),
    "needs.title.pv_stations": ("光伏扶贫电站，乡村振兴局", "PV stations, rural revitalization bureau"),
    "needs.title.facilities": (
        "公共服务设施，卫健委、交通运输局、邮政管理局等",
        "public facilities, health, transport and postal bureaus",
    ),
    "needs.title.relocation_sites": (
        "易地扶贫搬迁安置点，发改委/乡村振兴局",
        "relocation sites, development and reform commission",
    ),
    "needs.title.farm_plots": ("特色产业地块，农业农村局", "farm plots, agriculture and rural affairs bureau"),
    "needs.title.water_service_areas": ("供水范围，水利局", "water service areas, water resources bureau"),
    "ingest.placed.at_villages": (
        "台账没有坐标：{n} 个自然村暂放在所属行政村的位置（位置待核实），导入带坐标的文件后更新",
        "the ledger has no coordinates: {n} natural villages were placed at their admin village's point "
        "(position to be checked); a file with coordinates imported later moves them",
    ),
    "map.approximate_areas": ("{title}（虚线为近似范围）", "{title} (dashed: approximate areas)"),
    "map.approximate_note": (
        "注：乡镇、行政村范围为按村委会位置推算的近似范围，仅供示意，不作为界线依据。",
        "Note: township and village areas are approximate (drawn from the village committee points), for "
        "orientation only, not boundaries.",
    ),
    "map.approximate_legend": ("近似范围（按村委会位置推算）", "Approximate areas (from village committee points)"),
    "newpage.open": ("新建县", "New county"),
    "newpage.open_help": (
        "只有县级代码、县界和村委会位置也能开始：乡镇、行政村按国家统计局区划代码建立，范围为近似范围。",
        "Start with only the county code, its boundary and the village committee points: townships and "
        "villages come from the NBS codes, with approximate areas.",
    ),
    "newpage.title": ("新建县", "New county"),
    "newpage.intro": (
        "按县级区划代码建立乡镇和行政村；上传县界（必需）和村委会位置（可选），范围按村委会位置推算，之后可导入实测边界替换。",
        "Creates the townships and admin villages from the county code; upload the boundary (required) and the "
        "village committee points (optional). Areas are drawn from the points until surveyed polygons are imported.",
    ),
    "newpage.code": ("县级区划代码", "County code"),
    "newpage.boundary": ("县界文件", "County boundary"),
    "newpage.villages": ("村委会位置（可选）", "Village committee points (optional)"),
    "newpage.out": ("新数据文件", "New data file"),
    "newpage.create": ("新建", "Create"),
    "newpage.cancel": ("取消", "Cancel"),
    "needs.approximate_areas": (
        "{n} 个单元的范围为近似范围（按村委会位置推算）：按范围归属村的要素及面积、距离结果仅供参考",
        "{n} units have approximate areas (from the village committee points): features assigned to villages "
        "by area, and areas and distances, are indicative only",
    ),
    "needs.location_pending": (
        "{n} 个自然村位置待核实（暂放在行政村位置）：依赖位置的指标（道路、通信覆盖）仅供参考",
        "{n} natural villages have positions to be checked (placed at their admin village): indicators that "
        "depend on position (roads, coverage) are indicative only",
    ),
    "ingest.plan.areas_reweighed": (
        "行政村、乡镇的近似范围已按自然村位置重新推算（仍为近似范围）",
        "the approximate village and township areas were redrawn from the natural villages' positions "
        "(still approximate)",
    ),
}
