"""The web map's own texts: the wheel hint, the map's name for screen readers, the measure tool's units, search."""

STRINGS: dict[str, tuple[str, str]] = {
    "map.wheel_hint": ("点击地图后可用滚轮缩放", "Click the map to zoom with the wheel"),
    "map.aria_label": ("地图（方向键平移，+ / − 缩放）", "Map (arrow keys pan, + / − zoom)"),
    "map.measure.mu": ("亩", "mu"),
}
