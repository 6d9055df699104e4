"""A dataset's "data as of" date: stored in the GeoPackage, read back, kept by save and undo,
and used by reports unless a date is given (``run_report(as_of=…)``, ``python -m geo report --as-of``)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from geo.analysis.report import run_report
from geo.cli import main
from geo.core import store
from geo.core.errors import InputDataError
from layers.registry import load_dataset, normalize_dataset, save_dataset
from tests import handdrawn as hd
from tests.plans import TARGETS_FILE, load_test_targets

AS_OF = date(2026, 10, 31)


def _pv_target():
    return {"pv_inspection": load_test_targets()["pv_inspection"]}


def test_the_date_round_trips_through_the_file(tiny_dataset: store.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "county.gpkg"
    store.write_dataset(path, replace(tiny_dataset, as_of=AS_OF))
    assert store.read_dataset(path).as_of == AS_OF
    assert store.read_dataset(path, layers=["townships"]).as_of == AS_OF
    for name in tiny_dataset.layers:  # plain GeoPackage layer metadata, which QGIS and GDAL show
        assert pyogrio.read_info(path, layer=name)["layer_metadata"] == {store.AS_OF_KEY: "2026-10-31"}


def test_reading_a_dated_file_leaves_no_aux_xml_beside_it(tiny_dataset: store.Dataset, tmp_path: Path) -> None:
    # GDAL writes county.gpkg.aux.xml on reads when the date is dataset-level metadata: it is not.
    path = tmp_path / "county.gpkg"
    store.write_dataset(path, replace(tiny_dataset, as_of=AS_OF))
    store.read_dataset(path)
    pyogrio.list_layers(path)
    pyogrio.read_dataframe(path, layer=next(iter(tiny_dataset.layers)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["county.gpkg"]


def test_no_date_reads_back_as_none(tiny_dataset: store.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "county.gpkg"
    store.write_dataset(path, tiny_dataset)
    assert tiny_dataset.as_of is None
    assert store.read_dataset(path).as_of is None


def test_a_dataset_of_rasters_only_keeps_its_date(tiny_dataset: store.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "rasters.gpkg"
    store.write_dataset(path, store.Dataset(rasters=dict(tiny_dataset.rasters), as_of=AS_OF))
    assert tiny_dataset.rasters
    assert store.read_dataset(path).as_of == AS_OF


def test_a_datetime_is_stored_as_its_day(tiny_dataset: store.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "county.gpkg"
    store.write_dataset(path, replace(tiny_dataset, as_of=pd.Timestamp("2026-10-31 17:45").to_pydatetime()))
    assert store.read_dataset(path).as_of == AS_OF


def test_a_date_that_is_not_a_date_is_a_bilingual_error(tiny_dataset: store.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "county.gpkg"
    store.write_dataset(path, replace(tiny_dataset, as_of=AS_OF))
    with sqlite3.connect(path) as con:
        con.execute("UPDATE gpkg_metadata SET metadata = replace(metadata, '2026-10-31', '31/10/2026')")
    with pytest.raises(InputDataError) as caught:
        store.read_dataset(path)
    message = str(caught.value)
    assert "county.gpkg" in message
    assert "31/10/2026" in message
    assert "不是有效日期" in message
    assert "not a date" in message


def test_save_and_undo_keep_each_version_s_date(tiny_dataset: store.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "county.gpkg"
    save_dataset(path, replace(tiny_dataset, as_of=date(2025, 12, 31)))
    assert load_dataset(path).as_of == date(2025, 12, 31)
    save_dataset(path, replace(load_dataset(path), as_of=AS_OF))  # a later ledger
    assert load_dataset(path).as_of == AS_OF
    store.restore_previous(path)
    assert load_dataset(path).as_of == date(2025, 12, 31)
    assert normalize_dataset(replace(tiny_dataset, as_of=AS_OF)).as_of == AS_OF


def test_the_report_date_is_the_given_one_then_the_data_s_then_today(tiny_dataset: store.Dataset) -> None:
    dated = replace(tiny_dataset, as_of=AS_OF)
    assert run_report(dated, _pv_target(), checks={}).as_of == AS_OF
    assert run_report(dated, _pv_target(), checks={}, as_of=date(2027, 1, 1)).as_of == date(2027, 1, 1)
    assert run_report(tiny_dataset, _pv_target(), checks={}).as_of == date.today()


def test_the_inspections_are_judged_on_the_data_s_date(tmp_path: Path) -> None:
    # Hand-drawn stations inspected on known days: the share on time depends on the date only.
    path = tmp_path / "county.gpkg"
    save_dataset(path, replace(hd.dataset(), as_of=date(2025, 7, 1)))
    dataset = load_dataset(path)
    on_data_date = run_report(dataset, _pv_target(), checks={})
    much_later = run_report(dataset, _pv_target(), checks={}, as_of=date(2030, 1, 1))
    county = on_data_date.headline.set_index("target_id").loc["pv_inspection", "value"]
    assert county > much_later.headline.set_index("target_id").loc["pv_inspection", "value"]
    assert much_later.headline.set_index("target_id").loc["pv_inspection", "value"] == 0.0


def test_the_command_line_uses_the_data_s_date_unless_told(
    tiny_dataset: store.Dataset, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "county.gpkg"
    store.write_dataset(path, replace(tiny_dataset, as_of=AS_OF))
    assert main(["report", "--targets", str(TARGETS_FILE), "--data", str(path), "--out", str(tmp_path / "a")]) == 0
    assert "as of 2026-10-31" in capsys.readouterr().out
    assert (
        main(
            [
                "report",
                "--targets",
                str(TARGETS_FILE),
                "--data",
                str(path),
                "--out",
                str(tmp_path / "b"),
                "--as-of",
                "2027-03-01",
            ]
        )
        == 0
    )
    assert "as of 2027-03-01" in capsys.readouterr().out
