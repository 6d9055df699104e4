"""The whole-dataset contract: required layers, cross-layer references, raster alignment, load and save."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from affine import Affine
from pyproj import CRS

from geo.core import store
from geo.core.errors import InputDataError, Problem
from layers.registry import LAYER_KINDS, RASTERS, load_dataset, normalize_dataset, save_dataset, validate_dataset
from tests import synthetic

CONTRACT_LAYERS = {
    "townships",
    "admin_villages",
    "natural_villages",
    "relocation_sites",
    "roads",
    "water_works",
    "water_service_areas",
    "cell_sites",
    "pv_stations",
    "farm_plots",
    "facilities",
}


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def test_registry_covers_the_contract() -> None:
    assert set(LAYER_KINDS) == CONTRACT_LAYERS
    assert set(RASTERS) == {"dem", "population"}
    for name, kind in LAYER_KINDS.items():
        columns = {c.name for c in kind.schema.columns}
        assert kind.name == name
        assert kind.schema.column(kind.schema.key).required, name
        assert set(kind.popup_columns) <= columns, name
        if kind.style.category_column:
            assert kind.style.category_column in columns, name
            allowed = kind.schema.column(kind.style.category_column).allowed
            assert set(kind.style.category_colors) <= set(allowed or ()), name


def test_tiny_dataset_is_valid(tiny_dataset: store.Dataset) -> None:
    assert validate_dataset(tiny_dataset) == []


def test_missing_required_layer(tiny_dataset: store.Dataset) -> None:
    del tiny_dataset.layers["roads"]
    problem = only(validate_dataset(tiny_dataset))
    assert (problem.source, problem.layer, problem.feature, problem.field) == ("tiny_dataset", "roads", None, None)
    assert problem.message_en == "layer 'roads' (Rural roads) is missing"
    assert problem.message_zh == "缺少图层“农村公路”（roads）"


def test_optional_layer_and_rasters_may_be_missing(tiny_dataset: store.Dataset) -> None:
    del tiny_dataset.layers["water_service_areas"]
    tiny_dataset.rasters.clear()
    assert validate_dataset(tiny_dataset) == []


def test_natural_village_with_unknown_village_code(tiny_dataset: store.Dataset) -> None:
    tiny_dataset.layers["natural_villages"].loc[3, "village_code"] = "360222100299"
    problem = only(validate_dataset(tiny_dataset))
    assert (problem.layer, problem.feature, problem.field) == ("natural_villages", 3, "village_code")
    assert problem.message_en == "refers to administrative village '360222100299', which is not in the dataset"
    assert problem.message_zh == "引用的行政村“360222100299”在数据集中不存在"


def test_malformed_reference_is_reported_once(tiny_dataset: store.Dataset) -> None:
    tiny_dataset.layers["facilities"].loc[0, "village_code"] = "36022210020"  # 11 digits
    problem = only(validate_dataset(tiny_dataset))
    assert (problem.layer, problem.feature, problem.field) == ("facilities", 0, "village_code")
    assert "12-digit" in problem.message_en


def test_references_compare_codes_as_text(tiny_dataset: store.Dataset) -> None:
    # Codes read as numbers in one layer and as text in another still match.
    nv = tiny_dataset.layers["natural_villages"]
    nv["village_code"] = nv["village_code"].astype("int64")
    assert validate_dataset(tiny_dataset) == []


@pytest.mark.parametrize(
    ("layer", "column", "value", "what"),
    [
        ("admin_villages", "town_code", "360222199", "township '360222199'"),
        ("pv_stations", "village_code", "360222101299", "administrative village '360222101299'"),
        ("water_service_areas", "works_id", "WW99", "water works 'WW99'"),
    ],
)
def test_other_unknown_references(tiny_dataset: store.Dataset, layer: str, column: str, value: str, what: str) -> None:
    tiny_dataset.layers[layer].loc[0, column] = value
    problem = only(validate_dataset(tiny_dataset))
    assert (problem.layer, problem.feature, problem.field) == (layer, 0, column)
    assert f"refers to {what}" in problem.message_en


def test_many_unknown_references_are_summarised(tiny_dataset: store.Dataset) -> None:
    nv = tiny_dataset.layers["natural_villages"]
    many = pd.concat([nv] * 3, ignore_index=True)
    many["nv_id"] = [f"N{i:02d}" for i in range(len(many))]
    many["village_code"] = "360222100299"
    tiny_dataset.layers["natural_villages"] = gpd.GeoDataFrame(many, crs=nv.crs)
    problems = validate_dataset(tiny_dataset)
    assert [p.feature for p in problems[:20]] == list(range(20))
    assert problems[20].feature is None
    assert problems[20].message_en.startswith("4 more feature(s) refer to an unknown administrative village")
    assert len(problems) == 21


def shifted(grid: store.RasterGrid, dx: float) -> store.RasterGrid:
    t = grid.transform
    return store.RasterGrid(grid.values, Affine(t.a, t.b, t.c + dx, t.d, t.e, t.f), grid.crs, grid.nodata)


def test_misaligned_raster(tiny_dataset: store.Dataset) -> None:
    cell = tiny_dataset.rasters["dem"].transform.a
    tiny_dataset.rasters["population"] = shifted(tiny_dataset.rasters["population"], cell / 2)
    problem = only(validate_dataset(tiny_dataset))
    assert (problem.layer, problem.feature) == ("population", None)
    # Only the origin differs: half a 0.005° cell east of the DEM's 117.19.
    assert problem.message_en == (
        "raster is not aligned with 'dem': origin (top left) is (117.1925, 29.445), expected (117.19, 29.445); "
        "resample it onto the grid of 'dem' first"
    )
    assert "未对齐" in problem.message_zh
    assert "左上角原点" in problem.message_zh


def test_raster_alignment_tolerates_rounding_only(tiny_dataset: store.Dataset) -> None:
    cell = tiny_dataset.rasters["dem"].transform.a
    tiny_dataset.rasters["population"] = shifted(tiny_dataset.rasters["population"], cell * 1e-9)
    assert validate_dataset(tiny_dataset) == []
    tiny_dataset.rasters["population"] = shifted(tiny_dataset.rasters["population"], cell / 20)
    assert only(validate_dataset(tiny_dataset)).layer == "population"


def test_raster_alignment_is_relative_to_the_cell_size() -> None:
    """A 1 arc-second DEM and a grid whose cells are 2 % larger drift apart by 1.6 km over 3000 columns.

    The cell sizes differ by 5.6e-6 degrees, below an absolute 1e-5 tolerance, so only a
    tolerance relative to the cell size sees it.
    """
    arcsec = 1 / 3600
    values = np.zeros((2, 3000), dtype="float32")
    dem = store.RasterGrid(values, Affine(arcsec, 0, 117.0, 0, -arcsec, 29.5), CRS.from_epsg(4490))
    population = store.RasterGrid(values, Affine(arcsec * 1.02, 0, 117.0, 0, -arcsec, 29.5), CRS.from_epsg(4490))
    problems = validate_dataset(store.Dataset(rasters={"dem": dem, "population": population}))
    assert [p.layer for p in problems if p.layer in RASTERS] == ["population"]  # (the vector layers are missing too)


def test_raster_must_be_a_two_dimensional_grid() -> None:
    flat = store.RasterGrid(np.zeros(5, dtype="float32"), Affine(1, 0, 0, 0, -1, 0), CRS.from_epsg(4490))
    problems = validate_dataset(store.Dataset(rasters={"dem": flat}))
    assert [p.layer for p in problems if p.layer in RASTERS] == ["dem"]


def test_raster_of_other_shape_or_crs(tiny_dataset: store.Dataset) -> None:
    dem = tiny_dataset.rasters["dem"]
    tiny_dataset.rasters["population"] = store.RasterGrid(dem.values[:-1], dem.transform, dem.crs)
    assert only(validate_dataset(tiny_dataset)).layer == "population"
    tiny_dataset.rasters["population"] = store.RasterGrid(dem.values, dem.transform, CRS.from_epsg(4326))
    assert only(validate_dataset(tiny_dataset)).layer == "population"


def test_layer_in_projected_crs(tiny_dataset: store.Dataset) -> None:
    tiny_dataset.layers["roads"] = tiny_dataset.layers["roads"].to_crs(4548)
    problem = only(validate_dataset(tiny_dataset))
    assert (problem.layer, problem.feature, problem.field) == ("roads", None, None)
    assert "CRS is CGCS2000 / 3-degree Gauss-Kruger CM 117E" in problem.message_en
    assert "EPSG:4490" in problem.message_zh


def test_layer_without_crs_is_reported_once(tiny_dataset: store.Dataset) -> None:
    tiny_dataset.layers["cell_sites"] = tiny_dataset.layers["cell_sites"].set_crs(None, allow_override=True)
    problem = only(validate_dataset(tiny_dataset))
    assert problem.layer == "cell_sites"
    assert "no CRS" in problem.message_en


def test_wgs84_layers_are_accepted(tiny_dataset: store.Dataset) -> None:
    tiny_dataset.layers["roads"] = tiny_dataset.layers["roads"].to_crs(4326)
    assert validate_dataset(tiny_dataset) == []


def test_non_spatial_table_in_place_of_a_layer(tiny_dataset: store.Dataset) -> None:
    tiny_dataset.layers["facilities"] = pd.DataFrame(tiny_dataset.layers["facilities"].drop(columns="geometry"))
    problem = only(validate_dataset(tiny_dataset))
    assert problem.layer == "facilities"
    assert "no geometry column" in problem.message_en


def test_extra_layers_and_columns_are_kept(tiny_dataset: store.Dataset) -> None:
    tiny_dataset.layers["notes"] = tiny_dataset.layers["facilities"][["name", "geometry"]]
    tiny_dataset.layers["roads"]["备注"] = "2023 年改造"
    assert validate_dataset(tiny_dataset) == []
    normalized = normalize_dataset(tiny_dataset)
    assert list(normalized.layers["notes"]["name"]) == list(tiny_dataset.layers["facilities"]["name"])
    assert list(normalized.layers["roads"]["备注"]) == ["2023 年改造"] * 5


def test_normalize_dataset_types_raw_values(tiny_dataset: store.Dataset) -> None:
    nv = tiny_dataset.layers["natural_villages"].astype({"households": object, "garbage_collected": object})
    nv["households"] = [str(v) for v in nv["households"]]
    nv["garbage_collected"] = ["是" if v else "否" for v in nv["garbage_collected"]]
    tiny_dataset.layers["natural_villages"] = nv
    assert validate_dataset(tiny_dataset) == []
    typed = normalize_dataset(tiny_dataset).layers["natural_villages"]
    expected = synthetic.natural_villages()
    pd.testing.assert_series_equal(typed["households"], expected["households"])
    pd.testing.assert_series_equal(typed["garbage_collected"], expected["garbage_collected"])
    assert normalize_dataset(tiny_dataset).rasters.keys() == tiny_dataset.rasters.keys()


# --- load and save ---------------------------------------------------------------------------


def test_load_dataset_returns_typed_frames(tiny_gpkg: Path) -> None:
    dataset = load_dataset(tiny_gpkg)
    assert dataset.source == tiny_gpkg.name
    assert set(dataset.layers) == CONTRACT_LAYERS
    nv = dataset.layers["natural_villages"]
    assert str(nv["village_code"].dtype) == "string"
    assert nv["village_code"].iloc[0] == "360222100201"
    assert str(nv["households"].dtype) == "Int64"
    assert str(nv["garbage_collected"].dtype) == "boolean"
    facilities = dataset.layers["facilities"]
    assert str(facilities["standardized"].dtype) == "boolean"
    assert facilities["standardized"].isna().tolist() == [False, False, True]  # the unknown stays unknown
    pv = dataset.layers["pv_stations"]
    assert pd.api.types.is_datetime64_any_dtype(pv["last_inspection"])
    assert pv["last_inspection"].iloc[0] == pd.Timestamp("2024-06-15")
    assert str(dataset.layers["cell_sites"]["radius_m"].dtype) == "Float64"
    assert dataset.layers["townships"].crs.to_epsg() == 4490
    assert set(dataset.rasters) == {"dem", "population"}


def test_load_dataset_refuses_a_file_that_breaks_the_contract(tmp_path: Path, tiny_dataset: store.Dataset) -> None:
    tiny_dataset.layers["natural_villages"].loc[1, "households"] = -5
    del tiny_dataset.layers["farm_plots"]  # accepted: a county works with the layers it has (no data for the rest)
    del tiny_dataset.layers["townships"]  # refused: the unit hierarchy is needed by everything
    path = tmp_path / "bad.gpkg"
    store.write_dataset(path, tiny_dataset)  # the store itself does not judge
    with pytest.raises(InputDataError) as caught:
        load_dataset(path)
    where = {(p.source, p.layer, p.feature, p.field) for p in caught.value.problems}
    assert where == {(path.name, "natural_villages", 1, "households"), (path.name, "townships", None, None)}
    assert path.name in str(caught.value)
    assert str(tmp_path) not in str(caught.value)


def test_save_dataset_refuses_an_invalid_dataset_and_writes_nothing(
    tmp_path: Path, tiny_dataset: store.Dataset
) -> None:
    tiny_dataset.layers["roads"].loc[2, "surface"] = "mud"
    path = tmp_path / "county.gpkg"
    with pytest.raises(InputDataError) as caught:
        save_dataset(path, tiny_dataset)
    assert only(caught.value.problems).field == "surface"
    assert "nothing written" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_save_dataset_refusal_keeps_the_stored_file(tiny_gpkg: Path, tiny_dataset: store.Dataset) -> None:
    before = tiny_gpkg.read_bytes()
    del tiny_dataset.layers["townships"]
    with pytest.raises(InputDataError):
        save_dataset(tiny_gpkg, tiny_dataset)
    assert tiny_gpkg.read_bytes() == before
    assert store.list_versions(tiny_gpkg) == []
    assert sorted(p.name for p in tiny_gpkg.parent.iterdir()) == ["tiny.gpkg"]


def test_save_dataset_stores_typed_values_and_keeps_the_previous_file(
    tiny_gpkg: Path, tiny_dataset: store.Dataset
) -> None:
    before = tiny_gpkg.read_bytes()
    nv = tiny_dataset.layers["natural_villages"].astype({"garbage_collected": object, "village_code": object})
    nv["garbage_collected"] = ["是" if v else "否" for v in nv["garbage_collected"]]
    nv["village_code"] = nv["village_code"].astype("int64")  # codes as numbers, as a spreadsheet gives them
    tiny_dataset.layers["natural_villages"] = nv
    save_dataset(tiny_gpkg, tiny_dataset)
    raw = store.read_dataset(tiny_gpkg).layers["natural_villages"]
    assert raw["garbage_collected"].dtype == bool
    assert raw["garbage_collected"].tolist() == [True, True, True, False, True, True, True, False]
    assert raw["village_code"].tolist()[0] == "360222100201"
    [kept] = store.list_versions(tiny_gpkg)
    assert kept.read_bytes() == before
    reloaded = load_dataset(tiny_gpkg)
    assert np.array_equal(reloaded.rasters["dem"].values, synthetic.dem().values)


# --- the tiny dataset is what its docstring says (other tests rely on it) ----------------------


def test_tiny_dataset_is_spatially_consistent(tiny_dataset: store.Dataset) -> None:
    layers = tiny_dataset.layers
    villages = layers["admin_villages"].set_index("village_code").geometry
    towns = layers["townships"].set_index("town_code").geometry
    for name in ("natural_villages", "relocation_sites", "water_works", "pv_stations", "farm_plots", "facilities"):
        for code, geom in zip(layers[name]["village_code"], layers[name].geometry, strict=True):
            assert villages[code].contains(geom), f"{name} feature in {code}"
    for code, town, geom in zip(villages.index, layers["admin_villages"]["town_code"], villages, strict=True):
        assert towns[town].buffer(1e-9).contains(geom), code
    # The four villages tile the two townships exactly (shared borders, no gaps).
    assert abs(villages.union_all().area - towns.union_all().area) < 1e-12
    metric = layers["townships"].to_crs(4548)
    assert np.allclose(metric.area, 1e8, rtol=1e-3)  # 10 km × 10 km
    served = layers["natural_villages"].loc[
        layers["natural_villages"].within(layers["water_service_areas"].geometry.iloc[0]), "nv_id"
    ]
    assert list(served) == ["NV01", "NV02", "NV03"]
    assert abs(layers["farm_plots"].to_crs(4548).area.iloc[0] / 666.667 - 300) < 1  # 300 mu


def test_tiny_dataset_totals_add_up(tiny_dataset: store.Dataset) -> None:
    nv = tiny_dataset.layers["natural_villages"]
    av = tiny_dataset.layers["admin_villages"].set_index("village_code")
    sums = nv.groupby("village_code")[["households", "population"]].sum()
    assert sums["households"].to_dict() == av["households"].to_dict()
    assert sums["population"].to_dict() == av["population"].to_dict()
    assert int(nv["population"].sum()) == 1388
    assert np.nansum(tiny_dataset.rasters["population"].masked()) == 1388
    dem = tiny_dataset.rasters["dem"].masked()
    assert 60 <= np.nanmin(dem) < np.nanmax(dem) <= 400
