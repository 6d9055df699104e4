"""Messages of reading a file for import: formats, archives, encodings, coordinate columns (geo/io/ingest/read*, uploads)."""

STRINGS: dict[str, tuple[str, str]] = {
    "read.unsupported_file_type_shp": (
        "不支持的文件类型（支持 shp、zip、gpkg、geojson、kml、csv、xlsx）",
        "unsupported file type (shp, zip, gpkg, geojson, kml, csv and xlsx are supported)",
    ),
    "read.file_not_found": ("找不到文件", "file not found"),
    "read.file_empty_0_bytes": ("文件是空的（0 字节）", "the file is empty (0 bytes)"),
    "read.unknown_encoding_utf_8": (
        "不认识的编码“{encoding}”（可选 UTF-8、GBK、GB18030）",
        "unknown encoding '{encoding}' (UTF-8, GBK, GB18030)",
    ),
    "read.old_excel_files_xls": (
        "不支持旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx",
        "old Excel files (.xls) are not supported; save as .xlsx in Excel or WPS",
    ),
    "read.raster_import_raster_dem": (
        "这是栅格文件，请作为栅格（高程、人口）导入",
        "this is a raster; import it as a raster (DEM, population)",
    ),
    "read.folder_holds_no_readable": ("文件夹中没有可读取的数据文件", "the folder holds no readable data file"),
    "read.cannot_read_file_may": (
        "无法读取：文件可能已损坏、不完整或格式不符（{exc}）",
        "cannot be read: the file may be damaged, truncated or not what its extension says ({exc})",
    ),
    "read.gcj_02_applies_longitude": (
        "GCJ-02 只用于网络地图的经纬度，而这些坐标是投影坐标（{crs}）",
        "GCJ-02 applies to longitude/latitude from web maps; these coordinates are projected ({crs})",
    ),
    "read.converted_web_map_coordinates": (
        "已按用户说明把网络地图（高德/腾讯，GCJ-02）坐标纠偏为 CGCS2000，位置移动约数百米",
        "converted web-map coordinates (Amap/Tencent, GCJ-02) to CGCS2000 as the user said; positions moved by a few hundred metres",
    ),
    "read.raster.rasters_must_geotiff_tif": ("栅格请使用 GeoTIFF（.tif）格式", "rasters must be GeoTIFF (.tif)"),
    "read.raster.cannot_read_raster_file": (
        "无法读取栅格：文件可能已损坏或不完整（{exc}）",
        "cannot read the raster: the file may be damaged or truncated ({exc})",
    ),
    "read.raster.raster_too_large_cells": (
        "栅格过大（{width}×{height} 像元，上限 {limit:,}），请先裁剪到本县",
        "raster too large ({width}×{height} cells, limit {limit:,}); clip it to the county",
    ),
    "read.raster.raster_not_georeferenced_no": (
        "栅格没有地理参考（缺少坐标信息或 .tfw 文件）",
        "the raster is not georeferenced (no coordinates or .tfw world file)",
    ),
    "read.raster.raster_bands_read_band": (
        "栅格有 {count} 个波段，只读取第 1 个",
        "the raster has {count} bands; read band 1",
    ),
    "read.shp.file_not_valid_shapefile": (
        "{suffix} 文件不是有效的 Shapefile（文件头损坏）",
        "the {suffix} file is not a valid Shapefile (damaged header)",
    ),
    "read.shp.file_truncated_bytes_cut": (
        "{suffix} 文件不完整（应有 {declared} 字节，实际 {size} 字节），可能复制或下载时被截断",
        "the {suffix} file is truncated ({size} of {declared} bytes), cut off while copying or downloading?",
    ),
    "read.shp.dbf_file_truncated_damaged": (
        ".dbf 文件不完整（文件头损坏）",
        "the .dbf file is truncated (damaged header)",
    ),
    "read.shp.dbf_attribute_table_truncated": (
        ".dbf 属性表不完整（应有 {declared} 字节，实际 {st_size} 字节），可能被截断",
        "the .dbf attribute table is truncated ({st_size} of {declared} bytes)",
    ),
    "read.shp.shapefile_no_prj_file": (
        "Shapefile 没有 .prj 文件（坐标系未说明）",
        "the Shapefile has no .prj file (CRS not stated)",
    ),
    "read.shp.attribute_table_no_cpg": (
        "属性表没有 .cpg 文件，按 DBF 文件头的语言标记读作 GBK",
        "the attribute table has no .cpg file; read as GBK as its DBF header's language id says",
    ),
    "read.vector.layer_holds_no_features": ("图层中没有任何要素（空文件）", "the layer holds no features (empty file)"),
    "read.vector.no_feature_geometry_coordinates": (
        "所有要素都没有几何（坐标）",
        "no feature has a geometry (coordinates)",
    ),
    "read.vector.table_holds_no_records": ("表中没有任何记录（空文件）", "the table holds no records (empty file)"),
    "read.vector.feature_s_no_geometry": (
        "{n_rows} 个要素没有几何（行 {listed}），已保留",
        "{n_rows} feature(s) have no geometry (rows {listed}); kept",
    ),
    "read.vector.geojson_truncated": (
        "GeoJSON 文件不完整（在 {kb:,.1f} KB 处被截断，结尾缺少闭合的括号），可能是下载或复制中断；请重新导出或重新复制完整文件",
        "the GeoJSON file is truncated (it stops at {kb:,.1f} KB before its closing brackets), probably an interrupted "
        "download or copy; export or copy the whole file again",
    ),
    "read.vector.cannot_tell_text_encoding": (
        "无法识别文件的文字编码（不是 UTF-8 也不是 GBK/GB18030）",
        "cannot tell the text encoding (neither UTF-8 nor GBK/GB18030)",
    ),
    "read.vector.kml_folders_merged_them": (
        "KML 有 {n_layers} 个文件夹，已合并，文件夹名写在 kml_folder 列",
        "the KML has {n_layers} folders; merged them, the folder name is in column kml_folder",
    ),
    "read.vector.file_holds_no_layer": ("文件中没有任何图层", "the file holds no layer"),
    "read.vector.file_does_not_decode": ("文件内容不是 {codec} 编码", "the file does not decode as {codec}"),
    "read.table.file_does_not_decode": (
        "文件内容不是 {codec} 编码，请换一种编码",
        "the file does not decode as {codec}; choose another encoding",
    ),
    "read.table.file_holds_no_data": ("文件中没有任何内容", "the file holds no data"),
    "read.table.table_empty": ("表中没有任何内容", "the table is empty"),
    "read.table.table_header_but_no": ("表中只有表头，没有数据行", "the table has a header but no data rows"),
    "read.table.give_both_longitude_latitude": (
        "请同时指定经度列和纬度列",
        "give both the longitude and the latitude column",
    ),
    "read.table.columns_do_not_look": (
        "“{lon_name}”“{lat_name}”两列不像坐标，作为台账（无坐标）读取；如确为坐标请指定坐标列和坐标系",
        "columns '{lon_name}' and '{lat_name}' do not look like coordinates: read as a ledger without coordinates; name the columns and the CRS if they are",
    ),
    "read.table.columns_empty": (
        "“{lon_name}”“{lat_name}”两列都是空的",
        "columns '{lon_name}' and '{lat_name}' are empty",
    ),
    "read.table.coordinates_taken_from_columns": (
        "坐标取自“{lon_name}”“{lat_name}”两列",
        "coordinates taken from columns '{lon_name}' and '{lat_name}'",
    ),
    "read.table.malformed_csv": ("CSV 格式有误（{exc}）", "malformed CSV ({exc})"),
    "read.table.skipped_title_row_s": (
        "跳过了表头上方的 {header_row} 行标题",
        "skipped {header_row} title row(s) above the header",
    ),
    "read.table.no_longitude_latitude_columns": (
        "表中没有经纬度列，作为台账（无坐标）读取",
        "no longitude/latitude columns: read as a ledger without coordinates",
    ),
    "read.table.line_only_one_two": (
        "第 {line} 行只有一个坐标（经度或纬度为空）",
        "line {line} has only one of the two coordinates",
    ),
    "read.table.row_s_no_coordinates": (
        "{n} 行没有坐标，已保留（无几何）",
        "{n} row(s) have no coordinates; kept without geometry",
    ),
    "read.table.csv_not_utf_8": (
        "CSV 不是 UTF-8 编码，按 GB18030（兼容 GBK，Excel 中文“ANSI”）读取",
        "the CSV is not UTF-8; read as GB18030 (GBK, what Chinese Excel saves as 'ANSI')",
    ),
    "read.table.workbook_no_sheet": ("工作簿中没有工作表“{sheet}”", "the workbook has no sheet '{sheet}'"),
    "read.table.line_not_coordinate": (
        "第 {line} 行的“{value}”不是坐标数值",
        "line {line}: '{value}' is not a coordinate",
    ),
    "upload.archive_member_points_outside": (
        "压缩包中的路径“{raw}”指向解压目录之外（绝对路径或“..”），已拒绝",
        "archive member '{raw}' points outside the target folder (absolute path or '..'); refused",
    ),
    "upload.archive_member_symbolic_link": (
        "压缩包中的“{raw}”是符号链接，已拒绝",
        "archive member '{raw}' is a symbolic link; refused",
    ),
    "upload.archive_member_encrypted_upload": (
        "压缩包中的“{raw}”已加密，请上传未加密的压缩包",
        "archive member '{raw}' is encrypted; upload an unencrypted archive",
    ),
    "upload.too_many_files_archive": (
        "压缩包内文件过多（{n_members} 个，上限 {limit}）",
        "too many files in the archive ({n_members}, limit {limit})",
    ),
    "upload.archive_expands_too_much": (
        "压缩包解压后过大（{mb:.0f} MB，上限 {limit_mb:.0f} MB）",
        "the archive expands too much ({mb:.0f} MB, limit {limit_mb:.0f} MB)",
    ),
    "upload.archive_abnormal_overall_compression": (
        "压缩包整体压缩比异常（{ratio:.0f} 倍），疑似压缩炸弹，已拒绝",
        "the archive has an abnormal overall compression ratio ({ratio:.0f}×), a likely zip bomb; refused",
    ),
    "upload.file_too_large_mb": (
        "文件过大（{mb:.1f} MB，上限 {limit_mb:.0f} MB）",
        "file too large ({mb:.1f} MB, limit {limit_mb:.0f} MB)",
    ),
    "upload.archive_member_abnormal_compression": (
        "压缩包中的“{filename}”压缩比异常（{ratio:.0f} 倍），疑似压缩炸弹，已拒绝",
        "archive member '{filename}' has an abnormal compression ratio ({ratio:.0f}×), a likely zip bomb; refused",
    ),
    "upload.not_valid_zip_archive": (
        "不是有效的 zip 压缩包，可能已损坏或不完整（{exc}）",
        "not a valid zip archive; damaged or incomplete? ({exc})",
    ),
    "upload.archive_holds_more_data": (
        "压缩包内容与其目录不符或解压后超出上限，疑似压缩炸弹，已拒绝",
        "the archive holds more data than it declares or than allowed, a likely zip bomb; refused",
    ),
    "upload.archive_holds_no_readable": (
        "压缩包中没有可读取的数据文件（shp、gpkg、geojson、kml、csv、xlsx、tif）",
        "the archive holds no readable data file (shp, gpkg, geojson, kml, csv, xlsx, tif)",
    ),
    "upload.cannot_extract_damaged_archive": (
        "无法解压“{name}”：压缩包已损坏或使用了不支持的压缩方式（{exc}）",
        "cannot extract '{name}': damaged archive or unsupported compression ({exc})",
    ),
    "read.excel_damaged": ("Excel 文件已损坏或不完整（{exc}）", "the Excel file is damaged or truncated ({exc})"),
    "read.choose_dataset": (
        "压缩包中有多个数据文件，请选择一个：{names}",
        "the archive holds several datasets, choose one: {names}",
    ),
    "read.shp.missing_parts": (
        "Shapefile 缺少 {missing} 文件：请把同名的 .shp、.shx、.dbf、.prj 一起上传（打包成 zip）",
        "the Shapefile lacks its {missing} file: upload the .shp, .shx, .dbf and .prj of the same name together (as one zip)",
    ),
    "read.shp.encoding_detected": (
        "属性表没有 .cpg 编码说明，按内容判断为 {label}",
        "the attribute table has no .cpg file; its content reads as {label}",
    ),
    "read.shp.cpg_wrong": (
        ".cpg 文件所写的编码与属性表内容不符，改按 {label} 读取",
        "the .cpg file names an encoding the attribute table does not decode in; read as {label}",
    ),
    "read.vector.not_utf8": ("文件不是 UTF-8 编码，按 {label} 读取", "the file is not UTF-8; read as {label}"),
    "read.vector.no_such_layer": (
        "没有图层“{layer}”（现有：{layers}）",
        "there is no layer '{layer}' (present: {layers})",
    ),
    "read.vector.choose_layer": (
        "文件有多个图层，请选择一个：{layers}",
        "the file has several layers, choose one: {layers}",
    ),
    "read.table.not_xlsx": (
        "Excel 文件已损坏或不完整（不是有效的 .xlsx；{exc}）",
        "the Excel file is damaged or truncated ({exc})",
    ),
    "read.table.no_such_column": (
        "没有名为“{wanted}”的列（现有列：{columns}）",
        "there is no column '{wanted}' (columns: {columns})",
    ),
    "read.table.no_coordinate_columns": (
        "找不到经度/纬度列（现有列：{columns}），请指定",
        "found no longitude/latitude columns (columns: {columns}); name them",
    ),
    "read.gb18030": ("GB18030（兼容 GBK）", "GB18030 (a superset of GBK)"),
    "upload.refused": ("上传文件被拒绝：{name}", "upload refused: {name}"),
    "upload.shapefile_parts": (
        "Shapefile 由 .shp、.shx、.dbf、.prj 等多个文件组成，请把它们一起打包成 zip 上传",
        "a Shapefile is several files (.shp, .shx, .dbf, .prj …): upload them together as one zip",
    ),
    "upload.unsupported_type": (
        "不支持的文件类型（支持 zip、shp(zip)、gpkg、geojson、kml、csv、xlsx、tif）",
        "unsupported file type (zip, zipped shp, gpkg, geojson, kml, csv, xlsx and tif are supported)",
    ),
}
