"""Shared fixtures: the tiny synthetic county, in memory and as a GeoPackage; hypothesis profiles; the frozen targets."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from geo.core import store
from tests import synthetic
from tests.plans import PLANS_DIR, TARGETS_FILE

# The pages (and the Streamlit server of the browser tests) read their targets from
# $RCM_TARGETS (a flat file) or, when it is unset, from the plan library in $RCM_PLANS: point
# both at the frozen copies, like every other test. Plan page tests unset RCM_TARGETS.
os.environ["RCM_TARGETS"] = str(TARGETS_FILE)
os.environ["RCM_PLANS"] = str(PLANS_DIR)

# "ci" is the default: few enough examples for a fast suite, derandomized so that a run is
# reproducible. HYPOTHESIS_PROFILE=dev explores more when hunting for bugs locally.
settings.register_profile(
    "ci", max_examples=50, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=500, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def tiny_dataset() -> store.Dataset:
    """A fresh copy of the tiny valid county (see tests/synthetic.py); change it freely."""
    return synthetic.tiny_dataset()


@pytest.fixture(scope="session")
def _tiny_gpkg_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tiny_template") / "tiny.gpkg"
    store.write_dataset(path, synthetic.tiny_dataset())
    return path


@pytest.fixture
def tiny_gpkg(tmp_path: Path, _tiny_gpkg_template: Path) -> Path:
    """The tiny county written as a GeoPackage in this test's own tmp_path (no versions yet)."""
    path = tmp_path / "tiny.gpkg"
    shutil.copyfile(_tiny_gpkg_template, path)
    return path
