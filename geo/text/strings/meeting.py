"""UI strings of the meeting view (会议大屏) and of the printed meeting map (geo/map/printed.py)."""

STRINGS: dict[str, tuple[str, str]] = {
    "meeting.print.no_township": (
        "所选范围内没有行政村（无此乡镇 {codes}）",
        "no admin villages to draw: no township {codes}",
    ),
    "meeting.print.no_villages": ("所选范围内没有行政村", "no admin villages to draw in this scope"),
    # page
    "page.meeting": ("会议大屏", "Meeting view"),
    "meeting.title": ("{scope} · {subject}", "{scope} · {subject}"),
    "meeting.town": ("乡镇", "Township"),
    "meeting.town_all": ("全县", "Whole county"),
    "meeting.indicator": ("指标", "Indicator"),
    "meeting.indicator_none": ("图层总图（不按指标着色）", "Layer map (no indicator colours)"),
    "meeting.layers": ("基础设施分布", "Infrastructure layers"),
    "meeting.download_png": ("下载图片 PNG", "Download PNG"),
    "meeting.download_pdf": ("下载打印版 PDF", "Download PDF"),
    "meeting.download_help": (
        "A4 横版：标题、图例、比例尺、指北针、日期和数据来源。",
        "A4 landscape: title, legend, scale bar, north arrow, date and data source.",
    ),
    "meeting.scope_value": ("{scope}指标值（目标 {target}）", "{scope} (target {target})"),
    "meeting.back": ("返回总览", "Back to overview"),
    "meeting.count": ("{label} {n} 个村", "{label}: {n} villages"),
    "meeting.target_line": (
        "目标：{target}（{deadline} 年）　责任单位：{bureau}",
        "Target: {target} (by {deadline}) · Responsible: {bureau}",
    ),
    "meeting.map_help": (
        "点击行政村查看数值；右上角图例即图层开关。",
        "Click a village for its value; the legend (top right) switches layers.",
    ),
    "meeting.no_villages": ("所选范围内没有行政村数据。", "There are no administrative villages in this scope."),
    # printed map
    "meeting.print.legend": ("图例", "Legend"),
    "meeting.print.target": ("目标 {target}（{deadline} 年）", "Target {target} (by {deadline})"),
    "meeting.print.near": ("接近：差距不超过目标值的 {share}", "Near: short of the target by at most {share} of it"),
    "meeting.print.date": ("制图日期：{date}", "Map date: {date}"),
    "meeting.print.as_of": ("数据截至：{date}", "Data as of: {date}"),
    "meeting.print.source": ("数据来源：{source}", "Data source: {source}"),
    "meeting.print.crs": ("坐标系：{crs}", "Coordinate system: {crs}"),
    "meeting.print.north": ("北", "N"),
    "meeting.print.km": ("{n} 千米", "{n} km"),
    "meeting.print.m": ("{n} 米", "{n} m"),
    "meeting.print.township": ("乡镇界", "Township boundary"),
    "meeting.print.village": ("行政村", "Administrative village"),
    "meeting.print.road": ("农村公路", "Rural road"),
    "meeting.print.natural_village": ("自然村", "Natural village"),
    "meeting.print.no_font": (
        "未找到中文字体（请安装 fonts-noto-cjk），图中汉字可能显示为方框。",
        "No CJK font found (install fonts-noto-cjk); Chinese text may print as boxes.",
    ),
}
