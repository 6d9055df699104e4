"""Problems of a dataset's history file (<stem>_history.csv, geo/io/history.py): each follows its row and field."""

STRINGS: dict[str, tuple[str, str]] = {
    "history.missing_column": (
        "缺少列“{column}”（应有列：{columns}）",
        "column '{column}' is missing (columns: {columns})",
    ),
    "history.year": (
        "年份“{raw}”无效，应为 {first}–{last} 之间的整数年份",
        "year '{raw}' is not a year between {first} and {last}",
    ),
    "history.unknown_target": ("目标编号“{raw}”不在目标配置文件中", "target '{raw}' is not in the targets file"),
    "history.level": (
        "层级“{raw}”无效，应为 county（全县）或 township（乡镇）",
        "level '{raw}' is not county or township",
    ),
    "history.empty_code": ("单元代码为空", "unit_code is empty"),
    "history.county_code": (
        "全县行的单元代码应为“{county}”，实为“{raw}”",
        "a county row has unit_code '{county}', not '{raw}'",
    ),
    "history.township_code": ("乡镇代码“{raw}”应为 9 位数字", "township code '{raw}' is not 9 digits"),
    "history.value": ("数值“{raw}”不是有效数字", "value '{raw}' is not a number"),
    "history.share": (
        "比例应在 0–1 之间（95% 写作 0.95），实为 {raw}",
        "a share must be within 0–1 (write 0.95 for 95%), got {raw}",
    ),
    "history.duplicate": ("同一年份、目标和单元的数值重复", "a second value for the same year, target and unit"),
    "history.not_found": ("找不到历年数据文件", "history file not found"),
    "history.not_csv": ("不是有效的 UTF-8 CSV 文件（{exc}）", "not a valid UTF-8 CSV file ({exc})"),
}
