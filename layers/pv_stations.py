"""PV poverty-alleviation stations (光伏扶贫电站): capacity, revenue, status, inspections."""

from geo.core.layer_names import PV_STATIONS
from geo.core.schema import Column, LayerSchema
from geo.core.vocabulary import PV_KINDS, PV_STATUS_SYNONYMS, PV_STATUSES
from geo.map.style import LayerStyle
from layers.base import LayerKind

SCHEMA = LayerSchema(
    name=PV_STATIONS,
    title_zh="光伏扶贫电站",
    title_en="PV stations",
    geometry="Point",
    key="station_id",
    columns=(
        Column("station_id", "str", "电站编号", "Station id", required=True, aliases=("电站编号", "编号")),
        Column("name", "str", "电站名称", "Name", required=True, aliases=("电站名称", "名称")),
        Column(
            "village_code",
            "code",
            "产权村代码",
            "Owner village code",
            required=True,
            code_length=12,
            aliases=("行政村代码", "产权村代码", "村代码"),
        ),
        Column(
            "kind",
            "str",
            "电站类型",
            "Kind",
            required=True,
            allowed=PV_KINDS,
            allowed_zh=("村级电站", "集中式电站", "户用"),
            aliases=("电站类型", "类型"),
        ),
        Column(
            "capacity_kw",
            "float",
            "装机容量（千瓦）",
            "Capacity (kW)",
            required=True,
            minimum=0,
            aliases=("装机容量", "装机规模", "装机容量（kW）", "装机容量（千瓦）", "装机规模（kW）"),
        ),
        Column(
            "annual_kwh",
            "float",
            "年发电量（千瓦时）",
            "Annual generation (kWh)",
            minimum=0,
            aliases=("年发电量", "年发电量（kWh）", "年发电量（千瓦时）"),
        ),
        Column(
            "annual_revenue_yuan",
            "float",
            "年收益（元）",
            "Annual revenue (yuan)",
            minimum=0,
            aliases=("年收益", "年发电收益", "年收益（元）"),
        ),
        Column(
            "status",
            "str",
            "运行状态",
            "Status",
            required=True,
            allowed=PV_STATUSES,
            allowed_zh=("正常", "故障", "停运"),
            aliases=("运行状态", "状态", "运行情况"),
            synonyms=tuple(PV_STATUS_SYNONYMS.items()),
        ),
        Column(
            "ownership_confirmed",
            "bool",
            "确权到村",
            "Ownership confirmed to village",
            required=True,
            aliases=("确权到村", "是否确权", "是否确权到村"),
        ),
        Column(
            "asset_class",
            "str",
            "资产类别",
            "Asset class",
            allowed=("operating", "public_welfare"),
            allowed_zh=("经营性资产", "公益性资产"),
            aliases=("资产类别", "资产类型"),
        ),
        Column(
            "last_inspection",
            "date",
            "最近巡查日期",
            "Last inspection",
            aliases=("最近巡查日期", "巡查日期", "最近巡检日期", "巡检日期", "最近巡检时间"),
        ),
        Column(
            "commissioned",
            "date",
            "并网日期",
            "Grid connection date",
            aliases=("并网日期", "投运日期", "并网时间", "投运时间"),
        ),
    ),
)
STYLE = LayerStyle(
    color="#ff7f00",
    radius=6.0,
    order=71,
    category_column="status",
    category_colors={"normal": "#33a02c", "faulty": "#ff7f00", "offline": "#b10026"},
)
KIND = LayerKind(
    SCHEMA,
    STYLE,
    popup_columns=(
        "name",
        "station_id",
        "kind",
        "capacity_kw",
        "annual_revenue_yuan",
        "status",
        "ownership_confirmed",
        "last_inspection",
    ),
)
