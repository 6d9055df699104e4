"""Target status (geo.analysis.status), the overview (geo.present.overview) and the village layer (geo.map.choropleth)."""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyproj import CRS

from geo.analysis.catalog import CATALOG
from geo.analysis.status import classify, scope_value, village_status
from geo.core.targets import Source, Target
from geo.map import choropleth
from geo.map.choropleth import village_at
from geo.map.content import LayerContent
from geo.map.style import LayerStyle
from geo.present.overview import choropleth_targets, target_cards, township_table, village_detail
from geo.text.target_text import format_value, target_text
from tests.helpers_app import GK_EPSG, HOSTILE, mini_county

V1, V2 = "360222100201", "360222101201"
T1, T2 = "360222100", "360222101"


def target(
    id_: str = "water",
    *,
    indicator: str = "water.centralized_rate",
    comparison: str = ">=",
    threshold: float = 0.95,
    tolerance: float = 0.0,
    deadline: int = 2025,
    level: str = "county",
) -> Target:
    return Target(
        id_,
        indicator,
        f"{id_}目标",
        f"{id_} target",
        comparison,
        threshold,
        deadline,
        level,
        "县水利局",
        Source("seed.txt", "某县实施方案", "到2025年达到95%"),
        unit=CATALOG.indicators[indicator].unit,
        tolerance=tolerance,
    )


def rows(target_id: str, level: str, units: list[tuple[str, str, float, object, float, float]]) -> pd.DataFrame:
    """Indicator rows: (unit_code, unit_name, value, met, numerator, denominator)."""
    return pd.DataFrame(
        [
            {
                "indicator_id": "x",
                "target_id": target_id,
                "level": level,
                "unit_code": code,
                "unit_name": name,
                "value": value,
                "target": 0.95,
                "met": met,
                "numerator": num,
                "denominator": den,
                "population": den,
            }
            for code, name, value, met, num, den in units
        ]
    )


def indicators() -> pd.DataFrame:
    """A water target measured in two villages, two townships and the county (hand-made)."""
    parts = [
        rows("water", "admin_village", [(V1, "一村", 1.0, True, 1000, 1000), (V2, "二村", 0.9, False, 405, 450)]),
        rows("water", "township", [(T1, "甲镇", 1.0, True, 1000, 1000), (T2, HOSTILE, 0.9, False, 405, 450)]),
        rows("water", "county", [("county", "全县", 1405 / 1450, True, 1405, 1450)]),
        rows(
            "income",
            "township",
            [(T1, "甲镇", 200_000.0, pd.NA, 400_000, 2), (T2, HOSTILE, 100_000.0, pd.NA, 100_000, 1)],
        ),
        rows("income", "county", [("county", "全县", 500_000 / 3, pd.NA, 500_000, 3)]),
    ]
    table = pd.concat(parts, ignore_index=True)
    table["met"] = table["met"].astype("boolean")
    return table


TARGETS = {
    "water": target(),
    "income": target("income", indicator="economy.collective_income", threshold=150_000.0, level="admin_village"),
}


def test_classify_bands_for_at_least_targets() -> None:
    values = pd.Series([1.0, 0.95, 0.90, 0.855, 0.85, np.nan])
    assert classify(values, None, target()).tolist() == ["met", "met", "near", "near", "far", "none"]


def test_classify_tolerance_and_at_most_targets() -> None:
    about = target(tolerance=0.01)
    assert classify(pd.Series([0.94, 0.93]), None, about).tolist() == ["met", "near"]
    at_most = target(comparison="<=", threshold=0.10)
    assert classify(pd.Series([0.05, 0.10, 0.105, 0.11, 0.2]), None, at_most).tolist() == [
        "met",
        "met",
        "near",
        "near",
        "far",
    ]
    zero = target(comparison="<=", threshold=0.0)
    assert classify(pd.Series([0.0, 0.001]), None, zero).tolist() == ["met", "far"]  # no band around 0


def test_classify_follows_the_reports_verdict() -> None:
    values = pd.Series([0.5, 0.99, 0.99, 0.5])
    met = pd.Series([True, pd.NA, False, False], dtype="boolean")
    # Not met by the report's rule although above the threshold: within the band, so "near".
    assert classify(values, met, target()).tolist() == ["met", "unjudged", "near", "far"]


@given(
    st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=20),
    st.floats(0.05, 1.0),
    st.sampled_from([">=", "<="]),
)
def test_classify_agrees_with_the_target(values: list[float], threshold: float, comparison: str) -> None:
    goal = target(comparison=comparison, threshold=threshold)
    series = pd.Series(values)
    status = classify(series, None, goal)
    met = goal.met_mask(series)
    assert ((status == "met") == met).all()
    shortfall = (threshold - series) if comparison == ">=" else (series - threshold)
    assert (shortfall[status == "near"] <= 0.1 * threshold + 1e-9).all()
    assert (shortfall[status == "far"] > 0.1 * threshold - 1e-9).all()


def test_format_value_by_unit() -> None:
    assert format_value(0.8853, "share") == "88.5%"
    assert format_value(150_000, "yuan") == "15.0万元"
    assert format_value(150_000, "yuan", lang="en") == "150,000 yuan"
    assert format_value(12, "count") == "12"
    assert format_value(None, "share") == "—"
    assert target_text(target(tolerance=0.01)) == "≥ 95.0% (±1.0%)"
    assert target_text(target(tolerance=0.01), compact=True) == "≥ 95% (±1%)"
    assert target_text(target(threshold=0.925), compact=True) == "≥ 92.5%"
    assert (
        target_text(target("income", indicator="economy.collective_income", threshold=150_000.0), compact=True)
        == "≥ 15万元"
    )


def test_scope_value_county_single_and_pooled_townships() -> None:
    table = indicators()
    water = TARGETS["water"]
    scoped = scope_value(table, water)
    assert (round(scoped.value, 6), scoped.met) == (round(1405 / 1450, 6), True)
    scoped = scope_value(table, water, [T2])
    assert (scoped.value, scoped.met) == (0.9, False)
    scoped = scope_value(table, water, [T1, T2])
    assert scoped.value == pytest.approx(1405 / 1450)  # pooled: (1000 + 405) / (1000 + 450)
    assert scoped.met is True
    scoped = scope_value(table, TARGETS["income"], [T1, T2])
    assert np.isnan(scoped.value)  # an average of money is not pooled
    assert scoped.met is None


def test_target_cards_in_file_order_with_verdicts() -> None:
    cards = target_cards(indicators(), TARGETS)
    assert [c.target_id for c in cards] == ["water", "income"]
    assert (cards[0].value_text, cards[0].met, cards[0].deadline, cards[0].target_text) == (
        "96.9%",
        True,
        2025,
        "≥ 95%",
    )
    assert cards[1].met is None  # the report does not judge the county average income
    assert cards[1].value_text == "16.7万元"
    only_t2 = target_cards(indicators(), TARGETS, town_codes=[T2], lang="en")
    assert (only_t2[0].value_text, only_t2[0].met, only_t2[0].scope) == ("90.0%", False, "township")
    assert only_t2[1].value_text == "100,000 yuan"


def test_township_table_values_status_and_counts() -> None:
    table = township_table(indicators(), TARGETS)
    assert table.values.columns.tolist() == ["乡镇", "达标数", "water目标"]  # income is not judged per township
    assert table.values["乡镇"].tolist() == ["甲镇", HOSTILE]
    assert table.values["water目标"].tolist() == [100.0, 90.0]
    assert table.values["达标数"].tolist() == ["1/1", "0/1"]
    assert table.status["water目标"].tolist() == ["met", "near"]
    styles = table.styles()
    assert "background-color" in styles.loc[0, "water目标"]
    assert styles.loc[0, "乡镇"] == ""
    one = township_table(indicators(), TARGETS, town_codes=[T2], lang="en")
    assert one.values["Township"].tolist() == [HOSTILE]


@pytest.fixture(scope="module")
def county():
    return mini_county()


def test_choropleth_layer_colours_escapes_and_names_the_target(county) -> None:
    villages = county.layers["admin_villages"]
    layer = choropleth.choropleth_layer(
        villages,
        indicators(),
        TARGETS["water"],
        metric_crs=CRS.from_epsg(GK_EPSG),
        town_names={T1: "甲镇", T2: HOSTILE},
    )
    assert [c.label for c in layer.categories] == ["达标 (1)", "接近 (1)"]
    assert [c.color for c in layer.categories] == [choropleth.STATUS_COLORS["met"], choropleth.STATUS_COLORS["near"]]
    assert "≥ 95.0%" in layer.legend_title
    assert "2025" in layer.legend_title
    near = layer.categories[1].geojson["features"][0]["properties"]
    assert near[:2] == ["二村", "二村"]
    assert near[2] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert near[3:] == ["90.0%", "≥ 95.0%", "接近"]
    assert len(layer.aliases) == len(near) - 1


def test_village_without_value_is_no_data(county) -> None:
    table = indicators()
    table = table[~((table["level"] == "admin_village") & (table["unit_code"] == V2))]
    status = village_status(table, county.layers["admin_villages"], TARGETS["water"])
    assert status["status"].tolist() == ["met", "none"]


def test_choropleth_targets_only_those_judged_per_village() -> None:
    table = pd.concat(
        [indicators(), rows("income", "admin_village", [(V1, "一村", 1.0, pd.NA, 1, 1)])], ignore_index=True
    )
    assert choropleth_targets(table, TARGETS) == ["water"]


def test_village_at_finds_the_clicked_village(county) -> None:
    villages = county.layers["admin_villages"]
    inside = villages.geometry.representative_point()
    assert village_at(villages, inside.iloc[1].y, inside.iloc[1].x) == V2
    assert village_at(villages.to_crs(GK_EPSG), inside.iloc[0].y, inside.iloc[0].x) == V1
    assert village_at(villages, 10.0, 10.0) is None
    assert village_at(villages, float("nan"), 117.0) is None


def test_village_detail_lists_every_target_with_gap_counts() -> None:
    gaps = pd.DataFrame({"village_code": [V2, V2, V1], "target_id": ["water", "water", "water"]})
    detail = village_detail(indicators(), TARGETS, V2, gaps=gaps)
    assert detail.columns.tolist() == [
        "指标",
        "本村",
        "全县",
        "目标",
        "期限",
        "状态",
        "差距条目",
        "责任单位",
        "目标依据",
    ]
    assert detail.iloc[0].tolist() == [
        "water目标",
        "90.0%",
        "96.9%",
        "≥ 95.0%",
        2025,
        "接近",
        2,
        "县水利局",
        "某县实施方案",
    ]
    reference = {"water": replace(TARGETS["water"], source=replace(TARGETS["water"].source, role="reference"))}
    assert village_detail(indicators(), reference, V2).iloc[0]["目标依据"] == "参照：某县实施方案"
    assert len(village_detail(indicators(), TARGETS, "999", lang="en")) == 0


def test_with_layer_goes_above_areas_and_hides_the_plain_villages() -> None:
    def layer(name: str, geometry: str) -> LayerContent:
        return LayerContent(name, name, name, geometry, LayerStyle(color="#000"), [], [], False, True)

    base = [
        layer("townships", "Polygon"),
        layer("admin_villages", "Polygon"),
        layer("roads", "LineString"),
        layer("sites", "Point"),
    ]
    out = choropleth.with_layer(base, layer("target_status", "Polygon"), hide=("admin_villages",))
    assert [x.name for x in out] == ["townships", "admin_villages", "target_status", "roads", "sites"]
    assert [x.shown for x in out] == [True, False, True, True, True]
    assert base[1].shown  # the input is not changed
    dropped = choropleth.with_layer(base, layer("target_status", "Polygon"), drop=("admin_villages",))
    assert [x.name for x in dropped] == ["townships", "target_status", "roads", "sites"]


def test_village_layer_geometry_is_rounded(county) -> None:
    villages: gpd.GeoDataFrame = county.layers["admin_villages"]
    layer = choropleth.choropleth_layer(villages, indicators(), TARGETS["water"], metric_crs=CRS.from_epsg(GK_EPSG))
    ring = layer.categories[0].geojson["features"][0]["geometry"]["coordinates"][0]
    assert all(round(x, 5) == x and round(y, 5) == y for x, y in ring)
