"""The meeting view's on-screen map (会议大屏): few layers, villages coloured by status, coarse polygons.

A wall screen shows townships, roads and the admin villages coloured by their status for a
target (met / near / far / not judged / no data, as classified by :mod:`geo.analysis.status`),
so the screen agrees with the printed map (:mod:`geo.map.printed`). Polygons are simplified to
the scale of the scope, so a province stays light and a drilled-down township keeps its detail.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from geo.analysis import status as target_status
from geo.core.crs import analysis_crs
from geo.core.layer_names import ADMIN_VILLAGES, NATURAL_VILLAGES, ROADS, TOWNSHIPS
from geo.core.scope import for_townships
from geo.core.store import Dataset
from geo.core.targets import Target
from geo.map import choropleth
from geo.map.content import LayerKindLike, MapContent, compose, prepare_map
from geo.map.web_geometry import POLYGON_TOLERANCE_M
from geo.text.i18n import DEFAULT_LANG


def status_counts(status: pd.Series) -> dict[str, int]:
    """Villages per status of :data:`geo.analysis.status.STATUSES`, every status listed (zero when absent)."""
    counts = status.value_counts()
    return {name: int(counts.get(name, 0)) for name in target_status.STATUSES}


MEETING_LAYERS = (TOWNSHIPS, ADMIN_VILLAGES, ROADS, NATURAL_VILLAGES)  # few layers: a wall screen, not a GIS
# Polygons are simplified to at least 1/SCREEN_PX of the map's width: invisible at full extent on a
# 4K wall; it cuts a province of 20,000 villages from 40 to 17 MB of map (bench/render_bench.py).
SCREEN_PX = 4000


def coarsen_polygons(
    dataset: Dataset, crs: CRS, *, layers: Sequence[str] = (TOWNSHIPS, ADMIN_VILLAGES), screen_px: int = SCREEN_PX
) -> Dataset:
    """The dataset with its coverage polygons simplified to the map's scale (width / ``screen_px``).

    A county map (~100 km wide) is simplified to ~25 m, close to the web map's own 20 m; a
    province (~300 km) to ~75 m. ``shapely.coverage_simplify`` keeps shared borders shared; a
    coverage it cannot process (overlaps, slivers) is simplified feature by feature instead.
    Nothing is done when the scale asks for no more than the web map's own tolerance.
    """
    frames = [dataset.layers[name] for name in layers if name in dataset.layers and len(dataset.layers[name])]
    if not frames:
        return dataset
    bounds = np.array([frame.to_crs(crs).total_bounds for frame in frames])
    tolerance = (bounds[:, 2].max() - bounds[:, 0].min()) / screen_px
    if tolerance <= POLYGON_TOLERANCE_M:
        return dataset
    out = dict(dataset.layers)
    for name in layers:
        frame = out.get(name)
        if frame is None or not len(frame):
            continue
        metric = frame.geometry.to_crs(crs).values
        try:
            simplified = shapely.coverage_simplify(metric, tolerance)
        except shapely.errors.GEOSException:
            simplified = shapely.simplify(metric, tolerance, preserve_topology=True)
        keep = shapely.is_empty(simplified) | shapely.is_missing(simplified)
        simplified = np.where(keep, metric, simplified)
        out[name] = frame.set_geometry(gpd.GeoSeries(simplified, index=frame.index, crs=crs).to_crs(frame.crs))
    return Dataset(layers=out, rasters=dict(dataset.rasters), source=dataset.source)


def meeting_content(
    dataset: Dataset,
    kinds: Sequence[LayerKindLike],
    *,
    target: Target | None = None,
    indicators: pd.DataFrame | None = None,
    town_codes: Collection[str] = (),
    town_names: Mapping[str, str] | None = None,
    lang: str = DEFAULT_LANG,
) -> MapContent:
    """The meeting view's web map: townships, roads and the admin villages coloured by status for ``target``.

    ``kinds`` are the layer kinds of :data:`MEETING_LAYERS` (``layers.registry.LAYER_KINDS``).
    Without a target the villages and natural villages are drawn plainly (a layer map); with
    one, the coloured villages replace both (each village is sent to the browser once). The
    metric CRS is the county's; polygons are simplified to the scale of the scope
    (:func:`coarsen_polygons`), so a drilled-down township keeps its detail.
    """
    towns = dataset.layers.get(TOWNSHIPS)
    crs = analysis_crs(towns if towns is not None and len(towns) else dataset.layer(ADMIN_VILLAGES))
    scoped = coarsen_polygons(for_townships(dataset, town_codes), crs)
    if target is None or indicators is None:
        return prepare_map(scoped, kinds, lang=lang, shown=MEETING_LAYERS)
    # The coloured villages replace the plain ones, and natural villages stay off the status map: half the payload.
    kinds = [kind for kind in kinds if kind.schema.name not in (ADMIN_VILLAGES, NATURAL_VILLAGES)]
    content = prepare_map(scoped, kinds, lang=lang)
    layer = choropleth.choropleth_layer(
        scoped.layer(ADMIN_VILLAGES), indicators, target, metric_crs=crs, town_names=town_names, lang=lang
    )
    return compose(content, overlays=[layer])
