"""Catalogue texts rendered for many rows at once (gap rows: 400,000 at province scale).

A template is a catalogue entry (:data:`geo.text.i18n.STRINGS`, key → (Chinese, English)) with
``{field}`` or ``{field:spec}`` placeholders, the same names in both languages. :func:`render`
parses it once and builds the texts with numpy string concatenation: one pass per literal and
field, not one ``str.format`` per row. Specs format numbers:

* ``int`` — whole number, ``4200``;
* ``pct`` — a share 0–1 as a percentage with one decimal, ``93.5%``;
* ``km`` — metres as kilometres with one decimal, ``2.3``;
* ``wan`` — yuan as 万元 (10,000 yuan) with one decimal, ``62.5``.

A field without a spec is text. Missing values (None, NaN, infinite) render as ``—``. A field
whose value differs by language (分散供水 / dispersed) is given as :class:`ByLang`. Optional
parts are separate templates: pass one key per row (e.g. ``np.where(found, "…nearest", "…none")``)
and each template renders only its own rows.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd

from geo.text.formatters import MISSING, int_text, km_text, pct_text, wan_text
from geo.text.i18n import STRINGS, ByLang, Lang


def _as_text(values: object) -> np.ndarray:
    array = np.asarray(values)
    if array.dtype.kind == "U":
        return array
    if array.dtype.kind in "fiub":
        return np.where(np.isfinite(array.astype(float)), array.astype(str), MISSING)
    objects = array.astype(object)
    objects[pd.isna(objects)] = MISSING
    return objects.astype(str)


FORMATS: dict[str, Callable[[object], np.ndarray]] = {
    "": _as_text,
    "int": int_text,
    "pct": pct_text,
    "km": km_text,
    "wan": wan_text,
}

# A parsed template: (literal text, field name or None, format spec) per piece.
Pieces = tuple[tuple[str, str | None, str], ...]


@cache
def parse(text: str) -> Pieces:
    """The pieces of a template; an unknown spec or a positional/indexed field raises ``ValueError``."""
    pieces = []
    for literal, field, spec, conversion in string.Formatter().parse(text):
        if field is not None and (not field.isidentifier() or conversion or (spec or "") not in FORMATS):
            raise ValueError(f"template field {{{field}:{spec}}} not supported in {text!r}")
        pieces.append((literal, field, spec or ""))
    return tuple(pieces)


def placeholders(text: str) -> set[tuple[str, str]]:
    """The (field, spec) pairs of a template."""
    return {(field, spec) for _, field, spec in parse(text) if field is not None}


def template(key: str, lang: str) -> str:
    """The catalogue text of ``key`` in ``lang`` (Chinese for an unknown language)."""
    zh, en = STRINGS[key]
    return en if lang == "en" else zh


def _length(fields: dict[str, object]) -> int | None:
    for value in fields.values():
        for part in (value.zh, value.en) if isinstance(value, ByLang) else (value,):
            if not isinstance(part, str) and (array := np.asarray(part)).ndim > 0:
                return len(array)
    return None


def _tight(texts: np.ndarray) -> np.ndarray:
    """Texts as the narrowest fixed-width unicode dtype: numpy's int → str gives <U21, and every
    concatenation copies the full width (4 bytes a character), so wide parts cost more than the text."""
    width = int(np.strings.str_len(texts).max()) if len(texts) else 0
    return texts.astype(f"U{max(width, 1)}")


def _pieces(
    text: str,
    lang: str,
    fields: dict[str, object],
    rows: np.ndarray | None,
    formatted: dict[tuple, str | np.ndarray],
) -> list[str | np.ndarray]:
    """Literals and formatted fields of one template; ``formatted`` caches a field's text between languages."""
    parts: list[str | np.ndarray] = []
    for literal, field, spec in parse(text):
        if literal:
            parts.append(literal)
        if field is None:
            continue
        if field not in fields:
            raise KeyError(f"template field {field!r} not given")
        value = fields[field]
        side = ""
        if isinstance(value, ByLang):
            value, side = value.pick(lang), lang
        cached = (field, spec, side)
        if cached not in formatted:
            if isinstance(value, str) and not spec:
                formatted[cached] = value
            elif (array := np.asarray(value)).ndim == 0:
                formatted[cached] = str(FORMATS[spec](np.array([value], dtype=object))[0])
            else:
                formatted[cached] = _tight(FORMATS[spec](array if rows is None else array[rows]))
        parts.append(formatted[cached])
    return parts


def _join(parts: list[str | np.ndarray], n: int) -> np.ndarray:
    """Concatenate literals and per-row texts into an object array of ``n`` texts (neighbouring
    literals first, so each per-row part costs one numpy concatenation)."""
    merged: list[str | np.ndarray] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    if not merged:
        return np.full(n, "", dtype=object)
    if len(merged) == 1 and isinstance(merged[0], str):
        return np.full(n, merged[0], dtype=object)
    out = merged[0]
    for part in merged[1:]:
        out = np.strings.add(out, part)
    return np.asarray(out, dtype=object)


def _render(
    key: str | np.ndarray, langs: tuple[str, ...], n: int | None, fields: dict[str, object]
) -> list[np.ndarray]:
    per_row = not isinstance(key, str)
    count = len(key) if per_row else _length(fields) if n is None else n
    if count is None:
        raise ValueError("render needs n when no key or field is an array")
    if isinstance(key, str):
        formatted: dict[tuple, str | np.ndarray] = {}
        return [_join(_pieces(template(key, lang), lang, fields, None, formatted), count) for lang in langs]
    codes, keys = pd.factorize(np.asarray(key, dtype=object))
    outs = [np.empty(count, dtype=object) for _ in langs]
    for code, one in enumerate(keys):
        rows = np.flatnonzero(codes == code)
        formatted = {}
        for out, lang in zip(outs, langs, strict=True):
            out[rows] = _join(_pieces(template(one, lang), lang, fields, rows, formatted), len(rows))
    return outs


def render(key: str | np.ndarray, lang: Lang | str, *, n: int | None = None, **fields: object) -> np.ndarray:
    """Texts of template ``key`` in ``lang`` for every row, as an object array.

    ``key`` is one catalogue key or one key per row; ``fields`` are scalars or per-row arrays
    (or :class:`ByLang` of them). ``n`` (the row count) is needed only when neither ``key`` nor
    any field is an array.
    """
    return _render(key, (lang,), n, fields)[0]


def render_both(key: str | np.ndarray, *, n: int | None = None, **fields: object) -> tuple[np.ndarray, np.ndarray]:
    """(Chinese texts, English texts) of :func:`render`; a field used by both is formatted once."""
    zh, en = _render(key, ("zh", "en"), n, fields)
    return zh, en
