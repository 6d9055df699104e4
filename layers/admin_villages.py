"""Administrative villages (行政村/建制村): polygons, the unit most targets are counted on.

``unit_kind`` says whether the unit is a village committee (村委会) or a residents' committee
(居委会/社区, urban; not counted in rural targets by default), ``urban_rural_code`` the NBS
urban–rural code where known (see :mod:`geo.core.units`). Both are optional: import fills the
kind from the NBS village list or the name, and analysis derives it from the name when absent.
"""

from geo.core.areas import AREA_SOURCE, AREA_SOURCES, AREA_SOURCES_ZH
from geo.core.layer_names import ADMIN_VILLAGES
from geo.core.schema import Column, LayerSchema
from geo.core.units import UNIT_KINDS, UNIT_KINDS_ZH, URBAN_RURAL_CODES, URBAN_RURAL_CODES_ZH
from geo.core.vocabulary import UNIT_KIND_SYNONYMS
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
            "unit_kind",
            "str",
            "村级单位类型",
            "Unit kind",
            allowed=UNIT_KINDS,
            allowed_zh=UNIT_KINDS_ZH,
            aliases=("村级单位类型", "单位类型", "村居类型", "村居委会类型"),
            synonyms=tuple(UNIT_KIND_SYNONYMS.items()),
        ),
        Column(
            "urban_rural_code",
            "code",
            "城乡分类代码",
            "NBS urban–rural code",
            code_length=3,
            allowed=URBAN_RURAL_CODES,
            allowed_zh=URBAN_RURAL_CODES_ZH,
            aliases=("城乡分类代码", "城乡分类", "城乡划分代码"),
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
    at_most=(("households", "population"),),
)
STYLE = LayerStyle(color="#7a7a7a", fill_color="#f4f1e8", fill_opacity=0.05, weight=0.8, order=80)
KIND = LayerKind(
    SCHEMA,
    STYLE,
    popup_columns=("name", "village_code", "households", "population", "is_former_poor", "is_key_village", AREA_SOURCE),
)
