"""The web map's own texts: the wheel hint, the map's name for screen readers, the measure tool's units, search."""

STRINGS: dict[str, tuple[str, str]] = {
    "map.wheel_hint": ("点击地图后可用滚轮缩放", "Click the map to zoom with the wheel"),
    "map.aria_label": ("地图（方向键平移，+ / − 缩放）", "Map (arrow keys pan, + / − zoom)"),
    "map.measure.mu": ("亩", "mu"),
    "map.focus": ("所选位置", "Selected"),
    "domain.overlay.unserved": ("未集中供水的自然村", "Natural villages without centralized supply"),
    "domain.overlay.ledger": ("台账与地图不符", "Ledger and map disagree"),
    "search.label": ("查找村庄（名称或代码）", "Find a village (name or code)"),
    "search.placeholder": ("如：洪源 或 360222", "e.g. Hongyuan or 360222"),
    "search.help": (
        "输入行政村或自然村的名称或代码的一部分，再从列表中选择，地图即缩放到该村。",
        "Type part of an admin or natural village's name or code, then pick it: the map zooms to it.",
    ),
    "search.pick": ("查找结果", "Matches"),
    "search.none": ("没有名称或代码包含“{query}”的村庄。", "No village's name or code contains “{query}”."),
    "search.admin": ("行政村", "admin village"),
    "search.natural": ("自然村", "natural village"),
    "search.clear": ("清除定位", "Clear"),
    "domain.table_pick_help": (
        "点选表格中的一行，地图即缩放到该要素并突出显示。",
        "Pick a row: the map zooms to its feature and highlights it.",
    ),
}
