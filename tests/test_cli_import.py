"""The command line: ``python -m geo import --data STORE --kind KIND FILE [...]`` and ``python -m geo undo --data STORE``."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from geo.cli import main
from geo.core import store
from geo.io.ingest.commit import BUNDLED_DEMO, list_imports
from layers.registry import load_dataset
from tests import synthetic

ROOT = Path(__file__).resolve().parents[1]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def roads_geojson(path: Path, *, surfaces: tuple[str, ...] = ("沥青", "水泥", "砂石", "水泥", "土路")) -> Path:
    """The tiny county's roads as GeoJSON with Chinese headers and values, the class column under an unknown name (等级)."""
    frame = synthetic.roads()
    out = frame.rename(
        columns={"road_id": "路段编号", "admin_class": "等级", "tech_grade": "技术等级", "lanes": "车道数"}
    )
    out["surface"] = list(surfaces)
    out["等级"] = out["等级"].map({"county": "县道", "township": "乡道", "village": "村道"})
    out.to_file(path, driver="GeoJSON")
    return path


def ledger_csv(path: Path, rows: dict[str, list[object]], encoding: str = "utf-8-sig") -> Path:
    pd.DataFrame(rows).to_csv(path, index=False, encoding=encoding)
    return path


def test_import_with_manual_mapping_then_undo(tiny_gpkg: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = roads_geojson(tmp_path / "roads.geojson")
    before = tiny_gpkg.read_bytes()
    code = main(["import", "--data", str(tiny_gpkg), "--kind", "roads", str(source), "--map", "等级=admin_class"])
    assert code == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "roads.geojson" in out
    assert "undo" in out
    roads = load_dataset(tiny_gpkg).layers["roads"]
    assert roads["admin_class"].tolist() == ["county", "village", "village", "township", "village"]
    assert roads["surface"].tolist() == ["asphalt", "cement", "gravel", "cement", "earth"]
    assert list_imports(tiny_gpkg)[0]["original_name"] == "roads.geojson"
    assert main(["undo", "--data", str(tiny_gpkg)]) == 0
    assert tiny_gpkg.read_bytes() == before
    assert "restored" in capsys.readouterr().out
    # Nothing more to undo: exit 2 with a bilingual message.
    assert main(["undo", "--data", str(tiny_gpkg)]) == 2
    err = capsys.readouterr().err
    assert "没有可恢复" in err
    assert "no earlier version" in err


def test_gbk_ledger_updates_natural_villages_by_name(
    tiny_gpkg: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    source = ledger_csv(
        tmp_path / "ledger.csv",
        {"行政村": ["溪口村", "茶岭村"], "自然村": ["上坞", "竹坑"], "供水方式": ["自来水", "集中供水"]},
        encoding="gbk",
    )
    assert (
        main(["import", "--data", str(tiny_gpkg), "--kind", "natural_villages", str(source), "--join-by", "name"]) == 0
    )
    printed = capsys.readouterr().out
    assert "ledger join: 2 matched" in printed
    naturals = load_dataset(tiny_gpkg).layers["natural_villages"].set_index("nv_id")
    assert naturals.loc["NV02", "water_supply"] == "tap"
    assert naturals.loc["NV06", "water_supply"] == "centralized"
    assert naturals.loc["NV01", "water_supply"] == "centralized"  # not in the ledger: unchanged


def test_bad_ledger_exits_2_writes_the_report_and_leaves_the_store(
    tiny_gpkg: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    source = ledger_csv(tmp_path / "ledger.csv", {"行政村": ["溪口村", "白云村"], "户数": [10, -5]})
    before = sha(tiny_gpkg)
    report = tmp_path / "problems.xlsx"
    code = main(["import", "--data", str(tiny_gpkg), "--kind", "admin_villages", str(source), "--report", str(report)])
    assert code == 2
    err = capsys.readouterr().err
    assert "白云村" in err
    assert "nothing imported" in err
    assert "Traceback" not in err
    assert sha(tiny_gpkg) == before
    assert not store.list_versions(tiny_gpkg)
    table = pd.read_excel(report)
    assert "白云村" in " ".join(table["问题 problem"])


@pytest.mark.parametrize(
    "args",
    [
        ["--kind", "roads"],  # the source file does not exist
        ["--kind", "roads", "--encoding", "klingon"],
        ["--kind", "roads", "--map", "x=not_a_column"],
    ],
)
def test_bad_arguments_exit_2_without_touching_the_store(
    tiny_gpkg: Path, tmp_path: Path, capsys: pytest.CaptureFixture, args: list[str]
) -> None:
    source = tmp_path / "missing.geojson" if args == ["--kind", "roads"] else roads_geojson(tmp_path / "roads.geojson")
    before = sha(tiny_gpkg)
    assert main(["import", "--data", str(tiny_gpkg), *args, str(source)]) == 2
    err = capsys.readouterr().err
    assert err.strip()
    assert "Traceback" not in err
    assert sha(tiny_gpkg) == before


def test_bad_map_syntax_is_an_argparse_error(tiny_gpkg: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["import", "--data", str(tiny_gpkg), "--kind", "roads", "x.geojson", "--map", "no-equals-sign"])
    assert caught.value.code == 2


def test_the_bundled_demo_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = roads_geojson(tmp_path / "roads.geojson")
    assert main(["import", "--data", str(BUNDLED_DEMO), "--kind", "roads", str(source)]) == 2
    assert "demo" in capsys.readouterr().err


def test_python_dash_m_geo_import_runs_as_a_subprocess(tiny_gpkg: Path, tmp_path: Path) -> None:
    source = roads_geojson(tmp_path / "roads.geojson", surfaces=("沥青", "泥巴", "砂石", "水泥", "土路"))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "import",
            "--data",
            str(tiny_gpkg),
            "--kind",
            "roads",
            str(source),
            "--map",
            "等级=admin_class",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 2
    assert "泥巴" in done.stderr
    assert "surface" in done.stderr
