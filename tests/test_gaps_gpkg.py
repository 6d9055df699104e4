"""gaps.gpkg: one layer per geometry type and the ``routes`` layer of priced road routes (tests/netfixture.py)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
from openpyxl import load_workbook

from geo.analysis.gap_routes import ROUTE_COLUMNS, routes_of
from geo.analysis.report import Report, run_report
from geo.io.export import GAP_LAYERS, ROUTE_LAYER, gaps_csv_bytes, gaps_gpkg_bytes, write_gaps_gpkg
from geo.io.gap_workbook import gaps_xlsx_bytes
from tests import netfixture as nf
from tests.plans import load_test_targets

AS_OF = date(2025, 7, 1)


@pytest.fixture(scope="module")
def report() -> Report:
    return run_report(nf.dataset(), load_test_targets(), as_of=AS_OF)


def _layers(path: Path) -> dict[str, str]:
    return {str(name): str(kind) for name, kind in pyogrio.list_layers(path)}


def test_one_layer_per_geometry_type_and_a_route_layer(report: Report, tmp_path: Path) -> None:
    path = write_gaps_gpkg(report.gaps, tmp_path / "gaps.gpkg", report.routes)
    layers = _layers(path)
    # netfixture: villages, seats and sites are points, R8 (county road below grade 3) a line,
    # admin villages (e.g. without a clinic) polygons; every route a MultiLineString.
    assert layers == {
        "gaps_points": "Point",
        "gaps_lines": "LineString",
        "gaps_polygons": "Polygon",
        ROUTE_LAYER: "MultiLineString",
    }
    kinds = report.gaps.geometry.geom_type
    counts = {name: len(pyogrio.read_dataframe(path, layer=name)) for name in layers}
    assert counts["gaps_points"] == (kinds == "Point").sum()
    assert counts["gaps_lines"] == (kinds == "LineString").sum() == 1  # R8, the one county road below grade 3
    assert counts["gaps_polygons"] == (kinds == "Polygon").sum()
    assert counts["gaps_points"] + counts["gaps_lines"] + counts["gaps_polygons"] == len(report.gaps)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # atomic: no temporary file left


def test_route_layer_lengths_equal_the_gap_rows(report: Report, tmp_path: Path) -> None:
    path = write_gaps_gpkg(report.gaps, tmp_path / "gaps.gpkg", report.routes)
    routes = pyogrio.read_dataframe(path, layer=ROUTE_LAYER)
    assert routes.crs.to_epsg() == 4490
    assert list(routes.columns) == [*ROUTE_COLUMNS, "geometry"]
    by_id = routes.set_index("route_id")
    # Island: harden R9 (1000 m, 500 000 yuan); Track: harden all of R5 (1800 m, 900 000 yuan).
    island = by_id.loc["road.hardened_natural_villages/Island"]
    assert (island["name"], island["village_name"]) == ("孤岛村", "三村")
    assert island["length_m"] == pytest.approx(1000, abs=1)
    assert island["cost_yuan"] == pytest.approx(500_000, abs=100)
    assert by_id.loc["road.hardened_natural_villages/Track", "length_m"] == pytest.approx(1800, abs=1)
    # every route: drawn length (metres, EPSG:4548) = its gap row's need where no new road is part of it
    metres = routes.to_crs(nf.BUILD_EPSG).length.to_numpy()
    gaps = report.gaps.set_index("route_id").loc[routes["route_id"]]
    no_new_road = (routes["new_road_m"].fillna(0) == 0).to_numpy()
    assert no_new_road.sum() >= 2
    assert metres[no_new_road] == pytest.approx(gaps["need_amount"].to_numpy(dtype=float)[no_new_road], abs=1)
    assert routes["length_m"].to_numpy() == pytest.approx(gaps["need_amount"].to_numpy(dtype=float))
    assert routes["cost_yuan"].to_numpy() == pytest.approx(gaps["cost_yuan"].to_numpy(dtype=float))


def test_gap_rows_csv_and_xlsx_carry_the_route_id(report: Report) -> None:
    with_route = report.gaps["route_id"].dropna()
    assert set(with_route) == set(report.routes["route_id"])
    assert with_route.is_unique
    csv = pd.read_csv(io.BytesIO(gaps_csv_bytes(report.gaps)), encoding="utf-8-sig")
    assert set(csv["route_id"].dropna()) == set(with_route)
    book = load_workbook(io.BytesIO(gaps_xlsx_bytes(report.gaps, report.indicators)))
    found = set()
    for sheet in book.worksheets[1:]:
        header = [c.value for c in sheet[1]]
        if "线路编号" in header:
            found |= {r[header.index("线路编号")] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(with_route) <= found


def test_a_filtered_download_keeps_only_its_routes(report: Report, tmp_path: Path) -> None:
    chosen = report.gaps[report.gaps["feature_id"] == "Island"]
    routes = routes_of(report.routes, chosen)
    assert routes["route_id"].tolist() == ["road.hardened_natural_villages/Island"]
    path = tmp_path / "chosen.gpkg"
    path.write_bytes(gaps_gpkg_bytes(chosen, routes))
    assert len(pyogrio.read_dataframe(path, layer=ROUTE_LAYER)) == 1
    assert sum(len(pyogrio.read_dataframe(path, layer=name)) for name in GAP_LAYERS) == len(chosen)
