"""Ledger joins: by code first, else by name within township; ambiguous and unmatched rows are reported, not guessed."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.io.ingest.ledger import (
    TOWN_SUFFIXES,
    VILLAGE_SUFFIXES,
    join_admin_villages,
    join_natural_villages,
    key_columns,
)
from geo.io.ingest.name_match import name_key

TOWNS = pd.DataFrame({"town_code": ["360222100", "360222101"], "name": ["溪口镇", "茶岭乡"]})
# Two villages called 新村, one in each township; 石桥村 and 石桥头村 share a prefix.
VILLAGES = pd.DataFrame(
    {
        "village_code": [
            "360222100201",
            "360222100202",
            "360222100203",
            "360222101201",
            "360222101202",
            "360222101203",
        ],
        "name": ["溪口村", "石桥村", "新村", "茶岭村", "新村", "高山坪村"],
        "town_code": ["360222100", "360222100", "360222100", "360222101", "360222101", "360222101"],
    }
)
NATURALS = pd.DataFrame(
    {
        "nv_id": ["NV01", "NV02", "NV03", "NV04", "NV05"],
        "name": ["上屋", "下屋", "上屋", "石门坎", "石门坑"],
        "village_code": ["360222100201", "360222100201", "360222101201", "360222101202", "360222101202"],
    }
)


def status(result, row: int) -> str:
    return str(result.table.at[row, "status"])


def test_key_columns_renames_chinese_headers_only_when_free() -> None:
    frame = pd.DataFrame(columns=["乡镇", "行政村", "行政村代码", "town_code", "户数"])
    renamed, mapping = key_columns(frame)
    assert mapping == {"乡镇": "town_name", "行政村": "village_name", "行政村代码": "village_code"}
    assert list(renamed.columns) == ["town_name", "village_name", "village_code", "town_code", "户数"]


def test_name_key_strips_one_suffix_and_normalizes() -> None:
    keys = name_key(pd.Series(["溪口村", " 溪 口 ", "村", "上屋村民小组", "ＡＢ村", None]), VILLAGE_SUFFIXES)
    assert keys.tolist()[:5] == ["溪口", "溪口", "村", "上屋", "ab"]
    assert pd.isna(keys.iloc[5])
    assert name_key(pd.Series(["茶岭乡", "溪口镇人民政府"]), TOWN_SUFFIXES).tolist() == ["茶岭", "溪口镇"]


def test_code_first_then_name_within_township() -> None:
    ledger = pd.DataFrame(
        {
            "village_code": ["360222100202", None, "360222109999", None, None],
            "village_name": ["写错的名字", "溪口", "溪口村", "新村", "新村"],
            "town_name": [None, "溪口镇", None, "茶岭", None],
        }
    )
    result = join_admin_villages(ledger, VILLAGES, TOWNS)
    table = result.table
    # Row 0: the code wins over a wrong name.
    assert (status(result, 0), table.at[0, "method"], table.at[0, "target"]) == ("matched", "code", "360222100202")
    assert table.at[0, "target_name"] == "石桥村"
    # Row 1: by name within its township (suffix 村 ignored).
    assert (status(result, 1), table.at[1, "method"], table.at[1, "target"]) == ("matched", "name", "360222100201")
    # Row 2: a well-formed code that is not in the store is not replaced by a guess from the name.
    assert status(result, 2) == "unmatched"
    assert "360222109999" in table.at[2, "reason_zh"]
    # Row 3: 新村 within 茶岭乡 is unique; row 4 without a township has two candidates, both listed.
    assert (status(result, 3), table.at[3, "target"]) == ("matched", "360222101202")
    assert status(result, 4) == "ambiguous"
    assert "360222100203" in table.at[4, "candidates"]
    assert "360222101202" in table.at[4, "candidates"]
    assert "溪口镇" in table.at[4, "candidates"]
    assert table.at[4, "candidate_keys"] == "360222100203；360222101202"
    assert table.at[4, "query_name"] == "新村"
    assert len(result.matched) == 3
    assert len(result.ambiguous) == 1
    assert len(result.unmatched) == 1
    problems = result.problems("ledger.xlsx", "admin_villages", "village_name")
    assert [p.feature for p in problems] == [2, 4]
    assert all(p.message_zh and p.message_en for p in problems)


def test_fuzzy_match_is_listed_and_weak_names_are_unmatched_with_a_hint() -> None:
    ledger = pd.DataFrame(
        {"village_name": ["高山平村", "石桥头", "白云"], "town_code": ["360222101", "360222100", "360222100"]}
    )
    result = join_admin_villages(ledger, VILLAGES, TOWNS)
    table = result.table
    # 高山平 vs 高山坪: 2 of 3 characters → ratio 0.67 < 0.75: not accepted, but suggested.
    assert status(result, 0) == "unmatched"
    assert "高山坪村" in table.at[0, "candidates"]
    # 石桥头 vs 石桥: ratio 0.8 → a fuzzy match, reported for checking.
    assert (status(result, 1), table.at[1, "method"], table.at[1, "target"]) == ("matched", "fuzzy", "360222100202")
    assert table.at[1, "score"] == pytest.approx(0.8)
    assert list(result.fuzzy.index) == [1]
    assert status(result, 2) == "unmatched"
    assert table.at[2, "candidates"] == ""


def test_fuzzy_ties_are_ambiguous() -> None:
    villages = pd.DataFrame(
        {
            "village_code": ["360222100301", "360222100302"],
            "name": ["大石门村", "大石坑村"],
            "town_code": ["360222100", "360222100"],
        }
    )
    result = join_admin_villages(pd.DataFrame({"village_name": ["大石村"]}), villages, TOWNS, cutoff=0.6)
    assert status(result, 0) == "ambiguous"
    assert "大石门村" in result.table.at[0, "candidates"]
    assert "大石坑村" in result.table.at[0, "candidates"]


def test_unknown_and_ambiguous_township_names_are_reported() -> None:
    towns = pd.concat([TOWNS, pd.DataFrame({"town_code": ["360222102"], "name": ["溪口乡"]})], ignore_index=True)
    ledger = pd.DataFrame({"village_name": ["溪口村", "溪口村"], "town_name": ["不存在镇", "溪口"]})
    result = join_admin_villages(ledger, VILLAGES, towns)
    assert status(result, 0) == "unmatched"
    assert result.table.at[0, "reason_zh"].startswith("所属乡镇")
    assert status(result, 1) == "ambiguous"  # 溪口镇 and 溪口乡
    assert "360222102" in result.table.at[1, "candidates"]


def test_by_code_only_and_by_name_only() -> None:
    ledger = pd.DataFrame({"village_code": ["360222100201", None], "village_name": ["茶岭村", "茶岭村"]})
    by_code = join_admin_villages(ledger, VILLAGES, TOWNS, by="code")
    assert by_code.table["status"].tolist() == ["matched", "unmatched"]
    by_name = join_admin_villages(ledger, VILLAGES, TOWNS, by="name")
    assert by_name.table["target"].tolist() == ["360222101201", "360222101201"]


def test_blank_rows_are_unmatched_not_matched_to_blank_names() -> None:
    villages = pd.concat(
        [VILLAGES, pd.DataFrame({"village_code": ["360222100299"], "name": [None], "town_code": ["360222100"]})],
        ignore_index=True,
    )
    result = join_admin_villages(pd.DataFrame({"village_name": [None, ""]}), villages, TOWNS)
    assert result.table["status"].tolist() == ["unmatched", "unmatched"]


def test_natural_villages_by_id_then_name_within_admin_village() -> None:
    ledger = pd.DataFrame(
        {
            "nv_id": ["NV02", None, None, None, None, None],
            "name": ["x", "上屋", "上屋", "上屋", "石门坎", "上屋"],
            "village_name": [None, "溪口村", "茶岭", None, None, "不存在村"],
            "village_code": [None, None, None, None, "360222101202", None],
        }
    )
    result = join_natural_villages(ledger, NATURALS, VILLAGES, TOWNS)
    assert result.table["target"].tolist()[:3] == ["NV02", "NV01", "NV03"]
    assert status(result, 3) == "ambiguous"  # 上屋 exists in two admin villages
    assert "NV01" in result.table.at[3, "candidates"]
    assert "NV03" in result.table.at[3, "candidates"]
    assert (status(result, 4), result.table.at[4, "target"]) == ("matched", "NV04")  # exact beats the close 石门坑
    assert status(result, 5) == "unmatched"
    assert result.table.at[5, "reason_zh"].startswith("所属行政村")


def test_natural_villages_within_township_when_no_admin_village_is_given() -> None:
    ledger = pd.DataFrame({"name": ["上屋", "上屋"], "town_name": ["溪口镇", "茶岭乡"]})
    result = join_natural_villages(ledger, NATURALS, VILLAGES, TOWNS)
    assert result.table["target"].tolist() == ["NV01", "NV03"]


names = st.text(alphabet="上下东西南北石桥溪口茶岭高山新村坪", min_size=1, max_size=5)


@settings(max_examples=25)
@given(st.lists(names, min_size=1, max_size=8, unique=True), st.lists(names, min_size=1, max_size=8))
def test_every_row_gets_exactly_one_state_and_matches_are_real(store_names: list[str], ledger_names: list[str]) -> None:
    villages = pd.DataFrame(
        {
            "village_code": [f"360222100{i:03d}" for i in range(len(store_names))],
            "name": store_names,
            "town_code": "360222100",
        }
    )
    ledger = pd.DataFrame({"village_name": ledger_names})
    result = join_admin_villages(ledger, villages, TOWNS)
    table = result.table
    assert list(table.index) == list(ledger.index)
    assert set(table["status"]) <= {"matched", "ambiguous", "unmatched"}
    assert len(result.matched) + len(result.ambiguous) + len(result.unmatched) == len(ledger)
    codes = set(villages["village_code"])
    keys = dict(zip(villages["village_code"], name_key(villages["name"], VILLAGE_SUFFIXES), strict=True))
    ledger_keys = name_key(ledger["village_name"], VILLAGE_SUFFIXES)
    for row in result.matched.itertuples():
        assert row.target in codes
        if row.method == "name":  # an exact match really has the same key
            assert keys[row.target] == ledger_keys.iloc[row.Index]
    for row in result.table[result.table["status"] != "matched"].itertuples():
        assert pd.isna(row.target)
        assert row.reason_zh
        assert row.reason_en
    # a name equal to exactly one store key is always matched to it
    for i, key in enumerate(ledger_keys):
        owners = [code for code, k in keys.items() if k == key]
        if len(owners) == 1:
            assert table.at[i, "target"] == owners[0]
        elif len(owners) > 1:
            assert table.at[i, "status"] == "ambiguous"


def test_the_exact_spelling_wins_over_a_suffix_twin() -> None:
    villages = pd.DataFrame(
        {
            "village_code": ["360222109001", "360222109200"],
            "name": ["峙滩居委会", "峙滩村委会"],
            "town_code": ["360222109", "360222109"],
        }
    )
    result = join_admin_villages(pd.DataFrame({"village_name": ["峙滩村委会", "峙滩居委会", "峙滩"]}), villages, TOWNS)
    assert result.table["target"].tolist()[:2] == ["360222109200", "360222109001"]
    assert status(result, 2) == "ambiguous"  # the bare name is one of the two: not guessed
