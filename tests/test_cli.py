"""The command line: ``python -m geo report --data X.gpkg --out DIR [--targets FILE] [--as-of DATE]``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from geo.cli import main
from geo.core.store import Dataset, write_dataset
from tests import handdrawn as hd
from tests.plans import TARGETS_FILE

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "county.gpkg"
    write_dataset(path, hd.dataset())
    return path


def test_report_writes_every_file_with_the_contract_columns(
    gpkg: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "report"
    assert (
        main(
            ["report", "--targets", str(TARGETS_FILE), "--data", str(gpkg), "--out", str(out), "--as-of", "2025-07-01"]
        )
        == 0
    )
    indicators = pd.read_csv(out / "indicators.csv", encoding="utf-8-sig", dtype={"unit_code": str})
    assert list(indicators.columns)[:7] == ["indicator_id", "level", "unit_code", "unit_name", "value", "target", "met"]
    county = indicators[(indicators["indicator_id"] == "water.centralized_rate") & (indicators["level"] == "county")]
    assert county["value"].iloc[0] == pytest.approx(0.75)
    assert (out / "gaps.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert load_workbook(out / "gaps.xlsx").sheetnames[0] == "汇总"
    assert (out / "gaps.gpkg").is_file()
    assert (out / "industry.csv").is_file()
    printed = capsys.readouterr().out
    assert "water_centralized_2025" in printed
    assert "indicators.csv" in printed


def test_a_broken_gpkg_exits_2_and_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    broken = tmp_path / "broken.gpkg"
    broken.write_bytes(b"this is not a geopackage" * 10)
    assert main(["report", "--targets", str(TARGETS_FILE), "--data", str(broken), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "broken.gpkg" in err
    assert "GeoPackage" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_missing_data_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert (
        main(
            [
                "report",
                "--targets",
                str(TARGETS_FILE),
                "--data",
                str(tmp_path / "none.gpkg"),
                "--out",
                str(tmp_path / "out"),
            ]
        )
        == 2
    )
    assert "none.gpkg" in capsys.readouterr().err


def test_a_dataset_breaking_the_contract_exits_2_listing_the_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    nv = hd.natural_villages().drop(columns=["water_supply"])
    data = Dataset(layers={**hd.dataset().layers, "natural_villages": nv}, source="x")
    path = tmp_path / "bad.gpkg"
    write_dataset(path, data)
    assert main(["report", "--targets", str(TARGETS_FILE), "--data", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "water_supply" in err
    assert "bad.gpkg" in err


def test_an_unknown_targets_file_exits_2(gpkg: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert (
        main(["report", "--data", str(gpkg), "--out", str(tmp_path / "out"), "--targets", str(tmp_path / "nope.toml")])
        == 2
    )
    assert "nope.toml" in capsys.readouterr().err


def test_an_invalid_targets_file_exits_2(gpkg: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad = tmp_path / "targets.toml"
    bad.write_text(
        TARGETS_FILE.read_text(encoding="utf-8").replace("threshold = 0.95", "threshold = 95", 1), encoding="utf-8"
    )
    assert main(["report", "--data", str(gpkg), "--out", str(tmp_path / "out"), "--targets", str(bad)]) == 2
    assert "within 0–1" in capsys.readouterr().err


def test_a_bad_date_exits_2(gpkg: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as info:
        main(
            [
                "report",
                "--targets",
                str(TARGETS_FILE),
                "--data",
                str(gpkg),
                "--out",
                str(tmp_path / "out"),
                "--as-of",
                "2025-13-01",
            ]
        )
    assert info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_an_output_path_that_is_a_file_exits_2(gpkg: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    taken = tmp_path / "taken"
    taken.write_text("x")
    assert main(["report", "--targets", str(TARGETS_FILE), "--data", str(gpkg), "--out", str(taken)]) == 2
    assert "taken" in capsys.readouterr().err


def test_python_dash_m_geo_is_the_entry_point_and_prints_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "report",
            "--targets",
            str(TARGETS_FILE),
            "--data",
            str(tmp_path / "missing.gpkg"),
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "missing.gpkg" in done.stderr
    assert "Traceback" not in done.stderr
    usage = subprocess.run(
        [sys.executable, "-m", "geo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert usage.returncode == 2
    assert "report" in usage.stderr


def test_report_on_the_shared_tiny_county(tiny_gpkg: Path, tmp_path: Path) -> None:
    assert (
        main(
            [
                "report",
                "--targets",
                str(TARGETS_FILE),
                "--data",
                str(tiny_gpkg),
                "--out",
                str(tmp_path / "tiny"),
                "--quiet",
            ]
        )
        == 0
    )
    indicators = pd.read_csv(tmp_path / "tiny" / "indicators.csv", encoding="utf-8-sig")
    shares = indicators[
        ~indicators["indicator_id"].isin(["pv.annual_revenue", "economy.collective_income", "water.works_overload"])
    ]
    assert shares["value"].dropna().between(0, 1).all()
    gaps = pd.read_csv(tmp_path / "tiny" / "gaps.csv", encoding="utf-8-sig")
    assert gaps["priority"].between(0, 100).all()
