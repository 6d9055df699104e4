"""Reading bureau files: every format, encoding and CRS case, broken inputs, and real public data as a user would."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pyogrio
import pytest
import rasterio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import CRS, Geod, Transformer
from rasterio.transform import from_origin
from shapely.geometry import LineString, Point, Polygon

from geo.core.crs import wgs84_to_gcj02
from geo.core.errors import InputDataError
from geo.io.ingest.read import list_sublayers, read_source
from geo.io.ingest.readers.common import SourceFrame
from geo.io.ingest.readers.raster import read_raster_source
from geo.io.ingest.uploads import unpack_upload

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
GEOD = Geod(ellps="WGS84")
NAMES = ["浮梁镇", "瑶里镇", "鹅湖镇"]
CODES = ["360222100000", "360222101000", "360222102000"]
LONS = [117.2, 117.5, 117.35]
LATS = [29.4, 29.5, 29.6]


def metres(lon1: object, lat1: object, lon2: object, lat2: object) -> np.ndarray:
    lon1, lat1, lon2, lat2 = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    return np.atleast_1d(GEOD.inv(*np.broadcast_arrays(lon1, lat1, lon2, lat2))[2])


def towns(crs: int = 4490) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(
        {"名称": NAMES, "code": CODES, "人口": [1200, 800, 950]}, geometry=gpd.points_from_xy(LONS, LATS), crs=4490
    )
    return frame.to_crs(crs)


def write_shapefile(
    folder: Path,
    frame: gpd.GeoDataFrame,
    *,
    encoding: str = "UTF-8",
    cpg: bool = True,
    prj: bool = True,
    stem: str = "村庄",
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.shp"
    pyogrio.write_dataframe(frame, path, encoding=encoding)
    if not cpg:
        path.with_suffix(".cpg").unlink(missing_ok=True)
    if not prj:
        path.with_suffix(".prj").unlink(missing_ok=True)
    return path


def assert_points_at(result: SourceFrame, lons: list[float], lats: list[float], tolerance_m: float = 0.01) -> None:
    frame = result.frame
    assert isinstance(frame, gpd.GeoDataFrame)
    assert frame.crs.to_epsg() == 4490
    assert metres(frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy(), lons, lats).max() < tolerance_m


def problem_of(excinfo: pytest.ExceptionInfo[InputDataError]) -> tuple[str, str]:
    problem = excinfo.value.problems[0]
    return problem.message_zh, problem.message_en


def notes_en(result: SourceFrame) -> str:
    return " | ".join(n.en for n in result.notes)


# --- Shapefile ----------------------------------------------------------------------------------------


def test_gbk_shapefile_without_cpg_is_detected_and_reported(tmp_path: Path) -> None:
    path = write_shapefile(tmp_path, towns(), encoding="GBK", cpg=False)
    assert b"\xb8\xa1\xc1\xba" in path.with_suffix(".dbf").read_bytes()  # 浮梁 in GBK, really
    result = read_source(path)
    assert result.frame["名称"].tolist() == NAMES
    assert result.encoding == "gb18030"
    assert "no .cpg" in notes_en(result)
    assert result.source_name == "村庄.shp"
    assert_points_at(result, LONS, LATS)


def test_gbk_shapefile_with_cpg_is_read_as_declared(tmp_path: Path) -> None:
    path = write_shapefile(tmp_path, towns(), encoding="GBK")
    assert path.with_suffix(".cpg").read_text().strip().upper() == "GBK"
    result = read_source(path)
    assert result.frame["名称"].tolist() == NAMES
    assert result.encoding == "gbk"
    assert ".cpg" not in notes_en(result)


def test_wrong_cpg_is_overruled_by_the_content(tmp_path: Path) -> None:
    path = write_shapefile(tmp_path, towns(), encoding="GBK")
    path.with_suffix(".cpg").write_text("UTF-8")
    result = read_source(path)
    assert result.frame["名称"].tolist() == NAMES
    assert "does not decode" in notes_en(result)


def test_dbf_language_driver_byte_says_gbk(tmp_path: Path) -> None:
    path = write_shapefile(tmp_path, towns(), encoding="GBK", cpg=False)
    dbf = bytearray(path.with_suffix(".dbf").read_bytes())
    dbf[29] = 0x4D  # code page 936, as ArcGIS writes it
    path.with_suffix(".dbf").write_bytes(bytes(dbf))
    result = read_source(path)
    assert result.encoding == "gbk"
    assert result.frame["名称"].tolist() == NAMES


def test_utf8_shapefile_without_cpg(tmp_path: Path) -> None:
    result = read_source(write_shapefile(tmp_path, towns(), cpg=False))
    assert result.frame["名称"].tolist() == NAMES
    assert result.encoding == "utf-8"


def test_user_encoding_overrides_detection(tmp_path: Path) -> None:
    path = write_shapefile(tmp_path, towns(), encoding="GBK", cpg=False)
    assert read_source(path, encoding="GBK").frame["名称"].tolist() == NAMES
    with pytest.raises(InputDataError, match="unknown encoding"):
        read_source(path, encoding="klingon")


def test_extra_columns_and_types_are_kept(tmp_path: Path) -> None:
    frame = towns()
    frame["备注"] = ["", "水源地", None]
    result = read_source(write_shapefile(tmp_path, frame))
    assert list(result.frame.columns) == ["名称", "code", "人口", "备注", "geometry"]
    assert result.frame["code"].tolist() == CODES  # codes stay text
    assert result.frame["人口"].tolist() == [1200, 800, 950]


def test_gauss_kruger_shapefile_with_zone_prefix_and_no_prj(tmp_path: Path) -> None:
    projected = towns(4527)
    assert (projected.geometry.x > 39_000_000).all()
    result = read_source(write_shapefile(tmp_path, projected, prj=False))
    assert result.crs_found is None
    assert result.crs_used is not None
    assert result.crs_used.startswith("EPSG:4527")
    assert "zone number 39" in notes_en(result)
    assert_points_at(result, LONS, LATS)


def test_gauss_kruger_shapefile_without_zone_prefix_needs_the_county_longitude(tmp_path: Path) -> None:
    path = write_shapefile(tmp_path, towns(4548), prj=False)
    with pytest.raises(InputDataError) as info:
        read_source(path)
    zh, en = problem_of(info)
    assert "带号" in zh
    assert "zone number" in en
    assert info.value.problems[0].field == "geometry"
    result = read_source(path, near_lon=117.3)
    assert result.crs_used is not None
    assert result.crs_used.startswith("EPSG:4548")
    assert_points_at(result, LONS, LATS)
    assert read_source(path, crs="EPSG:4548").crs_used == result.crs_used


def test_prj_contradicted_by_the_coordinates_is_replaced(tmp_path: Path) -> None:
    """A .prj saying WGS84 over Gauss-Krüger metres: a common slip when exporting from CAD."""
    path = write_shapefile(tmp_path, towns(4527).set_crs(4326, allow_override=True))
    result = read_source(path)
    assert result.crs_found is not None
    assert result.crs_found.startswith("EPSG:4326")
    assert result.crs_used is not None
    assert result.crs_used.startswith("EPSG:4527")
    assert "does not match" in notes_en(result)
    assert_points_at(result, LONS, LATS)


def test_xian80_shapefile_is_converted_with_a_warning(tmp_path: Path) -> None:
    result = read_source(write_shapefile(tmp_path, towns(2363)))
    assert result.crs_used is not None
    assert "Xian 1980" in result.crs_used
    assert "legacy datum" in notes_en(result)
    # PROJ has no Xi'an 80 → CGCS2000 shift: the coordinates are the plain inverse projection.
    assert_points_at(result, LONS, LATS, tolerance_m=1.0)


def test_lines_and_polygons_keep_their_shape(tmp_path: Path) -> None:
    square = Polygon([(117.2, 29.4), (117.21, 29.4), (117.21, 29.41), (117.2, 29.41)])
    frame = gpd.GeoDataFrame({"名称": ["地块"]}, geometry=[square], crs=4490).to_crs(4527)
    result = read_source(write_shapefile(tmp_path, frame, prj=False, stem="地块"))
    geometry = result.frame.geometry.iloc[0]
    assert geometry.geom_type == "Polygon"
    assert geometry.symmetric_difference(square).area < 1e-12


def test_shapefile_missing_parts_is_a_clear_error(tmp_path: Path) -> None:
    path = write_shapefile(tmp_path, towns())
    path.with_suffix(".dbf").unlink()
    with pytest.raises(InputDataError) as info:
        read_source(path)
    zh, en = problem_of(info)
    assert ".dbf" in zh
    assert "upload the .shp, .shx, .dbf" in en


@pytest.mark.parametrize("part", [".shp", ".dbf", ".shx"])
def test_truncated_shapefile_is_refused_rather_than_read_short(tmp_path: Path, part: str) -> None:
    frame = gpd.GeoDataFrame(
        {"名称": [f"村{i}" for i in range(40)]}, geometry=[Point(117 + i / 100, 29.4) for i in range(40)], crs=4490
    )
    path = write_shapefile(tmp_path, frame)
    target = path.with_suffix(part)
    target.write_bytes(target.read_bytes()[: target.stat().st_size * 2 // 3])
    with pytest.raises(InputDataError) as info:
        read_source(path)
    assert "truncated" in problem_of(info)[1]


def test_zipped_shapefile_is_read_as_uploaded(tmp_path: Path) -> None:
    path = write_shapefile(tmp_path / "src", towns(4527), encoding="GBK", cpg=False, prj=False)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in path.parent.iterdir():
            archive.write(part, f"浮梁县/{part.name}")
    upload = unpack_upload(buffer.getvalue(), "浮梁县乡镇.zip", tmp_path / "work")
    result = read_source(upload)
    assert result.source_name == "村庄.shp"
    assert result.frame["名称"].tolist() == NAMES
    assert_points_at(result, LONS, LATS)
    # The archive itself can be read directly too (unpacked to a temporary folder).
    archive_path = tmp_path / "浮梁县乡镇.zip"
    archive_path.write_bytes(buffer.getvalue())
    direct = read_source(archive_path)
    assert direct.source_name == "浮梁县乡镇.zip › 村庄.shp"
    assert direct.frame["名称"].tolist() == NAMES


def test_zip_with_two_shapefiles_reads_the_chosen_one(tmp_path: Path) -> None:
    villages = write_shapefile(tmp_path / "src", towns(), stem="村庄")
    roads_frame = gpd.GeoDataFrame({"路名": ["X001"]}, geometry=[LineString([(117.2, 29.4), (117.3, 29.5)])], crs=4490)
    roads = write_shapefile(tmp_path / "src", roads_frame, stem="道路")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in sorted(villages.parent.iterdir()):
            archive.write(part, part.name)
    folder = unpack_upload(buffer.getvalue(), "data.zip", tmp_path / "work")
    assert sorted(list_sublayers(folder)) == ["村庄.shp", "道路.shp"]
    archive_path = tmp_path / "data.zip"
    archive_path.write_bytes(buffer.getvalue())
    assert sorted(list_sublayers(archive_path)) == ["村庄.shp", "道路.shp"]
    from_archive = read_source(archive_path, layer="道路.shp")
    assert from_archive.frame["路名"].tolist() == ["X001"]
    assert from_archive.source_name == "data.zip › 道路.shp"
    with pytest.raises(InputDataError, match="choose one"):
        read_source(folder)
    result = read_source(folder, layer="道路.shp")
    assert result.source_name == "道路.shp"
    assert result.frame["路名"].tolist() == ["X001"]
    assert roads.exists()


# --- GeoPackage, GeoJSON, KML ---------------------------------------------------------------------------


def test_geopackage_layers_are_listed_and_chosen(tmp_path: Path) -> None:
    path = tmp_path / "县数据.gpkg"
    pyogrio.write_dataframe(towns(), path, layer="乡镇")
    pyogrio.write_dataframe(towns(4548), path, layer="乡镇_gk", append=False)
    assert list_sublayers(path) == ["乡镇", "乡镇_gk"]
    with pytest.raises(InputDataError, match="several layers"):
        read_source(path)
    assert_points_at(read_source(path, layer="乡镇_gk"), LONS, LATS)
    with pytest.raises(InputDataError) as info:
        read_source(path, layer="道路")
    assert "乡镇_gk" in problem_of(info)[1]


def test_geopackage_is_not_modified_by_reading(tmp_path: Path) -> None:
    path = tmp_path / "a.gpkg"
    pyogrio.write_dataframe(towns(), path)
    before = path.read_bytes()
    read_source(path)
    assert path.read_bytes() == before


def test_geopackage_attribute_table_is_a_ledger(tmp_path: Path) -> None:
    path = tmp_path / "台账.gpkg"
    pyogrio.write_dataframe(pd.DataFrame({"村名": NAMES, "经度": LONS, "纬度": LATS}), path, layer="台账")
    result = read_source(path)
    assert_points_at(result, LONS, LATS)


def test_geojson_wgs84_is_stored_as_cgcs2000(tmp_path: Path) -> None:
    path = tmp_path / "a.geojson"
    pyogrio.write_dataframe(towns(4326), path)
    result = read_source(path)
    assert result.crs_found is not None
    assert result.crs_found.startswith("EPSG:4326")
    assert_points_at(result, LONS, LATS, tolerance_m=1e-6)


def test_gbk_geojson_is_decoded_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.geojson"
    pyogrio.write_dataframe(towns(4326), path)
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    result = read_source(path)
    assert result.frame["名称"].tolist() == NAMES
    assert result.encoding == "gb18030"
    assert "not UTF-8" in notes_en(result)


def test_geojson_in_gauss_kruger_metres_without_crs_member(tmp_path: Path) -> None:
    """GDAL labels a GeoJSON without "crs" WGS84; metres inside it must not be taken as degrees."""
    features = [
        {"type": "Feature", "properties": {"名称": n}, "geometry": {"type": "Point", "coordinates": [x, y]}}
        for n, x, y in zip(NAMES, towns(4527).geometry.x, towns(4527).geometry.y, strict=True)
    ]
    path = tmp_path / "gk.geojson"
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), encoding="utf-8"
    )
    result = read_source(path)
    assert result.crs_used is not None
    assert result.crs_used.startswith("EPSG:4527")
    assert_points_at(result, LONS, LATS)


def test_gcj02_geojson_is_converted_when_the_user_says_so(tmp_path: Path) -> None:
    glon, glat = wgs84_to_gcj02(np.array(LONS), np.array(LATS))
    path = tmp_path / "amap.geojson"
    pyogrio.write_dataframe(gpd.GeoDataFrame({"名称": NAMES}, geometry=gpd.points_from_xy(glon, glat), crs=4326), path)
    raw = read_source(path)
    assert (
        metres(raw.frame.geometry.x, raw.frame.geometry.y, LONS, LATS).min() > 300
    )  # GCJ-02 is hundreds of metres off
    result = read_source(path, from_gcj02=True)
    assert_points_at(result, LONS, LATS, tolerance_m=0.05)
    assert "GCJ-02" in notes_en(result)
    with pytest.raises(InputDataError, match="projected"):
        read_source(write_shapefile(tmp_path, towns(4527)), from_gcj02=True)


def kml(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"{body}</Document></kml>"
    )


def placemark(name: str, lon: float, lat: float, extra: str = "") -> str:
    data = f'<ExtendedData><Data name="户数"><value>{extra}</value></Data></ExtendedData>' if extra else ""
    return f"<Placemark><name>{name}</name>{data}<Point><coordinates>{lon},{lat},0</coordinates></Point></Placemark>"


def test_kml_from_a_phone_keeps_names_and_extended_data(tmp_path: Path) -> None:
    path = tmp_path / "巡查.kml"
    path.write_text(
        kml("".join(placemark(n, x, y, "35") for n, x, y in zip(NAMES, LONS, LATS, strict=True))), encoding="utf-8"
    )
    result = read_source(path)
    assert result.frame["Name"].tolist() == NAMES
    assert result.frame["户数"].tolist() == ["35", "35", "35"]
    assert "tessellate" not in result.frame.columns  # LIBKML boilerplate without content is dropped
    assert_points_at(result, LONS, LATS)


def test_kml_folders_are_merged_with_their_names(tmp_path: Path) -> None:
    path = tmp_path / "轨迹.kml"
    folders = (
        f"<Folder><name>水源</name>{placemark(NAMES[0], LONS[0], LATS[0])}</Folder>"
        f"<Folder><name>学校</name>{placemark(NAMES[1], LONS[1], LATS[1])}{placemark(NAMES[2], LONS[2], LATS[2])}</Folder>"
    )
    path.write_text(kml(folders), encoding="utf-8")
    assert list_sublayers(path) == ["水源", "学校"]
    result = read_source(path)
    assert result.frame["kml_folder"].tolist() == ["水源", "学校", "学校"]
    assert "folders" in notes_en(result)
    assert read_source(path, layer="学校").frame["Name"].tolist() == NAMES[1:]


def test_gbk_kml_with_its_declaration_is_read(tmp_path: Path) -> None:
    path = tmp_path / "gbk.kml"
    text = kml(placemark(NAMES[0], LONS[0], LATS[0])).replace('encoding="UTF-8"', 'encoding="GBK"')
    path.write_bytes(text.encode("gbk"))
    assert read_source(path).frame["Name"].tolist() == NAMES[:1]


def test_kmz_is_read(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("doc.kml", kml(placemark(NAMES[0], LONS[0], LATS[0])))
    path = tmp_path / "点.kmz"
    path.write_bytes(buffer.getvalue())
    result = read_source(path)
    assert result.frame["Name"].tolist() == NAMES[:1]
    assert result.source_name == "点.kmz"


# --- CSV and Excel ledgers ------------------------------------------------------------------------------


def write_csv(path: Path, frame: pd.DataFrame, encoding: str) -> Path:
    path.write_bytes(frame.to_csv(index=False).encode(encoding))
    return path


LEDGER = pd.DataFrame({"村代码": CODES, "村名": NAMES, "经度": LONS, "纬度": LATS, "户数": ["35", "120", "0"]})


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("gbk", "gb18030"), ("gb18030", "gb18030"), ("utf-8-sig", "utf-8"), ("utf-8", "utf-8"), ("utf-16", "utf-16")],
)
def test_csv_ledger_encodings(tmp_path: Path, encoding: str, expected: str) -> None:
    result = read_source(write_csv(tmp_path / "台账.csv", LEDGER, encoding))
    assert result.encoding == expected
    assert result.frame["村名"].tolist() == NAMES
    assert result.frame["村代码"].tolist() == CODES
    assert_points_at(result, LONS, LATS)
    assert ("GB18030" in notes_en(result)) == (expected == "gb18030")


def test_csv_with_chinese_text_only_after_a_long_ascii_start(tmp_path: Path) -> None:
    rows = "v,117.2,29.4\n" * 100_000  # 1.2 MB of ASCII, then GBK
    path = tmp_path / "long.csv"
    path.write_bytes(("name,lon,lat\n" + rows + "浮梁镇,117.2,29.4\n").encode("gbk"))
    result = read_source(path)
    assert result.encoding == "gb18030"
    assert result.frame["name"].iloc[-1] == "浮梁镇"


def test_csv_codes_keep_leading_zeros_and_every_column(tmp_path: Path) -> None:
    ledger = LEDGER.assign(编号=["007", "010", "100"])
    result = read_source(write_csv(tmp_path / "a.csv", ledger, "utf-8"))
    assert result.frame["编号"].tolist() == ["007", "010", "100"]
    assert list(result.frame.columns) == [*ledger.columns, "geometry"]


@pytest.mark.parametrize(
    ("lon_name", "lat_name"),
    [("lng", "lat"), ("Longitude", "Latitude"), ("经度（°）", "纬度（°）"), ("GPS_X", "GPS_Y"), ("东经", "北纬")],
)
def test_csv_coordinate_column_names(tmp_path: Path, lon_name: str, lat_name: str) -> None:
    frame = LEDGER.rename(columns={"经度": lon_name, "纬度": lat_name})
    assert_points_at(read_source(write_csv(tmp_path / "a.csv", frame, "utf-8")), LONS, LATS)


def test_csv_user_named_coordinate_columns(tmp_path: Path) -> None:
    frame = LEDGER.rename(columns={"经度": "东", "纬度": "北"})
    path = write_csv(tmp_path / "a.csv", frame, "utf-8")
    assert_points_at(read_source(path, lon_column="东", lat_column="北"), LONS, LATS)
    with pytest.raises(InputDataError, match="no column"):
        read_source(path, lon_column="经", lat_column="北")
    with pytest.raises(InputDataError, match="both"):
        read_source(path, lon_column="东")


def test_csv_degrees_minutes_seconds(tmp_path: Path) -> None:
    frame = LEDGER.assign(
        经度=["117°12′0″E", "东经117度30分", "117°21'0\""], 纬度=["29°24′N", "29.5", "北纬29度36分0秒"]
    )
    assert_points_at(read_source(write_csv(tmp_path / "a.csv", frame, "gbk")), LONS, LATS)


def test_csv_latitude_first_is_swapped_with_a_note(tmp_path: Path) -> None:
    frame = LEDGER.rename(columns={"经度": "y", "纬度": "x"})  # lat in "x", lon in "y"
    result = read_source(write_csv(tmp_path / "a.csv", frame, "utf-8"))
    assert_points_at(result, LONS, LATS)
    assert "swapped" in notes_en(result)


def test_csv_survey_coordinates_x_northing_with_zone_prefix(tmp_path: Path) -> None:
    """Surveyors' tables: X = northing, Y = easting with the zone number (CGCS2000 zone 39)."""
    gk = towns(4527)
    frame = pd.DataFrame({"点名": NAMES, "X": gk.geometry.y.round(3), "Y": gk.geometry.x.round(3)})
    result = read_source(write_csv(tmp_path / "控制点.csv", frame, "gbk"))
    assert result.crs_used is not None
    assert result.crs_used.startswith("EPSG:4527")
    assert_points_at(result, LONS, LATS, tolerance_m=0.01)


def test_csv_bad_coordinates_name_row_and_column(tmp_path: Path) -> None:
    frame = LEDGER.assign(经度=["117.2", "不详", "117.35"], 纬度=["29.4", "29.5", ""])
    with pytest.raises(InputDataError) as info:
        read_source(write_csv(tmp_path / "台账.csv", frame, "utf-8"))
    problems = {(p.feature, p.field) for p in info.value.problems}
    assert problems == {(1, "经度"), (2, "纬度")}
    bad = next(p for p in info.value.problems if p.feature == 1)
    assert bad.source == "台账.csv"
    assert "第 3 行" in bad.message_zh  # spreadsheet line: header is line 1
    assert "不详" in bad.message_en


def test_problem_lines_count_title_and_blank_rows(tmp_path: Path) -> None:
    path = tmp_path / "台账.csv"
    path.write_text("浮梁县台账\n\n村名,经度,纬度\n甲,117.2,29.4\n\n乙,117.3,bad\n", encoding="utf-8")
    with pytest.raises(InputDataError) as info:
        read_source(path)
    (problem,) = info.value.problems
    assert (problem.feature, problem.field) == (1, "纬度")
    assert "line 6" in problem.message_en  # as a text editor or Excel numbers it


def test_csv_rows_without_coordinates_are_kept(tmp_path: Path) -> None:
    frame = LEDGER.assign(经度=["117.2", "", "117.35"], 纬度=["29.4", "", "29.6"])
    result = read_source(write_csv(tmp_path / "a.csv", frame, "utf-8"))
    assert len(result.frame) == 3
    assert result.frame.geometry.isna().tolist() == [False, True, False]
    assert "1 row(s) have no coordinates" in notes_en(result)


def test_csv_without_coordinates_is_a_plain_ledger(tmp_path: Path) -> None:
    result = read_source(write_csv(tmp_path / "a.csv", LEDGER.drop(columns=["经度", "纬度"]), "gbk"))
    assert type(result.frame) is pd.DataFrame
    assert result.frame["村代码"].tolist() == CODES
    assert "without coordinates" in notes_en(result)


def test_columns_merely_called_x_and_y_do_not_block_a_ledger(tmp_path: Path) -> None:
    frame = pd.DataFrame({"村名": NAMES, "x": ["3", "5", "7"], "y": ["甲", "乙", "丙"]})
    result = read_source(write_csv(tmp_path / "a.csv", frame, "utf-8"))
    assert type(result.frame) is pd.DataFrame
    assert result.frame["x"].tolist() == ["3", "5", "7"]
    assert "do not look like coordinates" in notes_en(result)
    with pytest.raises(InputDataError, match="not a coordinate"):  # named by the user: an error, not a fallback
        read_source(tmp_path / "a.csv", lon_column="x", lat_column="y")


def test_csv_title_rows_above_the_header_are_skipped(tmp_path: Path) -> None:
    text = "浮梁县2023年自然村台账,,,,\n填报单位：县乡村振兴局,,,,\n" + LEDGER.to_csv(index=False)
    path = tmp_path / "a.csv"
    path.write_bytes(text.encode("gbk"))
    result = read_source(path)
    assert result.frame["村名"].tolist() == NAMES
    assert "skipped 2 title row(s)" in notes_en(result)


def test_csv_title_line_without_separators(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("浮梁县自然村台账\n" + LEDGER.to_csv(index=False), encoding="utf-8")
    result = read_source(path)
    assert result.frame["村名"].tolist() == NAMES
    assert_points_at(result, LONS, LATS)


def test_csv_with_a_row_wider_than_the_header_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("村名,经度,纬度\n" + "甲,117.2,29.4\n" * 60 + "乙,117.2,29.4,多余,多余\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="malformed CSV"):
        read_source(path)


def test_dbf_table_alone_is_a_ledger(tmp_path: Path) -> None:
    path = write_shapefile(tmp_path, towns(), encoding="GBK", cpg=False)
    dbf = path.with_suffix(".dbf")
    for part in path.parent.iterdir():
        if part != dbf:
            part.unlink()
    result = read_source(dbf)
    assert type(result.frame) is pd.DataFrame
    assert result.frame["名称"].tolist() == NAMES
    assert result.encoding == "gb18030"


def test_tab_and_semicolon_separated(tmp_path: Path) -> None:
    for sep in ("\t", ";"):
        path = tmp_path / "a.csv"
        path.write_text(LEDGER.to_csv(index=False, sep=sep), encoding="utf-8")
        assert_points_at(read_source(path), LONS, LATS)


def test_gcj02_csv_point_converts_to_within_a_metre_of_its_true_position(tmp_path: Path) -> None:
    """The known point: Fuliang's seat in WGS84, shifted to GCJ-02 by an independent implementation (prcoords)."""
    prcoords = pytest.importorskip("prcoords", reason="prcoords (test-only, requirements-dev.txt) is not installed")
    true_lon, true_lat = 117.2150, 29.3526
    shifted = prcoords.wgs_gcj((true_lat, true_lon))
    frame = pd.DataFrame({"名称": ["浮梁县人民政府"], "lng": [f"{shifted.lon:.7f}"], "lat": [f"{shifted.lat:.7f}"]})
    path = write_csv(tmp_path / "高德拾取.csv", frame, "utf-8")
    raw = read_source(path)
    assert metres(raw.frame.geometry.x, raw.frame.geometry.y, true_lon, true_lat)[0] > 300
    result = read_source(path, from_gcj02=True)
    assert_points_at(result, [true_lon], [true_lat], tolerance_m=1.0)


def test_excel_ledger_with_title_row_and_sheets(tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "说明"
    sheet["A1"] = "本表由县乡村振兴局填报"
    data = workbook.create_sheet("自然村")
    data.append(["浮梁县自然村基本情况台账"])
    data.append(list(LEDGER.columns))
    for row in LEDGER.itertuples(index=False):
        data.append([row.村代码, row.村名, row.经度, row.纬度, int(row.户数)])
    workbook.save(path)
    assert list_sublayers(path) == ["说明", "自然村"]
    result = read_source(path, sheet="自然村")
    assert result.frame["村名"].tolist() == NAMES
    assert result.frame["村代码"].tolist() == CODES
    assert result.frame["户数"].tolist() == ["35", "120", "0"]
    assert "title row" in notes_en(result)
    assert_points_at(result, LONS, LATS)
    with pytest.raises(InputDataError, match="no sheet"):
        read_source(path, sheet="道路")


def test_damaged_excel_and_old_xls_are_clear_errors(tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    LEDGER.to_excel(path, index=False)
    path.write_bytes(path.read_bytes()[:500])
    with pytest.raises(InputDataError, match="damaged or truncated"):
        read_source(path)
    old = tmp_path / "台账.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(InputDataError, match=r"save as \.xlsx"):
        read_source(old)


# --- broken and empty inputs ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a.shp", "a.geojson", "a.kml", "a.gpkg", "a.csv", "a.xlsx", "a.tif"])
def test_empty_files_are_clear_errors(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    reader = read_raster_source if name.endswith(".tif") else read_source
    with pytest.raises(InputDataError) as info:
        reader(path)
    assert "empty" in problem_of(info)[1]
    assert info.value.problems[0].source == name


def test_empty_layers_and_tables(tmp_path: Path) -> None:
    geojson = tmp_path / "a.geojson"
    geojson.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(InputDataError, match="no features"):
        read_source(geojson)
    csv = tmp_path / "a.csv"
    csv.write_text("村名,经度,纬度\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="no data rows"):
        read_source(csv)
    blank = tmp_path / "b.csv"
    blank.write_text("\n\n  \n", encoding="utf-8")
    with pytest.raises(InputDataError, match="no data"):
        read_source(blank)


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".kml"])
def test_truncated_files_are_clear_errors(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"a{suffix}"
    frame = gpd.GeoDataFrame(
        {"名称": [f"村{i}" for i in range(200)]}, geometry=[Point(117 + i / 1000, 29.4) for i in range(200)], crs=4326
    )
    pyogrio.write_dataframe(frame, path, driver="LIBKML" if suffix == ".kml" else None)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(InputDataError) as info:
        read_source(path)
    assert "damaged" in problem_of(info)[1] or "truncated" in problem_of(info)[1]


def test_geometry_of_an_unknown_type_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.geojson"
    feature = {"type": "Feature", "properties": {"a": 1}, "geometry": {"type": "Circle", "coordinates": [117.2, 29.4]}}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    with pytest.warns(RuntimeWarning), pytest.raises(InputDataError, match="no feature has a geometry"):
        read_source(path)


def test_file_with_a_wrong_extension_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.gpkg"
    path.write_text("村名,经度\n甲,117\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="cannot be read"):
        read_source(path)


def test_unsupported_and_missing_files(tmp_path: Path) -> None:
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"PK")
    with pytest.raises(InputDataError, match="unsupported"):
        read_source(doc)
    with pytest.raises(InputDataError, match="not found"):
        read_source(tmp_path / "missing.csv")
    tif = tmp_path / "a.tif"
    tif.write_bytes(b"II*\0")
    with pytest.raises(InputDataError, match="raster"):
        read_source(tif)


def test_coordinates_outside_china_are_an_error(tmp_path: Path) -> None:
    frame = LEDGER.assign(经度=["-0.1", "-0.2", "-0.3"], 纬度=["51.5", "51.5", "51.5"])
    with pytest.raises(InputDataError) as info:
        read_source(write_csv(tmp_path / "london.csv", frame, "utf-8"))
    assert "cannot tell the CRS" in problem_of(info)[1]
    assert info.value.problems[0].field == "经度, 纬度"


# --- GeoTIFF --------------------------------------------------------------------------------------------


def write_tif(
    path: Path, crs: int | None, *, bands: int = 1, origin: tuple[float, float] | None = None, size: float = 30.0
) -> np.ndarray:
    values = np.arange(12, dtype="float32").reshape(3, 4)
    if origin is None:
        x, y = Transformer.from_crs(4490, 4527, always_xy=True).transform(117.2, 29.4)
        origin = (x, y)
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=4,
        height=3,
        count=bands,
        dtype="float32",
        crs=CRS.from_epsg(crs) if crs else None,
        transform=from_origin(*origin, size, size),
        nodata=-9999,
    ) as dst:
        for band in range(1, bands + 1):
            dst.write(values, band)
    return values


def test_geotiff_with_crs(tmp_path: Path) -> None:
    values = write_tif(tmp_path / "dem.tif", 4527)
    result = read_raster_source(tmp_path / "dem.tif")
    assert result.grid.crs.to_epsg() == 4527
    assert np.array_equal(result.grid.values, values)
    assert result.grid.nodata == -9999
    assert result.notes == []


def test_geotiff_without_crs_gets_the_guessed_zone(tmp_path: Path) -> None:
    write_tif(tmp_path / "dem.tif", None, bands=2)
    result = read_raster_source(tmp_path / "dem.tif")
    assert result.crs_found is None
    assert result.grid.crs.to_epsg() == 4527
    assert "zone number 39" in notes_en(result)  # type: ignore[arg-type]
    assert "2 bands" in notes_en(result)  # type: ignore[arg-type]
    chosen = read_raster_source(tmp_path / "dem.tif", crs=4527)
    assert chosen.grid.crs.to_epsg() == 4527


def test_geotiff_in_degrees_without_crs(tmp_path: Path) -> None:
    write_tif(tmp_path / "pop.tif", None, origin=(117.2, 29.4), size=0.001)
    assert read_raster_source(tmp_path / "pop.tif").grid.crs.to_epsg() == 4490


def test_broken_geotiffs(tmp_path: Path) -> None:
    path = tmp_path / "dem.tif"
    write_tif(path, 4527)
    path.write_bytes(path.read_bytes()[:300])
    with pytest.raises(InputDataError, match="damaged or truncated"):
        read_raster_source(path)
    plain = tmp_path / "plain.tif"
    with rasterio.open(plain, "w", driver="GTiff", width=2, height=2, count=1, dtype="uint8") as dst:
        dst.write(np.zeros((2, 2), dtype="uint8"), 1)
    with pytest.raises(InputDataError, match="not georeferenced"):
        read_raster_source(plain)
    with pytest.raises(InputDataError, match="GeoTIFF"):
        read_raster_source(write_csv(tmp_path / "a.csv", LEDGER, "utf-8"))


# --- property tests -------------------------------------------------------------------------------------

GBK_TEXT = (
    st.text(
        alphabet=st.sampled_from(list("浮梁瑶里鹅湖镇村组号路一二三四五六七八九十水库学校,\"' -·（）ABCxyz0123456789")),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)
CHINA_POINT = st.tuples(st.floats(73.6, 134.7), st.floats(18.2, 53.5))


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.tuples(GBK_TEXT, CHINA_POINT), min_size=1, max_size=8),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030"]),
)
def test_csv_round_trip(tmp_path: Path, rows: list[tuple[str, tuple[float, float]]], encoding: str) -> None:
    """Any ledger of names and lon/lat in China, in any of the encodings, reads back exactly."""
    names = [name for name, _ in rows]
    lons = [p[0] for _, p in rows]
    lats = [p[1] for _, p in rows]
    frame = pd.DataFrame({"名称": names, "经度": [repr(v) for v in lons], "纬度": [repr(v) for v in lats]})
    path = write_csv(tmp_path / "p.csv", frame, encoding)
    result = read_source(path)
    assert result.frame["名称"].tolist() == names
    assert np.allclose(result.frame.geometry.x, lons, atol=0, rtol=0)
    assert np.allclose(result.frame.geometry.y, lats, atol=0, rtol=0)


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(GBK_TEXT, min_size=1, max_size=6),
    point=CHINA_POINT,
    prefix=st.booleans(),
    encoding=st.sampled_from(["GBK", "UTF-8"]),
    cpg=st.booleans(),
)
def test_shapefile_round_trip(
    tmp_path: Path, names: list[str], point: tuple[float, float], prefix: bool, encoding: str, cpg: bool
) -> None:
    """A county's points in its Gauss-Krüger zone, without .prj, in GBK or UTF-8, with or without .cpg, read back."""
    from geo.core.crs import gk3_epsg

    lon, lat = point
    lons = [lon + 0.01 * i % 0.05 for i in range(len(names))]
    lons = [lon if gk3_epsg(v) != gk3_epsg(lon) else v for v in lons]
    frame = gpd.GeoDataFrame({"名称": names}, geometry=gpd.points_from_xy(lons, [lat] * len(names)), crs=4490)
    folder = tmp_path / f"shp_{os.urandom(4).hex()}"
    path = write_shapefile(
        folder, frame.to_crs(gk3_epsg(lon, zone_prefix=prefix)), encoding=encoding, cpg=cpg, prj=False
    )
    result = read_source(path, near_lon=None if prefix else lon)
    assert result.frame["名称"].tolist() == names
    assert_points_at(result, lons, [lat] * len(names), tolerance_m=0.001)


# --- real public data, read as a user would --------------------------------------------------------------

requires_realdata = pytest.mark.skipif(not REALDATA.is_dir(), reason="shared/realdata is not available")


@requires_realdata
def test_real_amap_gcj02_boundaries_uploaded_and_converted(tmp_path: Path) -> None:
    """The real Amap (GCJ-02) county outlines, uploaded as a user would, land on the Tianditu ones once converted."""
    source = REALDATA / "county_boundaries_amap_GCJ02_fixture.geojson"
    upload = unpack_upload(source.read_bytes(), source.name, tmp_path)
    result = read_source(upload, from_gcj02=True)
    assert result.source_name == source.name
    truth = gpd.read_file(REALDATA / "county_boundaries_tianditu_wgs84.geojson")
    metric = 4548
    frame = result.frame.assign(adcode=result.frame["adcode"].astype(str)).set_index("adcode")
    truth = truth.assign(adcode=truth["district_adcode"].astype(str)).set_index("adcode")
    for adcode in ("450224", "441402"):  # Rong'an, Meijiang: outlines of the same edition
        converted = frame.loc[[adcode]].to_crs(metric).geometry.iloc[0].centroid
        reference = truth.loc[[adcode]].set_crs(4490, allow_override=True).to_crs(metric).geometry.iloc[0].centroid
        assert converted.distance(reference) < 100


@requires_realdata
def test_real_power_plant_ledger_csv(tmp_path: Path) -> None:
    source = REALDATA / "power_plants_targets.csv"
    result = read_source(unpack_upload(source.read_bytes(), source.name, tmp_path))
    frame = result.frame
    assert isinstance(frame, gpd.GeoDataFrame)
    expected = pd.read_csv(source, dtype=str, keep_default_na=False)
    assert len(frame) == len(expected)
    assert list(frame.columns) == [*expected.columns, "geometry"]
    assert "lon" in notes_en(result)
    located = frame[frame.geometry.notna()]
    assert located.geometry.x.between(73, 136).all()
    assert located.geometry.y.between(3, 54).all()
    qinshui = frame[frame["name_local"] == "沁水抽水蓄能电站"].geometry.iloc[0]
    assert (qinshui.x, qinshui.y) == (112.1726, 35.6834)


@requires_realdata
def test_real_geonames_csv_with_latitude_before_longitude() -> None:
    result = read_source(REALDATA / "geonames2015_places_targets.csv")
    frame = result.frame
    assert isinstance(frame, gpd.GeoDataFrame)
    assert "swapped" not in notes_en(result)  # columns are named: no swapping by position
    first = pd.read_csv(REALDATA / "geonames2015_places_targets.csv", nrows=1)
    assert frame.geometry.iloc[0].x == pytest.approx(first["lon"].iloc[0])
    assert frame.geometry.iloc[0].y == pytest.approx(first["lat"].iloc[0])


@requires_realdata
def test_real_village_code_ledger_keeps_twelve_digit_codes() -> None:
    result = read_source(REALDATA / "nbs2023_villages_targets.csv")
    frame = result.frame
    assert type(frame) is pd.DataFrame
    assert len(frame) == 2808
    assert frame["code"].str.fullmatch(r"\d{12}").all()
    assert (frame["countyName"] == "浮梁县").sum() == 197


# --- encoding helpers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("declared", "codec"),
    [
        ("UTF-8", "utf-8"),
        ("utf8", "utf-8"),
        ("65001", "utf-8"),
        ("GBK", "gbk"),
        ("936", "gbk"),
        ("CP936", "gbk"),
        ("ANSI 936", "gbk"),
        ("GB2312", "gbk"),
        ("GB18030", "gb18030"),
        ("ISO-8859-1", "latin-1"),
        ("windows-1252", "cp1252"),
        ("nonsense", None),
        ("", None),
    ],
)
def test_declared_encodings_are_normalized(declared: str, codec: str | None) -> None:
    from geo.io.ingest.encoding import normalize_encoding

    assert normalize_encoding(declared) == codec


def test_bytes_encoding_detection() -> None:
    from geo.io.ingest.encoding import detect_bytes_encoding

    assert detect_bytes_encoding("浮梁".encode()) == "utf-8"
    assert detect_bytes_encoding("\ufeff浮梁".encode()) == "utf-8-sig"
    assert detect_bytes_encoding("浮梁".encode("gbk")) == "gb18030"
    assert detect_bytes_encoding("浮梁".encode("utf-16")) == "utf-16"
    assert detect_bytes_encoding(b"plain ascii") == "utf-8"
    cut = "浮梁".encode()[:-1]  # a sample cut inside a character
    assert detect_bytes_encoding(cut, partial=True) == "utf-8"
    assert detect_bytes_encoding(b"\x81") is None  # a lone GB18030 lead byte decodes in neither
