"""Tea gardens and specialty-crop plots (茶园/特色产业地块)."""

from geo.core.layer_names import FARM_PLOTS
from geo.core.schema import Column, LayerSchema
from geo.map.style import LayerStyle
from layers.base import LayerKind

CROPS = ("tea", "camellia_oil", "torreya", "persimmon", "fruit", "vegetable", "herb", "other")
CROPS_ZH = ("茶叶", "油茶", "香榧", "柿子", "水果", "蔬菜", "中药材", "其他")

SCHEMA = LayerSchema(
    name=FARM_PLOTS,
    title_zh="特色产业地块",
    title_en="Farm plots",
    geometry="Polygon",
    key="plot_id",
    columns=(
        Column("plot_id", "str", "地块编号", "Plot id", required=True, aliases=("地块编号", "编号")),
        Column(
            "crop",
            "str",
            "作物",
            "Crop",
            required=True,
            allowed=CROPS,
            allowed_zh=CROPS_ZH,
            aliases=("作物", "品种", "产业"),
        ),
        Column("organic", "bool", "有机认证", "Organic", required=True, aliases=("有机", "有机认证", "是否有机")),
        Column(
            "area_mu",
            "float",
            "面积（亩）",
            "Area (mu)",
            required=True,
            minimum=0,
            aliases=("面积", "面积（亩）", "亩数"),
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
        Column("operator", "str", "经营主体", "Operator", aliases=("经营主体",)),
    ),
)
STYLE = LayerStyle(
    color="#1b7837",
    fill_color="#5aae61",
    fill_opacity=0.6,
    weight=0.5,
    order=30,
    category_column="crop",
    category_colors={"tea": "#1b7837", "camellia_oil": "#a6611a"},
)
KIND = LayerKind(SCHEMA, STYLE, popup_columns=("plot_id", "crop", "organic", "area_mu", "operator"))
