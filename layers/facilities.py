"""Public facilities: schools, clinics, bus stops, express points, garbage stations."""

from geo.core.layer_names import FACILITIES
from geo.core.schema import Column, LayerSchema
from geo.map.style import LayerStyle
from layers.base import LayerKind

KINDS = (
    "school",
    "kindergarten",
    "clinic",
    "township_hospital",
    "county_hospital",
    "bus_stop",
    "express_point",
    "garbage_station",
    "service_center",
    "workshop",
)
KINDS_ZH = (
    "学校",
    "幼儿园",
    "村卫生室",
    "乡镇卫生院",
    "县医院",
    "客运站点",
    "快递服务点",
    "垃圾中转站",
    "村级综合服务中心",
    "扶贫车间",
)

SCHEMA = LayerSchema(
    name=FACILITIES,
    title_zh="公共服务设施",
    title_en="Public facilities",
    geometry="Point",
    key="facility_id",
    columns=(
        Column("facility_id", "str", "设施编号", "Facility id", required=True, aliases=("设施编号", "编号")),
        Column(
            "kind",
            "str",
            "设施类型",
            "Kind",
            required=True,
            allowed=KINDS,
            allowed_zh=KINDS_ZH,
            aliases=("设施类型", "类型"),
        ),
        Column("name", "str", "设施名称", "Name", required=True, aliases=("设施名称", "名称")),
        Column("village_code", "code", "行政村代码", "Village code", code_length=12, aliases=("行政村代码", "村代码")),
        Column("standardized", "bool", "达标", "Meets the standard", aliases=("标准化", "是否达标")),
    ),
)
STYLE = LayerStyle(
    color="#01665e",
    radius=4.5,
    order=65,
    category_column="kind",
    category_colors={
        "school": "#2166ac",
        "kindergarten": "#4393c3",
        "clinic": "#d6604d",
        "township_hospital": "#b2182b",
        "county_hospital": "#67001f",
        "bus_stop": "#35978f",
        "express_point": "#bf812d",
        "garbage_station": "#8c510a",
        "service_center": "#762a83",
        "workshop": "#5ab4ac",
    },
)
KIND = LayerKind(SCHEMA, STYLE, popup_columns=("name", "facility_id", "kind", "village_code", "standardized"))
