"""Refresh ``data/demo/sources/`` from the project's real-data folder (run by hand, rarely).

The demo generator must not depend on ``../shared`` at run time, so the few real inputs it
needs are filtered to Fuliang (adcode 360222) and copied beside the demo. Usage::

    python -m data.demo_gen.extract_sources --realdata ../shared/realdata
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from data.demo_gen.config import COUNTY_ADCODE, SOURCES_DIR

# GeoNames "Zangwan" is unmatched in the real-data file only because the NBS/Tencent pinyin of
# 臧湾乡 is missing there; the name and the location leave no doubt, so it is matched here.
MANUAL_MATCHES = {"Zangwan": ("360222201", "臧湾乡")}


def extract(realdata: Path, out: Path = SOURCES_DIR) -> list[Path]:
    """Filter the real inputs to the county and write them to ``out``; return the files."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    boundary = json.loads((realdata / "county_boundaries_tianditu_wgs84.geojson").read_text(encoding="utf-8"))
    boundary["features"] = [f for f in boundary["features"] if str(f["properties"]["district_adcode"]) == COUNTY_ADCODE]
    path = out / "fuliang_boundary_tianditu.geojson"
    path.write_text(json.dumps(boundary, ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(path)

    towns = pd.read_csv(realdata / "nbs2023_towns_targets.csv", dtype=str)
    towns = towns[towns["areaCode"] == COUNTY_ADCODE][["code", "name", "kind", "pinyin"]]
    written.append(_write_csv(towns, out / "fuliang_towns_nbs2023.csv"))

    villages = pd.read_csv(realdata / "nbs2023_villages_targets.csv", dtype=str)
    villages = villages[villages["areaCode"] == COUNTY_ADCODE][["code", "name", "kind", "streetCode", "townName"]]
    written.append(_write_csv(villages, out / "fuliang_villages_nbs2023.csv"))

    places = pd.read_csv(realdata / "geonames2015_places_targets.csv", dtype=str)
    columns = ["geonames_name", "lat", "lon", "matched_town_code", "matched_town_name"]
    places = places[places["county_adcode"] == COUNTY_ADCODE][columns].copy()
    places["match_note"] = ""
    for name, (code, town) in MANUAL_MATCHES.items():
        rows = (places["geonames_name"] == name) & places["matched_town_code"].isna()
        places.loc[rows, ["matched_town_code", "matched_town_name", "match_note"]] = [
            code,
            town,
            "matched by hand (pinyin missing)",
        ]
    written.append(_write_csv(places, out / "fuliang_seats_geonames2015.csv"))
    return written


def _write_csv(frame: pd.DataFrame, path: Path) -> Path:
    frame.sort_values(frame.columns[0]).to_csv(path, index=False, lineterminator="\n")
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realdata", type=Path, required=True, help="folder of the real-data files (shared/realdata)")
    parser.add_argument("--out", type=Path, default=SOURCES_DIR)
    args = parser.parse_args(argv)
    extract(args.realdata, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
