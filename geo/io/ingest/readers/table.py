"""CSV and Excel ledgers (and DBF tables without geometry): header found, cells kept as text, points from lon/lat.

Title rows above the header are skipped with a note; every cell is read as text so codes keep
their leading zeros. A ledger with longitude/latitude (or x/y) columns becomes points, every bad
cell reported by line and column (:func:`parse_coordinates` reads decimal and degree-minute-second
values); without them it stays a plain DataFrame to be joined to the villages.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.core.errors import InputDataError, Problem
from geo.io.ingest import limits
from geo.io.ingest.crs_guess import CrsGuessError, Note, decide_crs, describe_crs
from geo.io.ingest.encoding import decodes, detect_bytes_encoding, normalize_encoding
from geo.io.ingest.readers.common import ReadOptions, SourceFrame, fail, plain_error, to_storage
from geo.io.ingest.readers.workbook import MERGED_FILLED, read_sheet
from geo.text.i18n import both, joined

_HEADER_SEARCH_ROWS = 10


# Column names of longitude/latitude (or easting/northing) in ledgers, compared after _normalize_column.
LON_NAMES = (
    "经度",
    "东经",
    "经度坐标",
    "gps经度",
    "lon",
    "lng",
    "long",
    "longitude",
    "经度x",
    "x经度",
    "东坐标",
    "横坐标",
    "easting",
    "x",
    "x坐标",
    "坐标x",
    "pointx",
    "gpsx",
)


LAT_NAMES = (
    "纬度",
    "北纬",
    "纬度坐标",
    "gps纬度",
    "lat",
    "latitude",
    "纬度y",
    "y纬度",
    "北坐标",
    "纵坐标",
    "northing",
    "y",
    "y坐标",
    "坐标y",
    "pointy",
    "gpsy",
)


def read_csv(path: Path, shown: str, opts: ReadOptions) -> SourceFrame:
    encoding = opts.encoding
    size = path.stat().st_size
    if size > limits.MAX_LEDGER_BYTES:
        raise fail(shown, *both("input.ledger_too_large", mb=size / 2**20, limit_mb=limits.MAX_LEDGER_BYTES / 2**20))
    data = path.read_bytes()
    notes: list[Note] = []
    if encoding is not None:
        codec = normalize_encoding(encoding) or encoding
    else:
        detected = detect_bytes_encoding(data)  # the whole file: Chinese text may start late in a long ledger
        if detected is None:
            raise fail(
                shown,
                *both("read.vector.cannot_tell_text_encoding"),
            )
        codec = detected
        if codec == "gb18030":
            notes.append(
                Note(
                    *both("read.table.csv_not_utf_8"),
                )
            )
    if not decodes(data, codec):
        raise fail(
            shown,
            *both("read.table.file_does_not_decode", codec=codec),
        )
    text = data.decode(codec).lstrip("\ufeff")
    if not text.strip():
        raise fail(shown, *both("read.table.file_holds_no_data"))
    head = [line for line in text.splitlines()[:50] if line.strip()]
    sep = max((",", "\t", ";", "|"), key=lambda s: sum(line.count(s) for line in head))
    # Title rows above the header have fewer fields: size the table by its widest early row.
    width = max((len(row) for row in csv.reader(head, delimiter=sep)), default=1)
    if width > limits.MAX_LEDGER_COLUMNS:
        raise fail(shown, *both("input.too_many_columns", n=width, limit=limits.MAX_LEDGER_COLUMNS))
    lines_count = text.count("\n") + 1
    if lines_count * width > limits.MAX_LEDGER_CELLS:
        raise fail(shown, *both("input.too_many_cells", limit=limits.MAX_LEDGER_CELLS, row=lines_count))
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            names=range(width),
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise fail(shown, *both("read.table.malformed_csv", exc=plain_error(exc))) from exc
    _check_cell_sizes(raw, shown)
    table, lines = _with_header(raw, shown, None, notes)
    return finish_table(table, shown, None, "utf-8" if codec == "utf-8-sig" else codec, notes, opts, lines=lines)


def read_excel(path: Path, shown: str, opts: ReadOptions) -> SourceFrame:
    sheet = opts.sheet if opts.sheet is not None else opts.layer
    notes: list[Note] = []
    raw = read_sheet(path, shown, sheet)
    if raw.attrs.get(MERGED_FILLED):
        notes.append(Note(*both("read.table.merged_filled", n=raw.attrs[MERGED_FILLED])))
    raw = raw.dropna(axis=1, how="all")
    table, lines = _with_header(raw, shown, sheet, notes)
    return finish_table(table, shown, sheet, None, notes, opts, lines=lines)


def _check_cell_sizes(raw: pd.DataFrame, shown: str) -> None:
    """Refuse a cell longer than Excel holds (naming its line and column), column by column."""
    for position in range(raw.shape[1]):
        lengths = raw.iloc[:, position].str.len()
        if lengths.max(skipna=True) > limits.MAX_CELL_CHARS:
            row = int(lengths.fillna(0).to_numpy().argmax())
            raise fail(
                shown,
                *both(
                    "input.cell_too_long",
                    cell=f"{row + 1}:{position + 1}",
                    n=int(lengths.iloc[row]),
                    limit=limits.MAX_CELL_CHARS,
                ),
                feature=row,
                column=str(position + 1),
            )


def _with_header(
    raw: pd.DataFrame, shown: str, sheet: str | None, notes: list[Note]
) -> tuple[pd.DataFrame, np.ndarray]:
    """Use the first well-filled row as the header, skipping title rows above it (ledgers often have them).

    ``raw`` is indexed by 0-based line (CSV) or sheet row (Excel); returns the table and the
    1-based line of each of its rows, for messages the user can find in the file.
    """
    raw = raw.dropna(how="all")
    if raw.empty:
        raise fail(shown, *both("read.table.table_empty"), layer=sheet)
    filled = raw.head(_HEADER_SEARCH_ROWS * 2).notna().sum(axis=1).to_numpy()
    wanted = max(2, int(np.ceil(filled.max() * 0.6))) if filled.max() > 1 else 1
    candidates = np.flatnonzero(filled[:_HEADER_SEARCH_ROWS] >= wanted)
    header_row = int(candidates[0]) if len(candidates) else 0
    if header_row:
        notes.append(Note(*both("read.table.skipped_title_row_s", header_row=header_row)))
    names = [str(v).strip() if isinstance(v, str) else "" for v in raw.iloc[header_row]]
    names = [n or f"column_{i + 1}" for i, n in enumerate(names)]
    seen: dict[str, int] = {}
    for i, n in enumerate(names):
        if n in seen:
            seen[n] += 1
            names[i] = f"{n}_{seen[n]}"
        else:
            seen[n] = 1
    table = raw.iloc[header_row + 1 :]
    lines = table.index.to_numpy(dtype=int) + 1
    table = table.reset_index(drop=True)
    table.columns = names
    if table.empty:
        raise fail(shown, *both("read.table.table_header_but_no"), layer=sheet)
    return table, lines


def _normalize_column(name: str) -> str:
    """Lower-case, without spaces, separators or bracketed units: '经度（°）' → '经度', 'GPS_X' → 'gpsx'."""
    name = re.sub(r"[（(\[【].*?[）)\]】]", "", str(name))
    return re.sub(r"[\s_\-:：°.]", "", name).lower()


def _find_column(
    columns: list[str], wanted: str | None, candidates: tuple[str, ...], shown: str, sheet: str | None
) -> str | None:
    if wanted is not None:
        if wanted not in columns:
            raise fail(
                shown,
                *both("read.table.no_such_column", wanted=wanted, columns=joined(columns)),
                layer=sheet,
                column=wanted,
            )
        return wanted
    normalized = {c: _normalize_column(c) for c in columns}
    for candidate in candidates:
        for column, norm in normalized.items():
            if norm == candidate:
                return column
    return None


_HEMISPHERE = r"(东经|西经|北纬|南纬|[NSEWnsew东西南北])?"


_DMS = re.compile(
    rf"^\s*{_HEMISPHERE}\s*(\d+(?:\.\d+)?)\s*[°度]\s*(?:(\d+(?:\.\d+)?)\s*['′’分])?\s*"
    rf"(?:(\d+(?:\.\d+)?)\s*(?:[\"″”秒]|'')?)?\s*{_HEMISPHERE}\s*$"
)


def parse_coordinates(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Numbers (decimal, or degrees-minutes-seconds like 117°12′30″E / 东经117度12分30秒) → (floats, bad mask).

    Empty cells give NaN and are not bad; text that is neither gives NaN and is bad.
    """
    text = values.astype("string").str.strip().str.replace("，", ".", regex=False)
    number = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)
    todo = np.isnan(number) & text.notna().to_numpy() & (text.fillna("") != "").to_numpy()
    if todo.any():
        parts = text[todo].str.extract(_DMS)
        deg = pd.to_numeric(parts[1], errors="coerce")
        minutes = pd.to_numeric(parts[2], errors="coerce").fillna(0.0)
        seconds = pd.to_numeric(parts[3], errors="coerce").fillna(0.0)
        value = deg + minutes / 60.0 + seconds / 3600.0
        hemisphere = parts[0].fillna(parts[4])
        value = value.where(~hemisphere.fillna("").str.upper().str[0].isin(["S", "W", "西", "南"]), -value)
        ok = (minutes < 60) & (seconds < 60)
        number[todo] = value.where(ok).to_numpy(dtype=float)
    bad = todo & np.isnan(number)
    return number, bad


def finish_table(
    table: pd.DataFrame,
    shown: str,
    sheet: str | None,
    codec: str | None,
    notes: list[Note],
    opts: ReadOptions,
    *,
    lines: np.ndarray | None,
) -> SourceFrame:
    """A ledger: points from its lon/lat (or x/y) columns when it has them, else a plain DataFrame.

    Columns merely called x/y that hold no coordinates (a count, a code) leave the ledger without
    coordinates, with a note; named coordinate columns (经度/纬度, lon/lat …) that are wrong are errors.
    """
    read = _finish_table(table, shown, sheet, codec, notes, opts, lines=lines)
    read.lines = None if lines is None else [int(v) for v in lines]
    return read


def _finish_table(
    table: pd.DataFrame,
    shown: str,
    sheet: str | None,
    codec: str | None,
    notes: list[Note],
    opts: ReadOptions,
    *,
    lines: np.ndarray | None,
) -> SourceFrame:
    columns = [str(c) for c in table.columns]
    if (opts.lon_column is None) != (opts.lat_column is None):
        raise fail(shown, *both("read.table.give_both_longitude_latitude"), layer=sheet)
    lon_name = _find_column(columns, opts.lon_column, LON_NAMES, shown, sheet)
    lat_name = _find_column(columns, opts.lat_column, LAT_NAMES, shown, sheet)
    if lon_name is None or lat_name is None or lon_name == lat_name:
        if opts.from_gcj02 or opts.crs is not None:
            raise fail(
                shown,
                *both("read.table.no_coordinate_columns", columns=joined(columns)),
                layer=sheet,
            )
        notes.append(
            Note(
                *both("read.table.no_longitude_latitude_columns"),
            )
        )
        return SourceFrame(table, shown, codec, None, None, notes)
    generic = (
        opts.lon_column is None
        and opts.crs is None
        and not opts.from_gcj02
        and {_normalize_column(lon_name), _normalize_column(lat_name)} <= set(_GENERIC_XY)
    )
    try:
        return _points_from_columns(table, shown, sheet, codec, notes, opts, lon_name, lat_name, lines)
    except InputDataError:
        if not generic:
            raise
    notes.append(
        Note(
            *both("read.table.columns_do_not_look", lon_name=lon_name, lat_name=lat_name),
        )
    )
    return SourceFrame(table, shown, codec, None, None, notes)


_GENERIC_XY = ("x", "y")


def _points_from_columns(
    table: pd.DataFrame,
    shown: str,
    sheet: str | None,
    codec: str | None,
    notes: list[Note],
    opts: ReadOptions,
    lon_name: str,
    lat_name: str,
    lines: np.ndarray | None,
) -> SourceFrame:
    """Points from two coordinate columns: every bad cell reported by row and column, CRS decided, EPSG:4490."""
    x, bad_x = parse_coordinates(table[lon_name])
    y, bad_y = parse_coordinates(table[lat_name])
    half = np.isnan(x) != np.isnan(y)
    problems = []
    line = lines if lines is not None else np.arange(len(table)) + 1  # where the user finds each row
    for column, bad in ((lon_name, bad_x), (lat_name, bad_y)):
        for row in np.flatnonzero(bad)[:200]:
            value = str(table[column].iloc[row])[:40]
            problems.append(
                Problem(
                    shown,
                    sheet,
                    int(row),
                    column,
                    *both("read.table.line_not_coordinate", line=line[row], value=value),
                    line=int(line[row]),
                )
            )
    for row in np.flatnonzero(half & ~bad_x & ~bad_y)[:200]:
        problems.append(
            Problem(
                shown,
                sheet,
                int(row),
                lon_name if np.isnan(x[row]) else lat_name,
                *both("read.table.line_only_one_two", line=line[row]),
                line=int(line[row]),
            )
        )
    if problems:
        raise InputDataError(problems)
    missing = np.isnan(x) | np.isnan(y)
    if missing.all():
        raise fail(
            shown,
            *both("read.table.columns_empty", lon_name=lon_name, lat_name=lat_name),
            layer=sheet,
        )
    try:
        decision = decide_crs(x, y, file_crs=None, user_crs=opts.crs, near_lon=opts.near_lon, allow_swap=True)
    except CrsGuessError as exc:
        raise fail(shown, exc.zh, exc.en, layer=sheet, column=f"{lon_name}, {lat_name}") from exc
    if missing.any():
        notes.append(
            Note(
                *both("read.table.row_s_no_coordinates", n=int(missing.sum())),
            )
        )
    if decision.swap_xy:
        x, y = y, x
    notes.append(Note(*both("read.table.coordinates_taken_from_columns", lon_name=lon_name, lat_name=lat_name)))
    points = gpd.points_from_xy(x, y)
    points[missing] = None
    frame = gpd.GeoDataFrame(table, geometry=points, crs=decision.crs)
    frame = to_storage(frame, decision, shown, sheet, opts.from_gcj02, notes)
    return SourceFrame(frame, shown, codec, None, describe_crs(decision.crs), notes)
