"""Mobile cell sites (通信基站): 4G and 5G with antenna height and nominal radius."""

from geo.core.layer_names import CELL_SITES
from geo.core.schema import Column, LayerSchema
from geo.core.vocabulary import OPERATOR_SYNONYMS, TECH_SYNONYMS
from geo.map.style import LayerStyle
from layers.base import LayerKind

SCHEMA = LayerSchema(
    name=CELL_SITES,
    title_zh="通信基站",
    title_en="Cell sites",
    geometry="Point",
    key="site_id",
    columns=(
        Column(
            "site_id",
            "str",
            "基站编号",
            "Site id",
            required=True,
            aliases=("基站编号", "站址编号", "站址编码", "站号", "编号"),
        ),
        Column(
            "operator",
            "str",
            "运营商",
            "Operator",
            required=True,
            allowed=("cmcc", "unicom", "telecom", "tower"),
            allowed_zh=("中国移动", "中国联通", "中国电信", "铁塔公司"),
            aliases=("运营商", "所属运营商"),
            synonyms=tuple(OPERATOR_SYNONYMS.items()),
        ),
        Column(
            "tech",
            "str",
            "制式",
            "Technology",
            required=True,
            allowed=("4G", "5G"),
            aliases=("制式", "网络制式", "网络类型"),
            synonyms=tuple(TECH_SYNONYMS.items()),
        ),
        Column(
            "antenna_height_m",
            "float",
            "天线挂高（米）",
            "Antenna height (m)",
            required=True,
            minimum=0,
            maximum=200,
            aliases=("天线挂高", "挂高", "天线高度", "天线挂高（m）", "天线高度（m）", "天线高度（米）"),
        ),
        Column(
            "radius_m",
            "float",
            "覆盖半径（米）",
            "Coverage radius (m)",
            required=True,
            minimum=0,
            maximum=50000,
            aliases=("覆盖半径", "覆盖半径（m）", "覆盖半径（米）"),
        ),
    ),
)
STYLE = LayerStyle(
    color="#e31a1c", radius=5.0, order=72, category_column="tech", category_colors={"4G": "#fb9a99", "5G": "#e31a1c"}
)
KIND = LayerKind(SCHEMA, STYLE, popup_columns=("site_id", "operator", "tech", "antenna_height_m", "radius_m"))
