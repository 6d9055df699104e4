"""Messages of the import pipeline: column mapping, joining ledgers to villages by code or name, the plan and its commit."""

STRINGS: dict[str, tuple[str, str]] = {
    "ingest.mapping.source_column_manual_mapping": (
        "手工对应的源字段“{src}”不存在",
        "source column '{src}' of the manual mapping does not exist",
    ),
    "ingest.mapping.columns_both_mapped": (
        "字段“{first}”和“{src}”都对应到了“{dst}”",
        "columns '{first}' and '{src}' are both mapped to '{dst}'",
    ),
    "ingest.ledger.ledger_join_matched_ambiguous": (
        "台账对应：匹配 {matched} 行，多义 {ambiguous} 行，未匹配 {unmatched} 行",
        "ledger join: {matched} matched, {ambiguous} ambiguous, {unmatched} unmatched",
    ),
    "ingest.ledger.store_no_admin_villages": (
        "数据中还没有行政村图层，无法按行政村名称或代码对应",
        "the store has no admin villages yet, so villages cannot be looked up",
    ),
    "ingest.ledger.them_fuzzy_matches_check": (
        "其中 {n_fuzzy} 行为模糊匹配，请在预览中核对",
        "{n_fuzzy} of them are fuzzy matches; check them",
    ),
    "ingest.ledger.matches_same_feature_row": (
        "与第 {others} 行对应同一要素（{feature}）",
        "matches the same feature ({feature}) as row(s) {others}",
    ),
    "ingest.ledger.chosen_feature_does_not": (
        "手工指定的“{feature}”不存在",
        "chosen feature '{feature}' does not exist",
    ),
    "ingest.ledger.store_no_natural_villages": (
        "数据中还没有自然村和行政村图层，台账无法对应",
        "the store has no natural villages or admin villages yet, so the ledger cannot be joined",
    ),
    "ingest.plan.repaired_invalid_geometries_rows": (
        "已修复 {n_rows} 个无效几何（行 {listed}）",
        "repaired {n_rows} invalid geometries (rows {listed})",
    ),
    "ingest.plan.no_invalid_geometries_repair": ("没有需要修复的无效几何", "no invalid geometries to repair"),
    "ingest.plan.not_vector_layer_kind": ("“{kind}”不是矢量图层类型", "'{kind}' is not a vector layer kind"),
    "ingest.plan.raster_can_only_imported": (
        "栅格文件只能导入为 DEM 或人口栅格",
        "a raster can only be imported as the DEM or the population grid",
    ),
    "ingest.plan.ledger_without_coordinates_can": (
        "没有坐标的台账只能更新行政村或自然村的属性；其他图层请提供经纬度列",
        "a ledger without coordinates can only update admin or natural villages; give lon/lat columns for other layers",
    ),
    "ingest.plan.source_no_geometry_coordinates": (
        "源文件没有几何（坐标），不能替换整个图层；请指定经纬度列",
        "the source has no geometry (coordinates), so it cannot replace the layer; give the lon/lat columns",
    ),
    "ingest.plan.store_no_such_layer": (
        "数据中还没有这个图层，台账无法更新",
        "the store has no such layer yet, so the ledger cannot update it",
    ),
    "ingest.commit.bundled_demo_county_which": (
        "这是随程序提供的演示数据，不能导入到其中；请先复制为工作文件再导入",
        "this is the bundled demo county, which imports must not change; copy it to a working file first",
    ),
    "ingest.commit.target_file_exists_not": ("目标文件已存在，未覆盖", "target file exists; not overwritten"),
    "ingest.commit.nothing_import": ("没有可导入的内容", "nothing to import"),
    "ingest.mapping.not_a_column": (
        "“{dst}”不是图层“{layer}”的字段（可选：{names}）",
        "'{dst}' is not a column of layer '{layer}' (choose from: {names})",
    ),
    "ingest.ledger.updated": (
        "更新了 {n_features} 个要素的 {n_columns} 个字段：{columns}",
        "updated {n_columns} column(s) of {n_features} feature(s): {columns}",
    ),
    "ingest.names.ambiguous": (
        "名称“{name}”对应多个{what}：{labels}，请填写代码或所属乡镇",
        "name '{name}' matches several {what}s: {labels}; give the code or the township",
    ),
    "ingest.names.blank": ("名称为空，无法查找{what}", "blank name, cannot look up the {what}"),
    "ingest.names.none_in_scope": ("所属范围内没有任何{what}（“{name}”）", "no {what} in the given scope ('{name}')"),
    "ingest.names.fuzzy": (
        "模糊匹配：“{name}” → {label}（相似度 {score:.2f}），请核对",
        "fuzzy match: '{name}' → {label} (similarity {score:.2f}); please check",
    ),
    "ingest.names.close_to_several": (
        "“{name}”与多个{what}相近：{labels}，请核对名称或填写代码",
        "'{name}' is close to several {what}s: {labels}; check the name or give the code",
    ),
    "ingest.names.not_found": ("找不到名为“{name}”的{what}", "no {what} named '{name}'"),
    "ingest.names.not_found_nearest": (
        "找不到名为“{name}”的{what}（最接近：{hint}）",
        "no {what} named '{name}' (nearest: {hint})",
    ),
    "ingest.ledger.no_townships": (
        "数据中没有乡镇图层，无法按乡镇名称查找",
        "the store has no townships layer, so townships cannot be found by name",
    ),
    "ingest.ledger.in_township": ("所属乡镇：{reason}", "township: {reason}"),
    "ingest.ledger.in_admin_village": ("所属行政村：{reason}", "admin village: {reason}"),
    "ingest.ledger.unknown_code": ("代码“{code}”不是数据中的{what}", "code '{code}' matches no {what} of the store"),
    "ingest.ledger.no_village_code": ("没有行政村代码或名称", "no village code or name"),
    "ingest.ledger.no_natural_village_id": ("没有自然村编号或名称", "no natural village id or name"),
    "ingest.plan.layers_missing": ("数据中尚缺图层：{layers}", "layers still missing from the store: {layers}"),
    "ingest.commit.nothing_imported": ("未导入：发现 {n} 处问题", "nothing imported: {n} problem(s)"),
    "ingest.commit.store_unchanged": (
        "未导入，数据文件未改动：发现 {n} 处问题",
        "nothing imported, the store is unchanged: {n} problem(s)",
    ),
    "ingest.commit.store_changed": (
        "数据文件在预览后被修改，请重新预览后再导入",
        "the store changed after the preview; preview again before importing",
    ),
    # the problem report of an import: headers read in both languages at once
    "problems.col.file": ("文件 file", "文件 file"),
    "problems.col.layer": ("图层 layer", "图层 layer"),
    "problems.col.row": ("行 row", "行 row"),
    "problems.col.field": ("字段 field", "字段 field"),
    "problems.col.expected": ("应为 expected", "应为 expected"),
    "problems.col.problem": ("问题 problem", "问题 problem"),
    "problems.col.problem_en": ("problem (English)", "problem (English)"),
    "problems.sheet": ("问题 problems", "问题 problems"),
    "problems.expected_geometry": ("{kind}几何，有效", "valid {kind} geometry"),
    "problems.expected_digits": ("{n}位", "{n} digits"),
    "problems.expected_required": ("必填", "required"),
    "problems.expected_values": ("取值：{values}", "one of {values}"),
    "problems.expected_column": ("{label}：{parts}", "{label}: {parts}"),
}
