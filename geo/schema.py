"""Layer schemas and their validation: the machinery behind the data contract.

The layer kinds themselves (townships, roads, ...) are declared in ``layers/``; this module
only knows how to describe a layer and check a GeoDataFrame against that description. It
collects every problem at once, each naming the source, feature (row), and field, in Chinese
and English, so the planner fixes a file in one pass instead of one error at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import Problem

DType = Literal["str", "code", "int", "float", "bool", "date"]
GeometryKind = Literal["Point", "LineString", "Polygon"]

# Geometry types accepted for each declared kind (multi-part variants are normal in real data,
# e.g. a township with an exclave, a road split by a bridge).
ACCEPTED_GEOMETRIES: Mapping[str, frozenset[str]] = {
    "Point": frozenset({"Point"}),
    "LineString": frozenset({"LineString", "MultiLineString"}),
    "Polygon": frozenset({"Polygon", "MultiPolygon"}),
}
GEOMETRY_ZH = {"Point": "点", "LineString": "线", "Polygon": "面"}
DTYPE_ZH = {"str": "文本", "code": "数字编码", "int": "整数", "float": "数值", "bool": "是/否", "date": "日期"}

TRUE_WORDS = frozenset({"true", "1", "yes", "y", "t", "是", "有", "已", "√", "已确权", "合格"})
FALSE_WORDS = frozenset({"false", "0", "no", "n", "f", "否", "无", "未", "×", "未确权", "不合格"})

# More problems than this per column are summarised in one line, so a broken file does not
# produce a million-line report.
MAX_ROWS_LISTED = 20


@dataclass(frozen=True)
class Column:
    """One attribute column of a layer.

    ``aliases`` are other names accepted on import (Chinese names first); ``allowed`` lists
    the valid values of a categorical column; ``code_length`` fixes the number of digits of a
    code column (leading zeros matter, codes are strings).
    """

    name: str
    dtype: DType
    label_zh: str
    label_en: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    allowed: tuple[str, ...] | None = None
    allowed_zh: tuple[str, ...] | None = None
    code_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None


    def value_label(self, value: object, *, lang: str = "zh") -> str:
        """Display label of a categorical value (Chinese when ``lang == "zh"``)."""
        if lang == "zh" and self.allowed and self.allowed_zh and value in self.allowed:
            return self.allowed_zh[self.allowed.index(str(value))]
        return str(value)


@dataclass(frozen=True)
class LayerSchema:
    """What one layer of the store must look like."""

    name: str
    title_zh: str
    title_en: str
    geometry: GeometryKind
    key: str
    columns: tuple[Column, ...]
    required_in_dataset: bool = True
    description_en: str = ""
    unique_columns: tuple[str, ...] = field(default=())

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def required_columns(self) -> list[str]:
        """Names of the columns a layer must have."""
        return [c.name for c in self.columns if c.required]

    def alias_map(self) -> dict[str, str]:
        """Map every accepted alias (case-insensitive for ASCII) to the contract name."""
        mapping: dict[str, str] = {}
        for col in self.columns:
            for alias in (col.name, *col.aliases):
                mapping[alias.strip().lower()] = col.name
        return mapping


def rename_to_contract(frame: gpd.GeoDataFrame, schema: LayerSchema) -> tuple[gpd.GeoDataFrame, dict[str, str]]:
    """Rename columns whose name is an alias of a contract column; keep every other column.

    Returns the renamed frame and the mapping applied (source name → contract name). A contract
    column already present wins over an alias, so no data are overwritten.
    """
    aliases = schema.alias_map()
    present = set(frame.columns)
    mapping: dict[str, str] = {}
    for name in frame.columns:
        if name == frame.geometry.name:
            continue
        target = aliases.get(str(name).strip().lower())
        if target and target != name and target not in present and target not in mapping.values():
            mapping[name] = target
    return frame.rename(columns=mapping), mapping


def _rows(index: np.ndarray) -> str:
    listed = ", ".join(str(int(i)) for i in index[:MAX_ROWS_LISTED])
    if len(index) > MAX_ROWS_LISTED:
        listed += f", … (+{len(index) - MAX_ROWS_LISTED})"
    return listed


def _bool_values(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse booleans written as True/False, 1/0, 是/否 …; return (parsed, unparseable mask)."""
    if pd.api.types.is_bool_dtype(values):
        return values.astype("boolean"), pd.Series(False, index=values.index)
    text = values.astype("string").str.strip().str.lower()
    parsed = pd.Series(pd.NA, index=values.index, dtype="boolean")
    parsed[text.isin(TRUE_WORDS).fillna(False)] = True
    parsed[text.isin(FALSE_WORDS).fillna(False)] = False
    bad = values.notna() & parsed.isna()
    return parsed, bad


def _check_column(values: pd.Series, col: Column) -> list[tuple[np.ndarray, str, str]]:
    """Return (rows, message_zh, message_en) for every kind of bad value in one column."""
    found: list[tuple[np.ndarray, str, str]] = []
    positions = np.arange(len(values))
    missing = values.isna().to_numpy() | (values.astype("string").str.strip() == "").fillna(False).to_numpy()
    if col.required and missing.any():
        found.append((positions[missing], "缺少取值（必填）", "value is missing (required)"))
    present = ~missing
    if col.dtype in ("int", "float"):
        numbers = pd.to_numeric(values, errors="coerce")
        bad = present & numbers.isna().to_numpy()
        if bad.any():
            found.append((positions[bad], f"应为{DTYPE_ZH[col.dtype]}", f"expected a number ({col.dtype})"))
        ok = present & ~bad
        if col.dtype == "int":
            frac = ok & (np.abs(numbers.to_numpy(dtype=float, na_value=0) % 1) > 0)
            if frac.any():
                found.append((positions[frac], "应为整数", "expected a whole number"))
        if col.minimum is not None:
            low = ok & (numbers.to_numpy(dtype=float, na_value=np.inf) < col.minimum)
            if low.any():
                found.append((positions[low], f"不能小于 {col.minimum:g}", f"must be ≥ {col.minimum:g}"))
        if col.maximum is not None:
            high = ok & (numbers.to_numpy(dtype=float, na_value=-np.inf) > col.maximum)
            if high.any():
                found.append((positions[high], f"不能大于 {col.maximum:g}", f"must be ≤ {col.maximum:g}"))
    elif col.dtype == "bool":
        _, bad = _bool_values(values)
        bad_arr = bad.to_numpy() & present
        if bad_arr.any():
            found.append((positions[bad_arr], "应为 是/否", "expected yes/no (true/false, 1/0, 是/否)"))
    elif col.dtype == "date":
        dates = pd.to_datetime(values, errors="coerce", format="mixed")
        bad = present & dates.isna().to_numpy()
        if bad.any():
            found.append((positions[bad], "应为日期，如 2024-03-31", "expected a date such as 2024-03-31"))
    elif col.dtype == "code":
        text = values.astype("string").str.strip()
        pattern = rf"^\d{{{col.code_length}}}$" if col.code_length else r"^\d+$"
        bad = present & ~text.str.match(pattern).fillna(False).to_numpy()
        if bad.any():
            length = f"{col.code_length}位" if col.code_length else ""
            length_en = f"{col.code_length}-digit " if col.code_length else ""
            found.append((positions[bad], f"应为{length}数字编码（文本，保留前导零）", f"expected a {length_en}numeric code (text, leading zeros kept)"))
    if col.allowed is not None:
        text = values.astype("string").str.strip()
        bad = present & ~text.isin(col.allowed).fillna(False).to_numpy()
        if bad.any():
            shown = "/".join(col.allowed)
            found.append((positions[bad], f"取值应为 {shown} 之一", f"value must be one of {shown}"))
    return found


def validate_layer(frame: gpd.GeoDataFrame, schema: LayerSchema, *, source: str) -> list[Problem]:
    """Check one layer against its schema and return every problem found (empty list = valid).

    Checks: CRS present, geometry kind, empty and invalid geometries, required columns,
    value types, allowed values, code formats, value ranges, and duplicate keys.
    """
    problems: list[Problem] = []

    def add(feature: int | None, column: str | None, zh: str, en: str) -> None:
        problems.append(Problem(source, schema.name, feature, column, zh, en))

    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame.columns:
        add(None, None, "没有几何列", "layer has no geometry column")
        return problems
    if frame.crs is None:
        add(None, None, "没有坐标系（CRS），请在源文件中设置，如 EPSG:4490", "no CRS; set it in the source file, e.g. EPSG:4490")
    if len(frame) == 0:
        if schema.required_in_dataset:
            add(None, None, "图层没有要素", "layer has no features")
        return problems

    geoms = frame.geometry.to_numpy()
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    positions = np.arange(len(frame))
    if empty.any():
        add(None, "geometry", f"空几何，行 {_rows(positions[empty])}", f"empty geometry at rows {_rows(positions[empty])}")
    kinds = shapely.get_type_id(geoms)
    type_names = np.array(["Point", "LineString", "LinearRing", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection"])
    names = np.where(kinds >= 0, type_names[np.clip(kinds, 0, 7)], "")
    wrong = ~empty & ~np.isin(names, list(ACCEPTED_GEOMETRIES[schema.geometry]))
    for pos in positions[wrong][:MAX_ROWS_LISTED]:
        add(int(pos), "geometry", f"几何类型应为{GEOMETRY_ZH[schema.geometry]}（{schema.geometry}），实际为 {names[pos]}", f"expected {schema.geometry} geometry, got {names[pos]}")
    if wrong.sum() > MAX_ROWS_LISTED:
        add(None, "geometry", f"另有 {wrong.sum() - MAX_ROWS_LISTED} 个要素几何类型错误", f"{wrong.sum() - MAX_ROWS_LISTED} more features with the wrong geometry type")
    checkable = ~empty & ~wrong
    invalid = checkable & ~shapely.is_valid(geoms)
    for pos in positions[invalid][:MAX_ROWS_LISTED]:
        reason = shapely.is_valid_reason(geoms[pos])
        add(int(pos), "geometry", f"几何无效（{reason}），可在导入时选择修复", f"invalid geometry ({reason}); repair it on import if you wish")
    if invalid.sum() > MAX_ROWS_LISTED:
        add(None, "geometry", f"另有 {invalid.sum() - MAX_ROWS_LISTED} 个无效几何", f"{invalid.sum() - MAX_ROWS_LISTED} more invalid geometries")

    for col in schema.columns:
        if col.name not in frame.columns:
            if col.required:
                add(None, col.name, f"缺少必填字段“{col.label_zh}”（{col.name}，{DTYPE_ZH[col.dtype]}）", f"missing required column '{col.name}' ({col.label_en}, {col.dtype})")
            continue
        for rows, zh, en in _check_column(frame[col.name], col):
            if len(rows) == 1:
                add(int(rows[0]), col.name, zh, en)
            else:
                add(None, col.name, f"{zh}：行 {_rows(rows)}", f"{en}: rows {_rows(rows)}")

    for name in (schema.key, *schema.unique_columns):
        if name not in frame.columns:
            continue
        keys = frame[name].astype("string").str.strip()
        dup = (keys.duplicated(keep=False) & keys.notna()).to_numpy()
        if dup.any():
            values = sorted(set(keys[dup].tolist()))[:MAX_ROWS_LISTED]
            add(None, name, f"编码重复：{', '.join(values)}（行 {_rows(positions[dup])}）", f"duplicate codes: {', '.join(values)} (rows {_rows(positions[dup])})")
    return problems


def coerce_types(frame: gpd.GeoDataFrame, schema: LayerSchema) -> gpd.GeoDataFrame:
    """Return a copy whose contract columns have their declared types; extra columns kept.

    Call only after :func:`validate_layer` found no problems: values that cannot be parsed
    become missing here.
    """
    out = frame.copy()
    for col in schema.columns:
        if col.name not in out.columns:
            continue
        values = out[col.name]
        if col.dtype in ("str", "code"):
            out[col.name] = values.astype("string").str.strip()
        elif col.dtype == "int":
            out[col.name] = pd.to_numeric(values, errors="coerce").round().astype("Int64")
        elif col.dtype == "float":
            out[col.name] = pd.to_numeric(values, errors="coerce").astype("Float64")
        elif col.dtype == "bool":
            out[col.name] = _bool_values(values)[0]
        elif col.dtype == "date":
            out[col.name] = pd.to_datetime(values, errors="coerce", format="mixed")
    return out
