"""The GeoPackage store: faithful round trips, atomic writes with kept versions, clear errors on bad files."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from affine import Affine
from pyproj import CRS
from shapely.geometry import Point

from geo.core import store
from geo.core.errors import InputDataError, PlanningError, Problem
from layers.registry import normalize_dataset
from tests import synthetic


def folder(path: Path) -> dict[str, bytes]:
    """Every file under the folder of ``path`` (including .versions/) with its bytes."""
    return {str(p.relative_to(path.parent)): p.read_bytes() for p in sorted(path.parent.rglob("*")) if p.is_file()}


def with_leading_zero_codes(dataset: store.Dataset) -> store.Dataset:
    """Village codes starting with 0 everywhere they occur (not a real Chinese code, a real risk)."""
    for frame in dataset.layers.values():
        if "village_code" in frame.columns:
            frame["village_code"] = "0" + frame["village_code"].str.slice(1)
    return dataset


def one_layer(rows: int = 5) -> store.Dataset:
    """A quick-to-write dataset (one small layer) for the tests about versions."""
    return store.Dataset(layers={"roads": synthetic.roads().iloc[:rows]})


def assert_same_dataset(read: store.Dataset, written: store.Dataset) -> None:
    assert sorted(read.layers) == sorted(written.layers)
    assert sorted(read.rasters) == sorted(written.rasters)
    typed = normalize_dataset(read)
    for name, expected in written.layers.items():
        got = typed.layers[name]
        assert len(got) == len(expected), name
        assert got.crs == expected.crs, name
        assert list(got.columns) == list(expected.columns), name
        pd.testing.assert_frame_equal(
            pd.DataFrame(got.drop(columns="geometry")), pd.DataFrame(expected.drop(columns="geometry")), obj=name
        )
        assert list(got.geom_type) == list(expected.geom_type), name
        assert shapely.equals_exact(got.geometry.to_numpy(), expected.geometry.to_numpy(), tolerance=0).all(), name
    for name, expected in written.rasters.items():
        got = read.rasters[name]
        np.testing.assert_array_equal(got.masked(), expected.masked(), err_msg=name)
        assert got.transform == expected.transform, name
        assert got.crs == expected.crs, name


# --- round trip ------------------------------------------------------------------------------


def test_round_trip_keeps_layers_rows_values_geometries_and_rasters(tmp_path: Path) -> None:
    dataset = with_leading_zero_codes(synthetic.tiny_dataset())
    # Missing values of every type come back missing.
    dataset.layers["natural_villages"].loc[2, "sewage_treated"] = pd.NA
    dataset.layers["admin_villages"].loc[1, "collective_income_yuan"] = pd.NA
    dataset.layers["relocation_sites"].loc[0, "labour_households"] = pd.NA
    dataset.layers["pv_stations"].loc[0, "last_inspection"] = pd.NaT
    dataset.layers["roads"].loc[4, "name"] = pd.NA
    path = tmp_path / "county.gpkg"
    store.write_dataset(path, dataset)
    read = store.read_dataset(path)
    assert read.source == path.name  # messages name the file, never the server folder
    assert_same_dataset(read, dataset)
    # Codes come back as text with their leading zeros even before any normalizing.
    raw_codes = read.layers["natural_villages"]["village_code"]
    assert list(raw_codes) == [
        "060222100201",
        "060222100201",
        "060222100202",
        "060222100202",
        "060222101201",
        "060222101201",
        "060222101202",
        "060222101202",
    ]
    assert read.layers["townships"]["town_code"].tolist() == ["360222100", "360222101"]


def test_population_raster_nodata_round_trip(tiny_gpkg: Path) -> None:
    population = synthetic.tiny_dataset().rasters["population"]
    assert population.values[0, 0] == synthetic.POPULATION_NODATA
    read = store.read_dataset(tiny_gpkg).rasters["population"]
    assert np.isnan(read.masked()[0, 0])
    # Every person is still there, in the same cell.
    np.testing.assert_array_equal(read.masked(), population.masked())
    assert np.nansum(read.masked()) == synthetic.natural_villages()["population"].sum() == 1388
    assert read.bounds == population.bounds


def test_read_dataset_subset(tiny_gpkg: Path) -> None:
    dataset = store.read_dataset(tiny_gpkg, layers=["roads", "dem"])
    assert list(dataset.layers) == ["roads"]
    assert list(dataset.rasters) == ["dem"]


def test_list_layers_shows_vectors_and_rasters(tiny_gpkg: Path) -> None:
    infos = {info.name: info for info in store.list_layers(tiny_gpkg)}
    dataset = synthetic.tiny_dataset()
    assert set(infos) == set(dataset.layers) | {"dem", "population"}
    for name, frame in dataset.layers.items():
        assert infos[name].kind == "vector"
        assert infos[name].features == len(frame)
        assert infos[name].crs == "EPSG:4490"
    assert infos["natural_villages"].geometry_type == "Point"
    assert infos["roads"].geometry_type == "LineString"
    assert infos["townships"].geometry_type == "Polygon"
    for raster in ("dem", "population"):
        assert infos[raster].kind == "raster"
        assert infos[raster].crs == "EPSG:4490"
        assert infos[raster].features is None


def test_raster_only_dataset(tmp_path: Path) -> None:
    grid = store.RasterGrid(
        np.arange(12, dtype="float32").reshape(3, 4),
        Affine(100.0, 0, 520_000.0, 0, -100.0, 3_260_000.0),
        CRS.from_epsg(4548),
    )
    path = tmp_path / "dem_only.gpkg"
    store.write_dataset(path, store.Dataset(rasters={"dem": grid}))
    read = store.read_dataset(path)
    assert read.layers == {}
    np.testing.assert_array_equal(read.rasters["dem"].values, grid.values)
    assert read.rasters["dem"].transform == grid.transform
    assert [(i.name, i.kind) for i in store.list_layers(path)] == [("dem", "raster")]


def test_file_names_with_spaces_hash_question_mark_and_chinese(tmp_path: Path) -> None:
    path = tmp_path / "浮梁 县#2024?.gpkg"
    store.write_dataset(path, one_layer(rows=3))
    assert [(i.name, i.features) for i in store.list_layers(path)] == [("roads", 3)]
    assert len(store.read_dataset(path).layers["roads"]) == 3


def test_raster_grid_helpers() -> None:
    grid = store.RasterGrid(
        np.array([[1, -1], [3, 4]]), Affine(10.0, 0, 100.0, 0, -10.0, 50.0), CRS.from_epsg(4548), nodata=-1
    )
    assert grid.shape == (2, 2)
    assert grid.bounds == (100.0, 30.0, 120.0, 50.0)
    np.testing.assert_array_equal(grid.masked(), [[1.0, np.nan], [3.0, 4.0]])


# --- atomic writes and versions ----------------------------------------------------------------


def test_overwrite_keeps_previous_version_and_restore_brings_it_back(tiny_gpkg: Path) -> None:
    original = tiny_gpkg.read_bytes()
    kept = store.write_dataset(tiny_gpkg, one_layer(rows=2))
    assert kept.parent == tiny_gpkg.parent / ".versions"
    assert kept.read_bytes() == original
    assert store.list_versions(tiny_gpkg) == [kept]
    assert [i.name for i in store.list_layers(tiny_gpkg)] == ["roads"]
    assert len(store.read_dataset(tiny_gpkg).layers["roads"]) == 2

    restored = store.restore_previous(tiny_gpkg)
    assert restored == kept
    assert tiny_gpkg.read_bytes() == original
    assert len(store.read_dataset(tiny_gpkg).layers["natural_villages"]) == 8
    assert store.list_versions(tiny_gpkg) == []
    assert sorted(p.name for p in tiny_gpkg.parent.iterdir()) == [".versions", "tiny.gpkg"]  # no temporary file left
    with pytest.raises(PlanningError, match="no earlier version"):
        store.restore_previous(tiny_gpkg)


def test_first_write_keeps_no_version(tmp_path: Path) -> None:
    path = tmp_path / "new" / "county.gpkg"
    assert store.write_dataset(path, one_layer()) == path
    assert store.list_versions(path) == []
    assert sorted(p.name for p in path.parent.iterdir()) == ["county.gpkg"]


def test_old_versions_are_pruned_newest_first(tiny_gpkg: Path) -> None:
    contents = [tiny_gpkg.read_bytes()]
    for rows in (3, 2, 1):
        store.write_dataset(tiny_gpkg, one_layer(rows), keep_versions=2)
        contents.append(tiny_gpkg.read_bytes())
    versions = store.list_versions(tiny_gpkg)
    assert [v.read_bytes() for v in versions] == [contents[2], contents[1]]  # the two before the current one


def test_keep_versions_zero_keeps_nothing(tiny_gpkg: Path) -> None:
    store.write_dataset(tiny_gpkg, one_layer(), keep_versions=0)
    assert store.list_versions(tiny_gpkg) == []
    assert [i.name for i in store.list_layers(tiny_gpkg)] == ["roads"]


def test_versions_of_similarly_named_files_stay_apart(tmp_path: Path) -> None:
    a, a_v2 = tmp_path / "county.gpkg", tmp_path / "county.v2.gpkg"
    for path in (a, a_v2, a, a_v2):
        store.write_dataset(path, one_layer())
    assert len(store.list_versions(a)) == 1
    assert len(store.list_versions(a_v2)) == 1
    assert store.list_versions(a)[0].name.startswith("county.2")
    assert store.list_versions(a_v2)[0].name.startswith("county.v2.2")


def test_validator_problems_leave_the_stored_file_untouched(tiny_gpkg: Path) -> None:
    before = folder(tiny_gpkg)
    problem = Problem("new.gpkg", "roads", 3, "surface", "取值错误", "bad value")
    with pytest.raises(InputDataError) as caught:
        store.write_dataset(tiny_gpkg, one_layer(), validator=lambda _: [problem])
    assert caught.value.problems == [problem]
    assert "nothing written to tiny.gpkg" in str(caught.value)
    assert folder(tiny_gpkg) == before  # byte-identical, no version, no temporary file


def test_failure_while_writing_leaves_the_stored_file_untouched(
    tiny_gpkg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = folder(tiny_gpkg)

    def disk_full(path: Path, name: str, grid: store.RasterGrid) -> None:
        assert path.exists()  # the vector layers were written to the temporary file already
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "_write_raster", disk_full)
    with pytest.raises(OSError, match="No space left"):
        store.write_dataset(tiny_gpkg, synthetic.tiny_dataset())
    assert folder(tiny_gpkg) == before


def test_unwritable_layer_is_named_and_nothing_changes(tiny_gpkg: Path) -> None:
    before = folder(tiny_gpkg)
    dataset = one_layer()
    dataset.layers["roads"]["fid"] = ["a", "b", "c", "d", "e"]  # GeoPackage keeps "fid" for integer feature ids
    with pytest.raises(InputDataError) as caught:
        store.write_dataset(tiny_gpkg, dataset)
    [problem] = caught.value.problems
    assert problem.layer == "roads"
    assert "cannot write layer" in problem.message_en
    assert folder(tiny_gpkg) == before


def test_empty_dataset_and_name_clash_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "county.gpkg"
    with pytest.raises(InputDataError, match="dataset is empty"):
        store.write_dataset(path, store.Dataset())
    dataset = synthetic.tiny_dataset()
    dataset.layers["dem"] = dataset.layers["roads"]
    with pytest.raises(InputDataError, match="same name"):
        store.write_dataset(path, dataset)
    assert list(tmp_path.iterdir()) == []


# --- bad files -------------------------------------------------------------------------------


def damaged_copies(original: Path, folder_: Path) -> dict[str, Path]:
    data = original.read_bytes()
    cut = len(data) // 2 // 4096 * 4096
    blobs = {
        "truncated": data[: len(data) // 2],
        "header_only": data[:100],
        "zeroed_tail": data[:cut] + bytes(len(data) - cut),  # same length, pages destroyed
        "garbage": bytes(range(256)) * 20,
        "empty": b"",
    }
    paths = {}
    for name, blob in blobs.items():
        paths[name] = folder_ / f"{name}.gpkg"
        paths[name].write_bytes(blob)
    return paths


@pytest.mark.parametrize("damage", ["truncated", "header_only", "zeroed_tail", "garbage", "empty"])
@pytest.mark.parametrize("reader", ["read_dataset", "list_layers"])
def test_damaged_file_gives_input_data_error_naming_it(
    tiny_gpkg: Path, tmp_path: Path, damage: str, reader: str
) -> None:
    path = damaged_copies(tiny_gpkg, tmp_path)[damage]
    call = {
        "read_dataset": lambda: store.read_dataset(path),
        "list_layers": lambda: store.list_layers(path),
    }[reader]
    with pytest.raises(InputDataError) as caught:
        call()
    [problem] = caught.value.problems
    assert problem.source == path.name  # the file's own name, never the server folder
    assert path.name in str(caught.value)
    assert str(path.parent) not in str(caught.value)
    assert any(word in problem.message_en for word in ("truncated", "damaged", "not a valid GeoPackage"))
    assert any(word in problem.message_zh for word in ("截断", "损坏"))


def test_missing_file_and_non_geopackage_sqlite(tmp_path: Path) -> None:
    with pytest.raises(InputDataError, match="data file not found") as caught:
        store.read_dataset(tmp_path / "nowhere.gpkg")
    assert caught.value.problems[0].source == "nowhere.gpkg"
    plain = tmp_path / "plain.sqlite"
    with contextlib.closing(sqlite3.connect(plain)) as con:
        con.execute("CREATE TABLE t (a)")
        con.commit()
    with pytest.raises(InputDataError, match="no gpkg_contents"):
        store.read_dataset(plain)


def test_dataset_layer_names_missing_layer() -> None:
    dataset = store.Dataset(layers={"roads": gpd.GeoDataFrame(geometry=[Point(0, 0)])}, source="c.gpkg")
    assert len(dataset.layer("roads")) == 1
    with pytest.raises(InputDataError, match="layer 'townships' is missing") as caught:
        dataset.layer("townships")
    assert caught.value.problems[0].source == "c.gpkg"


def test_no_temporary_files_after_many_writes(tmp_path: Path) -> None:
    path = tmp_path / "county.gpkg"
    for _ in range(3):
        store.write_dataset(path, one_layer())
    assert sorted(p.name for p in tmp_path.iterdir()) == [".versions", "county.gpkg"]
    assert sorted(p.name for p in (tmp_path / ".versions").iterdir()) == sorted(
        v.name for v in store.list_versions(path)
    )
    assert len(store.list_versions(path)) == 2


def test_written_file_is_a_plain_geopackage_for_qgis(tiny_gpkg: Path) -> None:
    """Other tools see the same tables: GDAL through pyogrio, and the GeoPackage tables themselves."""
    with contextlib.closing(sqlite3.connect(tiny_gpkg)) as con:
        kinds = dict(con.execute("SELECT table_name, data_type FROM gpkg_contents").fetchall())
    assert kinds["dem"] == kinds["population"] == "2d-gridded-coverage"
    assert kinds["roads"] == "features"
    frame = gpd.read_file(tiny_gpkg, layer="natural_villages")
    assert frame["village_code"].iloc[0] == "360222100201"
    shutil.copyfile(tiny_gpkg, tiny_gpkg.with_name("copy.gpkg"))
    assert len(store.read_dataset(tiny_gpkg.with_name("copy.gpkg")).layers) == 11
