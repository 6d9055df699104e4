"""Problems of the plan files (data/plans/*.toml, geo/core/plan_checks.py) and of a store's plan settings.

Each follows the place it names (file › plan › field, file › target #n › field). Messages shared with
the flat targets file (unknown key, missing key, version, not TOML) are the ``targets.*`` entries.
"""

STRINGS: dict[str, tuple[str, str]] = {
    "plan_file.problems": ("规划文件有 {n} 处问题：", "{n} problem(s) in the plan files:"),
    "plan_file.not_found": ("找不到规划文件", "plan file not found"),
    "plan_file.unknown_top_key": (
        "未知顶层字段“{key}”（应为 version、[plan] 和 [[target]]）",
        "unknown top-level key '{key}' (expected version, [plan] and [[target]])",
    ),
    "plan_file.duplicate_id": ("规划编号“{id}”与 {first} 重复", "plan id '{id}' is used by {first} too"),
    # how a plan is cited and listed (the plan's own words are Chinese; the marks follow the reader)
    "plan_file.citation": ("{issuer}《{title}》{draft}", "{issuer}《{title}》{draft}"),
    "plan_file.draft_mark": ("（征求意见稿）", " (draft)"),
    "plan_file.draft_word": ("征求意见稿", "draft"),
    "plan_file.label": ("{name} {start}–{end}{draft}", "{name} {start}–{end}{draft}"),
    # NBS jurisdiction codes
    "plan_file.code_form": (
        '区划代码“{code}”应为 2 位（省）、4 位（市）或 6 位（县）数字文本，如 "360222"',
        'code {code} must be text of 2 (province), 4 (city) or 6 (county) digits, e.g. "360222"',
    ),
    "plan_file.code_province": (
        "区划代码“{code}”的省级代码“{province}”不存在",
        "code '{code}': there is no province '{province}'",
    ),
    "plan_file.code_city": ("区划代码“{code}”的市级部分不能为 00", "code '{code}': the city part cannot be 00"),
    "plan_file.code_county": ("区划代码“{code}”的县级部分不能为 00", "code '{code}': the county part cannot be 00"),
    "plan_file.code_digits": (
        "{level} 级规划的区划代码应为 {digits} 位，实为“{code}”",
        "a {level} plan's code has {digits} digits, got '{code}'",
    ),
    # the [plan] table
    "plan_file.no_header": (
        "缺少 [plan] 表（发文机关、区划、期限等）",
        "the [plan] table is missing (issuer, jurisdiction, period …)",
    ),
    "plan_file.text": ("“{key}”应为文本", "'{key}' must be text"),
    "plan_file.empty": ("“{key}”不能为空", "'{key}' must not be empty"),
    "plan_file.id_chars": (
        "编号“{id}”只能含字母、数字、下划线和连字符",
        "id '{id}' may hold only letters, digits, '_' and '-'",
    ),
    "plan_file.id_stem": ("编号“{id}”应与文件名“{stem}”一致", "id '{id}' must match the file name '{stem}'"),
    "plan_file.level": ("层级应为 {allowed} 之一，实为 {got}", "level must be one of {allowed}, got {got}"),
    "plan_file.status": (
        "状态应为 adopted（已印发）或 draft（征求意见稿），实为 {got}",
        "status must be adopted or draft, got {got}",
    ),
    "plan_file.year": ("“{key}”应为 {first}–{last} 的年份", "'{key}' must be a year {first}–{last}"),
    "plan_file.period_order": ("规划期末 {end} 早于期初 {start}", "the period ends ({end}) before it starts ({start})"),
    "plan_file.date": ("印发日期应写作 2021-05-10（不加引号）", "date must be written as 2021-05-10 (no quotes)"),
    # a target that gives only a direction (持续提升、巩固)
    "plan_file.direction": (
        "方向应为 up（提高）或 keep（巩固、不降低），实为 {got}",
        "direction must be up or keep, got {got}",
    ),
    "plan_file.direction_numbered": (
        "只定方向的目标不设“{key}”：达标值由基线加提高幅度得出",
        "a direction target has no '{key}': its threshold is the baseline plus the amount",
    ),
    "plan_file.amount": ("提高幅度应为非负数，实为 {got}", "amount must be a number ≥ 0, got {got}"),
    "plan_file.amount_share": (
        "比例的提高幅度应小于1（5个百分点写作0.05）",
        "a share's amount is below 1 (0.05 = 5 points)",
    ),
    "plan_file.amount_keep": ("巩固（keep）类目标不设提高幅度", "a keep target has no amount"),
    "plan_file.baseline_year": (
        "基线年份应为年份，如 2020，实为 {got}",
        "baseline_year must be a year such as 2020, got {got}",
    ),
    "plan_file.baseline_before_deadline": (
        "基线年份 {year} 应早于完成期限 {deadline}",
        "baseline_year {year} must be before the deadline {deadline}",
    ),
    "plan_file.baseline_value": (
        "基线值应为非负数（比例在0–1之间），实为 {got}",
        "baseline_value must be a number ≥ 0 (a share 0–1), got {got}",
    ),
    "plan_file.direction_only": (
        "“{key}”只用于只定方向的目标（需同时写 direction）",
        "'{key}' belongs to a direction target (give direction too)",
    ),
    "plan_file.source_key": (
        "未知字段“source.{key}”：规划文件只写原文 quote，规划名称写在 [plan] 中",
        "unknown key 'source.{key}': a plan file gives only the quote; the plan is named in [plan]",
    ),
    "plan_file.province_total": (
        "只有省级规划可设全省总量目标（level = province）",
        "only a province plan sets a province-wide total (level = province)",
    ),
    "plan_file.deadline_period": (
        "完成期限 {deadline} 年不在规划期 {start}–{end} 年内",
        "deadline {deadline} lies outside the plan period {start}–{end}",
    ),
    # the plan library and the plan chain
    "plan_file.unknown_plan": (
        "规划库中没有编号为“{id}”的规划（已有：{known}）",
        "no plan '{id}' (known: {known})",
    ),
    "plan_file.target_id_taken": (
        "目标编号“{id}”在规划 {plan} 中用于另一指标（{indicator}）",
        "target id '{id}' is used by plan {plan} for {indicator}",
    ),
    "plan_file.id_taken": (
        "规划库已有编号“{id}”（{path}），请另取编号",
        "the library already has a plan '{id}' ({path}); choose another id",
    ),
    "plan_file.history_unread": (
        "历年数据文件有问题，未读取基线（见“进度”页）",
        "the history file has problems; no baselines were read from it (see the progress page)",
    ),
    "plan_file.copied_from": ("由 {id} 复制", "copied from {id}"),
    # writing TOML (geo/core/toml_text.py)
    "toml.not_finite": ("不能写出非有限数值 {value}", "TOML has no {value} here"),
    # a store's plan settings (<stem>_plans.toml)
    "plan_settings.id_list": ("“{key}”应为规划编号列表", "'{key}' must be a list of plan ids"),
    "plan_settings.baseline_tables": ("baseline 应为表", "'baseline' must be tables [baseline.<target id>]"),
    "plan_settings.baseline_table": ("应为表（year、value）", "must be a table (year, value)"),
    "plan_settings.baseline_key": ("未知字段“{key}”（可用：{allowed}）", "unknown key '{key}' (allowed: {allowed})"),
    "plan_settings.year": ("基线年份应为年份，如 2020，实为 {got}", "year must be a year such as 2020, got {got}"),
    "plan_settings.value": (
        "基线值应为非负数（比例写作 0–1），实为 {got}",
        "value must be a number ≥ 0 (a share 0–1), got {got}",
    ),
}
