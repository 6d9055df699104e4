"""The targets the tests measure against: frozen copies, never the live files planners edit.

``tests/fixtures/targets.toml`` is a flat file of every target of the five plans (the indicator
tests' expected values are worked out against it); ``tests/fixtures/plans/`` is a frozen copy of
the plan library ``data/plans/`` with its settings (``tests/fixtures/plan_settings.toml``), for the
plan-chain, report and page tests. Only ``tests/test_plans.py::test_the_live_plan_files_load_strictly``
reads the live plan files.
"""

from __future__ import annotations

from pathlib import Path

from geo.analysis.catalog import CATALOG
from geo.core.plans import Plan, load_library
from geo.core.targets import Check, Target, load_checks, load_targets

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TARGETS_FILE = FIXTURES / "targets.toml"
PLANS_DIR = FIXTURES / "plans"
PLAN_SETTINGS = FIXTURES / "plan_settings.toml"


def load_test_targets() -> dict[str, Target]:
    """The targets of the frozen targets file, checked against the declared indicators."""
    return load_targets(TARGETS_FILE, catalog=CATALOG)


def load_test_checks() -> dict[str, Check]:
    """The checks of the frozen targets file (catalogue defaults where it sets none)."""
    return load_checks(TARGETS_FILE, catalog=CATALOG)


def load_test_library() -> dict[str, Plan]:
    """The frozen plan library, by plan id."""
    return load_library([PLANS_DIR], catalog=CATALOG)
