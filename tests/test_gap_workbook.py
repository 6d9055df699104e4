"""gaps.xlsx read back with openpyxl: number formats, print setup, hidden ids, lead bureaus, subtotals, filtered summary."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from geo.analysis.gap_rows import GAP_COLUMNS
from geo.core.bureaus import Leads, load_leads, parse_leads
from geo.core.errors import ConfigError
from geo.io.gap_workbook import gaps_xlsx_bytes

LEADS = load_leads(Path(__file__).parent / "fixtures" / "bureaus.toml")
T1, T2 = "360222100", "360222101"
TELECOM = "县工信局（移动、联通、电信）"

# Five hand-made gap rows: two townships, three responsible-unit cells.
ROWS = [
    # indicator, target, bureau, town, name, value, cost (yuan), people, priority
    ("water.centralized_rate", "w", "县水利局", T1, "甲组", 0.0, 2_355_000.0, 120.0, 80.0),
    ("water.centralized_rate", "w", "县水利局", T1, "乙组", 0.0, 1_000_000.0, 30.0, 60.0),
    ("water.centralized_rate", "w", "县水利局", T2, "丙组", 0.0, 500_000.0, 50.0, 70.0),
    ("sanitation.sewage_natural_villages", "s", "县生态环境局、县住建局", T2, "丁组", 0.0, None, 40.0, 50.0),
    ("telecom.g4_admin_villages", "g", TELECOM, T1, "戊村", 0.0, 12_345_678.0, 400.0, 90.0),
]


def _gaps() -> pd.DataFrame:
    table = pd.DataFrame({c: [None] * len(ROWS) for c in GAP_COLUMNS})
    for column, values in zip(
        ("indicator_id", "target_id", "bureau", "town_code", "name", "value", "cost_yuan", "population_affected"),
        zip(*ROWS, strict=True),
        strict=False,
    ):
        table[column] = list(values)
    table["priority"] = [row[8] for row in ROWS]
    table["town_name"] = table["town_code"].map({T1: "东溪镇", T2: "西湖乡"})
    table["target"] = 0.95
    table["deadline"] = pd.array([2025] * len(ROWS), dtype="Int64")
    table["need_amount"] = [1200.0, 800.0, 300.0, 1.0, 1.0]
    table["feature_id"] = [f"F{k}" for k in range(len(ROWS))]
    return table


def _indicators() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": [
                "water.centralized_rate",
                "sanitation.sewage_natural_villages",
                "telecom.g4_admin_villages",
            ],
            "target_id": ["w", "s", "g"],
            "level": "county",
            "value": [0.752, 0.21, 0.97],
            "target": [0.95, 0.3, 0.95],
            "met": [False, False, True],
        }
    )


@pytest.fixture(scope="module")
def book():
    return load_workbook(io.BytesIO(gaps_xlsx_bytes(_gaps(), _indicators(), leads=LEADS)))


def _header(sheet: Worksheet) -> list[str]:
    return [str(c.value) for c in sheet[1]]


def _hidden(sheet: Worksheet) -> set[str]:
    """Letters of the hidden columns (openpyxl keeps a run of alike columns under its first letter)."""
    return {get_column_letter(n) for d in sheet.column_dimensions.values() if d.hidden for n in range(d.min, d.max + 1)}


def _column(sheet: Worksheet, header: str) -> list:
    at = _header(sheet).index(header)
    return [row[at] for row in sheet.iter_rows(min_row=2)]


def test_one_sheet_per_lead_bureau_with_joint_units_in_a_column(book) -> None:
    # 「县生态环境局、县住建局」 → 县生态环境局 leads; 「县工信局（移动、联通、电信）」 → 县工信局 (bureaus.toml)
    assert book.sheetnames == ["汇总", "乡镇小计", "县工信局", "县水利局", "县生态环境局"]
    joint = [c.value for c in _column(book["县工信局"], "协办单位")]
    assert joint == ["中国移动、中国联通、中国电信"]
    assert [c.value for c in _column(book["县生态环境局"], "协办单位")] == ["县住建局"]
    assert [c.value for c in _column(book["县水利局"], "名称")] == ["甲组", "丙组", "乙组"]  # priority 80, 70, 60


def test_number_formats_shares_money_in_wan_and_integers(book) -> None:
    sheet = book["县水利局"]
    cost = _column(sheet, "估算投资（万元）")[0]
    assert cost.value == pytest.approx(235.5)  # 2 355 000 yuan
    assert cost.number_format == "#,##0.0"
    value, target = _column(sheet, "现状值")[0], _column(sheet, "目标值")[0]
    assert (value.number_format, target.number_format) == ("0.0%", "0.0%")
    people = _column(sheet, "影响人口")[0]
    assert (people.value, people.number_format) == (120, "#,##0")
    assert _column(sheet, "需求量")[0].number_format == "#,##0"  # whole metres
    assert _column(sheet, "完成时限")[0].number_format == "0"  # a year, not 2,025
    assert _column(sheet, "优先级（0–100）")[0].number_format == "0.0"
    telecom = _column(book["县工信局"], "估算投资（万元）")[0]
    assert telecom.value == pytest.approx(1234.5678)  # shown 1,234.6
    summary = book["汇总"]
    share = next(c for c in _column(summary, "全县现状") if c.value == pytest.approx(0.752))
    assert share.number_format == "0.0%"  # 75.2 %
    assert {c.number_format for c in _column(summary, "缺口数")} == {"#,##0"}


def test_print_setup_a4_landscape_one_page_wide_header_repeated(book) -> None:
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape"
        assert setup.paperSize == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert setup.fitToWidth in (None, 1)  # 1 page wide (1 is the file format's default, then not written)
        assert setup.fitToHeight == 0  # as many pages tall as needed
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.freeze_panes == "A2"


def test_internal_ids_are_last_and_hidden(book) -> None:
    sheet = book["县水利局"]
    header = _header(sheet)
    ids = ["责任单位", "要素编号", "行政村代码", "乡镇代码", "图层", "指标编号", "目标编号"]
    assert header[-len(ids) :] == ids
    letters = {sheet.cell(row=1, column=header.index(h) + 1).column_letter for h in ids}
    assert _hidden(sheet) == letters
    assert not sheet.column_dimensions["A"].hidden
    summary = book["汇总"]
    assert _header(summary)[-2:] == ["指标编号", "目标编号"]


def test_township_subtotals_equal_hand_sums(book) -> None:
    rows = [[c.value for c in row] for row in book["乡镇小计"].iter_rows(min_row=2)]
    header = _header(book["乡镇小计"])
    table = pd.DataFrame(rows, columns=header)
    water = table[table["牵头单位"] == "县水利局"].set_index("乡镇")
    # 县水利局: 东溪镇 甲组 + 乙组 = 2 gaps, 150 people, 235.5 + 100 = 335.5 万元; 西湖乡 丙组 50 people, 50 万元
    assert water.loc["东溪镇", ["缺口数", "影响人口"]].tolist() == [2, 150]
    assert water.loc["东溪镇", "估算投资（万元）"] == pytest.approx(335.5)
    assert water.loc["西湖乡", "估算投资（万元）"] == pytest.approx(50.0)
    assert water.loc["小计", ["缺口数", "影响人口"]].tolist() == [3, 200]
    assert water.loc["小计", "估算投资（万元）"] == pytest.approx(385.5)
    total = table[table["牵头单位"] == "合计"].iloc[0]
    # all five rows: 120 + 30 + 50 + 40 + 400 people; 385.5 + 1234.5678 万元 (丁组 has no cost)
    assert (total["缺口数"], total["影响人口"]) == (5, 640)
    assert total["估算投资（万元）"] == pytest.approx(1620.0678)
    bold = [row[0].font.b for row in book["乡镇小计"].iter_rows(min_row=2)]
    assert bold == [
        label in ("小计", "合计") or town in ("小计", "")
        for label, town in zip(table["牵头单位"], table["乡镇"], strict=True)
    ]


def test_filtered_download_summary_lists_only_what_was_chosen() -> None:
    chosen = _gaps().iloc[[0, 1]]
    book = load_workbook(io.BytesIO(gaps_xlsx_bytes(chosen, _indicators(), chosen="乡镇：东溪镇", leads=LEADS)))
    summary = book["汇总"]
    rows = [[c.value for c in row] for row in summary.iter_rows(min_row=2)]
    header = _header(summary)
    targets = [r[header.index("目标编号")] for r in rows if r[header.index("目标编号")]]
    assert targets == ["w"]  # not s or g: nothing of theirs was chosen
    notes = [r[1] for r in rows if str(r[0]).startswith("注")]
    assert notes == ["本表为筛选结果：乡镇：东溪镇"]
    assert book.sheetnames == ["汇总", "乡镇小计", "县水利局"]
    whole = load_workbook(io.BytesIO(gaps_xlsx_bytes(chosen, _indicators(), leads=LEADS)))
    assert len(list(whole["汇总"].iter_rows(min_row=2))) == 3  # unfiltered: every target


def test_leads_default_rule_and_bad_entries() -> None:
    rule = Leads()
    assert rule.of("县农业农村局、县住建局") == ("县农业农村局", ("县住建局",))
    assert rule.of("县工信局（移动、联通、电信）") == ("县工信局", ("移动", "联通", "电信"))
    assert rule.of(None) == (None, ())
    with pytest.raises(ConfigError, match=r"#1.*lead"):
        parse_leads({"lead": [{"bureau": "A"}]}, source="bureaus.toml")
    with pytest.raises(ConfigError, match="listed twice"):
        parse_leads({"lead": [{"bureau": "A", "lead": "A"}, {"bureau": "A", "lead": "B"}]}, source="x")
    assert load_leads(Path("/nonexistent/bureaus.toml")) == Leads()
