"""The import page in-process (AppTest): demo refused and copied, ledger problems block the import, import and undo."""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.core import store
from geo.io.ingest.commit import BUNDLED_DEMO, list_imports
from tests import synthetic
from tests.helpers_app import ROOT
from views._shared import md

pytestmark = pytest.mark.app
TIMEOUT_S = 180


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def import_page(monkeypatch: pytest.MonkeyPatch, data: Path, workdir: Path | None = None, **state: object) -> AppTest:
    monkeypatch.setenv("RCM_DATA", str(data))
    if workdir is not None:
        monkeypatch.setenv("RCM_WORKDIR", str(workdir))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    for key, value in state.items():
        app.session_state[key] = value
    app.switch_page("views/import_data.py")
    return app.run()


def upload(app: AppTest, kind: str, name: str, data: bytes) -> AppTest:
    app.selectbox(key="import_kind").set_value(kind)
    app.file_uploader(key="import_upload").upload(name, data)
    return app.run()


def xlsx(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    return buffer.getvalue()


def naturals_geojson() -> bytes:
    frame = synthetic.natural_villages()
    out = gpd.GeoDataFrame(
        {
            "自然村编号": frame["nv_id"],
            "自然村名称": frame["name"],
            "行政村代码": frame["village_code"],
            "户数": frame["households"].astype(int),
            "人口": frame["population"].astype(int),
            "供水方式": frame["water_supply"].map(
                {"centralized": "集中供水", "tap": "自来水", "dispersed": "分散供水", "none": "无保障"}
            ),
            "垃圾收运": frame["garbage_collected"].astype(bool),
            "卫生厕所户数": frame["sanitary_toilet_households"].astype(int),
            "村小组长": [f"组长{i}" for i in range(len(frame))],
        },
        geometry=frame.geometry,
        crs=frame.crs,
    )
    return out.to_json().encode("utf-8")


@pytest.fixture
def county(tmp_path: Path, tiny_gpkg: Path) -> Path:
    """The tiny county in a folder of its own (originals and versions go beside it)."""
    folder = tmp_path / "county"
    folder.mkdir()
    return Path(shutil.copy(tiny_gpkg, folder / "county.gpkg"))


def test_the_demo_is_refused_and_copied_to_a_working_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if not BUNDLED_DEMO.exists():
        pytest.skip("demo county not generated")
    before = sha(BUNDLED_DEMO)
    app = import_page(monkeypatch, BUNDLED_DEMO, workdir=tmp_path / "work")
    assert not app.exception
    assert "演示数据" in app.warning[0].value
    assert not app.file_uploader  # nothing can be uploaded into the demo
    app.button(key="import_copy").click().run()
    assert not app.exception
    copy = tmp_path / "work" / BUNDLED_DEMO.name
    assert sha(copy) == before
    assert app.session_state["data_file"] == str(copy.resolve())
    assert app.file_uploader(key="import_upload") is not None
    assert any(md(copy.name) in c.value for c in app.caption)  # "importing into" the copy, by its name
    assert not any(str(tmp_path) in c.value for c in app.caption)  # never the server's folders
    assert sha(BUNDLED_DEMO) == before


def test_ledger_with_an_unmatched_village_cannot_be_imported(monkeypatch: pytest.MonkeyPatch, county: Path) -> None:
    before = sha(county)
    app = import_page(monkeypatch, county)
    ledger = pd.DataFrame({"行政村": ["溪口村", "白云村"], "户数": [10, 20], "驻村干部": ["张三", "李四"]})
    app = upload(app, "admin_villages", "台账.xlsx", xlsx(ledger))
    assert not app.exception
    assert not app.error
    assert app.button(key="import_go").disabled
    problems = app.dataframe[-1].value
    assert "白云村" in " ".join(problems["问题 problem"])
    assert list(problems["行 row"]) == [3]  # the sheet's own row: header on row 1, 溪口村 row 2, 白云村 row 3
    downloads = [d.label for d in app.get("download_button")]
    assert any("CSV" in label for label in downloads)
    assert any("Excel" in label for label in downloads)
    assert any("未匹配 1 行" in c.value for c in app.caption)
    assert sha(county) == before


def test_import_then_undo(monkeypatch: pytest.MonkeyPatch, county: Path) -> None:
    before = county.read_bytes()
    app = import_page(monkeypatch, county)
    app = upload(app, "natural_villages", "自然村.geojson", naturals_geojson())
    assert not app.exception
    assert any("检查通过" in s.value for s in app.success)
    assert not app.button(key="import_go").disabled
    app.button(key="import_go").click().run()
    assert not app.exception
    assert any("已导入" in s.value for s in app.success)
    layer = store.read_dataset(county).layers["natural_villages"]
    assert layer["村小组长"].tolist()[:2] == ["组长0", "组长1"]
    assert layer["water_supply"].tolist() == [r[7] for r in synthetic.NATURAL_VILLAGES]
    assert list_imports(county)[0]["original_name"] == "自然村.geojson"
    assert (county.parent / "originals").is_dir()
    after = county.read_bytes()
    assert any("历史占用" in c.value and " MB" in c.value for c in app.caption)  # versions and originals
    assert app.button(key="import_redo").disabled  # nothing undone yet
    app.button(key="import_undo").click().run()
    assert not app.exception
    assert county.read_bytes() == before
    assert any("已恢复" in s.value for s in app.success)
    assert not app.button(key="import_redo").disabled
    app.button(key="import_redo").click().run()
    assert not app.exception
    assert county.read_bytes() == after  # redo puts the import back byte for byte
    assert any("已重做" in s.value for s in app.success)


def test_unplaced_columns_are_offered_for_mapping_and_bad_values_listed(
    monkeypatch: pytest.MonkeyPatch, county: Path
) -> None:
    roads = synthetic.roads().rename(columns={"admin_class": "等级", "surface": "路面类型"})
    roads["路面类型"] = ["沥青", "水泥", "泥巴", "水泥", "土路"]
    app = import_page(monkeypatch, county, lang="en")
    app = upload(app, "roads", "roads.geojson", roads.to_json().encode("utf-8"))
    assert not app.exception
    editors = app.data_editor
    columns = editors[0].value
    assert "等级" in list(columns["source"])
    assert "路面类型" not in list(columns["source"])  # matched by its alias
    values = editors[1].value
    assert list(values["value"]) == ["泥巴"]
    assert app.button(key="import_go").disabled
    assert "Import data" in [t.value for t in app.title]


def test_ambiguous_name_is_settled_by_choosing_a_candidate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    dataset = synthetic.tiny_dataset()
    villages = dataset.layers["admin_villages"]
    villages.loc[villages["village_code"] == "360222101202", "name"] = "石桥村"
    path = tmp_path / "amb" / "county.gpkg"
    store.write_dataset(path, dataset)
    app = import_page(monkeypatch, path)
    app = upload(app, "admin_villages", "台账.xlsx", xlsx(pd.DataFrame({"行政村": ["石桥村"], "户数": [77]})))
    assert not app.exception
    assert app.button(key="import_go").disabled
    choice = next(
        box for box in app.selectbox if str(box.key).startswith("import_choice_") and str(box.key).endswith("_0")
    )
    assert choice.options[1:] == ["石桥村（360222100202，溪口镇）", "石桥村（360222101202，茶岭乡）"]
    choice.set_value("360222101202").run()
    assert not app.exception
    assert not app.button(key="import_go").disabled
    app.button(key="import_go").click().run()
    stored = store.read_dataset(path).layers["admin_villages"].set_index("village_code")
    assert stored.loc["360222101202", "households"] == 77
    assert stored.loc["360222100202", "households"] != 77


def test_a_broken_upload_shows_the_problem_not_a_traceback(monkeypatch: pytest.MonkeyPatch, county: Path) -> None:
    app = import_page(monkeypatch, county)
    app = upload(app, "roads", "roads.geojson", b'{"type": "FeatureCollection", "features": [')
    assert not app.exception
    assert app.button(key="import_go").disabled
    assert "roads.geojson" in " ".join(app.dataframe[-1].value["文件 file"])


def test_a_new_county_is_built_from_an_empty_working_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if not BUNDLED_DEMO.exists():
        pytest.skip("demo county not generated")
    app = import_page(monkeypatch, BUNDLED_DEMO, workdir=tmp_path / "work")
    app.text_input(key="import_copy_to").set_value(str(tmp_path / "new" / "county.gpkg"))
    app.button(key="import_new").click().run()
    assert not app.exception
    target = tmp_path / "new" / "county.gpkg"
    assert app.session_state["data_file"] == str(target.resolve())
    assert not target.exists()  # created by the first import
    app = upload(app, "townships", "乡镇.geojson", synthetic.townships().to_json().encode("utf-8"))
    assert not app.exception
    assert not app.button(key="import_go").disabled
    app.button(key="import_go").click().run()
    assert not app.exception
    assert [info.name for info in store.list_layers(target)] == ["townships"]
