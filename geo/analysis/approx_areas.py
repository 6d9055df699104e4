"""Approximate village and township areas where no surveyed polygons exist.

Village and township polygons are rarely digitized and never public; a county has its boundary
and the points of its village committees. The working areas are the Voronoi cells of those
points (``shapely.voronoi_polygons``, one call for the county), with each village's natural
villages as further generators of the same village, so a village reaches as far as its
settlements do ("weighted by the natural villages"), clipped to the county boundary. A
township is the union of its villages' areas, so villages nest in townships exactly and the
areas tile the county: no gap, no overlap. Every area made here is marked
``area_source = "approximate"`` (:data:`APPROXIMATE`) and is replaced when surveyed polygons
are imported. Work in a metric CRS (the county's Gauss–Krüger zone).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.core.areas import APPROXIMATE

__all__ = ["APPROXIMATE", "SharedPointError", "union_by", "voronoi_areas"]


class SharedPointError(ValueError):
    """Two different units stand on the same point: their areas cannot be told apart."""

    def __init__(self, codes: tuple[str, str]) -> None:
        super().__init__(codes)
        self.codes = codes


def voronoi_areas(boundary: BaseGeometry, points: np.ndarray, codes: np.ndarray) -> pd.Series:
    """Area of every code: the union of the Voronoi cells of its points, clipped to ``boundary``.

    ``points`` (shapely Points) and ``codes`` are parallel; a code may have several points (a
    village and its natural villages). Points repeated within a code count once; the same point
    under two codes raises :class:`SharedPointError`. Returns a Series of (Multi)Polygons indexed by
    code in order of first appearance; a code whose points all lie outside the boundary gets an
    empty polygon (the caller reports it).
    """
    codes = np.asarray(codes, dtype=object)
    points = np.asarray(points, dtype=object)
    order = list(dict.fromkeys(codes.tolist()))
    if not len(order):
        return pd.Series([], dtype=object)
    xy = shapely.get_coordinates(points)
    keys = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1], "code": codes})
    unique = keys.drop_duplicates(["x", "y", "code"])
    shared = unique[unique.duplicated(["x", "y"], keep=False)]
    if len(shared):
        first = shared.iloc[0]
        other = shared[(shared["x"] == first["x"]) & (shared["y"] == first["y"])].iloc[1]
        raise SharedPointError((str(first["code"]), str(other["code"])))
    generators = shapely.points(unique[["x", "y"]].to_numpy())
    if len(generators) == 1:
        cells = np.array([boundary], dtype=object)
    else:
        diagram = shapely.voronoi_polygons(shapely.multipoints(generators), extend_to=boundary, ordered=True)
        cells = shapely.get_parts(diagram)
    clipped = shapely.intersection(cells, boundary)
    frame = pd.DataFrame({"code": unique["code"].to_numpy(), "geometry": clipped})
    areas = {
        code: shapely.make_valid(shapely.coverage_union_all(group.to_numpy()))
        for code, group in frame.groupby("code", sort=False)["geometry"]
    }
    return pd.Series([_polygonal(areas[code]) for code in order], index=pd.Index(order, dtype=object), dtype=object)


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Only the polygon parts of a result (clipping can leave slivers of lines or points)."""
    parts = shapely.get_parts(geometry)
    polygons = [p for p in parts if p.geom_type == "Polygon" and not p.is_empty]
    if not polygons:
        return shapely.Polygon()
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def union_by(areas: pd.Series, groups: pd.Series) -> pd.Series:
    """Union of the areas of each group (townships from their villages), indexed by group in order."""
    frame = pd.DataFrame({"group": groups.to_numpy(), "geometry": areas.to_numpy()})
    return pd.Series(
        {
            group: _polygonal(shapely.make_valid(shapely.coverage_union_all(part.to_numpy())))
            for group, part in frame.groupby("group", sort=False)["geometry"]
        },
        dtype=object,
    )
