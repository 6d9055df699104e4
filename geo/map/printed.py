"""The printed meeting map (会议用图): an A4 landscape sheet as PNG and PDF bytes.

The meeting view hands the current map out on paper, so the picture carries what a printed
planning map needs: a title, a legend, a metric scale bar, a north arrow, the date and the data
source (:mod:`geo.map.print_marks`). It is drawn with matplotlib in the county's CGCS2000
Gauss-Krüger zone, where one map unit is one metre.

Admin villages are coloured by their status for a target (met / near / far / not judged / no
data), as classified by :mod:`geo.analysis.status` for the on-screen maps, so paper and screen agree.
Without a target the map is a plain layer map (villages, roads, natural villages). Fonts and
line wrapping are in :mod:`geo.map.fonts`.
"""

from __future__ import annotations

import io
import itertools
import warnings
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypedDict

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects, rc_context
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from pyproj import CRS

from geo.analysis import status as target_status
from geo.core.crs import STORAGE_EPSG, analysis_crs
from geo.core.layer_names import ADMIN_VILLAGES, NATURAL_VILLAGES, ROADS, TOWNSHIPS
from geo.core.scope import for_townships
from geo.core.store import Dataset
from geo.core.targets import Target
from geo.map import choropleth
from geo.map.fonts import font_family, wrap_text
from geo.map.meeting import status_counts
from geo.map.print_marks import (
    draw_north_arrow,
    draw_scale_bar,
    grid_convergence_deg,
    nice_length,
    round_denominator,
)
from geo.text.i18n import DEFAULT_LANG, bilingual, pick, t
from geo.text.target_text import target_text

if TYPE_CHECKING:
    from matplotlib.collections import LineCollection, PathCollection

A4_LANDSCAPE_IN = (11.69, 8.27)
PNG_DPI = 200
MAP_BOX = (0.03, 0.085, 0.70, 0.80)  # map axes in figure fractions: left, bottom, width, height
PANEL_LEFT = 0.755  # the legend and notes column on the right
LABEL_VILLAGES_UP_TO = 80  # village names are printed when the scope has at most this many villages
LABEL_TOWNS_UP_TO = 60  # township names likewise (a province's thousand names would be unreadable, and slow)
SIMPLIFY_PX = 0.5  # print geometry simplified to half a pixel at PNG_DPI: invisible, and much faster
APP_NAME = ("乡村振兴基础设施覆盖一张图", "Rural infrastructure coverage map")


@dataclass(frozen=True)
class MapSheet:
    """The texts around the map: title, subtitle, data source, the plan behind the target, dates.

    ``basis`` is the whole line naming the target's plan and document number, as
    :func:`geo.text.plan_text.basis_text` words it: 「依据：…」, or 「参照（非本县规划）：…」 for a
    benchmark plan's target, so a printed handout never passes another county's target off as
    the county's own.
    """

    title: str
    subtitle: str = ""
    source: str = ""
    basis: str = ""
    as_of: date | None = None
    made: date = field(default_factory=date.today)
    lang: str = DEFAULT_LANG


class MapFacts(TypedDict):
    """What :func:`meeting_figure` drew, as :class:`PrintedMap` reports it."""

    extent_m: tuple[float, float, float, float]
    crs: str
    scale_bar_m: float
    scale_denominator: int
    counts: dict[str, int]


@dataclass(frozen=True)
class PrintedMap:
    """The exported map: PNG and PDF bytes and what was drawn (for checks and captions)."""

    png: bytes
    pdf: bytes
    extent_m: tuple[float, float, float, float]  # drawn extent in ``crs``: minx, miny, maxx, maxy (metres)
    crs: str
    scale_bar_m: float
    scale_denominator: int  # 1:N when printed at 100 % on A4
    counts: dict[str, int]  # villages per status (or {"villages": n} for a plain map)


def _fit_extent(bounds: Sequence[float], box_ratio: float, *, pad: float = 0.04) -> tuple[float, float, float, float]:
    """``bounds`` padded and widened in one direction so width/height equals the map box's ratio."""
    minx, miny, maxx, maxy = bounds
    width, height = max(maxx - minx, 1.0), max(maxy - miny, 1.0)
    width, height = width * (1 + 2 * pad), height * (1 + 2 * pad)
    if width / height < box_ratio:
        width = height * box_ratio
    else:
        height = width / box_ratio
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    return cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2


def _simplified(frame: gpd.GeoDataFrame, tolerance_m: float) -> gpd.GeoSeries:
    values = shapely.simplify(frame.geometry.values, tolerance_m, preserve_topology=True)
    return gpd.GeoSeries(values, index=frame.index, crs=frame.crs)


def _labels_at(frame: gpd.GeoDataFrame, crs: CRS) -> tuple[np.ndarray, np.ndarray]:
    """Label points: the township seat when given, else a point inside the polygon."""
    if {"seat_x", "seat_y"} <= set(frame.columns) and frame[["seat_x", "seat_y"]].notna().all().all():
        seats = gpd.GeoSeries(
            gpd.points_from_xy(frame["seat_x"].astype(float), frame["seat_y"].astype(float)), crs=STORAGE_EPSG
        ).to_crs(crs)
        return seats.x.to_numpy(), seats.y.to_numpy()
    points = frame.geometry.representative_point()
    return points.x.to_numpy(), points.y.to_numpy()


def meeting_figure(
    dataset: Dataset,
    sheet: MapSheet,
    *,
    target: Target | None = None,
    indicators: pd.DataFrame | None = None,
    town_codes: Collection[str] = (),
) -> tuple[Figure, MapFacts]:
    """The A4 landscape meeting map as a matplotlib figure, and facts about it (extent, scale, counts).

    With a ``target`` and the report's ``indicators`` the admin villages are coloured by their
    status (:func:`geo.analysis.status.village_status`); without, the map is a plain layer map.
    ``town_codes`` drills down to those townships: the map zooms to them and shows the rest of
    the county faintly around them.
    """
    if (target is None) != (indicators is None):
        raise ValueError("give both target and indicators for a status map, or neither for a plain map")
    lang = sheet.lang
    family = font_family()
    county_towns = dataset.layers.get(TOWNSHIPS)
    reference = county_towns if county_towns is not None and len(county_towns) else dataset.layer(ADMIN_VILLAGES)
    crs = analysis_crs(reference)
    if (
        town_codes
        and county_towns is not None
        and not county_towns["town_code"].astype(str).isin({str(c) for c in town_codes}).any()
    ):
        raise ValueError(bilingual("meeting.print.no_township", codes=sorted(town_codes)))
    scoped = for_townships(dataset, town_codes)
    towns = scoped.layers.get(TOWNSHIPS)
    shown = scoped.layers.get(ADMIN_VILLAGES)
    if shown is None or len(shown) == 0:
        raise ValueError(bilingual("meeting.print.no_villages"))
    shown = shown.to_crs(crs)
    focus = towns.to_crs(crs) if towns is not None and len(towns) else shown

    figure = Figure(figsize=A4_LANDSCAPE_IN)
    ax = figure.add_axes(MAP_BOX)
    box_ratio = (MAP_BOX[2] * A4_LANDSCAPE_IN[0]) / (MAP_BOX[3] * A4_LANDSCAPE_IN[1])
    extent = _fit_extent(focus.total_bounds, box_ratio)
    metres_per_px = (extent[2] - extent[0]) / (MAP_BOX[2] * A4_LANDSCAPE_IN[0] * PNG_DPI)
    tolerance = metres_per_px * SIMPLIFY_PX

    # Context: the whole county faintly, so a drilled-down township is seen in its place.
    if town_codes and county_towns is not None and len(county_towns):
        context = county_towns.to_crs(crs)
        ax.add_collection(
            _polygons(_simplified(context, tolerance), facecolor="#eeeeea", edgecolor="#ffffff", linewidth=0.8)
        )
    legend: list[object] = []
    village_geoms = _simplified(shown, tolerance)
    if target is not None and indicators is not None:
        status = target_status.village_status(indicators, shown, target)["status"]
        fills = status.map(choropleth.STATUS_COLORS).fillna(choropleth.STATUS_COLORS["none"]).tolist()
        ax.add_collection(_polygons(village_geoms, facecolor=fills, edgecolor="#ffffff", linewidth=0.45, zorder=2))
        counts = status_counts(status)
        legend += [
            Patch(
                facecolor=choropleth.STATUS_COLORS[s],
                edgecolor="#888888",
                linewidth=0.4,
                label=f"{target_status.status_label(s, lang=lang)} ({counts[s]})",
            )
            for s in target_status.STATUSES
            if counts[s] or s in ("met", "near", "far")
        ]
    else:
        ax.add_collection(_polygons(village_geoms, facecolor="#f4f1e8", edgecolor="#9a9a9a", linewidth=0.4, zorder=2))
        counts = {"villages": len(shown)}
        legend.append(
            Patch(facecolor="#f4f1e8", edgecolor="#9a9a9a", linewidth=0.6, label=t("meeting.print.village", lang))
        )
    roads = scoped.layers.get(ROADS)
    if roads is not None and len(roads):
        road_geoms = _simplified(roads.to_crs(crs), tolerance)
        major = (
            roads["admin_class"].astype(str).isin(["county", "township"]).to_numpy() if "admin_class" in roads else None
        )
        widths = np.where(major, 0.9, 0.4) if major is not None else 0.5
        ax.add_collection(_lines(road_geoms, color="#5b5b5b", linewidth=widths, alpha=0.75, zorder=3))
        legend.append(Line2D([], [], color="#5b5b5b", linewidth=1.0, label=t("meeting.print.road", lang)))
    naturals = scoped.layers.get(NATURAL_VILLAGES)
    if target is None and naturals is not None and len(naturals):
        points = naturals.to_crs(crs)
        ax.scatter(points.geometry.x, points.geometry.y, s=3.5, c="#2c7fb8", linewidths=0, zorder=4)
        legend.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=3.5,
                color="#2c7fb8",
                label=t("meeting.print.natural_village", lang),
            )
        )
    if towns is not None and len(towns):
        town_frame = towns.to_crs(crs)
        ax.add_collection(_lines(_simplified(town_frame, tolerance).boundary, color="#262626", linewidth=1.1, zorder=5))
        legend.append(Line2D([], [], color="#262626", linewidth=1.4, label=t("meeting.print.township", lang)))
        if len(shown) <= LABEL_VILLAGES_UP_TO and "name" in shown:
            inside = shown.geometry.representative_point()
            for x, y, name in zip(inside.x, inside.y, shown["name"].astype(str), strict=True):
                ax.text(
                    x,
                    y,
                    name,
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    family=family,
                    color="#202020",
                    zorder=6,
                    path_effects=[patheffects.withStroke(linewidth=2, foreground="white")],
                )
        xs, ys = _labels_at(towns, crs)
        size = 13 if len(towns) <= 3 else 9
        names = town_frame["name"].astype(str) if len(towns) <= LABEL_TOWNS_UP_TO and "name" in town_frame else []
        for x, y, name in zip(xs, ys, names, strict=False):
            ax.text(
                x,
                y,
                name,
                ha="center",
                va="center",
                fontsize=size,
                fontweight="bold",
                family=family,
                zorder=7,
                path_effects=[patheffects.withStroke(linewidth=3, foreground="white")],
            )

    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(1.2)
    width_m = extent[2] - extent[0]
    scale_bar = nice_length(width_m * 0.22)
    denominator = round_denominator(width_m / (MAP_BOX[2] * A4_LANDSCAPE_IN[0] * 0.0254))
    draw_scale_bar(ax, extent, scale_bar, denominator, lang=lang, family=family)
    convergence = grid_convergence_deg(crs, (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2)
    draw_north_arrow(ax, extent, convergence, lang=lang, family=family)

    _draw_texts(figure, sheet, legend, target=target, crs=crs, family=family)
    for text in figure.findobj(Text):
        text.set_parse_math(False)  # names are data: a "$" in a village name is a dollar sign, not TeX
    facts: MapFacts = {
        "extent_m": (float(extent[0]), float(extent[1]), float(extent[2]), float(extent[3])),
        "crs": f"EPSG:{crs.to_epsg()}",
        "scale_bar_m": scale_bar,
        "scale_denominator": denominator,
        "counts": counts,
    }
    return figure, facts


def _polygons(geoms: gpd.GeoSeries, **style: Any) -> PathCollection:
    """Polygons as one PathCollection (one path per feature, holes kept), built from flat coordinate arrays."""
    from matplotlib.collections import PathCollection
    from matplotlib.path import Path as MplPath

    values = np.where(shapely.is_missing(geoms.values), shapely.Polygon(), geoms.values)
    kind, coords, offsets = shapely.to_ragged_array(values)
    rings = offsets[0]
    # feature → index of its first ring (a multipolygon goes through its polygons first)
    by_feature = offsets[1][offsets[2]] if kind == shapely.GeometryType.MULTIPOLYGON else offsets[1]
    codes = np.full(len(coords), MplPath.LINETO, dtype=np.uint8)
    codes[rings[:-1][np.diff(rings) > 0]] = MplPath.MOVETO
    codes[rings[1:][np.diff(rings) > 0] - 1] = MplPath.CLOSEPOLY
    starts = rings[by_feature]
    paths = [
        MplPath(coords[a:b], codes[a:b]) if b > a else MplPath(np.zeros((1, 2))) for a, b in itertools.pairwise(starts)
    ]
    return PathCollection(paths, **style)


def _lines(geoms: gpd.GeoSeries, **style: Any) -> LineCollection:
    """Lines (and polygon boundaries) as one LineCollection; a multi-line is several segments."""
    from matplotlib.collections import LineCollection

    parts = shapely.get_parts(geoms.values)
    index = shapely.get_parts(geoms.values, return_index=True)[1]
    segments = [np.asarray(shapely.get_coordinates(part)) for part in parts]
    widths = style.pop("linewidth", 1.0)
    if isinstance(widths, np.ndarray):
        widths = widths[index]
    return LineCollection(segments, linewidths=widths, **style)


def _draw_texts(
    figure: Figure, sheet: MapSheet, legend: list[object], *, target: Target | None, crs: CRS, family: str
) -> None:
    """Title, subtitle, legend and the notes column (dates, source, target basis, CRS)."""
    lang = sheet.lang
    left, bottom, _width, height = MAP_BOX
    figure.text(left, 0.955, sheet.title, fontsize=19, fontweight="bold", family=family, va="center")
    if sheet.subtitle:
        figure.text(left, 0.912, sheet.subtitle, fontsize=11, family=family, color="#333333", va="center")
    panel_width_in = (0.975 - PANEL_LEFT) * A4_LANDSCAPE_IN[0]
    heading = t("meeting.print.legend", lang)
    if target is not None:
        title = wrap_text(pick(target.title_zh, target.title_en, lang), width_in=panel_width_in, size_pt=9.5)
        goal = t("meeting.print.target", lang, target=target_text(target, lang=lang), deadline=target.deadline)
        heading = f"{heading}\n{title}\n{goal}"
    handles = legend
    box = figure.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(PANEL_LEFT - 0.008, bottom + height + 0.003),
        frameon=False,
        title=heading,
        alignment="left",
        prop={"family": family, "size": 10},
        title_fontproperties={"family": family, "size": 10, "weight": "bold"},
        handlelength=1.8,
        handleheight=1.1,
        labelspacing=0.55,
        borderaxespad=0.0,
    )
    box.get_title().set_linespacing(1.35)
    notes = []
    if target is not None:
        notes.append(t("meeting.print.near", lang, share=f"{target_status.NEAR_FRACTION:.0%}"))
    notes += [t("meeting.print.date", lang, date=sheet.made.isoformat())]
    if sheet.as_of is not None:
        notes.append(t("meeting.print.as_of", lang, date=sheet.as_of.isoformat()))
    if sheet.source:
        notes.append(t("meeting.print.source", lang, source=sheet.source))
    if sheet.basis:
        notes.append(sheet.basis)
    notes.append(t("meeting.print.crs", lang, crs=f"{crs.name} (EPSG:{crs.to_epsg()})"))
    text = "\n".join(wrap_text(note, width_in=panel_width_in, size_pt=8) for note in notes)
    figure.text(PANEL_LEFT, bottom, text, fontsize=8, family=family, color="#333333", va="bottom", linespacing=1.45)
    figure.text(
        0.975, 0.03, pick(*APP_NAME, lang), fontsize=7.5, family=family, color="#888888", ha="right", va="center"
    )


def figure_bytes(figure: Figure, image_format: str, sheet: MapSheet, *, dpi: int = PNG_DPI) -> bytes:
    """The figure as PNG or PDF bytes, with the title, source and date in the file's metadata.

    PDF text is embedded as Type 3 font subsets with a ToUnicode map, so it stays searchable and
    copyable (TrueType embedding, ``pdf.fonttype`` 42, subsets the 20 MB CJK collection: ~6× slower
    for the same file size). The creation date is the sheet's, so the same map gives the same file.
    """
    made = datetime(sheet.made.year, sheet.made.month, sheet.made.day)
    if image_format == "pdf":
        metadata: dict[str, object] = {
            "Title": sheet.title,
            "Subject": sheet.subtitle,
            "Keywords": sheet.source,
            "Creator": pick(*APP_NAME, sheet.lang),
            "CreationDate": made,
            "ModDate": made,
        }
    elif image_format == "png":
        metadata = {
            "Title": sheet.title,
            "Description": sheet.subtitle,
            "Source": sheet.source,
            "Creation Time": sheet.made.isoformat(),
            "Software": pick(*APP_NAME, sheet.lang),
        }
    else:
        raise ValueError(f"image format must be 'png' or 'pdf', got {image_format!r}")
    buffer = io.BytesIO()
    with rc_context({"pdf.fonttype": 3, "pdf.compression": 6}), warnings.catch_warnings():
        # Without a CJK font, font_family() has warned once; one warning per missing glyph adds nothing.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        figure.savefig(buffer, format=image_format, dpi=dpi, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def meeting_map(
    dataset: Dataset,
    sheet: MapSheet,
    *,
    target: Target | None = None,
    indicators: pd.DataFrame | None = None,
    town_codes: Collection[str] = (),
    dpi: int = PNG_DPI,
) -> PrintedMap:
    """The meeting map as PNG and PDF bytes (A4 landscape); see :func:`meeting_figure` for the arguments."""
    figure, facts = meeting_figure(dataset, sheet, target=target, indicators=indicators, town_codes=town_codes)
    png = figure_bytes(figure, "png", sheet, dpi=dpi)
    pdf = figure_bytes(figure, "pdf", sheet)
    return PrintedMap(
        png=png,
        pdf=pdf,
        extent_m=facts["extent_m"],
        crs=facts["crs"],
        scale_bar_m=facts["scale_bar_m"],
        scale_denominator=facts["scale_denominator"],
        counts=dict(facts["counts"]),
    )
