"""Administrative villages (行政村/建制村): polygons, the unit most targets are counted on."""

from geo.core.layer_names import ADMIN_VILLAGES
from geo.core.schema import Column, LayerSchema
from geo.map.style import LayerStyle
from layers.base import LayerKind

SCHEMA = LayerSchema(
    name=ADMIN_VILLAGES,
    title_zh="行政村",
    title_en="Administrative villages",
    geometry="Polygon",
    key="village_code",
    columns=(
        Column(
            "village_code",
            "code",
            "行政村代码",
            "Village code",
            required=True,
            code_length=12,
            aliases=("行政村代码", "村代码", "村编码", "统计用区划代码", "code"),
        ),
        Column(
            "name",
            "str",
            "行政村名称",
            "Name",
            required=True,
            aliases=("行政村名称", "村名", "村名称", "名称", "行政村"),
        ),
        Column(
            "town_code",
            "code",
            "乡镇代码",
            "Township code",
            required=True,
            code_length=9,
            aliases=("乡镇代码", "乡镇编码"),
        ),
        Column("households", "int", "户数", "Households", required=True, minimum=0, aliases=("户数", "总户数")),
        Column(
            "population", "int", "人口", "Population", required=True, minimum=0, aliases=("人口", "户籍人口", "总人口")
        ),
        Column(
            "is_former_poor",
            "bool",
            "脱贫村",
            "Former poverty village",
            aliases=("脱贫村", "是否脱贫村", "原贫困村", "是否原贫困村"),
        ),
        Column(
            "is_key_village",
            "bool",
            "重点帮扶村",
            "Key village",
            aliases=("重点帮扶村", "重点行政村", "是否重点村", "是否重点帮扶村", "是否乡村振兴重点帮扶村"),
        ),
        Column(
            "collective_income_yuan",
            "float",
            "村集体经济收入（元）",
            "Collective income (yuan)",
            minimum=0,
            aliases=("村集体经济收入", "集体经济收入"),
        ),
        Column(
            "seat_x", "float", "村委会经度", "Village seat longitude", minimum=73, maximum=136, aliases=("村委会经度",)
        ),
        Column(
            "seat_y", "float", "村委会纬度", "Village seat latitude", minimum=3, maximum=54, aliases=("村委会纬度",)
        ),
    ),
    at_most=(("households", "population"),),
)
STYLE = LayerStyle(color="#7a7a7a", fill_color="#f4f1e8", fill_opacity=0.05, weight=0.8, order=80)
KIND = LayerKind(
    SCHEMA,
    STYLE,
    popup_columns=("name", "village_code", "households", "population", "is_former_poor", "is_key_village"),
)
