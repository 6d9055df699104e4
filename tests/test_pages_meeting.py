"""The meeting view in-process (AppTest) on the demo county: the board, ranking, drill-down and up, layer map, English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from layers.registry import load_dataset
from tests.helpers_app import ROOT, require_demo

pytestmark = pytest.mark.app
TIMEOUT_S = 180
STATUS_WORDS = ("达标", "接近", "差距较大", "不判定", "无数据")


def meeting(monkeypatch: pytest.MonkeyPatch, data: Path, **state: object) -> AppTest:
    monkeypatch.setenv("RCM_DATA", str(data))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    for key, value in state.items():
        app.session_state[key] = value
    app.switch_page("views/meeting.py")
    return app.run()


def summary(app: AppTest) -> str:
    return next(m.value for m in app.markdown if m.value.startswith("**"))


def counted(line: str) -> int:
    """The villages counted in the summary line: 「达标 171 个村，接近 4 个村，…」 → 171 + 4 + …"""
    return sum(int(n.replace(",", "")) for n in re.findall(r"(?:达标|接近|差距较大|不判定|无数据) ([\d,]+) 个村", line))


@pytest.fixture(scope="module")
def demo() -> Path:
    return require_demo()


@pytest.fixture(scope="module")
def villages(demo: Path):  # type: ignore[no-untyped-def]
    return load_dataset(demo).layers["admin_villages"]


def test_opens_on_the_board_and_drills_down_and_up(monkeypatch: pytest.MonkeyPatch, demo: Path, villages) -> None:  # type: ignore[no-untyped-def]
    app = meeting(monkeypatch, demo)
    assert not app.exception
    assert not app.error
    target = app.selectbox(key="meeting_target").value
    assert target
    assert app.title[0].value.startswith("全县 · ")
    line = summary(app)
    assert re.match(r"\*\*\d+\\?\.\d%\*\*", line), line  # the value itself, e.g. **97.1%**
    assert counted(line) == len(villages)  # every admin village is in one status
    board = app.dataframe[0].value
    assert list(board.columns) == ["title", "value_text", "target", "deadline", "status_text"]
    assert len(board) >= 2
    assert set(board["status_text"]) <= set(STATUS_WORDS)
    assert all(text == "—" or text.endswith("%") or text[0].isdigit() for text in board["value_text"])
    assert [b.label for b in app.get("download_button")] == ["图片 PNG", "打印 PDF", "分乡镇图册"]
    assert app.toggle(key="meeting_carousel").value is False

    # A click on the map hands a township over (the page applies it before drawing its widgets).
    first = str(villages["town_code"].iloc[0])
    app.session_state["meeting_drill"] = first
    app.run()
    assert not app.exception
    assert app.selectbox(key="meeting_town").value == first
    in_town = int((villages["town_code"].astype(str) == first).sum())
    assert counted(summary(app)) == in_town
    assert app.title[0].value.startswith(app.selectbox(key="meeting_town").format_func(first))

    # Up goes back to the county.
    app.button(key="meeting_up").click().run()
    assert not app.exception
    assert app.selectbox(key="meeting_town").value == ""
    assert counted(summary(app)) == len(villages)

    # The carousel asks for the next target the same way.
    app.session_state["meeting_next"] = ""
    app.run()
    assert app.title[0].value.endswith("基础设施分布")  # the plain layer map: no summary line
    assert not any(m.value.startswith("**") for m in app.markdown)


def test_in_english(monkeypatch: pytest.MonkeyPatch, demo: Path) -> None:
    app = meeting(monkeypatch, demo, lang="en")
    assert not app.exception
    assert app.title[0].value.startswith("Whole county · ")
    assert re.search(r"met [\d,]+ villages, near [\d,]+ villages, far [\d,]+ villages", summary(app))
    board = app.dataframe[0].value
    assert set(board["status_text"]) <= {"met", "near", "far", "not judged", "no data"}
    assert app.selectbox(key="meeting_town").label == "Township"
