"""Exports of a report: indicators.csv, gaps.csv, gaps.xlsx, gaps.gpkg (and industry.csv).

* CSV files are UTF-8 with a byte-order mark, so Excel on a county office PC shows the Chinese
  text (pandas and ``csv`` with ``encoding="utf-8-sig"`` read them unchanged). Column names are
  the ASCII contract names; ``gaps_csv_bytes(..., lang="zh")`` gives Chinese headers instead.
* gaps.xlsx has a summary sheet and one sheet per responsible bureau (:mod:`geo.io.gap_workbook`).
* gaps.gpkg has one layer ``gaps``: every gap row with the geometry of its feature (points,
  lines or polygons, EPSG:4490), ASCII column names.

Every file is written atomically: to a temporary file in the target folder, then renamed over
the target, so a reader never sees half a file. Each format also has a ``*_bytes`` variant for
download buttons. The columns and headers of every file are declared in :mod:`geo.io.export_columns`.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import pyogrio

from geo.analysis.gap_rows import GAP_COLUMNS
from geo.analysis.gaps import GAP_CRS
from geo.io.cells import safe_csv_bytes
from geo.io.export_columns import GAP_HEADERS_ZH, INDICATOR_COLUMNS
from geo.io.gap_workbook import gaps_xlsx_bytes

if TYPE_CHECKING:
    from geo.analysis.report import Report


def _default_file_mode() -> int:
    """The mode a plain ``open()`` would give a new file under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        Path(tmp).chmod(_default_file_mode())  # mkstemp makes 0600 files; exports are for sharing
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].round(6)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as CSV: UTF-8 with BOM, floats rounded to 6 decimals, no index, formula-like text neutralised."""
    return safe_csv_bytes(_rounded(pd.DataFrame(frame)))


def indicators_csv_bytes(indicators: pd.DataFrame) -> bytes:
    """indicators.csv: :data:`INDICATOR_COLUMNS`."""
    return csv_bytes(indicators.reindex(columns=list(INDICATOR_COLUMNS)))


def gaps_csv_bytes(gaps: pd.DataFrame, *, lang: str = "en") -> bytes:
    """gaps.csv: :data:`GAP_COLUMNS` without geometry; ``lang="zh"`` gives Chinese headers."""
    table = pd.DataFrame(gaps).reindex(columns=list(GAP_COLUMNS))
    if lang == "zh":
        table = table.rename(columns=GAP_HEADERS_ZH)
    return csv_bytes(table)


def write_gaps_gpkg(gaps: gpd.GeoDataFrame, path: str | os.PathLike[str]) -> Path:
    """gaps.gpkg (layer ``gaps``, EPSG:4490), written to a temporary file and renamed over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = gaps if isinstance(gaps, gpd.GeoDataFrame) else gpd.GeoDataFrame(gaps, geometry="geometry", crs=GAP_CRS)
    frame = frame.reindex(columns=[*GAP_COLUMNS, frame.geometry.name])
    frame = gpd.GeoDataFrame(frame, geometry=frame.columns[-1], crs=frame.crs or GAP_CRS)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".gpkg", dir=path.parent)
    os.close(handle)
    Path(tmp).unlink()  # GDAL creates the file itself
    try:
        pyogrio.write_dataframe(_rounded(frame), tmp, layer="gaps", driver="GPKG", geometry_type="Unknown")
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def gaps_gpkg_bytes(gaps: gpd.GeoDataFrame) -> bytes:
    """gaps.gpkg as bytes (for a download button)."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_gaps_gpkg(gaps, Path(folder) / "gaps.gpkg")
        return path.read_bytes()


def write_report(
    report: Report, out_dir: str | os.PathLike[str], *, timings: dict[str, tuple[float, float]] | None = None
) -> dict[str, Path]:
    """Write indicators.csv, gaps.csv, gaps.xlsx, gaps.gpkg and industry.csv into ``out_dir``.

    ``timings``, when given, receives (wall, CPU) seconds per file (for the benchmark).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    writers: dict[str, Callable[[], Path]] = {
        "indicators.csv": lambda: atomic_write(out / "indicators.csv", indicators_csv_bytes(report.indicators)),
        "gaps.csv": lambda: atomic_write(out / "gaps.csv", gaps_csv_bytes(report.gaps)),
        "gaps.xlsx": lambda: atomic_write(out / "gaps.xlsx", gaps_xlsx_bytes(report.gaps, report.indicators)),
        "gaps.gpkg": lambda: write_gaps_gpkg(report.gaps, out / "gaps.gpkg"),
        "industry.csv": lambda: atomic_write(out / "industry.csv", csv_bytes(report.industry)),
    }
    files: dict[str, Path] = {}
    for name, write in writers.items():
        wall, cpu = time.perf_counter(), time.process_time()
        files[name] = write()
        if timings is not None:
            timings[name] = (time.perf_counter() - wall, time.process_time() - cpu)
    return files
