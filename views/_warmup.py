"""Warm the caches once per server process, in the background, when the first session runs app.py.

The first visitor to a freshly started server waited 6–17 s on a blank page while the data,
the plans and the report were computed, and again on each page's first map. The warm-up starts a
daemon thread on the first run of app.py that fills the shared caches (data, townships, report,
summary, the overview's map layers) while that first page draws, so later pages, and later
visitors, find them ready. It runs with the first session's context (default choices: the
county, Chinese) and never draws anything; a failure is left for the pages to report.
"""

from __future__ import annotations

import logging
import threading

from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from views import _shared

LOG = logging.getLogger(__name__)
_started = threading.Event()


def _warm() -> None:
    try:
        _shared.township_names()
        _shared.report()
        _shared.summary()
        _shared.map_content()
    except BaseException:  # st.stop() too: the pages compute and report the same again
        LOG.debug("cache warm-up stopped", exc_info=True)


def start() -> None:
    """Start the warm-up, once per process (later calls do nothing)."""
    if _started.is_set():
        return
    _started.set()
    thread = threading.Thread(target=_warm, name="rcm-warmup", daemon=True)
    add_script_run_ctx(thread, get_script_run_ctx())
    thread.start()
