"""Fonts and text setting for the printed maps: a CJK font when one is installed, CJK-aware line wrapping.

Chinese text needs a CJK font: Debian's fonts-noto-cjk is used when installed; otherwise a
warning says so and the map is still drawn (Chinese characters then print as boxes).
"""

from __future__ import annotations

import unicodedata
import warnings
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from matplotlib import font_manager

from geo.text.i18n import t

# CJK fonts, best first: Debian's fonts-noto-cjk files, then families often found on office machines.
CJK_FONT_FILES: tuple[str, ...] = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
)
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
)
FALLBACK_FAMILY = "DejaVu Sans"


def find_cjk_family(files: Sequence[str] = CJK_FONT_FILES, families: Sequence[str] = CJK_FAMILIES) -> str | None:
    """The first installed CJK font family (registering ``files`` with matplotlib), or None."""
    for path in files:
        if Path(path).is_file():
            font_manager.fontManager.addfont(path)
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in families if family in installed), None)


@lru_cache(maxsize=1)
def font_family() -> str:
    """The family the printed maps use: a CJK font, or DejaVu Sans with a warning (Chinese would print as boxes)."""
    family = find_cjk_family(CJK_FONT_FILES, CJK_FAMILIES)
    if family is None:
        warnings.warn(
            f"{t('meeting.print.no_font', 'zh')} / {t('meeting.print.no_font', 'en')}", UserWarning, stacklevel=2
        )
        return FALLBACK_FAMILY
    return family


def wrap_text(text: str, *, width_in: float, size_pt: float) -> str:
    """Wrap ``text`` to a column ``width_in`` wide: CJK characters count one em, others about half.

    Lines break at a space when the line has one, else between any two characters (as Chinese does).
    """
    limit = width_in * 72 / size_pt
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, width = "", 0.0
        for char in paragraph:
            if char == " " and width + 0.55 > limit:
                lines.append(line)
                line, width = "", 0.0
                continue
            step = 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.55
            if width + step > limit and line:
                cut = line.rfind(" ")
                head, tail = (line[:cut], line[cut + 1 :]) if cut > 0 and not _is_cjk(char) else (line, "")
                lines.append(head.rstrip())
                line = tail
                width = sum(1.0 if _is_cjk(c) else 0.55 for c in line)
            line += char
            width += step
        lines.append(line)
    return "\n".join(lines)


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"
