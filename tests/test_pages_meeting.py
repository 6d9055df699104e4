"""The meeting view in-process (AppTest) on the demo county: status cards, township drill-down, layer map, English."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from layers.registry import load_dataset
from tests.helpers_app import ROOT, require_demo

pytestmark = pytest.mark.app
TIMEOUT_S = 180


def meeting(monkeypatch: pytest.MonkeyPatch, data: Path, **state: object) -> AppTest:
    monkeypatch.setenv("RCM_DATA", str(data))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    for key, value in state.items():
        app.session_state[key] = value
    app.switch_page("views/meeting.py")
    return app.run()


def cards(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


@pytest.fixture(scope="module")
def demo() -> Path:
    return require_demo()


@pytest.fixture(scope="module")
def villages(demo: Path):  # type: ignore[no-untyped-def]
    return load_dataset(demo).layers["admin_villages"]


def test_opens_on_the_first_target_with_every_village_counted(
    monkeypatch: pytest.MonkeyPatch, demo: Path, villages
) -> None:  # type: ignore[no-untyped-def]
    app = meeting(monkeypatch, demo)
    assert not app.exception
    assert not app.error
    assert app.selectbox(key="meeting_target").value == "water_centralized_2025"
    assert app.title[0].value == "全县 · 农村饮水集中供水率稳定在95%左右"
    shown = cards(app)
    assert len(shown) == 5
    assert next(iter(shown)).startswith("全县指标值（目标 ≥ 95.0%")
    assert shown[next(iter(shown))].endswith("%")
    assert sum(int(shown[label].replace(",", "")) for label in ("达标", "接近", "差距较大", "无数据")) == len(villages)
    assert len(app.get("download_button")) == 2

    # Drill down to one township: the cards count its villages only.
    first = str(villages["town_code"].iloc[0])
    app.selectbox(key="meeting_town").set_value(first).run()
    assert not app.exception
    in_town = int((villages["town_code"].astype(str) == first).sum())
    shown = cards(app)
    assert sum(int(shown[label].replace(",", "")) for label in ("达标", "接近", "差距较大", "无数据")) == in_town
    assert app.title[0].value.startswith(app.selectbox(key="meeting_town").format_func(first))

    # The plain layer map: no target, no cards.
    app.selectbox(key="meeting_target").set_value("").run()
    assert not app.exception
    assert app.title[0].value.endswith("基础设施分布")
    assert not app.metric


def test_in_english(monkeypatch: pytest.MonkeyPatch, demo: Path) -> None:
    app = meeting(monkeypatch, demo, lang="en")
    assert not app.exception
    assert app.title[0].value == "Whole county · Centralized rural water supply at about 95%"
    assert {"met", "near", "far", "no data"} <= set(cards(app))
    assert app.selectbox(key="meeting_town").label == "Township"
