"""Text from data and file names made safe to print, and paths shown without the server's folders.

A file name or a cell value can carry ESC sequences (recolour, clear or retitle the terminal),
BEL, other C0/C1 controls, or bidirectional overrides (U+202E turns ``gpj.exe`` into ``exe.jpg``
on screen). :func:`escape_controls` writes each of them as a visible ``\\x1b`` / ``\\u202e``
escape, so what is printed is what the file holds; :func:`shown_path` names a file by its path
relative to the working directory, or by its own name, never by an absolute server path.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

# C0 controls, DEL, C1 controls; the bidi embeddings, overrides and isolates; the marks LRM, RLM, ALM.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_KEEPING_LINES = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control and bidi-override character written as a visible escape.

    ``keep_newlines`` leaves line feeds alone (a message of several lines); a name or a value
    never keeps them, so it cannot forge a line of its own.
    """
    pattern = _UNSAFE_KEEPING_LINES if keep_newlines else _UNSAFE
    return pattern.sub(_visible, str(text))


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as a message shows it: relative to the working directory when inside it, else the file's name."""
    target = Path(path)
    if not target.is_absolute():
        return escape_controls(str(target))
    try:
        return escape_controls(str(target.resolve().relative_to(Path.cwd().resolve())))
    except (ValueError, OSError):
        return escape_controls(target.name)


_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[\\/][^\\/\s'\"<>|:]+){2,}")


def plain_error(exc: BaseException | str) -> str:
    """A library's error text for a message: absolute paths cut to their file name, at most 200 characters."""
    text = _PATH.sub(lambda m: re.split(r"[\\/]", m.group(0))[-1], str(exc))
    return text if len(text) <= 200 else text[:199] + "…"
