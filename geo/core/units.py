"""What kind of village-level unit an admin village is, and which units count as rural.

The statistical village level (村级) holds village committees (村民委员会, 村委会) and
residents' committees (居民委员会, 居委会/社区, urban); the planning targets of rural
revitalisation count 建制村 — village committees — and rural people, so a residents' committee
must not enter a rural denominator. Each admin village therefore carries ``unit_kind``
(:data:`UNIT_KINDS`) and, where known, the NBS urban–rural classification code
``urban_rural_code`` (统计用区划和城乡划分代码, :data:`URBAN_RURAL_CODES`: 1xx urban 城镇,
2xx rural 乡村).

The kind is read from the data where given, else from the name's suffix
(:func:`kind_from_name`), else from the NBS code itself (:func:`kind_from_code`: digits 10–12 of
a village code are 001–199 for residents' committees, 200–399 for village committees, 400–499
for units like residents' committees, 500–599 for other units such as forest-farm living areas).
Which units a target counts is its ``rural`` parameter (:data:`RURAL_SCOPES`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

VILLAGE_COMMITTEE, RESIDENTS_COMMITTEE, OTHER_UNIT = "village_committee", "residents_committee", "other"
UNIT_KINDS = (VILLAGE_COMMITTEE, RESIDENTS_COMMITTEE, OTHER_UNIT)
UNIT_KINDS_ZH = ("村委会", "居委会", "其他村级单位")

# NBS 城乡分类代码 (统计上划分城乡的规定, 国函〔2008〕60号): 1xx urban, 2xx rural.
URBAN_RURAL_CODES = ("111", "112", "121", "122", "123", "210", "220")
URBAN_RURAL_CODES_ZH = ("主城区", "城乡结合区", "镇中心区", "镇乡结合区", "特殊区域", "乡中心区", "村庄")
RURAL_CODES = frozenset({"210", "220"})

# The ``rural`` parameter of a target: which admin villages (and their natural villages) it counts.
#   village_committees  村委会 only (the default: 建制村 as the plans count them)
#   nbs_rural           units whose NBS urban–rural code is rural (210 乡中心区, 220 村庄); a unit
#                       without a code counts when it is a village committee
#   all                 every village-level unit, residents' committees included
RURAL_SCOPES = ("village_committees", "nbs_rural", "all")
DEFAULT_RURAL = "village_committees"

# Name suffixes, longest first within each kind (compared after removing spaces).
_RESIDENTS_SUFFIXES = ("居民委员会", "社区居委会", "居委会", "社区", "居委")
_VILLAGE_SUFFIXES = ("村民委员会", "嘎查村委会", "村委会", "村委", "嘎查", "村")
_OTHER_SUFFIXES = ("生活区", "林场", "农场", "园艺场", "分场", "茶场")


def _suffix_pattern(suffixes: tuple[str, ...]) -> str:
    return "(?:" + "|".join(suffixes) + r")$"


def kind_from_name(names: pd.Series) -> pd.Series:
    """Unit kind from the name's suffix (…居委会/社区/居民委员会 → residents' committee;
    …村/村委会/村民委员会 → village committee; …生活区/林场/农场 → other); NA when the name says nothing."""
    text = names.astype("string").str.replace(r"\s+", "", regex=True)
    out = pd.Series(pd.NA, index=names.index, dtype="string")
    for kind, suffixes in (
        (OTHER_UNIT, _OTHER_SUFFIXES),
        (VILLAGE_COMMITTEE, _VILLAGE_SUFFIXES),
        (RESIDENTS_COMMITTEE, _RESIDENTS_SUFFIXES),
    ):
        # suffixes are anchored at the end: 「X村社区」 is a community, 「X林场村」 a village
        hit = text.str.contains(_suffix_pattern(suffixes), regex=True).fillna(False).to_numpy(dtype=bool)
        out[hit] = kind
    return out


def kind_from_code(codes: pd.Series) -> pd.Series:
    """Unit kind from digits 10–12 of a 12-digit NBS village code; NA for other codes."""
    text = codes.astype("string")
    well_formed = text.str.fullmatch(r"[0-9]{12}").fillna(False).to_numpy(dtype=bool)
    tail = pd.to_numeric(text.str[9:12].where(well_formed), errors="coerce").to_numpy(dtype=float)
    kinds = np.select(
        [tail < 1, tail <= 199, tail <= 399, tail <= 499, tail <= 599],
        ["", RESIDENTS_COMMITTEE, VILLAGE_COMMITTEE, RESIDENTS_COMMITTEE, OTHER_UNIT],
        default="",  # also NaN: not a 12-digit code
    )
    return pd.Series(kinds, index=codes.index, dtype="string").replace("", pd.NA)


def unit_kinds(villages: pd.DataFrame) -> pd.Series:
    """The kind of every admin village: its ``unit_kind`` where valid, else from the name, else
    from the code (NA when none tells). Works on a store written before the column existed."""
    index = villages.index
    given = (
        villages["unit_kind"].astype("string").where(villages["unit_kind"].astype("string").isin(UNIT_KINDS))
        if "unit_kind" in villages
        else pd.Series(pd.NA, index=index, dtype="string")
    )
    by_name = kind_from_name(villages["name"]) if "name" in villages else pd.Series(pd.NA, index=index, dtype="string")
    by_code = (
        kind_from_code(villages["village_code"])
        if "village_code" in villages
        else pd.Series(pd.NA, index=index, dtype="string")
    )
    return given.fillna(by_name).fillna(by_code).astype("string")


def is_rural(kinds: pd.Series, urban_rural: pd.Series | None, scope: str) -> np.ndarray:
    """Which units a target with ``rural = scope`` counts (a unit of unknown kind counts as a
    village committee, as every unit did before kinds were recorded)."""
    if scope not in RURAL_SCOPES:
        raise ValueError(f"unknown rural scope {scope!r} (known: {', '.join(RURAL_SCOPES)})")
    committee = kinds.fillna(VILLAGE_COMMITTEE).to_numpy(dtype=object) == VILLAGE_COMMITTEE
    if scope == "all":
        return np.ones(len(kinds), dtype=bool)
    if scope == "village_committees" or urban_rural is None:
        return committee
    code = urban_rural.astype("string")
    known = code.isin(URBAN_RURAL_CODES).fillna(False).to_numpy(dtype=bool)
    rural_code = code.isin(RURAL_CODES).fillna(False).to_numpy(dtype=bool)
    return np.where(known, rural_code, committee)


def rural_scope(params: Mapping[str, object]) -> str:
    """The ``rural`` parameter of a target's params (the default when absent)."""
    return str(params.get("rural", DEFAULT_RURAL))
