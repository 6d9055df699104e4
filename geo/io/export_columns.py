"""Columns and headers of the exported tables: indicators.csv, gaps.csv/gaps.gpkg and the gap workbook.

Column names are the ASCII contract names; the Chinese headers are what a bureau reads in
gaps.xlsx and in ``gaps_csv_bytes(..., lang="zh")``. Declared once here for every writer.
"""

from __future__ import annotations

from collections.abc import Mapping

from geo.core.layer_names import (
    ADMIN_VILLAGES,
    CELL_SITES,
    FACILITIES,
    FARM_PLOTS,
    NATURAL_VILLAGES,
    PV_STATIONS,
    RELOCATION_SITES,
    ROADS,
    TOWNSHIPS,
    WATER_WORKS,
)

# indicators.csv: the contract's seven columns first, then the ones that make values checkable.
INDICATOR_COLUMNS = (
    "indicator_id",
    "level",
    "unit_code",
    "unit_name",
    "value",
    "target",
    "met",
    "target_id",
    "numerator",
    "denominator",
    "population",
    "plan_id",
    "plan_title",
    "plan_document",
    "plan_role",
)

GAP_HEADERS_ZH: Mapping[str, str] = {
    "priority": "优先级（0–100）",
    "indicator_title": "指标",
    "town_name": "乡镇",
    "village_name": "行政村",
    "name": "名称",
    "feature_id": "要素编号",
    "reason_zh": "问题说明",
    "need_zh": "整改需求",
    "need_amount": "需求量",
    "need_unit": "需求单位",
    "population_affected": "影响人口",
    "value": "现状值",
    "target": "目标值",
    "cost_yuan": "估算投资（元）",
    "deadline": "完成时限",
    "village_code": "行政村代码",
    "town_code": "乡镇代码",
    "layer": "图层",
    "indicator_id": "指标编号",
    "target_id": "目标编号",
    "bureau": "责任单位",
    "reason_en": "说明（英文）",
    "need_en": "整改需求（英文）",
    "need_unit_en": "需求单位（英文）",
    "plan_id": "规划编号",
    "plan_title": "目标依据（规划）",
    "plan_document": "文号",
    "plan_role": "依据类别",
    "route_id": "线路编号",
    # gaps.xlsx only: the cost in 10,000 yuan (万元) and the lead / joint units (geo.core.bureaus)
    "cost_wan": "估算投资（万元）",
    "lead_bureau": "牵头单位",
    "joint_units": "协办单位",
}
# plan_role in the Chinese sheets: a benchmark plan's targets say 参照 (reference) wherever they appear.
ROLE_ZH = {"own": "本县规划", "higher": "上级规划", "contribution": "全省总量（本县贡献）", "reference": "参照"}
# Column order of a lead bureau's sheet: what a bureau reads and prints first, the internal ids
# last and hidden (XLSX_HIDDEN; Excel's "unhide" shows them). The English reason stays in the CSV.
XLSX_GAP_COLUMNS = (
    "priority",
    "town_name",
    "village_name",
    "name",
    "indicator_title",
    "reason_zh",
    "need_zh",
    "need_amount",
    "need_unit",
    "population_affected",
    "value",
    "target",
    "cost_wan",
    "deadline",
    "joint_units",
    "route_id",
    "plan_role",
    "plan_title",
    "plan_document",
    "bureau",
    "feature_id",
    "village_code",
    "town_code",
    "layer",
    "indicator_id",
    "target_id",
)
XLSX_HIDDEN = frozenset({"bureau", "feature_id", "village_code", "town_code", "layer", "indicator_id", "target_id"})
# Columns wrapped onto several lines (long sentences), with their width in characters.
XLSX_WRAPPED = {"reason_zh": 46, "need_zh": 30, "plan_title": 30}
# The summary sheet (汇总): (column, header), ids last and hidden.
SUMMARY_COLUMNS = (
    ("lead_bureau", "牵头单位"),
    ("title", "指标"),
    ("value", "全县现状"),
    ("target", "目标值"),
    ("met", "是否达标"),
    ("gaps", "缺口数"),
    ("population_affected", "影响人口"),
    ("cost_wan", "估算投资（万元）"),
    ("top_priority", "最高优先级"),
    ("joint_units", "协办单位"),
    ("plan_role", "依据类别"),
    ("plan_title", "目标依据（规划）"),
    ("plan_document", "文号"),
    ("indicator_id", "指标编号"),
    ("target_id", "目标编号"),
)
SUMMARY_HIDDEN = frozenset({"indicator_id", "target_id"})
# The per-township subtotal sheet (乡镇小计): (column, header).
SUBTOTAL_COLUMNS = (
    ("lead_bureau", "牵头单位"),
    ("town_name", "乡镇"),
    ("gaps", "缺口数"),
    ("population_affected", "影响人口"),
    ("cost_wan", "估算投资（万元）"),
    ("town_code", "乡镇代码"),
)
SUMMARY_SHEET, SUBTOTAL_SHEET = "汇总", "乡镇小计"
LAYER_ZH = {
    NATURAL_VILLAGES: "自然村",
    ADMIN_VILLAGES: "行政村",
    TOWNSHIPS: "乡镇",
    RELOCATION_SITES: "安置点",
    PV_STATIONS: "光伏电站",
    WATER_WORKS: "供水工程",
    ROADS: "农村公路",
    FACILITIES: "公共服务设施",
    CELL_SITES: "通信基站",
    FARM_PLOTS: "产业地块",
}
MET_ZH = {True: "是", False: "否"}
SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))
# Excel's limit is 1,048,576 rows per sheet: one header row + this many data rows. A bureau with
# more gaps (a province) continues on sheets "<bureau> (2)", "<bureau> (3)" …, and the summary
# sheet says so in a note row.
XLSX_MAX_DATA_ROWS = 1_048_575
