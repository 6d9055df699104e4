"""Map styles as data: how a layer is drawn, independent of the drawing library."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LayerStyle:
    """How one layer is drawn on the web map and on printed meeting maps.

    ``category_column`` colours features by a categorical column using ``category_colors``
    (value → colour); other features use ``color``. ``order`` stacks layers (higher on top).
    """

    color: str
    fill_color: str | None = None
    fill_opacity: float = 0.0
    weight: float = 1.5
    radius: float = 4.0
    category_column: str | None = None
    category_colors: Mapping[str, str] = field(default_factory=dict)
    order: int = 0
    shown_by_default: bool = True
    dash: str | None = None  # a dashed outline (SVG dash array, e.g. "6 4"): approximate areas
