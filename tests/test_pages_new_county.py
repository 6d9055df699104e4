"""The 新建县 flow of the import page, and the pages on a county that has only some layers (AppTest)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.cli import main
from geo.core import store
from tests.helpers_app import ROOT
from tests.test_new_county import CODE, write_files

pytestmark = pytest.mark.app
TIMEOUT_S = 180


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "source"
    folder.mkdir()
    return write_files(folder)


def page(monkeypatch: pytest.MonkeyPatch, data: Path, script: str, workdir: Path | None = None) -> AppTest:
    monkeypatch.setenv("RCM_DATA", str(data))
    if workdir is not None:
        monkeypatch.setenv("RCM_WORKDIR", str(workdir))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    app.switch_page(script)
    return app.run()


def test_new_county_flow_creates_the_store_and_switches_to_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tiny_gpkg: Path, files: dict[str, Path]
) -> None:
    app = page(monkeypatch, tiny_gpkg, "views/import_data.py", workdir=tmp_path / "work")
    assert not app.exception
    app.button(key="new_county_open_button").click().run()
    assert not app.exception
    app.text_input(key="new_county_code").set_value(CODE).run()
    app.file_uploader(key="new_county_boundary").upload("沁水县.geojson", files["boundary"].read_bytes())
    app.file_uploader(key="new_county_villages").upload("村委会.csv", files["villages"].read_bytes())
    out = tmp_path / "work" / "沁水县.gpkg"
    app.text_input(key="new_county_out").set_value(str(out))
    app.run()
    app.button(key="new_county_go").click().run()
    assert not app.exception
    assert app.session_state["data_file"] == str(out.resolve())
    assert any("沁水县" in s.value and "193" in s.value for s in app.success)
    assert len(store.read_dataset(out).layers["admin_villages"]) == 193
    assert app.file_uploader(key="import_upload") is not None  # imports go into the new county now


@pytest.mark.parametrize("script", ["views/overview.py", "views/gaps.py", "views/domain.py"])
def test_pages_run_on_a_county_with_only_some_layers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, files: dict[str, Path], script: str
) -> None:
    argv = ["new", "--county", CODE, "--boundary", str(files["boundary"]), "--villages", str(files["villages"])]
    assert main([*argv, "--out", str(files["store"])]) == 0
    assert main(["import", "--data", str(files["store"]), "--kind", "natural_villages", str(files["ledger"])]) == 0
    data = tmp_path / "county" / "qinshui.gpkg"
    data.parent.mkdir()
    shutil.copy(files["store"], data)
    app = page(monkeypatch, data, script)
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    if script == "views/overview.py":  # the cards of targets without their layers say so, naming the layer
        assert any("无数据" in c.value and "cell_sites" in c.value.replace("\\", "") for c in app.caption)
