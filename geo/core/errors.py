"""Errors and problem reports shared by the whole core.

Every problem with input data names the file, the feature (row) and the field, and says
what was expected, in Chinese and in English, so a planner can fix the source file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from geo.core.terminal import escape_controls
from geo.text.i18n import bilingual


@dataclass(frozen=True)
class Problem:
    """One problem found in input data or configuration.

    ``feature`` is the 0-based row of the layer (``None`` when the problem concerns the
    whole layer or file); ``field`` is the column (``None`` for the layer or the geometry
    as a whole; ``"geometry"`` for the geometry column). ``line`` is the row as the user finds it
    in a spreadsheet or CSV (1-based, title and header rows counted: Excel row 285, not record
    281), when the problem comes from such a file; it is what messages show.
    """

    source: str
    layer: str | None
    feature: int | None
    field: str | None
    message_zh: str
    message_en: str
    line: int | None = None

    def where(self) -> str:
        """Say where the problem is, e.g. ``demo.gpkg › roads › row 12 › surface``."""
        parts = [self.source]
        if self.layer:
            parts.append(self.layer)
        if self.line is not None:
            parts.append(f"row {self.line}")
        elif self.feature is not None:
            parts.append(f"row {self.feature}")
        if self.field:
            parts.append(self.field)
        return " › ".join(parts)

    def describe(self) -> str:
        """One line, Chinese first then English."""
        return f"{self.where()}: {self.message_zh} / {self.message_en}"


class PlanningError(Exception):
    """Base of every error the core raises on purpose (pages show these, not tracebacks)."""


class InputDataError(PlanningError, ValueError):
    """Input data break the layer contract; carries every problem found, not only the first."""

    def __init__(self, problems: Iterable[Problem], *, summary: str | None = None) -> None:
        self.problems: list[Problem] = list(problems)
        head = summary or bilingual("errors.problems", n=len(self.problems))
        # One line per problem: a line break or a control character from the data is shown escaped.
        lines = [escape_controls(head), *(f"- {escape_controls(p.describe())}" for p in self.problems[:50])]
        if len(self.problems) > 50:
            lines.append(f"- … {bilingual('errors.more', n=len(self.problems) - 50)}")
        super().__init__("\n".join(lines))


class ConfigError(PlanningError, ValueError):
    """A configuration file (e.g. a plan file of data/plans/) is invalid."""
