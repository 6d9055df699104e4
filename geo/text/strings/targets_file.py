"""Problems of the targets file (data/targets.toml): each follows the place it names (file › target #n)."""

STRINGS: dict[str, tuple[str, str]] = {
    "targets.problems": ("目标配置文件有 {n} 处问题：", "{n} problem(s) in the targets file:"),
    "targets.check_problems": (
        "目标配置文件的核查项有 {n} 处问题：",
        "{n} problem(s) in the checks of the targets file:",
    ),
    "targets.not_found": ("找不到目标配置文件", "targets file not found"),
    "targets.not_toml": ("不是有效的 TOML 文件（{exc}）", "not valid TOML ({exc})"),
    "targets.unknown_top_key": (
        "未知顶层字段“{key}”（应为 version、[[target]] 和 [[check]] 表）",
        "unknown top-level key '{key}' (expected 'version', [[target]] and [[check]] tables)",
    ),
    "targets.version": ("版本号应为 1", "version must be 1"),
    "targets.no_targets": ("没有目标（[[target]] 表）", "no [[target]] tables"),
    "targets.unknown_key": ("未知字段“{key}”（可用：{allowed}）", "unknown key '{key}' (allowed: {allowed})"),
    "targets.missing_key": ("缺少字段“{key}”", "missing key '{key}'"),
    "targets.empty_text": ("“{key}”应为非空文本", "'{key}' must be non-empty text"),
    "targets.unknown_indicator": (
        "未知指标“{indicator}”：没有计算它的指标模块（已有：{known}）",
        "unknown indicator '{indicator}': no indicator module declares it (known: {known})",
    ),
    "targets.comparison": (
        "比较符错误，应为 {allowed} 之一，实为 {got}",
        "comparison must be one of {allowed}, got {got}",
    ),
    "targets.level": ("层级错误，应为 {allowed} 之一，实为 {got}", "level must be one of {allowed}, got {got}"),
    "targets.threshold_number": ("阈值应为数值，实为 {got}", "threshold must be a number, got {got}"),
    "targets.threshold_share": (
        "比例阈值 {threshold} 应在 0–1 之间（95% 写作 0.95）",
        "threshold {threshold} of a share must be within 0–1 (write 0.95 for 95%)",
    ),
    "targets.threshold_negative": ("阈值不能为负", "threshold must not be negative"),
    "targets.tolerance_number": ("容差应为非负数，实为 {got}", "tolerance must be a number ≥ 0, got {got}"),
    "targets.tolerance_share": ("比例容差 {tolerance} 应小于 1", "tolerance {tolerance} of a share must be below 1"),
    "targets.deadline": ("期限应为年份，如 2025，实为 {got}", "deadline must be a year such as 2025, got {got}"),
    "targets.params_table": ("params 应为表", "params must be a table"),
    "targets.unknown_param": (
        "未知参数“{name}”：{owner} 没有此参数（可用：{allowed}）",
        "unknown parameter '{name}' for {owner} (allowed: {allowed})",
    ),
    "targets.param_type": ("参数“{name}”类型错误（{got}）", "parameter '{name}' has the wrong type ({got})"),
    "targets.param_negative": ("参数“{name}”不能为负", "parameter '{name}' must not be negative"),
    "targets.param_choice": (
        "参数“{name}”应为 {choices} 之一，实为 {got}",
        "parameter '{name}' must be one of {choices}, got {got}",
    ),
    "targets.source_table": (
        "source 应为包含 seed、plan、quote 的表",
        "source must be a table with seed, plan and quote",
    ),
    "targets.source_missing": (
        "缺少出处 source.{key}：每个目标都要写明出自哪个规划的哪句话",
        "source.{key} is missing: every target names the plan and the sentence it comes from",
    ),
    "targets.duplicate_id": ("目标编号“{id}”重复", "duplicate id '{id}'"),
    "targets.checks_tables": ("check 应为 [[check]] 表", "'check' must be [[check]] tables"),
    "targets.check_table": ("应为表", "must be a table"),
    "targets.unknown_check": ("未知核查项“{id}”（已有：{known}）", "unknown check '{id}'; known: {known}"),
    "targets.duplicate_check": ("核查项“{id}”重复", "duplicate check '{id}'"),
}
