"""Importing into the store: map, join, validate, write a new version atomically, keep originals, undo.

The store is the tiny synthetic county (tests/synthetic.py) written to a temporary GeoPackage;
every failure must leave it byte-identical, with no version and no original left behind.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon

from geo.core import store
from geo.core.errors import InputDataError, PlanningError
from geo.io.ingest.commit import BUNDLED_DEMO, ImportRecord, commit_import, copy_store, list_imports, undo_import
from geo.io.ingest.plan import ImportOptions, ImportPlan, plan_import, plan_source
from geo.io.ingest.problems import REPORT_COLUMNS, expected_of, problem_table, report_csv, report_xlsx
from geo.io.ingest.readers.common import SourceFrame
from layers.registry import load_dataset
from tests import synthetic


def import_file(
    source: Path, store_path: Path, options: ImportOptions, *, display_name: str | None = None
) -> tuple[ImportPlan, ImportRecord]:
    """Plan, then write, as the command line and the import page do (commit_import refuses a plan with problems)."""
    plan = plan_import(source, store_path, options, display_name=display_name)
    return plan, commit_import(plan, source)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def untouched(store_path: Path, before: str) -> bool:
    """The store is byte-identical and the import left no version and no original behind."""
    folder = store_path.parent
    originals = folder / "originals"
    return (
        sha(store_path) == before
        and not store.list_versions(store_path)
        and (not originals.exists() or not any(originals.iterdir()))
    )


def naturals_geojson(path: Path) -> Path:
    """The tiny county's natural villages with Chinese headers and Chinese water-supply values, plus a remark column."""
    frame = synthetic.natural_villages()
    zh = dict(
        zip(["centralized", "tap", "dispersed", "none"], ["集中供水", "自来水", "分散供水", "无保障"], strict=True)
    )
    out = gpd.GeoDataFrame(
        {
            "自然村编号": frame["nv_id"],
            "自然村名称": frame["name"],
            "行政村代码": frame["village_code"],
            "户数": frame["households"].astype(int),
            "人口": frame["population"].astype(int) + 1,
            "供水方式": frame["water_supply"].map(zh),
            "垃圾收运": frame["garbage_collected"].map({True: "是", False: "否"}),
            "卫生厕所户数": frame["sanitary_toilet_households"].astype(int),
            "备注": [f"备注{i}" for i in range(len(frame))],
        },
        geometry=frame.geometry,
        crs=frame.crs,
    )
    out.to_file(path, driver="GeoJSON")
    return path


def ambiguous_store(path: Path) -> Path:
    """The tiny county with two admin villages called 石桥村, one in each township."""
    dataset = synthetic.tiny_dataset()
    villages = dataset.layers["admin_villages"]
    villages.loc[villages["village_code"] == "360222101202", "name"] = "石桥村"
    store.write_dataset(path, dataset)
    return path


def village_ledger(path: Path) -> Path:
    """An Excel ledger of admin villages keyed by name (and sometimes township), with a title row."""
    rows = pd.DataFrame(
        {
            "乡镇": ["溪口镇", "", "茶岭乡", "", "茶岭乡"],
            "行政村": ["溪口村", "茶岭", "溪口村", "石桥村", "不存在村"],
            "户数": [160, 110, 55, 80, 10],
            "村集体经济收入": [200000, 130000, 50000, 90000, 1],
            "帮扶单位": ["县水利局", "县交通局", "县林业局", "县农业农村局", "无"],
        }
    )
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame([["浮梁县行政村台账（2024年）"]]).to_excel(writer, sheet_name="台账", header=False, index=False)
        rows.to_excel(writer, sheet_name="台账", index=False, startrow=1)
    return path


@pytest.fixture(scope="module")
def readonly_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny county as a GeoPackage shared by tests that only plan (never write)."""
    path = tmp_path_factory.mktemp("readonly") / "tiny.gpkg"
    store.write_dataset(path, synthetic.tiny_dataset())
    return path


@pytest.fixture
def ambiguous_gpkg(tmp_path: Path) -> Path:
    return ambiguous_store(tmp_path / "county" / "store.gpkg")


def test_geojson_with_chinese_headers_and_values_replaces_the_layer(tmp_path: Path, tiny_gpkg: Path) -> None:
    source = naturals_geojson(tmp_path / "自然村.geojson")
    before = tiny_gpkg.read_bytes()
    plan, record = import_file(source, tiny_gpkg, ImportOptions(kind="natural_villages"), display_name="自然村.geojson")
    assert plan.ok
    assert plan.mode == "replace"
    assert plan.mapping is not None
    assert plan.mapping.extra == ["备注"]
    assert plan.mapping.values["water_supply"] == {
        "集中供水": "centralized",
        "自来水": "tap",
        "分散供水": "dispersed",
        "无保障": "none",
    }
    layer = load_dataset(tiny_gpkg).layers["natural_villages"]
    assert layer["population"].tolist() == [r[6] + 1 for r in synthetic.NATURAL_VILLAGES]
    assert layer["water_supply"].tolist() == [r[7] for r in synthetic.NATURAL_VILLAGES]
    assert layer["garbage_collected"].tolist() == [r[8] for r in synthetic.NATURAL_VILLAGES]
    assert layer["备注"].tolist()[:2] == ["备注0", "备注1"]
    # The version replaced is kept, byte for byte; the original is kept with its manifest.
    assert record.previous_version is not None
    assert record.previous_version.read_bytes() == before
    assert record.original.parent == tiny_gpkg.parent / "originals"
    assert record.original.read_bytes() == source.read_bytes()
    assert "自然村" not in record.original.name  # generated name, the user's only in the manifest
    manifest = json.loads(record.manifest.read_text(encoding="utf-8"))
    assert manifest["original_name"] == "自然村.geojson"
    assert manifest["sha256"] == sha(source)
    assert (manifest["kind"], manifest["features"], manifest["store"]) == ("natural_villages", 8, "tiny.gpkg")
    assert list_imports(tiny_gpkg)[0]["stored_as"] == record.original.name
    # Undo puts the earlier store back exactly and marks the import undone; the original stays.
    undo_import(tiny_gpkg)
    assert tiny_gpkg.read_bytes() == before
    assert record.original.exists()
    assert list_imports(tiny_gpkg)[0]["undone_at"]


def test_excel_ledger_with_unmatched_and_ambiguous_names_is_refused_then_settled(
    tmp_path: Path, ambiguous_gpkg: Path
) -> None:
    ledger = village_ledger(tmp_path / "ledger.xlsx")
    before = sha(ambiguous_gpkg)
    options = ImportOptions(kind="admin_villages")
    plan = plan_import(ledger, ambiguous_gpkg, options, display_name="台账.xlsx")
    assert plan.mode == "update"
    assert not plan.ok
    table = plan.join.table
    assert table["status"].tolist() == ["matched", "matched", "unmatched", "ambiguous", "unmatched"]
    assert table["target"].tolist()[:2] == [
        "360222100201",
        "360222101201",
    ]  # 茶岭 → 茶岭村 (suffix), within no township
    assert "360222100202" in table.at[3, "candidates"]
    assert "360222101202" in table.at[3, "candidates"]
    rows = {(p.feature, p.field) for p in plan.problems if p.source == "台账.xlsx"}
    assert rows == {(2, "name"), (3, "name"), (4, "name")}  # 行政村 is the admin village layer's name column
    with pytest.raises(InputDataError) as caught:
        import_file(ledger, ambiguous_gpkg, options, display_name="台账.xlsx")
    assert "不存在村" in str(caught.value)
    assert "nothing imported" in str(caught.value)
    assert untouched(ambiguous_gpkg, before)

    assert "溪口村" in plan.problems[0].message_zh  # not in 茶岭乡: no guess from the other township
    # The planner settles row 3 by hand, corrects row 2 and drops row 4 of the ledger.
    fixed = pd.read_excel(ledger, header=1)
    fixed.loc[2, ["乡镇", "行政村"]] = ["溪口镇", "石桥村"]
    fixed = fixed.drop(index=4)
    fixed_path = tmp_path / "ledger_fixed.xlsx"
    fixed.to_excel(fixed_path, index=False)
    plan = plan_import(
        fixed_path,
        ambiguous_gpkg,
        ImportOptions(kind="admin_villages", choices={3: "360222101202"}),
        display_name="台账.xlsx",
    )
    assert plan.ok, plan.problems
    commit_import(plan, fixed_path)
    villages = load_dataset(ambiguous_gpkg).layers["admin_villages"].set_index("village_code")
    assert villages.loc["360222100201", "households"] == 160
    assert villages.loc["360222101202", "collective_income_yuan"] == 90000
    assert villages.loc["360222101201", "帮扶单位"] == "县交通局"
    assert villages.loc["360222100202", "帮扶单位"] == "县林业局"
    assert villages.loc["360222101201", "name"] == "茶岭村"  # the store's name is kept, not the ledger's spelling
    assert int(villages["households"].sum()) == 160 + 110 + 55 + 80  # every village updated once
    assert plan.updated_rows == 4


def test_two_ledger_rows_on_one_village_are_refused(tmp_path: Path, tiny_gpkg: Path) -> None:
    frame = pd.DataFrame({"行政村": ["溪口村", "溪口"], "户数": ["1", "2"]})
    plan = plan_source(SourceFrame(frame, "dup.csv"), tiny_gpkg, ImportOptions(kind="admin_villages"))
    assert not plan.ok
    assert {p.feature for p in plan.problems if "同一要素" in p.message_zh} == {0, 1}


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("empty.geojson", b"", "0 字节"),
        ("broken.xlsx", b"PK\x03\x04 this is not a workbook", "Excel"),
        (
            "cut.geojson",
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Poi',
            "geojson",
        ),
        ("notes.docx", b"hello", "不支持"),
    ],
)
def test_broken_inputs_give_a_clear_error_and_leave_the_store_untouched(
    tmp_path: Path, tiny_gpkg: Path, name: str, content: bytes, needle: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    before = sha(tiny_gpkg)
    with pytest.raises(InputDataError) as caught:
        import_file(source, tiny_gpkg, ImportOptions(kind="natural_villages"))
    text = str(caught.value)
    assert name in text
    assert needle.lower() in text.lower()
    assert untouched(tiny_gpkg, before)


def test_missing_required_column_and_bad_values_are_listed_with_rows(tmp_path: Path, tiny_gpkg: Path) -> None:
    frame = synthetic.roads().drop(columns=["lanes"])
    frame["surface"] = ["沥青", "水泥", "泥巴", "水泥", "土路"]
    plan = plan_source(SourceFrame(frame, "roads.gpkg"), tiny_gpkg, ImportOptions(kind="roads"))
    assert not plan.ok
    where = {(p.source, p.feature, p.field) for p in plan.problems}
    assert ("roads.gpkg", None, "lanes") in where
    assert ("roads.gpkg", 2, "surface") in where
    assert [(u.value, u.first_row) for u in plan.mapping.unmapped_values] == [("泥巴", 2)]


def test_invalid_geometry_is_repaired_only_when_asked(tmp_path: Path, tiny_gpkg: Path) -> None:
    frame = synthetic.farm_plots()
    x0, y0, x1, y1 = frame.geometry.iloc[0].bounds
    frame.loc[frame.index[0], "geometry"] = Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])  # a bow-tie
    before = sha(tiny_gpkg)
    plan = plan_source(SourceFrame(frame, "plots.shp"), tiny_gpkg, ImportOptions(kind="farm_plots"))
    assert not plan.ok
    assert any(p.feature == 0 and p.field == "geometry" and "修复" in p.message_zh for p in plan.problems)
    with pytest.raises(InputDataError):
        commit_import(plan, b"original")
    assert untouched(tiny_gpkg, before)
    plan = plan_source(SourceFrame(frame, "plots.shp"), tiny_gpkg, ImportOptions(kind="farm_plots", repair=True))
    assert plan.ok, plan.problems
    assert plan.repaired_rows == [0]
    assert any("修复" in n.zh and "repaired 1" in n.en for n in plan.notes)
    commit_import(plan, b"original bytes")
    plots = store.read_dataset(tiny_gpkg).layers["farm_plots"]
    assert plots.geometry.is_valid.all()
    assert plots.geom_type.iloc[0] in ("Polygon", "MultiPolygon")


def test_layer_naming_villages_gets_codes_from_the_names(tmp_path: Path, tiny_gpkg: Path) -> None:
    frame = synthetic.facilities().drop(columns=["village_code"])
    frame["行政村"] = "石桥村"
    frame["乡镇"] = "溪口镇"
    plan = plan_source(SourceFrame(frame, "facilities.kml"), tiny_gpkg, ImportOptions(kind="facilities"))
    assert plan.ok, plan.problems
    assert (plan.layer["village_code"] == "360222100202").all()
    assert plan.mode == "replace"


def test_ledger_for_a_layer_without_coordinates_is_refused(tiny_gpkg: Path) -> None:
    plan = plan_source(
        SourceFrame(pd.DataFrame({"路段编号": ["R1"]}), "roads.xlsx"), tiny_gpkg, ImportOptions(kind="roads")
    )
    assert not plan.ok
    assert "经纬度" in plan.problems[0].message_zh


def test_bad_manual_mapping_and_unknown_kind_are_problems(tiny_gpkg: Path) -> None:
    frame = synthetic.roads()
    plan = plan_source(SourceFrame(frame, "r.gpkg"), tiny_gpkg, ImportOptions(kind="roads", columns={"nope": "lanes"}))
    assert not plan.ok
    assert plan.problems[0].field == "nope"
    plan = plan_source(SourceFrame(frame, "r.gpkg"), tiny_gpkg, ImportOptions(kind="bridges"))
    assert not plan.ok
    assert "bridges" in plan.problems[0].message_en


def test_store_changed_after_the_preview_is_refused(tmp_path: Path, tiny_gpkg: Path) -> None:
    plan = plan_source(SourceFrame(synthetic.roads(), "r.gpkg"), tiny_gpkg, ImportOptions(kind="roads"))
    assert plan.ok
    store.write_dataset(tiny_gpkg, store.read_dataset(tiny_gpkg))  # someone else wrote meanwhile
    before = sha(tiny_gpkg)
    with pytest.raises(PlanningError, match="preview again"):
        commit_import(plan, b"x")
    assert sha(tiny_gpkg) == before
    assert not (tiny_gpkg.parent / "originals").exists() or not any((tiny_gpkg.parent / "originals").iterdir())


def test_the_bundled_demo_is_never_written(tmp_path: Path) -> None:
    if not BUNDLED_DEMO.exists():
        pytest.skip("demo county not generated")
    before = sha(BUNDLED_DEMO)
    source = naturals_geojson(tmp_path / "nv.geojson")
    with pytest.raises(InputDataError, match="demo"):
        import_file(source, BUNDLED_DEMO, ImportOptions(kind="natural_villages"))
    with pytest.raises(InputDataError, match="demo"):
        undo_import(BUNDLED_DEMO)
    assert sha(BUNDLED_DEMO) == before
    assert not (BUNDLED_DEMO.parent / "originals").exists()
    copy = copy_store(BUNDLED_DEMO, tmp_path / "work" / "county.gpkg")
    assert sha(copy) == before
    with pytest.raises(InputDataError, match="exists"):
        copy_store(BUNDLED_DEMO, copy)


def test_failed_write_removes_the_kept_original(
    tmp_path: Path, tiny_gpkg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = plan_source(SourceFrame(synthetic.roads(), "r.gpkg"), tiny_gpkg, ImportOptions(kind="roads"))
    before = sha(tiny_gpkg)

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store, "_write_vector", broken)
    with pytest.raises(OSError, match="disk full"):
        commit_import(plan, b"x")
    assert untouched(tiny_gpkg, before)


def test_import_into_a_new_store_notes_the_missing_layers(tmp_path: Path) -> None:
    target = tmp_path / "new" / "county.gpkg"
    plan = plan_source(SourceFrame(synthetic.townships(), "towns.shp"), target, ImportOptions(kind="townships"))
    assert plan.ok, plan.problems
    assert any("admin_villages" in n.en for n in plan.notes)
    record = commit_import(plan, b"zip bytes")
    assert record.previous_version is None
    assert [info.name for info in store.list_layers(target)] == ["townships"]


def test_problem_report_is_bilingual_and_downloadable(tiny_gpkg: Path) -> None:
    frame = synthetic.roads()
    frame["lanes"] = [2, 1, 9, 1, 1]
    plan = plan_source(SourceFrame(frame, "roads.gpkg"), tiny_gpkg, ImportOptions(kind="roads"))
    table = problem_table(plan.problems)
    assert list(table.columns) == list(REPORT_COLUMNS)
    row = table[table["字段 field"] == "lanes"].iloc[0]
    assert (row["文件 file"], row["行 row"]) == ("roads.gpkg", 2)
    assert "≤ 8" in row["应为 expected"]
    assert "车道数" in row["应为 expected"]
    assert "8" in row["problem (English)"]
    csv = report_csv(plan.problems)
    assert csv.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    assert back["问题 problem"].tolist() == table["问题 problem"].tolist()
    sheet = pd.read_excel(io.BytesIO(report_xlsx(plan.problems)))
    assert list(sheet.columns) == list(REPORT_COLUMNS)
    assert len(sheet) == len(table)
    assert expected_of("natural_villages", "water_supply").startswith("供水方式：文本，必填，取值：集中供水")
    assert expected_of("roads", "geometry").startswith("线几何")
    assert expected_of("nothing", "x") == ""


naturals_rows = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 500)), min_size=1, max_size=8, unique_by=lambda r: r[0]
)


@settings(max_examples=10)
@given(rows=naturals_rows, spelled=st.sampled_from(["name", "id"]))
def test_ledger_update_writes_exactly_the_matched_values(
    readonly_store: Path, rows: list[tuple[int, int]], spelled: str
) -> None:
    """Property: a ledger of natural villages (by id or by name within admin village) changes only what it lists.

    Planning writes nothing, so one store serves every example.
    """
    tiny_gpkg = readonly_store
    nvs = synthetic.NATURAL_VILLAGES
    if spelled == "id":
        ledger = pd.DataFrame({"编号": [nvs[i][0] for i, _ in rows], "户数": [str(h) for _, h in rows]})
    else:
        ledger = pd.DataFrame(
            {
                "自然村": [nvs[i][1] for i, _ in rows],
                "行政村代码": [nvs[i][2] for i, _ in rows],
                "户数": [h for _, h in rows],
            }
        )
    plan = plan_source(SourceFrame(ledger, "nv.xlsx"), tiny_gpkg, ImportOptions(kind="natural_villages"))
    assert plan.mode == "update"
    assert plan.join is not None
    assert (plan.join.table["status"] == "matched").all()
    expected = {nv[0]: nv[5] for nv in nvs} | {nvs[i][0]: h for i, h in rows}
    got = dict(zip(plan.layer["nv_id"], plan.layer["households"].astype(int), strict=True))
    assert got == expected
    assert plan.updated_rows == len(rows)
    # households above the sanitary-toilet count are fine; the plan is valid unless the data say otherwise
    assert plan.ok == (not plan.problems)


def test_a_gbk_shapefile_original_is_kept_with_its_sidecar_files(tmp_path: Path, tiny_gpkg: Path) -> None:
    import zipfile

    frame = synthetic.water_works().rename(columns={"works_id": "工程编号", "name": "工程名称"})
    shp = tmp_path / "shp" / "供水工程.shp"
    shp.parent.mkdir()
    with pytest.warns(UserWarning, match="truncated"):  # capacity_m3d → capacity_m, …: the import finds them again
        frame.to_file(shp, encoding="gbk")
    (shp.parent / "other.txt").write_text("not part of it")
    plan, record = import_file(shp, tiny_gpkg, ImportOptions(kind="water_works"))
    assert plan.ok
    assert record.original.name.endswith("-water_works.shp.zip")
    with zipfile.ZipFile(record.original) as archive:
        names = sorted(archive.namelist())
    assert {"original.shp", "original.dbf", "original.shx", "original.prj"} <= set(names)
    assert "other.txt" not in " ".join(names)
    works = store.read_dataset(tiny_gpkg).layers["water_works"]
    assert works["name"].tolist() == ["溪口水厂"]


def test_rasters_are_imported_and_misaligned_ones_refused(tmp_path: Path, tiny_gpkg: Path) -> None:
    import rasterio
    from affine import Affine

    grid = synthetic.dem()

    def write(path: Path, transform: Affine) -> Path:
        rows, cols = grid.shape
        with rasterio.open(
            path,
            "w",
            driver="GTiff",
            width=cols,
            height=rows,
            count=1,
            dtype="float32",
            crs=grid.crs,
            transform=transform,
            nodata=grid.nodata,
        ) as dst:
            dst.write(grid.values.astype("float32"), 1)
        return path

    good = write(tmp_path / "dem.tif", grid.transform)
    plan, _ = import_file(good, tiny_gpkg, ImportOptions(kind="dem"))
    assert plan.ok
    assert store.read_dataset(tiny_gpkg).rasters["dem"].shape == grid.shape
    before = sha(tiny_gpkg)
    shifted = write(tmp_path / "shifted.tif", grid.transform @ Affine.translation(0.5, 0))
    plan = plan_import(shifted, tiny_gpkg, ImportOptions(kind="dem"))
    assert not plan.ok
    assert any("对齐" in p.message_zh for p in plan.problems)
    assert sha(tiny_gpkg) == before
    plan = plan_import(good, tiny_gpkg, ImportOptions(kind="roads"))
    assert not plan.ok


@settings(max_examples=15)
@given(
    content=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda text: text.encode("utf-8"))),
    suffix=st.sampled_from([".csv", ".geojson", ".kml", ".xlsx", ".gpkg", ".zip"]),
    kind=st.sampled_from(["natural_villages", "roads", "admin_villages"]),
)
def test_garbage_never_reaches_the_store(
    readonly_store: Path, tmp_path_factory: pytest.TempPathFactory, content: bytes, suffix: str, kind: str
) -> None:
    """Property: whatever bytes arrive, the import either refuses with problems or raises a bilingual error; the store stays."""
    before = sha(readonly_store)
    source = tmp_path_factory.mktemp("garbage") / f"upload{suffix}"
    source.write_bytes(content)
    plan = plan_import(source, readonly_store, ImportOptions(kind=kind))
    assert not plan.ok
    assert all(p.message_zh and p.message_en for p in plan.problems)
    with pytest.raises(InputDataError):
        commit_import(plan, source)
    assert sha(readonly_store) == before
    assert not (readonly_store.parent / "originals").exists()


def test_an_unpacked_archive_is_imported_by_layer_and_kept_as_one_zip(tmp_path: Path, tiny_gpkg: Path) -> None:
    import zipfile

    from geo.io.ingest.uploads import unpack_upload

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("基站.geojson", synthetic.cell_sites().to_json())
        archive.writestr("道路.geojson", synthetic.roads().to_json())
    folder = unpack_upload(buffer.getvalue(), "数据.zip", tmp_path / "uploads")
    assert folder.is_dir()
    plan, record = import_file(folder, tiny_gpkg, ImportOptions(kind="cell_sites", layer="基站.geojson"))
    assert plan.ok
    assert plan.layer["site_id"].tolist() == ["CS01", "CS02"]
    assert record.original.suffix == ".zip"
    with zipfile.ZipFile(record.original) as archive:
        assert len([n for n in archive.namelist() if n.endswith(".geojson")]) == 2


def test_the_stores_other_content_survives_an_import(tmp_path: Path) -> None:
    """Layers and rasters not imported, and the store's "data as of" date, are written back unchanged."""
    from datetime import date

    dataset = synthetic.tiny_dataset()
    dataset.as_of = date(2024, 12, 31)
    path = tmp_path / "dated.gpkg"
    store.write_dataset(path, dataset)
    import_file(naturals_geojson(tmp_path / "nv.geojson"), path, ImportOptions(kind="natural_villages"))
    after = store.read_dataset(path)
    assert after.as_of == date(2024, 12, 31)
    assert set(after.layers) == set(dataset.layers)
    assert set(after.rasters) == set(dataset.rasters)
    assert after.layers["roads"]["road_id"].tolist() == dataset.layers["roads"]["road_id"].tolist()
