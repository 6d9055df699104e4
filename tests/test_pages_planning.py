"""Planning pages in-process (AppTest): gap lists and progress, in both languages, with good and bad input."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.core import store
from geo.io.history import history_path
from tests.helpers_app import ROOT, mini_county, require_demo

pytestmark = pytest.mark.app
APP = ROOT / "app.py"
TIMEOUT_S = 120
T1 = "360222100"


def run_page(monkeypatch: pytest.MonkeyPatch, data: Path, page: str, **state: object) -> AppTest:
    monkeypatch.setenv("RCM_DATA", str(data))
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    for key, value in state.items():
        app.session_state[key] = value
    app.switch_page(f"views/{page}.py")
    return app.run()


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mini") / "county.gpkg"
    store.write_dataset(path, mini_county())
    return path


@pytest.fixture
def mini_copy(tmp_path: Path, mini: Path) -> Path:
    """The mini county in this test's own folder (so a history file beside it is this test's alone)."""
    path = tmp_path / "county.gpkg"
    path.write_bytes(mini.read_bytes())
    return path


def test_gap_page_on_the_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page(monkeypatch, require_demo(), "gaps")
    assert not app.exception
    assert app.title[0].value == "差距清单"
    rows = int(metrics(app)["条目"].replace(",", ""))
    table = app.dataframe[0].value
    assert len(table) == rows > 100
    assert table["优先级"].is_monotonic_decreasing
    assert len(app.get("download_button")) == 3
    bureau = "县工信局（移动、联通、电信）"
    app.multiselect(key="gaps_bureaus").select(bureau).run()
    narrowed = app.dataframe[0].value
    assert 0 < len(narrowed) < rows
    assert set(narrowed["责任单位"]) == {bureau}
    assert int(metrics(app)["条目"].replace(",", "")) == len(narrowed)


def test_gap_page_filters_pick_and_english(monkeypatch: pytest.MonkeyPatch, mini: Path) -> None:
    app = run_page(monkeypatch, mini, "gaps", lang="en", gaps_table={"selection": {"rows": [0], "columns": []}})
    assert not app.exception
    assert app.title[0].value == "Gap lists"
    table = app.dataframe[0].value
    assert "Reason" in table.columns
    first = table.iloc[0]
    assert any(m.value.startswith("Picked: ") and first["Name"].replace("<", "\\<") in m.value for m in app.markdown)
    app.slider(key="gaps_min_priority").set_value(100).run()
    assert not app.exception
    assert app.info[0].value == "No gap rows match the filters."


def test_progress_page_on_the_demo_with_history(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo judged by its plans (Fuliang's own, then its benchmarks): every target has its history."""
    demo = require_demo()
    if not history_path(demo).is_file():
        pytest.fail("the demo history is missing: run `python -m data.make_history`")
    monkeypatch.delenv("RCM_TARGETS")  # the frozen plan library of $RCM_PLANS judges instead of the flat file
    app = run_page(monkeypatch, demo, "progress")
    assert not app.exception
    assert not app.error
    assert "fuliang\\_demo\\_history\\.csv" in app.caption[0].value
    table = app.dataframe[0].value
    assert len(table) == 19  # 7 targets of Fuliang's plan, 9 of Qinshui's and 3 of Rong'an's (the demo's benchmarks)
    assert set(table["单元"]) == {"全县"}
    assert table["年份数"].min() >= 2
    counts = metrics(app)
    assert sum(int(v.split()[0]) for v in counts.values()) == len(table)
    # Fuliang's own plan comes first: its first target's chart.
    assert app.selectbox(key="progress_target").value == "road_hardened_natural_villages_2025"


def test_progress_without_history_shows_the_current_year(monkeypatch: pytest.MonkeyPatch, mini_copy: Path) -> None:
    app = run_page(monkeypatch, mini_copy, "progress", lang="en")
    assert not app.exception
    assert "No history file" in app.info[0].value
    assert "county\\_history\\.csv" in app.info[0].value
    table = app.dataframe[0].value
    assert set(table["Years"]) == {1}
    assert set(table["Verdict"]) <= {"met", "no trend yet", "not judged"}


def test_progress_with_a_township_history(monkeypatch: pytest.MonkeyPatch, mini_copy: Path) -> None:
    rows = pd.DataFrame(
        {
            "year": [2023, 2024, 2023, 2024],
            "target_id": ["water_tap_2025"] * 4,
            "level": ["county", "county", "township", "township"],
            "unit_code": ["county", "county", T1, T1],
            "value": [0.3, 0.5, 0.3, 0.5],
            "source": ["年报"] * 4,
        }
    )
    rows.to_csv(history_path(mini_copy), index=False)
    app = run_page(monkeypatch, mini_copy, "progress", towns=[T1], progress_target="water_tap_2025")
    assert not app.exception
    table = app.dataframe[0].value
    assert set(table["单元"]) == {"甲镇"}
    tap = table[table["目标"] == "自来水普及率稳定在92%以上"].iloc[0]
    assert tap["年份数"] == 3
    assert any(c.value == "出处：年报" for c in app.caption)  # under the chart of the chosen target


def test_progress_bad_history_names_row_and_field(monkeypatch: pytest.MonkeyPatch, mini_copy: Path) -> None:
    history_path(mini_copy).write_text(
        "year,target_id,level,unit_code,value,source\n2023,water_tap_2025,county,county,1.5,x\n"
        "2023,nope,county,county,0.5,x\n",
        encoding="utf-8",
    )
    app = run_page(monkeypatch, mini_copy, "progress")
    assert not app.exception
    assert "数据文件有问题" in app.error[0].value
    problems = app.dataframe[0].value.to_string()
    assert "county_history.csv › history › row 0 › value" in problems
    assert "row 1 › target_id" in problems
