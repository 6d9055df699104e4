"""Rural units only: residents' committees apart, uninhabited units never gaps, kinds filled on import.

The hand-drawn county (tests/handdrawn.py: villages A, B in 东溪镇 T1, C in 西湖乡 T2, natural
villages A1…C3) gets two more units:

* D 东溪社区居委会 (T1, a residents' committee): 200 households, 600 people, seat 1 km east of
  the 4G site BS1 (at A's seat, radius 3 km), one natural village D1: 600 people, centralized
  water, garbage collected, 200 households all with sanitary toilets;
* E 荒坪村 (T2, a village committee) with nobody living there (population 0), its seat 10 km
  from BS1, and one natural village C4 of C with nobody living there, no garbage collection.

Worked out by hand (default ``rural = "village_committees"``):

* sanitary toilets, Σ sanitary / Σ households over A1…C3 = (80+5+20+50+60+0+10) / (100+25+50+50+120+10+10)
  = 225 / 365 = 0.6164; with D1 (``rural = "all"``): 425 / 565 = 0.7522;
* centralized water, people on centralized supply / people = (300+200+500+50) / 1400 = 0.75;
  with D1: 1650 / 2000 = 0.825;
* 4G admin villages: only A's seat is within 3 km of BS1 (B's is 4.9 km away, C's 12 km), so
  1 / 3 (E has nobody: not a gap, not in the denominator); with D: 2 / 4 = 0.5;
* garbage, villages collected / villages: A1, B1, B2, C1 of A1…C3 = 4 / 7 = 0.5714 (C4 has nobody:
  not 4 / 8, and no gap for it);
* double-lane: no seat reaches a two-lane road, so 0 / 3 with gaps A, B, C (and D with ``all``);
  E, with nobody, is never a widening gap.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.analysis.catalog import CATALOG, INDICATORS
from geo.analysis.context import Context
from geo.analysis.report import run_report
from geo.core.errors import ConfigError
from geo.core.plans import parse_plan, plan_problems
from geo.core.targets import Target, parse_targets
from geo.core.units import kind_from_code, kind_from_name, unit_kinds
from geo.io.ingest.plan import ImportOptions, plan_source
from geo.io.ingest.readers.common import SourceFrame
from geo.io.ingest.unit_kinds import fill_unit_kinds, nbs_villages
from tests import handdrawn as hd
from tests import synthetic
from tests.plans import PLANS_DIR, TARGETS_FILE, load_test_library, load_test_targets

TARGETS = load_test_targets()
D, E = "360222100003", "360222101002"
TOILETS, WATER, G4, GARBAGE = (
    TARGETS["sanitation_toilets_2025"],
    TARGETS["water_centralized_2025"],
    TARGETS["telecom_4g_2021"],
    TARGETS["sanitation_garbage_2025"],
)
DOUBLE_LANE = TARGETS["road_double_lane_admin_villages_2025"]


def villages(**columns: dict[str, object]) -> object:
    """A, B, C of the hand-drawn county plus the residents' committee D and the empty village E."""
    base = hd.admin_villages()
    extra = hd.frame(
        [
            {
                "village_code": D,
                "name": "东溪社区居委会",
                "town_code": hd.T1,
                "households": 200,
                "population": 600,
                "seat_x": hd.shift(hd.SEAT[hd.A], 1000)[0],
                "seat_y": hd.SEAT[hd.A][1],
                "box": (117.02, 29.36, 117.04, 29.38),
            },
            {
                "village_code": E,
                "name": "荒坪村",
                "town_code": hd.T2,
                "households": 0,
                "population": 0,
                "seat_x": hd.shift(hd.SEAT[hd.A], 10_000)[0],
                "seat_y": hd.SEAT[hd.A][1],
                "box": (117.12, 29.36, 117.14, 29.38),
            },
        ]
    )
    frame = pd.concat([base, extra], ignore_index=True)
    for name, values in columns.items():
        frame[name] = frame["village_code"].map(values)
    return frame


NV = (*hd.NV_DEFAULT, ("C4", hd.C, 0, "none", False, 0, 0, (2000, 2000)))
NV_ROWS = len(NV) + 1  # and D1


def county(**columns: dict[str, object]):
    """The dataset: the hand-drawn natural villages, C4, and D1 1 km east of A's seat (beside D's)."""
    nv = hd.natural_villages(NV)
    d1 = hd.frame(
        [
            {
                "nv_id": "D1",
                "name": "东溪社区一组",
                "village_code": D,
                "households": 200,
                "population": 600,
                "water_supply": "centralized",
                "garbage_collected": True,
                "sanitary_toilet_households": 200,
                "xy": hd.shift(hd.SEAT[hd.A], 1000),
            }
        ]
    )
    return hd.dataset(admin_villages=villages(**columns), natural_villages=pd.concat([nv, d1], ignore_index=True))


def measure(dataset, target: Target, rural: str | None = None):
    """The indicator of ``target`` on the view its ``rural`` parameter (or ``rural``) gives."""
    if rural is not None:
        target = replace(target, params={**target.params, "rural": rural})
    return INDICATORS[target.indicator].compute(Context(dataset).for_target(target), target)


def county_value(result) -> float:
    return float(hd.unit(result.units, "county", "county")["value"])


def test_shares_count_village_committees_only_and_residents_committees_with_all() -> None:
    data = county()
    assert county_value(measure(data, TOILETS)) == pytest.approx(225 / 365)
    assert county_value(measure(data, TOILETS, "all")) == pytest.approx(425 / 565)
    assert county_value(measure(data, WATER)) == pytest.approx(1050 / 1400)
    assert county_value(measure(data, WATER, "all")) == pytest.approx(1650 / 2000)
    four_g = measure(data, G4)
    assert county_value(four_g) == pytest.approx(1 / 3)
    assert county_value(measure(data, G4, "all")) == pytest.approx(2 / 4)
    # T1 (东溪镇) counts A and B only: 1 of 2 villages, 800 people (D's 600 apart)
    town = hd.unit(four_g.units, "township", hd.T1)
    assert (town["numerator"], town["denominator"], town["population"]) == (1.0, 2.0, 800.0)
    assert hd.unit(four_g.units, "county", "county")["population"] == 1400.0
    assert set(four_g.gaps["feature_id"]) == {hd.B, hd.C}  # neither D (apart) nor E (nobody lives there)


def test_an_uninhabited_unit_is_never_a_gap_nor_in_a_denominator() -> None:
    data = county()
    garbage = measure(data, GARBAGE)
    assert county_value(garbage) == pytest.approx(4 / 7)  # not 4 / 8 with C4
    assert "C4" not in set(garbage.gaps["feature_id"])
    assert "C4" not in set(garbage.units["unit_code"])
    for rural in ("village_committees", "all"):  # whatever the scope
        four_g = measure(data, G4, rural)
        assert E not in set(four_g.gaps["feature_id"])
        assert E not in set(four_g.units["unit_code"])
        # no two-lane road reaches any seat of the hand-drawn county: 0 of A, B, C (0 of A…D with all);
        # E, 10 km out, would otherwise be a priced widening gap for nobody
        double = measure(data, DOUBLE_LANE, rural)
        assert E not in set(double.gaps["feature_id"])
        expected = [hd.A, hd.B, hd.C] + ([D] if rural == "all" else [])
        assert sorted(double.gaps["feature_id"]) == sorted(expected)
        assert hd.unit(double.units, "county", "county")["denominator"] == len(expected)
    # the whole dataset, unscoped, would list E: the test can fail
    unscoped = INDICATORS[DOUBLE_LANE.indicator].compute(Context(data), DOUBLE_LANE)
    assert E in set(unscoped.gaps["feature_id"])


def test_nbs_rural_follows_the_urban_rural_code_and_the_kind_where_there_is_none() -> None:
    """A 220 村庄, B 112 城乡结合区 (urban although a village committee), C 210, D 111, E none.

    Toilets over A and C only: A1 A2 C1 C2 C3 = (80+5+60+0+10) / (100+25+120+10+10) = 155 / 265.
    """
    data = county(urban_rural_code={hd.A: "220", hd.B: "112", hd.C: "210", D: "111"})
    assert county_value(measure(data, TOILETS, "nbs_rural")) == pytest.approx(155 / 265)
    assert county_value(measure(data, TOILETS)) == pytest.approx(225 / 365)  # the default ignores the code


def test_a_store_without_the_column_derives_the_kind_from_the_name() -> None:
    without = county()
    assert "unit_kind" not in without.layers["admin_villages"]
    stated = county(
        unit_kind={
            hd.A: "village_committee",
            hd.B: "village_committee",
            hd.C: "village_committee",
            D: "residents_committee",
            E: "village_committee",
        }
    )
    for target in (TOILETS, WATER, G4):
        assert county_value(measure(without, target)) == county_value(measure(stated, target))
    # the stated kind wins over the name: D said to be a village committee is counted
    d_as_village = county(unit_kind={D: "village_committee"})
    assert county_value(measure(d_as_village, TOILETS)) == pytest.approx(425 / 565)


def test_the_report_lists_the_units_left_out_and_says_so_once() -> None:
    targets = {t.id: t for t in (TOILETS, G4)}
    report = run_report(county(), targets)
    excluded = report.excluded.set_index("unit_code")
    assert excluded.loc[D, "reason"] == "residents_committee"
    assert excluded.loc["D1", "reason"] == "outside"
    assert excluded.loc[E, "reason"] == "uninhabited"
    assert excluded.loc["C4", "reason"] == "uninhabited"
    assert len(excluded) == 4
    assert excluded.loc[D, "population"] == 600
    notes = [n for n in report.notes if n.startswith("units:")]
    assert len(notes) == 1
    assert "另列居委会 1 个" in notes[0]
    assert "无人居住行政村 1 个、自然村 1 个" in notes[0]
    county_rows = report.headline.set_index("target_id")
    assert county_rows.loc["sanitation_toilets_2025", "value"] == pytest.approx(225 / 365)


def test_a_site_in_a_residents_committee_still_rolls_up_to_its_township() -> None:
    """The hand-drawn relocation site 幸福家园 lies in A; moved into D it still counts for T1 and the county."""
    data = county()
    sites = data.layers["relocation_sites"].copy()
    sites["village_code"] = D
    data = replace(data, layers={**data.layers, "relocation_sites": sites})
    target = TARGETS["relocation_employment"]
    result = measure(data, target)
    assert hd.unit(result.units, "admin_village", D)["denominator"] > 0
    assert (
        hd.unit(result.units, "township", hd.T1)["denominator"]
        == hd.unit(result.units, "county", "county")["denominator"]
    )


@settings(max_examples=15, deadline=None)
@given(order=st.permutations(range(5)), nv_order=st.permutations(range(NV_ROWS)))
def test_shares_do_not_depend_on_row_order(order: list[int], nv_order: list[int]) -> None:
    """Property: shuffling the admin and natural villages changes no county value."""
    data = county()
    layers = dict(data.layers)
    layers["admin_villages"] = layers["admin_villages"].iloc[list(order)].reset_index(drop=True)
    layers["natural_villages"] = layers["natural_villages"].iloc[list(nv_order)].reset_index(drop=True)
    shuffled = replace(data, layers=layers)
    expected = {TOILETS.id: 225 / 365, WATER.id: 1050 / 1400, G4.id: 1 / 3, GARBAGE.id: 4 / 7}
    ctx = Context(shuffled)
    for target in (TOILETS, WATER, G4, GARBAGE):
        result = INDICATORS[target.indicator].compute(ctx.for_target(target), target)
        assert county_value(result) == pytest.approx(expected[target.id])


def test_the_view_keeps_layer_rows_and_metric_rows_aligned() -> None:
    ctx = Context(county()).for_target(TOILETS)
    assert ctx.dataset.layers["natural_villages"]["nv_id"].tolist() == ctx.metric("natural_villages")["nv_id"].tolist()
    assert list(ctx.villages["village_code"]) == [hd.A, hd.B, hd.C]
    assert ctx.whole.metric("roads") is ctx.metric("roads")  # other layers are shared, not copied
    assert Context(county()).for_target(TOILETS) is not ctx  # a new context, a new view
    assert ctx.whole.for_target(WATER) is ctx  # one view per scope


# --- the kind of a unit ---------------------------------------------------------------------------


def test_kind_from_the_name() -> None:
    names = pd.Series(
        [
            "城南居委会",
            "储田居民委员会",
            "景德镇学院社区",
            "旧城村委会",
            "高岭村",
            "白云村民委员会",
            "林场生活区",
            "城南",
            None,
        ]
    )
    assert kind_from_name(names).tolist() == [
        "residents_committee",
        "residents_committee",
        "residents_committee",
        "village_committee",
        "village_committee",
        "village_committee",
        "other",
        pd.NA,
        pd.NA,
    ]


def test_kind_from_the_code_digits_10_to_12() -> None:
    codes = pd.Series(["360222100001", "360222100200", "360222100400", "360222100500", "360222100000", "3602", None])
    assert kind_from_code(codes).tolist() == [
        "residents_committee",
        "village_committee",
        "residents_committee",
        "other",
        pd.NA,
        pd.NA,
        pd.NA,
    ]


def test_stated_kind_then_name_then_code() -> None:
    frame = pd.DataFrame(
        {
            "village_code": ["360222100001", "360222100001", "360222100201"],
            "name": ["甲村", "城南", "城南"],
            "unit_kind": ["residents_committee", None, "bogus"],
        }
    )
    assert unit_kinds(frame).tolist() == ["residents_committee", "residents_committee", "village_committee"]


def test_the_shipped_nbs_list_covers_fuliang() -> None:
    """浮梁县 in NBS 2023: 158 village committees, 27 residents' committees, 12 other units (README of the list)."""
    table = nbs_villages(("360222",))
    fuliang = table
    assert fuliang["unit_kind"].value_counts().to_dict() == {
        "village_committee": 158,
        "residents_committee": 27,
        "other": 12,
    }
    # the list agrees with the code rule on every row
    assert (kind_from_code(pd.Series(table.index, index=table.index)) == table["unit_kind"]).all()


def test_import_fills_the_kind_from_the_nbs_list_then_the_name_then_the_code() -> None:
    """Reference list: 360222100001 居委会 and 360222100201 村委会. Rows:

    0 城南 360222100001: no suffix, listed → residents' committee (list);
    1 新村 360222100201: listed as a village committee → village committee (list);
    2 东风社区 360222100301: not listed → residents' committee (name);
    3 七号 360222100510: not listed, no suffix → other (code 5xx);
    4 甲村 360222100001 stated residents_committee: kept (the file), conflicts with no one;
    5 城南村 360222100001: the name says village, the list residents → list, and a note.
    """
    reference = pd.DataFrame(
        {"unit_kind": ["residents_committee", "village_committee"], "urban_rural_code": ["111", pd.NA]},
        index=pd.Index(["360222100001", "360222100201"], name="village_code"),
    ).astype("string")
    layer = pd.DataFrame(
        {
            "village_code": [
                "360222100001",
                "360222100201",
                "360222100301",
                "360222100510",
                "360222100001",
                "360222100001",
            ],
            "name": ["城南", "新村", "东风社区", "七号", "甲村", "城南村"],
            "unit_kind": [None, None, None, None, "residents_committee", None],
        }
    )
    notes: list = []
    out = fill_unit_kinds(layer, notes, reference)
    assert out["unit_kind"].tolist() == [
        "residents_committee",
        "village_committee",
        "residents_committee",
        "other",
        "residents_committee",
        "residents_committee",
    ]
    assert out["urban_rural_code"].tolist() == ["111", pd.NA, pd.NA, pd.NA, "111", "111"]
    assert "源文件给出 1 个，按国家统计局区划代码表 3 个，按名称 1 个，按代码规则 1 个" in notes[0].zh
    conflict = [n for n in notes if "不一致" in n.zh]
    assert len(conflict) == 1
    assert "城南村" in conflict[0].zh
    assert "行 5" in conflict[0].zh
    assert "行 4" not in conflict[0].zh  # 甲村 is stated a residents' committee, as the list says


def test_a_village_import_through_the_pipeline_carries_the_kind(tiny_gpkg) -> None:
    """The tiny county's four villages (codes 3602221002xx, listed as village committees); one renamed 石桥社区."""
    frame = synthetic.admin_villages()
    frame.loc[3, "name"] = "石桥社区"
    plan = plan_source(SourceFrame(frame, "行政村.geojson"), tiny_gpkg, ImportOptions(kind="admin_villages"))
    assert plan.ok, plan.problems
    assert plan.layer["unit_kind"].tolist() == ["village_committee"] * 4  # the list wins over the new name
    assert any("按国家统计局区划代码表 4 个" in n.zh for n in plan.notes)
    assert any("石桥社区" in n.zh and "不一致" in n.zh for n in plan.notes)


def test_chinese_kind_values_are_mapped_on_import(tiny_gpkg) -> None:
    frame = synthetic.admin_villages()
    frame["村居类型"] = ["村委会", "村民委员会", "居委会", "社区"]
    plan = plan_source(SourceFrame(frame, "行政村.geojson"), tiny_gpkg, ImportOptions(kind="admin_villages"))
    assert plan.ok, plan.problems
    assert plan.layer["unit_kind"].tolist() == [
        "village_committee",
        "village_committee",
        "residents_committee",
        "residents_committee",
    ]


# --- the rural parameter ----------------------------------------------------------------------------

PLAN_FILE = PLANS_DIR / "000_fuliang_2021.toml"


@pytest.fixture(scope="module")
def document() -> dict:
    return tomllib.loads(TARGETS_FILE.read_text(encoding="utf-8"))


def test_every_indicator_declares_rural_and_every_target_inherits_the_default() -> None:
    """No target of the frozen file sets ``rural``; each gets the declared default, village committees."""
    assert all(spec.defaults == {"rural": "village_committees"} for spec in CATALOG.indicators.values())
    assert all(t.params["rural"] == "village_committees" == t.rural for t in TARGETS.values())
    for plan in load_test_library().values():
        assert {t.rural for t in plan.targets.values()} == {"village_committees"}


def test_a_plan_file_sets_another_scope_for_one_target() -> None:
    doc = tomllib.loads(PLAN_FILE.read_text(encoding="utf-8"))
    doc["target"][0].setdefault("params", {})["rural"] = "all"
    plan = parse_plan(doc, catalog=CATALOG, origin=PLAN_FILE.name, stem=PLAN_FILE.stem)
    first, *rest = plan.targets.values()
    assert first.rural == "all"
    assert first.params["min_households"] == 30  # the file's other parameters stay
    assert {t.rural for t in rest} == {"village_committees"}


@pytest.mark.parametrize(
    ("value", "got"),
    [("rural_only", "'rural_only'"), (True, "True"), ("Village_Committees", "'Village_Committees'")],
)
def test_a_bad_rural_parameter_is_refused_naming_file_target_and_field(value: object, got: str) -> None:
    doc = tomllib.loads(PLAN_FILE.read_text(encoding="utf-8"))
    doc["target"][1].setdefault("params", {})["rural"] = value
    problems = plan_problems(doc, catalog=CATALOG, origin=PLAN_FILE.name, stem=PLAN_FILE.stem)
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.source, problem.layer, problem.field) == (
        "000_fuliang_2021.toml",
        "target #2 (road_double_lane_admin_villages_2025)",
        "params.rural",
    )
    assert problem.message_zh == f"参数“rural”应为 village_committees、nbs_rural、all 之一，实为 {got}"
    assert problem.message_en == f"parameter 'rural' must be one of village_committees, nbs_rural, all, got {got}"


def test_the_flat_targets_loader_refuses_it_too(document: dict) -> None:
    doc = copy.deepcopy(document)
    doc["target"][0]["params"] = {"rural": "towns"}
    with pytest.raises(
        ConfigError, match=r"target #1 \(water_centralized_2025\): 参数“rural”应为 .* / parameter 'rural'"
    ):
        parse_targets(doc, catalog=CATALOG, origin="targets.toml")


def test_a_target_without_the_parameter_counts_village_committees() -> None:
    """A hand-made target (no file, no declared default filled in) counts village committees too."""
    bare = replace(TOILETS, params={})
    assert bare.rural == "village_committees"
    assert county_value(measure(county(), bare)) == pytest.approx(225 / 365)
    assert np.isclose(county_value(measure(county(), bare, "all")), 425 / 565)
