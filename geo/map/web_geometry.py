"""Geometry for the web map: simplified in metres, rounded to ~1 m, as GeoJSON feature collections.

Shared by the layers of :mod:`geo.map.content` and the gap layers of :mod:`geo.map.gap_layers`.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

from geo.core.crs import STORAGE_EPSG

COORD_DECIMALS = 5  # 1e-5° ≈ 1 m: below the accuracy of county data, a third of the payload
POLYGON_TOLERANCE_M = 20.0  # coverage simplification (√ of removed triangle areas, metres)
LINE_TOLERANCE_M = 10.0  # Douglas-Peucker tolerance for roads


def _simplify_polygons(values: np.ndarray, tolerance_m: float, *, coverage: bool) -> np.ndarray:
    """Coverage simplification where the polygons form a clean coverage; real boundaries that are
    not perfectly noded make GEOS refuse it, and then each polygon is simplified on its own."""
    if coverage:
        try:
            return shapely.coverage_simplify(values, tolerance_m)
        except shapely.errors.GEOSException:
            pass
    return shapely.simplify(values, tolerance_m, preserve_topology=True)


def simplify_for_web(
    frame: gpd.GeoDataFrame,
    *,
    metric_crs: CRS,
    coverage: bool = False,
    polygon_tolerance_m: float = POLYGON_TOLERANCE_M,
    line_tolerance_m: float = LINE_TOLERANCE_M,
) -> gpd.GeoSeries:
    """Geometry for the web map: simplified in metres, back in EPSG:4490, rounded to 1e-5°.

    Polygons that tile the county (``coverage=True``) use ``shapely.coverage_simplify``, which
    keeps shared borders shared; other polygons and lines use Douglas-Peucker with topology
    preserved. Points are only rounded. Simplification never removes a feature.
    """
    geoms = frame.geometry
    kinds = set(geoms.geom_type.dropna())
    if kinds & {"Polygon", "MultiPolygon", "LineString", "MultiLineString"}:
        metric = geoms.to_crs(metric_crs)
        values = metric.values
        if kinds <= {"Polygon", "MultiPolygon"}:
            simplified = _simplify_polygons(values, polygon_tolerance_m, coverage=coverage)
        else:
            simplified = shapely.simplify(values, line_tolerance_m, preserve_topology=True)
        keep = shapely.is_empty(simplified) | shapely.is_missing(simplified)
        simplified = np.where(keep, values, simplified)
        geoms = gpd.GeoSeries(simplified, index=frame.index, crs=metric_crs).to_crs(STORAGE_EPSG)
    elif geoms.crs is not None and CRS(geoms.crs).to_epsg() != STORAGE_EPSG:
        geoms = geoms.to_crs(STORAGE_EPSG)
    rounded = shapely.transform(geoms.values, lambda xy: np.round(xy, COORD_DECIMALS))
    return gpd.GeoSeries(rounded, index=frame.index, crs=STORAGE_EPSG)


def feature_collection(geoms: gpd.GeoSeries, props: list[list[str]]) -> dict:
    """A GeoJSON FeatureCollection of ``geoms`` with one ``properties`` list each; empty geometries are left out."""
    features = []
    for geom, prop in zip(geoms.values, props, strict=True):
        if geom is None or geom.is_empty:
            continue
        features.append({"type": "Feature", "geometry": shapely.geometry.mapping(geom), "properties": prop})
    return {"type": "FeatureCollection", "features": features}
