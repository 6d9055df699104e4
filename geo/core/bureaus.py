"""Responsible units of a gap row: split a 责任单位 cell, and find its lead bureau (牵头单位) and joint units.

A ``bureau`` cell may name several units joined by 「、」 (``县农业农村局、县住建局``); separators inside
brackets belong to one unit (``县工信局（移动、联通、电信）`` is one unit with its operators). Which unit
*leads* is data: ``data/bureaus.toml`` (:func:`load_leads`) lists cells whose lead is not the
default, which is the first unit named, the unit before a bracket leading the bracketed ones.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from geo.core.errors import ConfigError
from geo.core.targets import DATA_DIR

BUREAU_SEPARATORS = re.compile(r"[、，,；;/]")
DEFAULT_LEADS = DATA_DIR / "bureaus.toml"
_BRACKETED = re.compile(r"^(?P<unit>[^（(]+)[（(](?P<inner>.*)[）)]$")


def split_bureaus(value: object) -> list[str]:
    """The responsible units named in one ``bureau`` cell (``"A、B"`` → ``["A", "B"]``); none for a missing cell."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return []
    parts, current, depth = [], "", 0
    for char in str(value):  # separators inside brackets belong to the unit: 县工信局（移动、联通、电信）
        depth += (char in "（(") - (char in "）)")
        if depth <= 0 and BUREAU_SEPARATORS.fullmatch(char):
            parts.append(current)
            current, depth = "", 0
        else:
            current += char
    parts.append(current)
    return [part.strip() for part in parts if part.strip()]


@dataclass(frozen=True)
class Leads:
    """Lead bureau and joint units of the cells listed in a leads file; other cells follow the default rule."""

    listed: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)

    def of(self, cell: object) -> tuple[str | None, tuple[str, ...]]:
        """``(lead, joint units)`` of one 责任单位 cell; ``(None, ())`` for a missing cell."""
        text = None if cell is None or cell is pd.NA or (isinstance(cell, float) and np.isnan(cell)) else str(cell)
        if text is not None and text.strip() in self.listed:
            return self.listed[text.strip()]
        units = split_bureaus(text)
        if not units:
            return None, ()
        first = _BRACKETED.match(units[0])
        if first is None:
            return units[0], tuple(units[1:])
        return first["unit"].strip(), (*split_bureaus(first["inner"]), *units[1:])

    def columns(self, cells: Iterable[object]) -> tuple[pd.Series, pd.Series]:
        """The lead bureau and the joint units (joined by 「、」, empty when none) of every cell."""
        series = pd.Series(list(cells), dtype=object)
        found = {cell: self.of(cell) for cell in series.dropna().unique()}
        lead = series.map(lambda c: found[c][0] if c in found else None)
        joint = series.map(lambda c: "、".join(found[c][1]) if c in found else "")
        return lead.astype(object), joint.astype(object)


def parse_leads(data: Mapping[str, object], *, source: str) -> Leads:
    """The ``[[lead]]`` tables of a leads file; a bad entry raises :class:`ConfigError` naming it (中文 / English)."""
    entries = data.get("lead", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{source}：lead 应为表数组 [[lead]] / {source}: lead must be an array of tables [[lead]]")
    listed: dict[str, tuple[str, tuple[str, ...]]] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"{source} [[lead]] #{number}"
        bureau, lead = (entry.get("bureau"), entry.get("lead")) if isinstance(entry, dict) else (None, None)
        joint = entry.get("joint", []) if isinstance(entry, dict) else None
        if not isinstance(bureau, str) or not bureau.strip() or not isinstance(lead, str) or not lead.strip():
            raise ConfigError(f"{where}：bureau 与 lead 须为非空文字 / {where}: bureau and lead must be non-empty text")
        if not isinstance(joint, list) or not all(isinstance(j, str) for j in joint):
            raise ConfigError(f"{where}：joint 须为文字列表 / {where}: joint must be a list of text")
        if bureau.strip() in listed:
            raise ConfigError(f"{where}：bureau「{bureau}」重复 / {where}: bureau '{bureau}' is listed twice")
        listed[bureau.strip()] = (lead.strip(), tuple(j.strip() for j in joint if j.strip()))
    return Leads(listed)


@cache
def load_leads(path: Path = DEFAULT_LEADS) -> Leads:
    """The leads file at ``path`` (``data/bureaus.toml`` by default); no file means the default rule only."""
    if not path.is_file():
        return Leads()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}：无法读取（{error}） / {path}: cannot be read ({error})") from error
    return parse_leads(data, source=str(path))
