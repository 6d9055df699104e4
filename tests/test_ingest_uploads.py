"""Safe handling of uploads: size limits, generated names, zip archives checked for traversal, links and bombs."""

from __future__ import annotations

import io
import json
import os
import stat
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.core.errors import InputDataError
from geo.io.ingest import uploads
from geo.io.ingest.read import list_sublayers
from geo.io.ingest.uploads import unpack_upload


def make_zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def everything_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*"))


def refused(excinfo: pytest.ExceptionInfo[InputDataError]) -> tuple[str, str]:
    (problem,) = excinfo.value.problems
    return problem.message_zh, problem.message_en


# --- single files -------------------------------------------------------------------------------------


def test_single_file_gets_a_generated_name_and_keeps_the_users_for_display(tmp_path: Path) -> None:
    path = unpack_upload(b"a,b\n1,2\n", "../../etc/村庄 台账.CSV", tmp_path)
    assert path.name == "upload.csv"
    assert path.parent.parent == tmp_path  # a fresh folder directly under the work directory
    assert path.read_bytes() == b"a,b\n1,2\n"
    assert uploads.read_manifest(path.parent) == {"upload.csv": "村庄 台账.CSV"}
    assert not (tmp_path.parent / "etc").exists()


def test_two_uploads_of_the_same_name_do_not_collide(tmp_path: Path) -> None:
    first = unpack_upload(b"a\n1\n", "x.csv", tmp_path)
    second = unpack_upload(b"a\n2\n", "x.csv", tmp_path)
    assert first != second
    assert first.read_bytes() != second.read_bytes()


def test_display_name_strips_paths_and_control_characters() -> None:
    assert uploads.display_name("C:\\Users\\王\\桌面\\道路.shp") == "道路.shp"
    assert uploads.display_name("a\x00b\n.csv") == "ab.csv"
    assert uploads.display_name("") == "upload"
    assert len(uploads.display_name("x" * 500 + ".csv")) == 120


def test_too_large_upload_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    with pytest.raises(InputDataError) as info:
        unpack_upload(b"x" * 2048, "big.csv", tmp_path, max_bytes=1024)
    zh, en = refused(info)
    assert "过大" in zh
    assert "too large" in en
    assert everything_under(tmp_path) == []


def test_empty_upload_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputDataError) as info:
        unpack_upload(b"", "empty.geojson", tmp_path)
    assert "empty" in refused(info)[1]
    assert info.value.problems[0].source == "empty.geojson"


@pytest.mark.parametrize(("name", "expected"), [("setup.exe", "unsupported"), ("村庄.shp", "zip"), ("村庄.dbf", "zip")])
def test_unsupported_or_incomplete_single_files_are_refused(tmp_path: Path, name: str, expected: str) -> None:
    with pytest.raises(InputDataError) as info:
        unpack_upload(b"MZ\x90\x00", name, tmp_path)
    assert expected in refused(info)[1]
    assert everything_under(tmp_path) == []


# --- zip archives -------------------------------------------------------------------------------------

SHAPEFILE_PARTS = {f"数据/村庄{ext}": f"{ext} bytes".encode() for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg")}


def test_zipped_shapefile_parts_stay_together_under_generated_names(tmp_path: Path) -> None:
    members = {**SHAPEFILE_PARTS, "__MACOSX/数据/._村庄.shp": b"junk", ".DS_Store": b"junk", "说明.doc": b"doc"}
    path = unpack_upload(make_zip(members), "村庄.zip", tmp_path)
    assert path.name == "f001.shp"
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["f001.cpg", "f001.dbf", "f001.prj", "f001.shp", "f001.shx", "manifest.json"]
    assert (path.parent / "f001.dbf").read_bytes() == b".dbf bytes"
    assert uploads.read_manifest(path.parent) == {"f001.shp": "村庄.shp"}


def test_upper_case_extensions_are_normalized(tmp_path: Path) -> None:
    members = {"ROADS.SHP": b"s", "ROADS.SHX": b"x", "ROADS.DBF": b"d"}
    path = unpack_upload(make_zip(members), "roads.zip", tmp_path)
    assert sorted(p.name for p in path.parent.glob("f001.*")) == ["f001.dbf", "f001.shp", "f001.shx"]


def test_zip_with_several_datasets_returns_the_folder(tmp_path: Path) -> None:
    members = {**SHAPEFILE_PARTS, "道路.geojson": b"{}", "台账.xlsx": b"x"}
    folder = unpack_upload(make_zip(members), "县数据.zip", tmp_path)
    assert folder.is_dir()
    assert list_sublayers(folder) == ["村庄.shp", "道路.geojson", "台账.xlsx"]
    assert [f.path.name for f in uploads.unpacked_files(folder)] == ["f001.shp", "f002.geojson", "f003.xlsx"]


def test_zip_member_names_written_in_gbk_are_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chinese Windows zip tools store GBK names without the UTF-8 flag."""
    monkeypatch.setattr(
        zipfile.ZipInfo, "_encodeFilenameFlags", lambda self: (self.filename.encode("gbk"), self.flag_bits)
    )
    data = make_zip({"道路.geojson": b"{}"})
    monkeypatch.undo()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.infolist()[0].flag_bits & 0x800 == 0
        assert archive.namelist() != ["道路.geojson"]  # what a naive reader shows (cp437 mojibake)
    path = unpack_upload(data, "roads.zip", tmp_path)
    assert uploads.read_manifest(path.parent) == {"f001.geojson": "道路.geojson"}


def test_kmz_gives_its_kml(tmp_path: Path) -> None:
    path = unpack_upload(make_zip({"doc.kml": b"<kml/>", "files/icon.png": b"png"}), "巡查轨迹.kmz", tmp_path)
    assert path.suffix == ".kml"
    assert path.read_bytes() == b"<kml/>"
    assert uploads.read_manifest(path.parent) == {path.name: "巡查轨迹.kmz"}


@pytest.mark.parametrize(
    "member",
    ["../evil.csv", "a/../../evil.csv", "/etc/evil.csv", "\\\\server\\evil.csv", "C:/evil.csv", "..\\evil.csv"],
    ids=["dotdot", "nested-dotdot", "absolute", "unc", "drive", "backslash-dotdot"],
)
def test_zip_with_paths_outside_the_folder_is_refused(tmp_path: Path, member: str) -> None:
    work = tmp_path / "work"
    with pytest.raises(InputDataError) as info:
        unpack_upload(make_zip({"ok.csv": b"a\n1\n", member: b"pwned"}), "data.zip", work)
    zh, en = refused(info)
    assert "解压目录之外" in zh
    assert "outside the target folder" in en
    assert everything_under(work) == []  # nothing extracted, not even the harmless member
    assert not any(p.name == "evil.csv" for p in tmp_path.rglob("*"))


def test_zip_with_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("villages.csv")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(InputDataError) as info:
        unpack_upload(buffer.getvalue(), "data.zip", tmp_path)
    assert "symbolic link" in refused(info)[1]
    assert everything_under(tmp_path) == []


def test_zip_with_an_encrypted_member_is_refused(tmp_path: Path) -> None:
    data = bytearray(make_zip({"villages.csv": b"a\n1\n"}))
    data[6] |= 0x1  # the "encrypted" flag, in the local header …
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1  # … and in the central directory
    with pytest.raises(InputDataError) as excinfo:
        unpack_upload(bytes(data), "data.zip", tmp_path)
    assert "encrypted" in refused(excinfo)[1]


def test_zip_with_too_many_files_is_refused(tmp_path: Path) -> None:
    members = {f"f{i}.csv": b"a\n" for i in range(uploads.MAX_ARCHIVE_MEMBERS + 1)}
    with pytest.raises(InputDataError) as info:
        unpack_upload(make_zip(members, compression=zipfile.ZIP_STORED), "many.zip", tmp_path)
    assert "too many files" in refused(info)[1]


def test_zip_bomb_is_refused_by_its_compression_ratio(tmp_path: Path) -> None:
    data = make_zip({"bomb.csv": b"\0" * (4 * 1024 * 1024)})
    assert len(data) < 10_000  # 4 MB of zeros in a few kilobytes
    with pytest.raises(InputDataError) as info:
        unpack_upload(data, "bomb.zip", tmp_path)
    zh, en = refused(info)
    assert "压缩炸弹" in zh
    assert "zip bomb" in en
    assert everything_under(tmp_path) == []


def test_zipped_dbf_of_wide_empty_fields_is_not_taken_for_a_bomb(tmp_path: Path) -> None:
    """Five empty 254-character text fields per record: legitimate, and compresses ~490×."""
    record = b" " + "村1234".encode("gbk").ljust(20) + b" " * (254 * 5)
    members = {"wide.shp": b"shp", "wide.shx": b"shx", "wide.dbf": record * 2000}
    data = make_zip(members)
    assert 300 < len(members["wide.dbf"]) / len(data) < uploads.MAX_COMPRESSION_RATIO
    path = unpack_upload(data, "wide.zip", tmp_path)
    assert path.with_suffix(".dbf").stat().st_size == len(record) * 2000


def test_zip_bomb_of_many_small_members_is_refused_by_the_overall_ratio(tmp_path: Path) -> None:
    members = {f"part{i}.csv": b"\0" * 200_000 for i in range(20)}  # each under the per-member check
    with pytest.raises(InputDataError) as info:
        unpack_upload(make_zip(members), "bomb.zip", tmp_path)
    assert "overall compression ratio" in refused(info)[1]


def test_zip_expanding_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    data = make_zip({"a.csv": os.urandom(3000)}, compression=zipfile.ZIP_STORED)
    with pytest.raises(InputDataError) as info:
        unpack_upload(data, "big.zip", tmp_path, max_unpacked=2000)
    assert "expands too much" in refused(info)[1]


def test_extraction_counts_the_bytes_it_writes(tmp_path: Path) -> None:
    """Extraction stops when the bytes written exceed what is left of the budget, whatever the header says."""
    data = make_zip({"a.csv": b"a\n" + b"1\n" * 5000})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.infolist()[0]
        with pytest.raises(InputDataError, match="more data than it declares or than allowed"):
            uploads._extract(archive, info, tmp_path / "out.csv", budget=100, shown="x.zip")
        assert uploads._extract(archive, info, tmp_path / "ok.csv", budget=10**6, shown="x.zip") == 10_002


def test_zip_whose_header_lies_about_a_member_is_refused(tmp_path: Path) -> None:
    data = bytearray(make_zip({"a.csv": b"a\n" + b"1\n" * 5000}))
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")  # declared uncompressed size
    with pytest.raises(InputDataError) as info:
        unpack_upload(bytes(data), "x.zip", tmp_path)
    assert "cannot extract" in refused(info)[1]
    assert everything_under(tmp_path) == []


def test_damaged_zip_is_refused(tmp_path: Path) -> None:
    data = make_zip(SHAPEFILE_PARTS)
    with pytest.raises(InputDataError) as info:
        unpack_upload(data[: len(data) // 2], "村庄.zip", tmp_path)
    assert "not a valid zip" in refused(info)[1]
    assert everything_under(tmp_path) == []


def test_zip_without_data_files_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputDataError) as info:
        unpack_upload(make_zip({"说明.doc": b"x", "readme.txt": b"y"}), "docs.zip", tmp_path)
    assert "no readable data file" in refused(info)[1]
    assert everything_under(tmp_path) == []


def test_manifest_is_plain_json_of_generated_to_user_names(tmp_path: Path) -> None:
    path = unpack_upload(make_zip({"道路.geojson": b"{}"}), "roads.zip", tmp_path)
    payload = json.loads((path.parent / uploads.MANIFEST).read_text(encoding="utf-8"))
    assert payload == {"f001.geojson": "道路.geojson"}
    assert uploads.read_manifest(tmp_path) == {}


NAME_PART = st.sampled_from(["..", ".", "", "村庄", "a", "C:", "__MACOSX", ".hidden", "道路 1", "x\\..", "~"])
MEMBER_NAME = st.builds(
    lambda parts, ext, lead: lead + "/".join(parts) + ext,
    st.lists(NAME_PART, min_size=1, max_size=4),
    st.sampled_from([".shp", ".dbf", ".csv", ".geojson", ".txt", ".exe", ""]),
    st.sampled_from(["", "/", "\\"]),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(MEMBER_NAME.filter(bool), min_size=1, max_size=6, unique=True))
def test_any_archive_is_refused_or_lands_inside_its_folder_under_generated_names(
    tmp_path: Path, names: list[str]
) -> None:
    work = tmp_path / f"w{abs(hash(tuple(names)))}"
    data = make_zip(dict.fromkeys(names, b"x"))
    error: InputDataError | None = None
    try:
        result = unpack_upload(data, "any.zip", work)
    except InputDataError as caught:
        error = caught
    if error is not None:
        assert error.problems[0].source == "any.zip"
        assert everything_under(work) == []
        return
    folder = result if result.is_dir() else result.parent
    assert folder.parent == work
    for path in everything_under(work):
        assert path.resolve().is_relative_to(folder.resolve())
        assert path == folder or path.name == uploads.MANIFEST or path.name.startswith("f0")
    assert sorted(uploads.read_manifest(folder)) == sorted(f.path.name for f in uploads.unpacked_files(folder))


def test_an_excel_workbook_is_one_file_not_an_archive(tmp_path: Path) -> None:
    # An .xlsx is a zip container by its bytes; the user uploaded one ledger, so it is kept whole.
    buffer = io.BytesIO()
    pd.DataFrame({"村名": ["峙滩村"], "户数": [120]}).to_excel(buffer, index=False)
    path = unpack_upload(buffer.getvalue(), "台账.xlsx", tmp_path)
    assert path.suffix == ".xlsx"
    assert path.read_bytes() == buffer.getvalue()
    assert pd.read_excel(path)["村名"].tolist() == ["峙滩村"]
