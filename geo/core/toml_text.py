"""Writing plan and settings documents back as TOML (the standard library reads TOML but does not write it).

Only what those documents hold: text, booleans, integers, floats, dates, lists of these, tables
and arrays of tables (``[[target]]`` with ``[target.params]`` and ``[target.source]``).
:func:`dumps` then :func:`tomllib.loads` gives the same document back (tested).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from geo.text.i18n import bilingual

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else json.dumps(name, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(bilingual("toml.not_finite", value=repr(value)))
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Sequence):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as a TOML value")


def _is_table(value: Any) -> bool:
    return isinstance(value, Mapping)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, Mapping) for item in value)


def _table(lines: list[str], path: str, table: Mapping[str, Any], *, array: bool = False) -> None:
    if path:
        lines.append(f"[[{path}]]" if array else f"[{path}]")
    for name, value in table.items():
        if not _is_table(value) and not _is_table_array(value):
            lines.append(f"{_key(name)} = {_value(value)}")
    for name, value in table.items():
        child = f"{path}.{_key(name)}" if path else _key(name)
        if _is_table(value):
            if not path and lines and lines[-1] != "":
                lines.append("")
            _table(lines, child, value)
        elif _is_table_array(value):
            for item in value:
                if lines and lines[-1] != "":
                    lines.append("")
                _table(lines, child, item, array=True)


def dumps(document: Mapping[str, Any], *, header: str = "") -> str:
    """A document as TOML text, with ``header`` lines as ``#`` comments on top."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    if lines:
        lines.append("")
    _table(lines, "", document)
    return "\n".join(lines).rstrip() + "\n"
