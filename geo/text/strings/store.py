"""Messages of reading and writing the GeoPackage store (geo/core/store.py)."""

STRINGS: dict[str, tuple[str, str]] = {
    "store.data_file_not_found": ("找不到数据文件", "data file not found"),
    "store.not_valid_geopackage_damaged": (
        "不是有效的 GeoPackage 文件（可能已损坏或被截断）",
        "not a valid GeoPackage (damaged or truncated?)",
    ),
    "store.geopackage_file_truncated_restore": (
        "GeoPackage 文件不完整（被截断），请从备份恢复",
        "GeoPackage file is truncated; restore it from a backup",
    ),
    "store.raster_missing_present": (
        "缺少栅格“{name}”（现有栅格：{present}）",
        "raster '{name}' is missing (present: {present})",
    ),
    "store.dataset_empty_no_layers": (
        "数据集是空的（没有图层和栅格），未写入",
        "dataset is empty (no layers, no rasters); nothing written",
    ),
    "store.cannot_read_file_may": (
        "无法读取：文件可能已损坏（{exc}）",
        "cannot be read, the file may be damaged ({exc})",
    ),
    "store.raster_not_vector_layer": ("“{name}”是栅格，不是矢量图层", "'{name}' is a raster, not a vector layer"),
    "store.layer_missing": ("缺少图层“{name}”", "layer '{name}' is missing"),
    "store.raster_no_crs": ("栅格没有坐标系", "raster has no CRS"),
    "store.data_s_date_metadata": (
        "数据日期（元数据 {key}）“{text}”不是有效日期，应为 YYYY-MM-DD",
        "the data's as-of date (metadata {key}) '{text}' is not a date YYYY-MM-DD",
    ),
    "store.not_geopackage_no_gpkg": (
        "不是 GeoPackage 文件（缺少 gpkg_contents 表）",
        "not a GeoPackage (no gpkg_contents table)",
    ),
    "store.cannot_write_layer": ("无法写入图层（{exc}）", "cannot write layer ({exc})"),
    "store.cannot_write_raster": ("无法写入栅格（{exc}）", "cannot write raster ({exc})"),
    "store.vector_layer_raster_same": (
        "矢量图层和栅格同名，未写入",
        "a vector layer and a raster have the same name; nothing written",
    ),
    "store.present_layers": ("{problem}（现有图层：{present}）", "{problem} (present: {present})"),
    "store.nothing_to_redo": ("{name} 没有可重做的撤销", "{name}: nothing to redo (no undo since the last write)"),
    "retention.unreadable": ("保留设置文件无法读取（{exc}）", "the retention settings cannot be read ({exc})"),
    "retention.unknown_keys": (
        "保留设置中有未知的项：{keys}（可用：versions_kept、originals_kept、originals_days）",
        "unknown retention settings: {keys} (known: versions_kept, originals_kept, originals_days)",
    ),
    "retention.bad_value": (
        "保留设置 {key} = {value} 无效：应为不小于 {minimum} 的整数",
        "retention setting {key} = {value} is invalid: it must be a whole number of at least {minimum}",
    ),
    "store.no_earlier_version": ("{name} 没有可恢复的旧版本", "no earlier version of {name} to restore"),
    "errors.problems": ("输入数据有 {n} 处问题", "{n} problem(s) in input data"),
    "errors.more": ("另有 {n} 处", "{n} more"),
}
