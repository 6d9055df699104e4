"""The targets the tests measure against: a frozen copy of data/targets.toml.

Planners edit ``data/targets.toml``; a test's expected values are worked out against
``tests/fixtures/targets.toml``, so every test loads targets through here. Only
``tests/test_targets.py::test_the_live_targets_file_loads_strictly`` reads the live file.
"""

from __future__ import annotations

from pathlib import Path

from geo.analysis.catalog import CATALOG
from geo.core.targets import Check, Target, load_checks, load_targets

TARGETS_FILE = Path(__file__).resolve().parent / "fixtures" / "targets.toml"


def load_test_targets() -> dict[str, Target]:
    """The targets of the frozen targets file, checked against the declared indicators."""
    return load_targets(TARGETS_FILE, catalog=CATALOG)


def load_test_checks() -> dict[str, Check]:
    """The checks of the frozen targets file (catalogue defaults where it sets none)."""
    return load_checks(TARGETS_FILE, catalog=CATALOG)
