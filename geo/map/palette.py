"""The status colours (met / near / far / unjudged / none), declared once for screen and paper.

The first palette (green #1a9850, orange #f4a93b, red #d73027) failed the people who read the
maps: under simulated deuteranopia met and far became the same khaki (luminance contrast 1.03,
CIEDE2000 ΔE 9.6) and on a greyscale photocopy the same grey (contrast 1.30). This one is a
blue–orange–dark purple scheme whose lightness falls with the shortfall (met lightest, far
darkest), so that order survives colour blindness and a photocopier. ``tests/test_palette.py``
checks it with the Machado et al. (2009) simulation: ΔE2000 ≥ 20 between every pair of met, near
and far under deuteranopia and protanopia, WCAG luminance contrast ≥ 1.5 between every pair in
greyscale. The printed map also hatches each class (:data:`STATUS_HATCHES`) and prints its
name and count in the legend, so a black-and-white copy still reads.

Every place that colours a status takes it from here: the village choropleth and the meeting
map (:mod:`geo.map.choropleth`), the printed A4 map (:mod:`geo.map.printed`), the township
table's cell backgrounds (:mod:`geo.present.overview`), the domain pages' layers
(:mod:`geo.present.domains.base`), the progress page, and the cards' badges (Streamlit's named
colours, :data:`BADGE_COLORS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MET, NEAR, FAR = "#a6d0ec", "#e08214", "#542788"
UNJUDGED, NONE = "#c4c4c4", "#eeeeee"
STATUS_COLORS: Mapping[str, str] = {"met": MET, "near": NEAR, "far": FAR, "unjudged": UNJUDGED, "none": NONE}
# matplotlib hatches on paper (drawn in the hatch colour): none on met, dots near, stripes far, ...
STATUS_HATCHES: Mapping[str, str] = {"met": "", "near": "...", "far": "////", "unjudged": "xx", "none": "\\\\\\"}
HATCH_COLORS: Mapping[str, str] = {
    "met": "#1f1f1f",
    "near": "#1f1f1f",
    "far": "#ffffff",
    "unjudged": "#5a5a5a",
    "none": "#9a9a9a",
}
# The first palette, kept so the test can show it fails the checks this one passes.
OLD_STATUS_COLORS: Mapping[str, str] = {"met": "#1a9850", "near": "#f4a93b", "far": "#d73027"}
# Streamlit's named badge / delta colours for a verdict (True met, False not met, None not judged).
Badge = Literal["blue", "orange", "gray", "violet"]  # violet: a province-wide total, not judged
BADGE_COLORS: Mapping[bool | None, Badge] = {True: "blue", False: "orange", None: "gray"}


def tint(color: str, amount: float) -> str:
    """``color`` mixed with white: ``amount`` 1 is the colour itself, 0 white (a table cell's background)."""
    channels = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - (255 - c) * amount) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)


# Table cells: light tints, so dark text stays readable on them (far is a pale lavender, not a dark purple).
STATUS_BACKGROUNDS: Mapping[str, str] = {
    "met": tint(MET, 0.45),
    "near": tint(NEAR, 0.35),
    "far": tint(FAR, 0.3),
    "unjudged": "",
    "none": "",
}
