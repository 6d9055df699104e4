"""Streamlit pages in-process (AppTest): the overview renders in both languages, bad data gives a message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.analysis.inventory import summarize
from geo.core import store
from layers.registry import load_dataset
from tests.helpers_app import ROOT, mini_county, require_demo

pytestmark = pytest.mark.app
APP = ROOT / "app.py"
TIMEOUT_S = 120


def run_app(monkeypatch: pytest.MonkeyPatch, data: Path, **state: object) -> AppTest:
    monkeypatch.setenv("RCM_DATA", str(data))
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    for key, value in state.items():
        app.session_state[key] = value
    return app.run()


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


@pytest.fixture(scope="module")
def demo() -> Path:
    return require_demo()


@pytest.fixture(scope="module")
def demo_summary(demo: Path):
    return summarize(load_dataset(demo))


def test_overview_in_chinese_shows_the_county_figures(
    monkeypatch: pytest.MonkeyPatch, demo: Path, demo_summary
) -> None:
    app = run_app(monkeypatch, demo)
    assert not app.exception
    assert not app.error
    assert app.title[0].value == "乡村振兴基础设施覆盖一张图"
    cards = metrics(app)
    assert cards["乡镇"] == str(demo_summary.townships)
    assert cards["行政村"] == f"{demo_summary.admin_villages:,}"
    assert cards["农村公路"].endswith("公里")
    assert all(re.search(r"\d", value) for value in cards.values()), cards
    assert len(cards) == 12


def test_overview_in_english(monkeypatch: pytest.MonkeyPatch, demo: Path, demo_summary) -> None:
    app = run_app(monkeypatch, demo, lang="en")
    assert not app.exception
    assert app.title[0].value == "Rural infrastructure coverage map"
    cards = metrics(app)
    assert cards["Townships"] == str(demo_summary.townships)
    assert cards["Rural roads"].endswith(" km")
    assert cards["Population"] == f"{demo_summary.population:,}"


def test_township_filter_narrows_the_figures(monkeypatch: pytest.MonkeyPatch, demo: Path) -> None:
    first = str(load_dataset(demo).layers["townships"]["town_code"].iloc[0])
    app = run_app(monkeypatch, demo, towns=[first])
    assert not app.exception
    assert metrics(app)["乡镇"] == "1"


def test_damaged_file_shows_a_message_not_a_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "county.gpkg"
    broken.write_bytes(b"this is not a GeoPackage")
    app = run_app(monkeypatch, broken)
    assert not app.exception
    assert "数据文件有问题" in app.error[0].value
    assert "不是有效的 GeoPackage" in app.dataframe[0].value.to_string()
    assert not app.metric


def test_missing_file_shows_a_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app = run_app(monkeypatch, tmp_path / "nowhere.gpkg", lang="en")
    assert not app.exception
    assert "The data file has problems" in app.error[0].value
    assert "data file not found" in app.dataframe[0].value.to_string()


def test_contract_problems_are_listed_per_layer_and_field(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    county = mini_county()
    county.layers["admin_villages"] = county.layers["admin_villages"].drop(columns="population")
    path = tmp_path / "county.gpkg"
    store.write_dataset(path, county)  # no validator: write the broken file on purpose
    app = run_app(monkeypatch, path)
    assert not app.exception
    problems = app.dataframe[0].value.to_string()
    assert "admin_villages" in problems
    assert "population" in problems


def _table_with(app: AppTest, column: str):
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def test_overview_target_cards_and_township_table(monkeypatch: pytest.MonkeyPatch, demo: Path) -> None:
    app = run_app(monkeypatch, demo)
    assert not app.exception
    cards = [m.value for m in app.markdown if "-badge[" in m.value]
    assert len(cards) >= 20  # one card per target measured
    assert all(re.search(r"\d", card) for card in cards)
    assert any(":orange-badge[未达标]" in card for card in cards)
    assert (
        app.selectbox(key="overview_target").value == "water_centralized_2025"
    )  # villages coloured by the first target
    towns = _table_with(app, "达标数")
    assert len(towns) == len(load_dataset(demo).layers["townships"])
    assert towns["达标数"].str.fullmatch(r"\d+/\d+").all()


def test_overview_village_details_and_no_colouring(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "county.gpkg"
    store.write_dataset(path, mini_county())
    app = run_app(monkeypatch, path, lang="en", overview_village="360222101201", overview_target="")
    assert not app.exception
    detail = _table_with(app, "Village")
    assert len(detail) >= 5
    assert set(detail["Status"]) <= {"met", "near", "far", "not judged", "no data"}
    assert any("every indicator" in m.value for m in app.markdown)
    towns = _table_with(app, "Met")
    assert towns["Township"].tolist() == ["甲镇", "<script>alert(1)</script>"]  # shown as text by the table widget
