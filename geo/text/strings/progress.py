"""UI strings of the progress page (进度)."""

STRINGS: dict[str, tuple[str, str]] = {
    "page.progress": ("进度", "Progress"),
    "progress.title": ("目标进度", "Progress against the targets"),
    "progress.caption": (
        "历年数值来自 {file}（{first}–{last} 年），{year} 年为本系统按当前数据计算的现状值。"
        "按历年平均速度（最小二乘斜率）从现状推算到目标期限。",
        "Past values from {file} ({first}–{last}); {year} is the current value computed from the data. "
        "The projection continues from the current value at the past years' pace (least-squares slope) to the deadline.",
    ),
    "progress.no_history": (
        "没有历年数据文件（应为数据文件旁的 {file}，列：year, target_id, level, unit_code, value, source）。下表只列出 {year} 年现状。",
        "No history file (expected beside the data as {file}, columns: year, target_id, level, unit_code, value, source). "
        "Only the current year ({year}) is shown.",
    ),
    "progress.scope_county": ("全县", "County"),
    "progress.count": ("{n} 项", "{n}"),
    "progress.status.met": ("已达标", "met"),
    "progress.status.on_track": ("按期可达", "on track"),
    "progress.status.off_track": ("按期难达", "off track"),
    "progress.status.overdue": ("已逾期未达标", "overdue"),
    "progress.status.no_trend": ("数据不足", "no trend yet"),
    "progress.status.unjudged": ("不判定", "not judged"),
    "progress.col.unit": ("单元", "Unit"),
    "progress.col.target": ("目标", "Target"),
    "progress.col.goal": ("目标值", "Target value"),
    "progress.col.current": ("现状（{year}）", "Now ({year})"),
    "progress.col.pace": ("年均变化", "Pace per year"),
    "progress.col.deadline": ("期限", "Deadline"),
    "progress.col.projected": ("期限时预计", "Projected at deadline"),
    "progress.col.reach": ("按当前速度达标年份", "Met at this pace in"),
    "progress.col.status": ("判断", "Verdict"),
    "progress.col.years": ("年份数", "Years"),
    "progress.never": ("按当前速度无法达标", "not at this pace"),
    "progress.pp": ("{value} 个百分点", "{value} pp"),
    "progress.chart": ("逐年走势", "Year by year"),
    "progress.chart_pick": ("查看指标", "Show target"),
    "progress.chart_unit": ("单元", "Unit"),
    "progress.kind.history": ("历年", "past years"),
    "progress.kind.current": ("现状", "now"),
    "progress.kind.projection": ("推算", "projection"),
    "progress.kind.target": ("目标", "target"),
    "progress.year": ("年份", "Year"),
    "progress.value": ("数值", "Value"),
    "progress.sources": ("出处：{sources}", "Sources: {sources}"),
}
