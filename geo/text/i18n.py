"""User-interface strings in Chinese (default) and English.

Layer titles, column labels and value labels come from the layer schemas (``layers/``); this
module holds the rest: page titles, headline figure labels, units, map texts and messages.
Keeping them in one table lets a translator check both languages side by side.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"
LANG_NAMES: Mapping[Lang, str] = {"zh": "中文", "en": "English"}

# key → (Chinese, English). Placeholders use str.format names, the same in both languages.
# Page-specific tables live in ``geo/text/strings/<page>.py`` (each a module-level ``STRINGS`` dict)
# and are merged below; a key defined twice is an error.
_FRAME_STRINGS: dict[str, tuple[str, str]] = {
    # app frame
    "app.title": ("乡村振兴基础设施覆盖一张图", "Rural infrastructure coverage map"),
    "app.short_title": ("覆盖一张图", "Coverage map"),
    "sidebar.language": ("语言 / Language", "语言 / Language"),
    "sidebar.dataset": ("数据文件：{name}", "Data file: {name}"),
    "sidebar.dataset_help": (
        "由环境变量 RCM_DATA 指定，默认为演示县数据。",
        "Set with the RCM_DATA environment variable; defaults to the demo county.",
    ),
    "sidebar.township": ("乡镇范围", "Townships"),
    "sidebar.township_all": ("全县", "Whole county"),
    "sidebar.township_help": ("不选即为全县；可多选。", "Leave empty for the whole county; several may be chosen."),
    "sidebar.online_basemaps": ("在线底图（需联网）", "Online base maps (need internet)"),
    "sidebar.online_help": (
        "默认底图为本地 DEM 山体阴影，无需联网。联网时可加载 OpenStreetMap 或天地图（需在 RCM_TIANDITU_KEY 中设置密钥）。"
        "不提供高德、腾讯等 GCJ-02 底图：其坐标有 100–700 米偏移，与本系统 CGCS2000 数据叠加会错位。",
        "The default base map is a local DEM hillshade that needs no internet. Online, OpenStreetMap or Tianditu "
        "(key in RCM_TIANDITU_KEY) can be added. Amap/Tencent maps are refused: they use GCJ-02, shifted "
        "100–700 m from the CGCS2000 data shown here.",
    ),
    "page.overview": ("总览", "Overview"),
    "nav.overview": ("总览", "Overview"),
    "nav.domains": ("专题", "By domain"),
    "nav.planning": ("规划与调度", "Planning"),
    "nav.data": ("数据", "Data"),
    # data errors
    "error.data": (
        "数据文件有问题，请按下列提示修改后重新加载。",
        "The data file has problems; fix the items below and reload.",
    ),
    "error.problem_count": ("共 {n} 处问题", "{n} problem(s)"),
    "error.where": ("位置", "Where"),
    "error.problem": ("问题", "Problem"),
    # overview
    "overview.caption": ("数据：{source}　范围：{scope}", "Data: {source} · Scope: {scope}"),
    "overview.section.people": ("行政区划与人口", "Units and people"),
    "overview.section.infra": ("基础设施", "Infrastructure"),
    "overview.section.industry": ("产业与搬迁", "Industry and relocation"),
    "overview.map": ("覆盖一张图", "Coverage map"),
    "overview.map_help": (
        "右上角图例即图层开关；点击要素查看属性。底图为本地 DEM 地形晕渲，无需联网。",
        "The legend (top right) switches layers on and off; click a feature for its attributes. "
        "The base map is a local DEM relief that needs no internet.",
    ),
    # headline figures
    "metric.townships": ("乡镇", "Townships"),
    "metric.admin_villages": ("行政村", "Admin villages"),
    "metric.natural_villages": ("自然村", "Natural villages"),
    "metric.population": ("户籍人口", "Population"),
    "metric.road_km": ("农村公路", "Rural roads"),
    "metric.hardened_note": ("硬化 {share}", "{share} hardened"),
    "metric.hardened_help": ("硬化路指沥青、水泥路面。", "Hardened = asphalt or cement surface."),
    "metric.road_by_surface": ("按路面：{parts}。", "By surface: {parts}."),
    "metric.two_lane_km": ("双车道以上", "Two lanes +"),
    "metric.water_works": ("供水工程", "Water works"),
    "metric.water_capacity": ("设计供水规模合计", "Total design capacity"),
    "metric.cell_sites": ("4G / 5G 基站", "4G / 5G sites"),
    "metric.cell_note": ("共 {total} 座", "{total} in all"),
    "metric.pv_capacity": ("光伏扶贫装机", "Poverty-relief PV"),
    "metric.pv_note": ("{n} 座电站", "{n} stations"),
    "metric.pv_revenue": ("光伏年收益", "PV revenue"),
    "metric.tea_area": ("茶园", "Tea gardens"),
    "metric.relocation_sites": ("搬迁安置点", "Relocation sites"),
    "metric.relocation_note": ("{households} 户 {people} 人", "{households} hh, {people} ppl"),
    # units
    "unit.km": ("公里", "km"),
    "unit.m3d": ("吨/日", "m³/day"),
    "unit.kw": ("千瓦", "kW"),
    "unit.mw": ("兆瓦", "MW"),
    "unit.yuan_10k": ("万元", "10k yuan"),
    "unit.yuan": ("元", "yuan"),
    "unit.myuan": ("百万元", "M yuan"),
    "unit.mu": ("亩", "mu"),
    "unit.people": ("人", "people"),
    "unit.households": ("户", "households"),
    "unit.households_short": ("户", "hh"),
    "surface.asphalt": ("沥青", "asphalt"),
    "surface.cement": ("水泥", "cement"),
    "surface.gravel": ("砂石", "gravel"),
    "surface.earth": ("土路", "earth"),
    # map
    "map.legend": ("图例", "Legend"),
    "map.legend_hint": ("勾选即显示", "tick to show"),
    "map.base.relief": ("地形晕渲（离线）", "Terrain relief (offline)"),
    "map.base.osm": ("OpenStreetMap（在线）", "OpenStreetMap (online)"),
    "map.base.tianditu_vec": ("天地图 矢量（在线）", "Tianditu map (online)"),
    "map.base.tianditu_img": ("天地图 影像（在线）", "Tianditu imagery (online)"),
    "map.other": ("其他", "other"),
    "map.yes": ("是", "yes"),
    "map.no": ("否", "no"),
    "map.missing": ("—", "—"),
    "map.outside": ("县域外", "outside the county"),
    "map.no_static": (
        "未开启静态文件服务，地图脚本无法从本机加载。请在项目根目录运行（.streamlit/config.toml 中 enableStaticServing = true）。",
        "Static file serving is off, so the map's scripts cannot load locally. Start the app from the project root "
        "(.streamlit/config.toml sets enableStaticServing = true).",
    ),
}


def _gather_strings() -> dict[str, tuple[str, str]]:
    """The frame's strings plus every ``geo.text.strings`` module's ``STRINGS``; duplicate keys raise."""
    from geo.text import strings

    merged = dict(_FRAME_STRINGS)
    for module_info in sorted(pkgutil.iter_modules(strings.__path__), key=lambda m: m.name):
        table = importlib.import_module(f"geo.text.strings.{module_info.name}").STRINGS
        clashes = merged.keys() & table.keys()
        if clashes:
            raise ValueError(
                f"UI string keys defined twice (geo/text/strings/{module_info.name}.py): {sorted(clashes)}"
            )
        merged.update(table)
    return merged


STRINGS: Mapping[str, tuple[str, str]] = _gather_strings()


@dataclass(frozen=True)
class ByLang:
    """A value that differs by language (分散供水 / dispersed, a name and an id), to fill a placeholder.

    Scalar or, for :func:`geo.text.templates.render`, one value per row.
    """

    zh: object
    en: object

    def pick(self, lang: str) -> object:
        return self.en if lang == "en" else self.zh


def t(key: str, /, lang: str = DEFAULT_LANG, **values: object) -> str:
    """Return the UI string ``key`` in ``lang`` (``"zh"`` or ``"en"``), formatted with ``values``.

    A :class:`ByLang` value fills in its text for ``lang``. An unknown language falls back to
    Chinese; an unknown key raises ``KeyError`` so a typo fails in the tests, not silently on screen.
    """
    zh, en = STRINGS[key]
    text = en if lang == "en" else zh
    if not values:
        return text
    return text.format(**{name: v.pick(lang) if isinstance(v, ByLang) else v for name, v in values.items()})


def both(key: str, /, **values: object) -> tuple[str, str]:
    """The entry ``key`` in Chinese and in English, e.g. for a :class:`geo.core.errors.Problem`."""
    return t(key, "zh", **values), t(key, "en", **values)


def term(key: str) -> ByLang:
    """A catalogue word (no fields) in both languages, to fill a placeholder."""
    zh, en = STRINGS[key]
    return ByLang(zh, en)


def joined(items: Iterable[object]) -> ByLang:
    """Items as one list in each language: ``甲、乙`` / ``甲, 乙``, to fill a placeholder."""
    texts = [str(item) for item in items]
    return ByLang(t("sep.list", "zh").join(texts), t("sep.list", "en").join(texts))


def bilingual(key: str, /, **values: object) -> str:
    """The entry ``key`` as one line, ``中文 / English``: for text read in both languages at once
    (the command line, error messages, notes)."""
    return " / ".join(both(key, **values))


def pick(zh: str, en: str, lang: str = DEFAULT_LANG) -> str:
    """Choose between a Chinese and an English text (e.g. a schema's ``title_zh``/``title_en``)."""
    return en if lang == "en" else zh


def format_count(value: float, lang: str = DEFAULT_LANG) -> str:
    """A count for a headline card: ``256,431`` in English, ``25.6万`` in Chinese from 100,000 up."""
    number = round(float(value))
    if lang != "en" and abs(number) >= 100_000:
        return f"{number / 10_000:,.1f}万"
    return f"{number:,}"


def format_number(value: float, *, decimals: int = 1) -> str:
    """A measured quantity with thousands separators, e.g. ``1,234.5``; ``—`` when undefined."""
    if value != value:  # NaN
        return "—"
    return f"{value:,.{decimals}f}"


def format_share(value: float) -> str:
    """A share (0–1) as a percentage, e.g. ``87.3%``; ``—`` when undefined."""
    if value != value:  # NaN
        return "—"
    return f"{value * 100:.1f}%"
