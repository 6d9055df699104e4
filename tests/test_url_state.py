"""Language and township filter live in the URL: a shared link opens in its language and scope, and choosing writes them back."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.core import store
from tests.helpers_app import ROOT, mini_county

pytestmark = pytest.mark.app
TIMEOUT_S = 120


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("url") / "county.gpkg"
    store.write_dataset(path, mini_county())
    return path


def _app(monkeypatch: pytest.MonkeyPatch, data: Path, **params: str | list[str]) -> AppTest:
    monkeypatch.setenv("RCM_DATA", str(data))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def test_a_link_with_language_and_townships_opens_in_them(monkeypatch: pytest.MonkeyPatch, county: Path) -> None:
    town = str(mini_county().layers["townships"]["town_code"].iloc[0])
    app = _app(monkeypatch, county, lang="en", town=[town, "999999999"])
    assert not app.exception
    assert app.title[0].value == "Rural infrastructure coverage map"
    assert app.session_state["towns"] == [town]  # the unknown code is dropped
    assert app.query_params["lang"] == "en"
    assert app.query_params["town"] == town


def test_choosing_writes_the_url_and_relabels_the_widgets(monkeypatch: pytest.MonkeyPatch, county: Path) -> None:
    app = _app(monkeypatch, county)
    assert app.query_params["lang"] == "zh"
    assert "town" not in app.query_params
    town = str(mini_county().layers["townships"]["town_code"].iloc[0])
    app.multiselect(key="towns").set_value([town]).run()
    assert app.query_params["town"] == town
    app.session_state["lang"] = "en"
    app.run()
    assert app.query_params["lang"] == "en"
    assert app.multiselect(key="towns").label == "Townships"  # same widget, new label, choice kept
    assert app.multiselect(key="towns").value == [town]
    assert app.text_input(key="overview_search").label == "Find a village (name or code)"


def test_an_unknown_language_in_the_link_falls_back_to_chinese(monkeypatch: pytest.MonkeyPatch, county: Path) -> None:
    app = _app(monkeypatch, county, lang="fr")
    assert not app.exception
    assert app.title[0].value == "乡村振兴基础设施覆盖一张图"
