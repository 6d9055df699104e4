"""The vocabulary of the data contract and of real ledgers, declared once.

The contract's categorical values that the core computes with (``SURFACES`` …), the ways bureau
ledgers write them (``*_SYNONYMS``: a spelling → contract value, used by ``layers/`` columns), the
ledger columns naming where a row belongs (``JOIN_KEY_ALIASES``), the official suffixes of place
names and the route-code prefixes of rural roads. Import (``geo.io.ingest``) and the store
(``geo.core.validation``) read the same tables, so a GeoPackage made in QGIS with 移动 or 集中 is
read like an imported ledger. Spellings are compared after :func:`normalize_text`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

# Road surfaces (roads.surface); hardened = asphalt or cement, the plans' 硬化路.
SURFACES = ("asphalt", "cement", "gravel", "earth")
HARDENED_SURFACES = ("asphalt", "cement")

# PV poverty-alleviation stations (pv_stations.kind, pv_stations.status).
PV_KINDS = ("village", "centralized", "household")
PV_STATUSES = ("normal", "faulty", "offline")


def normalize_text(value: object) -> str:
    """Text for comparing names and categories: NFKC (full-width → half-width), no spaces, lower case."""
    text = unicodedata.normalize("NFKC", str(value))
    return "".join(text.split()).lower()


# --- how ledgers write the contract's values (spelling → contract value) ----------------------
# Only unambiguous synonyms belong here: anything else is reported, never guessed.
SURFACE_SYNONYMS: Mapping[str, str] = {
    "沥青": "asphalt",
    "沥青路面": "asphalt",
    "沥青混凝土": "asphalt",
    "沥青砼": "asphalt",
    "柏油": "asphalt",
    "柏油路": "asphalt",
    "沥青表处": "asphalt",
    "沥青贯入": "asphalt",
    "水泥": "cement",
    "水泥路面": "cement",
    "水泥混凝土": "cement",
    "水泥砼": "cement",
    "砼": "cement",
    "混凝土": "cement",
    "水泥路": "cement",
    "concrete": "cement",
    "砂石": "gravel",
    "砂石路面": "gravel",
    "砂石路": "gravel",
    "沙石": "gravel",
    "碎石": "gravel",
    "泥结碎石": "gravel",
    "级配碎石": "gravel",
    "土": "earth",
    "土质": "earth",
    "土路": "earth",
    "土路面": "earth",
    "泥土路": "earth",
    "dirt": "earth",
}
ADMIN_CLASS_SYNONYMS: Mapping[str, str] = {
    "县": "county",
    "县道公路": "county",
    "乡": "township",
    "乡道公路": "township",
    "村": "village",
    "村道公路": "village",
    "专用公路": "other",
    "其它": "other",
}
# Technical grade (roads.tech_grade, a number): 一级…四级 and 等外 (substandard, 0).
TECH_GRADE_SYNONYMS: Mapping[str, str] = {
    "一级": "1",
    "二级": "2",
    "三级": "3",
    "四级": "4",
    "一级公路": "1",
    "二级公路": "2",
    "三级公路": "3",
    "四级公路": "4",
    "等外": "0",
    "等外公路": "0",
    "等外路": "0",
}
# Route codes (路线编码) of rural roads: X012 is a county road, Y… township, C… village; G/S (national,
# provincial) and Z (special-purpose) roads are "other" in the rural-road contract.
ROUTE_CODE_PATTERN = r"^\s*([A-Za-z])\s*\d+"
ROUTE_PREFIX_CLASSES: Mapping[str, str] = {
    "X": "county",
    "Y": "township",
    "C": "village",
    "G": "other",
    "S": "other",
    "Z": "other",
}
WATER_SUPPLY_SYNONYMS: Mapping[str, str] = {
    "集中": "centralized",
    "集中式供水": "centralized",
    "规模化供水": "centralized",
    "千吨万人": "centralized",
    "小型集中": "centralized",  # small centralized works count as centralized supply in the national statistics
    "小型集中供水": "centralized",
    "小型集中式供水": "centralized",
    "自来水": "tap",
    "分散": "dispersed",
    "分散式供水": "dispersed",
    "无": "none",
    "无供水": "none",
}
WATER_SCALE_SYNONYMS: Mapping[str, str] = {
    "千吨万人供水工程": "large",
    "集中": "centralized",
    "集中式": "centralized",
    "集中供水工程": "centralized",
    "小型集中": "small",
    "小型集中供水": "small",
    "小型集中供水工程": "small",
}
# admin_villages.unit_kind (geo.core.units.UNIT_KINDS)
UNIT_KIND_SYNONYMS: Mapping[str, str] = {
    "村民委员会": "village_committee",
    "村": "village_committee",
    "村委": "village_committee",
    "行政村": "village_committee",
    "建制村": "village_committee",
    "居民委员会": "residents_committee",
    "居委": "residents_committee",
    "社区": "residents_committee",
    "社区居委会": "residents_committee",
    "城镇社区": "residents_committee",
    "其他": "other",
    "生活区": "other",
}
TECH_SYNONYMS: Mapping[str, str] = {"4g": "4G", "lte": "4G", "5g": "5G", "nr": "5G"}
OPERATOR_SYNONYMS: Mapping[str, str] = {
    "移动": "cmcc",
    "联通": "unicom",
    "电信": "telecom",
    "铁塔": "tower",
    "中国铁塔": "tower",
    "china mobile": "cmcc",
    "china unicom": "unicom",
    "china telecom": "telecom",
}
PV_STATUS_SYNONYMS: Mapping[str, str] = {
    "正常运行": "normal",
    "运行正常": "normal",
    "运行": "normal",
    "故障停机": "faulty",
    "停运": "offline",
    "停止运行": "offline",
}

# --- ledger columns naming where a row belongs (beyond the layer's own columns) -----------------
JOIN_KEY_ALIASES: Mapping[str, tuple[str, ...]] = {
    "town_code": ("乡镇代码", "乡镇编码", "乡镇区划代码", "乡镇街道代码", "town_code", "towncode", "streetcode"),
    "town_name": (
        "乡镇",
        "乡镇名称",
        "乡（镇）",
        "乡镇（街道）",
        "乡镇街道",
        "所属乡镇",
        "所在乡镇",
        "镇（乡）",
        "town",
        "township",
        "town_name",
        "townname",
        "streetname",
    ),
    "village_code": ("行政村代码", "行政村编码", "村代码", "村编码", "统计用区划代码", "village_code"),
    "village_name": (
        "行政村",
        "行政村名称",
        "所属行政村",
        "所在行政村",
        "所在村",
        "村名称",
        "建制村",
        "村委会",
        "village",
        "village_name",
    ),
}

# --- official suffixes of place names, stripped before names are compared ----------------------
# Township names lose one suffix; village names lose the body (村委会 …) and then the place (社区, 村 …),
# so 杨河社区居委会, 杨河社区 and 杨河 all compare as 杨河. Longer suffixes first.
TOWN_SUFFIXES = ("人民政府", "街道办事处", "街道", "镇", "乡")
VILLAGE_BODY_SUFFIXES = ("社区居民委员会", "社区居委会", "村民委员会", "居民委员会", "村委会", "居委会")
VILLAGE_PLACE_SUFFIXES = ("行政村", "村民小组", "社区", "村", "组")
VILLAGE_SUFFIXES = (*VILLAGE_BODY_SUFFIXES, *VILLAGE_PLACE_SUFFIXES)


def surface_order(found: Iterable[str]) -> list[str]:
    """The surfaces found, the contract's in their declared order first, then any other value sorted."""
    present = set(found)
    return [s for s in SURFACES if s in present] + sorted(s for s in present if s not in SURFACES)
