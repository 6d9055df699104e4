"""gaps.xlsx, the gap workbook a bureau opens, prints and forwards: a summary, township subtotals, a sheet per lead bureau.

* 汇总 (summary): every target and check with its county value (75.2 %), whether it is met, the
  number of gaps, people affected, the cost in 万元 (235.5), the top priority and the plan it is
  judged by. A filtered download (``chosen=…``) lists only the targets of the chosen rows and
  says what was chosen in a note row.
* 乡镇小计 (township subtotals): gaps, people and cost per lead bureau and township, a subtotal row
  per bureau and the county total.
* one sheet per lead bureau (牵头单位, :mod:`geo.core.bureaus`, ``data/bureaus.toml``): its gap rows,
  highest priority first; the units working with it in the 协办单位 column, not on sheets of their
  own; internal ids last and hidden.

Every sheet has Chinese headers, number formats (shares as %, money in 万元 with separators,
counts as integers), a frozen header row with filters, and A4 landscape print setup fitted to one
page wide with the header row repeated (:mod:`geo.io.workbook_sheets`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.analysis.catalog import CATALOG
from geo.analysis.gap_rows import GAP_COLUMNS
from geo.analysis.gaps import summarize
from geo.core.bureaus import Leads, load_leads
from geo.io.export_columns import (
    GAP_HEADERS_ZH,
    LAYER_ZH,
    MET_ZH,
    ROLE_ZH,
    SHEET_FORBIDDEN,
    SUBTOTAL_COLUMNS,
    SUBTOTAL_SHEET,
    SUMMARY_COLUMNS,
    SUMMARY_HIDDEN,
    SUMMARY_SHEET,
    XLSX_GAP_COLUMNS,
    XLSX_HIDDEN,
    XLSX_MAX_DATA_ROWS,
    XLSX_WRAPPED,
)
from geo.io.workbook_sheets import (
    AMOUNT,
    COUNT,
    DECIMAL1,
    PERCENT,
    WAN,
    XML_ILLEGAL,
    YEAR,
    Column,
    SheetTable,
    number_cells,
    text_cells,
    write_workbook,
)
from geo.text.i18n import bilingual, t

UNSPECIFIED = "未指定"
# Number format of each numeric column (the rest are text); "value" / "target" go by the indicator's unit.
_FORMATS = {
    "priority": DECIMAL1,
    "top_priority": DECIMAL1,
    "population_affected": COUNT,
    "gaps": COUNT,
    "cost_wan": WAN,
    "deadline": YEAR,
}
_BY_UNIT = ("value", "target")
_NUMERIC = {*_FORMATS, *_BY_UNIT, "need_amount"}


def _title(indicator_id: str) -> str:
    spec = CATALOG.indicators.get(indicator_id) or CATALOG.checks.get(indicator_id)
    return spec.title_zh if spec else indicator_id


def _unit_format(indicator_ids: pd.Series) -> np.ndarray:
    """Per row: amounts in yuan as integers, every other indicator and check (a share or ratio) as a percentage."""
    units = {spec.id: spec.unit for spec in CATALOG.indicators.values()}
    unit = indicator_ids.astype("string").map(units)
    return np.where((unit == "yuan").fillna(False).to_numpy(dtype=bool), COUNT, PERCENT).astype(object)


def _wan(yuan: pd.Series) -> pd.Series:
    return pd.to_numeric(yuan, errors="coerce").astype(float) / 10_000


def _table(frame: pd.DataFrame, headers: dict[str, str], hidden: frozenset[str], bold: np.ndarray | None) -> SheetTable:
    """A sheet table of ``frame``'s columns with their headers, number formats and layout."""
    columns = []
    for name in frame.columns:
        if name in _NUMERIC:
            cells = number_cells(frame[name])
            if name in _BY_UNIT:
                fmt: str | np.ndarray | None = _unit_format(frame["indicator_id"])
            elif name == "need_amount":
                whole = pd.to_numeric(frame[name], errors="coerce").dropna()
                fmt = COUNT if (whole == whole.round()).all() else AMOUNT
            else:
                fmt = _FORMATS[name]
        else:
            cells, fmt = text_cells(frame[name]), None
        columns.append(Column(headers[name], cells, fmt, name in hidden, XLSX_WRAPPED.get(name)))
    return SheetTable(columns, bold)


def _sheet_names(bureaus: list[str], used: set[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for bureau in bureaus:
        base = (XML_ILLEGAL.sub("", str(bureau).translate(SHEET_FORBIDDEN)).strip("'") or UNSPECIFIED)[:31]
        name, n = base, 2
        while name in used:
            suffix = f"({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(name)
        names[bureau] = name
    return names


def _continued(name: str, part: int, used: set[str]) -> str:
    """Sheet name of part ``part`` (2, 3 …) of a bureau's gaps: ``name (part)``, ≤ 31 characters, unique."""
    n = part
    while True:
        suffix = f" ({n})"
        candidate = name[: 31 - len(suffix)] + suffix
        if candidate not in used:
            used.add(candidate)
            return candidate
        n += 1


_PLAN_SUMMARY = ("plan_role", "plan_title", "plan_document")


def _summary(gaps: pd.DataFrame, indicators: pd.DataFrame | None, leads: Leads, only_listed: bool) -> pd.DataFrame:
    counts = summarize(gaps)
    if indicators is not None and len(indicators) and not (only_listed and len(gaps) == 0):
        county = indicators[indicators["level"] == "county"]
        if "target_id" not in county:
            county = county.assign(target_id=county["indicator_id"])
        rows = county.reindex(columns=["indicator_id", "target_id", "value", "target", "met", *_PLAN_SUMMARY])
        rows = rows.drop_duplicates("target_id")
        if only_listed:
            rows = rows[rows["target_id"].isin(set(gaps["target_id"].dropna()))]
        bureau_of = (
            counts.drop_duplicates("target_id").set_index("target_id")["bureau"]
            if len(counts)
            else pd.Series(dtype=object)
        )
        table = rows.merge(counts.drop(columns=["indicator_id"]), on="target_id", how="outer")
        table["indicator_id"] = table["indicator_id"].fillna(table["target_id"])
        table["bureau"] = table["bureau"].fillna(table["target_id"].map(bureau_of))
    else:
        table = counts.assign(value=np.nan, target=np.nan, met=pd.NA, **dict.fromkeys(_PLAN_SUMMARY, pd.NA))
    spec_bureau = {spec.id: spec.bureau for spec in CATALOG.indicators.values()}
    spec_bureau |= {spec.id: spec.bureau for spec in CATALOG.checks.values()}
    table["bureau"] = table["bureau"].fillna(table["indicator_id"].map(spec_bureau)).fillna(UNSPECIFIED)
    table["gaps"] = table["gaps"].fillna(0).astype(int)
    lead, joint = leads.columns(table["bureau"])
    met = table["met"].astype("boolean")
    out = pd.DataFrame(
        {
            "lead_bureau": lead.fillna(UNSPECIFIED).to_numpy(),
            "title": table["indicator_id"].map(_title),
            "value": table["value"],
            "target": table["target"],
            "met": met.map(MET_ZH).astype("object").where(met.notna(), "不判定"),
            "gaps": table["gaps"],
            "population_affected": table["population_affected"],
            "cost_wan": _wan(table["cost_yuan"]),
            "top_priority": table["top_priority"],
            "joint_units": joint.to_numpy(),
            "plan_role": table["plan_role"].map(ROLE_ZH),
            "plan_title": table["plan_title"],
            "plan_document": table["plan_document"],
            "indicator_id": table["indicator_id"],
            "target_id": table["target_id"],
        }
    )
    return out.sort_values(["lead_bureau", "indicator_id", "target_id"], kind="stable").reset_index(drop=True)


def _subtotals(table: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Gaps, people and cost (万元) per lead bureau and township, a 小计 row per bureau, the 合计 row last."""
    columns = [name for name, _ in SUBTOTAL_COLUMNS]
    if len(table) == 0:
        return pd.DataFrame(columns=columns), np.zeros(0, dtype=bool)
    frame = pd.DataFrame(
        {
            "lead_bureau": table["lead_bureau"],
            "town_code": table["town_code"].astype("string").fillna(""),
            "town_name": table["town_name"].astype("string").fillna(t("workbook.no_town", "zh")),
            "population_affected": pd.to_numeric(table["population_affected"], errors="coerce"),
            "cost_wan": table["cost_wan"],
        }
    )
    sums = {"gaps": ("lead_bureau", "size"), "population_affected": ("population_affected", "sum")}
    sums["cost_wan"] = ("cost_wan", "sum")
    towns = frame.groupby(["lead_bureau", "town_code", "town_name"], sort=True, dropna=False).agg(**sums).reset_index()
    bureaus = frame.groupby("lead_bureau", sort=True).agg(**sums).reset_index()
    bureaus["town_name"], bureaus["town_code"], bureaus["_order"] = t("workbook.subtotal", "zh"), "", 1
    towns["_order"] = 0
    total = frame.assign(lead_bureau=t("workbook.total", "zh")).groupby("lead_bureau").agg(**sums).reset_index()
    total["town_name"], total["town_code"], total["_order"] = "", "", 2
    body = pd.concat([towns, bureaus], ignore_index=True).sort_values(["lead_bureau", "_order", "town_code"])
    out = pd.concat([body, total], ignore_index=True)
    return out[columns].reset_index(drop=True), (out["_order"] > 0).to_numpy()


def _gap_table(gaps: pd.DataFrame, leads: Leads) -> pd.DataFrame:
    """The gap rows as a bureau reads them: titles, Chinese layer and role, cost in 万元, lead and joint units."""
    table = pd.DataFrame(gaps).drop(columns="geometry", errors="ignore").reindex(columns=list(GAP_COLUMNS))
    table["indicator_title"] = table["indicator_id"].astype("string").map(_title)
    table["layer"] = table["layer"].map(LAYER_ZH).fillna(table["layer"])
    table["bureau"] = table["bureau"].astype("object").fillna(UNSPECIFIED)
    table["plan_role"] = table["plan_role"].map(ROLE_ZH)
    table["cost_wan"] = _wan(table["cost_yuan"])
    lead, joint = leads.columns(table["bureau"])
    table["lead_bureau"], table["joint_units"] = lead.fillna(UNSPECIFIED).to_numpy(), joint.to_numpy()
    # rows by lead bureau, then priority (highest first)
    return table.sort_values(["lead_bureau", "priority"], ascending=[True, False], kind="stable").reset_index(drop=True)


def gaps_xlsx_bytes(
    gaps: pd.DataFrame,
    indicators: pd.DataFrame | None = None,
    *,
    chosen: str | None = None,
    leads: Leads | None = None,
    max_rows: int = XLSX_MAX_DATA_ROWS,
) -> bytes:
    """gaps.xlsx: 汇总, 乡镇小计 and one sheet per lead bureau (see the module docstring).

    ``chosen``, the description of a filter, makes it a filtered download: the summary lists only
    the targets of ``gaps`` and ends with a note saying what was chosen. ``leads`` default to
    ``data/bureaus.toml``. A bureau with more than ``max_rows`` gaps (Excel's row limit) continues on
    further sheets, highest priority first, and the summary ends with a note naming them.
    """
    leads = load_leads() if leads is None else leads
    summary = _summary(gaps, indicators, leads, chosen is not None)
    table = _gap_table(gaps, leads)
    bureaus = sorted(table["lead_bureau"].unique().tolist())
    used = {SUMMARY_SHEET, SUBTOTAL_SHEET}
    names = _sheet_names(bureaus, used)
    max_rows = max(1, int(max_rows))
    lead_of = table["lead_bureau"].to_numpy(dtype=object)
    sheets: list[tuple[str, np.ndarray]] = []
    notes: list[str] = []
    for bureau in bureaus:
        rows = np.flatnonzero(lead_of == bureau)
        chunks = [rows[start : start + max_rows] for start in range(0, len(rows), max_rows)] or [rows]
        chunk_names = [names[bureau]] + [_continued(names[bureau], k, used) for k in range(2, len(chunks) + 1)]
        sheets += list(zip(chunk_names, chunks, strict=True))
        if len(chunks) > 1:
            notes.append(
                bilingual(
                    "workbook.split", bureau=bureau, rows=len(rows), limit=max_rows, sheets="、".join(chunk_names)
                )
            )
    if chosen is not None:
        notes.append(t("workbook.chosen", "zh", query=chosen))
    if notes:
        label = f"{t('workbook.note', 'zh')} {t('workbook.note', 'en')}"
        rows_of_notes = pd.DataFrame({"lead_bureau": [label] * len(notes), "title": notes})
        summary = pd.concat([summary, rows_of_notes.reindex(columns=summary.columns)], ignore_index=True)
    subtotals, bold = _subtotals(table)
    gap_headers = {name: GAP_HEADERS_ZH[name] for name in XLSX_GAP_COLUMNS}
    gap_sheet = _table(table[list(XLSX_GAP_COLUMNS)], gap_headers, XLSX_HIDDEN, None)
    summary_sheet = _table(summary, dict(SUMMARY_COLUMNS), SUMMARY_HIDDEN, None)
    subtotal_sheet = _table(subtotals, dict(SUBTOTAL_COLUMNS), frozenset({"town_code"}), bold)
    return write_workbook(
        [
            (SUMMARY_SHEET, summary_sheet, np.arange(len(summary))),
            *([(SUBTOTAL_SHEET, subtotal_sheet, np.arange(len(subtotals)))] if len(table) else []),
            *((name, gap_sheet, rows) for name, rows in sheets),
        ]
    )
