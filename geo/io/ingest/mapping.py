"""Map a source's columns and categorical values onto a layer of the data contract.

Bureau files name their columns in Chinese or English and write categories the way the bureau
says them (县道, 沥青混凝土, 集中供水). This module renames columns to the contract through each
layer's aliases (``geo.core.schema.Column.aliases``) plus a hand-made mapping from the import page or
the command line, and turns categorical values into contract codes through each column's vocabulary
(``Column.value_lookup``: its Chinese labels and the synonyms of ``geo.core.vocabulary``). Nothing is dropped: columns it cannot place are kept under their own
names, and values it cannot place are kept as they are and listed, so validation then names the
rows. Pure pandas, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from geo.core.errors import InputDataError, Problem
from geo.core.schema import LayerSchema
from geo.core.validation import as_text
from geo.core.vocabulary import JOIN_KEY_ALIASES, normalize_text

__all__ = ["normalize_text"]  # re-exported: the ingest modules compare names with it
from geo.text.i18n import ByLang, both

DBF_NAME_BYTES = 10  # longest field name a Shapefile's attribute table holds
CUT_NAMES = "cut_names"  # frame.attrs key: column names the reader found cut inside a character


@dataclass(frozen=True)
class UnmappedValue:
    """A categorical value no code could be found for, with how often and where it occurs."""

    column: str
    value: str
    count: int
    first_row: int


@dataclass
class MappingResult:
    """A frame mapped onto a layer, and what was done to it.

    ``renamed``: source column → contract column (automatic and manual); ``manual``: the part
    given by hand; ``extra``: source columns kept under their own name; ``missing``: required
    contract columns still absent; ``automatic`` and ``displaced``: the renaming by alias and of
    contract-named columns a manual mapping displaced (``name`` → ``name_original``); ``values``: per column, source value → contract code that was
    changed; ``unmapped_values``: values left as they were (validation will report their rows).
    """

    frame: pd.DataFrame
    renamed: dict[str, str] = field(default_factory=dict)
    manual: dict[str, str] = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    automatic: dict[str, str] = field(default_factory=dict)
    displaced: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    unmapped_values: list[UnmappedValue] = field(default_factory=list)


def suggest_columns(columns: list[str], schema: LayerSchema) -> dict[str, str]:
    """Source column → contract column that the layer's aliases would give (no manual mapping)."""
    probe = pd.DataFrame(columns=[str(c) for c in columns])
    _, mapping = _rename_by_alias(probe, schema)
    return mapping


def _dbf_truncated(name: str) -> bool:
    """Whether a column name is as long as a Shapefile (DBF) field name can be: 10 bytes, cut there."""
    try:
        size = len(name.encode("gbk"))
    except UnicodeEncodeError:
        size = len(name.encode("utf-8"))
    return size in (DBF_NAME_BYTES - 1, DBF_NAME_BYTES)  # a 2-byte character may not fit the last byte


def _truncated_target(key: str, aliases: Mapping[str, str]) -> str | None:
    """The one contract column whose name or alias begins with a cut-off DBF field name (else None)."""
    targets = {target for alias, target in aliases.items() if len(alias) > len(key) and alias.startswith(key)}
    return targets.pop() if len(targets) == 1 else None


def _rename_by_alias(frame: pd.DataFrame, schema: LayerSchema) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rename columns whose name is an alias of a contract column; keep every other column.

    Names match case-, width- and space-insensitively. A contract column already present wins
    over an alias, so no data are overwritten; of two aliases of the same column the first one is
    renamed and the other kept under its own name. A name cut off at the 10 bytes a Shapefile allows (``capacity_m``, ``设计供水规``) maps to
    the one contract column whose name or alias it begins, when there is exactly one.
    """
    aliases = {normalize_text(alias): name for alias, name in schema.alias_map().items()}
    present = {str(c) for c in frame.columns}
    geometry_name = getattr(frame, "active_geometry_name", None)
    mapping: dict[str, str] = {}
    cut = set(frame.attrs.get(CUT_NAMES, ()))  # names a reader found cut inside a character
    for name in frame.columns:
        if name == geometry_name:
            continue
        key = normalize_text(name)
        target = aliases.get(key)
        if target is None and (_dbf_truncated(str(name)) or str(name) in cut):
            target = _truncated_target(key, aliases)
        if target and target != name and target not in present and target not in mapping.values():
            mapping[str(name)] = target
    return frame.rename(columns=mapping), mapping


def _check_manual(frame: pd.DataFrame, schema: LayerSchema, manual: Mapping[str, str], source: str) -> list[Problem]:
    """A hand-made mapping must name existing source columns and distinct contract columns."""
    problems: list[Problem] = []
    contract = {c.name for c in schema.columns} | set(JOIN_KEY_ALIASES)  # join keys (village_name …) too
    columns = {str(c) for c in frame.columns}
    seen: dict[str, str] = {}
    for src, dst in manual.items():
        if src not in columns:
            problems.append(
                Problem(
                    source,
                    schema.name,
                    None,
                    src,
                    *both("ingest.mapping.source_column_manual_mapping", src=src),
                )
            )
        if dst not in contract:
            names = ", ".join([*(c.name for c in schema.columns), *JOIN_KEY_ALIASES])
            problems.append(
                Problem(
                    source,
                    schema.name,
                    None,
                    src,
                    *both(
                        "ingest.mapping.not_a_column",
                        dst=dst,
                        layer=ByLang(schema.title_zh, schema.name),
                        names=names,
                    ),
                )
            )
        elif dst in seen:
            problems.append(
                Problem(
                    source,
                    schema.name,
                    None,
                    dst,
                    *both("ingest.mapping.columns_both_mapped", first=seen[dst], src=src, dst=dst),
                )
            )
        seen.setdefault(dst, src)
    return problems


def map_columns(
    frame: pd.DataFrame, schema: LayerSchema, manual: Mapping[str, str] | None = None, *, source: str = "<input>"
) -> MappingResult:
    """Rename columns to the contract: the manual mapping first, then the layer's aliases.

    A contract column displaced by the manual mapping (the source already had a column of that
    name) is kept as ``<name>_original``, so nothing is lost. Raises :class:`InputDataError`
    when the manual mapping names a missing column, a non-contract column, or one target twice.
    """
    manual = {str(k): str(v) for k, v in (manual or {}).items() if str(v).strip() and str(k) != str(v)}
    problems = _check_manual(frame, schema, manual, source)
    if problems:
        raise InputDataError(problems)
    out = frame
    displaced = {dst: f"{dst}_original" for dst in manual.values() if dst in frame.columns and dst not in manual}
    if displaced:
        out = out.rename(columns=displaced)
    out = out.rename(columns=manual)
    out, automatic = _rename_by_alias(out, schema)
    contract = {c.name for c in schema.columns}
    geometry_name = getattr(out, "active_geometry_name", None)
    extra = [str(c) for c in out.columns if c not in contract and c != geometry_name]
    missing = [c.name for c in schema.columns if c.required and c.name not in out.columns]
    renamed = {**manual, **automatic, **displaced}
    return MappingResult(
        frame=out,
        renamed=renamed,
        manual=dict(manual),
        extra=extra,
        missing=missing,
        automatic=automatic,
        displaced=displaced,
    )


def value_lookup(schema: LayerSchema, column: str) -> dict[str, str]:
    """Normalized spelling → contract code for one categorical column (code, Chinese label, synonyms)."""
    return schema.column(column).value_lookup()


def map_values(
    result: MappingResult, schema: LayerSchema, manual: Mapping[str, Mapping[str, str]] | None = None
) -> MappingResult:
    """Turn categorical values into contract codes; list the values that could not be placed.

    ``manual`` maps, per contract column, a source value (as written) to a code; it wins over
    the automatic lookup. Vectorized: each distinct value is looked up once.
    """
    frame = result.frame.copy()
    manual = manual or {}
    for col in schema.columns:
        vocabulary = col.allowed is not None or bool(col.synonyms)
        if not vocabulary or col.name not in frame.columns or isinstance(frame[col.name], pd.DataFrame):
            continue
        lookup = value_lookup(schema, col.name)
        allowed = col.allowed
        lookup.update(
            {normalize_text(k): v for k, v in manual.get(col.name, {}).items() if allowed is None or v in allowed}
        )
        text = as_text(frame[col.name])
        distinct = text.dropna().unique()
        codes = {value: lookup.get(normalize_text(value)) for value in distinct}
        changed = {str(v): c for v, c in codes.items() if c is not None and c != v}
        if changed:
            frame[col.name] = text.replace(changed)
            result.values[col.name] = changed
        for value, code in codes.items():
            if code is None and allowed is not None:  # a number column keeps its numbers; validation checks them
                rows = (text == value).fillna(False).to_numpy(dtype=bool)
                result.unmapped_values.append(UnmappedValue(col.name, str(value), int(rows.sum()), int(rows.argmax())))
    result.frame = frame
    return result


def apply_mapping(
    frame: pd.DataFrame,
    schema: LayerSchema,
    columns: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
    *,
    source: str = "<input>",
) -> MappingResult:
    """Columns then values (see :func:`map_columns` and :func:`map_values`)."""
    return map_values(map_columns(frame, schema, columns, source=source), schema, values)
