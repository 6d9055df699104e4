"""Natural villages from a ledger without coordinates: placed at their admin village's point, flagged.

A bureau's 自然村台账 lists settlements by 行政村 + 自然村名称 with their water, sanitation and toilet
figures but no coordinates. Rather than refuse it, each row becomes a natural village at its admin
village's point (the village committee's ``seat_x``/``seat_y``, else a point inside the village's
area), flagged ``location_pending`` (位置待核实), so the figures that need no position (water,
sanitation, toilets) work the same day. A later import with coordinates replaces the layer and
moves them; whatever measures distance from a pending point says so in its notes.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.core import store
from geo.core.crs import STORAGE_EPSG
from geo.core.layer_names import ADMIN_VILLAGES
from geo.core.validation import as_text
from geo.io.ingest.crs_guess import Note
from geo.text.i18n import both

LOCATION_PENDING = "location_pending"


def without_points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """A ledger as a layer whose geometry is still unknown (filled by :func:`place_at_villages`)."""
    return gpd.GeoDataFrame(pd.DataFrame(frame), geometry=[None] * len(frame), crs=STORAGE_EPSG)


def village_points(current: store.Dataset) -> pd.Series:
    """The point of every admin village (EPSG:4490): its committee's coordinates, else a point inside it."""
    villages = current.layers[ADMIN_VILLAGES].to_crs(STORAGE_EPSG)
    points = shapely.point_on_surface(villages.geometry.to_numpy())
    if "seat_x" in villages and "seat_y" in villages:
        x = pd.to_numeric(villages["seat_x"], errors="coerce").to_numpy(dtype=float)
        y = pd.to_numeric(villages["seat_y"], errors="coerce").to_numpy(dtype=float)
        known = np.isfinite(x) & np.isfinite(y)
        points[known] = shapely.points(x[known], y[known])
    return pd.Series(points, index=as_text(villages["village_code"]).to_numpy(), dtype=object)


def place_at_villages(layer: gpd.GeoDataFrame, current: store.Dataset, notes: list[Note]) -> gpd.GeoDataFrame:
    """Put every row at its admin village's point, flag it 位置待核实, and give it an id when it has none.

    Rows whose village is unknown keep no geometry (the contract check reports them, naming the row).
    """
    if ADMIN_VILLAGES not in current.layers or "village_code" not in layer.columns:
        return layer
    codes = as_text(layer["village_code"])
    points = village_points(current)
    found = points.reindex(codes.fillna("").to_numpy()).to_numpy()
    out = layer.copy()
    out = out.set_geometry(gpd.GeoSeries(found, index=out.index, crs=STORAGE_EPSG))
    out[LOCATION_PENDING] = True
    if "nv_id" not in out.columns or as_text(out["nv_id"]).isna().all():
        sequence = out.groupby(codes.fillna("").to_numpy()).cumcount() + 1
        out["nv_id"] = codes.fillna("").to_numpy() + pd.Series(sequence).map("{:03d}".format).to_numpy()
    notes.append(Note(*both("ingest.placed.at_villages", n=int(pd.notna(found).sum()))))
    return out
