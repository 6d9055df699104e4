"""Gap lists and their exports: priority, the whole report, XLSX / CSV / GeoPackage."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from openpyxl import load_workbook

from geo.analysis.gap_rows import GAP_COLUMNS
from geo.analysis.gaps import assemble_gaps, people_factor, priority, severity, urgency
from geo.analysis.report import run_report
from geo.analysis.result import IndicatorResult
from geo.analysis.rollup import empty_units
from geo.core.bureaus import load_leads
from geo.core.errors import ConfigError
from geo.io.export import (
    GAP_LAYERS,
    atomic_write,
    gaps_csv_bytes,
    gaps_gpkg_bytes,
    gaps_xlsx_bytes,
    indicators_csv_bytes,
    write_report,
)
from geo.io.export_columns import GAP_HEADERS_ZH, INDICATOR_COLUMNS
from tests import handdrawn as hd
from tests.plans import load_test_checks, load_test_targets

AS_OF = date(2025, 7, 1)
LEADS = load_leads(Path(__file__).parent / "fixtures" / "bureaus.toml")


@pytest.fixture(scope="module")
def report():
    villages = hd.admin_villages(collective_income_yuan={hd.A: 200000.0, hd.B: 90000.0})
    return run_report(hd.dataset(admin_villages=villages), load_test_targets(), checks=load_test_checks(), as_of=AS_OF)


# --- priority -------------------------------------------------------------------------------------


def test_priority_formula_by_hand() -> None:
    gaps = pd.DataFrame(
        {
            "population_affected": [100.0, 9999.0, np.nan, 100.0],
            "value": [0.0, 0.0, 0.0, 0.6],
            "target": [1.0, 1.0, 1.0, 0.8],
            "severity": [0.8, np.nan, 1.0, np.nan],
            "deadline": pd.array([2025, 2025, None, 2027], dtype="Int64"),
        }
    )
    assert people_factor(gaps["population_affected"]).round(3).tolist() == [0.501, 1.0, 0.0, 0.501]
    assert severity(gaps).tolist() == pytest.approx([0.8, 1.0, 1.0, 0.25])  # row 4: (0.8 − 0.6) / 0.8
    assert urgency(gaps["deadline"], AS_OF).tolist() == [1.0, 1.0, 1.0, 0.5]  # 2027: two years left
    # 100 × U × (0.5 P + 0.5 S): 100 × (0.2505 + 0.4) = 65.05 → 65.1
    assert priority(gaps, AS_OF).tolist() == [65.1, 100.0, 50.0, 18.8]


def test_priority_stays_within_0_100_and_every_gap_counts() -> None:
    gaps = pd.DataFrame(
        {
            "population_affected": [0.0, 1e9],
            "value": [1.0, -5.0],
            "target": [1.0, 1.0],
            "deadline": pd.array([2099, 2000], dtype="Int64"),
        }
    )
    scores = priority(gaps, AS_OF)
    assert scores.between(0, 100).all()
    assert scores.iloc[0] > 0


def test_report_gaps_are_sorted_by_priority_and_have_the_contract_columns(report) -> None:
    gaps = report.gaps
    assert list(gaps.columns) == [*GAP_COLUMNS, "geometry"]
    assert gaps.crs.to_epsg() == 4490
    assert gaps["priority"].is_monotonic_decreasing
    assert gaps["priority"].between(0, 100).all()
    assert {"water.centralized_rate", "sanitation.garbage_natural_villages", "water.works_overload"} <= set(
        gaps["indicator_id"]
    )
    assert gaps["reason_zh"].notna().all()
    assert gaps["bureau"].notna().all()


def test_report_refuses_a_target_whose_indicator_nobody_declares() -> None:
    fake = dataclasses.replace(
        load_test_targets()["water_tap_2025"], id="future_target", indicator="water.not_written_yet"
    )
    with pytest.raises(ConfigError) as info:
        run_report(
            hd.dataset(), {"future_target": fake, "water_tap_2025": load_test_targets()["water_tap_2025"]}, as_of=AS_OF
        )
    assert "future_target" in str(info.value)
    assert "water.not_written_yet" in str(info.value)


def test_report_without_checks_runs_the_catalogue_checks_with_their_defaults() -> None:
    result = run_report(hd.dataset(), {"water_tap_2025": load_test_targets()["water_tap_2025"]}, as_of=AS_OF)
    # the discrepancy check has no rows without service areas; the overload check runs with its defaults
    assert set(result.indicators["target_id"]) == {"water_tap_2025", "water.works_overload"}
    assert "industry" in result.timings


def test_indicator_table_has_every_level_and_the_contract_columns(report) -> None:
    table = report.indicators
    for column in ("indicator_id", "level", "unit_code", "unit_name", "value", "target", "met"):
        assert column in table
    water = table[table["indicator_id"] == "water.centralized_rate"]
    assert set(water["level"]) == {"natural_village", "admin_village", "township", "county"}
    shares = table[
        table["indicator_id"].str.startswith(("water.", "sanitation."))
        & (table["indicator_id"] != "water.works_overload")
    ]["value"].dropna()
    assert shares.between(0, 1).all()


def test_gaps_of_several_crs_are_gathered_in_cgcs2000() -> None:
    metric = gpd.GeoDataFrame(
        {c: [None] for c in GAP_COLUMNS}, geometry=gpd.points_from_xy([500000.0], [3250000.0]), crs=4548
    )
    metric["priority"] = np.nan
    metric["deadline"] = pd.array([2025], dtype="Int64")
    metric["population_affected"] = 10.0
    metric["indicator_id"], metric["target_id"], metric["feature_id"] = "x.y", "x_y", "1"
    gathered = assemble_gaps([IndicatorResult(empty_units(), metric)], as_of=AS_OF)
    assert gathered.crs.to_epsg() == 4490
    assert 116.9 < gathered.geometry.iloc[0].x < 117.1


# --- exports --------------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_and_has_the_contract_columns(report) -> None:
    data = gaps_csv_bytes(report.gaps)
    assert data.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"village_code": str, "town_code": str})
    assert list(table.columns) == list(GAP_COLUMNS)
    assert len(table) == len(report.gaps)
    assert table["village_code"].dropna().str.len().eq(12).all()  # codes keep their digits
    chinese = pd.read_csv(io.BytesIO(gaps_csv_bytes(report.gaps, lang="zh")), encoding="utf-8-sig")
    assert "问题说明" in chinese.columns
    assert "影响人口" in chinese.columns
    indicators = pd.read_csv(io.BytesIO(indicators_csv_bytes(report.indicators)), encoding="utf-8-sig")
    assert list(indicators.columns) == list(INDICATOR_COLUMNS)
    assert list(indicators.columns)[:7] == ["indicator_id", "level", "unit_code", "unit_name", "value", "target", "met"]


def test_xlsx_has_a_summary_subtotals_and_one_sheet_per_lead_bureau_with_chinese_headers(report) -> None:
    book = load_workbook(io.BytesIO(gaps_xlsx_bytes(report.gaps, report.indicators, leads=LEADS)))
    leads = {LEADS.of(cell)[0] for cell in report.gaps["bureau"]}
    assert book.sheetnames[:2] == ["汇总", "乡镇小计"]
    assert set(book.sheetnames[2:]) == leads
    summary = book["汇总"]
    headers = [c.value for c in summary[1]]
    assert headers[:2] == ["牵头单位", "指标"]
    assert "是否达标" in headers
    assert "缺口数" in headers
    rows = [dict(zip(headers, (c.value for c in row), strict=True)) for row in summary.iter_rows(min_row=2)]
    water = next(r for r in rows if r["目标编号"] == "water_centralized_2025")
    assert water["全县现状"] == pytest.approx(0.75)
    assert water["是否达标"] == "否"
    assert water["缺口数"] == 3
    revenue = next(r for r in rows if r["目标编号"] == "pv_revenue_shanxi")
    assert revenue["是否达标"] == "不判定"
    sheet = book["县水利局"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[0] == GAP_HEADERS_ZH["priority"]
    assert "问题说明" in header
    assert "行政村代码" in header
    reason = sheet.cell(row=1, column=header.index("问题说明") + 1).column_letter
    assert sheet.column_dimensions[reason].width > 20  # the reason column is wide
    codes = [row[header.index("行政村代码")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(code, str) and len(code) == 12 for code in codes if code)
    water_rows = (report.gaps["bureau"] == "县水利局").sum()
    assert sheet.max_row == water_rows + 1


def _read_gpkg(data: bytes, folder: Path) -> gpd.GeoDataFrame:
    """Every gap layer of a gaps.gpkg read back as one frame."""
    path = folder / "gaps.gpkg"
    path.write_bytes(data)
    layers = [pyogrio.read_dataframe(path, layer=name) for name in GAP_LAYERS]
    return gpd.GeoDataFrame(pd.concat(layers, ignore_index=True), geometry="geometry", crs=layers[0].crs)


def test_empty_gap_list_still_exports(tmp_path: Path) -> None:
    empty = assemble_gaps([], as_of=AS_OF)
    book = load_workbook(io.BytesIO(gaps_xlsx_bytes(empty)))
    assert book.sheetnames == ["汇总"]  # no rows: no township subtotals, no bureau sheet
    assert gaps_csv_bytes(empty).startswith(b"\xef\xbb\xbf")
    assert len(_read_gpkg(gaps_gpkg_bytes(empty), tmp_path)) == 0


def test_gpkg_holds_every_gap_with_its_geometry(report, tmp_path: Path) -> None:
    gaps = _read_gpkg(gaps_gpkg_bytes(report.gaps), tmp_path)
    assert len(gaps) == len(report.gaps)
    assert gaps.crs.to_epsg() == 4490
    assert set(gaps.geom_type.dropna()) >= {"Point", "Polygon"}
    assert set(GAP_COLUMNS) <= set(gaps.columns)


def test_write_report_writes_every_file_atomically(report, tmp_path: Path) -> None:
    files = write_report(report, tmp_path / "out")
    assert sorted(files) == [
        "excluded_units.csv",
        "gaps.csv",
        "gaps.gpkg",
        "gaps.xlsx",
        "indicators.csv",
        "industry.csv",
    ]
    assert all(path.is_file() and path.stat().st_size > 0 for path in files.values())
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]  # no temporary files left
    atomic_write(tmp_path / "out" / "gaps.csv", b"new")
    assert (tmp_path / "out" / "gaps.csv").read_bytes() == b"new"
