"""How much import history a store keeps: settings (``data/retention.toml``), pruning, space used.

The settings are data: the library's ``data/retention.toml`` or the store's own
``<store stem>_retention.toml`` beside it (same keys). :func:`prune_originals` runs after an import
has been written (``geo.io.ingest.commit.prune_originals`` applies ``originals_kept``/``originals_days``);
:func:`space_used` is what the import page shows.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from geo.core import store
from geo.core.errors import ConfigError
from geo.core.targets import DATA_DIR
from geo.text.i18n import bilingual

LIBRARY_RETENTION = DATA_DIR / "retention.toml"
SETTINGS_SUFFIX = "_retention.toml"
ORIGINALS_DIR = "originals"
_KEYS = ("version", "versions_kept", "originals_kept", "originals_days")


@dataclass(frozen=True)
class Retention:
    """Versions of the store kept for undo; originals kept by count of imports and by age."""

    versions_kept: int = store.DEFAULT_VERSIONS_KEPT
    originals_kept: int = 20
    originals_days: int = 30


def settings_file(store_path: str | os.PathLike[str]) -> Path:
    """The retention settings that apply to a store: its own file when present, else the library's."""
    store_path = Path(store_path)
    own = store_path.with_name(store_path.stem + SETTINGS_SUFFIX)
    return own if own.is_file() else LIBRARY_RETENTION


def load_retention(store_path: str | os.PathLike[str]) -> Retention:
    """Read and check the retention settings of a store (bilingual :class:`ConfigError` when invalid)."""
    path = settings_file(store_path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Retention()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path.name}: {bilingual('retention.unreadable', exc=exc)}") from exc
    unknown = sorted(set(raw) - set(_KEYS))
    if unknown:
        raise ConfigError(f"{path.name}: {bilingual('retention.unknown_keys', keys=', '.join(unknown))}")
    values = {}
    for key, minimum in (("versions_kept", 1), ("originals_kept", 0), ("originals_days", 0)):
        value = raw.get(key, getattr(Retention(), key))
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise ConfigError(f"{path.name}: {bilingual('retention.bad_value', key=key, value=value, minimum=minimum)}")
        values[key] = value
    return Retention(**values)


@dataclass(frozen=True)
class SpaceUsed:
    """Bytes of history beside a store."""

    versions: int
    originals: int


def space_used(store_path: str | os.PathLike[str]) -> SpaceUsed:
    """Bytes held in ``.versions/`` (redo slots included) and ``originals/`` beside the store."""
    store_path = Path(store_path)

    def size(folder: Path) -> int:
        return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0

    return SpaceUsed(size(store_path.parent / store.VERSIONS_DIR), size(store_path.parent / ORIGINALS_DIR))
