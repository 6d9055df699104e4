"""A new county in one afternoon: ``geo new`` → import a coordinate-less ledger → ``geo report`` (issue 12).

The generated county has only what a county really has: the NBS codes of 沁水县 (bundled list), a
boundary, the village committee points (three villages without one) and a natural-village ledger
keyed by 乡镇 + 行政村 + 自然村名称, without coordinates.
"""

from __future__ import annotations

import io
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.analysis.catalog import CATALOG
from geo.analysis.needs import NEEDS
from geo.cli import main
from geo.core import nbs, store
from geo.core.crs import analysis_crs

CODE = "140521"
CENTRE = (112.2, 35.7)
RADIUS_DEG = 0.3
# Three village committees of 龙港镇 get a ledger: two natural villages each, 100 people with
# centralized water and 50 without: the county's centralized rate is 3 × 100 / (3 × 150) = 2/3.
LEDGER_VILLAGES = ("南瑶村委会", "上苏庄村委会", "柿元村委会")
WITHOUT_POINT = ("140521206213", "140521206214", "140521206215")


def boundary() -> shapely.Polygon:
    angles = np.linspace(0, 2 * np.pi, 24, endpoint=False)
    return shapely.Polygon(
        np.column_stack([CENTRE[0] + RADIUS_DEG * np.cos(angles), CENTRE[1] + RADIUS_DEG * np.sin(angles)])
    )


def village_points() -> pd.DataFrame:
    """A golden-angle spiral: distinct points well inside the boundary, one per village but three."""
    villages = nbs.county_villages(CODE)
    n = len(villages)
    i = np.arange(n)
    r = 0.9 * RADIUS_DEG * np.sqrt((i + 0.5) / n)
    theta = i * np.pi * (3 - np.sqrt(5))
    frame = pd.DataFrame(
        {
            "行政村代码": villages["village_code"],
            "村名称": villages["name"],
            "经度": CENTRE[0] + r * np.cos(theta),
            "纬度": CENTRE[1] + r * np.sin(theta),
        }
    )
    return frame[~frame["行政村代码"].isin(WITHOUT_POINT)]


def ledger() -> pd.DataFrame:
    rows = []
    for name in LEDGER_VILLAGES:
        rows.append(
            {
                "乡镇": "龙港镇",
                "行政村": name,
                "自然村名称": f"{name[:2]}东",
                "户数": 30,
                "人口": 100,
                "供水方式": "集中供水",
                "垃圾收运": "是",
                "卫生厕所户数": 30,
            }
        )
        rows.append(
            {
                "乡镇": "龙港镇",
                "行政村": name,
                "自然村名称": f"{name[:2]}西",
                "户数": 15,
                "人口": 50,
                "供水方式": "分散供水",
                "垃圾收运": "否",
                "卫生厕所户数": 0,
            }
        )
    return pd.DataFrame(rows)


def write_files(tmp_path: Path) -> dict[str, Path]:
    """The county's files in ``tmp_path``, and where its store goes."""
    out = {
        "boundary": tmp_path / "沁水县.geojson",
        "villages": tmp_path / "村委会.csv",
        "ledger": tmp_path / "自然村台账.xlsx",
    }
    gpd.GeoDataFrame({"name": ["沁水县"]}, geometry=[boundary()], crs=4326).to_file(out["boundary"])
    village_points().to_csv(out["villages"], index=False)
    buffer = io.BytesIO()
    ledger().to_excel(buffer, index=False)
    out["ledger"].write_bytes(buffer.getvalue())
    out["store"] = tmp_path / "qinshui.gpkg"
    return out


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return write_files(tmp_path)


def new_store(files: dict[str, Path]) -> int:
    return main(
        [
            "new",
            "--county",
            CODE,
            "--boundary",
            str(files["boundary"]),
            "--villages",
            str(files["villages"]),
            "--out",
            str(files["store"]),
        ]
    )


def test_every_indicator_and_check_says_which_layers_it_needs() -> None:
    assert set(CATALOG.indicators) | set(CATALOG.checks) <= set(NEEDS)


def test_geo_new_creates_the_county_from_its_code(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert new_store(files) == 0
    said = capsys.readouterr().out
    assert "沁水县" in said
    assert "EPSG:4546" in said
    data = store.read_dataset(files["store"])
    towns, villages = data.layers["townships"], data.layers["admin_villages"]
    assert len(towns) == 12
    assert len(villages) == 193
    # NBS code rule (geo.core.units.kind_from_code): 001–199 and 400–499 (类似居委会) residents' committees
    assert villages["unit_kind"].value_counts().to_dict() == {
        "village_committee": 182,
        "residents_committee": 11,
    }
    assert set(villages["area_source"]) == {"approximate"}
    assert set(towns["area_source"]) == {"approximate"}
    crs = analysis_crs(villages)
    county_area = gpd.GeoSeries([boundary()], crs=4326).to_crs(crs).area.iloc[0]
    assert villages.to_crs(crs).area.sum() == pytest.approx(county_area, rel=1e-6)
    assert towns.to_crs(crs).area.sum() == pytest.approx(county_area, rel=1e-6)
    points = village_points()
    mine = villages.set_index("village_code").loc[points["行政村代码"]]
    inside = shapely.contains_xy(mine.geometry.to_numpy(), points["经度"].to_numpy(), points["纬度"].to_numpy())
    assert inside.all()
    assert villages.set_index("village_code").loc[list(WITHOUT_POINT), "seat_x"].isna().all()  # placed, not located
    assert 'code = "140521"' in (files["store"].parent / "qinshui_plans.toml").read_text(encoding="utf-8")
    assert new_store(files) == 2  # an existing store is never overwritten


def test_the_journey_new_import_report(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new_store(files) == 0
    assert main(["report", "--data", str(files["store"]), "--out", str(tmp_path / "before"), "--quiet"]) == 0
    before = pd.read_csv(tmp_path / "before" / "indicators.csv", dtype={"unit_code": str})
    assert before["value"].isna().all()  # nothing measurable yet: every target "no data", not 0 %
    assert len(pd.read_csv(tmp_path / "before" / "gaps.csv")) == 0
    assert main(["import", "--data", str(files["store"]), "--kind", "natural_villages", str(files["ledger"])]) == 0
    data = store.read_dataset(files["store"])
    nv, admin = data.layers["natural_villages"], data.layers["admin_villages"].set_index("village_code")
    assert len(nv) == 6
    assert nv["location_pending"].all()
    seats = admin.loc[nv["village_code"], ["seat_x", "seat_y"]].to_numpy()
    assert np.allclose(shapely.get_coordinates(nv.geometry.to_numpy()), seats)  # at their village committee
    capsys.readouterr()
    assert main(["report", "--data", str(files["store"]), "--out", str(tmp_path / "after")]) == 0
    said = capsys.readouterr().out
    table = pd.read_csv(tmp_path / "after" / "indicators.csv", dtype={"unit_code": str})
    county = table[table["level"] == "county"].set_index("target_id")
    assert set(county["unit_name"]) == {"沁水县"}
    assert county.loc["water_centralized_2025", "value"] == pytest.approx(2 / 3)
    assert np.isnan(county.loc["telecom_4g_2021", "value"])  # no cell sites: no data, never 0 %
    assert pd.isna(county.loc["telecom_4g_2021", "met"])
    gaps = pd.read_csv(tmp_path / "after" / "gaps.csv")
    assert not gaps["indicator_id"].str.startswith(("telecom", "road", "pv", "relocation")).any()
    assert "无数据 / no data" in said
    assert "cell_sites" in said
    assert "近似范围" in said  # the approximate areas are named in the report's notes
    assert "6 个自然村位置待核实" in said


def test_an_empty_layer_is_none_in_the_county_and_a_missing_one_no_data(files: dict[str, Path], tmp_path: Path) -> None:
    """No cell site at all is a real gap (every village uncovered); no cell-site layer is no data."""
    assert new_store(files) == 0
    data = store.read_dataset(files["store"])
    # the village ledger's figures (a village with 0 people is never judged, so none would be measured)
    data.layers["admin_villages"]["households"] = 30
    data.layers["admin_villages"]["population"] = 100
    data.layers["cell_sites"] = gpd.GeoDataFrame(
        {c: pd.Series(dtype="object") for c in ("site_id", "operator", "tech", "antenna_height_m", "radius_m")},
        geometry=gpd.GeoSeries([], crs=4490),
    )
    store.write_dataset(files["store"], data)
    assert main(["report", "--data", str(files["store"]), "--out", str(tmp_path / "rep"), "--quiet"]) == 0
    table = pd.read_csv(tmp_path / "rep" / "indicators.csv", dtype={"unit_code": str})
    county = table[table["level"] == "county"].set_index("target_id")
    assert county.loc["telecom_4g_2021", "value"] == 0.0  # measured: none of the villages is covered
    assert np.isnan(county.loc["water_centralized_2025", "value"])  # still no natural villages: no data


def test_natural_villages_with_positions_redraw_the_approximate_areas(files: dict[str, Path], tmp_path: Path) -> None:
    """Natural villages imported with coordinates pull their village's area out to them; still a tiling."""
    assert new_store(files) == 0
    before = store.read_dataset(files["store"]).layers["admin_villages"].set_index("village_code")
    # 南瑶村委会 (140521100200) gets a settlement far from it: 0.02° (≈ 1.8 km) east of another village committee
    far_code = before.index[150]
    seat = shapely.Point(before.loc[far_code, "seat_x"] + 0.02, before.loc[far_code, "seat_y"])
    assert not before.loc["140521100200", "geometry"].contains(seat)
    naturals = gpd.GeoDataFrame(
        {"自然村编号": ["NV1"], "自然村名称": ["远屯"], "行政村代码": ["140521100200"], "户数": [10], "人口": [30]}
        | {"供水方式": ["集中供水"], "垃圾收运": ["是"], "卫生厕所户数": [10]},
        geometry=[seat],
        crs=4326,
    )
    path = tmp_path / "自然村.geojson"
    naturals.to_file(path)
    assert main(["import", "--data", str(files["store"]), "--kind", "natural_villages", str(path)]) == 0
    after = store.read_dataset(files["store"]).layers["admin_villages"]
    assert after.set_index("village_code").loc["140521100200", "geometry"].contains(seat)
    crs = analysis_crs(after)
    county_area = gpd.GeoSeries([boundary()], crs=4326).to_crs(crs).area.iloc[0]
    assert after.to_crs(crs).area.sum() == pytest.approx(county_area, rel=1e-6)
    assert set(after["area_source"]) == {"approximate"}
