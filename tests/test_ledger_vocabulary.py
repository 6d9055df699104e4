"""Real ledgers (issue 12, items 5–8): their vocabulary, their messy Excel, their Gauss–Krüger files, no column lost."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import CRS, Transformer
from shapely.geometry import LineString

from geo.core import store
from geo.core.errors import InputDataError
from geo.core.validation import coerce_types, validate_layer
from geo.core.vocabulary import VILLAGE_BODY_SUFFIXES, VILLAGE_PLACE_SUFFIXES
from geo.io.ingest import column_report
from geo.io.ingest.crs_guess import CrsGuessError, decide_crs, guess_crs
from geo.io.ingest.derive import derive
from geo.io.ingest.ledger import join_admin_villages, key_columns
from geo.io.ingest.mapping import apply_mapping, map_columns, suggest_columns
from geo.io.ingest.name_match import name_key
from geo.io.ingest.plan import ImportOptions, plan_import
from geo.io.ingest.problems import problem_table
from geo.io.ingest.read import read_source
from layers import admin_villages, cell_sites, natural_villages, pv_stations, roads, water_works
from layers.registry import LAYER_KINDS, load_dataset, validate_dataset
from tests import synthetic

# --- item 6: the names and values bureaus write ------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "header", "column"),
    [
        (admin_villages.SCHEMA, "村名称", "name"),
        (admin_villages.SCHEMA, "是否重点帮扶村", "is_key_village"),
        (cell_sites.SCHEMA, "站址编号", "site_id"),
        (cell_sites.SCHEMA, "天线高度", "antenna_height_m"),
        (pv_stations.SCHEMA, "装机容量（kW）", "capacity_kw"),
        (pv_stations.SCHEMA, "装机容量(KW)", "capacity_kw"),  # half-width brackets, upper case
        (pv_stations.SCHEMA, "是否确权到村", "ownership_confirmed"),
        (pv_stations.SCHEMA, "最近巡检日期", "last_inspection"),
        (pv_stations.SCHEMA, "并网时间", "commissioned"),
        (natural_villages.SCHEMA, "供水", "water_supply"),
        (roads.SCHEMA, "路面", "surface"),
    ],
)
def test_ledger_headers_map_to_the_contract(schema, header: str, column: str) -> None:
    assert suggest_columns([header], schema) == {header: column}


def test_ledger_village_headers_name_the_admin_village() -> None:
    for header in ("所在村", "村名称"):
        _, renamed = key_columns(pd.DataFrame({header: ["石桥村"]}))
        assert renamed == {header: "village_name"}


VALUES = [
    (roads.SCHEMA, "tech_grade", ["一级", "二级", "三级", "四级", "等外"], ["1", "2", "3", "4", "0"]),
    (roads.SCHEMA, "surface", ["水泥", "砼", "沥青", "砂石", "土"], ["cement", "cement", "asphalt", "gravel", "earth"]),
    (cell_sites.SCHEMA, "operator", ["移动", "联通", "电信", "铁塔"], ["cmcc", "unicom", "telecom", "tower"]),
    (
        natural_villages.SCHEMA,
        "water_supply",
        ["集中", "小型集中", "分散"],
        ["centralized", "centralized", "dispersed"],
    ),
    (water_works.SCHEMA, "scale", ["集中", "小型集中", "千吨万人"], ["centralized", "small", "large"]),
    (pv_stations.SCHEMA, "status", ["正常", "正常运行", "故障", "停运"], ["normal", "normal", "faulty", "offline"]),
]


@pytest.mark.parametrize(("schema", "column", "written", "expected"), VALUES)
def test_values_as_written_become_contract_values_on_import(schema, column, written, expected) -> None:
    result = apply_mapping(pd.DataFrame({column: written}), schema)
    assert result.frame[column].tolist() == expected
    assert result.unmapped_values == []


@pytest.mark.parametrize(("schema", "column", "written", "expected"), VALUES)
def test_the_store_accepts_the_same_labels(schema, column, written, expected) -> None:
    """A layer edited in QGIS with 移动 or 集中 is valid and reads as the contract's values."""
    frame = pd.DataFrame({column: pd.Series(written, dtype=object)})
    col = schema.column(column)
    out = coerce_types(frame, schema)[column]
    assert [str(v) for v in out] == expected, col.name
    assert [p for p in validate_layer(_with_points(frame), schema, source="q.gpkg") if p.field == column] == []


def _with_points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy([117.2] * len(frame), [29.3] * len(frame)), crs=4490)


def test_a_geopackage_with_chinese_labels_loads_for_the_report(tmp_path: Path) -> None:
    dataset = synthetic.tiny_dataset()
    sites = dataset.layers["cell_sites"].astype({"operator": object})
    sites["operator"] = ["移动", "电信"]
    naturals = dataset.layers["natural_villages"].astype({"water_supply": object})
    naturals["water_supply"] = ["集中", "小型集中", "自来水", "分散", "集中", "自来水", "分散", "无"]
    dataset.layers["cell_sites"], dataset.layers["natural_villages"] = sites, naturals
    assert validate_dataset(dataset) == []
    path = tmp_path / "qgis.gpkg"
    store.write_dataset(path, dataset)  # written as given: no contract check on the way out
    loaded = load_dataset(path)
    assert loaded.layers["cell_sites"]["operator"].tolist() == ["cmcc", "telecom"]
    # 集中 and 小型集中 are both centralized: NV01 and NV02 (and NV05) as in the synthetic county
    assert loaded.layers["natural_villages"]["water_supply"].tolist()[:4] == [
        "centralized",
        "centralized",
        "tap",
        "dispersed",
    ]


def test_a_bad_label_is_still_reported() -> None:
    frame = synthetic.cell_sites().astype({"operator": object})
    frame.loc[0, "operator"] = "广电"
    [problem] = [p for p in validate_layer(frame, cell_sites.SCHEMA, source="q.gpkg") if p.field == "operator"]
    assert "广电" in problem.message_zh


@pytest.mark.parametrize(
    "written", ["2026-09-03", "2026/9/3", "2026年9月3日", "2026.9.3", "2026-09-03 00:00:00", " 2026 年 9 月 3 日 "]
)
def test_ledger_dates(written: str) -> None:
    frame = pd.DataFrame({"last_inspection": pd.Series([written], dtype=object)})
    assert coerce_types(frame, pv_stations.SCHEMA)["last_inspection"].tolist() == [pd.Timestamp("2026-09-03")]


def test_an_excel_date_cell_reads_as_the_date(tmp_path: Path) -> None:
    import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["电站编号", "最近巡检日期"])
    sheet.append(["PV01", datetime.datetime(2026, 9, 3)])  # a true Excel date (serial 46268, date format)
    book.save(tmp_path / "pv.xlsx")
    frame = apply_mapping(read_source(tmp_path / "pv.xlsx").frame, pv_stations.SCHEMA).frame
    assert coerce_types(frame, pv_stations.SCHEMA)["last_inspection"].tolist() == [pd.Timestamp("2026-09-03")]


def test_route_codes_give_the_class_and_the_segment_ids() -> None:
    notes: list = []
    frame = pd.DataFrame(
        {"route_code": ["X012", "X012", "Y034", "C056", "C057"], "admin_class": [None, None, None, None, "village"]}
    )
    out = derive("roads", frame, notes)
    assert out["admin_class"].tolist() == ["county", "county", "township", "village", "village"]
    # X012 has two segments: X012-1 and X012-2; the others keep their code
    assert out["road_id"].tolist() == ["X012-1", "X012-2", "Y034", "C056", "C057"]
    assert len(notes) == 2  # 4 classes filled (C057 had one), 5 ids made


def test_map_accepts_join_keys() -> None:
    frame = pd.DataFrame({"村庄": ["石桥村"], "镇": ["溪口镇"]})
    result = map_columns(frame, pv_stations.SCHEMA, {"村庄": "village_name", "镇": "town_name"})
    assert {"village_name", "town_name"} <= set(result.frame.columns)
    with pytest.raises(InputDataError):
        map_columns(frame, pv_stations.SCHEMA, {"村庄": "no_such_column"})


# --- item 5: nothing silently dropped -----------------------------------------------------------


def pv_ledger(path: Path) -> Path:
    lon, lat = synthetic._lonlat(7.0, 4.0)
    pd.DataFrame(
        {
            "电站编号": ["PV09"],
            "电站名称": ["石桥二期"],
            "行政村": ["石桥村"],
            "电站类型": ["村级电站"],
            "装机容量（kW）": [200],
            "运行状态": ["正常运行"],
            "是否确权到村": ["是"],
            "最近巡检日期": ["2026年9月3日"],
            "并网时间": ["2019.6.30"],
            "2025年发电量": [210000],
            "2025年收益": [160000],
            "备注": ["无"],
            "经度": [lon],
            "纬度": [lat],
        }
    ).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def test_every_column_of_the_pv_ledger_is_accounted_for(tmp_path: Path, tiny_gpkg: Path) -> None:
    plan = plan_import(pv_ledger(tmp_path / "pv.csv"), tiny_gpkg, ImportOptions(kind="pv_stations"))
    fates = {f.source: (f.fate, f.target) for f in plan.columns}
    assert fates["最近巡检日期"] == ("mapped", "last_inspection")
    assert fates["并网时间"] == ("mapped", "commissioned")
    assert fates["是否确权到村"] == ("mapped", "ownership_confirmed")
    assert fates["行政村"] == ("key", "village_name")
    assert fates["2025年发电量"] == ("flagged", "annual_kwh")
    assert fates["2025年收益"] == ("flagged", "annual_revenue_yuan")
    assert fates["备注"] == ("extra", None)
    assert fates["经度"][0] == fates["纬度"][0] == "coordinates"
    assert len(fates) == 14
    text = " ".join(n.zh + n.en for n in plan.notes)
    assert "--map 2025年发电量=annual_kwh" in text
    assert "looks like the contract field" in text
    assert "保留为附加列" in text
    assert "备注" in text
    assert plan.ok, plan.problems
    assert plan.layer is not None
    assert plan.layer["2025年收益"].tolist() == ["160000"]


HEADERS = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "电站编号",
                "名称",
                "行政村",
                "乡镇",
                "装机容量（MW）",
                "2024年收益",
                "备注",
                "name",
                "status",
                "经度",
                "x",
            ]
        ),
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=8),
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda h: h.strip(),
).filter(lambda hs: all(h.strip() for h in hs))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(headers=HEADERS, kind=st.sampled_from(sorted(LAYER_KINDS)), data=st.data())
def test_no_column_is_silently_dropped(headers: list[str], kind: str, data: st.DataObject) -> None:
    schema = LAYER_KINDS[kind].schema
    frame = pd.DataFrame({h.strip(): ["1"] for h in headers})
    manual = {}
    if data.draw(st.booleans()):
        manual = {
            data.draw(st.sampled_from(list(frame.columns))): data.draw(
                st.sampled_from([c.name for c in schema.columns])
            )
        }
    mapping = apply_mapping(frame, schema, manual)
    mapped, keys = key_columns(mapping.frame)
    fates = column_report.column_fates(frame, mapping, keys, schema)
    assert [f.source for f in fates] == list(frame.columns)
    for fate in fates:
        assert fate.fate in ("mapped", "key", "extra", "flagged")
        if fate.fate in ("mapped", "key"):
            assert fate.target in mapped.columns
    notes = column_report.column_notes(fates, schema)
    summary = " ".join(n.zh + " " + n.en for n in notes)
    for column in frame.columns:
        assert column in summary  # every column is named in the summary, in both languages
    assert len(mapped.columns) == len(frame.columns)  # nothing lost on the way


# --- item 7: messy Excel ------------------------------------------------------------------------


def merged_ledger(path: Path) -> Path:
    """Title row 1, header row 2, 溪口镇 merged over rows 3–4 and 茶岭乡 over rows 5–6 (白云村 is unknown)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["沁水县行政村台账（2026年）"])
    sheet.merge_cells("A1:C1")  # a title across the columns stays a title
    sheet.append(["乡镇", "行政村", "户数"])
    for town, village, households in (
        ("溪口镇", "溪口村委会", 160),
        (None, "石桥村", 80),
        ("茶岭乡", "茶岭村", 110),
        (None, "白云村", 20),
    ):
        sheet.append([town, village, households])
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("A5:A6")
    book.save(path)
    return path


def test_merged_township_cells_are_filled_down_and_rows_keep_their_sheet_numbers(tmp_path: Path) -> None:
    source = read_source(merged_ledger(tmp_path / "台账.xlsx"))
    assert source.frame["乡镇"].tolist() == ["溪口镇", "溪口镇", "茶岭乡", "茶岭乡"]
    assert source.lines == [3, 4, 5, 6]
    assert any("2 个纵向合并单元格" in n.zh for n in source.notes)


def test_a_problem_names_the_excel_row_counting_the_title_row(tmp_path: Path, tiny_gpkg: Path) -> None:
    plan = plan_import(merged_ledger(tmp_path / "台账.xlsx"), tiny_gpkg, ImportOptions(kind="admin_villages"))
    [problem] = plan.problems
    assert "白云村" in problem.message_zh
    assert (problem.feature, problem.line) == (3, 6)  # 4th record, Excel row 6 (title, header, 3 rows above)
    assert "row 6" in problem.where()
    assert problem_table(plan.problems).iloc[0, 2] == 6
    assert plan.join is not None
    assert (plan.join.table["status"] == "matched").sum() == 3


def test_official_suffixes_are_stripped_consistently() -> None:
    names = pd.Series(["杨河社区居委会", "杨河社区", "杨河村委会", "杨河村民委员会", "杨河居委会", "杨河村", "杨河"])
    assert set(name_key(names, VILLAGE_BODY_SUFFIXES, VILLAGE_PLACE_SUFFIXES)) == {"杨河"}


TOWNS = pd.DataFrame({"town_code": ["140521100", "140521101"], "name": ["龙港镇", "郑庄镇"]})
VILLAGES = pd.DataFrame(
    {
        "village_code": ["140521100201", "140521101201"],
        "name": ["杏峪村委会", "杨家河村委会"],
        "town_code": ["140521100", "140521101"],
    }
)


def test_a_fuzzy_match_across_townships_stays_for_review() -> None:
    # 杨河 vs 杨家河: difflib ratio 2·2/5 = 0.8 ≥ 0.75, but 杨家河 is in another township (郑庄镇).
    ledger = pd.DataFrame({"village_name": ["杨河社区", "杨河社区"], "town_name": [None, "龙港镇"]})
    result = join_admin_villages(ledger, VILLAGES, TOWNS)
    assert result.table.at[0, "status"] == "ambiguous"  # no township given: offered, never accepted
    assert result.table.at[0, "candidate_keys"] == "140521101201"
    assert result.table.at[1, "status"] == "unmatched"  # within 龙港镇 there is nothing like it
    assert result.matched.empty


def test_a_fuzzy_match_within_its_township_is_still_made() -> None:
    ledger = pd.DataFrame({"village_name": ["杨河"], "town_name": ["郑庄镇"]})
    result = join_admin_villages(ledger, VILLAGES, TOWNS)
    assert (result.table.at[0, "status"], result.table.at[0, "method"]) == ("matched", "fuzzy")


# --- item 8: Gauss–Krüger with the zone prefix ----------------------------------------------------


def test_every_zone_of_china_is_recognised_with_and_without_prefix() -> None:
    for zone in range(25, 46):  # 3-degree zones 25–45: CM 75°–135°E
        cm, prefixed, plain = zone * 3, 4513 + zone - 25, 4534 + zone - 25
        assert f"zone {zone}" in CRS.from_epsg(prefixed).name
        assert f"CM {cm}E" in CRS.from_epsg(plain).name
        x, y = Transformer.from_crs(4490, prefixed, always_xy=True).transform([cm - 0.4, cm + 0.4], [30.0, 30.5])
        assert guess_crs(np.array(x), np.array(y)).crs.to_epsg() == prefixed
        inner = np.array(x) - zone * 1_000_000
        assert guess_crs(inner, np.array(y), near_lon=cm + 0.2).crs.to_epsg() == plain


def test_a_zone_38_road_shapefile_without_prj(tmp_path: Path) -> None:
    """沁水县 (112.0–112.6°E) surveyed in zone 38 (CM 114°E): eastings 38 3xx xxx, beyond the zone's own 1.5°."""
    to_gk = Transformer.from_crs(4490, 4526, always_xy=True)
    x, y = to_gk.transform([112.0, 112.6], [35.5, 35.9])
    roads_shp = tmp_path / "roads.shp"
    gpd.GeoDataFrame({"路线编码": ["X012"]}, geometry=[LineString(zip(x, y, strict=True))]).to_file(
        roads_shp, encoding="gbk"
    )
    assert not roads_shp.with_suffix(".prj").exists()
    source = read_source(roads_shp)
    assert source.crs_used is not None
    assert "EPSG:4526" in source.crs_used
    west, _south, east, _north = source.frame.total_bounds
    assert abs(west - 112.0) < 1e-6
    assert abs(east - 112.6) < 1e-6


def test_a_failed_guess_names_the_likely_epsg_codes() -> None:
    x, y = Transformer.from_crs(4490, 4526, always_xy=True).transform([112.0, 112.6], [35.5, 35.9])
    with pytest.raises(CrsGuessError) as caught:
        decide_crs(np.array(x), np.array(y), file_crs=None, user_crs=4326)  # degrees chosen for metres
    assert "EPSG:4526" in caught.value.zh
    assert "EPSG:4526" in caught.value.en
    with pytest.raises(CrsGuessError) as caught:  # plain eastings and no county to place them
        guess_crs(np.array(x) - 38_000_000, np.array(y))
    assert "EPSG:4534–4554" in caught.value.en
    assert "EPSG:4513–4533" in caught.value.zh
