"""Column and value mapping onto the layer contract: aliases, manual mapping, Chinese categories, nothing dropped."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import Point

from geo.core.errors import InputDataError
from geo.core.schema import Column, LayerSchema
from geo.io.ingest.mapping import apply_mapping, map_columns, map_values, normalize_text, suggest_columns, value_lookup
from layers import natural_villages, roads

ROADS = roads.SCHEMA
NATURALS = natural_villages.SCHEMA


def road_ledger() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "路段编号": ["R1", "R2", "R3", "R4"],
            "行政等级": ["县道", "乡道", "村道", "省道"],
            "技术等级": [3, 4, 0, 2],
            "面层类型": ["沥青", "水泥混凝土", " 砂石 ", "ASPHALT"],
            "车道数": [2, 1, 1, 2],
            "养护单位": ["县公路局", "乡政府", "村委会", "市局"],
        },
        geometry=[Point(117, 29)] * 4,
        crs=4490,
    )


def test_normalize_text() -> None:
    assert normalize_text("  Ａ B\u3000c ") == "abc"
    assert normalize_text("沥青") == "沥青"


def test_aliases_rename_and_extra_columns_are_kept() -> None:
    result = map_columns(road_ledger(), ROADS)
    assert result.renamed == {
        "路段编号": "road_id",
        "行政等级": "admin_class",
        "技术等级": "tech_grade",
        "面层类型": "surface",
        "车道数": "lanes",
    }
    assert result.extra == ["养护单位"]
    assert result.missing == []
    assert list(result.frame.columns) == [
        "road_id",
        "admin_class",
        "tech_grade",
        "surface",
        "lanes",
        "养护单位",
        "geometry",
    ]
    assert result.frame["养护单位"].tolist() == ["县公路局", "乡政府", "村委会", "市局"]


def test_full_width_and_spaced_headers_match_their_alias() -> None:
    assert suggest_columns(["路面 类型", "ROAD_ID", "车道数"], ROADS) == {
        "路面 类型": "surface",
        "ROAD_ID": "road_id",
        "车道数": "lanes",
    }


def test_shapefile_names_cut_at_10_bytes_find_their_column() -> None:
    from layers import water_works

    columns = ["capacity_m", "has_treatm", "village_co", "设计供水规", "short_x"]
    mapping = suggest_columns(columns, water_works.SCHEMA)
    assert mapping["capacity_m"] == "capacity_m3d"
    assert mapping["has_treatm"] == "has_treatment"
    assert mapping["village_co"] == "village_code"
    assert "short_x" not in mapping  # not at the length limit: never treated as cut off
    # 设计供水规 (10 GBK bytes) would also be capacity_m3d, which capacity_m already took: it stays as it is.
    assert "设计供水规" not in mapping
    assert suggest_columns(["设计供水规"], water_works.SCHEMA) == {"设计供水规": "capacity_m3d"}
    # A cut-off name that begins several columns' names is left for the user to map.
    two = LayerSchema(
        name="x",
        title_zh="x",
        title_en="x",
        geometry="Point",
        key="population_total",
        columns=(Column("population_total", "int", "a", "a"), Column("population_poor", "int", "b", "b")),
    )
    assert suggest_columns(["population", "population_t"], two) == {}
    assert suggest_columns(["population_"], two) == {}


def test_manual_mapping_wins_and_a_displaced_column_is_kept() -> None:
    frame = pd.DataFrame({"名称": ["甲"], "自然村名": ["乙"], "code": ["x"]})
    result = map_columns(frame, NATURALS, {"自然村名": "name"})
    # 名称 would have been the alias of name; the manual choice wins and 名称 stays as an extra column.
    assert result.frame["name"].tolist() == ["乙"]
    assert result.frame["名称"].tolist() == ["甲"]
    assert result.manual == {"自然村名": "name"}
    frame = pd.DataFrame({"name": ["old"], "村民小组名": ["new"]})
    result = map_columns(frame, NATURALS, {"村民小组名": "name"})
    assert result.frame["name"].tolist() == ["new"]
    assert result.frame["name_original"].tolist() == ["old"]


def test_bad_manual_mapping_is_a_bilingual_error() -> None:
    frame = pd.DataFrame({"a": [1], "b": [2]})
    with pytest.raises(InputDataError) as caught:
        map_columns(
            frame,
            NATURALS,
            {"missing": "name", "a": "not_a_column", "b": "households", "c": "households"},
            source="ledger.xlsx",
        )
    text = str(caught.value)
    assert "missing" in text
    assert "not_a_column" in text
    assert "不存在" in text
    assert {p.field for p in caught.value.problems} >= {"missing", "a"}
    assert all(p.source == "ledger.xlsx" for p in caught.value.problems)


def test_chinese_categories_become_codes_and_unknown_ones_are_listed() -> None:
    result = apply_mapping(road_ledger(), ROADS)
    assert result.frame["admin_class"].tolist() == ["county", "township", "village", "省道"]
    assert result.frame["surface"].tolist() == ["asphalt", "cement", "gravel", "asphalt"]
    assert result.values["surface"] == {
        "沥青": "asphalt",
        "水泥混凝土": "cement",
        "砂石": "gravel",
        "ASPHALT": "asphalt",
    }
    assert [(u.column, u.value, u.count, u.first_row) for u in result.unmapped_values] == [
        ("admin_class", "省道", 1, 3)
    ]


def test_manual_value_mapping() -> None:
    result = apply_mapping(road_ledger(), ROADS, values={"admin_class": {"省道": "other", "x": "not-a-code"}})
    assert result.frame["admin_class"].tolist()[3] == "other"
    assert result.unmapped_values == []


def test_value_lookup_covers_every_code_and_label() -> None:
    lookup = value_lookup(NATURALS, "water_supply")
    for code, label in zip(natural_villages.WATER_SUPPLY, natural_villages.WATER_SUPPLY_ZH, strict=True):
        assert lookup[normalize_text(code)] == code
        assert lookup[normalize_text(label)] == code
    assert value_lookup(NATURALS, "name") == {}


def test_map_values_leaves_missing_values_missing() -> None:
    frame = pd.DataFrame({"water_supply": ["集中供水", None, ""]})
    result = map_values(map_columns(frame, NATURALS), NATURALS)
    assert result.frame["water_supply"].iloc[0] == "centralized"
    assert result.frame["water_supply"].iloc[1:].isna().all()
    assert result.unmapped_values == []


@given(
    st.lists(
        st.sampled_from([*roads.SURFACES, "沥青", "水泥", "砂石", "土路", "砼", "乱写", " 沥 青 ", None]),
        min_size=1,
        max_size=30,
    )
)
def test_value_mapping_never_loses_rows_and_only_leaves_reported_values(values: list[str | None]) -> None:
    frame = pd.DataFrame({"面层类型": values, "extra": range(len(values))})
    result = apply_mapping(frame, ROADS)
    out = result.frame
    assert len(out) == len(frame)
    assert out["extra"].tolist() == list(range(len(values)))
    assert out["surface"].isna().tolist() == [v is None or not v.strip() for v in values]
    unmapped = {u.value for u in result.unmapped_values}
    for value in out["surface"].dropna():
        assert value in roads.SURFACES or value in unmapped
    assert sum(u.count for u in result.unmapped_values) == sum(v == "乱写" for v in values)
