"""The texts of a printed meeting sheet (会议用图): title, the value and counts, legend, lagging units, notes.

A handout leaves the room, so the right-hand panel says in words what the colours say: the value
itself (「全县指标值 88.5%」), the villages met / near / far, the lagging townships (or, on a
township's sheet, villages) ranked, and the plan and document number the target comes from. The
panel is placed from the measured size of each block (a legend grows with its title), so blocks
never overlap; the ranked table keeps as many rows as fit above the notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from pyproj import CRS

from geo.core.targets import Target
from geo.map.fonts import wrap_text
from geo.text.i18n import DEFAULT_LANG, pick, t
from geo.text.target_text import target_text

A4_LANDSCAPE_IN = (11.69, 8.27)
MAP_BOX = (0.03, 0.085, 0.70, 0.80)  # map axes in figure fractions: left, bottom, width, height
PANEL_LEFT = 0.755  # the legend and notes column on the right
PANEL_RIGHT = 0.975
GAP = 0.014  # between blocks, in figure height
APP_NAME = ("乡村振兴基础设施覆盖一张图", "Rural infrastructure coverage map")


@dataclass(frozen=True)
class MapSheet:
    """The texts around the map: title, subtitle, data source, the plan behind the target, dates, the handout lines.

    ``basis`` is the whole line naming the target's plan and document number, as
    :func:`geo.text.plan_text.basis_text` words it: 「依据：…」, or 「参照（非本县规划）：…」 for a
    benchmark plan's target, so a printed handout never passes another county's target off as
    the county's own. ``value_label``/``value`` state the scope's value (「全县指标值」, 「88.5%」),
    ``counts`` the villages per status in words; ``ranking`` rows are (name, value, status) of
    the lagging units, laggards first, under ``ranking_title``.
    """

    title: str
    subtitle: str = ""
    source: str = ""
    basis: str = ""
    as_of: date | None = None
    made: date = field(default_factory=date.today)
    lang: str = DEFAULT_LANG
    value_label: str = ""
    value: str = ""
    counts: str = ""
    ranking_title: str = ""
    ranking: tuple[tuple[str, str, str], ...] = ()
    ranking_empty: str = ""  # what the table says when nothing lags


def _top(figure: Figure, artist: object) -> tuple[float, float]:
    """Bottom and top of a drawn text or legend, in figure fractions."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]  # an Agg canvas: see draw_texts
    box = artist.get_window_extent(renderer).transformed(figure.transFigure.inverted())  # type: ignore[attr-defined]
    return float(box.y0), float(box.y1)


def draw_texts(
    figure: Figure,
    sheet: MapSheet,
    legend: list[object],
    *,
    target: Target | None,
    near_share: str,
    crs: CRS,
    family: str,
    approximate: bool = False,
) -> None:
    """Title, subtitle, the value and counts, legend, lagging units and the notes column (dates, source, basis, CRS).

    ``approximate``: the village areas were drawn from points (geo.core.areas); a note says so.
    """
    if not hasattr(figure.canvas, "get_renderer"):
        FigureCanvasAgg(figure)  # measuring the blocks needs a renderer; savefig picks its own canvas anyway
    lang = sheet.lang
    left, bottom, _width, height = MAP_BOX
    figure.text(left, 0.955, sheet.title, fontsize=19, fontweight="bold", family=family, va="center")
    if sheet.subtitle:
        figure.text(left, 0.912, sheet.subtitle, fontsize=11, family=family, color="#333333", va="center")
    panel_width_in = (PANEL_RIGHT - PANEL_LEFT) * A4_LANDSCAPE_IN[0]
    cursor = bottom + height
    if sheet.value:
        label = figure.text(PANEL_LEFT, cursor, sheet.value_label, fontsize=9.5, family=family, va="top")
        cursor = _top(figure, label)[0] - 0.004
        value = figure.text(
            PANEL_LEFT, cursor, sheet.value, fontsize=24, fontweight="bold", family=family, va="top", color="#1f1f1f"
        )
        cursor = _top(figure, value)[0] - 0.006
    if sheet.counts:
        counts = figure.text(
            PANEL_LEFT,
            cursor,
            wrap_text(sheet.counts, width_in=panel_width_in, size_pt=9.5),
            fontsize=9.5,
            family=family,
            va="top",
            linespacing=1.35,
        )
        cursor = _top(figure, counts)[0] - GAP
    heading = t("meeting.print.legend", lang)
    if target is not None:
        title = wrap_text(pick(target.title_zh, target.title_en, lang), width_in=panel_width_in, size_pt=9.5)
        goal = t("meeting.print.target", lang, target=target_text(target, lang=lang), deadline=target.deadline)
        heading = f"{heading}\n{title}\n{goal}"
    box = figure.legend(
        handles=legend,
        loc="upper left",
        bbox_to_anchor=(PANEL_LEFT - 0.008, cursor + 0.003),
        frameon=False,
        title=heading,
        alignment="left",
        prop={"family": family, "size": 9.5},
        title_fontproperties={"family": family, "size": 9.5, "weight": "bold"},
        handlelength=1.8,
        handleheight=1.1,
        labelspacing=0.45,
        borderaxespad=0.0,
        borderpad=0.0,
    )
    box.get_title().set_linespacing(1.3)
    cursor = _top(figure, box)[0] - GAP

    notes = []
    if target is not None:
        notes.append(t("meeting.print.near", lang, share=near_share))
    notes += [t("meeting.print.date", lang, date=sheet.made.isoformat())]
    if sheet.as_of is not None:
        notes.append(t("meeting.print.as_of", lang, date=sheet.as_of.isoformat()))
    if sheet.source:
        notes.append(t("meeting.print.source", lang, source=sheet.source))
    if sheet.basis:
        notes.append(sheet.basis)
    notes.append(t("meeting.print.crs", lang, crs=f"{crs.name} (EPSG:{crs.to_epsg()})"))
    if approximate:
        notes.append(t("map.approximate_note", lang))
    text = "\n".join(wrap_text(note, width_in=panel_width_in, size_pt=7.5) for note in notes)
    drawn = figure.text(
        PANEL_LEFT, bottom, text, fontsize=7.5, family=family, color="#333333", va="bottom", linespacing=1.4
    )
    _ranking(figure, sheet, top=cursor, floor=_top(figure, drawn)[1] + GAP, family=family)
    figure.text(
        0.975, 0.03, pick(*APP_NAME, lang), fontsize=7.5, family=family, color="#888888", ha="right", va="center"
    )


def _ranking(figure: Figure, sheet: MapSheet, *, top: float, floor: float, family: str) -> None:
    """The lagging units as a three-column table (name, value, status), as many rows as fit above ``floor``."""
    if not sheet.ranking_title:
        return
    heading = figure.text(
        PANEL_LEFT, top, sheet.ranking_title, fontsize=9.5, fontweight="bold", family=family, va="top"
    )
    cursor = _top(figure, heading)[0] - 0.006
    row_height = 9.0 * 1.45 / 72 / A4_LANDSCAPE_IN[1]
    if not sheet.ranking:
        figure.text(PANEL_LEFT, cursor, sheet.ranking_empty, fontsize=9, family=family, va="top")
        return
    fits = max(int((cursor - floor) / row_height), 0)
    rows = sheet.ranking[: fits if fits >= len(sheet.ranking) else max(fits - 1, 0)]  # a row for "and N more"
    for i, (name, value, status) in enumerate(rows):
        y = cursor - i * row_height
        style: dict[str, object] = {"fontsize": 9, "family": family, "va": "top"}
        figure.text(PANEL_LEFT, y, f"{i + 1}. {name}", **style)  # type: ignore[arg-type]
        figure.text(PANEL_LEFT + 0.135, y, value, ha="right", **style)  # type: ignore[arg-type]
        figure.text(PANEL_LEFT + 0.145, y, status, color="#333333", **style)  # type: ignore[arg-type]
    if len(rows) < len(sheet.ranking):
        more = t("meeting.print.more", sheet.lang, n=len(sheet.ranking) - len(rows))
        figure.text(
            PANEL_LEFT, cursor - len(rows) * row_height, more, fontsize=8, color="#555555", family=family, va="top"
        )


def unparsed(figure: Figure) -> None:
    """Names are data: a "$" in a village name is a dollar sign, not TeX."""
    for text in figure.findobj(Text):
        text.set_parse_math(False)
