"""The demo county (data/demo/fuliang_demo.gpkg): reproducible, consistent and realistic.

* the generator is deterministic (same seed and scale → same bytes), and the committed file is
  exactly what it makes now;
* the county hangs together: codes agree with geometry, one road network joins every township
  seat, the rasters are aligned and cover the county, the population grid sums to the villages;
* it looks like a hilly southern county: villages in the valleys, tea on the slopes, a DEM from
  ~30 m to Fuliang's 1,618 m;
* it leaves a realistic gap against every target of the frozen targets file (none met, none absurd).

Real Fuliang has 18 townships and ~185 administrative villages, more than the 8–15 townships
the issue sketches; the demo keeps the real ones.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from data.demo_gen import config
from data.demo_gen.build import build_demo
from data.make_demo import write_demo
from geo.analysis.network.attach import attach_nearest
from geo.analysis.network.graph import build_graph
from geo.analysis.report import Report, run_report
from geo.analysis.terrain import Surface
from geo.core.crs import analysis_crs
from geo.core.store import Dataset
from layers.registry import load_dataset
from tests.plans import load_test_checks, load_test_targets

DEMO = config.DEFAULT_OUT

pytestmark = pytest.mark.skipif(not DEMO.is_file(), reason="the demo county (data/demo/fuliang_demo.gpkg) is not built")


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return load_dataset(DEMO)


@pytest.fixture(scope="module")
def report(demo: Dataset) -> Report:
    # No as_of: the report must take the file's own "data as of" date.
    return run_report(demo, load_test_targets(), checks=load_test_checks())


@pytest.fixture(scope="module")
def metric(demo: Dataset) -> dict[str, gpd.GeoDataFrame]:
    crs = analysis_crs(demo.layers["townships"])
    return {name: frame.to_crs(crs) for name, frame in demo.layers.items()}


def _county(report: Report) -> pd.DataFrame:
    return report.headline.set_index("target_id")


# --- reproducible -------------------------------------------------------------------------------


def test_the_generator_gives_the_same_bytes_twice(tmp_path: Path) -> None:
    first, second = tmp_path / "a.gpkg", tmp_path / "b.gpkg"
    write_demo(build_demo(scale=0.15), first)
    write_demo(build_demo(scale=0.15), second)
    assert first.read_bytes() == second.read_bytes()
    assert not list(tmp_path.glob(".make_demo.*")), "no temporary folder is left behind"


@pytest.mark.slow
def test_the_committed_file_is_what_the_generator_makes_now(tmp_path: Path) -> None:
    fresh = write_demo(build_demo(), tmp_path / "fuliang_demo.gpkg")
    assert hashlib.sha256(fresh.read_bytes()).hexdigest() == hashlib.sha256(DEMO.read_bytes()).hexdigest(), (
        "data/demo/fuliang_demo.gpkg is stale: run python -m data.make_demo"
    )


def test_the_file_carries_its_data_as_of_date(demo: Dataset, report: Report) -> None:
    assert demo.as_of == config.REFERENCE_DATE
    assert report.as_of == config.REFERENCE_DATE


# --- consistent ---------------------------------------------------------------------------------


def test_size_and_counts_are_those_of_fuliang(metric: dict[str, gpd.GeoDataFrame]) -> None:
    area_km2 = metric["townships"].area.sum() / 1e6
    assert 1_500 <= area_km2 <= 3_000  # real Fuliang: 2,867 km²
    assert len(metric["townships"]) == 18
    assert len(metric["admin_villages"]) == 185
    assert 1_500 <= len(metric["natural_villages"]) <= 2_500
    assert len(metric["roads"]) >= 1_000
    assert len(metric["cell_sites"]) >= 100


def test_every_admin_village_lies_in_its_township(metric: dict[str, gpd.GeoDataFrame]) -> None:
    villages, towns = metric["admin_villages"], metric["townships"].set_index("town_code")
    assert (villages["village_code"].str.slice(0, 9) == villages["town_code"]).all()
    own = towns.geometry.reindex(villages["town_code"]).to_numpy()
    inside = shapely.area(shapely.intersection(villages.geometry.to_numpy(), own)) / villages.area.to_numpy()
    assert inside.min() > 0.99
    # and the villages tile the county: no overlaps, no holes worth a hectare
    assert abs(villages.area.sum() - towns.area.sum()) < 1e4


def test_every_natural_village_lies_in_its_admin_village(metric: dict[str, gpd.GeoDataFrame]) -> None:
    nv, villages = metric["natural_villages"], metric["admin_villages"].set_index("village_code")
    assert nv["village_code"].isin(villages.index).all()
    assert (nv["nv_id"].str.slice(0, 12) == nv["village_code"]).all()
    own = villages.geometry.reindex(nv["village_code"]).to_numpy()
    assert shapely.covered_by(nv.geometry.to_numpy(), own).all()


def test_every_township_has_its_seat_inside(metric: dict[str, gpd.GeoDataFrame], demo: Dataset) -> None:
    towns = demo.layers["townships"]
    seats = gpd.GeoSeries(gpd.points_from_xy(towns["seat_x"], towns["seat_y"]), crs=towns.crs)
    assert shapely.covered_by(seats.to_numpy(), towns.geometry.to_numpy()).all()
    assert towns["is_county_seat"].sum() == 1
    assert towns.loc[towns["is_county_seat"], "town_code"].item() == config.COUNTY_SEAT_TOWN


def test_one_road_network_joins_every_township_seat(metric: dict[str, gpd.GeoDataFrame]) -> None:
    graph = build_graph(metric["roads"].geometry.to_numpy())
    labels = graph.components()
    edge_label = labels[graph.edge_u]
    main = np.bincount(edge_label).argmax()
    assert (edge_label == main).mean() > 0.99
    towns = metric["townships"]
    seats = gpd.GeoSeries(gpd.points_from_xy(towns["seat_x"], towns["seat_y"]), crs=4490).to_crs(towns.crs)
    attached = attach_nearest(
        graph, shapely.get_coordinates(seats.to_numpy()), edge_mask=edge_label == main, max_distance=500.0
    )
    assert len(attached) == len(towns)


def test_the_rasters_are_aligned_and_cover_the_county(demo: Dataset, metric: dict[str, gpd.GeoDataFrame]) -> None:
    dem, population = demo.rasters["dem"], demo.rasters["population"]
    assert dem.shape == population.shape
    assert dem.transform == population.transform
    assert dem.crs == population.crs
    county = shapely.union_all(demo.layers["townships"].to_crs(dem.crs).geometry.to_numpy())
    west, south, east, north = dem.bounds
    assert shapely.contains(shapely.box(west, south, east, north), county)
    assert not np.isnan(dem.masked()[_inside(dem, county)]).any()


def test_the_population_grid_sums_to_the_villages(demo: Dataset) -> None:
    grid = demo.rasters["population"].masked()
    people = demo.layers["natural_villages"]["population"].sum()
    assert np.nansum(grid) == pytest.approx(people, abs=1.0)
    assert people == demo.layers["admin_villages"]["population"].sum()


# --- a hilly southern county --------------------------------------------------------------------


def _inside(grid, county: shapely.Geometry) -> np.ndarray:
    rows, cols = np.indices(grid.shape)
    x, y = grid.transform @ (cols + 0.5, rows + 0.5)
    return shapely.contains_xy(county, x, y)


def test_the_dem_spans_fuliang_s_real_relief(demo: Dataset) -> None:
    dem = demo.rasters["dem"].masked()
    assert 20 <= np.nanmin(dem) <= 60  # the Chang river leaving the county, ~30 m
    assert 1_550 <= np.nanmax(dem) <= 1_650  # 五股尖 1,618 m


def test_villages_sit_in_the_valleys_and_tea_on_the_slopes(demo: Dataset) -> None:
    dem = demo.rasters["dem"]
    county = shapely.union_all(demo.layers["townships"].to_crs(dem.crs).geometry.to_numpy())
    county_mean = np.nanmean(dem.masked()[_inside(dem, county)])
    nv = demo.layers["natural_villages"].to_crs(dem.crs)
    nv_xy = shapely.get_coordinates(nv.geometry.to_numpy())
    village_height = Surface.from_grid(dem).sample(nv_xy[:, 0], nv_xy[:, 1])
    assert np.average(village_height, weights=nv["population"]) < 0.7 * county_mean

    values = dem.masked()
    cell = abs(dem.transform.a)
    d_row, d_col = np.gradient(values, cell)
    slope = np.degrees(np.arctan(np.hypot(d_row, d_col)))
    plots = demo.layers["farm_plots"].to_crs(dem.crs)
    tea = plots[plots["crop"] == "tea"]
    assert len(tea) >= 100
    inverse = ~dem.transform
    tea_xy = shapely.get_coordinates(tea.geometry.representative_point().to_numpy())
    cols, rows = inverse @ (tea_xy[:, 0], tea_xy[:, 1])
    tea_slope = slope[rows.astype(int), cols.astype(int)]
    cols, rows = inverse @ (nv_xy[:, 0], nv_xy[:, 1])
    village_slope = slope[rows.astype(int), cols.astype(int)]
    assert np.median(tea_slope) >= 8.0
    assert np.median(tea_slope) > 2 * np.median(village_slope)


# --- realistic gaps -----------------------------------------------------------------------------


def test_no_target_is_met_and_each_has_gap_rows(report: Report) -> None:
    county = _county(report)
    gaps = report.gaps["target_id"].value_counts()
    for target_id, target in load_test_targets().items():
        assert target_id in county.index, target_id
        judged = not pd.isna(county.loc[target_id, "met"])
        if judged:
            assert not county.loc[target_id, "met"], f"{target_id} is met: the demo should leave a gap"
        if target.level == "province":
            assert not judged, f"{target_id}: a province-wide target is reported, not judged, for a county"
            continue  # nothing to list per unit for a province-wide sum
        assert gaps.get(target_id, 0) >= 1, f"{target_id} has no gap row"


def test_the_county_figures_are_realistic_for_a_jiangxi_county(report: Report) -> None:
    value = _county(report)["value"]
    # A handful of valley villages in a terrain shadow: the generator's 5 on purpose, and 5 seats
    # behind a crest between the generator's once-a-cell sight samples, which the exact line of
    # sight finds (issue 9): 175 / 185 = 94.6 % (97.3 % with the sampled test).
    assert 0.93 <= value["telecom_4g_2021"] < 0.99
    assert 0.7 <= value["telecom_5g_2025"] <= 0.9
    assert 0.75 <= value["road_township_grade3"] <= 0.9  # 2–4 townships without a grade-3 route
    assert 0.75 <= value["road_county_grade3_2025"] <= 0.92
    assert 0.6 <= value["pv_inspection"] <= 0.8
    # every judged share is a real gap, not an absurd one
    county = _county(report).loc[list(load_test_targets())].dropna(subset=["met"])
    shares = county[county["target"] <= 1.0]["value"]
    assert shares.between(0.5, 1.0).all(), shares[~shares.between(0.5, 1.0)]


def test_4g_reaches_almost_everyone(report: Report) -> None:
    details = report.results["telecom_4g_2021"].details
    covered = details["population_covered"].sum() / details["population"].sum()
    assert 0.95 <= covered < 1.0
    blocked = report.gaps[report.gaps["target_id"] == "telecom_4g_2021"]
    assert 3 <= len(blocked) <= 12  # 5 shadowed on purpose + 5 behind a crest (issue 9): 10
    assert blocked["reason_en"].str.contains("terrain").all()  # in radius, behind a ridge
