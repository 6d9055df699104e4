"""Messages about coordinate systems: the stored CRS, coordinates outside China, guessing the CRS of an import."""

STRINGS: dict[str, tuple[str, str]] = {
    "crs.data_use_legacy_datum": (
        "数据为旧坐标系（{name}）：PROJ 没有全国通用的到 CGCS2000 转换参数，已按原坐标值直接换算，位置可能偏差数十米至百余米；如有当地七参数，请先在 GIS 软件中转换",
        "the data use a legacy datum ({name}); PROJ has no nationwide transformation to CGCS2000, so coordinates were taken as they are and may be off by tens of metres up to ~100 m; convert with local parameters in a GIS first if you have them",
    ),
    "crs.with_likely": ("{message}。{hint}", "{message}. {hint}"),
    "crs.likely_codes": (
        "可能的坐标系：{codes}；请用 --crs 指定或在页面中选择",
        "likely CRS: {codes}; choose one with --crs or on the page",
    ),
    "crs.likely_families": (
        "高斯-克吕格坐标（CGCS2000）：带带号的3度带为 EPSG:4513–4533（25–45带），不带带号的3度带为 EPSG:4534–4554"
        "（中央经线75°–135°），6度带为 EPSG:4491–4512；请按县的经度选择并用 --crs 指定",
        "Gauss-Krüger (CGCS2000): 3-degree zones with the zone number are EPSG:4513–4533 (zones 25–45), without it "
        "EPSG:4534–4554 (CM 75°–135°E), 6-degree zones EPSG:4491–4512; pick the one for the county's longitude "
        "with --crs",
    ),
    "crs.cannot_tell_crs_from": (
        "无法从坐标范围判断坐标系（x {minx:.6g}–{maxx:.6g}，y {miny:.6g}–{maxy:.6g}）：既不是中国范围内的经纬度，也不像高斯-克吕格投影坐标；请指定坐标系",
        "cannot tell the CRS from the coordinate ranges (x {minx:.6g}–{maxx:.6g}, y {miny:.6g}–{maxy:.6g}): neither longitude/latitude in China nor Gauss-Krüger metres; please choose the CRS",
    ),
    "crs.there_no_valid_coordinates": (
        "没有任何有效坐标，无法判断坐标系",
        "there are no valid coordinates to tell the CRS from",
    ),
    "crs.coordinates_gauss_kr_ger": (
        "坐标是不带带号的高斯-克吕格投影坐标（米），无法判断所在分带：请指定坐标系（如 EPSG:4548 为 CGCS2000 3度带中央经线117°）或县的大致经度",
        "the coordinates are Gauss-Krüger metres without the zone number, so the zone is unknown: choose the CRS (e.g. EPSG:4548, CGCS2000 3-degree zone CM 117°E) or give the county's approximate longitude",
    ),
    "crs.file_s_crs_does": (
        "文件自带坐标系 {file_crs} 与坐标数值不符（换算后不在中国范围内），已改用 {crs}",
        "the file's CRS {file_crs} does not match the coordinates (they would fall outside China); used {crs} instead",
    ),
    "crs.cgcs2000_longitude_latitude_epsg": ("CGCS2000 经纬度（EPSG:4490）", "CGCS2000 longitude/latitude (EPSG:4490)"),
    "crs.wgs84_longitude_latitude_epsg": (
        "WGS84 经纬度（EPSG:4326，GPS）",
        "WGS84 longitude/latitude (EPSG:4326, GPS)",
    ),
    "crs.xian_1980_longitude_latitude": ("西安80 经纬度（EPSG:4610）", "Xian 1980 longitude/latitude (EPSG:4610)"),
    "crs.beijing_1954_longitude_latitude": (
        "北京54 经纬度（EPSG:4214）",
        "Beijing 1954 longitude/latitude (EPSG:4214)",
    ),
    "crs.cannot_understand_crs_give": (
        "无法识别坐标系“{value}”（可填写 EPSG 代码，如 4490 或 4527）",
        "cannot understand the CRS '{value}' (give an EPSG code such as 4490 or 4527)",
    ),
    "crs.two_coordinate_columns_reverse": (
        "两列坐标的顺序是反的（纬度/北坐标 X 在前），已交换",
        "the two coordinate columns were in reverse order (latitude / surveyors' northing X first); swapped them",
    ),
    "crs.chosen_crs_coordinates_do": (
        "按所选坐标系 {crs} 换算后，坐标不在中国范围内，请检查所选坐标系",
        "with the chosen CRS {crs} the coordinates do not land in China; check the choice",
    ),
    "crs.file_states_no_crs": (
        "文件未说明坐标系，按坐标范围判断为经纬度，按 CGCS2000（EPSG:4490）处理（与 WGS84 相差不到 1 米）；若数据来自高德、腾讯等网络地图（GCJ-02），请勾选“来自网络地图”",
        "the file states no CRS; the coordinate ranges are longitude/latitude, taken as CGCS2000 (EPSG:4490; within a metre of WGS84); if the data come from a Chinese web map (Amap, Tencent: GCJ-02), say so",
    ),
    "crs.file_says_used_chosen": (
        "文件自带坐标系为 {file_crs}，按用户指定改用 {crs}",
        "the file says {file_crs}; used {crs} as chosen by the user",
    ),
    "crs.feature_s_lie_outside": (
        "{n_rows} 个要素的坐标不在中国范围内（经度 {west:g}–{east:g}，纬度 {south:g}–{north:g}）：行 {listed}；可能是投影坐标（米）被标成了经纬度，或经纬度写反了",
        "{n_rows} feature(s) lie outside China (lon {west:g}–{east:g}, lat {south:g}–{north:g}): rows {listed}; projected metres labelled as degrees, or lon/lat swapped?",
    ),
    "crs.crs_store_holds_epsg": (
        "坐标系为 {name}，存储应为 CGCS2000 (EPSG:4490) 或 WGS84 (EPSG:4326)，请先导入转换",
        "CRS is {name}; the store holds EPSG:4490 or EPSG:4326, convert on import",
    ),
    "crs.datum.cgcs2000": ("CGCS2000 国家大地坐标系", "CGCS2000"),
    "crs.datum.xian80": ("西安80", "Xian 1980"),
    "crs.datum.beijing54": ("北京54", "Beijing 1954"),
    "crs.datum.newbeijing54": ("新北京54", "New Beijing"),
    "crs.legacy_hint": ("；若为{items}", "; if the data are {items}"),
    "crs.legacy_hint.item": ("{datum}坐标请指定 EPSG:{code}", "{datum}, choose EPSG:{code}"),
    "crs.legacy_hint.or": ("、", " or "),
    "crs.guessed_zone_prefixed": (
        "文件未说明坐标系，东坐标带有带号 {zone}，判断为 CGCS2000 {width}度带高斯-克吕格投影第 {zone} 带"
        "（中央经线 {cm}°，EPSG:{code}）{hint}",
        "the file states no CRS; the eastings carry zone number {zone}: taken as CGCS2000 {width}-degree "
        "Gauss-Krüger zone {zone} (central meridian {cm}°E, EPSG:{code}){hint}",
    ),
    "crs.guessed_zone_from_longitude": (
        "文件未说明坐标系，坐标为不带带号的高斯-克吕格投影坐标（米），按所给经度 {near_lon:g}° 取 CGCS2000 {width}度带"
        "中央经线 {cm}°（EPSG:{code}）{hint}",
        "the file states no CRS; the coordinates are Gauss-Krüger metres without zone number, taken as CGCS2000 "
        "{width}-degree zone with central meridian {cm}°E from the given longitude {near_lon:g}° (EPSG:{code}){hint}",
    ),
    "crs.file_crs_outside": (
        "文件自带坐标系为 {file_crs}，但坐标换算后不在中国范围内；{reason}",
        "the file says {file_crs} but the coordinates do not land in China; {reason}",
    ),
    "crs.choice.gauss_kruger": (
        "{datum} {width}度带 中央经线 {cm}°，{zone}（EPSG:{code}）",
        "{datum} {width}-degree Gauss-Krüger CM {cm}°E, {zone} (EPSG:{code})",
    ),
    "crs.choice.zone_number": ("带号 {zone}（东坐标前带带号）", "zone {zone} (zone number in the easting)"),
    "crs.choice.no_zone_number": ("不带带号", "no zone number"),
    "crs.zone_needs_crs": (
        "图层没有坐标系，无法选择高斯-克吕格分带",
        "frame has no CRS; cannot choose the Gauss-Krüger zone",
    ),
    "crs.zone_needs_geometry": (
        "图层没有几何，无法选择高斯-克吕格分带",
        "frame has no geometry; cannot choose the Gauss-Krüger zone",
    ),
}
