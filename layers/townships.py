"""Townships (乡镇): polygons with their seat (驻地) location."""

from geo.core.areas import AREA_SOURCE, AREA_SOURCES, AREA_SOURCES_ZH
from geo.core.layer_names import TOWNSHIPS
from geo.core.schema import Column, LayerSchema
from geo.map.style import LayerStyle
from layers.base import LayerKind

SCHEMA = LayerSchema(
    name=TOWNSHIPS,
    title_zh="乡镇",
    title_en="Townships",
    geometry="Polygon",
    key="town_code",
    columns=(
        Column(
            "town_code",
            "code",
            "乡镇代码",
            "Township code",
            required=True,
            code_length=9,
            aliases=("乡镇代码", "乡镇编码", "统计用区划代码", "代码", "code"),
        ),
        Column("name", "str", "乡镇名称", "Name", required=True, aliases=("乡镇名称", "名称", "乡镇")),
        Column(
            "kind",
            "str",
            "类型",
            "Kind",
            allowed=("town", "township", "subdistrict"),
            allowed_zh=("镇", "乡", "街道"),
            aliases=("类型",),
        ),
        Column(
            "seat_x",
            "float",
            "驻地经度",
            "Seat longitude",
            required=True,
            minimum=73,
            maximum=136,
            aliases=("驻地经度", "经度"),
        ),
        Column(
            "seat_y",
            "float",
            "驻地纬度",
            "Seat latitude",
            required=True,
            minimum=3,
            maximum=54,
            aliases=("驻地纬度", "纬度"),
        ),
        Column(
            AREA_SOURCE,
            "str",
            "面积来源",
            "Area source",
            allowed=AREA_SOURCES,
            allowed_zh=AREA_SOURCES_ZH,
            aliases=("面积来源", "边界来源"),
        ),
    ),
)
STYLE = LayerStyle(color="#3b3b3b", fill_color="#ffffff", fill_opacity=0.0, weight=2.5, order=90)
KIND = LayerKind(SCHEMA, STYLE, popup_columns=("name", "town_code", "kind", AREA_SOURCE))
