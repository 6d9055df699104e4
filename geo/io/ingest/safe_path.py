"""Open files whose names GDAL cannot take, under a safe temporary name.

pyogrio hands a path to ``urllib.parse`` before GDAL sees it: ``;`` starts URL parameters (``a;b.geojson``
is opened as ``a``), ``!`` marks an archive member, and tab, CR and LF are dropped (``a\\nb.geojson`` is
opened as ``ab.geojson``), so such a file was refused as "damaged". :func:`openable` links the file,
and the sidecar files of the same stem (a Shapefile's .dbf/.prj/.cpg …), into a fresh temporary
folder as ``source.<ext>``; the reader opens the link, the message still names the user's file.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

_UNSAFE = re.compile(r"[;!\x00-\x1f\x7f]")


def needs_safe_name(path: Path) -> bool:
    """True when the absolute path holds a character pyogrio/GDAL would cut or drop."""
    return bool(_UNSAFE.search(str(path.absolute())))


def _link(source: Path, target: Path) -> None:
    try:
        target.symlink_to(source.absolute())
    except OSError:  # a file system without symbolic links: copy instead
        shutil.copy2(source, target)


@contextlib.contextmanager
def openable(path: Path) -> Iterator[Path]:
    """``path`` itself when GDAL can open it, else a link to it (and its sidecars) under a safe name."""
    if path.is_dir() or not path.exists() or not needs_safe_name(path):
        yield path
        return
    stem = path.name[: len(path.name) - len(path.suffix)].lower()
    with tempfile.TemporaryDirectory(prefix="rcm-open-") as tmp:
        folder = Path(tmp)
        for part in path.parent.iterdir():
            rest = part.name[len(stem) :]
            if part == path or (part.is_file() and part.name.lower().startswith(stem) and rest.startswith(".")):
                _link(part, folder / f"source{rest.lower()}")
        yield folder / f"source{path.suffix.lower()}"
