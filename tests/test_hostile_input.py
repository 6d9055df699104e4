"""Hostile and broken input: nothing lost, nothing crashes, nothing injected (issue 16).

Every input is generated here, small. For each class the test asserts the refusal is clear (exit
code 2, a bilingual message naming the file, no traceback) and that the store folder is
byte-identical afterwards (every file under it hashed: the store, ``.versions/``, ``originals/``).
Concurrent imports run in parallel processes; resource bombs run in a child process whose peak
memory is measured.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import pandas as pd
import pytest

from geo.cli import main
from geo.core import store
from tests import synthetic

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_server_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every line the CLI prints in this suite is recorded; none may show the test's absolute folder."""
    import geo.cli

    printed: list[str] = []
    say = geo.cli._say

    def recording(text: str, stream: TextIO | None = None) -> None:
        printed.append(text)
        say(text, stream)

    monkeypatch.setattr(geo.cli, "_say", recording)
    yield printed
    shown = [line for line in printed if str(tmp_path) in line]
    assert not shown, f"an absolute path was printed: {shown}"


def folder_hash(folder: Path) -> str:
    """One hash over every file under ``folder`` (relative name and bytes): any change shows."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def roads_geojson(path: Path, surface: str) -> Path:
    """The tiny county's roads with every surface set to ``surface``."""
    roads = synthetic.roads()
    roads["surface"] = surface
    roads.to_file(path, driver="GeoJSON")
    return path


def water_ledger(path: Path, supply: str) -> Path:
    """A ledger setting the water supply of natural village NV08 (云雾, in 高山村)."""
    pd.DataFrame({"自然村编号": ["NV08"], "供水方式": [supply]}).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def store_copy(folder: Path) -> Path:
    """The tiny county as a store of its own in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "county.gpkg"
    store.write_dataset(path, synthetic.tiny_dataset(), keep_versions=0)
    return path


def refused(code: int, err: str, name: str) -> None:
    """A clear refusal: exit 2, no traceback, the file named by its own name, both languages."""
    assert code == 2, err
    assert "Traceback" not in err
    assert name in err, err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err), err  # Chinese …
    assert any("a" <= ch <= "z" for ch in err.lower()), err  # … and English


# --- 1. concurrent imports ------------------------------------------------------------------------


def _import_child(args: list[str], start: multiprocessing.synchronize.Event, out: multiprocessing.Queue) -> None:
    import contextlib
    import io

    err = io.StringIO()
    start.wait()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(args)
        except BaseException as exc:  # a crash is a failure the parent reports
            code = f"crash: {exc!r}"
    out.put((args[4], code, err.getvalue()))


def test_two_parallel_imports_both_survive_or_one_is_refused(tmp_path: Path) -> None:
    """Two processes import into one store at the same instant, several times.

    One replaces the roads (every surface asphalt), one updates NV08's water supply (none →
    centralized). Whatever the timing, each import either reports success and its change is in
    the final store, or is refused with the bilingual "another import is running" message.
    """
    context = multiprocessing.get_context("fork")
    roads = roads_geojson(tmp_path / "roads.geojson", "沥青")
    ledger = water_ledger(tmp_path / "water.csv", "集中供水")
    outcomes = []
    for trial in range(4):
        path = store_copy(tmp_path / f"trial{trial}")
        start, results = context.Event(), context.Queue()
        jobs = [
            ["import", "--data", str(path), "--kind", "roads", str(roads)],
            ["import", "--data", str(path), "--kind", "natural_villages", str(ledger)],
        ]
        children = [context.Process(target=_import_child, args=(job, start, results)) for job in jobs]
        for child in children:
            child.start()
        start.set()
        got = {}
        for _ in children:
            kind, code, err = results.get(timeout=120)
            got[kind] = (code, err)
        for child in children:
            child.join(timeout=60)
        dataset = store.read_dataset(path)
        survived = {
            "roads": set(dataset.layers["roads"]["surface"]) == {"asphalt"},
            "natural_villages": dataset.layers["natural_villages"].set_index("nv_id").loc["NV08", "water_supply"]
            == "centralized",
        }
        for kind, (code, err) in got.items():
            assert code in (0, 2), (kind, code, err)
            if code == 0:
                assert survived[kind], f"trial {trial}: the {kind} import said imported but its change is gone"
            else:
                assert "another import" in err, err
                assert "另一个导入" in err, err
                assert not survived[kind]
        assert not (path.parent / ".county.gpkg.lock").exists()
        outcomes.append(tuple(code for _, (code, _) in sorted(got.items())))
    assert outcomes  # four trials ran; with a 15 s wait every import succeeds in practice


def test_an_import_waits_briefly_then_is_refused_while_another_holds_the_lock(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    import threading

    from geo.io.ingest.lock import import_lock, lock_path

    path = store_copy(tmp_path / "county")
    roads = roads_geojson(tmp_path / "roads.geojson", "沥青")
    before = folder_hash(path.parent)
    held, release = threading.Event(), threading.Event()

    def holder() -> None:  # another writer (its own thread, so its own descriptor)
        with import_lock(path):
            held.set()
            release.wait(30)

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(10)
    try:
        code = main(["import", "--data", str(path), "--kind", "roads", str(roads), "--wait", "0.3"])
    finally:
        release.set()
        thread.join()
    err = capsys.readouterr().err
    refused(code, err, "county.gpkg")
    assert "another import" in err
    assert not lock_path(path).exists()
    assert folder_hash(path.parent) == before
    # Once the other writer is done, the same import goes through.
    assert main(["import", "--data", str(path), "--kind", "roads", str(roads)]) == 0


# --- 5. formula injection in what the product writes -----------------------------------------------

FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"


def runnable_csv_cells(data: bytes) -> list[str]:
    """Cells of a CSV a spreadsheet would evaluate: starting with a formula character and not a plain number."""
    import csv
    import io
    import re

    rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return [
        cell
        for row in rows
        for cell in row
        if cell.startswith(FORMULA_CHARS) and re.fullmatch(_PLAIN_NUMBER, cell) is None
    ]


def formula_cells(data: bytes) -> list[str]:
    """Cells an XLSX workbook stores as formulas."""
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def _hostile_text() -> object:
    """Text a bureau's data might hold: a formula character (or not) in front of formula and control characters."""
    from hypothesis import strategies as st

    head = st.sampled_from([*FORMULA_CHARS, "", "'", "1", "村"])
    body = st.text(alphabet=st.sampled_from([*"=+-@|!()A1.,;'\" \t\r\n\x07\x1b溪口村", "\u202e"]), max_size=12)
    return st.builds(lambda a, b: a + b, head, body)


def test_no_cell_the_product_writes_runs_as_a_formula() -> None:
    """Property: whatever text a bureau's data hold, no CSV cell begins with = + - @ (tab, CR) unless it is
    neutralised (or a plain number), and no XLSX cell is a formula: gaps.csv/xlsx, indicators and tables, the
    domain pages' downloads and the import problem report."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from geo.analysis.gap_rows import GAP_COLUMNS
    from geo.core.errors import Problem
    from geo.io import export
    from geo.io.ingest.problems import report_csv, report_xlsx
    from geo.present.domains.base import Table, csv_bytes

    @settings(max_examples=20, deadline=None)
    @given(st.lists(_hostile_text(), min_size=1, max_size=6), st.floats(-1e6, 1e6, allow_nan=False))
    def check(texts: list[str], number: float) -> None:
        n = len(texts)
        gaps = pd.DataFrame({c: [None] * n for c in GAP_COLUMNS})
        for column in ("name", "village_name", "town_name", "reason_zh", "need_zh", "feature_id", "bureau"):
            gaps[column] = texts
        gaps["indicator_id"] = "water.centralized_rate"
        gaps["value"] = number
        gaps["priority"] = 50.0
        assert not runnable_csv_cells(export.gaps_csv_bytes(gaps))
        assert not runnable_csv_cells(export.gaps_csv_bytes(gaps, lang="zh"))
        assert not runnable_csv_cells(export.csv_bytes(pd.DataFrame({texts[0]: texts, "v": [number] * n})))
        assert not formula_cells(export.gaps_xlsx_bytes(gaps))
        assert not runnable_csv_cells(csv_bytes(Table("k", "t", pd.DataFrame({"名称": texts, texts[-1]: [1] * n}))))
        problems = [Problem(text, "roads", i, text, text, text) for i, text in enumerate(texts)]
        assert not runnable_csv_cells(report_csv(problems))
        assert not formula_cells(report_xlsx(problems))

    check()


def test_report_of_a_county_with_formula_names_writes_no_runnable_cell(tmp_path: Path) -> None:
    """``geo report`` on a store whose villages are named like formulas: every CSV and the XLSX are inert."""
    dataset = synthetic.tiny_dataset()
    naturals = dataset.layers["natural_villages"]
    naturals["name"] = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0", "\t=1", "ok", "-5"]
    dataset.layers["admin_villages"]["name"] = ["=1+1", "+村", "-村", "@村"]
    path = tmp_path / "county.gpkg"
    store.write_dataset(path, dataset, keep_versions=0)
    out = tmp_path / "out"
    assert main(["report", "--data", str(path), "--out", str(out), "--quiet"]) == 0
    for name in ("gaps.csv", "indicators.csv", "industry.csv"):
        assert not runnable_csv_cells((out / name).read_bytes()), name
    text = (out / "gaps.csv").read_text(encoding="utf-8-sig")
    assert "'=1+1" in text  # 溪口村 renamed =1+1 has gaps: neutralised, not dropped
    assert not formula_cells((out / "gaps.xlsx").read_bytes())


# --- shared: one hostile import, judged ----------------------------------------------------------


def refused_import(tmp_path: Path, capsys: pytest.CaptureFixture, kind: str, source: Path, *extra: str) -> str:
    """Import ``source`` into a fresh store: it must be refused clearly and leave the store folder byte-identical."""
    path = store_copy(tmp_path / "store")
    before = folder_hash(path.parent)
    capsys.readouterr()
    code = main(["import", "--data", str(path), "--kind", kind, str(source), *extra])
    err = capsys.readouterr().err
    refused(code, err, source.name)
    assert str(tmp_path) not in err, err  # the file's own name, never the server's path
    assert folder_hash(path.parent) == before
    return err


def peak_memory_mb(args: list[str]) -> tuple[int, float, str]:
    """Run ``python -m geo ARGS`` in a fresh process: (exit code, its peak resident memory in MB, stderr)."""
    import subprocess
    import sys

    # VmHWM, not ru_maxrss: Linux carries a parent's ru_maxrss over fork and exec (pytest's own).
    probe = (
        "import re, sys\n"
        "from geo.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "status = open('/proc/self/status').read()\n"
        "sys.stderr.write('\\nPEAK_KB=' + re.search(r'VmHWM:\\s+(\\d+)', status).group(1) + '\\n')\n"
        "raise SystemExit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=ROOT, timeout=300, check=False
    )
    peak = int(done.stderr.rsplit("PEAK_KB=", 1)[1].split()[0]) / 1024
    return done.returncode, peak, done.stderr


# --- 3. crashes instead of messages ----------------------------------------------------------------


def cut_name_shapefile(path: Path, name: str, *, cpg: str | None = "UTF-8") -> Path:
    """The tiny county's natural villages as a UTF-8 Shapefile whose water_supply field is named ``name`` cut at 10 bytes."""
    import struct

    naturals = synthetic.natural_villages().rename(columns={"water_supply": "wwwwwwwwww"})
    import warnings

    with warnings.catch_warnings():  # the contract's long names are cut to 10 bytes too (and map back)
        warnings.simplefilter("ignore")
        naturals.to_file(path, encoding="utf-8")
    dbf = path.with_suffix(".dbf")
    data = bytearray(dbf.read_bytes())
    header_length = struct.unpack("<H", data[8:10])[0]
    cut = name.encode("utf-8")[:10]
    for start in range(32, header_length - 1, 32):
        if data[start : start + 10] == b"wwwwwwwwww":
            data[start : start + 11] = cut.ljust(11, b"\0")
    dbf.write_bytes(bytes(data))
    if cpg is None:
        path.with_suffix(".cpg").unlink(missing_ok=True)
    return path


def test_a_field_name_cut_inside_a_character_is_read_with_a_note(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """供水方式 is 12 bytes in UTF-8; cut at 10 it ends in the first byte of 式 (GDAL raised UnicodeDecodeError).

    The name is read as 供水方 (the whole characters), said in a note, and still maps to water_supply
    (the one contract alias it begins); the values, in UTF-8, are read as UTF-8 (not GB18030 mojibake).
    """
    from geo.io.ingest.read import read_source

    for cpg in ("UTF-8", None):
        shp = cut_name_shapefile(tmp_path / f"cut{cpg}.shp", "供水方式", cpg=cpg)
        source = read_source(shp)
        assert "供水方" in source.frame.columns
        assert set(source.frame["name"]) >= {"溪口", "云雾"}  # no mojibake
        assert any("供水方" in note.zh and "cut" in note.en for note in source.notes)
    path = store_copy(tmp_path / "store")
    shp = cut_name_shapefile(tmp_path / "nv.shp", "供水方式")
    naturals = synthetic.natural_villages()
    code = main(["import", "--data", str(path), "--kind", "natural_villages", str(shp)])
    err = capsys.readouterr().err
    assert code == 0, err
    stored = store.read_dataset(path).layers["natural_villages"].set_index("nv_id")["water_supply"]
    assert stored.to_dict() == naturals.set_index("nv_id")["water_supply"].to_dict()


def test_an_undecodable_field_name_is_refused_naming_the_field(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    import struct

    shp = cut_name_shapefile(tmp_path / "bad name.shp", "供水方式")
    dbf = shp.with_suffix(".dbf")
    data = bytearray(dbf.read_bytes())
    header_length = struct.unpack("<H", data[8:10])[0]
    for start in range(32, header_length - 1, 32):
        if data[start : start + 9] == "供水方".encode():
            data[start : start + 11] = b"\xff\xfe\xfdabc".ljust(11, b"\0")  # no encoding decodes 0xFF
    dbf.write_bytes(bytes(data))
    err = refused_import(tmp_path, capsys, "natural_villages", shp, "--encoding", "UTF-8")
    assert "field name 6" in err
    assert "ff fe fd" in err


def workbook(path: Path, rows: list[list[object]], formats: dict[str, str] | None = None) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    book.save(path)
    return path


def rezipped(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of a workbook with some members replaced (bytes) or dropped (None)."""
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = change.get(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)
    return target


MALFORMED_WORKBOOKS = {
    "truncated sheet XML": {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row r='1'><c r='A1' t='s"},
    "no workbook part": {"xl/workbook.xml": None},
    "styles not XML": {"xl/styles.xml": b"\x00\x01garbage"},
    "shared strings index out of range": {
        "xl/worksheets/sheet1.xml": b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="s"><v>999</v></c></row></sheetData></worksheet>'
    },
    "cell type unknown": {
        "xl/worksheets/sheet1.xml": b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="zz"><v>1</v></c></row></sheetData></worksheet>'
    },
}


@pytest.mark.parametrize("damage", sorted(MALFORMED_WORKBOOKS))
def test_a_malformed_workbook_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture, damage: str
) -> None:
    good = workbook(tmp_path / "good.xlsx", [["自然村编号", "供水方式"], ["NV08", "集中供水"]])
    bad = rezipped(good, tmp_path / "台账 broken.xlsx", MALFORMED_WORKBOOKS[damage])
    refused_import(tmp_path, capsys, "natural_villages", bad)


def test_not_a_workbook_and_a_reader_crash_are_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"just text, no zip")
    refused_import(tmp_path / "a", capsys, "natural_villages", fake)
    # Whatever a library raises deep inside a reader is one bilingual problem naming the file.
    from geo.io.ingest import read

    def boom(*_: object) -> None:
        raise TypeError(f"unexpected thing in {tmp_path}/secret/path.csv")

    monkeypatch.setattr(read, "read_csv", boom)
    ledger = water_ledger(tmp_path / "water.csv", "集中供水")
    err = refused_import(tmp_path / "b", capsys, "natural_villages", ledger)
    assert "TypeError" in err
    assert "path.csv" in err


# --- 4. resource exhaustion ----------------------------------------------------------------------


def test_a_workbook_bomb_is_refused_before_it_is_parsed(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """300 MB of XML (deflated to ~0.3 MB) inside a workbook: refused by its declared expansion, memory bounded."""
    good = workbook(tmp_path / "good.xlsx", [["自然村编号", "供水方式"], ["NV08", "集中供水"]])
    import zipfile

    with zipfile.ZipFile(good) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    padded = sheet.replace(b"</sheetData>", b"</sheetData>" + b" " * (300 * 2**20))
    bomb = rezipped(good, tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": padded})
    assert bomb.stat().st_size < 2 * 2**20
    err = refused_import(tmp_path, capsys, "natural_villages", bomb)
    assert "256 MB" in err
    path = store_copy(tmp_path / "mem")
    code, peak, err = peak_memory_mb(["import", "--data", str(path), "--kind", "natural_villages", str(bomb)])
    assert code == 2
    assert "Traceback" not in err
    assert peak < 600, peak  # the interpreter with geopandas is ~250 MB; parsing the sheet would take GBs


def test_a_sheet_declaring_a_huge_sparse_range_is_capped(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Cells far out (XFD = column 16,384) in every row: refused by the column cap, naming the row."""
    rows = [["自然村编号", "供水方式"], ["NV08", "集中供水"]]
    book = workbook(tmp_path / "wide.xlsx", rows)
    import openpyxl

    loaded = openpyxl.load_workbook(book)
    loaded.active["XFD2"] = "far out"
    loaded.save(book)
    err = refused_import(tmp_path, capsys, "natural_villages", book)
    assert "16384" in err
    assert "500" in err


def test_a_ledger_with_thousands_of_columns_is_refused_up_front(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    import time

    wide = tmp_path / "wide.csv"
    header = ",".join(["自然村编号", *(f"c{i}" for i in range(3004))])
    wide.write_text(header + "\n" + ",".join(["NV08", *("1" * 3004)]) + "\n", encoding="utf-8")
    started = time.perf_counter()
    err = refused_import(tmp_path, capsys, "natural_villages", wide)
    assert time.perf_counter() - started < 10
    assert "3005" in err


def test_a_cell_longer_than_excel_holds_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    ledger = tmp_path / "long.csv"
    pd.DataFrame({"自然村编号": ["NV08"], "供水方式": ["集" * 40_000]}).to_csv(ledger, index=False)
    err = refused_import(tmp_path, capsys, "natural_villages", ledger)
    assert "40,000" in err


def test_a_sparse_raster_is_refused_from_its_header(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A tiled GeoTIFF declaring 12,000 × 12,000 float32 cells (549 MB) in ~30 KB: refused before reading."""
    import numpy as np
    import rasterio
    from rasterio.transform import from_origin
    from rasterio.windows import Window

    sparse = tmp_path / "sparse.tif"
    profile = {"driver": "GTiff", "width": 12_000, "height": 12_000, "count": 1, "dtype": "float32"}
    transform = from_origin(117.0, 29.5, 0.00001, 0.00001)
    with rasterio.open(
        sparse, "w", **profile, crs="EPSG:4490", transform=transform, tiled=True, compress="deflate", sparse_ok=True
    ) as out:
        out.write(np.ones((256, 256), dtype="float32"), 1, window=Window(0, 0, 256, 256))
    assert sparse.stat().st_size < 200_000
    err = refused_import(tmp_path, capsys, "dem", sparse)
    assert "12000×12000" in err
    path = store_copy(tmp_path / "mem")
    code, peak, err = peak_memory_mb(["import", "--data", str(path), "--kind", "dem", str(sparse)])
    assert code == 2
    assert "Traceback" not in err
    assert peak < 600, peak  # reading band 1 would allocate 549 MB on top of the interpreter


# --- 6. values changed without a note --------------------------------------------------------------


def test_ids_keep_the_zeros_excel_shows(tmp_path: Path) -> None:
    """A number formatted 0000 shows as 0001 in Excel and is read as the text 0001 (not 1); text stays text."""
    from geo.io.ingest.read import read_source

    book = workbook(
        tmp_path / "ids.xlsx",
        [["编号", "行政村代码", "文本编号", "人口"], [1, 360222100201, "0007", 12.0], [23, 360222100202, "0100", 12.5]],
        formats={"A2": "0000", "A3": "0000", "B2": "000000000000", "B3": "000000000000"},
    )
    frame = read_source(book).frame
    assert list(frame["编号"]) == ["0001", "0023"]
    assert list(frame["行政村代码"]) == ["360222100201", "360222100202"]
    assert list(frame["文本编号"]) == ["0007", "0100"]
    assert list(frame["人口"]) == ["12", "12.5"]  # a whole number loses its .0, others are kept


def test_formula_cells_in_a_ledger_are_refused_by_cell(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """=cmd|… used to be replaced by its cached value (the village became '0'): now each formula cell is named."""
    book = workbook(
        tmp_path / "formulas.xlsx",
        [["自然村编号", "供水方式", "人口"], ["NV08", "=cmd|' /C calc'!A0", "=SUM(1,2)"], ["NV07", "集中供水", 3]],
    )
    err = refused_import(tmp_path, capsys, "natural_villages", book)
    assert "B2" in err
    assert "C2" in err
    assert "Paste Special" in err


# --- 7. cross-field sanity -------------------------------------------------------------------------


def sanity_ledger(path: Path, rows: dict[str, list[object]]) -> Path:
    pd.DataFrame(rows).to_csv(path, index=False, encoding="utf-8-sig")
    return path


@pytest.mark.parametrize(
    ("kind", "rows", "named"),
    [
        # NV08 云雾 has 12 households and 38 people: 500 households for 100 people cannot be.
        ("natural_villages", {"自然村编号": ["NV08"], "户数": [500], "人口": [100]}, ("500", "100", "households")),
        # NV07 高山 has 40 households: 900 sanitary toilets in 150 households cannot be.
        (
            "natural_villages",
            {"自然村编号": ["NV07"], "户数": [150], "卫生厕所户数": [900]},
            ("900", "150", "sanitary_toilet_households"),
        ),
        # Only the updated field is given: 41 toilets in NV07's stored 40 households; named by the CSV's
        # own line (header on line 1, the record on line 2).
        ("natural_villages", {"自然村编号": ["NV07"], "卫生厕所户数": [41]}, ("41", "40", "row 2")),
        ("natural_villages", {"自然村编号": ["NV07"], "人口": [-5]}, ("population",)),
    ],
)
def test_a_row_whose_parts_exceed_its_whole_is_refused_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture, kind: str, rows: dict[str, list[object]], named: tuple[str, ...]
) -> None:
    ledger = sanity_ledger(tmp_path / "ledger.csv", rows)
    err = refused_import(tmp_path, capsys, kind, ledger)
    for text in named:
        assert text in err, (text, err)


def test_relocation_sites_employed_households_at_most_households(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    sites = synthetic.relocation_sites()
    sites.loc[0, "employed_households"] = sites.loc[0, "households"] + 1
    source = tmp_path / "sites.geojson"
    sites.to_file(source, driver="GeoJSON")
    err = refused_import(tmp_path, capsys, "relocation_sites", source)
    assert "row 0" in err
    assert "employed_households" in err


def test_an_inconsistent_row_goes_in_only_with_a_recorded_reason(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    import json

    ledger = sanity_ledger(tmp_path / "ledger.csv", {"自然村编号": ["NV08"], "户数": [50], "人口": [40]})
    refused_import(tmp_path / "a", capsys, "natural_villages", ledger, "--accept-inconsistent", "ok")  # no reason
    path = store_copy(tmp_path / "b")
    reason = "2020 census counts migrant households here"
    args = ["import", "--data", str(path), "--kind", "natural_villages", str(ledger), "--accept-inconsistent", reason]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert reason in out
    row = store.read_dataset(path).layers["natural_villages"].set_index("nv_id").loc["NV08"]
    assert (row["households"], row["population"]) == (50, 40)
    (manifest,) = (path.parent / "originals").glob("*.json")
    assert json.loads(manifest.read_text(encoding="utf-8"))["accepted_inconsistent"] == reason


# --- 2. wrong coordinates --------------------------------------------------------------------------
# The tiny county lies near 117.2°E 29.4°N: Gauss-Krüger 3° zone 39 (CM 117°E), EPSG:4548 without the
# zone prefix (eastings ~519,000 m), EPSG:4527 with it (39,519,000 m).


def cell_sites_in(path: Path, epsg: int, *, claimed: int | None = None, swap: bool = False) -> Path:
    """The tiny county's cell sites written in ``epsg`` but labelled ``claimed`` (the .prj / GeoJSON CRS)."""
    sites = synthetic.cell_sites().to_crs(epsg)
    if swap:
        sites.geometry = sites.geometry.map(lambda p: type(p)(p.y, p.x))
    if claimed is not None:
        sites = sites.set_crs(claimed, allow_override=True)
    sites.to_file(path, driver="ESRI Shapefile" if path.suffix == ".shp" else "GeoJSON")
    return path


@pytest.mark.parametrize(
    ("written", "claimed", "epsg"),
    [
        (4548, 4549, "4548"),  # CM 117 written, the .prj says CM 120 (the next zone east): ~280 km off
        (4527, 4526, "4527"),  # zone 39 with its prefix, the .prj says zone 38: ~690 km off
    ],
)
def test_features_in_the_wrong_zone_are_refused_with_the_epsg_that_fits(
    tmp_path: Path, capsys: pytest.CaptureFixture, written: int, claimed: int, epsg: str
) -> None:
    """The coordinates are valid in the .prj's zone, inside China, and far from the county: refused, the fit named."""
    source = cell_sites_in(tmp_path / "sites.shp", written, claimed=claimed)
    err = refused_import(tmp_path, capsys, "cell_sites", source)
    assert "outside the county" in err
    assert "县域外" in err
    assert "row 0" in err
    assert "row 1" in err
    assert "wrong Gauss-Krüger zone" in err
    assert f"--crs {epsg}" in err


def test_a_zone_prefix_mismatch_is_read_right_with_a_note(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Eastings with the zone number under a .prj without it (and the reverse): the reader already corrects, saying so."""
    for written, claimed in ((4527, 4548), (4548, 4527)):
        path = store_copy(tmp_path / f"s{written}")
        source = cell_sites_in(tmp_path / f"sites{written}.shp", written, claimed=claimed)
        assert main(["import", "--data", str(path), "--kind", "cell_sites", str(source)]) == 0
        assert f"EPSG:{claimed}" in capsys.readouterr().out
        stored = store.read_dataset(path).layers["cell_sites"]
        assert stored.geometry.distance(synthetic.cell_sites().geometry).max() < 1e-6


def test_swapped_coordinates_are_refused_and_named(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Latitude/longitude swapped in a GeoJSON: the reader refuses (no CRS fits); in a store, the cause is said."""
    from geo.io.ingest import extent

    source = cell_sites_in(tmp_path / "sites.geojson", 4490, swap=True)
    refused_import(tmp_path, capsys, "cell_sites", source)
    sites = synthetic.cell_sites()
    county = extent.county_of(synthetic.tiny_dataset(), "cell_sites")
    assert county is not None
    projected = sites.to_crs(4548)
    swapped = projected.set_geometry(gpd_points_xy(projected.geometry.y, projected.geometry.x, 4548)).to_crs(4490)
    problems = extent.outside_problems(swapped, county, "EPSG:4548 CGCS2000", source="s.shp", kind="cell_sites")
    assert "swapped" in problems[0].message_en


def gpd_points_xy(x: object, y: object, crs: int) -> object:
    import geopandas as gpd

    return gpd.points_from_xy(x, y, crs=crs)


def test_gcj02_points_far_enough_out_are_named_as_gcj02(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A site just inside the east border shifted by GCJ-02 (~500 m) plus a border tolerance of 0 m: named GCJ-02."""
    from geo.core.crs import wgs84_to_gcj02
    from geo.io.ingest import extent

    sites = synthetic.cell_sites()
    lon, lat = wgs84_to_gcj02(sites.geometry.x.to_numpy(), sites.geometry.y.to_numpy())
    dataset = synthetic.tiny_dataset()
    county = extent.county_of(dataset, "cell_sites")
    assert county is not None
    shifted = sites.set_geometry(gpd_points(lon + 0.3, lat))  # +0.3° ≈ 29 km east: outside
    problems = extent.outside_problems(shifted, county, "EPSG:4490 CGCS2000", source="s.geojson", kind="cell_sites")
    assert problems  # outside, cause unknown (a shift, not GCJ-02)
    assert "GCJ-02" not in problems[0].message_en
    gcj = sites.set_geometry(gpd_points(lon, lat))
    assert not extent.outside_problems(gcj, county, "EPSG:4490", source="s.geojson", kind="cell_sites")


def gpd_points(lon: object, lat: object) -> object:
    import geopandas as gpd

    return gpd.points_from_xy(lon, lat, crs=4490)


def test_features_inside_the_county_or_a_store_without_boundary_pass(tmp_path: Path) -> None:
    from geo.core.store import Dataset
    from geo.io.ingest import extent

    sites = synthetic.cell_sites()
    county = extent.county_of(synthetic.tiny_dataset(), "cell_sites")
    assert county is not None
    assert not extent.outside_problems(sites, county, "EPSG:4490", source="s", kind="cell_sites")
    assert extent.county_of(Dataset(source="x"), "cell_sites") is None
