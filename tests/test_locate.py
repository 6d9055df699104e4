"""Locating features: table rows name their feature, the village search, the focused map, popups with names."""

from __future__ import annotations

import pandas as pd

from geo.core.store import Dataset
from geo.map.content import prepare_map
from geo.map.focus import FOCUS_LAYER, focus_on
from geo.present.domains.base import make_table
from geo.present.locate import ROW_KEYS, feature_of, find, search_index
from layers.registry import LAYER_KINDS
from tests.helpers_app import mini_county


def _index() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "layer": ["admin_villages", "natural_villages", "natural_villages"],
            "key": ["360222101206", "360222101206001", "360222105201002"],
            "name": ["洪源村", "东洪源", "洪源"],
            "label": ["a", "b", "c"],
        }
    )


def test_find_matches_names_and_codes_exact_first() -> None:
    # "洪源" is in all three names; the village named exactly 洪源 comes first, then by name.
    assert find(_index(), "洪源")["key"].tolist() == ["360222105201002", "360222101206001", "360222101206"]
    # A code prefix finds the admin village and its natural village, not the third.
    assert set(find(_index(), "360222101206")["key"]) == {"360222101206", "360222101206001"}
    assert find(_index(), "   ").empty
    assert find(_index(), "不存在").empty


def test_search_index_labels_say_kind_and_place() -> None:
    county = mini_county()
    index = search_index(county)
    villages, nv = county.layers["admin_villages"], county.layers["natural_villages"]
    assert len(index) == len(villages) + len(nv)  # every admin and natural village, once
    first = index[index["layer"] == "admin_villages"].iloc[0]
    assert "行政村" in first["label"]
    assert first["label"].startswith(str(first["name"]))


def test_make_table_keeps_where_each_row_is() -> None:
    frame = pd.DataFrame({"nv_id": ["n2", "n1"], "name": ["乙", "甲"], "village_code": ["v1", "v1"]}, index=[7, 3])
    table = make_table("unserved", frame, "zh")
    assert table.locate == ROW_KEYS["nv_id"]  # nv_id comes before village_code
    assert table.ids == ("n2", "n1")  # in the rows' order, whatever the frame's index
    assert make_table("road_km", pd.DataFrame({"surface": ["沥青"]}), "zh").locate == ()


def test_feature_of_tries_each_candidate_layer() -> None:
    county = mini_county()
    code = str(county.layers["admin_villages"]["village_code"].iloc[0])
    found = feature_of(county, ROW_KEYS["feature_id"], code)  # not a natural village id: the admin village
    assert found is not None
    assert found["village_code"].astype(str).iloc[0] == code
    assert found.crs.to_epsg() == 4490
    assert feature_of(county, ROW_KEYS["feature_id"], "nothing") is None


def test_focus_zooms_to_the_feature_and_keeps_the_county_extent() -> None:
    county = mini_county()
    content = prepare_map(county, list(LAYER_KINDS.values()))
    nv = county.layers["natural_villages"].to_crs(4490).iloc[:1]
    focused = focus_on(content, nv, label="<b>甲</b>", metric_crs=county.layers["townships"].estimate_utm_crs())
    x, y = float(nv.geometry.iloc[0].x), float(nv.geometry.iloc[0].y)
    # A point gets 0.01° around it.
    assert focused.bounds == [[round(y - 0.01, 5), round(x - 0.01, 5)], [round(y + 0.01, 5), round(x + 0.01, 5)]]
    assert focused.extent == content.bounds
    layer = focused.layers[-1]
    assert layer.name == FOCUS_LAYER
    assert layer.categories[0].geojson["features"][0]["properties"][0] == "&lt;b&gt;甲&lt;/b&gt;"


def test_popups_name_the_village_and_township_not_only_the_code() -> None:
    county = mini_county()
    content = prepare_map(county, list(LAYER_KINDS.values()))
    villages = county.layers["admin_villages"]
    code, name = str(villages["village_code"].iloc[0]), str(villages["name"].iloc[0])
    nv = next(layer for layer in content.layers if layer.name == "natural_villages")
    values = [v for c in nv.categories for f in c.geojson["features"] for v in f["properties"]]
    assert any(v == f"{name}（{code}）" for v in values), values[:12]


def test_an_empty_dataset_has_an_empty_index() -> None:
    empty = Dataset(layers={})
    assert search_index(empty).empty
