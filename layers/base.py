"""What every layer module declares: its schema (the contract) and its map style."""

from __future__ import annotations

from dataclasses import dataclass

from geo.core.schema import LayerSchema
from geo.map.style import LayerStyle


@dataclass(frozen=True)
class LayerKind:
    """One layer kind of the data contract."""

    schema: LayerSchema
    style: LayerStyle
    popup_columns: tuple[str, ...]

    @property
    def name(self) -> str:
        """Layer name in the store (ASCII snake_case)."""
        return self.schema.name
