"""Layer validation: every bad input is reported with where (layer, row, field) and what, in Chinese and English."""

from __future__ import annotations

import re
from collections import Counter

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import GeometryCollection, LineString, MultiPoint, MultiPolygon, Point, Polygon

from geo.core.errors import InputDataError, Problem
from geo.core.schema import MAX_ROWS_LISTED
from geo.core.validation import as_text, coerce_types, validate_layer
from geo.io.ingest.mapping import map_columns
from layers import admin_villages, natural_villages, pv_stations, roads
from layers.registry import LAYER_KINDS
from tests import synthetic

NV = natural_villages.SCHEMA
AV = admin_villages.SCHEMA
CJK = re.compile(r"[\u4e00-\u9fff]")
BOWTIE = Polygon([(117.20, 29.40), (117.21, 29.41), (117.21, 29.40), (117.20, 29.41), (117.20, 29.40)])


def renamed_by_aliases(frame: pd.DataFrame, schema=NV) -> tuple[pd.DataFrame, dict[str, str]]:
    """The frame with its alias columns renamed to the contract, and the renaming (the import's map_columns)."""
    result = map_columns(frame, schema)
    return result.frame, result.renamed


def problems_of(frame: gpd.GeoDataFrame, schema=NV) -> list[Problem]:
    problems = validate_layer(frame, schema, source="county.gpkg")
    for problem in problems:  # whatever the problem, it says where and what in both languages
        assert problem.source == "county.gpkg"
        assert problem.layer == schema.name
        assert CJK.search(problem.message_zh), problem
        english = re.sub(r"'[^']*'", "''", problem.message_en)  # quoted values may be Chinese
        assert re.search(r"[a-z]+ [a-z]+", english, re.IGNORECASE), problem
        assert len(CJK.findall(english)) <= 2, problem  # at most 是/否 as examples of accepted input
    return problems


def only(problems: list[Problem], *, feature: int | None, field: str | None) -> Problem:
    """The one problem at (feature, field); fails if there is none or more than one."""
    found = [p for p in problems if p.feature == feature and p.field == field]
    assert len(found) == 1, f"expected one problem at row {feature}, field {field}; got {problems}"
    return found[0]


def nv_frame() -> gpd.GeoDataFrame:
    return synthetic.natural_villages()


# --- valid layers ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(LAYER_KINDS))
def test_every_tiny_layer_is_valid(name: str) -> None:
    frame = synthetic.tiny_dataset().layers[name]
    assert len(frame) > 0
    assert problems_of(frame, LAYER_KINDS[name].schema) == []


def test_valid_layer_with_untyped_source_values_is_valid() -> None:
    """What a CSV or spreadsheet gives (text, 是/否, numbers as text) is valid as it is."""
    frame = nv_frame().astype({"households": object, "garbage_collected": object})
    frame["households"] = [str(v) for v in frame["households"]]
    frame["garbage_collected"] = ["是" if v else "否" for v in frame["garbage_collected"]]
    frame["sewage_treated"] = None  # optional column, all empty
    assert problems_of(frame) == []


# --- each kind of bad input ------------------------------------------------------------------


def test_missing_required_column() -> None:
    problems = problems_of(nv_frame().drop(columns=["households"]))
    problem = only(problems, feature=None, field="households")
    assert "missing required column 'households'" in problem.message_en
    assert "户数" in problem.message_zh
    assert "缺少必填字段" in problem.message_zh
    assert len(problems) == 1


def test_missing_optional_column_is_fine() -> None:
    assert problems_of(nv_frame().drop(columns=["sewage_treated"])) == []


def test_wrong_geometry_type() -> None:
    frame = nv_frame()
    frame.loc[2, "geometry"] = LineString([(117.2, 29.4), (117.21, 29.41)])
    problem = only(problems_of(frame), feature=2, field="geometry")
    assert problem.message_en == "expected Point geometry, got LineString"
    assert "点" in problem.message_zh
    assert "LineString" in problem.message_zh


def test_multi_part_geometries_are_accepted_where_natural() -> None:
    frame = synthetic.admin_villages()
    frame.loc[0, "geometry"] = MultiPolygon([frame.geometry.iloc[0]])
    assert problems_of(frame, AV) == []
    points = nv_frame()
    points.loc[0, "geometry"] = MultiPoint([(117.2, 29.4), (117.21, 29.41)])
    assert (
        only(problems_of(points), feature=0, field="geometry").message_en == "expected Point geometry, got MultiPoint"
    )


def test_invalid_bow_tie_polygon() -> None:
    frame = synthetic.admin_villages()
    frame.loc[1, "geometry"] = BOWTIE
    problem = only(problems_of(frame, AV), feature=1, field="geometry")
    assert "invalid geometry (Self-intersection" in problem.message_en
    assert "几何无效" in problem.message_zh


@pytest.mark.parametrize("geometry", [Point(), None])
def test_empty_or_missing_geometry(geometry: Point | None) -> None:
    frame = nv_frame()
    frame.loc[3, "geometry"] = geometry
    problem = only(problems_of(frame), feature=3, field="geometry")
    assert problem.message_en == "empty or missing geometry"
    assert "空几何" in problem.message_zh


def test_no_crs() -> None:
    frame = nv_frame().set_crs(None, allow_override=True)
    problem = only(problems_of(frame), feature=None, field=None)
    assert "no CRS" in problem.message_en
    assert "坐标系" in problem.message_zh


def test_not_a_spatial_layer() -> None:
    frame = pd.DataFrame(nv_frame().drop(columns="geometry"))
    [problem] = validate_layer(frame, NV, source="ledger.xlsx")
    assert (problem.source, problem.layer, problem.feature) == ("ledger.xlsx", "natural_villages", None)
    assert "no geometry column" in problem.message_en


def test_duplicate_codes() -> None:
    frame = nv_frame()
    frame.loc[3, "nv_id"] = "NV02"  # rows 1 and 3 now share NV02
    problems = problems_of(frame)
    assert len(problems) == 2
    first, second = only(problems, feature=1, field="nv_id"), only(problems, feature=3, field="nv_id")
    assert first.message_en == "duplicate code 'NV02' (also at rows 3)"
    assert second.message_en == "duplicate code 'NV02' (also at rows 1)"
    assert "重复" in first.message_zh
    assert "NV02" in first.message_zh


def test_duplicate_codes_ignore_surrounding_spaces_but_not_blanks() -> None:
    frame = synthetic.admin_villages()
    frame["village_code"] = frame["village_code"].astype(object)
    frame.loc[2, "village_code"] = " 360222100201 "  # same code as row 0 once stripped
    problems = problems_of(frame, AV)
    assert {(p.feature, p.field) for p in problems} == {(0, "village_code"), (2, "village_code")}
    blanks = nv_frame()
    blanks.loc[[0, 1], "nv_id"] = ""
    problems = problems_of(blanks)
    # Two missing ids, not a duplicate "".
    assert [(p.feature, p.message_en) for p in problems] == [
        (0, "value is missing (required)"),
        (1, "value is missing (required)"),
    ]


def test_eleven_digit_village_code() -> None:
    frame = nv_frame()
    frame.loc[4, "village_code"] = "36022210120"
    problem = only(problems_of(frame), feature=4, field="village_code")
    assert problem.message_en == "expected a 12-digit numeric code (text, leading zeros kept), got '36022210120'"
    assert "12位" in problem.message_zh


@pytest.mark.parametrize("code", ["36022210120A", "3602221012011", "３６０２２２１０１２０１", "360222-01201"])
def test_malformed_codes(code: str) -> None:
    frame = nv_frame()
    frame.loc[0, "village_code"] = code
    assert "12-digit" in only(problems_of(frame), feature=0, field="village_code").message_en


def test_codes_read_as_integers_that_lost_leading_zeros() -> None:
    frame = synthetic.facilities()
    # A spreadsheet turned the codes into numbers: "060222100201" became 60222100201.
    frame["village_code"] = [60222100201, 360222101201, 360222100202]
    problems = problems_of(frame, LAYER_KINDS["facilities"].schema)
    problem = only(problems, feature=0, field="village_code")
    assert "got '60222100201'" in problem.message_en
    assert "leading zeros may be lost" in problem.message_en
    assert "前导零" in problem.message_zh
    assert len(problems) == 1  # the 12-digit numbers are still valid codes


def test_codes_read_as_floats_are_recovered() -> None:
    frame = nv_frame()
    frame["village_code"] = frame["village_code"].astype(float)  # e.g. an Excel column with a blank cell
    assert problems_of(frame) == []
    assert list(coerce_types(frame, NV)["village_code"]) == list(nv_frame()["village_code"])


def test_non_numeric_population() -> None:
    frame = nv_frame().astype({"population": object})
    frame.loc[5, "population"] = "约300"
    problem = only(problems_of(frame), feature=5, field="population")
    assert problem.message_en == "expected a number (int), got '约300'"
    assert "整数" in problem.message_zh


@pytest.mark.parametrize(
    ("value", "expected"), [(1.5, "expected a whole number"), (float("inf"), "expected a number (int)")]
)
def test_not_a_whole_number(value: float, expected: str) -> None:
    frame = nv_frame().astype({"households": object})
    frame.loc[0, "households"] = value
    assert only(problems_of(frame), feature=0, field="households").message_en.startswith(expected)


def test_yes_no_column_in_a_number_column() -> None:
    frame = nv_frame()
    frame["households"] = [True] * len(frame)  # True is not one household
    problems = problems_of(frame)
    assert [p.feature for p in problems if p.field == "households"] == list(range(len(frame)))


def test_value_not_in_allowed_list() -> None:
    frame = nv_frame()
    frame.loc[6, "water_supply"] = "井水"
    problem = only(problems_of(frame), feature=6, field="water_supply")
    assert problem.message_en == "value must be one of centralized/tap/dispersed/none, got '井水'"
    assert "集中供水" in problem.message_zh  # the Chinese labels of the allowed values


def test_required_value_missing() -> None:
    frame = nv_frame()
    frame.loc[7, "name"] = None
    frame.loc[2, "name"] = "   "
    problems = problems_of(frame)
    assert only(problems, feature=7, field="name").message_en == "value is missing (required)"
    assert only(problems, feature=2, field="name").message_zh == "缺少取值（必填）"


def test_optional_value_missing_is_fine() -> None:
    frame = nv_frame()
    frame.loc[0, "sewage_treated"] = pd.NA
    assert problems_of(frame) == []


def test_negative_households() -> None:
    frame = nv_frame()
    frame.loc[1, "households"] = -3
    problem = only(problems_of(frame), feature=1, field="households")
    assert problem.message_en == "must be ≥ 0, got '-3'"
    assert problem.message_zh == "不能小于 0，实际为“-3”"


def test_value_above_maximum() -> None:
    frame = synthetic.roads()
    frame.loc[0, "tech_grade"] = 5
    problem = only(problems_of(frame, roads.SCHEMA), feature=0, field="tech_grade")
    assert problem.message_en == "must be ≤ 4, got '5'"


def test_bad_yes_no_and_date() -> None:
    frame = synthetic.pv_stations().astype({"ownership_confirmed": object, "last_inspection": object})
    frame.loc[0, "ownership_confirmed"] = "大概"
    frame.loc[1, "last_inspection"] = "去年秋天"
    problems = problems_of(frame, pv_stations.SCHEMA)
    assert only(problems, feature=0, field="ownership_confirmed").message_en.startswith("expected yes/no")
    assert only(problems, feature=1, field="last_inspection").message_en.startswith("expected a date")
    assert len(problems) == 2


def test_bare_numbers_are_not_dates() -> None:
    frame = synthetic.pv_stations().astype({"last_inspection": object})
    frame.loc[0, "last_inspection"] = 20240331
    frame.loc[1, "last_inspection"] = "2024/3/31"
    problems = problems_of(frame, pv_stations.SCHEMA)
    assert [(p.feature, p.field) for p in problems] == [(0, "last_inspection")]


def test_many_bad_rows_are_listed_then_summarised() -> None:
    base = nv_frame()
    frame = pd.concat([base] * 4, ignore_index=True)  # 32 rows
    frame["nv_id"] = [f"N{i:03d}" for i in range(len(frame))]
    frame["households"] = -1
    problems = [p for p in problems_of(gpd.GeoDataFrame(frame, crs=base.crs)) if p.field == "households"]
    assert [p.feature for p in problems[:MAX_ROWS_LISTED]] == list(range(MAX_ROWS_LISTED))
    summary = problems[MAX_ROWS_LISTED]
    assert summary.feature is None
    assert "12 more rows" in summary.message_en
    assert "另有 12 行" in summary.message_zh
    assert len(problems) == MAX_ROWS_LISTED + 1


def test_every_problem_is_reported_at_once() -> None:
    frame = nv_frame().astype({"population": object})
    frame.loc[0, "population"] = "很多"
    frame.loc[1, "water_supply"] = "河水"
    frame.loc[2, "geometry"] = Point()
    frame = frame.drop(columns=["garbage_collected"])
    problems = problems_of(frame)
    assert {(p.feature, p.field) for p in problems} == {
        (0, "population"),
        (1, "water_supply"),
        (2, "geometry"),
        (None, "garbage_collected"),
    }


def test_empty_layer() -> None:
    empty = nv_frame().iloc[:0]
    [problem] = problems_of(empty)
    assert problem.message_en == "layer has no features"
    # An empty layer still has to have the contract's columns.
    problems = problems_of(empty.drop(columns=["population"]))
    assert {p.field for p in problems} == {None, "population"}
    service_areas = LAYER_KINDS["water_service_areas"].schema
    assert validate_layer(synthetic.water_service_areas().iloc[:0], service_areas, source="x") == []


def test_duplicated_column_names() -> None:
    frame = nv_frame()
    frame.insert(1, "dup", 1)
    frame.insert(2, "dup2", 2)
    frame.columns = [c if c not in ("dup", "dup2") else "population" for c in frame.columns]
    problems = problems_of(frame)
    problem = only(problems, feature=None, field="population")
    assert "appears more than once" in problem.message_en


def test_problem_describe_and_error_name_file_row_and_field() -> None:
    frame = nv_frame()
    frame.loc[1, "households"] = -3
    [problem] = problems_of(frame)
    assert problem.where() == "county.gpkg › natural_villages › row 1 › households"
    assert problem.describe().startswith("county.gpkg › natural_villages › row 1 › households: 不能小于 0")
    error = InputDataError([problem])
    assert "1 problem(s)" in str(error)
    assert "must be ≥ 0" in str(error)
    assert error.problems == [problem]
    assert problem.feature == 1


# --- aliases and types -----------------------------------------------------------------------


def test_chinese_column_names_are_renamed_and_extra_columns_kept() -> None:
    frame = nv_frame().rename(
        columns={
            "nv_id": "自然村编号",
            "name": "自然村名称",
            "village_code": "行政村代码",
            "households": "户数",
            "population": "户籍人口",
            "water_supply": "供水方式",
            "garbage_collected": "垃圾收运",
            "sanitary_toilet_households": "卫生厕所户数",
        }
    )
    frame["备注"] = "村委会核实"
    frame["NOTE"] = 1
    renamed, mapping = renamed_by_aliases(frame, NV)
    assert mapping == {
        "自然村编号": "nv_id",
        "自然村名称": "name",
        "行政村代码": "village_code",
        "户数": "households",
        "户籍人口": "population",
        "供水方式": "water_supply",
        "垃圾收运": "garbage_collected",
        "卫生厕所户数": "sanitary_toilet_households",
    }
    assert list(renamed["备注"]) == ["村委会核实"] * len(frame)
    assert "NOTE" in renamed.columns
    assert len(renamed.columns) == len(frame.columns)
    assert problems_of(renamed) == []


def test_rename_is_case_insensitive_and_never_overwrites() -> None:
    frame = nv_frame().rename(columns={"nv_id": "NV_ID", "name": "名称"})
    frame["自然村名称"] = "另一个名字"  # two aliases of "name": the first one wins, the other stays
    renamed, mapping = renamed_by_aliases(frame, NV)
    assert mapping == {"NV_ID": "nv_id", "名称": "name"}
    assert "自然村名称" in renamed.columns
    assert list(renamed["name"]) == list(nv_frame()["name"])
    both = nv_frame()
    both["名称"] = "别名"  # the contract column is already there: the alias is left alone
    renamed, mapping = renamed_by_aliases(both, NV)
    assert mapping == {}
    assert list(renamed["名称"]) == ["别名"] * len(both)


def test_rename_works_on_a_plain_ledger_table() -> None:
    ledger = pd.DataFrame({"行政村代码": ["360222100201"], "户数": [12]})
    renamed, mapping = renamed_by_aliases(ledger, NV)
    assert list(renamed.columns) == ["village_code", "households"]
    assert mapping == {"行政村代码": "village_code", "户数": "households"}


@pytest.mark.parametrize("name", sorted(LAYER_KINDS))
def test_no_alias_is_ambiguous_within_a_layer(name: str) -> None:
    seen: dict[str, str] = {}
    for col in LAYER_KINDS[name].schema.columns:
        for alias in {col.name.lower(), *(a.strip().lower() for a in col.aliases)}:
            assert seen.setdefault(alias, col.name) == col.name, f"{name}: '{alias}' names two columns"


def test_coerce_types() -> None:
    frame = gpd.GeoDataFrame(
        {
            "nv_id": [1, 2, 3],  # ids read as numbers
            "name": [" 上坞 ", "石桥", "茶岭"],
            "village_code": ["060222100201", 360222100202, 360222101201.0],
            "households": ["12", None, 30.0],
            "population": [40, 50, 60],
            "water_supply": ["tap", "none", "centralized"],
            "garbage_collected": ["是", "否", None],
            "sanitary_toilet_households": [1, 2, 3],
            "sewage_treated": [1.0, 0.0, np.nan],
            "extra": ["a", "b", "c"],
        },
        geometry=[Point(117.2, 29.4)] * 3,
        crs=4490,
    )
    out = coerce_types(frame, NV)
    assert list(out["village_code"]) == ["060222100201", "360222100202", "360222101201"]
    assert list(out["nv_id"]) == ["1", "2", "3"]
    assert out["name"].iloc[0] == "上坞"
    assert str(out["households"].dtype) == "Int64"
    assert out["households"].tolist()[0] == 12
    assert out["households"].isna().tolist() == [False, True, False]
    assert str(out["garbage_collected"].dtype) == "boolean"
    assert out["garbage_collected"].tolist()[:2] == [True, False]
    assert out["garbage_collected"].isna().tolist() == [False, False, True]
    assert out["sewage_treated"].tolist()[:2] == [True, False]
    assert out["extra"].tolist() == ["a", "b", "c"]
    assert frame["village_code"].iloc[1] == 360222100202  # the input is not changed


def test_coerce_types_dates_and_floats() -> None:
    frame = synthetic.pv_stations().astype({"last_inspection": object, "capacity_kw": object})
    frame["last_inspection"] = ["2024-03-31", "2024/4/1"]
    frame["capacity_kw"] = ["100", 250]
    out = coerce_types(frame, pv_stations.SCHEMA)
    assert list(out["last_inspection"]) == [pd.Timestamp("2024-03-31"), pd.Timestamp("2024-04-01")]
    assert str(out["capacity_kw"].dtype) == "Float64"
    assert out["capacity_kw"].tolist() == [100.0, 250.0]


def test_as_text_keeps_leading_zeros_and_drops_float_tails() -> None:
    values = pd.Series(["007", 7, 7.0, 7.5, None, "  ", True], dtype=object)
    assert as_text(values).tolist()[:4] == ["007", "7", "7", "7.5"]
    assert as_text(values).isna().tolist() == [False, False, False, False, True, True, False]


# --- properties ------------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.just(np.nan),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.sampled_from([10**30, 10**400, -(10**400)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.sampled_from(
        [
            "是",
            "否",
            "centralized",
            "tap",
            "4G",
            "360222100201",
            "36022210020",
            "2024-03-31",
            "2024-01-01T00:00:00+08:00",
            "2024-01-01T00:00:00-05:00",
            " ",
            "",
            "١٢",
            "1e999",
            "NaN",
        ]
    ),
    st.datetimes(),
    st.dates(),
)
GEOMETRIES = st.sampled_from(
    [
        Point(117.2, 29.4),
        Point(117.3, 29.5),
        Point(),
        None,
        Point(float("nan"), float("nan")),
        LineString([(117.2, 29.4), (117.3, 29.5)]),
        BOWTIE,
        Polygon([(117.2, 29.4), (117.3, 29.4), (117.3, 29.5)]),
        MultiPolygon([Polygon([(117.2, 29.4), (117.3, 29.4), (117.3, 29.5)])]),
        MultiPoint([(117.2, 29.4)]),
        GeometryCollection([Point(117.2, 29.4)]),
        Point(519_421.0, 3_248_079.0),
    ]
)


@st.composite
def layer_frames(draw: st.DrawFn) -> tuple[gpd.GeoDataFrame, object]:
    """A small frame of random values under some of a random schema's column names, plus extras."""
    schema = LAYER_KINDS[draw(st.sampled_from(sorted(LAYER_KINDS)))].schema
    rows = draw(st.integers(min_value=0, max_value=6))
    names = draw(st.lists(st.sampled_from([c.name for c in schema.columns] + ["extra", "备注"]), unique=True))
    columns: dict[str, list[object]] = {}
    for name in names:
        kind = draw(st.sampled_from(["mixed", "int", "float", "text", "same"]))
        if kind == "int":
            columns[name] = draw(st.lists(st.integers(-5, 10**12), min_size=rows, max_size=rows))
        elif kind == "float":
            columns[name] = draw(st.lists(st.floats(allow_nan=True), min_size=rows, max_size=rows))
        elif kind == "text":
            columns[name] = draw(st.lists(st.text(max_size=5), min_size=rows, max_size=rows))
        elif kind == "same":  # many equal values, so duplicate keys happen
            columns[name] = [draw(SCALARS)] * rows
        else:
            columns[name] = draw(st.lists(SCALARS, min_size=rows, max_size=rows))
    geometry = draw(st.lists(GEOMETRIES, min_size=rows, max_size=rows))
    crs = draw(st.sampled_from([None, 4490, 4548]))
    frame = gpd.GeoDataFrame(pd.DataFrame(columns, index=range(rows)), geometry=gpd.GeoSeries(geometry), crs=crs)
    return frame, schema


@given(layer_frames())
def test_validate_layer_reports_instead_of_raising(case: tuple[gpd.GeoDataFrame, object]) -> None:
    frame, schema = case
    problems = validate_layer(frame, schema, source="random.gpkg")
    for problem in problems:
        assert problem.layer == schema.name
        assert problem.message_zh
        assert problem.message_en
        assert problem.feature is None or 0 <= problem.feature < len(frame)
        assert (
            problem.field is None or problem.field in frame.columns or problem.field in {c.name for c in schema.columns}
        )
    required_missing = [c.name for c in schema.columns if c.required and c.name not in frame.columns]
    for name in required_missing:
        assert any(p.field == name and p.feature is None for p in problems)
    coerced = coerce_types(frame, schema)  # never raises either, and keeps every row and column
    assert list(coerced.columns) == list(frame.columns)
    assert len(coerced) == len(frame)


def _without_rows(problem: Problem) -> tuple[object, ...]:
    def strip(text: str) -> str:
        return re.sub(r"\d+", "#", text)

    return problem.layer, problem.field, problem.feature is None, strip(problem.message_zh), strip(problem.message_en)


@given(layer_frames(), st.randoms(use_true_random=False))
def test_problems_do_not_depend_on_row_order(case: tuple[gpd.GeoDataFrame, object], rnd) -> None:
    frame, schema = case
    order = list(range(len(frame)))
    rnd.shuffle(order)
    shuffled = frame.iloc[order]
    before = validate_layer(frame, schema, source="random.gpkg")
    after = validate_layer(shuffled, schema, source="random.gpkg")
    assert Counter(map(_without_rows, before)) == Counter(map(_without_rows, after))
    # Row numbers are positions: a problem of original row r is reported at its new position.
    position = {old: new for new, old in enumerate(order)}
    assert sorted(position[p.feature] for p in before if p.feature is not None) == sorted(
        p.feature for p in after if p.feature is not None
    )


@given(
    st.lists(
        st.one_of(st.sampled_from(sorted(NV.alias_map())), st.text(min_size=1, max_size=6)), unique=True, max_size=10
    )
)
def test_rename_to_contract_never_drops_a_column(names: list[str]) -> None:
    names = [n for n in names if n != "geometry"]
    frame = gpd.GeoDataFrame(
        {name: [i, i + 1] for i, name in enumerate(names)}, geometry=[Point(117.2, 29.4)] * 2, crs=4490
    )
    renamed, mapping = renamed_by_aliases(frame, NV)
    assert len(renamed.columns) == len(frame.columns)
    assert renamed.columns.is_unique
    assert renamed.geometry.name == "geometry"
    for name in names:
        assert list(renamed[mapping.get(name, name)]) == list(frame[name])
    assert set(mapping.values()) <= {c.name for c in NV.columns}
