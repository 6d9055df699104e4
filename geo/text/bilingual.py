"""Both languages of one catalogue string at once, for messages the core raises (a Problem carries zh and en)."""

from __future__ import annotations

from geo.text.i18n import t


def both(key: str, **values: object) -> tuple[str, str]:
    """The catalogue string ``key`` in Chinese and in English, formatted with ``values``."""
    return t(key, "zh", **values), t(key, "en", **values)
