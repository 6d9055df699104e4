"""Problems found checking a layer against its schema (geo/core/validation.py); each names a row and field."""

STRINGS: dict[str, tuple[str, str]] = {
    # words filling the messages: a column's type and a layer's geometry kind
    "schema.dtype.str": ("文本", "str"),
    "schema.dtype.code": ("数字编码", "code"),
    "schema.dtype.int": ("整数", "int"),
    "schema.dtype.float": ("数值", "float"),
    "schema.dtype.bool": ("是/否", "bool"),
    "schema.dtype.date": ("日期", "date"),
    "schema.geometry.Point": ("点", "Point"),
    "schema.geometry.LineString": ("线", "LineString"),
    "schema.geometry.Polygon": ("面", "Polygon"),
    "validation.missing_value": ("空", "empty"),
    # the layer as a whole
    "validation.no_geometry_column": (
        "没有几何列（不是空间图层）",
        "layer has no geometry column (not a spatial layer)",
    ),
    "validation.no_crs": (
        "没有坐标系（CRS），请在源文件中设置，如 EPSG:4490",
        "no CRS; set it in the source file, e.g. EPSG:4490",
    ),
    "validation.duplicate_column": ("字段“{name}”出现了不止一次", "column '{name}' appears more than once"),
    "validation.missing_column": (
        "缺少必填字段“{label}”（{name}，{dtype}；可用列名：{names}）",
        "missing required column '{name}' ({label}, {dtype}; accepted names: {names})",
    ),
    "validation.no_features": ("图层没有要素", "layer has no features"),
    # rows of one kind past the listed ones
    "validation.more_rows": ("{what}：另有 {n} 行（行 {rows}）", "{what}: {n} more rows ({rows})"),
    # geometry
    "validation.empty_geometry": ("空几何（没有坐标）", "empty or missing geometry"),
    "validation.empty_geometries": ("空几何", "empty geometries"),
    "validation.geometry_kind": ("几何类型应为{geometry}", "expected {geometry} geometry"),
    "validation.geometry_kind_got": (
        "几何类型应为{geometry}，实际为 {got}",
        "expected {geometry} geometry, got {got}",
    ),
    "validation.invalid_geometry": (
        "几何无效（{reason}），可在导入时选择修复",
        "invalid geometry ({reason}); repair it on import if you wish",
    ),
    "validation.invalid_geometries": ("几何无效", "invalid geometries"),
    # values of a column
    "validation.value_missing": ("缺少取值（必填）", "value is missing (required)"),
    "validation.not_a_number": ("应为{dtype}", "expected a number ({dtype})"),
    "validation.not_whole": ("应为整数", "expected a whole number"),
    "validation.below_minimum": ("不能小于 {limit}", "must be ≥ {limit}"),
    "validation.above_maximum": ("不能大于 {limit}", "must be ≤ {limit}"),
    "validation.not_bool": ("应为 是/否", "expected yes/no (true/false, 1/0, 是/否)"),
    "validation.not_date": ("应为日期，如 2024-03-31", "expected a date such as 2024-03-31"),
    "validation.not_code": ("应为数字编码（文本，保留前导零）", "expected a numeric code (text, leading zeros kept)"),
    "validation.not_code_length": (
        "应为{length}位数字编码（文本，保留前导零）",
        "expected a {length}-digit numeric code (text, leading zeros kept)",
    ),
    "validation.code_read_as_number": (
        "{message}；该列被读成了数字，前导零可能已丢失，请把编码列设为文本",
        "{message}; the column was read as numbers, so leading zeros may be lost: store codes as text",
    ),
    "validation.allowed_value": ("{value}（{label}）", "{value} ({label})"),
    "validation.allowed_separator": ("、", "/"),
    "validation.not_allowed": ("取值应为 {values} 之一", "value must be one of {values}"),
    "validation.got": ("{message}，实际为“{value}”", "{message}, got '{value}'"),
    # keys
    "validation.duplicate_key": ("编号重复：“{key}”（同见行 {rows}）", "duplicate code '{key}' (also at rows {rows})"),
    "validation.duplicate_keys": ("编号重复", "duplicate codes"),
    "contract.raster_must_non_empty": (
        "栅格应为非空的单波段二维数组",
        "raster must be a non-empty single-band 2-D grid",
    ),
    "contract.raster_not_aligned_crs": (
        "栅格与“{first_name}”未对齐：{details}；请先在 GIS 中重采样到“{first_name}”的网格",
        "raster is not aligned with '{first_name}': {details}; resample it onto the grid of '{first_name}' first",
    ),
    "contract.raster_differs.crs": ("坐标系为 {mine}，应为 {theirs}", "CRS is {mine}, expected {theirs}"),
    "contract.raster_differs.cell": ("像元大小为 {mine}，应为 {theirs}", "cell size is {mine}, expected {theirs}"),
    "contract.raster_differs.origin": (
        "左上角原点为 {mine}，应为 {theirs}",
        "origin (top left) is {mine}, expected {theirs}",
    ),
    "contract.raster_differs.size": ("行列数为 {mine}，应为 {theirs}", "size is {mine} cells, expected {theirs}"),
    # what a code or name refers to
    "what.township": ("乡镇", "township"),
    "what.admin_village": ("行政村", "administrative village"),
    "what.natural_village": ("自然村", "natural village"),
    "what.natural_village_id": ("自然村编号", "natural village id"),
    "what.water_works": ("供水工程", "water works"),
    "contract.unknown_reference": (
        "引用的{what}“{code}”在数据集中不存在",
        "refers to {what} '{code}', which is not in the dataset",
    ),
    "contract.unknown_references": (
        "另有 {n} 个要素引用了不存在的{what}：行 {listed}",
        "{n} more feature(s) refer to an unknown {what}: rows {listed}",
    ),
    "contract.missing_layer": ("缺少图层“{title}”（{name}）", "layer '{name}' ({title}) is missing"),
    "contract.problems": ("{source}：{n} 处不符合数据约定", "{source}: {n} problem(s) against the data contract"),
    "contract.nothing_written": ("未写入 {path}：发现 {n} 处问题", "nothing written to {path}: {n} problem(s)"),
}
