"""The NBS division codes (统计用区划代码, 2023) bundled in ``data/reference/``: counties, townships, villages.

A new county's store starts from these lists (:mod:`geo.io.new_county`): its townships and admin
villages with their codes and official names, the kind of each village-level unit from digits
10–12 of its code (001–199 居委会, 200–399 村委会, others such as 林场生活区 ``other``), and the
county's own name for the county row of every table (「沁水县」 rather than 「全县」). Codes are
read as text (leading zeros matter). Sources: ``data/reference/README_nbs_china.md``.
"""

from __future__ import annotations

import csv
import functools
import gzip
import re

import pandas as pd

from geo.core.targets import DATA_DIR
from geo.core.units import OTHER_UNIT, kind_from_code

REFERENCE_DIR = DATA_DIR / "reference"
COUNTIES_FILE = REFERENCE_DIR / "nbs2023_counties_china.csv.gz"
TOWNS_FILE = REFERENCE_DIR / "nbs2023_towns_china.csv.gz"
VILLAGES_FILE = REFERENCE_DIR / "nbs2023_villages_china.csv.gz"
# Township kind from the end of its official name (镇 town, 乡 township, 街道 subdistrict).
_TOWN_KINDS = (("街道", "subdistrict"), ("镇", "town"), ("乡", "township"))


@functools.cache
def _rows(path: str, prefix: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of the rows whose code starts with ``prefix``: lines filtered before parsing (the
    national village list has 620,000 rows; parsing it whole takes seconds, filtering a fraction)."""
    wanted = prefix.encode()
    with gzip.open(path, "rb") as handle:
        lines = [line.decode("utf-8") for line in handle if line.startswith(wanted)]
    return tuple((row[0], row[1]) for row in csv.reader(lines))


def _table(path: object, prefix: str) -> pd.DataFrame:
    return pd.DataFrame(list(_rows(str(path), prefix)), columns=["code", "name"], dtype=str)


def county_name(code: str | None) -> str | None:
    """The official name of a 6-digit county code (``140521`` → 沁水县); None when unknown."""
    if not code or not re.fullmatch(r"[0-9]{6}", str(code)):
        return None
    counties = _table(COUNTIES_FILE, str(code))
    found = counties.loc[counties["code"] == str(code), "name"]
    return str(found.iloc[0]) if len(found) else None


def county_towns(code: str) -> pd.DataFrame:
    """Townships of a county: ``town_code``, ``name``, ``kind`` (town/township/subdistrict or NA), by code."""
    mine = _table(TOWNS_FILE, str(code)).sort_values("code")
    kinds = pd.Series(pd.NA, index=mine.index, dtype="string")
    for suffix, kind in reversed(_TOWN_KINDS):
        kinds[mine["name"].str.endswith(suffix).to_numpy()] = kind
    return pd.DataFrame(
        {"town_code": mine["code"].to_numpy(), "name": mine["name"].to_numpy(), "kind": kinds.to_numpy()}
    ).reset_index(drop=True)


def county_villages(code: str) -> pd.DataFrame:
    """Village-level units of a county: ``village_code``, ``name``, ``town_code``, ``unit_kind``, by code."""
    mine = _table(VILLAGES_FILE, str(code)).sort_values("code")
    codes = pd.Series(mine["code"].to_numpy(), dtype="string")
    return pd.DataFrame(
        {
            "village_code": codes.to_numpy(),
            "name": mine["name"].to_numpy(),
            "town_code": codes.str[:9].to_numpy(),
            "unit_kind": kind_from_code(codes).fillna(OTHER_UNIT).to_numpy(dtype=object),
        }
    )
