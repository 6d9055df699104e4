"""Read what bureaus really keep into frames the layer contract can take: the entry of the format readers.

Formats: Shapefile (.shp with .dbf/.prj/.cpg, or zipped), GeoPackage, GeoJSON, KML/KMZ, CSV and
Excel ledgers (with or without lon/lat columns) and DBF tables, each read by its module in
:mod:`geo.io.ingest.readers`; GeoTIFF rasters by :func:`geo.io.ingest.readers.raster.read_raster_source`.
Every column is kept as it was (ledger cells as text, so codes keep their leading zeros); geometry
ends in CGCS2000 geographic (EPSG:4490). What was guessed or changed (encoding, CRS, GCJ-02
conversion, skipped title rows) comes back as :class:`~geo.io.ingest.crs_guess.Note`s so the page
can show it; bad input raises :class:`geo.core.errors.InputDataError` naming file, row and field.
Nothing here writes to the store. An upload is first stored and unpacked by
:func:`geo.io.ingest.uploads.unpack_upload`; :func:`list_sublayers` then lists what it holds.
"""

from __future__ import annotations

import tempfile
from dataclasses import asdict, replace
from pathlib import Path

import pyogrio

from geo.io.ingest import uploads
from geo.io.ingest.encoding import normalize_encoding
from geo.io.ingest.readers.common import ReadOptions, SourceFrame, fail, last_resort, pick_member, reading, shown_name
from geo.io.ingest.readers.shapefile import read_shapefile
from geo.io.ingest.readers.table import read_csv, read_excel
from geo.io.ingest.readers.vector import read_vector_file
from geo.io.ingest.readers.workbook import sheet_names
from geo.io.ingest.safe_path import needs_safe_name, openable
from geo.text.i18n import both


def list_sublayers(path: Path) -> list[str]:
    """Layers of a GeoPackage or KML file, sheets of an Excel workbook, datasets of an unpacked zip; ``[]`` otherwise."""
    path = Path(path)
    shown = shown_name(path, None)
    with last_resort(shown), openable(path) as safe:
        return _sublayers(safe, shown)


def _sublayers(path: Path, shown: str) -> list[str]:
    if path.is_dir():
        return [f.display_name for f in uploads.unpacked_files(path)]
    suffix = path.suffix.lower()
    if suffix in (".gpkg", ".kml"):
        with reading(shown):
            return [str(name) for name, _ in pyogrio.list_layers(path)]
    if suffix in (".xlsx", ".xlsm"):
        return sheet_names(path, shown)
    if suffix in (".zip", ".kmz"):
        with tempfile.TemporaryDirectory() as tmp:
            target = uploads.unpack_upload(path.read_bytes(), shown, Path(tmp))
            return list_sublayers(target) if target.is_dir() else []
    return []


def read_source(
    path: Path,
    *,
    display_name: str | None = None,
    layer: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    crs: str | int | None = None,
    from_gcj02: bool = False,
    lon_column: str | None = None,
    lat_column: str | None = None,
    near_lon: float | None = None,
) -> SourceFrame:
    """Read one vector file or ledger (format by extension) into a :class:`SourceFrame` in EPSG:4490.

    ``layer`` picks a GeoPackage/KML layer or one dataset of an unpacked zip folder; ``sheet`` an
    Excel sheet. ``encoding`` and ``crs`` override what is detected; ``from_gcj02`` says the
    coordinates come from a Chinese web map (GCJ-02) and converts them; ``near_lon`` (e.g. the
    county's longitude) picks the Gauss-Krüger zone of projected coordinates without the zone
    prefix; ``lon_column``/``lat_column`` name a ledger's coordinate columns when the usual
    names (经度/纬度, lon/lat, x/y …) are not used.
    """
    path = Path(path)
    shown = shown_name(path, display_name)
    opts = ReadOptions(
        layer=layer,
        sheet=sheet,
        encoding=encoding,
        crs=crs,
        from_gcj02=from_gcj02,
        lon_column=lon_column,
        lat_column=lat_column,
        near_lon=near_lon,
    )
    if path.is_file() and needs_safe_name(path):  # a name GDAL would cut (";", a newline): open a safe link
        with openable(path) as safe:
            return read_source(safe, display_name=shown, **asdict(opts))
    if path.is_dir():
        member, inner_layer = pick_member(path, shown, layer)
        return read_source(
            member.path,
            display_name=display_name or member.display_name,
            **asdict(replace(opts, layer=inner_layer)),
        )
    if not path.is_file():
        raise fail(shown, *both("read.file_not_found"))
    if path.stat().st_size == 0:
        raise fail(shown, *both("read.file_empty_0_bytes"))
    suffix = path.suffix.lower()
    if suffix in (".zip", ".kmz"):
        with tempfile.TemporaryDirectory() as tmp:
            target = uploads.unpack_upload(path.read_bytes(), shown, Path(tmp))
            inner_layer = layer
            if target.is_dir():
                member, inner_layer = pick_member(target, shown, layer)
                target = member.path
            inner = uploads.read_manifest(target.parent).get(target.name)
            name = f"{shown} › {inner}" if inner and inner != shown else shown
            return read_source(target, display_name=name, **asdict(replace(opts, layer=inner_layer)))
    if encoding is not None and normalize_encoding(encoding) is None:
        raise fail(
            shown,
            *both("read.unknown_encoding_utf_8", encoding=encoding),
        )
    if suffix in (".shp", ".dbf"):
        return read_shapefile(path, shown, opts)
    if suffix in (".gpkg", ".geojson", ".json", ".kml"):
        return read_vector_file(path, shown, opts)
    if suffix in (".csv", ".txt"):
        return read_csv(path, shown, opts)
    if suffix in (".xlsx", ".xlsm"):
        return read_excel(path, shown, opts)
    if suffix == ".xls":
        raise fail(
            shown,
            *both("read.old_excel_files_xls"),
        )
    if suffix in (".tif", ".tiff"):
        raise fail(
            shown,
            *both("read.raster_import_raster_dem"),
        )
    raise fail(
        shown,
        *both("read.unsupported_file_type_shp"),
    )
