"""Which plans judge a county: the chain by code, nearest wins per indicator, province totals, references, baselines."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo.analysis.catalog import CATALOG
from geo.analysis.report import run_report
from geo.core.plan_chain import (
    CONTRIBUTION,
    HIGHER,
    OWN,
    REFERENCE,
    chain,
    jurisdiction_of,
    plan_for,
    resolve,
    with_baselines,
)
from geo.core.plan_checks import PlanError
from geo.core.plans import Plan
from geo.io.plan_context import plan_context
from tests import synthetic
from tests.plans import PLAN_SETTINGS, PLANS_DIR, TARGETS_FILE, load_test_library

YEAR = 2025
DEFAULT_REFERENCE = ("004_qinshui_2021", "001_rongan_2021")  # tests/fixtures/plan_settings.toml


@pytest.fixture(scope="module")
def library() -> dict[str, Plan]:
    return load_test_library()


def _ids(plans) -> list[str]:
    return [plan.id for plan in plans]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("140521", ["004_qinshui_2021", "003_shanxi_2021"]),  # 沁水县 → its own plan, then Shanxi's (晋城市 has none)
        ("360222", ["000_fuliang_2021"]),  # 浮梁县 → its own only (no Jiangxi or Jingdezhen plan in the library)
        ("450224", ["001_rongan_2021"]),  # 融安县
        ("441481", ["002_meizhou_2021"]),  # a county of 梅州市 without a plan → the city's draft
        ("140522", ["003_shanxi_2021"]),  # another Shanxi county → the province's
        ("110101", []),  # Beijing: no plan in the library
        (None, []),
    ],
)
def test_the_chain_of_a_code(library, code, expected) -> None:
    assert _ids(chain(code, library, YEAR)) == expected


def test_the_code_of_a_store_from_its_townships() -> None:
    assert jurisdiction_of(["360222100", "360222101"]) == "360222"
    assert jurisdiction_of(["140521100", "140522101"]) == "1405"  # two counties of one city
    assert jurisdiction_of(["140521100", "360222101"]) is None  # two provinces
    assert jurisdiction_of([None, "12"]) is None


def test_qinshui_nearest_plan_wins_per_indicator_and_the_province_fills_the_rest(library) -> None:
    applied = resolve("140521", library, year=YEAR)
    targets = applied.targets
    # Both plans set the centralized water rate: the county's target is the one judged.
    assert targets["water_centralized_2025"].source.plan_id == "004_qinshui_2021"
    assert targets["water_centralized_2025"].source.role == OWN
    assert "，农村饮水" in targets["water_centralized_2025"].source.quote  # Qinshui's sentence, not Shanxi's
    # Only Shanxi sets PV ownership and the PV revenue total.
    assert targets["pv_ownership"].source.plan_id == "003_shanxi_2021"
    assert targets["pv_ownership"].source.role == HIGHER
    assert targets["pv_revenue_shanxi"].source.role == CONTRIBUTION
    assert not targets["pv_revenue_shanxi"].judgeable
    # Qinshui's natural-village roads (no size qualifier) win over Shanxi's larger villages.
    assert targets["road_hardened_natural_villages_2025"].params["min_households"] == 0
    by_plan = {a.plan.id: a for a in applied.plans}
    # Shanxi's 14 targets: 12 measure indicators Qinshui sets too (left out); 2 apply (ownership, revenue).
    assert set(by_plan["003_shanxi_2021"].targets) == {"pv_ownership", "pv_revenue_shanxi"}
    assert len(by_plan["003_shanxi_2021"].left_out) == 12
    assert one_target_per_indicator(targets)


def one_target_per_indicator(targets) -> bool:
    indicators = [t.indicator for t in targets.values()]
    return len(indicators) == len(set(indicators))


def test_fuliang_is_judged_by_its_own_plan_only(library) -> None:
    applied = resolve("360222", library, year=2026, default_reference=DEFAULT_REFERENCE)
    assert _ids(a.plan for a in applied.plans) == ["000_fuliang_2021"]  # a plan exists: no default reference
    assert {t.source.role for t in applied.targets.values()} == {OWN}
    assert "pv_revenue_shanxi" not in applied.targets


def test_a_county_without_a_plan_is_judged_by_the_default_reference_labelled_as_such(library) -> None:
    applied = resolve("110101", library, year=YEAR, default_reference=DEFAULT_REFERENCE)
    assert [a.role for a in applied.plans] == [REFERENCE, REFERENCE]
    assert {t.source.role for t in applied.targets.values()} == {REFERENCE}
    assert applied.targets["water_centralized_2025"].source.plan_id == "004_qinshui_2021"
    assert applied.targets["health_village_clinics"].source.plan_id == "001_rongan_2021"
    assert one_target_per_indicator(applied.targets)


def test_a_province_total_is_left_out_of_a_reference_outside_its_province(library) -> None:
    applied = resolve("360222", library, year=YEAR, reference=["003_shanxi_2021"])
    assert "pv_revenue_shanxi" not in applied.targets  # Fuliang contributes nothing to Shanxi's total
    assert applied.targets["pv_ownership"].source.role == REFERENCE
    assert "pv_revenue_shanxi" in applied.plans[1].left_out


def test_the_plan_override_judges_by_exactly_those_plans(library) -> None:
    applied = resolve("360222", library, year=YEAR, plans=["004_qinshui_2021"])
    assert _ids(a.plan for a in applied.plans) == ["004_qinshui_2021"]
    assert {t.source.role for t in applied.targets.values()} == {REFERENCE}
    with pytest.raises(PlanError, match="no plan 'nope'"):
        resolve("360222", library, year=YEAR, plans=["nope"])


def test_the_plan_in_force_in_the_year(library) -> None:
    new = Plan(
        "360222_2026", "浮梁县人民政府", "360222", "浮梁县", "county", "新规划", (2026, 2030), "draft", targets={}
    )
    both = {**library, new.id: new}
    assert plan_for("360222", both, 2025).id == "000_fuliang_2021"  # the old plan's last year
    assert plan_for("360222", both, 2026).id == "360222_2026"  # the new period (a draft, the only one covering it)
    assert plan_for("360222", library, 2026).id == "000_fuliang_2021"  # still in force until the next is written
    assert plan_for("360222", {new.id: new}, 2024) is None  # only a later plan


def test_a_province_total_is_never_judged_on_a_county(library) -> None:
    """Shanxi's 1.8 bn yuan PV revenue on a county: its value is the county's part, met is NA everywhere, no gap rows."""
    applied = resolve("140521", library, year=YEAR)
    report = run_report(
        synthetic.tiny_dataset(), {"pv_revenue_shanxi": applied.targets["pv_revenue_shanxi"]}, checks={}
    )
    rows = report.indicators[report.indicators["target_id"] == "pv_revenue_shanxi"]
    county = rows[rows["level"] == "county"].iloc[0]
    assert county["value"] == pytest.approx(88_000 + 210_000)  # the two stations' revenue (tests/synthetic.py)
    assert rows["met"].isna().all()
    assert set(rows["plan_role"]) == {CONTRIBUTION}
    assert len(report.gaps) == 0


# --- targets without a number ---------------------------------------------------------------------------


def _sewage(library, **baseline):
    """Qinshui's sewage target (+5 points on 2020) with a baseline; the tiny county treats 2 of 8 villages = 0.25."""
    targets = resolve("140521", library, year=YEAR).targets
    return with_baselines({"sanitation_sewage_2025": targets["sanitation_sewage_2025"]}, **baseline)


@pytest.mark.parametrize(
    ("baseline", "threshold", "met"),
    [(0.20, 0.25, True), (0.21, 0.26, False), (0.0, 0.05, True)],  # 0.25 ≥ 0.20 + 0.05; 0.25 < 0.21 + 0.05
)
def test_a_direction_target_is_met_when_the_value_improved_on_the_baseline_by_the_amount(
    library, baseline, threshold, met
) -> None:
    targets = _sewage(library, history={("sanitation_sewage_2025", 2020): baseline})
    target = targets["sanitation_sewage_2025"]
    assert target.threshold == pytest.approx(threshold)
    assert target.direction.baseline_source == "history"
    report = run_report(synthetic.tiny_dataset(), targets, checks={})
    rows = report.indicators[report.indicators["target_id"] == "sanitation_sewage_2025"]
    county = rows[rows["level"] == "county"].iloc[0]
    assert county["value"] == pytest.approx(2 / 8)  # NV01 and NV05 treat their sewage
    assert bool(county["met"]) is met
    assert rows[rows["level"] != "county"]["met"].isna().all()  # the baseline is the county's: judged there only


def test_without_a_baseline_a_direction_target_is_not_judged_and_lists_no_gaps(library) -> None:
    targets = _sewage(library, history={("sanitation_sewage_2025", 2019): 0.1})  # not the baseline year
    assert math.isnan(targets["sanitation_sewage_2025"].threshold)
    report = run_report(synthetic.tiny_dataset(), targets, checks={})
    assert report.indicators["met"].isna().all()
    assert len(report.gaps) == 0


def test_the_users_baseline_wins_over_the_history(library) -> None:
    targets = _sewage(
        library, history={("sanitation_sewage_2025", 2020): 0.10}, given={"sanitation_sewage_2025": (2019, 0.30)}
    )
    target = targets["sanitation_sewage_2025"]
    assert (target.direction.baseline_year, target.direction.baseline_value) == (2019, 0.30)
    assert target.direction.baseline_source == "user"
    assert target.threshold == pytest.approx(0.35)


def test_keep_and_up_without_an_amount(library) -> None:
    fuliang = resolve("360222", library, year=YEAR).targets["telecom_network_consolidate"]  # 巩固: keep
    kept = with_baselines({"t": fuliang}, given={"t": (2020, 0.9)})["t"]
    assert (kept.comparison, kept.threshold) == (">=", 0.9)
    assert kept.is_met(0.9)
    assert not kept.is_met(0.89)
    rongan = resolve("450224", library, year=YEAR).targets["water_tap_up"]  # 提升, no amount: above the baseline
    up = with_baselines({"t": rongan}, given={"t": (2020, 0.8)})["t"]
    assert (up.comparison, up.threshold) == (">", 0.8)
    assert up.is_met(0.81)
    assert not up.is_met(0.8)
    full = with_baselines({"t": rongan}, given={"t": (2020, 1.0)})["t"]  # at 100 % it can only stay there
    assert full.is_met(1.0)


# --- a store's plans: settings, history, reports carrying the plan --------------------------------------


@pytest.fixture
def store(tmp_path: Path, tiny_gpkg: Path) -> Path:
    path = tmp_path / "county.gpkg"
    shutil.copyfile(tiny_gpkg, path)
    return path


def _context(store: Path, **overrides):
    towns = synthetic.TOWN_CODES
    return plan_context(
        store, towns, year=YEAR, catalog=CATALOG, library_dir=PLANS_DIR, library_settings=PLAN_SETTINGS, **overrides
    )


def test_the_store_settings_set_the_code_the_reference_and_a_baseline(store: Path) -> None:
    (store.parent / "county_plans.toml").write_text(
        'version = 1\ncode = "140521"\nreference = ["001_rongan_2021"]\n'
        "[baseline.sanitation_sewage_2025]\nyear = 2020\nvalue = 0.2\n",
        encoding="utf-8",
    )
    context = _context(store)
    assert context.code == "140521"
    assert [a.plan.id for a in context.applied.plans] == ["004_qinshui_2021", "003_shanxi_2021", "001_rongan_2021"]
    assert context.targets["health_village_clinics"].source.role == REFERENCE
    assert context.targets["sanitation_sewage_2025"].threshold == pytest.approx(0.25)


def test_the_history_beside_the_store_gives_the_baseline(store: Path) -> None:
    (store.parent / "county_plans.toml").write_text('version = 1\ncode = "140521"\n', encoding="utf-8")
    (store.parent / "county_history.csv").write_text(
        "year,target_id,level,unit_code,value,source\n2020,sanitation_sewage_2025,county,county,0.2,年报\n",
        encoding="utf-8",
    )
    sewage = _context(store).targets["sanitation_sewage_2025"]
    assert (sewage.threshold, sewage.direction.baseline_source) == (pytest.approx(0.25), "history")


def test_bad_settings_are_named(store: Path) -> None:
    (store.parent / "county_plans.toml").write_text('version = 1\ncode = "14052"\nrefrence = []\n', encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        _context(store)
    assert {(p.source, p.field) for p in caught.value.problems} == {
        ("county_plans.toml", "code"),
        ("county_plans.toml", "refrence"),
    }


def test_reports_carry_the_plan_of_every_row(store: Path, tmp_path: Path) -> None:
    from geo.io.export import write_report

    context = _context(store)  # the tiny county's codes are Fuliang's: plan 000
    report = run_report(synthetic.tiny_dataset(), context.targets, checks={})
    assert set(report.indicators["plan_id"]) == {"000_fuliang_2021"}
    assert set(report.gaps["plan_id"]) == {"000_fuliang_2021"}
    assert report.gaps["plan_title"].str.startswith("中共浮梁县委").all()
    files = write_report(report, tmp_path / "out")
    indicators = pd.read_csv(files["indicators.csv"], encoding="utf-8-sig")
    assert {"plan_id", "plan_title", "plan_document", "plan_role"} <= set(indicators.columns)
    gaps = pd.read_csv(files["gaps.csv"], encoding="utf-8-sig")
    assert set(gaps["plan_role"]) == {"own"}


def test_the_plan_columns_name_the_document_number(library) -> None:
    targets = resolve("140521", library, year=YEAR).targets
    report = run_report(synthetic.tiny_dataset(), {"water_tap_2025": targets["water_tap_2025"]}, checks={})
    assert set(report.indicators["plan_document"]) == {"沁发〔2021〕17号"}
    assert set(report.gaps["plan_document"]) == {"沁发〔2021〕17号"}


# --- the command line -----------------------------------------------------------------------------------


def test_cli_plans_lists_the_library_and_what_applies(store: Path, capsys: pytest.CaptureFixture) -> None:
    from geo.cli import main

    assert main(["plans", "--data", str(store), "--plans-dir", str(PLANS_DIR), "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "规划库（5）： / plan library (5):" in out
    assert "沁发〔2021〕17号" in out
    assert "区划：360222；目标依据： / jurisdiction: 360222; plans judging it:" in out
    assert "[本县规划 / own plan] 000_fuliang_2021" in out


def test_cli_report_with_a_plan_override(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from geo.cli import main

    out = tmp_path / "report"
    args = ["report", "--data", str(store), "--out", str(out), "--plans-dir", str(PLANS_DIR), "--as-of", "2025-07-01"]
    args += ["--checks", str(TARGETS_FILE)]  # the frozen [[check]] tables
    assert main([*args, "--plan", "004_qinshui_2021"]) == 0
    indicators = pd.read_csv(out / "indicators.csv", encoding="utf-8-sig", dtype=str)
    judged = indicators[indicators["plan_id"].notna()]
    assert set(judged["plan_id"]) == {"004_qinshui_2021"}
    assert set(judged["plan_role"]) == {REFERENCE}  # a Qinshui plan on a Fuliang county is a benchmark
    assert "[参照 / reference]" in capsys.readouterr().out
    assert main([*args, "--plan", "nope"]) == 2
    assert "no plan 'nope'" in capsys.readouterr().err


def test_a_province_total_reads_as_the_countys_share_on_its_card(library) -> None:
    from geo.present.overview import target_cards

    applied = resolve("140521", library, year=YEAR)
    targets = {"pv_revenue_shanxi": applied.targets["pv_revenue_shanxi"]}
    report = run_report(synthetic.tiny_dataset(), targets, checks={})
    (card,) = target_cards(report.indicators, targets, plans=library)
    assert card.role == CONTRIBUTION
    assert card.met is None
    # 298,000 yuan of 1.8 bn: 0.0166 % → 「0.02%」
    assert card.target_text == "全省目标 ≥ 180,000万元，本县占 0.02%"
    assert card.plan == "本县贡献 · 山西省 2021–2025"


def test_the_gap_workbook_names_the_plan_and_marks_a_reference(library) -> None:
    import io

    from openpyxl import load_workbook

    from geo.io.gap_workbook import gaps_xlsx_bytes

    applied = resolve("360222", library, year=YEAR, plans=["004_qinshui_2021"])
    targets = {"water_tap_2025": applied.targets["water_tap_2025"]}
    report = run_report(synthetic.tiny_dataset(), targets, checks={})
    book = load_workbook(io.BytesIO(gaps_xlsx_bytes(report.gaps, report.indicators)))
    summary = list(book["汇总"].values)
    header, first = summary[0], summary[1]
    assert header[-5:-2] == ("依据类别", "目标依据（规划）", "文号")  # then the hidden ids
    assert first[-5:-2] == ("参照", applied.targets["water_tap_2025"].source.plan, "沁发〔2021〕17号")
    sheet = next(name for name in book.sheetnames if name not in ("汇总", "乡镇小计"))
    rows = list(book[sheet].values)
    assert {row[rows[0].index("依据类别")] for row in rows[1:]} == {"参照"}
