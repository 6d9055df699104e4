"""Texts of the command line (python -m geo): help, progress, summaries and failures, shown as 中文 / English."""

STRINGS: dict[str, tuple[str, str]] = {
    # help
    "cli.description": ("乡村振兴基础设施覆盖一张图", "rural coverage map tools"),
    "cli.report.help": ("计算指标并输出缺口清单", "measure every target and write indicators and gap lists"),
    "cli.report.description": (
        "在数据集上计算目标配置文件中的每个目标，写出 indicators.csv、gaps.csv、gaps.xlsx 和 gaps.gpkg。",
        "Measure every target of the targets file on a dataset and write indicators.csv, gaps.csv, gaps.xlsx "
        "and gaps.gpkg.",
    ),
    "cli.report.data": ("数据集 GeoPackage（按数据约定分图层）", "dataset GeoPackage (layers of the data contract)"),
    "cli.report.out": ("输出文件夹（不存在时创建）", "output folder (created if missing)"),
    "cli.report.targets": (
        "按此平面目标文件（[[target]] 表）判定，而不按规划",
        "judge by this flat targets file ([[target]] tables) instead of the plans",
    ),
    "cli.report.checks": ("一致性检查参数（默认 data/{name}）", "check parameters (default: data/{name})"),
    "cli.plan.plan": (
        "只按此规划判定（可重复，近者在前）；默认按数据所属区划的规划链",
        "judge by exactly this plan (repeatable, nearest first); default: the store's own chain",
    ),
    "cli.plan.reference": (
        "本级规划未覆盖的指标所用参照规划（可重复；标注“参照”）",
        "benchmark plan for the indicators the own plans leave open (repeatable; labelled 参照)",
    ),
    "cli.plan.plans_dir": (
        "规划库文件夹（默认 data/plans；数据旁的 plans/ 文件夹一并读取）",
        "folder of the plan library (default: data/plans; the store's own plans/ folder is added)",
    ),
    "cli.plans.help": ("列出规划及适用于本数据的规划", "list the plans and which apply to a store"),
    "cli.plans.description": (
        "列出规划库中的规划；加 --data 时说明哪些规划判定该数据、如何判定。",
        "List the plans of the library and, with --data, which of them judge that store and how.",
    ),
    "cli.plans.data": (
        "数据集 GeoPackage（其乡镇代码确定所属县）",
        "dataset GeoPackage (its township codes name its county)",
    ),
    "cli.plans.year": ("判定年份（默认取数据日期的年份）", "the year judged (default: the data's as-of year)"),
    "cli.report.as_of": (
        "参考日期 YYYY-MM-DD（默认取数据日期，否则为今天）",
        "reference date YYYY-MM-DD (default: the data's as-of date, else today)",
    ),
    "cli.report.quiet": ("不显示进度条和汇总", "no progress bar and no summary"),
    "cli.import.help": ("把文件导入数据中的一个图层", "import a file into the store as one layer"),
    "cli.import.description": (
        "读取 Shapefile/zip、GeoPackage、GeoJSON、KML、CSV/Excel 台账或 GeoTIFF，按图层约定对应字段，检查整个数据集后"
        "写出数据文件的新版本（保留上一版本，可用 undo 恢复）。发现任何问题时不写入。",
        "Read a Shapefile/zip, GeoPackage, GeoJSON, KML, CSV/Excel ledger or GeoTIFF, map it onto the layer "
        "contract, validate the whole dataset and write a new version of the store (the previous one is kept; "
        "`undo` restores it). Nothing is written when any problem is found.",
    ),
    "cli.import.data": (
        "导入到的数据文件 GeoPackage（不存在时创建）",
        "store GeoPackage to import into (created if missing)",
    ),
    "cli.import.kind": ("文件所含的图层类型（或栅格）", "layer kind (or raster) the file holds"),
    "cli.import.file": ("要导入的文件", "the file to import"),
    "cli.import.layer": (
        "GeoPackage/KML 的图层或 zip 中的数据文件",
        "layer of a GeoPackage/KML or dataset inside a zip",
    ),
    "cli.import.sheet": ("Excel 工作表", "Excel sheet"),
    "cli.import.encoding": (
        "Shapefile/CSV 的文字编码（UTF-8、GBK、GB18030）",
        "text encoding of a Shapefile/CSV (UTF-8, GBK, GB18030)",
    ),
    "cli.import.crs": (
        "文件坐标系缺失或有误时指定，如 4490 或 EPSG:4549",
        "coordinate system of the file when missing or wrong, e.g. 4490 or EPSG:4549",
    ),
    "cli.import.gcj02": (
        "坐标来自高德/腾讯等网络地图（GCJ-02），需要纠偏",
        "coordinates come from a Chinese web map (GCJ-02): convert them",
    ),
    "cli.import.lon": ("台账的经度列", "longitude column of a ledger"),
    "cli.import.lat": ("台账的纬度列", "latitude column of a ledger"),
    "cli.import.repair": ("修复无效几何（会列出）", "repair invalid geometries (reported)"),
    "cli.import.map": (
        "手工把源字段对应到约定字段（可重复）",
        "map a source column to a contract column by hand (repeatable)",
    ),
    "cli.import.join_by": (
        "台账如何对应村：code 按代码、name 按名称（乡镇内），默认先代码后名称",
        "how a ledger finds its villages: code, name (within township) or code then name (default)",
    ),
    "cli.import.mode": (
        "replace 替换图层（有几何的文件默认）或 update 更新要素（台账默认）",
        "replace the layer (default for files with geometry) or update features (default for ledgers)",
    ),
    "cli.import.report": (
        "有问题时把问题清单写到这里（.csv 或 .xlsx）",
        "write the problem report here (.csv or .xlsx) when there are problems",
    ),
    "cli.import.accept_inconsistent": (
        "确属实情时，接受户数大于人口等前后矛盾的行，并写明理由（记入导入记录）",
        "accept rows whose parts exceed their whole (households above population …) with this reason, kept in "
        "the import record",
    ),
    "cli.import.wait": (
        "另一个导入正在写入同一数据文件时最多等待的秒数（默认 15）",
        "how long to wait for another import into the same store to finish (default 15 s)",
    ),
    "cli.undo.help": ("撤销上一次导入", "undo the last import or write"),
    "cli.undo.description": (
        "恢复数据文件的上一版本（保存在旁边的 .versions/ 中）。",
        "Put the previous version of the store back (kept in .versions/ beside it).",
    ),
    "cli.undo.data": ("数据文件 GeoPackage", "store GeoPackage"),
    # arguments
    "cli.bad_date": ("日期格式应为 YYYY-MM-DD：'{text}'", "not a date (YYYY-MM-DD): '{text}'"),
    "cli.bad_mapping": ("应为 源字段=约定字段：'{text}'", "expected SOURCE=CONTRACT, got '{text}'"),
    # report
    "cli.out_not_folder": ("输出位置已存在且不是文件夹", "output path exists and is not a folder"),
    "cli.progress": ("指标", "indicators"),
    "cli.progress_unit": ("项", "step"),
    "cli.progress_writing": ("写出文件", "writing files"),
    "cli.cannot_write": ("无法写入输出文件（{exc}）", "cannot write the output files ({exc})"),
    "cli.as_of": ("参考日期 {date}；全县指标：", "as of {date}; county figures:"),
    "cli.met": ("达标", "met"),
    "cli.not_met": ("未达标", "not met"),
    "cli.not_judged": ("不判定", "not judged"),
    "cli.target": ("目标", "target"),
    "cli.gaps": ("缺口 {n} 行", "gaps: {n} rows"),
    "cli.role.reference": ("参照", "reference"),
    "cli.role.contribution": ("贡献", "contribution"),
    # plans
    "cli.plans.role.own": ("本县规划", "own plan"),
    "cli.plans.role.higher": ("上级规划", "higher plan"),
    "cli.plans.role.contribution": ("全省总量", "province total"),
    "cli.plans.role.reference": ("参照", "reference"),
    "cli.plans.jurisdiction": ("区划：{code}；目标依据：", "jurisdiction: {code}; plans judging it:"),
    "cli.plans.unknown": ("未知", "unknown"),
    "cli.plans.none": ("（无）", "(none)"),
    "cli.plans.left_out": ("未采用", "left out"),
    "cli.plans.targets": ("{n} 项目标", "{n} target(s)"),
    "cli.plans.library": ("规划库（{n}）：", "plan library ({n}):"),
    "cli.plans.draft": ("征求意见稿", "draft"),
    "cli.plans.adopted": ("已印发", "adopted"),
    "cli.plans.target_count": ("{n} 项目标", "{n} target(s)"),
    "cli.plans.store": ("数据：{path}", "store: {path}"),
    "cli.note": ("注", "note"),
    "cli.time": (
        "用时：读取 {load:.2f} s，计算 {compute:.2f} s，写出 {write:.2f} s",
        "time: load {load:.2f} s, compute {compute:.2f} s, write {write:.2f} s",
    ),
    # import, undo
    "cli.demo_refused": (
        "这是随程序提供的演示数据，不能导入；请先复制为工作文件",
        "this is the bundled demo county; copy it to a working file first",
    ),
    "cli.not_imported": (
        "未导入，数据文件未改动（{n} 处问题）",
        "nothing imported, the store is unchanged ({n} problem(s))",
    ),
    "cli.cannot_read_write": ("无法读取或写入（{exc}）", "cannot read or write ({exc})"),
    "cli.imported": ("已导入 {file} → {store} [{kind}, {mode}]", "imported {file} → {store} [{kind}, {mode}]"),
    "cli.imported_features": (
        "已导入 {file} → {store} [{kind}, {mode}]，{n} 个要素",
        "imported {file} → {store} [{kind}, {mode}], {n} feature(s)",
    ),
    "cli.original": ("原始文件已保留：{path}", "original kept: {path}"),
    "cli.previous": (
        "上一版本：{path}（撤销：python -m geo undo --data {store}）",
        "previous version: {path} (undo: python -m geo undo --data {store})",
    ),
    "cli.cannot_restore": ("无法恢复（{exc}）", "cannot restore ({exc})"),
    "cli.restored": (
        "已恢复 {store} ← {name}（重做：python -m geo redo --data {store}）",
        "restored {store} ← {name} (redo: python -m geo redo --data {store})",
    ),
    "cli.redone": (
        "已重做 {store}：撤销前的状态已放回，当前状态保留为 {name}",
        "redone {store}: the state before the undo is back, the undone one kept as {name}",
    ),
    "cli.redo.help": ("重做上一次撤销", "redo the last undo"),
    "cli.redo.description": (
        "把上一次撤销替换掉的数据状态放回（逐字节相同）；撤销之后若又导入了新数据，则无可重做。",
        "Put back the state the last undo replaced (byte for byte); after a new import there is nothing to redo.",
    ),
    "cli.redo.data": ("数据文件（GeoPackage）", "the store (GeoPackage)"),
    "cli.cannot_redo": ("无法重做（{exc}）", "cannot redo ({exc})"),
}
