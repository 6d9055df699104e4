"""Matching names to candidates the way ledgers need: exactly after normalization, then fuzzily, never guessing.

Names are compared after :func:`name_key` (full-width → half-width, spaces, one trailing
administrative suffix such as 村/镇/乡). :func:`match_names` matches exactly first (pandas merges),
then the rows left over with difflib, one scope (township or admin village) at a time. A row ends
matched (one candidate, or one clearly best similar name), ambiguous (several candidates, all
listed) or unmatched (with the nearest name when there is one); the outcome is written into the
join table of :mod:`geo.io.ingest.ledger`.
"""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from geo.core.validation import as_text
from geo.core.vocabulary import normalize_text
from geo.text.i18n import ByLang, both

# Joins the candidates of an ambiguous row (names contain commas, never this full-width semicolon).
CANDIDATE_SEPARATOR = "；"
DEFAULT_CUTOFF = 0.75  # difflib ratio needed for a fuzzy match: one character off in a 4-character name
DEFAULT_MARGIN = 0.05  # two candidates closer than this are ambiguous
SUGGEST_CUTOFF = 0.5  # nearest name shown with an unmatched row


def name_key(values: pd.Series, *stages: tuple[str, ...]) -> pd.Series:
    """Names reduced for matching: normalized text without its trailing administrative suffixes.

    Each stage removes the first of its suffixes that a name ends with (list longer ones first),
    and only when something is left: "溪口村" and "溪口" match, "村" stays "村". With the village
    stages (body, then place) 杨河社区居委会, 杨河社区 and 杨河 all become 杨河.
    """
    text = as_text(values)
    keys = pd.Series([pd.NA if pd.isna(v) else normalize_text(v) for v in text], index=values.index, dtype="string")
    for suffixes in stages:
        done = np.zeros(len(keys), dtype=bool)
        for suffix in suffixes:
            ends = ~done & keys.str.endswith(suffix).fillna(False).to_numpy(dtype=bool)
            ends &= (keys.str.len() > len(suffix)).fillna(False).to_numpy(dtype=bool)
            if ends.any():
                keys = keys.where(~ends, keys.str.slice(stop=-len(suffix)))
                done |= ends
    return keys


def set_rows(table: pd.DataFrame, rows: pd.Index | list, **values: object) -> None:
    """Set columns of the join table for ``rows`` (nothing when there are none)."""
    if len(rows):
        for column, value in values.items():
            table.loc[rows, column] = value


def match_names(
    table: pd.DataFrame,
    queries: pd.DataFrame,
    candidates: pd.DataFrame,
    *,
    what: ByLang,
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
        set_rows(table, single, status="matched", method="name", score=1.0, reason_zh="", reason_en="")
        table.loc[single, "target"] = first.loc[single, "target"].astype("string").to_numpy()
        table.loc[single, "target_name"] = first.loc[single, "label_name"].astype("string").to_numpy()
    for row, group in hits[hits["row"].isin(several)].groupby("row"):
        unique = group.drop_duplicates("target")
        labels = CANDIDATE_SEPARATOR.join(unique["label"])
        name = queries.at[row, "name"]
        set_rows(
            table,
            [row],
            status="ambiguous",
            method="name",
            score=1.0,
            candidates=labels,
            candidate_keys=CANDIDATE_SEPARATOR.join(unique["target"]),
            **reason("ingest.names.ambiguous", name=name, what=what, labels=labels),
        )
    rest = queries[~queries["row"].isin(counts.index)]
    _fuzzy(table, rest, candidates, what=what, cutoff=cutoff, margin=margin)


def reason(key: str, **values: object) -> dict[str, str]:
    """A row's ``reason_zh`` and ``reason_en`` from the catalogue."""
    zh, en = both(key, **values)
    return {"reason_zh": zh, "reason_en": en}


def _fuzzy(
    table: pd.DataFrame,
    rest: pd.DataFrame,
    candidates: pd.DataFrame,
    *,
    what: ByLang,
    cutoff: float,
    margin: float,
) -> None:
    """Fuzzy matching (difflib ratio) of the rows left over, within their scope."""
    by_scope = dict(tuple(candidates.groupby("scope", dropna=False)))
    several_scopes = candidates["scope"].nunique(dropna=True) > 1
    for row in rest.itertuples():
        pool = candidates if pd.isna(row.scope) else by_scope.get(row.scope)
        name = row.name
        if pool is None or pool.empty or pd.isna(row.key):
            key = "ingest.names.blank" if pd.isna(row.key) else "ingest.names.none_in_scope"
            set_rows(table, [row.Index], status="unmatched", **reason(key, name=name, what=what))
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
        labels = CANDIDATE_SEPARATOR.join(close["label"])
        if best >= cutoff and close["target"].nunique() == 1 and pd.isna(row.scope) and several_scopes:
            # A similar name found anywhere in the county may be another township's village (杨河社区 of
            # 龙港镇 is not 杨家河村委会 of 郑庄镇): never accepted without the planner's review.
            hit = pool.iloc[order[0]]
            set_rows(
                table,
                [row.Index],
                status="ambiguous",
                method="fuzzy",
                score=round(best, 3),
                candidates=str(hit["label"]),
                candidate_keys=str(hit["target"]),
                **reason("ingest.names.fuzzy_unscoped", name=name, label=hit["label"], score=best),
            )
        elif best >= cutoff and close["target"].nunique() == 1:
            hit = pool.iloc[order[0]]
            set_rows(
                table,
                [row.Index],
                status="matched",
                method="fuzzy",
                score=round(best, 3),
                target=str(hit["target"]),
                target_name=str(hit["label_name"]),
                candidates=str(hit["label"]),
                **reason("ingest.names.fuzzy", name=name, label=hit["label"], score=best),
            )
        elif best >= cutoff:
            set_rows(
                table,
                [row.Index],
                status="ambiguous",
                method="fuzzy",
                score=round(best, 3),
                candidates=labels,
                candidate_keys=CANDIDATE_SEPARATOR.join(close["target"]),
                **reason("ingest.names.close_to_several", name=name, what=what, labels=labels),
            )
        else:
            hint = pool.iloc[order[0]]["label"] if best >= SUGGEST_CUTOFF else None
            set_rows(
                table,
                [row.Index],
                status="unmatched",
                score=round(best, 3),
                candidates=hint or "",
                candidate_keys=str(pool.iloc[order[0]]["target"]) if hint else "",
                **reason(
                    "ingest.names.not_found_nearest" if hint else "ingest.names.not_found",
                    name=name,
                    what=what,
                    hint=hint,
                ),
            )
