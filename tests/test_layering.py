"""Imports flow one way: app.py → views/ → layers/ → geo/, and inside geo/ from role to role.

geo/ is grouped by role, each folder a layer that imports only those below it::

    core  <  text  <  analysis  <  io, map  <  present

(io and map sit side by side and do not import each other); geo/cli.py, geo/cli_store.py and geo/__main__.py are
the command line on top. The string catalogue (geo/text/i18n.py and geo/text/strings/) imports
nothing else from geo/, so every role, the core included, takes its sentences from it. Nothing in
geo/ or layers/ imports Streamlit.

Read with ``ast``, so imports inside functions and ``importlib.import_module("…")`` count too,
and relative imports are resolved to the module they name.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STREAMLIT = ("streamlit", "streamlit_folium")
# The command line and the store import (its plan, and the problem report saying what each field should
# hold) are the places in geo/ that may reach the layer registry (they load and validate against the contract).
GEO_ENTRY_POINTS = (
    "geo/__main__.py",
    "geo/cli.py",
    "geo/cli_store.py",
    "geo/io/ingest/plan.py",
    "geo/io/ingest/plan_validation.py",
    "geo/io/ingest/problems.py",
)


# Rank of each role folder of geo/: a module may import its own folder and folders of lower rank.
ROLES = {"core": 0, "text": 1, "analysis": 2, "io": 3, "map": 3, "present": 4}
# The string catalogue: below every role (the core's problem messages come from it), importing nothing else of geo/.
CATALOGUE = ("geo.text.i18n", "geo.text.strings")
TOP_LEVEL = {"__init__.py", "__main__.py", "cli.py", "cli_store.py"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every module a source file imports, with relative imports made absolute."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".") if package else []
                base = ".".join(parts[: len(parts) - (node.level - 1)])
                target = ".".join(p for p in (base, node.module or "") if p)
            else:
                target = node.module or ""
            if target:
                found.add(target)
            found.update(".".join(p for p in (target, alias.name) if p) for alias in node.names if alias.name != "*")
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in ("import_module", "__import__"):
                found.add(node.args[0].value)
    return found


def is_within(module: str, top: str) -> bool:
    return module == top or module.startswith(f"{top}.")


def sources(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def imports_of(path: Path) -> set[str]:
    return imported_modules(path.read_text(encoding="utf-8"), module_name(path), is_package=path.name == "__init__.py")


def violations(folder: str, forbidden: tuple[str, ...], *, exempt: tuple[str, ...] = ()) -> list[str]:
    found = []
    for path in sources(folder):
        relative = path.relative_to(ROOT).as_posix()
        if relative in exempt:
            continue
        for module in sorted(imports_of(path)):
            if any(is_within(module, top) for top in forbidden):
                found.append(f"{relative} imports {module}")
    return found


def test_the_core_and_layers_are_found() -> None:
    assert ROOT / "geo" / "core" / "schema.py" in sources("geo")
    assert ROOT / "layers" / "registry.py" in sources("layers")


@pytest.mark.parametrize("folder", ["geo", "layers"])
def test_no_streamlit_below_pages(folder: str) -> None:
    assert violations(folder, STREAMLIT) == []


def test_geo_does_not_import_layers_or_pages() -> None:
    assert violations("geo", ("layers", "views", "app"), exempt=GEO_ENTRY_POINTS) == []


def test_geo_entry_points_do_not_import_pages() -> None:
    for entry in GEO_ENTRY_POINTS:
        path = ROOT / entry
        if path.exists():
            assert not [
                m
                for m in imports_of(path)
                if is_within(m, "views") or is_within(m, "app") or any(is_within(m, s) for s in STREAMLIT)
            ], entry


def test_layers_do_not_import_pages() -> None:
    assert violations("layers", ("views", "app")) == []


def role_of(module: str) -> str | None:
    """The role folder of a ``geo.…`` module (None for the top level and for other packages)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "geo" and parts[1] in ROLES else None


def test_geo_holds_only_role_folders_and_the_command_line() -> None:
    folders = {p.name for p in (ROOT / "geo").iterdir() if p.is_dir() and p.name != "__pycache__"}
    files = {p.name for p in (ROOT / "geo").glob("*.py")}
    assert folders == set(ROLES)
    assert files == TOP_LEVEL


def test_each_role_imports_only_roles_below_it() -> None:
    found = []
    for path in sources("geo"):
        own = role_of(module_name(path))
        if own is None:
            continue
        for module in sorted(imports_of(path)):
            other = role_of(module)
            if any(is_within(module, c) for c in CATALOGUE):
                continue
            if other is not None and other != own and ROLES[other] >= ROLES[own]:
                found.append(f"{path.relative_to(ROOT).as_posix()} ({own}) imports {module} ({other})")
    assert found == []


def test_the_catalogue_imports_nothing_else_of_geo() -> None:
    catalogue = [ROOT / "geo" / "text" / "i18n.py", *sources("geo/text/strings")]
    found = [
        f"{path.relative_to(ROOT).as_posix()} imports {module}"
        for path in catalogue
        for module in sorted(imports_of(path))
        if is_within(module, "geo") and module != "geo.text" and not any(is_within(module, c) for c in CATALOGUE)
    ]
    assert found == []


# --- the checker itself catches every form of import ----------------------------------------------


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("import streamlit as st", "geo.map.folium_map", "streamlit"),
        ("from streamlit_folium import st_folium", "geo.map.folium_map", "streamlit_folium"),
        ("import streamlit.components.v1", "geo.map.folium_map", "streamlit.components.v1"),
        ("def f():\n    import streamlit\n", "geo.map.folium_map", "streamlit"),
        ("import importlib\nimportlib.import_module('streamlit')", "geo.map.folium_map", "streamlit"),
        ("from layers import registry", "geo.analysis.report", "layers.registry"),
        ("from ...layers import registry", "geo.analysis.report", "layers.registry"),
        ("from .... import views", "geo.analysis.indicators.water", "views"),
        ("from ...core import store", "geo.analysis.indicators.water", "geo.core.store"),
        ("from . import water", "geo.analysis.indicators", "geo.analysis.indicators.water"),
    ],
)
def test_imported_modules_resolves_every_form(source: str, module: str, expected: str) -> None:
    assert expected in imported_modules(source, module, is_package=module == "geo.analysis.indicators")


def test_violations_would_be_reported(tmp_path: Path) -> None:
    fake = tmp_path / "geo" / "sub"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text("from ...views import home\nimport streamlit\n", encoding="utf-8")
    found = imported_modules((fake / "bad.py").read_text(encoding="utf-8"), "geo.sub.bad")
    assert any(is_within(m, "views") for m in found)
    assert any(is_within(m, "streamlit") for m in found)
    assert not is_within("streamlit_folium", "streamlit")  # prefix match is by package, not by text
    assert not is_within("geo.layers_util", "layers")
