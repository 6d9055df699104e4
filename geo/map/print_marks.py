"""What makes a printed map measurable: the scale bar (with its 1:N scale) and the north arrow.

The map is drawn in the county's CGCS2000 Gauss-Krüger zone, where one map unit is one metre,
so the scale bar is exact; the north arrow is turned by the grid convergence (Δλ · sin φ: up to
~0.75° at the edge of a 3° zone at 30° N).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.patches import Polygon as PolygonPatch
from matplotlib.patches import Rectangle
from pyproj import CRS, Transformer

from geo.core.crs import STORAGE_EPSG
from geo.text.i18n import DEFAULT_LANG, t


def nice_length(limit_m: float) -> float:
    """The longest 1, 2 or 5 × 10^k metres not above ``limit_m`` (a scale bar's length)."""
    if limit_m <= 0 or not math.isfinite(limit_m):
        raise ValueError(f"scale bar limit must be a positive length, got {limit_m}")
    power = 10.0 ** math.floor(math.log10(limit_m))
    if power > limit_m:  # log10 rounds up just below a power of ten (log10(9999999.999999998) == 7.0)
        power /= 10
    return max(step * power for step in (1.0, 2.0, 5.0, 10.0) if step * power <= limit_m)


def length_label(metres: float, *, lang: str = DEFAULT_LANG) -> str:
    """A scale-bar length as text: ``500 米`` / ``2 千米`` (``500 m`` / ``2 km``)."""
    if metres >= 1000:
        km = metres / 1000
        return t("meeting.print.km", lang, n=f"{km:g}")
    return t("meeting.print.m", lang, n=f"{metres:g}")


def grid_convergence_deg(crs: CRS, x: float, y: float) -> float:
    """Angle (degrees, clockwise) from grid north to true north at (x, y) of a projected CRS."""
    to_geo = Transformer.from_crs(crs, STORAGE_EPSG, always_xy=True)
    to_grid = Transformer.from_crs(STORAGE_EPSG, crs, always_xy=True)
    lon, lat = to_geo.transform(x, y)
    nx, ny = to_grid.transform(lon, lat + 0.01)
    return math.degrees(math.atan2(nx - x, ny - y))


def draw_north_arrow(ax: Axes, extent: Sequence[float], convergence_deg: float, *, lang: str, family: str) -> None:
    """A north arrow in the top-right corner, turned from grid north to true north by ``convergence_deg``."""
    minx, miny, maxx, maxy = extent
    size = (maxy - miny) * 0.075
    cx, cy = maxx - (maxx - minx) * 0.045, maxy - (maxy - miny) * 0.16
    angle = math.radians(-convergence_deg)  # true north drawn from grid north, counter-clockwise positive

    def turn(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        cos, sin = math.cos(angle), math.sin(angle)
        return [(cx + px * cos - py * sin, cy + px * sin + py * cos) for px, py in points]

    half = size * 0.32
    ax.add_patch(
        PolygonPatch(
            turn([(0, size / 2), (-half, -size / 2), (0, -size * 0.25)]),
            closed=True,
            facecolor="#1f1f1f",
            edgecolor="#1f1f1f",
            linewidth=0.8,
            zorder=20,
        )
    )
    ax.add_patch(
        PolygonPatch(
            turn([(0, size / 2), (half, -size / 2), (0, -size * 0.25)]),
            closed=True,
            facecolor="#ffffff",
            edgecolor="#1f1f1f",
            linewidth=0.8,
            zorder=20,
        )
    )
    ((tx, ty),) = turn([(0, size / 2 + size * 0.28)])
    ax.text(
        tx,
        ty,
        t("meeting.print.north", lang),
        ha="center",
        va="center",
        fontsize=12,
        fontweight="bold",
        family=family,
        zorder=21,
        path_effects=[patheffects.withStroke(linewidth=3, foreground="white")],
    )


def draw_scale_bar(
    ax: Axes, extent: Sequence[float], length_m: float, denominator: int, *, lang: str, family: str
) -> None:
    """A four-segment scale bar of ``length_m`` under the map's bottom-left corner, with its 1:``denominator``.

    It sits in the sheet's margin below the frame (drawn unclipped), so it never covers a village.
    """
    minx, miny, maxx, maxy = extent
    height = (maxy - miny) * 0.011
    x0, y0 = minx + (maxx - minx) * 0.01, miny - (maxy - miny) * 0.052
    segments = 4
    for i in range(segments):
        ax.add_patch(
            Rectangle(
                (x0 + i * length_m / segments, y0),
                length_m / segments,
                height,
                zorder=20,
                facecolor="#1f1f1f" if i % 2 == 0 else "white",
                edgecolor="#1f1f1f",
                linewidth=0.8,
                clip_on=False,
            )
        )
    text: dict[str, Any] = {"fontsize": 8, "family": family, "zorder": 21, "va": "bottom", "clip_on": False}
    ax.text(x0, y0 + height * 1.4, "0", ha="center", **text)
    ax.text(
        x0 + length_m / 2, y0 + height * 1.4, length_label(length_m / 2, lang=lang).split(" ")[0], ha="center", **text
    )
    ax.text(x0 + length_m, y0 + height * 1.4, length_label(length_m, lang=lang), ha="center", **text)
    ax.text(
        x0 + length_m * 1.12,
        y0 + height / 2,
        f"1:{denominator:,}",
        ha="left",
        va="center",
        fontsize=8,
        family=family,
        zorder=21,
        color="#333333",
        clip_on=False,
    )


def round_denominator(value: float) -> int:
    """A scale's denominator rounded to two significant digits (1:253,418 → 1:250,000)."""
    power = 10 ** max(math.floor(math.log10(value)) - 1, 0)
    return int(round(value / power) * power)
