"""Catalogue sentences applied to whole pandas columns at once (no per-row formatting loop)."""

from __future__ import annotations

import pandas as pd

from geo.text.i18n import t


def bracketed(text: pd.Series, note: pd.Series, lang: str) -> pd.Series:
    """``text（note）`` / ``text (note)`` for every row, by the catalogue's ``text.bracketed`` pattern."""
    before, rest = t("text.bracketed", lang, text="\0", note="\1").split("\0")
    middle, after = rest.split("\1")
    return before + text.astype("string") + middle + note.astype("string") + after
