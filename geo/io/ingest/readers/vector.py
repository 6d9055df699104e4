"""GeoPackage, GeoJSON and KML (KMZ once unpacked) through pyogrio, and the check every GDAL-read frame gets.

Text formats in a legacy encoding are copied to UTF-8 first (GDAL reads them as UTF-8 only); a
KML with several folders is merged with the folder name in ``kml_folder``; :func:`finish_vector`
checks the geometries and decides the CRS (a frame without geometry goes to the ledger reader).
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS

from geo.core.errors import InputDataError
from geo.io.ingest.crs_guess import CrsGuessError, Note, decide_crs, describe_crs
from geo.io.ingest.encoding import detect_bytes_encoding, normalize_encoding
from geo.io.ingest.readers.common import ReadOptions, SourceFrame, encoding_label, fail, reading, to_storage
from geo.io.ingest.readers.table import finish_table
from geo.text.i18n import ByLang, both, joined

# Columns the LIBKML driver adds to every layer; dropped when they carry nothing.
_KML_BOILERPLATE = (
    "timestamp",
    "begin",
    "end",
    "altitudeMode",
    "tessellate",
    "extrude",
    "visibility",
    "drawOrder",
    "icon",
)


@contextlib.contextmanager
def _kml_names_kept() -> Iterator[None]:
    """Stop LIBKML from replacing non-ASCII ExtendedData names (户数 → ______) while reading."""
    previous = pyogrio.get_gdal_config_option("LIBKML_LAUNDER_FIELD_NAMES")
    pyogrio.set_gdal_config_options({"LIBKML_LAUNDER_FIELD_NAMES": "NO"})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"LIBKML_LAUNDER_FIELD_NAMES": previous})


def _utf8_copy(path: Path, codec: str, tmp: Path) -> Path:
    """A UTF-8 copy of a GeoJSON/KML file written in a legacy encoding (GDAL reads these as UTF-8 only)."""
    text = path.read_bytes().decode(codec)
    if path.suffix.lower() == ".kml":
        text = re.sub(r"^(<\?xml[^>]*encoding=)[\"'][^\"']*[\"']", r'\1"utf-8"', text.lstrip("\ufeff"), count=1)
    target = tmp / f"utf8{path.suffix.lower()}"
    target.write_text(text, encoding="utf-8")
    return target


def read_vector_file(path: Path, shown: str, opts: ReadOptions) -> SourceFrame:
    layer, encoding = opts.layer, opts.encoding
    suffix = path.suffix.lower()
    notes: list[Note] = []
    codec: str | None = None
    with tempfile.TemporaryDirectory() as tmp:
        source = path
        if suffix in (".geojson", ".json"):
            _refuse_truncated(path.read_bytes(), shown, unbalanced=False)
        if suffix != ".gpkg":
            codec = normalize_encoding(encoding) if encoding else detect_bytes_encoding(path.read_bytes())
            if codec is None:
                raise fail(
                    shown,
                    *both("read.vector.cannot_tell_text_encoding"),
                )
            if codec not in ("utf-8", "utf-8-sig"):
                if encoding is None:
                    notes.append(
                        Note(
                            *both(
                                "read.vector.not_utf8",
                                label=ByLang(encoding_label(codec, "zh"), encoding_label(codec, "en")),
                            )
                        )
                    )
                try:
                    source = _utf8_copy(path, codec, Path(tmp))
                except UnicodeDecodeError as exc:
                    raise fail(shown, *both("read.vector.file_does_not_decode", codec=codec)) from exc
            codec = "utf-8" if codec == "utf-8-sig" else codec
        try:
            with reading(shown, layer):
                layers = [str(name) for name, _ in pyogrio.list_layers(source)]
        except InputDataError:
            if suffix in (".geojson", ".json"):
                _refuse_truncated(path.read_bytes(), shown, unbalanced=True)
            raise
        if layer is not None and layer not in layers:
            raise fail(
                shown,
                *both("read.vector.no_such_layer", layer=layer, layers=joined(layers or ["—"])),
                layer=layer,
            )
        if suffix == ".kml" and layer is None and len(layers) > 1:
            frame = _read_kml_folders(source, shown, layers)
            notes.append(
                Note(
                    *both("read.vector.kml_folders_merged_them", n_layers=len(layers)),
                )
            )
        else:
            if layer is None and len(layers) > 1:
                raise fail(
                    shown,
                    *both("read.vector.choose_layer", layers=joined(layers)),
                )
            if not layers:
                raise fail(shown, *both("read.vector.file_holds_no_layer"))
            with reading(shown, layer), _kml_names_kept():
                frame = pyogrio.read_dataframe(source, layer=layer or layers[0], use_arrow=True)
            if suffix == ".kml":
                frame = _drop_kml_boilerplate(frame)
    return finish_vector(frame, shown, layer, codec, notes, opts)


def _refuse_truncated(data: bytes, shown: str, *, unbalanced: bool) -> None:
    """Refuse a GeoJSON cut short (an interrupted download or copy) as truncated, not as damaged or mis-encoded.

    A GeoJSON file is one object: text that stops before its closing brace was cut. Cut right after
    an inner brace, it still ends in one; then (``unbalanced``, after GDAL failed) more braces or
    brackets open than close.
    """
    body = data.rstrip(b" \t\r\n\x00")
    cut = bool(body) and not body.endswith((b"}", b"]"))
    if unbalanced:
        cut = cut or body.count(b"{") > body.count(b"}") or body.count(b"[") > body.count(b"]")
    if cut:
        raise fail(shown, *both("read.vector.geojson_truncated", kb=len(data) / 1024))


def _read_kml_folders(source: Path, shown: str, layers: list[str]) -> gpd.GeoDataFrame:
    frames = []
    for name in layers:
        with reading(shown, name), _kml_names_kept():
            part = _drop_kml_boilerplate(pyogrio.read_dataframe(source, layer=name, use_arrow=True))
        frames.append(part.assign(kml_folder=name))
    merged = pd.concat(frames, ignore_index=True)
    return gpd.GeoDataFrame(merged, geometry=frames[0].geometry.name, crs=frames[0].crs)


def _drop_kml_boilerplate(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Drop LIBKML's standard columns when they hold nothing but defaults (no user data is lost)."""
    empty = [c for c in _KML_BOILERPLATE if c in frame.columns and (frame[c].isna() | frame[c].isin(["", -1, 0])).all()]
    return frame.drop(columns=empty)


def finish_vector(
    frame: pd.DataFrame, shown: str, layer: str | None, codec: str | None, notes: list[Note], opts: ReadOptions
) -> SourceFrame:
    """Check a frame read by GDAL, then decide its CRS and convert to EPSG:4490 (tables go to the ledger path)."""
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame.columns:
        if frame.empty:
            raise fail(shown, *both("read.vector.table_holds_no_records"), layer=layer)
        return finish_table(pd.DataFrame(frame), shown, layer, codec, notes, opts, lines=None)
    if frame.empty:
        raise fail(shown, *both("read.vector.layer_holds_no_features"), layer=layer)
    geometry = frame.geometry.to_numpy()
    missing = shapely.is_missing(geometry) | shapely.is_empty(geometry)
    if missing.all():
        raise fail(
            shown,
            *both("read.vector.no_feature_geometry_coordinates"),
            layer=layer,
            column="geometry",
        )
    if missing.any():
        rows = np.flatnonzero(missing)
        listed = ", ".join(str(r) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
        notes.append(
            Note(
                *both("read.vector.feature_s_no_geometry", n_rows=len(rows), listed=listed),
            )
        )
    file_crs = CRS(frame.crs) if frame.crs is not None else None
    bounds = shapely.bounds(geometry[~missing])
    x = np.concatenate([bounds[:, 0], bounds[:, 2]])
    y = np.concatenate([bounds[:, 1], bounds[:, 3]])
    try:
        decision = decide_crs(x, y, file_crs=file_crs, user_crs=opts.crs, near_lon=opts.near_lon)
    except CrsGuessError as exc:
        raise fail(shown, exc.zh, exc.en, layer=layer, column="geometry") from exc
    out = gpd.GeoDataFrame(frame, geometry=frame.geometry.name).set_crs(decision.crs, allow_override=True)
    out = to_storage(out, decision, shown, layer, opts.from_gcj02, notes)
    return SourceFrame(out, shown, codec, describe_crs(file_crs), describe_crs(decision.crs), notes)
