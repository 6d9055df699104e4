"""Finding a feature to show on the map: a table row's feature, or a village searched by name or code.

A domain table row names its feature by an id column (``nv_id``, ``works_id``, ``village_code`` …);
:data:`ROW_KEYS` says which layers and key columns such an id may refer to, and :func:`feature_of`
finds the feature in the dataset. :func:`search_index` lists the admin and natural villages with a
label ("洪源村（鹅湖镇）"), and :func:`find` matches a query against their names and codes
(vectorized string matching). The map side is :func:`geo.map.content.focus_on`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import geopandas as gpd
import pandas as pd

from geo.core.crs import STORAGE_EPSG
from geo.core.layer_names import (
    ADMIN_VILLAGES,
    FARM_PLOTS,
    NATURAL_VILLAGES,
    PV_STATIONS,
    RELOCATION_SITES,
    ROADS,
    TOWNSHIPS,
    WATER_WORKS,
)
from geo.core.store import Dataset
from geo.text.i18n import t
from geo.text.series_text import bracketed

# id column of a table → (layer, key column) it may name, tried in order. First match wins in a table.
ROW_KEYS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "nv_id": ((NATURAL_VILLAGES, "nv_id"),),
    "works_id": ((WATER_WORKS, "works_id"),),
    "site_id": ((RELOCATION_SITES, "site_id"),),
    "station_id": ((PV_STATIONS, "station_id"),),
    "road_id": ((ROADS, "road_id"),),
    "plot_id": ((FARM_PLOTS, "plot_id"),),
    "feature_id": ((NATURAL_VILLAGES, "nv_id"), (ADMIN_VILLAGES, "village_code")),
    "code": ((NATURAL_VILLAGES, "nv_id"), (ADMIN_VILLAGES, "village_code")),
    "village_code": ((ADMIN_VILLAGES, "village_code"),),
    "town": ((TOWNSHIPS, "name"),),
}
SEARCH_LAYERS = (ADMIN_VILLAGES, NATURAL_VILLAGES)
SEARCH_LIMIT = 30


def feature_of(dataset: Dataset, candidates: Sequence[tuple[str, str]], feature_id: str) -> gpd.GeoDataFrame | None:
    """The first feature whose key is ``feature_id`` in the candidate (layer, column) pairs, in EPSG:4490."""
    for layer, column in candidates:
        frame = dataset.layers.get(layer)
        if frame is None or column not in frame.columns or not feature_id:
            continue
        hit = frame[frame[column].astype("string").eq(feature_id).fillna(False).to_numpy()]
        if len(hit):
            return hit.iloc[:1].to_crs(STORAGE_EPSG)
    return None


def search_index(dataset: Dataset, *, lang: str = "zh") -> pd.DataFrame:
    """Every admin and natural village: ``layer``, ``key``, ``name``, ``label`` (name with its place and kind)."""
    villages = dataset.layers.get(ADMIN_VILLAGES)
    towns = dataset.layers.get(TOWNSHIPS)
    town_names = (
        pd.Series(towns["name"].astype("string").to_numpy(), index=towns["town_code"].astype("string").to_numpy())
        if towns is not None
        else pd.Series(dtype="string")
    )
    village_names = (
        pd.Series(villages["name"].astype("string").to_numpy(), index=villages["village_code"].astype("string"))
        if villages is not None
        else pd.Series(dtype="string")
    )
    parts = []
    if villages is not None and len(villages):
        place = villages["town_code"].astype("string").map(town_names).fillna("")
        parts.append(_entries(ADMIN_VILLAGES, villages["village_code"], villages["name"], place, "search.admin", lang))
    nv = dataset.layers.get(NATURAL_VILLAGES)
    if nv is not None and len(nv):
        place = nv["village_code"].astype("string").map(village_names).fillna("")
        parts.append(_entries(NATURAL_VILLAGES, nv["nv_id"], nv["name"], place, "search.natural", lang))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in ("layer", "key", "name", "label")})
    return pd.concat(parts, ignore_index=True)


def _entries(layer: str, keys: pd.Series, names: pd.Series, place: pd.Series, kind: str, lang: str) -> pd.DataFrame:
    """Index rows of one layer; labels are built by column arithmetic on the catalogue's bracket pattern."""
    name = pd.Series(names.astype("string").fillna("").to_numpy(), dtype="string")
    where = pd.Series(place.to_numpy(), dtype="string").fillna("")
    note = t(kind, lang) + (t("sep.list", lang) + where).where(where.ne(""), "")
    label = bracketed(name, note, lang)
    return pd.DataFrame(
        {"layer": layer, "key": keys.astype("string").to_numpy(), "name": name.to_numpy(), "label": label.to_numpy()}
    )


def find(index: pd.DataFrame, query: str, *, limit: int = SEARCH_LIMIT) -> pd.DataFrame:
    """Rows of ``index`` whose name or code contains ``query`` (case-insensitive); exact names and codes first."""
    text = query.strip()
    if not text or index.empty:
        return index.iloc[:0]
    names, keys = index["name"].astype("string"), index["key"].astype("string")
    hit = (
        names.str.contains(text, case=False, regex=False).fillna(False)
        | keys.str.contains(text, case=False, regex=False).fillna(False)
    ).to_numpy()
    exact = (names.str.lower().eq(text.lower()) | keys.eq(text)).fillna(False).to_numpy()
    found = index[hit].assign(_exact=~exact[hit])
    return found.sort_values(["_exact", "name", "key"], kind="stable").drop(columns="_exact").head(limit)
