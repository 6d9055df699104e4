"""Plan files: strict loading, every target traced to its plan's sentence, the library, TOML written back."""

from __future__ import annotations

import copy
import tomllib
from datetime import date
from pathlib import Path

import pytest

from geo.analysis.catalog import CATALOG
from geo.core.plan_checks import PlanError, code_problem
from geo.core.plans import DEFAULT_PLANS_DIR, load_library, load_plan, parse_plan, plan_problems
from geo.core.toml_text import dumps
from tests.plans import PLANS_DIR, load_test_library

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
QINSHUI = PLANS_DIR / "004_qinshui_2021.toml"


@pytest.fixture
def qinshui() -> dict:
    return tomllib.loads(QINSHUI.read_text(encoding="utf-8"))


def test_the_live_plan_files_load_strictly() -> None:
    """data/plans/, which planners edit, still loads: five plans, ids equal to the file names (the only test reading it)."""
    library = load_library([DEFAULT_PLANS_DIR], catalog=CATALOG)
    assert list(library) == [
        "000_fuliang_2021",
        "001_rongan_2021",
        "002_meizhou_2021",
        "003_shanxi_2021",
        "004_qinshui_2021",
    ]
    assert all(plan.path is not None and plan.path.stem == plan.id for plan in library.values())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside the project")
@pytest.mark.parametrize("folder", [DEFAULT_PLANS_DIR, PLANS_DIR], ids=["live", "frozen"])
def test_every_quote_is_a_sentence_of_its_own_plan(folder: Path) -> None:
    for plan in load_library([folder], catalog=CATALOG).values():
        text = (SEEDS / plan.seed).read_text(encoding="utf-8")
        for target in plan.targets.values():
            assert target.source.quote in text, f"{plan.id} › {target.id}: quote not in {plan.seed}"
            assert target.source.plan_id == plan.id
            assert target.source.plan == plan.full_title


def test_the_five_plans_by_jurisdiction_level_and_status() -> None:
    library = load_test_library()
    rows = {(p.id, p.jurisdiction, p.level, p.status, p.period) for p in library.values()}
    assert rows == {
        ("000_fuliang_2021", "360222", "county", "adopted", (2021, 2025)),
        ("001_rongan_2021", "450224", "county", "adopted", (2021, 2025)),
        ("002_meizhou_2021", "4414", "city", "draft", (2021, 2025)),
        ("003_shanxi_2021", "14", "province", "adopted", (2021, 2025)),
        ("004_qinshui_2021", "140521", "county", "adopted", (2021, 2025)),
    }
    qinshui = library["004_qinshui_2021"]
    assert qinshui.document_number == "沁发〔2021〕17号"
    assert qinshui.date == date(2021, 10, 20)
    assert library["002_meizhou_2021"].full_title.endswith("（征求意见稿）")


def test_a_target_stated_by_two_plans_is_in_each_with_its_own_sentence_and_number() -> None:
    library = load_test_library()
    province = library["003_shanxi_2021"].targets
    county = library["004_qinshui_2021"].targets
    # Shanxi writes ASCII commas and 「脱贫地区」; Qinshui full-width commas and no qualifier.
    assert province["water_centralized_2025"].source.quote.startswith("到2025年,脱贫地区")
    assert county["water_centralized_2025"].source.quote.startswith("到2025年，农村饮水")
    assert "户用" in county["sanitation_toilets_2025"].source.quote
    assert "户用" not in province["sanitation_toilets_2025"].source.quote
    # Qinshui's natural-village roads carry no size qualifier; Fuliang's and Shanxi's are the larger ones.
    assert county["road_hardened_natural_villages_2025"].params["min_households"] == 0
    assert library["000_fuliang_2021"].targets["road_hardened_natural_villages_2025"].params["min_households"] == 30
    assert province["pv_revenue_shanxi"].level == "province"


def test_a_direction_target_has_a_direction_a_baseline_year_and_no_threshold_yet() -> None:
    sewage = load_test_library()["004_qinshui_2021"].targets["sanitation_sewage_2025"]
    assert sewage.direction is not None
    assert (sewage.direction.sense, sewage.direction.amount, sewage.direction.baseline_year) == ("up", 0.05, 2020)
    assert sewage.direction.baseline_value is None  # the plan states none: the user sets it
    assert not sewage.judgeable  # NaN threshold until a baseline is known
    # Without baseline_year the year before the period counts: Rong'an 2021–2025 → 2020.
    assert load_test_library()["001_rongan_2021"].targets["water_tap_up"].direction.baseline_year == 2020


def _problems(document: dict) -> list:
    return plan_problems(document, catalog=CATALOG, origin="004_qinshui_2021.toml", stem="004_qinshui_2021")


@pytest.mark.parametrize(
    ("mutate", "layer", "field", "zh"),
    [
        (lambda d: d["plan"].update(jurisdiction="14052"), "plan", "jurisdiction", "区划代码"),
        (
            lambda d: d["plan"].update(jurisdiction="3602"),
            "plan",
            "jurisdiction",
            "6 位",
        ),  # a city code in a county plan
        (lambda d: d["plan"].update(id="004_other"), "plan", "id", "文件名"),
        (lambda d: d["plan"].update(status="final"), "plan", "status", "征求意见稿"),
        (lambda d: d["plan"].update(period_end=2019), "plan", "period_end", "早于"),
        (lambda d: d["plan"].update(colour="red"), "plan", "colour", "未知字段"),
        (lambda d: d["target"][0].update(threshold=1.5), "target #1 (water_centralized_2025)", "threshold", "0–1"),
        (lambda d: d["target"][1].update(treshold=0.9), "target #2 (water_tap_2025)", "treshold", "未知字段"),
        (lambda d: d["target"][2].update(deadline=2030), "target #3 (telecom_4g_2021)", "deadline", "规划期"),
        (
            lambda d: d["target"][3]["params"].update(radius=1),
            "target #4 (telecom_5g_2025)",
            "params.radius",
            "未知参数",
        ),
        (
            lambda d: d["target"][4]["source"].update(seed="x"),
            "target #5 (road_hardened_natural_villages_2025)",
            "source.seed",
            "[plan]",
        ),
        (lambda d: d["target"][5].update(threshold=0.5), "target #6 (transport_bus_up)", "threshold", "只定方向"),
        (lambda d: d["target"][5].update(direction="down"), "target #6 (transport_bus_up)", "direction", "方向"),
        (lambda d: d["target"][8].update(amount=5), "target #9 (sanitation_sewage_2025)", "amount", "0.05"),
        (
            lambda d: d["target"][8].update(baseline_year=2026),
            "target #9 (sanitation_sewage_2025)",
            "baseline_year",
            "早于",
        ),
        (lambda d: d["target"][0].update(amount=0.1), "target #1 (water_centralized_2025)", "amount", "direction"),
        (lambda d: d["target"][0].update(level="province"), "target #1 (water_centralized_2025)", "level", "省级"),
        (lambda d: d["target"][0]["source"].pop("quote"), "target #1 (water_centralized_2025)", "source.quote", "出处"),
    ],
)
def test_each_mistake_is_named_by_file_target_and_field_in_both_languages(
    qinshui: dict, mutate, layer: str, field: str, zh: str
) -> None:
    document = copy.deepcopy(qinshui)
    mutate(document)
    problems = _problems(document)
    assert len(problems) == 1, [p.describe() for p in problems]
    problem = problems[0]
    assert problem.source == "004_qinshui_2021.toml"
    assert (problem.layer, problem.field) == (layer, field)
    assert zh in problem.message_zh
    assert problem.message_en
    assert problem.message_en != problem.message_zh


def test_every_problem_of_a_file_is_reported_at_once(qinshui: dict) -> None:
    qinshui["plan"]["jurisdiction"] = 360222  # a number: codes are text (leading zeros matter)
    qinshui["target"][0]["threshold"] = "95%"
    with pytest.raises(PlanError) as caught:
        parse_plan(qinshui, catalog=CATALOG, origin="x.toml")
    assert {p.field for p in caught.value.problems} == {"jurisdiction", "threshold"}
    assert "2 problem(s)" in str(caught.value)


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("14", True),
        ("4414", True),
        ("140521", True),
        ("1405", True),
        ("00", False),
        ("9901", False),
        ("1400", False),
        ("140500", False),
        ("14052", False),
        ("", False),
    ],
)
def test_jurisdiction_codes(code: str, ok: bool) -> None:
    assert (code_problem(code) is None) == ok


def test_two_files_with_one_plan_id_are_refused_naming_both(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    for folder in (first, second):
        (folder / QINSHUI.name).write_text(QINSHUI.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load_library([first, second], catalog=CATALOG)
    assert str(first / QINSHUI.name) in caught.value.problems[0].message_en


def test_a_broken_file_names_itself(tmp_path: Path) -> None:
    bad = tmp_path / "x.toml"
    bad.write_text("version = 1\n[plan\n", encoding="utf-8")
    with pytest.raises(PlanError, match=r"x\.toml.*TOML"):
        load_plan(bad, catalog=CATALOG)


def test_plans_written_back_as_toml_read_the_same(tmp_path: Path) -> None:
    for path in sorted(PLANS_DIR.glob("*.toml")):
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        text = dumps(document, header="copy\nof a plan")
        assert tomllib.loads(text) == document
        copy_path = tmp_path / path.name
        copy_path.write_text(text, encoding="utf-8")
        assert load_plan(copy_path, catalog=CATALOG).targets.keys() == load_plan(path, catalog=CATALOG).targets.keys()
