"""The domain pages in-process (AppTest): each page in Chinese and English, with the township filter.

A domain page is :func:`views.domain.render` run by app.py's navigation for one
:data:`geo.present.domains.DOMAINS` entry; AppTest runs that function directly
(:func:`tests.helpers_app.domain_page`), the direct links /water, /roads … are checked in the browser.

The figures a page shows must be exactly those :func:`geo.present.domains.domain_view` computes
from the same report, so these tests compare the page with the core; the hand-checkable
numbers themselves are tested in tests/test_domain_views.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.analysis.report import Report, run_report
from geo.core import store
from geo.core.store import Dataset
from geo.present.domains import DOMAINS, domain_view
from geo.text.i18n import t
from layers.registry import load_dataset
from tests.helpers_app import HOSTILE, domain_page, mini_county, require_demo
from tests.plans import load_test_checks, load_test_targets

pytestmark = pytest.mark.app
TIMEOUT_S = 120


def open_page(monkeypatch: pytest.MonkeyPatch, data: Path, domain: str, **state: object) -> AppTest:
    monkeypatch.setenv("RCM_DATA", str(data))
    app = AppTest.from_function(domain_page, args=(domain,), default_timeout=TIMEOUT_S)
    for key, value in state.items():
        app.session_state[key] = value
    return app.run()


def map_script(app: AppTest) -> str:
    maps = app.get("component_instance")
    assert len(maps) == 1
    return json.loads(maps[0].proto.json_args)["script"]


@pytest.fixture(scope="module")
def demo() -> Path:
    return require_demo()


@pytest.fixture(scope="module")
def demo_data(demo: Path) -> Dataset:
    return load_dataset(demo)


@pytest.fixture(scope="module")
def demo_report(demo_data: Dataset) -> Report:
    return run_report(demo_data, load_test_targets(), checks=load_test_checks())


@pytest.mark.parametrize("domain", DOMAINS)
def test_domain_page_in_chinese(
    monkeypatch: pytest.MonkeyPatch, demo: Path, demo_data: Dataset, demo_report: Report, domain: str
) -> None:
    app = open_page(monkeypatch, demo, domain)
    assert not app.exception
    assert not app.error
    assert app.title[0].value == t(f"domain.title.{domain}", "zh")
    view = domain_view(domain, demo_report, demo_data, targets=load_test_targets(), lang="zh")
    assert [(m.label, m.value) for m in app.metric] == [(f.label, f.value) for f in view.figures]
    assert 3 <= len(app.metric) <= 6
    assert all(re.search(r"\d", m.value) for m in app.metric)
    for metric, figure in zip(app.metric, view.figures, strict=True):
        if figure.target:
            assert metric.delta.startswith(("达标", "未达标", "不判定"))
            assert figure.target in metric.delta
    assert [tab.label for tab in app.tabs] == [table.title for table in view.tables]
    non_empty = [table for table in view.tables if not table.frame.empty]
    assert len(app.dataframe) == len(non_empty)
    for shown, table in zip(app.dataframe, non_empty, strict=True):
        assert list(shown.value.columns) == list(table.frame.columns)
        assert len(shown.value) == len(table.frame)
    assert len(app.get("download_button")) == len(non_empty)
    assert len(map_script(app)) > 10_000


@pytest.mark.parametrize("domain", DOMAINS)
def test_domain_page_in_english_for_one_township(
    monkeypatch: pytest.MonkeyPatch, demo: Path, demo_data: Dataset, demo_report: Report, domain: str
) -> None:
    towns = demo_data.layers["townships"]
    town, name = str(towns["town_code"].iloc[1]), str(towns["name"].iloc[1])
    app = open_page(monkeypatch, demo, domain, lang="en", towns=[town])
    assert not app.exception
    assert not app.error
    assert app.title[0].value == t(f"domain.title.{domain}", "en")
    assert name in app.caption[0].value
    view = domain_view(domain, demo_report, demo_data, targets=load_test_targets(), towns=[town], lang="en")
    assert [(m.label, m.value) for m in app.metric] == [(f.label, f.value) for f in view.figures]
    assert not any(re.search(r"[\u4e00-\u9fff]", m.label) for m in app.metric)
    whole = domain_view(domain, demo_report, demo_data, targets=load_test_targets(), lang="en")
    assert [f.value for f in view.figures] != [f.value for f in whole.figures]  # the filter narrows the figures
    for shown in app.dataframe:
        town_column = t("domain.col.town", "en")
        if town_column in shown.value:
            assert set(shown.value[town_column].dropna()) <= {name}
    script = map_script(app)
    drawn = [o for o in view.overlays if o.frame.geometry.notna().any()]
    for overlay in drawn:  # every highlighted layer with something to draw is on the map, with its legend
        assert any(label in script for label in (overlay.title, *(label for _, label, _ in overlay.categories))), (
            overlay.name
        )


@pytest.fixture(scope="module")
def hostile_county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "county.gpkg"
    store.write_dataset(path, mini_county())
    return path


@pytest.mark.parametrize("domain", DOMAINS)
def test_user_text_is_shown_as_text_never_as_html(
    monkeypatch: pytest.MonkeyPatch, hostile_county: Path, domain: str
) -> None:
    """A township named ``<script>…`` is data: tables show it literally, the map escapes it."""
    app = open_page(monkeypatch, hostile_county, domain)
    assert not app.exception
    assert not app.error
    assert HOSTILE not in map_script(app)
    if domain in ("water", "pv", "industry"):
        assert any(HOSTILE in shown.value.to_string() for shown in app.dataframe)
