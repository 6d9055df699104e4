"""Natural villages (自然村/村民小组): points carrying the household ledger attributes."""

from geo.core.layer_names import NATURAL_VILLAGES
from geo.core.schema import Column, LayerSchema
from geo.core.vocabulary import WATER_SUPPLY_SYNONYMS
from geo.map.style import LayerStyle
from layers.base import LayerKind

WATER_SUPPLY = ("centralized", "tap", "dispersed", "none")
WATER_SUPPLY_ZH = ("集中供水", "自来水（分散）", "分散供水", "无保障")

SCHEMA = LayerSchema(
    name=NATURAL_VILLAGES,
    title_zh="自然村",
    title_en="Natural villages",
    geometry="Point",
    key="nv_id",
    columns=(
        Column("nv_id", "str", "自然村编号", "Natural village id", required=True, aliases=("自然村编号", "编号", "id")),
        Column(
            "name",
            "str",
            "自然村名称",
            "Name",
            required=True,
            aliases=("自然村名称", "自然村", "村民小组", "村民小组名称", "名称"),
        ),
        Column(
            "village_code",
            "code",
            "行政村代码",
            "Village code",
            required=True,
            code_length=12,
            aliases=("行政村代码", "村代码"),
        ),
        Column("households", "int", "户数", "Households", required=True, minimum=0, aliases=("户数",)),
        Column("population", "int", "人口", "Population", required=True, minimum=0, aliases=("人口", "户籍人口")),
        Column(
            "water_supply",
            "str",
            "供水方式",
            "Water supply",
            required=True,
            allowed=WATER_SUPPLY,
            allowed_zh=WATER_SUPPLY_ZH,
            aliases=("供水方式", "饮水方式", "供水", "供水类型"),
            synonyms=tuple(WATER_SUPPLY_SYNONYMS.items()),
        ),
        Column(
            "garbage_collected",
            "bool",
            "垃圾收运覆盖",
            "Garbage collected",
            required=True,
            aliases=("垃圾收运", "垃圾收运覆盖", "生活垃圾收运"),
        ),
        Column(
            "sanitary_toilet_households",
            "int",
            "卫生厕所户数",
            "Households with sanitary toilet",
            required=True,
            minimum=0,
            aliases=("卫生厕所户数", "卫生户厕数"),
        ),
        Column("sewage_treated", "bool", "污水治理", "Sewage treated", aliases=("污水治理", "生活污水治理")),
        Column(
            "location_pending",
            "bool",
            "位置待核实",
            "Position to be checked",
            aliases=("位置待核实",),
        ),
    ),
    at_most=(("households", "population"), ("sanitary_toilet_households", "households")),
)
STYLE = LayerStyle(
    color="#555555",
    radius=3.0,
    order=60,
    category_column="water_supply",
    category_colors={"centralized": "#1f78b4", "tap": "#6baed6", "dispersed": "#fd8d3c", "none": "#d62728"},
)
KIND = LayerKind(
    SCHEMA,
    STYLE,
    popup_columns=(
        "name",
        "nv_id",
        "village_code",
        "households",
        "population",
        "water_supply",
        "garbage_collected",
        "sanitary_toilet_households",
        "location_pending",
    ),
)
