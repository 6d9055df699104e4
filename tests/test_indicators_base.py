"""The shared indicator machinery: roll-ups, judging, gap rows, text helpers."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from geo.analysis.context import Context, nearest
from geo.analysis.gap_rows import GAP_COLUMNS, make_gaps
from geo.analysis.rollup import UNIT_COLUMNS, finish_units, share_rollup
from geo.text.formatters import int_text, km_text, pct_text, wan_text
from tests import handdrawn as hd
from tests.handdrawn import T1, T2, A, B, C, unit
from tests.plans import load_test_targets

TARGETS = load_test_targets()


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context(hd.dataset())


def test_share_rollup_sums_numerators_and_denominators(ctx: Context) -> None:
    measured = pd.DataFrame(
        {
            "village_code": [A, A, B, C],
            "nv": ["1", "2", "3", "4"],
            "n": [1.0, 0.0, 3.0, np.nan],
            "d": [2.0, 2.0, 3.0, 0.0],
        }
    )
    units = share_rollup(
        measured,
        ctx,
        TARGETS["water_tap_2025"],
        numerator="n",
        denominator="d",
        feature=("natural_village", "nv", "nv"),
    )
    assert list(units.columns) == list(UNIT_COLUMNS)
    assert unit(units, "admin_village", A)["value"] == pytest.approx(0.25)  # 1 / 4
    assert np.isnan(unit(units, "admin_village", C)["value"])  # denominator 0: not judged
    assert unit(units, "admin_village", C)["met"] is pd.NA
    assert unit(units, "township", T1)["value"] == pytest.approx(4 / 7)
    assert unit(units, "county", "county")["value"] == pytest.approx(4 / 7)
    # without a population column the admin villages' ledger fills it (A 400, T1 800, county 1400)
    assert unit(units, "admin_village", A)["population"] == 400
    assert unit(units, "township", T1)["population"] == 800
    assert unit(units, "county", "county")["population"] == 1400
    assert np.isnan(unit(units, "natural_village", "1")["population"])
    assert unit(units, "natural_village", "1")["value"] == 0.5


def test_units_of_township_targets_roll_up_from_town_codes(ctx: Context) -> None:
    measured = pd.DataFrame({"town_code": [T1, T2], "has": [1.0, 0.0], "one": 1.0})
    units = share_rollup(
        measured,
        ctx,
        TARGETS["health_township_hospitals"],
        numerator="has",
        denominator="one",
        levels=("township", "county"),
    )
    assert unit(units, "county", "county")["value"] == 0.5
    assert unit(units, "township", T2)["unit_name"] == "西湖乡"


def test_amounts_are_judged_only_at_the_target_level(ctx: Context) -> None:
    income = TARGETS["economy_collective_income_2025"]  # per admin village
    units = pd.DataFrame(
        {
            "level": ["admin_village", "township", "county"],
            "unit_code": [A, T1, "county"],
            "value": [200000.0, 200000.0, 200000.0],
        }
    )
    assert finish_units(units, income)["met"].tolist() == [True, pd.NA, pd.NA]
    share = TARGETS["water_tap_2025"]  # a share: every level is judged
    assert finish_units(units.assign(value=[0.95, 0.5, np.nan]), share)["met"].tolist() == [True, False, pd.NA]


def test_gap_rows_get_names_codes_and_target_fields(ctx: Context) -> None:
    rows = {
        "feature_id": np.array(["x", "y"], dtype=object),
        "village_code": np.array([C, None], dtype=object),
        "reason_zh": np.array(["甲", "乙"], dtype=object),
        "population_affected": np.array([5.0, np.nan]),
    }
    gaps = make_gaps(
        ctx,
        rows,
        None,
        layer="natural_villages",
        indicator_id="i",
        target_id="t",
        bureau="县水利局",
        target=0.9,
        deadline=2025,
        crs=4490,
    )
    assert list(gaps.columns) == [*GAP_COLUMNS, "geometry"]
    assert gaps.loc[0, ["village_name", "town_code", "town_name"]].tolist() == ["丙村", T2, "西湖乡"]
    assert gaps.loc[1, "village_name"] is pd.NA
    assert gaps["deadline"].tolist() == [2025, 2025]
    assert gaps["target"].tolist() == [0.9, 0.9]
    assert gaps["bureau"].tolist() == ["县水利局", "县水利局"]


def test_nearest_breaks_ties_by_index_and_handles_no_candidates() -> None:
    from shapely.geometry import Point

    points = np.array([Point(0, 0), Point(10, 0)], dtype=object)
    candidates = np.array([Point(5, 0), Point(-5, 0)], dtype=object)  # both 5 from the first point
    index, distance = nearest(points, candidates)
    assert index.tolist() == [0, 0]
    assert distance.tolist() == [5.0, 5.0]
    index, distance = nearest(points, np.array([], dtype=object))
    assert index.tolist() == [-1, -1]
    assert np.isinf(distance).all()


def test_text_helpers() -> None:
    assert int_text([85, np.nan]).tolist() == ["85", "—"]
    assert pct_text([0.935, 1.0]).tolist() == ["93.5%", "100.0%"]
    assert km_text([2345.0, np.inf]).tolist() == ["2.3", "—"]
    assert wan_text([625_000.0, -0.0]).tolist() == ["62.5", "-0.0"]  # numpy's text of np.round(x, 1)
    assert int_text(pd.Series([1, None], dtype="Int64")).tolist() == ["1", "—"]


def test_context_caches_the_metric_layers_and_the_hierarchy(ctx: Context) -> None:
    assert ctx.metric("natural_villages") is ctx.metric("natural_villages")
    assert ctx.crs.to_epsg() == 4548  # CGCS2000 3° Gauss-Krüger, CM 117°E
    h = ctx.hierarchy
    assert h.town_of(h.village_positions(np.array([A, C, "000000000000"], dtype=object))).tolist() == [0, 1, -1]
    assert dataclasses.is_dataclass(h)
