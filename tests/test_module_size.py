"""No module of the core over the size a reader can hold in mind (the house rule: ~450 lines)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 460
MODULES = sorted(p for folder in ("geo", "layers", "views") for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_is_short_enough(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines (at most {MAX_LINES}): split it by concern"


def test_the_size_rule_sees_the_modules() -> None:
    # The rule must look at the real tree: the catalogue of strings and the domain pages are in it.
    names = {p.relative_to(ROOT).as_posix() for p in MODULES}
    assert "geo/io/export.py" in names
    assert "views/plans.py" in names
    assert len(names) > 100
