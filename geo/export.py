"""Exports of a report: indicators.csv, gaps.csv, gaps.xlsx, gaps.gpkg (and industry.csv).

* CSV files are UTF-8 with a byte-order mark, so Excel on a county office PC shows the Chinese
  text (pandas and ``csv`` with ``encoding="utf-8-sig"`` read them unchanged). Column names are
  the ASCII contract names; ``gaps_csv_bytes(..., lang="zh")`` gives Chinese headers instead.
* gaps.xlsx has a summary sheet (汇总: every target and check with its county value, whether it
  is met, the number of gaps, people affected and the top priority) and one sheet per
  responsible bureau (责任单位), Chinese headers, frozen header row, filters and column widths.
* gaps.gpkg has one layer ``gaps``: every gap row with the geometry of its feature (points,
  lines or polygons, EPSG:4490), ASCII column names.

Every file is written atomically: to a temporary file in the target folder, then renamed over
the target, so a reader never sees half a file. Each format also has a ``*_bytes`` variant for
download buttons.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from geo.catalog import CHECKS, INDICATORS
from geo.gaps import GAP_CRS, summarize
from geo.indicators.base import GAP_COLUMNS

if TYPE_CHECKING:
    from geo.report import Report

# indicators.csv: the contract's seven columns first, then the ones that make values checkable.
INDICATOR_COLUMNS = ("indicator_id", "level", "unit_code", "unit_name", "value", "target", "met",
                     "target_id", "numerator", "denominator", "population")

GAP_HEADERS_ZH: Mapping[str, str] = {
    "priority": "优先级（0–100）", "indicator_title": "指标", "town_name": "乡镇", "village_name": "行政村", "name": "名称",
    "feature_id": "要素编号", "reason_zh": "问题说明", "need_zh": "整改需求", "need_amount": "需求量", "need_unit": "需求单位",
    "population_affected": "影响人口", "value": "现状值", "target": "目标值", "cost_yuan": "估算投资（元）", "deadline": "完成时限",
    "village_code": "行政村代码", "town_code": "乡镇代码", "layer": "图层", "indicator_id": "指标编号", "target_id": "目标编号",
    "bureau": "责任单位", "reason_en": "说明（英文）",
}
# Column order of a bureau sheet (the English reason stays in the CSV).
XLSX_GAP_COLUMNS = ("priority", "indicator_title", "town_name", "village_name", "name", "feature_id", "reason_zh", "need_zh",
                    "need_amount", "need_unit", "population_affected", "value", "target", "cost_yuan", "deadline", "village_code",
                    "town_code", "layer", "indicator_id", "target_id", "bureau")
SUMMARY_HEADERS = ("责任单位", "指标编号", "指标", "目标编号", "全县现状", "目标值", "是否达标", "缺口数", "影响人口", "估算投资（元）",
                   "最高优先级")
LAYER_ZH = {"natural_villages": "自然村", "admin_villages": "行政村", "townships": "乡镇", "relocation_sites": "安置点",
            "pv_stations": "光伏电站", "water_works": "供水工程", "roads": "农村公路", "facilities": "公共服务设施",
            "cell_sites": "通信基站", "farm_plots": "产业地块"}
MET_ZH = {True: "是", False: "否"}
_SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


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
    """A table as CSV: UTF-8 with BOM, floats rounded to 6 decimals, no index."""
    return _rounded(pd.DataFrame(frame)).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def indicators_csv_bytes(indicators: pd.DataFrame) -> bytes:
    """indicators.csv: :data:`INDICATOR_COLUMNS`."""
    return csv_bytes(indicators.reindex(columns=list(INDICATOR_COLUMNS)))


def gaps_csv_bytes(gaps: pd.DataFrame, *, lang: str = "en") -> bytes:
    """gaps.csv: :data:`GAP_COLUMNS` without geometry; ``lang="zh"`` gives Chinese headers."""
    table = pd.DataFrame(gaps).reindex(columns=list(GAP_COLUMNS))
    if lang == "zh":
        table = table.rename(columns=GAP_HEADERS_ZH)
    return csv_bytes(table)


def _title(indicator_id: str) -> str:
    spec = INDICATORS.get(indicator_id) or CHECKS.get(indicator_id)
    return spec.title_zh if spec else indicator_id


def _sheet_names(bureaus: list[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    used = {"汇总"}
    for bureau in bureaus:
        base = (str(bureau).translate(_SHEET_FORBIDDEN).strip("'") or "未指定")[:31]
        name, n = base, 2
        while name in used:
            suffix = f"({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(name)
        names[bureau] = name
    return names


def _widths(table: pd.DataFrame, headers: list[str]) -> list[float]:
    """Column widths in Excel units: the longest text (CJK characters count double), 8–60."""
    widths = []
    for column, header in zip(table.columns, headers, strict=True):
        text = table[column].astype("string").fillna("")
        sample = pd.concat([text, pd.Series([header], dtype="string")], ignore_index=True)
        display = sample.str.len() + sample.str.count(r"[^\x00-\x7f]")
        widths.append(float(min(60, max(8, int(display.max() or 0) + 2))))
    return widths


def _cell_columns(table: pd.DataFrame, text_columns: set[str]) -> list[list[object]]:
    """Columns as plain Python values for openpyxl: text as str, numbers as float/int, missing as None."""
    columns: list[list[object]] = []
    for name in table.columns:
        values = table[name]
        if name in text_columns or not (pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype)):
            array = values.astype("string").to_numpy(dtype=object, na_value=None)
        elif pd.api.types.is_integer_dtype(values.dtype):
            array = np.array([None if v is pd.NA else int(v) for v in values.astype("Int64")], dtype=object)
        else:
            numeric = pd.to_numeric(values, errors="coerce").astype(float).round(6)
            array = numeric.astype(object).where(np.isfinite(numeric), None).to_numpy()
        columns.append(array.tolist())
    return columns


def _write_sheet(workbook: Workbook, title: str, table: pd.DataFrame, headers: list[str], text_columns: set[str]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for number, width in enumerate(_widths(table, headers), start=1):
        sheet.column_dimensions[_column_letter(number)].width = width
    if len(table.columns):
        sheet.auto_filter.ref = f"A1:{_column_letter(len(table.columns))}{len(table) + 1}"
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in zip(*_cell_columns(table, text_columns), strict=True):
        sheet.append(row)


def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _summary(gaps: pd.DataFrame, indicators: pd.DataFrame | None) -> pd.DataFrame:
    counts = summarize(gaps)
    if indicators is not None and len(indicators):
        county = indicators[indicators["level"] == "county"]
        if "target_id" not in county:
            county = county.assign(target_id=county["indicator_id"])
        rows = county[["indicator_id", "target_id", "value", "target", "met"]].drop_duplicates("target_id")
        bureau_of = counts.drop_duplicates("target_id").set_index("target_id")["bureau"] if len(counts) else pd.Series(dtype=object)
        table = rows.merge(counts.drop(columns=["indicator_id"]), on="target_id", how="outer")
        table["indicator_id"] = table["indicator_id"].fillna(table["target_id"])
        table["bureau"] = table["bureau"].fillna(table["target_id"].map(bureau_of))
    else:
        table = counts.assign(value=np.nan, target=np.nan, met=pd.NA)
    spec_bureau = {**{k: v.bureau for k, v in INDICATORS.items()}, **{k: v.bureau for k, v in CHECKS.items()}}
    table["bureau"] = table["bureau"].fillna(table["indicator_id"].map(spec_bureau)).fillna("未指定")
    table["gaps"] = table["gaps"].fillna(0).astype(int)
    met = table["met"].astype("boolean")
    out = pd.DataFrame({
        "bureau": table["bureau"], "indicator_id": table["indicator_id"], "title": table["indicator_id"].map(_title),
        "target_id": table["target_id"], "value": table["value"], "target": table["target"],
        "met": met.map(MET_ZH).astype("object").where(met.notna(), "不判定"),
        "gaps": table["gaps"], "population_affected": table["population_affected"], "cost_yuan": table["cost_yuan"],
        "top_priority": table["top_priority"],
    })
    return out.sort_values(["bureau", "indicator_id", "target_id"], kind="stable").reset_index(drop=True)


def gaps_xlsx_bytes(gaps: pd.DataFrame, indicators: pd.DataFrame | None = None) -> bytes:
    """gaps.xlsx: a summary sheet (汇总) and one sheet per bureau, Chinese headers, frozen header row."""
    workbook = Workbook(write_only=True)
    summary = _summary(gaps, indicators)
    _write_sheet(workbook, "汇总", summary, list(SUMMARY_HEADERS), {"bureau", "indicator_id", "title", "target_id", "met"})
    table = pd.DataFrame(gaps).drop(columns="geometry", errors="ignore").reindex(columns=list(GAP_COLUMNS))
    table["indicator_title"] = table["indicator_id"].astype("string").map(_title)
    table["layer"] = table["layer"].map(LAYER_ZH).fillna(table["layer"])
    table["bureau"] = table["bureau"].astype("object").fillna("未指定")
    text = {"indicator_title", "town_name", "village_name", "name", "feature_id", "reason_zh", "need_zh", "need_unit", "village_code",
            "town_code", "layer", "indicator_id", "target_id", "bureau"}
    bureaus = sorted(table["bureau"].unique().tolist())
    names = _sheet_names(bureaus)
    for bureau in bureaus:
        part = table[table["bureau"] == bureau].sort_values("priority", ascending=False, kind="stable")
        part = part[list(XLSX_GAP_COLUMNS)]
        _write_sheet(workbook, names[bureau], part, [GAP_HEADERS_ZH[c] for c in XLSX_GAP_COLUMNS], text)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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


def write_report(report: Report, out_dir: str | os.PathLike[str]) -> dict[str, Path]:
    """Write indicators.csv, gaps.csv, gaps.xlsx, gaps.gpkg and industry.csv into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return {
        "indicators.csv": atomic_write(out / "indicators.csv", indicators_csv_bytes(report.indicators)),
        "gaps.csv": atomic_write(out / "gaps.csv", gaps_csv_bytes(report.gaps)),
        "gaps.xlsx": atomic_write(out / "gaps.xlsx", gaps_xlsx_bytes(report.gaps, report.indicators)),
        "gaps.gpkg": write_gaps_gpkg(report.gaps, out / "gaps.gpkg"),
        "industry.csv": atomic_write(out / "industry.csv", csv_bytes(report.industry)),
    }
