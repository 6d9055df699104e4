"""Water supply works (供水工程) and their service areas (供水范围)."""

from geo.core.layer_names import WATER_SERVICE_AREAS, WATER_WORKS
from geo.core.schema import Column, LayerSchema
from geo.core.vocabulary import WATER_SCALE_SYNONYMS
from geo.map.style import LayerStyle
from layers.base import LayerKind

SCALES = ("large", "centralized", "small")
SCALES_ZH = ("千吨万人", "集中供水", "小型")

SCHEMA = LayerSchema(
    name=WATER_WORKS,
    title_zh="供水工程",
    title_en="Water works",
    geometry="Point",
    key="works_id",
    columns=(
        Column("works_id", "str", "工程编号", "Works id", required=True, aliases=("工程编号", "编号")),
        Column("name", "str", "工程名称", "Name", required=True, aliases=("工程名称", "名称", "水厂名称")),
        Column(
            "scale",
            "str",
            "工程规模",
            "Scale",
            required=True,
            allowed=SCALES,
            allowed_zh=SCALES_ZH,
            aliases=("工程规模", "规模", "工程类型"),
            synonyms=tuple(WATER_SCALE_SYNONYMS.items()),
        ),
        Column(
            "capacity_m3d",
            "float",
            "设计供水规模（m³/日）",
            "Capacity (m³/day)",
            required=True,
            minimum=0,
            aliases=("设计供水规模", "供水规模", "日供水能力"),
        ),
        Column(
            "has_treatment",
            "bool",
            "净化消毒设施",
            "Treatment and disinfection",
            required=True,
            aliases=("净化消毒", "是否有净化消毒设施"),
        ),
        Column(
            "quality_ok",
            "bool",
            "水质达标",
            "Water quality compliant",
            required=True,
            aliases=("水质达标", "水质是否达标"),
        ),
        Column("village_code", "code", "所在行政村代码", "Village code", code_length=12, aliases=("行政村代码",)),
    ),
)
STYLE = LayerStyle(color="#08519c", fill_color="#6baed6", fill_opacity=1.0, radius=7.0, order=75)
KIND = LayerKind(
    SCHEMA, STYLE, popup_columns=("name", "works_id", "scale", "capacity_m3d", "has_treatment", "quality_ok")
)

SERVICE_AREA_SCHEMA = LayerSchema(
    name=WATER_SERVICE_AREAS,
    title_zh="供水范围",
    title_en="Water service areas",
    geometry="Polygon",
    key="works_id",
    required_in_dataset=False,
    columns=(Column("works_id", "str", "工程编号", "Works id", required=True, aliases=("工程编号", "编号")),),
)
SERVICE_AREA_STYLE = LayerStyle(color="#2171b5", fill_color="#9ecae1", fill_opacity=0.25, weight=1.0, order=20)
SERVICE_AREA_KIND = LayerKind(SERVICE_AREA_SCHEMA, SERVICE_AREA_STYLE, popup_columns=("works_id",))
