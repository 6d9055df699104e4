"""The 规划目标 page in-process (AppTest), and what the demo's pages and printed map cite.

The page tests judge by the frozen plan library ($RCM_PLANS, tests/fixtures/plans/), not the
flat targets file: RCM_TARGETS is unset for them.
"""

from __future__ import annotations

import shutil
import tomllib
from datetime import date
from pathlib import Path

import pytest
from matplotlib.text import Text
from streamlit.testing.v1 import AppTest

from geo.analysis.catalog import CATALOG
from geo.analysis.report import run_report
from geo.core.plan_settings import settings_path
from geo.io.history import history_path
from geo.io.plan_context import plan_context
from geo.io.plan_files import store_plans_dir, versions_of
from geo.map import printed
from geo.present.meeting import meeting_sheet
from geo.present.overview import choropleth_targets
from layers.registry import load_dataset
from tests.helpers_app import ROOT, require_demo
from tests.plans import PLANS_DIR

pytestmark = pytest.mark.app
APP = ROOT / "app.py"
TIMEOUT_S = 120
NEW_ID = "360222_2026"


def run_page(monkeypatch: pytest.MonkeyPatch, data: Path, page: str, **state: object) -> AppTest:
    monkeypatch.setenv("RCM_DATA", str(data))
    monkeypatch.delenv("RCM_TARGETS", raising=False)
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    for key, value in state.items():
        app.session_state[key] = value
    app.switch_page(f"views/{page}.py")
    return app.run()


@pytest.fixture
def working_copy(tmp_path: Path) -> Path:
    """The demo county as a working file, with its history and its plan settings beside it."""
    demo = require_demo()
    store = tmp_path / "county.gpkg"
    shutil.copyfile(demo, store)
    shutil.copyfile(history_path(demo), history_path(store))
    shutil.copyfile(settings_path(demo), settings_path(store))
    return store


def test_the_page_shows_the_demos_own_plan_and_its_labelled_benchmarks(monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page(monkeypatch, require_demo(), "plans")
    assert not app.exception
    assert not app.error
    applied = app.dataframe[0].value
    assert applied["类别"].tolist() == ["本县规划", "参照", "参照"]
    assert applied["规划"].iloc[0].startswith("中共浮梁县委")
    assert "360222" in app.caption[0].value
    baselines = app.dataframe[1].value.set_index("目标")  # the targets without a number, with their baselines
    assert baselines.loc["农村生活污水治理率至少提高5个百分点", "基线来源"] == "历年数据"  # 2020 in the demo history
    assert baselines.loc["巩固提升农村通信网络覆盖", "基线年份"] == 2020
    targets = app.dataframe[3].value  # the shown plan's targets with their sentences
    assert "因地制宜推进较大人口规模自然村（组）、边远自然村通硬化路，加强通村公路和村内主干道连接" in set(
        targets["原文"]
    )


def test_the_editor_round_trip(monkeypatch: pytest.MonkeyPatch, working_copy: Path) -> None:
    """Copy Fuliang's plan as its 2026–2030 draft, edit a threshold, be refused 1.5, save 0.98, reload, report with it."""
    app = run_page(monkeypatch, working_copy, "plans")
    assert not app.exception
    app.selectbox(key="plans_copy_from").set_value("000_fuliang_2021")
    app.number_input(key="plans_new_start").set_value(2026)
    app.number_input(key="plans_new_end").set_value(2030)
    app.text_input(key="plans_new_id").set_value(NEW_ID)
    app.button(key="plans_copy").click().run()
    assert not app.exception
    assert app.text_input(key="plan_h_id").value == NEW_ID
    assert app.number_input(key="plan_t1_deadline").value == 2030  # moved with the period (2025 → 2030)

    app.number_input(key="plan_t1_threshold").set_value(1.5)  # 150 % of a share
    app.button(key="plans_save").click().run()
    assert not app.exception
    errors = [e.value for e in app.error]
    assert any(e.startswith("threshold：") and "0–1" in e for e in errors), errors  # the field, in place
    folder = store_plans_dir(working_copy)
    assert not (folder / f"{NEW_ID}.toml").exists()  # refused: nothing written

    app.number_input(key="plan_t1_threshold").set_value(0.98)
    app.button(key="plans_save").click().run()
    assert not app.exception
    assert not app.error
    saved = folder / f"{NEW_ID}.toml"
    document = tomllib.loads(saved.read_text(encoding="utf-8"))
    assert document["plan"]["period_start"] == 2026
    assert document["plan"]["status"] == "draft"
    assert document["target"][0]["threshold"] == 0.98

    # Saved again after one more edit: the first version is kept in .versions/.
    app.number_input(key="plan_t2_threshold").set_value(0.9)
    app.button(key="plans_save").click().run()
    assert len(versions_of(saved)) == 1
    assert tomllib.loads(saved.read_text(encoding="utf-8"))["target"][1]["threshold"] == 0.9

    # Reloaded: the data as of 2026 is judged by the new plan, and the report uses its threshold.
    again = run_page(monkeypatch, working_copy, "plans")
    assert again.dataframe[0].value["规划"].iloc[0].endswith("（征求意见稿）")
    assert again.selectbox(key="plans_edit_pick").value == NEW_ID  # the store's own plan, to edit again
    dataset = load_dataset(working_copy)
    context = plan_context(
        working_copy,
        dataset.layers["townships"]["town_code"].tolist(),
        year=2026,
        catalog=CATALOG,
        library_dir=PLANS_DIR,
    )
    assert context.applied.own.id == NEW_ID
    road = {"road_hardened_natural_villages_2025": context.targets["road_hardened_natural_villages_2025"]}
    report = run_report(dataset, road, checks={})
    county = report.indicators[report.indicators["level"] == "county"].iloc[0]
    assert (county["target"], county["plan_id"]) == (0.98, NEW_ID)


def test_a_baseline_set_on_the_page_judges_the_target(monkeypatch: pytest.MonkeyPatch, working_copy: Path) -> None:
    """Qinshui's +5 points of sewage treatment (a benchmark of the demo): baseline 0.15 → threshold 0.20, met at 21 %."""
    app = run_page(monkeypatch, working_copy, "plans", plans_baseline_target="sanitation_sewage_2025")
    app.number_input(key="plans_baseline_year_sanitation_sewage_2025").set_value(2020)
    app.number_input(key="plans_baseline_value_sanitation_sewage_2025").set_value(0.15)
    app.button(key="plans_baseline_save").click().run()
    assert not app.exception
    settings = tomllib.loads(settings_path(working_copy).read_text(encoding="utf-8"))
    assert settings["baseline"]["sanitation_sewage_2025"] == {"year": 2020, "value": 0.15, "source": "用户设定"}
    assert settings["reference"] == ["004_qinshui_2021", "001_rongan_2021"]  # the rest of the settings kept
    row = app.dataframe[1].value.set_index("目标").loc["农村生活污水治理率至少提高5个百分点"]
    assert row["基线来源"] == "用户设定"
    assert row["目标值"].startswith("≥ 20%")  # 0.15 + 0.05


def test_the_bundled_demo_is_never_written(monkeypatch: pytest.MonkeyPatch) -> None:
    demo = require_demo()
    app = run_page(monkeypatch, demo, "plans")
    app.text_input(key="plans_new_id").set_value("demo_copy_2026")
    app.button(key="plans_copy").click().run()
    app.button(key="plans_save").click().run()
    assert not app.exception
    assert any("不能写入" in info.value for info in app.info)
    assert not (store_plans_dir(demo) / "demo_copy_2026.toml").exists()
    before = settings_path(demo).read_bytes()
    app.button(key="plans_baseline_save").click().run()  # a baseline on the demo: this session only
    assert not app.exception
    assert settings_path(demo).read_bytes() == before
    assert app.session_state["plan_baselines"]


def test_compare_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page(monkeypatch, require_demo(), "plans", plans_benchmark="004_qinshui_2021")
    assert not app.exception
    compare = app.dataframe[4].value.set_index("指标")
    assert compare.loc["农村集中供水率", "沁水县 2021–2025"] == "≥ 95% (±1%) · 2025年"
    assert compare.loc["农村集中供水率", "浮梁县 2021–2025"] == "—"
    side = app.dataframe[5].value.set_index("指标")
    # Fuliang counts larger natural villages (≥30 households or 100 people), Qinshui every one: two values.
    road = side.loc["较大人口规模自然村通硬化路比例"]
    assert road["本县适用目标"] == "≥ 100%"
    assert road["现状（本县规划口径）"] != road["现状（参照口径）"]


def test_the_overview_cards_name_their_plan_and_mark_the_references(monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page(monkeypatch, require_demo(), "overview")
    assert not app.exception
    captions = [c.value for c in app.caption]
    assert any(c.startswith("目标依据：浮梁县 2021–2025（本县规划）") for c in captions), captions
    assert any("沁发〔2021〕17号" in c and c.startswith("参照") for c in captions)
    markdown = " ".join(m.value for m in app.markdown)
    assert ":gray-badge[参照]" in markdown
    assert "山西省" not in " ".join(captions)  # Shanxi's province total never reaches Fuliang


def test_the_demo_pdf_cites_only_fuliangs_plan_or_a_labelled_benchmark() -> None:
    """Every target the meeting view offers: the sheet says 依据 + 浮梁县's plan, or 参照 + the benchmark's, never unlabelled."""
    demo = require_demo()
    dataset = load_dataset(demo)
    towns = dataset.layers["townships"]["town_code"].tolist()
    context = plan_context(demo, towns, year=2026, catalog=CATALOG, library_dir=PLANS_DIR)
    report = run_report(dataset, context.targets, checks={}, as_of=date(2026, 10, 31))
    offered = choropleth_targets(report.indicators, context.targets)
    assert offered
    for target_id in offered:
        target = context.targets[target_id]
        sheet = meeting_sheet(target, title="t", source=demo.name, as_of=report.as_of, made=date(2026, 11, 1))
        if target.source.plan_id == "000_fuliang_2021":
            assert sheet.basis.startswith("依据：中共浮梁县委 浮梁县人民政府《"), sheet.basis
        else:
            assert sheet.basis.startswith("参照（非本县规划）："), sheet.basis
            assert sheet.subtitle.startswith("【参照】")
        assert "沁水" not in sheet.basis or sheet.basis.startswith("参照")
    # The drawn sheet (the PDF's text) carries the line: one reference target, drawn.
    reference = next(context.targets[t] for t in offered if context.targets[t].source.role == "reference")
    sheet = meeting_sheet(reference, title="t", source=demo.name, as_of=report.as_of, made=date(2026, 11, 1))
    figure, _ = printed.meeting_figure(dataset, sheet, target=reference, indicators=report.indicators)
    words = "\n".join(text.get_text() for text in figure.findobj(Text))
    assert "参照（非本县规划）" in words
    assert "依据：中共浮梁县委" not in words
