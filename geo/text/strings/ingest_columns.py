"""Messages of the column summary of an import and of the vocabulary of real ledgers (route codes, names)."""

STRINGS: dict[str, tuple[str, str]] = {
    "ingest.columns.arrow": ("{source} → {target}{manual}", "{source} → {target}{manual}"),
    "ingest.columns.by_hand": ("（手工指定）", " (by hand)"),
    "ingest.columns.mapped": ("已对应的列（{n}）：{listed}", "columns mapped ({n}): {listed}"),
    "ingest.columns.key": (
        "用于对应村庄的列（{n}）：{listed}",
        "columns used to find the villages ({n}): {listed}",
    ),
    "ingest.columns.coordinates": (
        "用作坐标的列（{n}，同时原样保留）：{listed}",
        "columns used for the coordinates ({n}, also kept as they are): {listed}",
    ),
    "ingest.columns.extra": (
        "保留为附加列（{n}，原样保存，不参与指标计算）：{listed}",
        "columns kept as extras ({n}, stored as they are, used by no indicator): {listed}",
    ),
    "ingest.columns.flagged": (
        "列“{source}”看似合同字段 {target}，但没有对应，只作为附加列保留、不参与计算；"
        "如确是此字段，请在页面中对应，或在命令行加 --map {source}={name}",
        "column '{source}' looks like the contract field {target} but was not mapped: it is kept as an extra "
        "and used by no indicator; if it is that field, map it on the page or add --map {source}={name}",
    ),
    "ingest.names.fuzzy_unscoped": (
        "“{name}”只与另一乡镇范围内的 {label} 相似（相似度 {score:.2f}），跨乡镇的模糊匹配需人工确认：请填写所属乡镇或代码，或在预览中选定",
        "'{name}' is only similar to {label} (similarity {score:.2f}), possibly in another township; a fuzzy "
        "match across townships needs review: give the township or the code, or choose it in the preview",
    ),
    "ingest.derive.admin_class_from_route": (
        "{n} 个路段的行政等级由路线编码首字母得出（X 县道、Y 乡道、C 村道，G/S/Z 其他）",
        "the administrative class of {n} segment(s) was taken from the route code's letter "
        "(X county, Y township, C village, G/S/Z other)",
    ),
    "ingest.derive.road_id_from_route": (
        "源数据没有路段编号：{n} 个路段的编号由路线编码加序号生成（如 X012-1）",
        "the source has no segment ids: {n} segment id(s) were made from the route code and a number (e.g. X012-1)",
    ),
    "read.table.merged_filled": (
        "{n} 个纵向合并单元格已向下填充（如合并的乡镇单元格，每行都取其值）",
        "{n} vertically merged cell range(s) were filled down (e.g. a merged township cell gives every row its value)",
    ),
}
