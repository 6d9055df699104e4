"""The real inputs of the demo: county boundary, township and village names and codes, seats.

They are read from ``data/demo/sources/`` (filtered copies, see SOURCES.md there), so the
generator does not depend on the shared real-data folder at run time. Codes stay strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from data.demo_gen.config import COUNTY_ADCODE, STORAGE_EPSG, SYNTHETIC_SEATS

# 林场/园艺场 living quarters are not administrative villages of the rural plans: left out.
KEPT_VILLAGE_KINDS = ("village_committee", "residents_committee")
_VILLAGE_SUFFIX = re.compile(r"(村委会|居民委员会|居委会|社区)$")


@dataclass(frozen=True)
class Sources:
    """Real county boundary (lon/lat), townships with seats, and administrative villages."""

    boundary: shapely.Polygon
    towns: pd.DataFrame  # town_code, name, kind, seat_lon, seat_lat, seat_source
    villages: pd.DataFrame  # village_code, name, kind, town_code, root


def village_root(name: str, town_name: str) -> str:
    """Short name of a village: 「鹅湖镇鹅湖居委会」 → 「鹅湖」, 「大垅村委会」 → 「大垅」."""
    short = name.removeprefix(town_name)
    return _VILLAGE_SUFFIX.sub("", short) or short


def town_root(name: str) -> str:
    """Short name of a township: 「经公桥镇」 → 「经公桥」."""
    return name[:-1] if name.endswith(("镇", "乡")) else name


def load_sources(directory: Path) -> Sources:
    """Read the filtered real inputs of the county from ``directory``."""
    frame = gpd.read_file(directory / "fuliang_boundary_tianditu.geojson")
    frame = frame[frame["district_adcode"].astype(str) == COUNTY_ADCODE]
    # Tianditu publishes CGCS2000, which GeoJSON labels WGS84 (they differ by centimetres).
    boundary = shapely.make_valid(frame.set_crs(STORAGE_EPSG, allow_override=True).geometry.iloc[0])

    towns = pd.read_csv(directory / "fuliang_towns_nbs2023.csv", dtype=str)
    towns = towns.rename(columns={"code": "town_code"})[["town_code", "name", "kind"]]
    seats = pd.read_csv(directory / "fuliang_seats_geonames2015.csv", dtype=str).dropna(subset=["matched_town_code"])
    seats = seats.rename(columns={"matched_town_code": "town_code"})
    towns = towns.merge(seats[["town_code", "lon", "lat"]], on="town_code", how="left")
    towns["seat_source"] = towns["lon"].notna().map({True: "geonames", False: "synthetic"})
    towns["seat_lon"] = towns.pop("lon").astype(float)
    towns["seat_lat"] = towns.pop("lat").astype(float)
    for code, (lon, lat) in SYNTHETIC_SEATS.items():
        row = towns["town_code"] == code
        towns.loc[row, "seat_lon"] = lon
        towns.loc[row, "seat_lat"] = lat
    if towns[["seat_lon", "seat_lat"]].isna().any().any():
        raise ValueError("a township has no seat point")

    villages = pd.read_csv(directory / "fuliang_villages_nbs2023.csv", dtype=str)
    villages = villages[villages["kind"].isin(KEPT_VILLAGE_KINDS)]
    villages = villages.rename(columns={"code": "village_code", "streetCode": "town_code"})
    villages["root"] = [village_root(n, t) for n, t in zip(villages["name"], villages["townName"], strict=True)]
    villages = villages[["village_code", "name", "kind", "town_code", "root"]]
    return Sources(
        boundary,
        towns.sort_values("town_code").reset_index(drop=True),
        villages.sort_values("village_code").reset_index(drop=True),
    )
