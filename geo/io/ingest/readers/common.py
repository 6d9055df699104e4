"""What every format reader shares: the read results, the caller's options, errors naming the file, the CRS finish.

A reader returns a :class:`SourceFrame` (vectors and ledgers) or a :class:`RasterSource`; bad input
raises :class:`geo.core.errors.InputDataError` built by :func:`fail`; :func:`to_storage` applies the
decided CRS and ends every geometry in CGCS2000 geographic (EPSG:4490).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
from pyproj.exceptions import CRSError

from geo.core.crs import STORAGE_EPSG, frame_gcj02_to_wgs84
from geo.core.errors import InputDataError, PlanningError, Problem
from geo.core.store import RasterGrid
from geo.core.terminal import plain_error
from geo.io.ingest import uploads
from geo.io.ingest.crs_guess import CrsDecision, Note, describe_crs
from geo.text.i18n import both, joined, t


@dataclass
class SourceFrame:
    """One read source: the frame plus what was found and decided about it.

    ``frame`` is a GeoDataFrame in EPSG:4490 when the source has geometry (or lon/lat columns),
    a plain DataFrame for ledgers without coordinates. ``source_name`` is the user's original
    file name, for display only (never used as a path). ``encoding`` is the text encoding used
    (None for binary formats), ``crs_found`` what the file declared, ``crs_used`` what the
    coordinates were read in before conversion to EPSG:4490. ``lines`` is, for a CSV or workbook,
    the 1-based line or sheet row of each record (title and header rows counted), for messages.
    """

    frame: gpd.GeoDataFrame | pd.DataFrame
    source_name: str
    encoding: str | None = None
    crs_found: str | None = None
    crs_used: str | None = None
    notes: list[Note] = field(default_factory=list)
    lines: list[int] | None = None


@dataclass
class RasterSource:
    """One read raster (GeoTIFF), kept in its own CRS (resampling would change the values)."""

    grid: RasterGrid
    source_name: str
    crs_found: str | None = None
    crs_used: str | None = None
    notes: list[Note] = field(default_factory=list)


@dataclass(frozen=True)
class ReadOptions:
    """What the caller of :func:`geo.io.ingest.read.read_source` asked for, passed down to the format readers."""

    layer: str | None = None
    sheet: str | None = None
    encoding: str | None = None
    crs: str | int | None = None
    from_gcj02: bool = False
    lon_column: str | None = None
    lat_column: str | None = None
    near_lon: float | None = None


_READ_ERRORS = (
    pyogrio.errors.DataSourceError,
    pyogrio.errors.DataLayerError,
    pyogrio.errors.FieldError,
    pyogrio.errors.GeometryError,
    pyogrio.errors.CRSError,
    CRSError,
)


def fail(
    source: str, zh: str, en: str, *, layer: str | None = None, feature: int | None = None, column: str | None = None
) -> InputDataError:
    """The error for one problem of ``source``, worded in both languages."""
    return InputDataError([Problem(source, layer, feature, column, zh, en)])


@contextlib.contextmanager
def reading(source: str, layer: str | None = None) -> Iterator[None]:
    """Turn what GDAL/PROJ raise on a damaged file into a bilingual error naming it."""
    try:
        yield
    except _READ_ERRORS as exc:
        raise fail(
            source,
            *both("read.cannot_read_file_may", exc=plain_error(exc)),
            layer=layer,
        ) from exc
    except UnicodeDecodeError as exc:  # e.g. a field name GDAL hands over in a wrong or cut encoding
        raise fail(source, *both("input.undecodable", codec=exc.encoding, exc=exc.reason), layer=layer) from exc


@contextlib.contextmanager
def last_resort(source: str) -> Iterator[None]:
    """Whatever a reader raises on a hostile file becomes a bilingual problem naming it, never a traceback.

    The core's deliberate errors pass through; anything else (a parser's ``ParseError``, a
    ``TypeError`` deep in a library, ``MemoryError``) is reported as an unreadable file.
    """
    try:
        yield
    except PlanningError:
        raise
    except Exception as exc:
        raise fail(source, *both("input.unreadable", kind=type(exc).__name__, exc=plain_error(exc))) from exc


def shown_name(path: Path, display_name: str | None) -> str:
    """The name to show for ``path``: the caller's, else the user's name kept when unpacking, else the file name."""
    if display_name:
        return uploads.display_name(display_name)
    return uploads.read_manifest(path.parent).get(path.name) or path.name


def pick_member(folder: Path, shown: str, layer: str | None) -> tuple[uploads.UnpackedFile, str | None]:
    """The dataset of an unpacked upload named by ``layer`` (its display name), or its only one."""
    files = uploads.unpacked_files(folder)
    if not files:
        raise fail(shown, *both("read.folder_holds_no_readable"))
    if len(files) == 1:
        return files[0], layer
    chosen = [f for f in files if layer in (f.display_name, f.path.name)]
    if not chosen:
        raise fail(shown, *both("read.choose_dataset", names=joined(f.display_name for f in files)), layer=layer)
    return chosen[0], None


def to_storage(
    frame: gpd.GeoDataFrame, decision: CrsDecision, shown: str, layer: str | None, from_gcj02: bool, notes: list[Note]
) -> gpd.GeoDataFrame:
    """Apply the decided CRS: notes, the GCJ-02 conversion when asked, then EPSG:4490."""
    notes.extend(decision.notes)
    if from_gcj02:
        if not decision.crs.is_geographic:
            raise fail(
                shown,
                *both("read.gcj_02_applies_longitude", crs=describe_crs(decision.crs)),
                layer=layer,
                column="geometry",
            )
        frame = frame_gcj02_to_wgs84(frame)
        notes.append(
            Note(
                *both("read.converted_web_map_coordinates"),
            )
        )
        return frame.set_crs(STORAGE_EPSG, allow_override=True)
    epsg = frame.crs.to_epsg() if frame.crs is not None else None
    if epsg == STORAGE_EPSG:
        return frame
    if epsg == 4326:  # PROJ's WGS84 → CGCS2000 is a null transformation: relabel
        return frame.set_crs(STORAGE_EPSG, allow_override=True)
    return frame.to_crs(STORAGE_EPSG)


def encoding_label(codec: str, lang: str) -> str:
    """How a note names ``codec`` to the user, in ``lang`` (``zh`` or ``en``)."""
    if codec == "gb18030":
        return t("read.gb18030", lang)
    return {"gbk": "GBK", "utf-8": "UTF-8", "utf-8-sig": "UTF-8"}.get(codec, codec)
