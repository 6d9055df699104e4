"""Rural roads (农村公路): segments with class, grade, surface and lanes."""

from geo.core.layer_names import ROADS
from geo.core.schema import Column, LayerSchema
from geo.core.vocabulary import ADMIN_CLASS_SYNONYMS, SURFACE_SYNONYMS, SURFACES, TECH_GRADE_SYNONYMS
from geo.map.style import LayerStyle
from layers.base import LayerKind

ADMIN_CLASSES = ("county", "township", "village", "other")

SCHEMA = LayerSchema(
    name=ROADS,
    title_zh="农村公路",
    title_en="Rural roads",
    geometry="LineString",
    key="road_id",
    columns=(
        Column("road_id", "str", "路段编号", "Segment id", required=True, aliases=("路段编号", "编号", "路段代码")),
        Column("name", "str", "路线名称", "Name", aliases=("路线名称", "名称", "道路名称")),
        Column("route_code", "str", "路线编码", "Route code", aliases=("路线编码", "路线编号", "路线代码")),
        Column(
            "admin_class",
            "str",
            "行政等级",
            "Administrative class",
            required=True,
            allowed=ADMIN_CLASSES,
            allowed_zh=("县道", "乡道", "村道", "其他"),
            aliases=("行政等级", "公路等级", "道路等级"),
            synonyms=tuple(ADMIN_CLASS_SYNONYMS.items()),
        ),
        Column(
            "tech_grade",
            "int",
            "技术等级",
            "Technical grade (0 = substandard)",
            required=True,
            minimum=0,
            maximum=4,
            aliases=("技术等级",),
            synonyms=tuple(TECH_GRADE_SYNONYMS.items()),
        ),
        Column(
            "surface",
            "str",
            "路面类型",
            "Surface",
            required=True,
            allowed=SURFACES,
            allowed_zh=("沥青", "水泥", "砂石", "土路"),
            aliases=("路面类型", "面层类型", "路面", "路面材料"),
            synonyms=tuple(SURFACE_SYNONYMS.items()),
        ),
        Column("lanes", "int", "车道数", "Lanes", required=True, minimum=1, maximum=8, aliases=("车道数",)),
        Column(
            "width_m",
            "float",
            "路面宽度（米）",
            "Pavement width (m)",
            minimum=0,
            maximum=60,
            aliases=("路面宽度", "路面宽", "路面宽度（m）", "路面宽度（米）"),
        ),
    ),
)
STYLE = LayerStyle(
    color="#8c6d31",
    weight=2.0,
    order=50,
    category_column="surface",
    category_colors={"asphalt": "#222222", "cement": "#7f7f7f", "gravel": "#d59f4b", "earth": "#b5651d"},
)
KIND = LayerKind(
    SCHEMA, STYLE, popup_columns=("name", "road_id", "admin_class", "tech_grade", "surface", "lanes", "width_m")
)
