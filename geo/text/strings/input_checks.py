"""Messages of the input checks: the import lock, hostile and inconsistent input, retention (Chinese, English)."""

STRINGS: dict[str, tuple[str, str]] = {
    # the import lock (geo.io.ingest.lock)
    "input.locked": (
        "另一个导入正在写入“{name}”，等待 {seconds:g} 秒后仍未结束；本次未导入，数据文件未改动，请稍后再试",
        "another import into {name} is running and did not finish within {seconds:g} s; nothing was imported, "
        "the store is unchanged; try again in a moment",
    ),
    # reading what broke the readers (items 3, 4)
    "input.shp_name_cut": (
        "字段名“{raw}”在第 10 个字节处被截断在一个汉字中间（写出它的软件所致），按“{name}”读取",
        "the field name '{raw}' was cut inside a character at byte 10 (by the program that wrote it); read as '{name}'",
    ),
    "input.shp_name_undecodable": (
        "第 {n} 个字段名不是 {codec} 编码（字节 {raw}）；请用 --encoding 或“编码”选项指明编码",
        "field name {n} does not decode as {codec} (bytes {raw}); give the encoding with --encoding or the "
        "Encoding option",
    ),
    "input.undecodable": (
        "文字不是 {codec} 编码，无法读取（{exc}）；请用 --encoding 或“编码”选项指明编码",
        "text does not decode as {codec} ({exc}); give the encoding with --encoding or the Encoding option",
    ),
    "input.unreadable": (
        "无法读取：文件已损坏或内容不是其扩展名所示的格式（{kind}：{exc}）；未导入，数据文件未改动",
        "cannot be read: the file is damaged or not what its extension says ({kind}: {exc}); nothing imported, "
        "the store is unchanged",
    ),
    "input.too_many_cells": (
        "表格过大：到第 {row} 行已超过 {limit:,} 个单元格（含空单元格）；请删去多余的行列或拆分文件",
        "the table is too large: past {limit:,} cells (empty ones included) by row {row}; delete unused rows "
        "and columns or split the file",
    ),
    "input.too_many_columns": (
        "这一行有 {n} 列，超过台账允许的 {limit} 列；请删去多余的列",
        "this row has {n} columns, more than the {limit} a ledger may have; delete the unused columns",
    ),
    "input.cell_too_long": (
        "单元格 {cell} 有 {n:,} 个字符，超过 {limit:,} 个",
        "cell {cell} holds {n:,} characters, more than {limit:,}",
    ),
    "input.formula_cell": (
        "单元格 {cell} 是公式（{formula}），台账只能是数值；请复制后“选择性粘贴 → 数值”再导入",
        "cell {cell} is a formula ({formula}); a ledger holds values: copy and Paste Special → Values, then import",
    ),
    "input.ledger_too_large": (
        "台账文件过大（{mb:.0f} MB，上限 {limit_mb:.0f} MB）；请拆分后分别导入",
        "the ledger is too large ({mb:.0f} MB, limit {limit_mb:.0f} MB); split it and import the parts",
    ),
    "input.raster_too_many_bytes": (
        "栅格读入后需要 {mb:,.0f} MB 内存，超过上限 {limit_mb:,.0f} MB；请先裁剪到本县或改用较粗的像元",
        "the raster would take {mb:,.0f} MB of memory once read, more than {limit_mb:,.0f} MB; clip it to the county "
        "or use coarser cells",
    ),
    "input.raster_sparse": (
        "栅格声明 {width}×{height} 像元（读入需 {mb:,.0f} MB），而文件只有 {kb:,.0f} KB：几乎全是空白分块，"
        "疑似损坏或恶意文件，未读取",
        "the raster declares {width}×{height} cells ({mb:,.0f} MB once read) in a file of {kb:,.0f} KB: almost all "
        "empty tiles, damaged or hostile; not read",
    ),
    # cross-field sanity (item 7)
    "input.part_exceeds_whole": (
        "{part}（{value}）大于{whole}（{limit}），不可能；请核对该行，确属实情可用 --accept-inconsistent 说明理由后导入",
        "{part} ({value}) exceeds {whole} ({limit}), which cannot be; check the row, or if the figures are right "
        "import with --accept-inconsistent and a reason",
    ),
    "input.inconsistent_accepted": (
        "按用户说明接受 {n} 行前后矛盾的数值（行 {rows}），理由：{reason}（已记入导入记录）",
        "accepted {n} inconsistent row(s) as the user said (rows {rows}), reason: {reason} (kept in the import record)",
    ),
    "input.reason_too_short": (
        "接受前后矛盾的数值需要写明理由（至少 {n} 个字）",
        "accepting inconsistent figures needs a reason (at least {n} characters)",
    ),
    "import.accept_inconsistent": (
        "接受前后矛盾数值的理由（可选）",
        "Reason to accept inconsistent figures (optional)",
    ),
    "import.accept_inconsistent_help": (
        "户数大于人口、卫生厕所户数大于户数等行默认拒绝导入；确属实情时写明理由，理由记入导入记录。",
        "Rows with more households than people, more toilets than households and the like are refused; if the "
        "figures are right, give the reason here and it is kept in the import record.",
    ),
    # features outside the county (item 2)
    "input.outside_row": ("该要素在县域外 {km:,.1f} 公里", "this feature lies {km:,.1f} km outside the county"),
    "input.outside_unknown": (
        "{n} 个要素在县域外（超出 2 公里），按文件的坐标系（{crs}）读取；请核对坐标系后用 --crs 指明",
        "{n} feature(s) lie outside the county (beyond 2 km) as read in the file's coordinate system ({crs}); "
        "check it and give the right one with --crs",
    ),
    "input.outside_swapped": (
        "{n} 个要素在县域外：经度与纬度（或东坐标与北坐标）像是对调了（{crs}）；请交换两列后再导入",
        "{n} feature(s) lie outside the county: longitude and latitude (or easting and northing) look swapped "
        "({crs}); swap the two columns and import again",
    ),
    "input.outside_gcj02": (
        "{n} 个要素在县域外：坐标像是网络地图（高德/腾讯，GCJ-02）的偏移坐标；请勾选 GCJ-02（--gcj02）后再导入",
        "{n} feature(s) lie outside the county: the coordinates look like web-map (Amap/Tencent, GCJ-02) ones; "
        "import again with GCJ-02 (--gcj02)",
    ),
    "input.outside_wrong_zone": (
        "{n} 个要素在县域外：文件写的是 {crs}，像是高斯-克吕格分带错了；按 EPSG:{epsg}（{name}）读取即落在县内，"
        "请用 --crs {epsg} 再导入",
        "{n} feature(s) lie outside the county: the file says {crs}, which looks like the wrong Gauss-Krüger zone; "
        "EPSG:{epsg} ({name}) puts them inside: import again with --crs {epsg}",
    ),
    "input.outside_zone_prefix": (
        "{n} 个要素在县域外：文件写的是 {crs}，但东坐标的带号前缀与之不符（缺少或多了带号）；按 EPSG:{epsg}"
        "（{name}）读取即落在县内，请用 --crs {epsg} 再导入",
        "{n} feature(s) lie outside the county: the file says {crs} but the eastings' zone prefix does not match "
        "(missing or extra); EPSG:{epsg} ({name}) puts them inside: import again with --crs {epsg}",
    ),
}
