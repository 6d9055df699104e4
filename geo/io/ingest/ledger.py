"""Join ledgers (台账) to the villages of the store: by code first, else by name within township.

A bureau's ledger lists villages by 12-digit code, or only by name, with the township beside it.
Names are matched after light normalization (full-width → half-width, spaces, the 村/镇/乡
suffixes), exactly first and then fuzzily (difflib) within the township. Every row ends in one
of three states: matched (and how: code, name or fuzzy with its score), ambiguous (several
candidates, all listed) or unmatched (with the nearest name when there is one). Nothing is
guessed silently: ambiguous and unmatched rows become problems in the import report, fuzzy
matches are listed so the planner can check them. Exact matching is vectorized (pandas merges);
only rows left over go through difflib, one township at a time.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from geo.core.errors import Problem
from geo.core.validation import as_text
from geo.io.ingest.mapping import normalize_text

JoinBy = Literal["auto", "code", "name"]
Status = Literal["matched", "ambiguous", "unmatched"]

# Ledger columns naming where a row belongs (beyond the layer's own columns), with the names
# ledgers use for them. Compared after :func:`geo.io.ingest.mapping.normalize_text`.
KEY_ALIASES: Mapping[str, tuple[str, ...]] = {
    "town_code": ("乡镇代码", "乡镇编码", "乡镇区划代码", "乡镇街道代码", "town_code", "towncode", "streetcode"),
    "town_name": (
        "乡镇",
        "乡镇名称",
        "乡（镇）",
        "乡镇（街道）",
        "乡镇街道",
        "所属乡镇",
        "镇（乡）",
        "town",
        "township",
        "town_name",
        "townname",
        "streetname",
    ),
    "village_code": ("行政村代码", "行政村编码", "村代码", "村编码", "统计用区划代码", "village_code"),
    "village_name": ("行政村", "行政村名称", "所属行政村", "建制村", "村委会", "village", "village_name"),
}
TOWN_SUFFIXES = ("人民政府", "街道办事处", "街道", "镇", "乡")
VILLAGE_SUFFIXES = ("村民委员会", "居民委员会", "村委会", "居委会", "行政村", "村民小组", "社区", "村", "组")
DEFAULT_CUTOFF = 0.75  # difflib ratio needed for a fuzzy match: one character off in a 4-character name
DEFAULT_MARGIN = 0.05  # two candidates closer than this are ambiguous
SUGGEST_CUTOFF = 0.5  # nearest name shown with an unmatched row
TOWN_CODE_PATTERN = r"[0-9]{9}"
VILLAGE_CODE_PATTERN = r"[0-9]{12}"


def key_columns(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rename the ledger's township/village columns (乡镇, 行政村, …) to ``town_name``, ``village_name`` …

    Columns already carrying a contract name are left alone; returns the frame and the renaming.
    """
    present = {str(c) for c in frame.columns}
    lookup = {normalize_text(alias): name for name, aliases in KEY_ALIASES.items() for alias in aliases}
    mapping: dict[str, str] = {}
    for column in frame.columns:
        target = lookup.get(normalize_text(column))
        if target and target != column and target not in present and target not in mapping.values():
            mapping[str(column)] = target
    return frame.rename(columns=mapping), mapping


def name_key(values: pd.Series, suffixes: tuple[str, ...]) -> pd.Series:
    """Names reduced for matching: normalized text without one trailing administrative suffix.

    The first suffix of ``suffixes`` that a name ends with is removed (list longer ones first),
    and only when something is left: "溪口村" and "溪口" match, "村" stays "村".
    """
    text = as_text(values)
    keys = pd.Series([pd.NA if pd.isna(v) else normalize_text(v) for v in text], index=values.index, dtype="string")
    done = np.zeros(len(keys), dtype=bool)
    for suffix in suffixes:
        ends = ~done & keys.str.endswith(suffix).fillna(False).to_numpy(dtype=bool)
        ends &= (keys.str.len() > len(suffix)).fillna(False).to_numpy(dtype=bool)
        if ends.any():
            keys = keys.where(~ends, keys.str.slice(stop=-len(suffix)))
            done |= ends
    return keys


@dataclass
class JoinResult:
    """One row per ledger row (same index): status, method, score, matched key and candidates.

    ``table`` columns: ``status`` (matched/ambiguous/unmatched), ``method`` (code/name/fuzzy,
    or manual when settled by hand), ``score`` (1.0 for exact), ``target`` (the matched
    feature's key), ``target_name``, ``query_name`` (the name looked up), ``candidates``
    (labels of the candidates of an ambiguous row, or the suggestion of an unmatched one, joined
    by "；"), ``candidate_keys`` (their keys, in the same order), ``reason_zh``/``reason_en``.
    """

    table: pd.DataFrame
    target_layer: str
    key: str

    @property
    def matched(self) -> pd.DataFrame:
        """Rows matched to exactly one feature."""
        return self.table[self.table["status"] == "matched"]

    @property
    def ambiguous(self) -> pd.DataFrame:
        """Rows with several equally good candidates (listed in ``candidates``)."""
        return self.table[self.table["status"] == "ambiguous"]

    @property
    def unmatched(self) -> pd.DataFrame:
        """Rows no feature could be found for."""
        return self.table[self.table["status"] == "unmatched"]

    @property
    def fuzzy(self) -> pd.DataFrame:
        """Matched rows whose name differs from the feature's (to be checked by the planner)."""
        return self.table[(self.table["status"] == "matched") & (self.table["method"] == "fuzzy")]

    @property
    def to_review(self) -> pd.DataFrame:
        """Rows a planner should look at: ambiguous, unmatched, or matched only by a similar name."""
        return self.table[(self.table["status"] != "matched") | (self.table["method"] == "fuzzy")]

    def problems(self, source: str, layer: str, field: str) -> list[Problem]:
        """One problem per ambiguous or unmatched row (row numbers are the ledger's, 0-based).

        ``field`` names the ledger's name column; rows whose code was looked up name the code column.
        """
        out: list[Problem] = []
        for row in self.table[self.table["status"] != "matched"].itertuples():
            column = self.key if row.method == "code" else field
            out.append(Problem(source, layer, int(row.Index), column, str(row.reason_zh), str(row.reason_en)))
        return out


def _empty_table(index: pd.Index) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "status": pd.Series("unmatched", index=index, dtype=object),
            "method": pd.Series(None, index=index, dtype=object),
            "score": pd.Series(np.nan, index=index, dtype=float),
            "target": pd.Series(pd.NA, index=index, dtype="string"),
            "target_name": pd.Series(pd.NA, index=index, dtype="string"),
            "query_name": pd.Series("", index=index, dtype=object),
            "candidates": pd.Series("", index=index, dtype=object),
            "candidate_keys": pd.Series("", index=index, dtype=object),
            "reason_zh": pd.Series("", index=index, dtype=object),
            "reason_en": pd.Series("", index=index, dtype=object),
        }
    )


def _label(name: object, code: object, scope: object = None) -> str:
    inside = f"{code}" if scope is None or pd.isna(scope) else f"{code}，{scope}"
    return f"{name}（{inside}）"


def _set(table: pd.DataFrame, rows: pd.Index | list, **values: object) -> None:
    if len(rows):
        for column, value in values.items():
            table.loc[rows, column] = value


def _match_names(
    table: pd.DataFrame,
    queries: pd.DataFrame,
    candidates: pd.DataFrame,
    *,
    what_zh: str,
    what_en: str,
    cutoff: float,
    margin: float,
) -> None:
    """Match ``queries`` (index = ledger row; ``key``, ``scope``, ``name``) to ``candidates``.

    ``candidates`` has ``target``, ``key``, ``scope``, ``label`` (what to show). A query whose
    scope is NA is matched against every candidate. Fills ``table`` in place.
    """
    if queries.empty:
        return
    table.loc[queries.index, "query_name"] = (
        queries["name"].astype(object).where(queries["name"].notna(), "").to_numpy()
    )
    queries = queries.assign(
        row=queries.index, full=[normalize_text(v) if pd.notna(v) else "" for v in queries["name"]]
    )
    candidates = candidates[candidates["key"].notna()]
    candidates = candidates.assign(full=[normalize_text(v) if pd.notna(v) else "" for v in candidates["label_name"]])
    named = queries[queries["key"].notna()]
    scoped = named[named["scope"].notna()]
    loose = named[named["scope"].isna()]
    hits = pd.concat(
        [
            scoped.merge(candidates, on=["scope", "key"], how="inner", suffixes=("", "_c")),
            loose.drop(columns="scope").merge(candidates, on="key", how="inner", suffixes=("", "_c")),
        ],
        ignore_index=True,
    )
    counts = hits.groupby("row")["target"].nunique()
    # Of several names equal once the suffix is stripped (峙滩居委会, 峙滩村委会), the one spelled exactly as asked wins.
    exact = hits[hits["full"] == hits["full_c"]]
    exact_counts = exact.groupby("row")["target"].nunique()
    settled = counts.index[(counts > 1).to_numpy() & (exact_counts.reindex(counts.index) == 1).to_numpy()]
    single = counts.index[counts == 1].union(settled)
    several = counts.index[counts > 1].difference(settled)
    if len(single):
        first = pd.concat([hits[hits["row"].isin(counts.index[counts == 1])], exact[exact["row"].isin(settled)]])
        first = first.drop_duplicates("row").set_index("row")
        _set(table, single, status="matched", method="name", score=1.0, reason_zh="", reason_en="")
        table.loc[single, "target"] = first.loc[single, "target"].astype("string").to_numpy()
        table.loc[single, "target_name"] = first.loc[single, "label_name"].astype("string").to_numpy()
    for row, group in hits[hits["row"].isin(several)].groupby("row"):
        unique = group.drop_duplicates("target")
        labels = "；".join(unique["label"])
        name = queries.at[row, "name"]
        _set(
            table,
            [row],
            status="ambiguous",
            method="name",
            score=1.0,
            candidates=labels,
            candidate_keys="；".join(unique["target"]),
            reason_zh=f"名称“{name}”对应多个{what_zh}：{labels}，请填写代码或所属乡镇",
            reason_en=f"name '{name}' matches several {what_en}s: {labels}; give the code or the township",
        )
    rest = queries[~queries["row"].isin(counts.index)]
    _fuzzy(table, rest, candidates, what_zh=what_zh, what_en=what_en, cutoff=cutoff, margin=margin)


def _fuzzy(
    table: pd.DataFrame,
    rest: pd.DataFrame,
    candidates: pd.DataFrame,
    *,
    what_zh: str,
    what_en: str,
    cutoff: float,
    margin: float,
) -> None:
    """Fuzzy matching (difflib ratio) of the rows left over, within their scope."""
    by_scope = dict(tuple(candidates.groupby("scope", dropna=False)))
    for row in rest.itertuples():
        pool = candidates if pd.isna(row.scope) else by_scope.get(row.scope)
        name = row.name
        if pool is None or pool.empty or pd.isna(row.key):
            if pd.isna(row.key):
                zh, en = f"名称为空，无法查找{what_zh}", f"blank name, cannot look up the {what_en}"
            else:
                zh, en = f"所属范围内没有任何{what_zh}（“{name}”）", f"no {what_en} in the given scope ('{name}')"
            _set(table, [row.Index], status="unmatched", reason_zh=zh, reason_en=en)
            continue
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(str(row.key))
        scores = []
        for key in pool["key"].to_numpy():
            matcher.set_seq1(str(key))
            scores.append(matcher.ratio())
        scores_arr = np.asarray(scores)
        order = np.argsort(-scores_arr, kind="stable")
        best = float(scores_arr[order[0]])
        close = pool.iloc[order[scores_arr[order] >= max(cutoff, best - margin)]].drop_duplicates("target")
        labels = "；".join(close["label"])
        if best >= cutoff and close["target"].nunique() == 1:
            hit = pool.iloc[order[0]]
            _set(
                table,
                [row.Index],
                status="matched",
                method="fuzzy",
                score=round(best, 3),
                target=str(hit["target"]),
                target_name=str(hit["label_name"]),
                candidates=str(hit["label"]),
                reason_zh=f"模糊匹配：“{name}” → {hit['label']}（相似度 {best:.2f}），请核对",
                reason_en=f"fuzzy match: '{name}' → {hit['label']} (similarity {best:.2f}); please check",
            )
        elif best >= cutoff:
            _set(
                table,
                [row.Index],
                status="ambiguous",
                method="fuzzy",
                score=round(best, 3),
                candidates=labels,
                candidate_keys="；".join(close["target"]),
                reason_zh=f"“{name}”与多个{what_zh}相近：{labels}，请核对名称或填写代码",
                reason_en=f"'{name}' is close to several {what_en}s: {labels}; check the name or give the code",
            )
        else:
            hint = pool.iloc[order[0]]["label"] if best >= SUGGEST_CUTOFF else None
            _set(
                table,
                [row.Index],
                status="unmatched",
                score=round(best, 3),
                candidates=hint or "",
                candidate_keys=str(pool.iloc[order[0]]["target"]) if hint else "",
                reason_zh=f"找不到名为“{name}”的{what_zh}" + (f"（最接近：{hint}）" if hint else ""),
                reason_en=f"no {what_en} named '{name}'" + (f" (nearest: {hint})" if hint else ""),
            )


def resolve_townships(
    ledger: pd.DataFrame,
    townships: pd.DataFrame | None,
    table: pd.DataFrame,
    *,
    cutoff: float = DEFAULT_CUTOFF,
    margin: float = DEFAULT_MARGIN,
) -> tuple[pd.Series, pd.Index]:
    """Township code of every ledger row from ``town_code`` or ``town_name`` (NA when none is given).

    Rows naming a township that cannot be found, or several, are marked in ``table``
    (unmatched/ambiguous) and returned as the second value: they are not matched further.
    """
    scope = pd.Series(pd.NA, index=ledger.index, dtype="string")
    if "town_code" in ledger.columns:
        codes = as_text(ledger["town_code"])
        scope = codes.where(codes.str.fullmatch(TOWN_CODE_PATTERN).fillna(False).astype(bool))
    if "town_name" not in ledger.columns:
        return scope, ledger.index[:0]
    need = scope.isna() & as_text(ledger["town_name"]).notna()
    if not need.any():
        return scope, ledger.index[:0]
    if townships is None or "name" not in townships.columns:
        rows = ledger.index[need.to_numpy(dtype=bool)]
        _set(
            table,
            rows,
            status="unmatched",
            reason_zh="数据中没有乡镇图层，无法按乡镇名称查找",
            reason_en="the store has no townships layer, so townships cannot be found by name",
        )
        return scope, rows
    towns = pd.DataFrame(
        {
            "target": as_text(townships["town_code"]).to_numpy(),
            "key": name_key(townships["name"], TOWN_SUFFIXES).to_numpy(),
            "label_name": as_text(townships["name"]).to_numpy(),
        }
    )
    towns["scope"] = "all"
    towns["label"] = [_label(n, c) for n, c in zip(towns["label_name"], towns["target"], strict=True)]
    names = ledger.loc[need, "town_name"]
    queries = pd.DataFrame({"key": name_key(names, TOWN_SUFFIXES), "scope": "all", "name": as_text(names)})
    town_table = _empty_table(queries.index)
    _match_names(town_table, queries, towns, what_zh="乡镇", what_en="township", cutoff=cutoff, margin=margin)
    found = town_table["status"] == "matched"
    scope.loc[found.index[found]] = town_table.loc[found, "target"]
    failed = town_table[~found]
    for column in ("status", "candidates"):
        table.loc[failed.index, column] = failed[column]
    table.loc[failed.index, "reason_zh"] = "所属乡镇：" + failed["reason_zh"].astype(str)
    table.loc[failed.index, "reason_en"] = "township: " + failed["reason_en"].astype(str)
    return scope, failed.index


def _codes_first(
    table: pd.DataFrame,
    codes: pd.Series,
    known: pd.Series,
    names: pd.Series,
    *,
    what_zh: str,
    what_en: str,
    pattern: str | None,
) -> pd.Series:
    """Match rows by code; returns the mask of rows still to match by name (no usable code)."""
    usable = codes.notna()
    if pattern is not None:
        usable &= codes.str.fullmatch(pattern).fillna(False).astype(bool)
    usable = usable.to_numpy(dtype=bool)
    lookup = pd.Series(names.to_numpy(), index=known.to_numpy())
    lookup = lookup[~lookup.index.duplicated()]
    found = usable & codes.isin(set(known.dropna())).to_numpy(dtype=bool)
    rows = table.index[found]
    _set(table, rows, status="matched", method="code", score=1.0)
    table.loc[rows, "target"] = codes[found].to_numpy()
    table.loc[rows, "target_name"] = lookup.reindex(codes[found].to_numpy()).astype("string").to_numpy()
    unknown = table.index[usable & ~found]
    for row in unknown:
        code = codes.at[row]
        _set(
            table,
            [row],
            status="unmatched",
            method="code",
            reason_zh=f"代码“{code}”不是数据中的{what_zh}",
            reason_en=f"code '{code}' matches no {what_en} of the store",
        )
    return pd.Series(~usable, index=table.index)


def join_admin_villages(
    ledger: pd.DataFrame,
    villages: pd.DataFrame,
    townships: pd.DataFrame | None = None,
    *,
    name_column: str = "village_name",
    by: JoinBy = "auto",
    cutoff: float = DEFAULT_CUTOFF,
    margin: float = DEFAULT_MARGIN,
) -> JoinResult:
    """Match every ledger row to an admin village: ``village_code`` first, else name within township.

    The ledger's columns are contract names (run :func:`key_columns` and the layer mapping
    first): ``village_code``, ``name_column`` (the village name), and optionally ``town_code``
    or ``town_name`` to narrow the search. ``by="code"`` uses codes only, ``by="name"`` names only.
    """
    table = _empty_table(ledger.index)
    _set(table, ledger.index, reason_zh="没有行政村代码或名称", reason_en="no village code or name")
    known = as_text(villages["village_code"])
    names = as_text(villages["name"])
    to_name = pd.Series(True, index=ledger.index)
    if by != "name" and "village_code" in ledger.columns:
        to_name = _codes_first(
            table,
            as_text(ledger["village_code"]),
            known,
            names,
            what_zh="行政村",
            what_en="administrative village",
            pattern=VILLAGE_CODE_PATTERN,
        )
    if by == "code" or name_column not in ledger.columns:
        return JoinResult(table, "admin_villages", "village_code")
    pending = ledger.index[to_name.to_numpy(dtype=bool)]
    scope, failed = resolve_townships(ledger.loc[pending], townships, table, cutoff=cutoff, margin=margin)
    pending = pending.difference(failed, sort=False)
    town_names = (
        {} if townships is None else dict(zip(as_text(townships["town_code"]), as_text(townships["name"]), strict=True))
    )
    town_of = (
        as_text(villages["town_code"]) if "town_code" in villages.columns else pd.Series(pd.NA, index=villages.index)
    )
    candidates = pd.DataFrame(
        {
            "target": known.to_numpy(),
            "key": name_key(villages["name"], VILLAGE_SUFFIXES).to_numpy(),
            "scope": town_of.to_numpy(),
            "label_name": names.to_numpy(),
        }
    )
    candidates["label"] = [
        _label(n, c, town_names.get(s, s) if pd.notna(s) else None)
        for n, c, s in zip(candidates["label_name"], candidates["target"], candidates["scope"], strict=True)
    ]
    queries = pd.DataFrame(
        {
            "key": name_key(ledger.loc[pending, name_column], VILLAGE_SUFFIXES),
            "scope": scope.reindex(pending).astype("string"),
            "name": as_text(ledger.loc[pending, name_column]),
        }
    )
    _match_names(
        table, queries, candidates, what_zh="行政村", what_en="administrative village", cutoff=cutoff, margin=margin
    )
    return JoinResult(table, "admin_villages", "village_code")


def join_natural_villages(
    ledger: pd.DataFrame,
    naturals: pd.DataFrame,
    villages: pd.DataFrame,
    townships: pd.DataFrame | None = None,
    *,
    by: JoinBy = "auto",
    cutoff: float = DEFAULT_CUTOFF,
    margin: float = DEFAULT_MARGIN,
) -> JoinResult:
    """Match every ledger row to a natural village: ``nv_id`` first, else ``name`` within its admin village.

    The admin village comes from the ledger's ``village_code``, or from ``village_name`` within
    the township (:func:`join_admin_villages`); without either, the name is matched within the
    township, or the whole store. A row whose admin village is ambiguous or unknown is reported
    as such.
    """
    table = _empty_table(ledger.index)
    _set(table, ledger.index, reason_zh="没有自然村编号或名称", reason_en="no natural village id or name")
    ids = as_text(naturals["nv_id"])
    names = as_text(naturals["name"])
    to_name = pd.Series(True, index=ledger.index)
    if by != "name" and "nv_id" in ledger.columns:
        to_name = _codes_first(
            table,
            as_text(ledger["nv_id"]),
            ids,
            names,
            what_zh="自然村编号",
            what_en="natural village id",
            pattern=None,
        )
    if by == "code" or "name" not in ledger.columns:
        return JoinResult(table, "natural_villages", "nv_id")
    pending = ledger.index[to_name.to_numpy(dtype=bool)]
    part = ledger.loc[pending]
    scope = pd.Series(pd.NA, index=pending, dtype="string")
    has_village = (
        "village_code" in part.columns and as_text(part["village_code"]).notna().any()
    ) or "village_name" in part.columns
    if has_village:
        admin = join_admin_villages(
            part, villages, townships, name_column="village_name", by="auto", cutoff=cutoff, margin=margin
        )
        given = pd.Series(False, index=pending)
        if "village_code" in part.columns:
            given |= as_text(part["village_code"]).notna()
        if "village_name" in part.columns:
            given |= as_text(part["village_name"]).notna()
        found = admin.table["status"] == "matched"
        scope.loc[found.index[found]] = admin.table.loc[found, "target"]
        failed = admin.table.index[(~found & given).to_numpy(dtype=bool)]
        for row in failed:
            _set(
                table,
                [row],
                status=admin.table.at[row, "status"],
                candidates=admin.table.at[row, "candidates"],
                reason_zh="所属行政村：" + str(admin.table.at[row, "reason_zh"]),
                reason_en="admin village: " + str(admin.table.at[row, "reason_en"]),
            )
        pending = pending.difference(failed, sort=False)
        village_scope = True
    else:
        village_scope = False
    village_town = (
        dict(zip(as_text(villages["village_code"]), as_text(villages["town_code"]), strict=True))
        if "town_code" in villages.columns
        else {}
    )
    nv_village = (
        as_text(naturals["village_code"])
        if "village_code" in naturals.columns
        else pd.Series(pd.NA, index=naturals.index)
    )
    if not village_scope:
        scope, failed = resolve_townships(part, townships, table, cutoff=cutoff, margin=margin)
        pending = pending.difference(failed, sort=False)
        candidate_scope = nv_village.map(village_town)
    else:
        candidate_scope = nv_village
    village_names = dict(zip(as_text(villages["village_code"]), as_text(villages["name"]), strict=True))
    candidates = pd.DataFrame(
        {
            "target": ids.to_numpy(),
            "key": name_key(naturals["name"], VILLAGE_SUFFIXES).to_numpy(),
            "scope": candidate_scope.astype("string").to_numpy(),
            "label_name": names.to_numpy(),
        }
    )
    candidates["label"] = [
        _label(n, c, village_names.get(v, v) if pd.notna(v) else None)
        for n, c, v in zip(candidates["label_name"], candidates["target"], nv_village, strict=True)
    ]
    queries = pd.DataFrame(
        {
            "key": name_key(ledger.loc[pending, "name"], VILLAGE_SUFFIXES),
            "scope": scope.reindex(pending).astype("string"),
            "name": as_text(ledger.loc[pending, "name"]),
        }
    )
    _match_names(table, queries, candidates, what_zh="自然村", what_en="natural village", cutoff=cutoff, margin=margin)
    return JoinResult(table, "natural_villages", "nv_id")
