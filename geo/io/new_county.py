"""A new county's store from its code, its boundary and (where it has them) its village committee points.

``python -m geo new --county 140521 --boundary 沁水县.geojson --villages 村委会.xlsx --out qinshui.gpkg``
and the 新建县 form of the import page call :func:`create_store`. The townships and admin villages
come from the NBS code list (:mod:`geo.core.nbs`: codes, official names, 村委会/居委会 kind); their
areas are approximate (:mod:`geo.analysis.approx_areas`: Voronoi of the village points clipped to
the boundary, townships the union of their villages) and marked ``area_source = "approximate"``
until surveyed polygons are imported. A village without a point is placed near its township's
other villages (flagged in a note). Metric work is done in the Gauss–Krüger zone of the boundary.
Beside the store, ``<stem>_plans.toml`` names the county's code, so the plans of 沁水县, 晋城市 and
山西省 judge it (:mod:`geo.core.plan_chain`). Households and population are 0 until the village
ledger is imported.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from geo.analysis.approx_areas import APPROXIMATE, SharedPointError, union_by, voronoi_areas
from geo.core import nbs, store
from geo.core.areas import approximate_mask
from geo.core.crs import STORAGE_EPSG, analysis_crs
from geo.core.errors import InputDataError, Problem
from geo.core.layer_names import ADMIN_VILLAGES, TOWNSHIPS
from geo.core.plan_settings import settings_path
from geo.core.units import RESIDENTS_COMMITTEE, VILLAGE_COMMITTEE
from geo.core.validation import as_text
from geo.io.ingest import ledger as ledger_join
from geo.io.ingest.read import read_source
from geo.text.i18n import bilingual, both, t

_SPIRAL_STEP_M = 300.0  # spacing of villages placed without a point around their township's centre
_GOLDEN_ANGLE = np.pi * (3.0 - np.sqrt(5.0))


@dataclass
class NewCounty:
    """The store content of a new county and what was decided on the way."""

    code: str
    name: str
    dataset: store.Dataset
    crs_epsg: int
    placed: list[str] = field(default_factory=list)  # codes of villages placed without a point
    notes: list[tuple[str, str]] = field(default_factory=list)  # (zh, en)


def _fail(source: str, key: str, **values: object) -> InputDataError:
    return InputDataError([Problem(source, None, None, None, *both(key, **values))])


def read_boundary(path: Path, code: str, *, display_name: str | None = None) -> shapely.Geometry:
    """The county's boundary (EPSG:4490) from any vector file; of a file with several districts, the
    features whose attributes name ``code`` (e.g. ``district_adcode``), else the union of all."""
    source = read_source(Path(path), display_name=display_name)
    frame = source.frame
    shown = source.source_name
    if not isinstance(frame, gpd.GeoDataFrame) or not len(frame):
        raise _fail(shown, "new.boundary_no_geometry")
    polygons = frame[frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()]
    if not len(polygons):
        raise _fail(shown, "new.boundary_no_polygon")
    named = np.zeros(len(polygons), dtype=bool)
    for column in polygons.columns.drop(polygons.geometry.name):
        named |= (as_text(polygons[column].astype("string")) == code).fillna(False).to_numpy(dtype=bool)
    chosen = polygons[named] if named.any() else polygons
    return shapely.make_valid(shapely.union_all(chosen.to_crs(STORAGE_EPSG).geometry.to_numpy()))


def _village_points(
    path: Path, villages: pd.DataFrame, towns: pd.DataFrame, *, display_name: str | None
) -> tuple[pd.Series, list[Problem]]:
    """Village code → point (EPSG:4490) from a points file keyed by code, or by name within township."""
    source = read_source(Path(path), display_name=display_name)
    frame, shown = source.frame, source.source_name
    if not isinstance(frame, gpd.GeoDataFrame):
        raise _fail(shown, "new.villages_no_geometry")
    renamed, _ = ledger_join.key_columns(pd.DataFrame(frame.drop(columns=frame.geometry.name)))
    if "village_name" not in renamed.columns:
        for column in ("name", "名称", "村名称", "村名"):
            if column in renamed.columns:
                renamed = renamed.rename(columns={column: "village_name"})
                break
    result = ledger_join.join_admin_villages(renamed, villages, towns, name_column="village_name")
    problems = result.problems(shown, ADMIN_VILLAGES, "village_name")
    matched = result.table["status"] == "matched"
    points = frame.to_crs(STORAGE_EPSG).geometry.to_numpy()[matched.to_numpy()]
    codes = result.table.loc[matched, "target"].astype(str).to_numpy()
    found = pd.Series(points, index=codes, dtype=object)
    return found[~found.index.duplicated()], problems


def _placed_points(pending: pd.DataFrame, known: pd.Series, boundary_m: shapely.Geometry) -> pd.Series:
    """Points for villages without one: a spiral around the centre of their township's known villages
    (else the county's representative point), far enough apart for Voronoi cells of their own."""
    xy_known = shapely.get_coordinates(known.to_numpy()) if len(known) else np.empty((0, 2))
    town_of_known = pd.Series(known.index.astype(str)).str[:9].to_numpy()
    fallback = shapely.get_coordinates(shapely.point_on_surface(boundary_m))[0]
    out: dict[str, shapely.Point] = {}
    for i, (code, town) in enumerate(zip(pending["village_code"], pending["town_code"], strict=True)):
        mine = xy_known[town_of_known == town]
        centre = mine.mean(axis=0) if len(mine) else fallback
        radius, angle = _SPIRAL_STEP_M * np.sqrt(i + 1.0), _GOLDEN_ANGLE * (i + 1)
        point = shapely.Point(centre[0] + radius * np.cos(angle), centre[1] + radius * np.sin(angle))
        if not boundary_m.contains(point):
            point = shapely.point_on_surface(boundary_m.intersection(point.buffer(radius * 2)))
        out[str(code)] = point
    return pd.Series(out, dtype=object)


def build_county(
    code: str,
    boundary: shapely.Geometry,
    *,
    village_points: pd.Series | None = None,
    natural_villages: gpd.GeoDataFrame | None = None,
    source: str = "<new>",
) -> NewCounty:
    """The townships and admin villages of county ``code`` with approximate areas (see the module docstring).

    ``village_points``: village code → point (EPSG:4490); ``natural_villages``: points with a
    ``village_code`` that extend their village's area.
    """
    code = str(code).strip()
    name = nbs.county_name(code)
    towns = nbs.county_towns(code) if name else pd.DataFrame()
    villages = nbs.county_villages(code) if name else pd.DataFrame()
    if name is None or not len(towns) or not len(villages):
        raise _fail(source, "new.unknown_county", code=code)
    metric = analysis_crs(gpd.GeoSeries([boundary], crs=STORAGE_EPSG))
    boundary_m = gpd.GeoSeries([boundary], crs=STORAGE_EPSG).to_crs(metric).iloc[0]
    points = village_points if village_points is not None else pd.Series([], dtype=object)
    points = points[points.index.isin(villages["village_code"])]
    known = gpd.GeoSeries(points.to_numpy(), index=points.index, crs=STORAGE_EPSG).to_crs(metric)
    outside = known.index[~known.within(boundary_m).to_numpy()]
    if len(outside):
        problems = [
            Problem(source, ADMIN_VILLAGES, None, "geometry", *both("new.village_outside", code=c)) for c in outside
        ]
        raise InputDataError(problems)
    pending = villages[~villages["village_code"].isin(known.index)]
    placed = _placed_points(pending, known, boundary_m) if len(pending) else pd.Series([], dtype=object)
    seats = pd.concat([pd.Series(known.to_numpy(), index=known.index, dtype=object), placed])
    seats = seats.reindex(villages["village_code"].to_numpy())
    gen_points, gen_codes = list(seats.to_numpy()), list(seats.index)
    if natural_villages is not None and len(natural_villages):
        nv = natural_villages.to_crs(metric)
        keep = nv["village_code"].astype(str).isin(set(villages["village_code"])).to_numpy()
        gen_points += list(nv.geometry.to_numpy()[keep])
        gen_codes += list(nv["village_code"].astype(str).to_numpy()[keep])
    try:
        areas = voronoi_areas(boundary_m, np.array(gen_points, dtype=object), np.array(gen_codes, dtype=object))
    except SharedPointError as shared:
        raise _fail(source, "new.shared_point", first=shared.codes[0], second=shared.codes[1]) from shared
    areas = areas.reindex(villages["village_code"].to_numpy())
    town_areas = union_by(areas, villages["town_code"]).reindex(towns["town_code"].to_numpy())
    town_areas = town_areas.where(town_areas.notna(), None)
    to_storage = gpd.GeoSeries(areas.to_numpy(), crs=metric).to_crs(STORAGE_EPSG)
    seat_lonlat = shapely.get_coordinates(gpd.GeoSeries(known.to_numpy(), crs=metric).to_crs(STORAGE_EPSG))
    has_seat = villages["village_code"].isin(known.index).to_numpy()
    seat_x, seat_y = np.full(len(villages), np.nan), np.full(len(villages), np.nan)
    order = pd.Index(known.index).get_indexer(villages["village_code"][has_seat])
    seat_x[has_seat], seat_y[has_seat] = seat_lonlat[order, 0], seat_lonlat[order, 1]
    admin = gpd.GeoDataFrame(
        {
            **{c: villages[c].to_numpy() for c in ("village_code", "name", "town_code")},
            "households": 0,  # until the village ledger is imported; a unit with 0 people is never judged
            "population": 0,
            "seat_x": seat_x,
            "seat_y": seat_y,
            "unit_kind": villages["unit_kind"].to_numpy(),
            "area_source": APPROXIMATE,
        },
        geometry=to_storage.to_numpy(),
        crs=STORAGE_EPSG,
    )
    townships = _townships(towns, town_areas, villages, seats, metric)
    county = NewCounty(
        code, name, store.Dataset(layers={TOWNSHIPS: townships, ADMIN_VILLAGES: admin}), int(metric.to_epsg() or 0)
    )
    county.placed = [str(c) for c in placed.index]
    county.dataset.source = source
    return county


def _townships(
    towns: pd.DataFrame, areas: pd.Series, villages: pd.DataFrame, seats: pd.Series, metric: object
) -> gpd.GeoDataFrame:
    """Townships with their approximate areas; the seat is the point of their first residents' committee
    (the 驻地 is usually a 社区), else of their first village."""
    ranked = villages.assign(rank=np.where(villages["unit_kind"] == RESIDENTS_COMMITTEE, 0, 1))
    first = ranked.sort_values(["town_code", "rank", "village_code"]).drop_duplicates("town_code")
    seat_points = seats.reindex(first["village_code"].to_numpy())
    seat_points.index = first["town_code"].to_numpy()
    seat_points = seat_points.reindex(towns["town_code"].to_numpy())
    geometry = gpd.GeoSeries(areas.to_numpy(), crs=metric).to_crs(STORAGE_EPSG)
    fill = shapely.point_on_surface(areas.to_numpy())
    seat_m = np.where(pd.isna(seat_points.to_numpy()), fill, seat_points.to_numpy())
    seat_xy = shapely.get_coordinates(gpd.GeoSeries(seat_m, crs=metric).to_crs(STORAGE_EPSG))
    return gpd.GeoDataFrame(
        {
            "town_code": towns["town_code"].to_numpy(),
            "name": towns["name"].to_numpy(),
            "kind": towns["kind"].to_numpy(),
            "seat_x": seat_xy[:, 0],
            "seat_y": seat_xy[:, 1],
            "area_source": APPROXIMATE,
        },
        geometry=geometry.to_numpy(),
        crs=STORAGE_EPSG,
    )


def create_store(
    out: str | os.PathLike[str],
    code: str,
    boundary_path: str | os.PathLike[str],
    *,
    villages_path: str | os.PathLike[str] | None = None,
    validator: Callable[[store.Dataset], list[Problem]] | None = None,
    names: tuple[str | None, str | None] = (None, None),
) -> NewCounty:
    """Build county ``code`` from the files and write a new store at ``out`` (refused when it exists).

    ``validator`` checks the dataset against the contract before anything is written; ``names``
    are the display names of the boundary and village files (uploads).
    """
    out = Path(out)
    if out.exists():
        raise _fail(str(out), "new.store_exists")
    boundary = read_boundary(Path(boundary_path), str(code), display_name=names[0])
    points = None
    problems: list[Problem] = []
    if villages_path is not None:
        towns, villages = nbs.county_towns(str(code)), nbs.county_villages(str(code))
        points, problems = _village_points(Path(villages_path), villages, towns, display_name=names[1])
    county = build_county(str(code), boundary, village_points=points, source=str(out))
    county.notes += [(p.message_zh, p.message_en) for p in problems]
    county.dataset.source = str(out)
    store.write_dataset(out, county.dataset, validator=validator)
    settings = settings_path(out)
    if not settings.exists():
        tmp = settings.with_name(f".{settings.name}.tmp")
        tmp.write_text(f'version = 1\ncode = "{county.code}"  # {county.name}\n', encoding="utf-8")
        tmp.replace(settings)
    return county


def describe(county: NewCounty, out: str | os.PathLike[str], lang: str | None = None) -> list[str]:
    """What was created, one line each: in both languages (the command line), or in ``lang`` (the page)."""

    def text(key: str, **values: object) -> str:
        return bilingual(key, **values) if lang is None else t(key, lang, **values)

    admin = county.dataset.layers[ADMIN_VILLAGES]
    kinds = admin["unit_kind"].value_counts()
    lines = [
        text(
            "new.created",
            name=county.name,
            code=county.code,
            path=out,
            n_towns=len(county.dataset.layers[TOWNSHIPS]),
            n_villages=len(admin),
            n_vc=int(kinds.get(VILLAGE_COMMITTEE, 0)),
            n_rc=int(kinds.get(RESIDENTS_COMMITTEE, 0)),
        ),
        text("new.approximate"),
        text("new.zone", name=CRS.from_epsg(county.crs_epsg).name, epsg=county.crs_epsg),
        text("new.plans", path=settings_path(out).name, code=county.code),
    ]
    if county.placed:
        shown = ", ".join(county.placed[:10]) + (" …" if len(county.placed) > 10 else "")
        lines.append(text("new.placed", n=len(county.placed), codes=shown))
    lines += [f"{zh} / {en}" if lang is None else (en if lang == "en" else zh) for zh, en in county.notes]
    lines.append(text("new.next", path=out))
    return lines


def reweighed_areas(current: store.Dataset, naturals: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """New approximate areas once natural villages with real positions arrive: each village reaches its
    settlements (:func:`geo.analysis.approx_areas.voronoi_areas` of the village points and the natural
    villages), townships their villages' union, within the county (the union of the townships).

    Only for a store whose admin villages are all approximate; ``{}`` otherwise, or when a natural
    village stands on another village's point (the areas are then left as they were).
    """
    admin, towns = current.layers.get(ADMIN_VILLAGES), current.layers.get(TOWNSHIPS)
    if admin is None or towns is None or not len(admin) or not approximate_mask(admin).all():
        return {}
    metric = analysis_crs(towns)
    admin_m, towns_m = admin.to_crs(metric), towns.to_crs(metric)
    county = shapely.union_all(towns_m.geometry.to_numpy())
    seats = shapely.point_on_surface(admin_m.geometry.to_numpy())
    x = pd.to_numeric(admin["seat_x"], errors="coerce").to_numpy(dtype=float) if "seat_x" in admin else None
    y = pd.to_numeric(admin["seat_y"], errors="coerce").to_numpy(dtype=float) if "seat_y" in admin else None
    if x is not None and y is not None and (known := np.isfinite(x) & np.isfinite(y)).any():
        seats[known] = gpd.GeoSeries(shapely.points(x[known], y[known]), crs=STORAGE_EPSG).to_crs(metric).to_numpy()
    codes = as_text(admin["village_code"]).to_numpy(dtype=object)
    placed = naturals.to_crs(metric) if naturals.crs is not None else naturals.set_crs(STORAGE_EPSG).to_crs(metric)
    nv_codes = as_text(placed["village_code"]).to_numpy(dtype=object)
    usable = pd.Index(codes).get_indexer(nv_codes) >= 0
    usable &= ~(shapely.is_missing(placed.geometry.to_numpy()) | shapely.is_empty(placed.geometry.to_numpy()))
    usable &= shapely.contains(county, placed.geometry.to_numpy())
    points = np.concatenate([seats, placed.geometry.to_numpy()[usable]])
    try:
        areas = voronoi_areas(county, points, np.concatenate([codes, nv_codes[usable]]))
    except SharedPointError:
        return {}
    village_areas = areas.reindex(codes)
    town_areas = union_by(village_areas, as_text(admin["town_code"])).reindex(as_text(towns["town_code"]).to_numpy())
    new_admin = admin.copy()
    new_admin = new_admin.set_geometry(
        gpd.GeoSeries(village_areas.to_numpy(), index=admin.index, crs=metric).to_crs(admin.crs)
    )
    new_towns = towns.copy()
    geometry = np.where(pd.isna(town_areas.to_numpy()), towns_m.geometry.to_numpy(), town_areas.to_numpy())
    new_towns = new_towns.set_geometry(gpd.GeoSeries(geometry, index=towns.index, crs=metric).to_crs(towns.crs))
    return {ADMIN_VILLAGES: new_admin, TOWNSHIPS: new_towns}
