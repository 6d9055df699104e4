"""Hostile input, items 8 and 9 of issue 16: what the terminal shows, and how much history a store keeps.

Every input is generated here, small. Terminal hygiene: control and bidi-override characters from
data and file names are printed as visible escapes, messages never show the server's folders
(the autouse ``no_server_paths`` fixture records every CLI line), a truncated GeoJSON says so,
a misaligned raster names what differs, names GDAL would cut open fine. Retention: the settings
prune ``.versions/`` and ``originals/`` after a safe write, undo and redo round-trip byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo.cli import main
from geo.core import store
from tests import synthetic
from tests.test_hostile_input import (  # the suite's helpers and its recording fixture
    folder_hash,
    no_server_paths,  # noqa: F401
    refused,
    refused_import,
    roads_geojson,
    store_copy,
    water_ledger,
)

# One of each kind the terminal would act on: C0 (NUL cannot be in a CSV cell), DEL, C1 (CSI), bidi.
HOSTILE = {
    "\x01": "\\x01",
    "\x07": "\\x07",  # BEL
    "\x08": "\\x08",  # backspace
    "\x1b": "\\x1b",  # ESC
    "\x7f": "\\x7f",  # DEL
    "\x9b": "\\x9b",  # C1 CSI
    "\u200e": "\\u200e",  # LRM
    "\u200f": "\\u200f",  # RLM
    "\u202a": "\\u202a",  # LRE
    "\u202e": "\\u202e",  # RLO
    "\u2066": "\\u2066",  # LRI
    "\u2069": "\\u2069",  # PDI
}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- 8. terminal and message hygiene ---------------------------------------------------------------


def test_each_control_character_in_data_is_escaped(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A ledger whose codes carry each hostile character (and a line break): every code is refused by row,
    each character printed as its escape, none raw, every problem on a line of its own."""
    codes = [f"NV{ch}08" for ch in HOSTILE] + ["NV\n08"]
    ledger = tmp_path / "codes.csv"
    pd.DataFrame({"自然村编号": codes, "供水方式": ["集中供水"] * len(codes)}).to_csv(
        ledger, index=False, encoding="utf-8-sig"
    )
    err = refused_import(tmp_path, capsys, "natural_villages", ledger)
    for raw, escaped in HOSTILE.items():
        assert raw not in err
        assert f"NV{escaped}08" in err
    assert "NV\\x0a08" in err
    # The summary line and 13 problem lines (12 characters + the line break), nothing forged between them.
    assert len(err.strip().split("\n")) == 1 + len(codes)


def test_control_characters_in_a_file_name_are_escaped_on_success(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = store_copy(tmp_path / "store")
    name = "roads\x1b[2J\x07\u202egpj.geojson"
    roads = roads_geojson(tmp_path / name, "沥青")
    capsys.readouterr()
    assert main(["import", "--data", str(path), "--kind", "roads", str(roads)]) == 0
    out = capsys.readouterr().out
    assert "roads\\x1b[2J\\x07\\u202egpj.geojson" in out
    assert not any(ch in out for ch in "\x1b\x07\u202e")
    # Success lines name the store and the kept files by name, beside the store.
    assert "county.gpkg" in out
    assert "originals/" in out
    assert ".versions/" in out


def test_a_traversal_refusal_names_the_whole_entry(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    import zipfile

    archive = tmp_path / "roads.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("../../etc/roads\x1b.geojson", b"{}")
    err = refused_import(tmp_path, capsys, "roads", archive)
    assert "../../etc/roads\\x1b.geojson" in err


@pytest.mark.parametrize("cut", ["half", "inside_character", "after_inner_brace"])
def test_a_truncated_geojson_is_reported_as_truncated(tmp_path: Path, capsys: pytest.CaptureFixture, cut: str) -> None:
    whole = roads_geojson(tmp_path / "whole.geojson", "沥青").read_bytes()
    if cut == "half":
        data = whole[: len(whole) // 2]
    elif cut == "inside_character":  # the first byte of the first Chinese character of a name (3 UTF-8 bytes)
        first = next(i for i, byte in enumerate(whole) if byte >= 0xE0)
        data = whole[: first + 1]
    else:  # right after the first feature's closing brace: the text still ends in "}"
        end = whole.index(b"}\n,") if b"}\n," in whole else whole.index(b"} },") + 3
        data = whole[:end]
        assert data.rstrip().endswith(b"}")
    source = tmp_path / "cut.geojson"
    source.write_bytes(data)
    err = refused_import(tmp_path, capsys, "roads", source)
    assert "truncated" in err
    assert "截断" in err
    assert "encoding" not in err


def misaligned_dem(path: Path, change: str) -> Path:
    """The tiny county's DEM as a GeoTIFF, with one aspect of its grid changed."""
    import rasterio
    from affine import Affine

    grid = synthetic.dem()
    values, (a, _, c, _, e, f) = grid.values, tuple(grid.transform)[:6]
    crs = grid.crs
    if change == "cell":  # twice the cell, half the cells: same extent
        values, a, e = values[::2, ::2], a * 2, e * 2
    elif change == "origin":  # half a cell east
        c += a / 2
    elif change == "size":  # one column fewer
        values = values[:, :-1]
    else:  # the same numbers declared in WGS84
        crs = "EPSG:4326"
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=values.shape[1],
        height=values.shape[0],
        count=1,
        dtype="float32",
        crs=crs,
        transform=Affine(a, 0.0, c, 0.0, e, f),
    ) as out:
        out.write(values.astype("float32"), 1)
    return path


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ("cell", "cell size is 0.01×0.01, expected 0.005×0.005"),
        ("origin", "origin (top left) is"),
        ("size", "size is"),
        ("crs", "CRS is EPSG:4326, expected EPSG:4490"),
    ],
)
def test_a_misaligned_raster_names_the_file_and_what_differs(
    tmp_path: Path, capsys: pytest.CaptureFixture, change: str, said: str
) -> None:
    """The store's population grid is the reference; the imported DEM differs in one aspect (the 0.005° grid
    of tests/synthetic.py: doubled cells are 0.01°)."""
    source = misaligned_dem(tmp_path / f"dem_{change}.tif", change)
    err = refused_import(tmp_path, capsys, "dem", source)
    assert f"dem_{change}.tif › dem" in err
    assert "not aligned with 'population'" in err
    assert said in err
    phrases = {"crs": ("CRS is",), "cell": ("cell size is",), "origin": ("origin (top left) is",)}
    phrases["size"] = (": size is", "; size is")
    named = {aspect for aspect, texts in phrases.items() if any(text in err for text in texts)}
    # Only what differs is named; doubled cells over the same extent also halve the number of cells.
    assert named == ({"cell", "size"} if change == "cell" else {change})


@pytest.mark.parametrize("name", ["a;b.geojson", "a\nb.geojson", "a!b.geojson"])
def test_names_gdal_would_cut_import_fine(tmp_path: Path, capsys: pytest.CaptureFixture, name: str) -> None:
    path = store_copy(tmp_path / "store")
    roads = tmp_path / name  # written under a plain name first: GDAL cannot write the hostile one either
    roads_geojson(tmp_path / "plain.geojson", "沥青").rename(roads)
    code = main(["import", "--data", str(path), "--kind", "roads", str(roads)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert set(store.read_dataset(path).layers["roads"]["surface"]) == {"asphalt"}


def test_a_shapefile_named_with_a_semicolon_imports_with_its_sidecars(tmp_path: Path) -> None:
    """The .dbf (attributes) and .prj (CRS) must come along through the safe link, or surface and CRS are lost."""
    path = store_copy(tmp_path / "store")
    roads = synthetic.roads().assign(surface="沥青")
    plain, folder = tmp_path / "plain", tmp_path / "in;coming"
    plain.mkdir()
    roads.to_file(plain / "roads.shp", encoding="utf-8")
    for part in plain.iterdir():  # written under plain names, then renamed
        part.rename(plain / part.name.replace("roads", "道路;2024"))
    plain.rename(folder)
    assert main(["import", "--data", str(path), "--kind", "roads", str(folder / "道路;2024.shp")]) == 0
    assert set(store.read_dataset(path).layers["roads"]["surface"]) == {"asphalt"}


# --- 9. retention, undo and redo ---------------------------------------------------------------------


def settings(path: Path, text: str) -> None:
    path.with_name(path.stem + "_retention.toml").write_text(text, encoding="utf-8")


def test_retention_prunes_versions_and_originals_after_the_write(tmp_path: Path) -> None:
    """Keep 2 versions and the original of the last import only (days 0): after 4 imports, 2 versions and 1
    original remain, every manifest is still there, and undo still restores the state before the last import."""
    path = store_copy(tmp_path / "store")
    settings(path, "version = 1\nversions_kept = 2\noriginals_kept = 1\noriginals_days = 0\n")
    surfaces = ["沥青", "水泥", "砂石", "沥青"]
    states = []
    for i, surface in enumerate(surfaces):
        states.append(sha(path))
        source = roads_geojson(tmp_path / f"roads{i}.geojson", surface)
        assert main(["import", "--data", str(path), "--kind", "roads", str(source)]) == 0
    assert len(store.list_versions(path)) == 2
    originals = path.parent / "originals"
    manifests = sorted(originals.glob("*.json"))
    assert len(manifests) == 4
    assert len([p for p in originals.iterdir() if p.suffix != ".json"]) == 1
    records = [json.loads(m.read_text(encoding="utf-8")) for m in manifests]
    assert [bool(r.get("original_pruned_at")) for r in records] == [True, True, True, False]
    assert main(["undo", "--data", str(path)]) == 0
    assert sha(path) == states[-1]


def test_the_default_retention_keeps_five_versions(tmp_path: Path) -> None:
    from geo.io.ingest.retention import load_retention

    path = store_copy(tmp_path / "store")
    assert load_retention(path).versions_kept == 5  # data/retention.toml
    for i in range(6):
        source = roads_geojson(tmp_path / f"roads{i}.geojson", "沥青" if i % 2 else "水泥")
        assert main(["import", "--data", str(path), "--kind", "roads", str(source)]) == 0
    assert len(store.list_versions(path)) == 5
    assert len(list((path.parent / "originals").glob("*.geojson"))) == 6  # the last 20 imports / 30 days


def test_a_broken_retention_setting_refuses_the_import_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = store_copy(tmp_path / "store")
    settings(path, "version = 1\nversions_kept = 0\n")
    before = folder_hash(path.parent)
    roads = roads_geojson(tmp_path / "roads.geojson", "沥青")
    capsys.readouterr()
    code = main(["import", "--data", str(path), "--kind", "roads", str(roads)])
    err = capsys.readouterr().err
    refused(code, err, "county_retention.toml")
    assert "versions_kept" in err
    assert folder_hash(path.parent) == before


def test_undo_and_redo_round_trip_byte_for_byte(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Two imports (roads, then NV08's water), two undos, two redos: each step gives back the exact bytes;
    a third redo is refused; a new import after an undo clears what could be redone."""
    path = store_copy(tmp_path / "store")
    s0 = sha(path)
    assert (
        main(["import", "--data", str(path), "--kind", "roads", str(roads_geojson(tmp_path / "r.geojson", "沥青"))])
        == 0
    )
    s1 = sha(path)
    ledger = water_ledger(tmp_path / "w.csv", "集中供水")
    assert main(["import", "--data", str(path), "--kind", "natural_villages", str(ledger)]) == 0
    s2 = sha(path)
    assert len({s0, s1, s2}) == 3
    steps = [("undo", s1), ("undo", s0), ("redo", s1), ("redo", s2)]
    for command, expected in steps:
        assert main([command, "--data", str(path)]) == 0
        assert sha(path) == expected, command
    from geo.io.ingest.commit import list_imports

    assert [r["undone_at"] for r in list_imports(path)] == [None, None]  # both redone
    capsys.readouterr()
    code = main(["redo", "--data", str(path)])
    refused(code, capsys.readouterr().err, "county.gpkg")
    # Undo, then a new import: the undone state is no longer redoable.
    assert main(["undo", "--data", str(path)]) == 0
    assert store.list_redo(path)
    shutil.copy(ledger, tmp_path / "w2.csv")
    assert main(["import", "--data", str(path), "--kind", "natural_villages", str(tmp_path / "w2.csv")]) == 0
    assert not store.list_redo(path)
    assert main(["undo", "--data", str(path)]) == 0
    assert sha(path) == s1
