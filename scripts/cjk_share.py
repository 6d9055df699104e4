"""How much of the Chinese text lives outside the string catalogue (geo/text/).

Counts the string literals (docstrings left out) that hold a CJK character in geo/, views/ and
app.py, and prints the share outside geo/text/ with the files that hold them, most first.
``--list`` prints every literal outside the catalogue with its line.

    .venv/bin/python scripts/cjk_share.py [--list]

What may stay outside: words a reader parses (column aliases, 是/否, road-surface synonyms,
regular expressions) and the indicator declarations beside their functions (title, bureau).
"""

from __future__ import annotations

import ast
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
CATALOGUE = "geo/text/"


def sources() -> list[Path]:
    return sorted([*(ROOT / "geo").rglob("*.py"), *(ROOT / "views").rglob("*.py"), ROOT / "app.py"])


def cjk_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every non-docstring string literal holding a CJK character."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and CJK.search(node.value)
    )


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def main(argv: list[str]) -> None:
    inside = 0
    outside: Counter[str] = Counter()
    listing = []
    for path in sources():
        relative = path.relative_to(ROOT).as_posix()
        found = cjk_literals(path)
        if relative.startswith(CATALOGUE):
            inside += len(found)
            continue
        if found:
            outside[relative] = len(found)
            listing += [f"{relative}:{line}: {text!r}" for line, text in found]
    total = inside + sum(outside.values())
    share = sum(outside.values()) / total if total else 0.0
    say(f"CJK string literals: {total}; in {CATALOGUE}: {inside}; outside: {sum(outside.values())} ({share:.1%})")
    for name, count in outside.most_common():
        say(f"{count:5d}  {name}")
    if "--list" in argv:
        say("\n".join(listing))


if __name__ == "__main__":
    main(sys.argv[1:])
