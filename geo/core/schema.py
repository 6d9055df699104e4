"""Layer schemas: how a layer of the data contract is described (columns, types, aliases, values).

The layer kinds themselves (townships, roads, ...) are declared in ``layers/``; this module
only knows how to describe a layer. Checking a GeoDataFrame against a description is
:mod:`geo.core.validation`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from geo.core.vocabulary import normalize_text

DType = Literal["str", "code", "int", "float", "bool", "date"]
GeometryKind = Literal["Point", "LineString", "Polygon"]

# Geometry types accepted for each declared kind (multi-part variants are normal in real data,
# e.g. a township with an exclave, a road split by a bridge).
ACCEPTED_GEOMETRIES: Mapping[str, frozenset[str]] = {
    "Point": frozenset({"Point"}),
    "LineString": frozenset({"LineString", "MultiLineString"}),
    "Polygon": frozenset({"Polygon", "MultiPolygon"}),
}

TRUE_WORDS = frozenset({"true", "1", "yes", "y", "t", "是", "有", "已", "√", "已确权", "合格"})
FALSE_WORDS = frozenset({"false", "0", "no", "n", "f", "否", "无", "未", "×", "未确权", "不合格"})

# More problems than this per column are summarised in one line, so a broken file does not
# produce a million-line report.
MAX_ROWS_LISTED = 20


@dataclass(frozen=True)
class Column:
    """One attribute column of a layer.

    ``aliases`` are other names accepted on import (Chinese names first); ``allowed`` lists
    the valid values of a categorical column; ``code_length`` fixes the number of digits of a
    code column (leading zeros matter, codes are strings).
    """

    name: str
    dtype: DType
    label_zh: str
    label_en: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    allowed: tuple[str, ...] | None = None
    allowed_zh: tuple[str, ...] | None = None
    code_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    # How ledgers write a value (spelling → contract value, e.g. 砼 → cement, 一级 → 1), from
    # ``geo.core.vocabulary``; accepted on import and in the store alike.
    synonyms: tuple[tuple[str, str], ...] = ()

    def value_lookup(self) -> dict[str, str]:
        """Normalized spelling → contract value: synonyms, the Chinese labels and the values themselves.

        Empty for a column without vocabulary. A synonym naming a value the column does not allow is ignored.
        """
        lookup: dict[str, str] = {}
        for spelling, value in self.synonyms:
            if self.allowed is None or value in self.allowed:
                lookup[normalize_text(spelling)] = value
        if self.allowed is not None:
            for value, label in zip(self.allowed, self.allowed_zh or self.allowed, strict=True):
                lookup[normalize_text(label)] = value
            for value in self.allowed:
                lookup[normalize_text(value)] = value
        return lookup

    def value_label(self, value: object, *, lang: str = "zh") -> str:
        """Display label of a categorical value (Chinese when ``lang == "zh"``)."""
        text = str(value)
        if lang == "zh" and self.allowed and self.allowed_zh and text in self.allowed:
            return self.allowed_zh[self.allowed.index(text)]
        return text


@dataclass(frozen=True)
class LayerSchema:
    """What one layer of the store must look like."""

    name: str
    title_zh: str
    title_en: str
    geometry: GeometryKind
    key: str
    columns: tuple[Column, ...]
    required_in_dataset: bool = True
    unique_columns: tuple[str, ...] = field(default=())
    # Cross-field sanity checked on import: (column, limit) pairs where column ≤ limit in every row
    # (households ≤ population …); an import may override them only with a recorded reason.
    at_most: tuple[tuple[str, str], ...] = field(default=())

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    def alias_map(self) -> dict[str, str]:
        """Map every accepted alias (case-insensitive for ASCII) to the contract name.

        Contract names take precedence over aliases, and an alias shared by two columns goes to
        the first one declared.
        """
        mapping: dict[str, str] = {col.name.lower(): col.name for col in self.columns}
        for col in self.columns:
            for alias in col.aliases:
                mapping.setdefault(alias.strip().lower(), col.name)
        return mapping
