"""One writer at a time per store: an exclusive lock held over an import's whole read-check-write.

Two imports into one store at the same moment must not both read version A and then each
replace it (the second would silently drop the first's change). The lock is ``fcntl.flock`` on
``.<store name>.lock`` in the store's folder, so it holds across processes (command line, page
servers) and, because each holder opens its own descriptor, across the threads of one Streamlit
server. A second writer polls for ``wait_s`` seconds and then fails with :class:`ImportLockedError`;
it never overwrites. The holder removes the lock file when it is done (the store folder is left
as it was); a waiter checks that the file it locked is still the one at the path, so removal
cannot let two holders in. The lock is re-entrant within one thread: the command line holds it
over planning and committing, and ``commit_import`` inside takes it again without waiting.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from geo.core.errors import PlanningError
from geo.text.i18n import both

DEFAULT_WAIT_S = 15.0
_POLL_S = 0.05
_held = threading.local()


class ImportLockedError(PlanningError):
    """Another import holds the store's lock and did not finish in time (bilingual message)."""

    def __init__(self, name: str, seconds: float) -> None:
        zh, en = both("input.locked", name=name, seconds=seconds)
        self.message_zh, self.message_en = zh, en
        super().__init__(f"{name}: {zh} / {en}")


def lock_path(store_path: str | os.PathLike[str]) -> Path:
    """The lock file of a store: ``.<name>.lock`` beside it."""
    path = Path(store_path)
    return path.with_name(f".{path.name}.lock")


def _counts() -> dict[str, int]:
    if not hasattr(_held, "counts"):
        _held.counts = {}
    return _held.counts


def _acquire(path: Path, name: str, wait_s: float) -> int:
    """Open and lock ``path``; the descriptor once it is locked and still the file at ``path``."""
    deadline = time.monotonic() + max(0.0, wait_s)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise ImportLockedError(name, wait_s) from None
            time.sleep(_POLL_S)
            continue
        try:
            current = path.stat().st_ino
        except FileNotFoundError:
            current = None
        if current == os.fstat(fd).st_ino:
            return fd
        os.close(fd)  # the holder before us removed the file after we opened it: try the new one


@contextlib.contextmanager
def import_lock(store_path: str | os.PathLike[str], *, wait_s: float = DEFAULT_WAIT_S) -> Iterator[None]:
    """Hold the store's exclusive import lock; raise :class:`ImportLockedError` after ``wait_s`` seconds of waiting."""
    store = Path(store_path).expanduser().absolute()
    key = str(store)
    counts = _counts()
    if counts.get(key):
        counts[key] += 1
        try:
            yield
        finally:
            counts[key] -= 1
        return
    store.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(store)
    fd = _acquire(path, store.name, wait_s)
    counts[key] = 1
    try:
        yield
    finally:
        counts.pop(key, None)
        with contextlib.suppress(OSError):
            path.unlink()  # still holding the lock: a waiter that opened this file will see it is gone
        os.close(fd)
