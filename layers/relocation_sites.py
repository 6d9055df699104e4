"""Relocation resettlement sites (易地扶贫搬迁安置点)."""

from geo.core.layer_names import RELOCATION_SITES
from geo.core.schema import Column, LayerSchema
from geo.map.style import LayerStyle
from layers.base import LayerKind

SCHEMA = LayerSchema(
    name=RELOCATION_SITES,
    title_zh="易地扶贫搬迁安置点",
    title_en="Relocation sites",
    geometry="Point",
    key="site_id",
    columns=(
        Column("site_id", "str", "安置点编号", "Site id", required=True, aliases=("安置点编号", "编号")),
        Column("name", "str", "安置点名称", "Name", required=True, aliases=("安置点名称", "名称", "安置点")),
        Column(
            "village_code",
            "code",
            "所在行政村代码",
            "Village code",
            required=True,
            code_length=12,
            aliases=("行政村代码", "村代码"),
        ),
        Column(
            "households",
            "int",
            "搬迁户数",
            "Relocated households",
            required=True,
            minimum=0,
            aliases=("搬迁户数", "户数"),
        ),
        Column(
            "population", "int", "搬迁人口", "Relocated people", required=True, minimum=0, aliases=("搬迁人口", "人口")
        ),
        Column(
            "labour_households",
            "int",
            "有劳动力户数",
            "Households with labour",
            minimum=0,
            aliases=("有劳动力户数", "有劳动能力户数"),
        ),
        Column(
            "employed_households",
            "int",
            "有稳定就业户数",
            "Households with a stable job",
            required=True,
            minimum=0,
            aliases=("就业户数", "有稳定就业户数", "已就业户数"),
        ),
    ),
    at_most=(("households", "population"), ("employed_households", "households")),
)
STYLE = LayerStyle(color="#6a3d9a", fill_color="#cab2d6", fill_opacity=0.9, radius=7.0, order=70)
KIND = LayerKind(
    SCHEMA,
    STYLE,
    popup_columns=("name", "site_id", "households", "population", "labour_households", "employed_households"),
)
