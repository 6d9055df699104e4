"""Gap lists on the planning page: bureau splitting, filters, totals, display table, map layers, the picked row."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyproj import CRS
from shapely.geometry import LineString, Point, box

from geo.analysis.gap_rows import GAP_COLUMNS
from geo.map.gap_layers import HIGHLIGHT_COLOR, focus_bounds, gap_layers, highlight_layer, tier
from geo.present import gap_list
from geo.present.gap_list import GapQuery, filter_gaps, split_bureaus
from tests.helpers_app import HOSTILE

JOINT = "县农业农村局、县住建局"
TELECOM = "县工信局（移动、联通、电信）"
GK = CRS.from_epsg(4548)


def gaps() -> gpd.GeoDataFrame:
    """Five gap rows (hand-made), deliberately not in priority order."""
    rows = [
        (
            "water.centralized_rate",
            "natural_villages",
            "NV1",
            "上屋",
            "V1",
            "一村",
            "T1",
            "甲镇",
            55.0,
            300.0,
            np.nan,
            "县水利局",
            Point(117.20, 29.40),
        ),
        (
            "sanitation.garbage_natural_villages",
            "natural_villages",
            "NV2",
            HOSTILE,
            "V1",
            "一村",
            "T1",
            "甲镇",
            80.0,
            120.0,
            np.nan,
            JOINT,
            Point(117.21, 29.41),
        ),
        (
            "telecom.g4_admin_villages",
            "admin_villages",
            "V2",
            "二村",
            "V2",
            "二村",
            "T2",
            "乙乡",
            35.0,
            450.0,
            np.nan,
            TELECOM,
            box(117.3, 29.3, 117.4, 29.4),
        ),
        (
            "road.county_roads_grade3",
            "roads",
            "R1",
            "县道一",
            None,
            None,
            "T2",
            "乙乡",
            100.0,
            0.0,
            3_000_000.0,
            "县交通运输局",
            LineString([(117.3, 29.35), (117.35, 29.36)]),
        ),
        (
            "water.centralized_rate",
            "natural_villages",
            "NV3",
            "下屋",
            "V2",
            "二村",
            "T2",
            "乙乡",
            20.0,
            50.0,
            np.nan,
            "县水利局",
            Point(117.31, 29.31),
        ),
    ]
    records = []
    for indicator, layer, fid, name, vcode, vname, tcode, tname, priority, people, cost, bureau, geom in rows:
        record = dict.fromkeys(GAP_COLUMNS, None)
        record.update(
            indicator_id=indicator,
            target_id=indicator,
            layer=layer,
            feature_id=fid,
            name=name,
            village_code=vcode,
            village_name=vname,
            town_code=tcode,
            town_name=tname,
            priority=priority,
            population_affected=people,
            cost_yuan=cost,
            bureau=bureau,
            reason_zh=f"{name}未达标",
            reason_en=f"{name} misses the target",
            need_zh="需整改",
            need_en="Needs fixing",
            deadline=2025,
            value=0.5,
            target=1.0,
            geometry=geom,
        )
        records.append(record)
    return gpd.GeoDataFrame(records, geometry="geometry", crs=4490)


def test_split_bureaus_keeps_bracketed_lists_together() -> None:
    assert split_bureaus(JOINT) == ["县农业农村局", "县住建局"]
    assert split_bureaus(TELECOM) == [TELECOM]
    assert split_bureaus("A、B（x、y）、C") == ["A", "B（x、y）", "C"]
    assert split_bureaus(" 县水利局 ") == ["县水利局"]
    assert split_bureaus(None) == []
    assert split_bureaus(pd.NA) == []


def test_options_from_the_gap_table() -> None:
    choices = gap_list.options(gaps())
    assert choices.indicators[0] == "water.centralized_rate"  # two rows: first
    assert sorted(choices.indicators[1:]) == sorted(
        ["sanitation.garbage_natural_villages", "telecom.g4_admin_villages", "road.county_roads_grade3"]
    )
    assert choices.towns == {"T1": "甲镇", "T2": "乙乡"}
    assert choices.bureaus == sorted(["县水利局", "县农业农村局", "县住建局", TELECOM, "县交通运输局"])
    assert gap_list.options(gaps().iloc[:0]).indicators == []


def test_filters_and_order() -> None:
    table = gaps()
    everything = filter_gaps(table, GapQuery())
    assert everything["feature_id"].tolist() == ["R1", "NV2", "NV1", "V2", "NV3"]  # priority 100, 80, 55, 35, 20
    assert everything.index.tolist() == [0, 1, 2, 3, 4]
    assert filter_gaps(table, GapQuery(indicators=("water.centralized_rate",)))["feature_id"].tolist() == ["NV1", "NV3"]
    assert filter_gaps(table, GapQuery(towns=("T2",)))["feature_id"].tolist() == ["R1", "V2", "NV3"]
    assert filter_gaps(table, GapQuery(bureaus=("县住建局",)))["feature_id"].tolist() == [
        "NV2"
    ]  # joint row, either unit
    assert filter_gaps(table, GapQuery(bureaus=("县农业农村局",)))["feature_id"].tolist() == ["NV2"]
    assert filter_gaps(table, GapQuery(bureaus=(TELECOM,)))["feature_id"].tolist() == ["V2"]
    assert filter_gaps(table, GapQuery(min_priority=55))["feature_id"].tolist() == ["R1", "NV2", "NV1"]
    both = GapQuery(indicators=("water.centralized_rate",), towns=("T2",), bureaus=("县水利局",), min_priority=10)
    assert filter_gaps(table, both)["feature_id"].tolist() == ["NV3"]
    assert len(filter_gaps(table, GapQuery(towns=("T9",)))) == 0
    assert filter_gaps(table, GapQuery()).crs == table.crs


@given(
    indicators=st.sets(
        st.sampled_from(["water.centralized_rate", "telecom.g4_admin_villages", "road.county_roads_grade3"])
    ),
    towns=st.sets(st.sampled_from(["T1", "T2"])),
    bureaus=st.sets(st.sampled_from(["县水利局", "县住建局", TELECOM])),
    floor=st.integers(0, 100),
)
def test_filter_property(indicators: set[str], towns: set[str], bureaus: set[str], floor: int) -> None:
    """Property: every kept row matches every filter, every matching row is kept, highest priority first."""
    table = gaps()
    query = GapQuery(tuple(indicators), tuple(towns), tuple(bureaus), float(floor))
    out = filter_gaps(table, query)

    def matches(row: pd.Series) -> bool:
        return (
            (not indicators or row["indicator_id"] in indicators)
            and (not towns or row["town_code"] in towns)
            and (not bureaus or bool(bureaus & set(split_bureaus(row["bureau"]))))
            and row["priority"] >= floor
        )

    expected = {row["feature_id"] for _, row in table.iterrows() if matches(row)}
    assert set(out["feature_id"]) == expected
    assert out["priority"].is_monotonic_decreasing
    assert filter_gaps(out, query)["feature_id"].tolist() == out["feature_id"].tolist()  # idempotent


def test_totals() -> None:
    sums = gap_list.totals(gaps())
    # People once per village: V1 = NV1 300 + NV2 120 = 420; V2's whole-village row (450) holds NV3's 50;
    # the road has no village and 0 people: 420 + 450 = 870 (the plain sum of rows would be 920).
    assert (sums.rows, sums.villages, sums.population, sums.cost_yuan) == (5, 2, 870.0, 3_000_000.0)
    twice = pd.concat([gaps(), gaps().iloc[[0]].assign(indicator_id="water.tap_rate")], ignore_index=True)
    assert gap_list.totals(twice).population == 870.0  # NV1 listed by a second target still counts once
    empty = gap_list.totals(gaps().iloc[:0])
    assert (empty.rows, empty.villages, empty.population, empty.cost_yuan) == (0, 0, 0.0, 0.0)


def test_display_table_in_both_languages() -> None:
    ordered = filter_gaps(gaps(), GapQuery())
    zh = gap_list.display_table(ordered)
    assert zh.columns.tolist() == [
        "优先级",
        "指标",
        "乡镇",
        "行政村",
        "名称",
        "问题说明",
        "整改需求",
        "影响人口",
        "估算投资（万元）",
        "责任单位",
        "期限",
        "目标依据",
    ]
    assert zh.iloc[0]["估算投资（万元）"] == 300.0
    assert zh.iloc[0]["指标"] == "县道三级及以上公路里程比例"
    assert zh.iloc[1]["名称"] == HOSTILE  # raw text: the table widget shows it as text
    en = gap_list.display_table(ordered, lang="en")
    assert en.iloc[0]["Reason"] == "县道一 misses the target"
    assert en.iloc[0]["What it takes"] == "Needs fixing"
    assert zh.iloc[0]["整改需求"] == "需整改"
    assert en.iloc[0]["Indicator"] == "County road length at grade 3 or better"


def test_tiers() -> None:
    assert tier(pd.Series([100.0, 70.0, 69.9, 40.0, 39.9, np.nan])).tolist() == [
        "high",
        "high",
        "medium",
        "medium",
        "low",
        "low",
    ]


def test_gap_layers_by_geometry_and_tier_with_escaped_popups() -> None:
    layers = gap_layers(filter_gaps(gaps(), GapQuery()), metric_crs=GK)
    assert [layer.geometry for layer in layers] == ["Polygon", "LineString", "Point"]
    points = layers[2]
    assert [c.label for c in points.categories] == ["高优先级 (1)", "中优先级 (1)", "低优先级 (1)"]
    hostile = points.categories[0].geojson["features"][0]["properties"]
    assert hostile[0] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert all("<script>" not in value for value in hostile)
    assert len(points.aliases) == len(hostile) - 1
    assert gap_layers(gaps().iloc[:0], metric_crs=GK) == []


def test_highlight_and_focus_of_the_picked_row() -> None:
    ordered = filter_gaps(gaps(), GapQuery())
    picked = highlight_layer(ordered, 0, metric_crs=GK, lang="en")
    assert picked is not None
    assert picked.geometry == "LineString"
    assert picked.categories[0].color == HIGHLIGHT_COLOR
    assert picked.categories[0].geojson["features"][0]["properties"][0] == "县道一"
    assert highlight_layer(ordered, 5, metric_crs=GK) is None
    assert highlight_layer(ordered, -1, metric_crs=GK) is None
    bounds = focus_bounds(ordered, 4, margin_deg=0.01)  # NV3 at (117.31, 29.31)
    assert bounds == [[pytest.approx(29.30), pytest.approx(117.30)], [pytest.approx(29.32), pytest.approx(117.32)]]
    assert focus_bounds(ordered, 9) is None


def test_in_towns() -> None:
    assert len(gap_list.in_towns(gaps(), ())) == 5
    assert gap_list.in_towns(gaps(), ("T1",))["feature_id"].tolist() == ["NV1", "NV2"]


def test_describe_says_what_was_chosen_and_nothing_for_all() -> None:
    from geo.present.gap_list import describe

    assert describe(GapQuery(), {}, lang="zh") is None
    query = GapQuery(towns=("360222100",), bureaus=("县水利局", "县住建局"), min_priority=50.0)
    assert (
        describe(query, {"360222100": "东溪镇"}, lang="zh")
        == "乡镇：东溪镇；责任单位：县水利局、县住建局；优先级不低于 50"
    )
    assert describe(query, {"360222100": "Dongxi"}, lang="en") == (
        "townships: Dongxi; responsible units: 县水利局, 县住建局; priority at least 50"
    )
