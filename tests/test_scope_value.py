"""One value of a target in a scope (geo.analysis.status.scope_value), the same on the overview and the domain pages.

Hand-made indicator rows, two townships T1 and T2 (every number can be checked by hand):

* a share (water): T1 700 of 1,000 people, T2 60 of 120 → pooled (700 + 60) / (1,000 + 120) = 67.86 %;
* a sum (PV revenue, value = Σ numerator as ``share_rollup(kind="sum")`` fills rows): T1 250,000 yuan
  from 300 kW, T2 70,000 yuan from 100 kW → 320,000 yuan, not judged (a province-wide target);
* an average (collective income per village): T1 two villages 400,000 yuan → 200,000 each, T2 one
  village 100,000 yuan → no pooled value.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from geo.analysis.catalog import CATALOG
from geo.analysis.report import Report, run_report
from geo.analysis.status import is_sum, scope_value
from geo.core.store import Dataset
from geo.core.targets import Source, Target
from geo.present.domains import domain_view
from geo.present.overview import target_cards
from layers.registry import load_dataset
from tests.helpers_app import mini_county, require_demo
from tests.plans import load_test_checks, load_test_targets

T1, T2 = "360222100", "360222101"


def target(id_: str, indicator: str, threshold: float, *, tolerance: float = 0.0, level: str = "county") -> Target:
    return Target(
        id_,
        indicator,
        f"{id_}目标",
        f"{id_} target",
        ">=",
        threshold,
        2025,
        level,
        "县局",
        Source("seed.txt", "某县实施方案", "原文"),
        unit=CATALOG.indicators[indicator].unit,
        tolerance=tolerance,
    )


WATER = target("water", "water.centralized_rate", 0.65)
REVENUE = target("revenue", "pv.annual_revenue", 1.8e9, level="province")
INCOME = target("income", "economy.collective_income", 150_000.0, level="admin_village")


def row(target_id: str, level: str, code: str, value: float, numerator: float, denominator: float, met: object):
    return {
        "target_id": target_id,
        "level": level,
        "unit_code": code,
        "unit_name": code,
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "met": met,
    }


def indicators() -> pd.DataFrame:
    rows = [
        row("water", "township", T1, 0.7, 700, 1_000, True),
        row("water", "township", T2, 0.5, 60, 120, False),
        row("water", "county", "county", 760 / 1_120, 760, 1_120, True),
        row("revenue", "feature", "P1", 250_000, 250_000, 300, pd.NA),
        row("revenue", "feature", "P2", 70_000, 70_000, 100, pd.NA),
        row("revenue", "township", T1, 250_000, 250_000, 300, pd.NA),
        row("revenue", "township", T2, 70_000, 70_000, 100, pd.NA),
        row("revenue", "county", "county", 320_000, 320_000, 400, pd.NA),
        row("income", "township", T1, 200_000, 400_000, 2, pd.NA),
        row("income", "township", T2, 100_000, 100_000, 1, pd.NA),
        row("income", "county", "county", 500_000 / 3, 500_000, 3, pd.NA),
    ]
    table = pd.DataFrame(rows)
    table["met"] = table["met"].astype("boolean")
    return table


def test_a_share_pools_numerators_and_denominators_and_is_judged_by_the_target() -> None:
    both = scope_value(indicators(), WATER, [T1, T2])
    assert (both.numerator, both.denominator) == (760, 1_120)
    assert both.value == pytest.approx(0.678571, abs=1e-6)  # 760 / 1,120
    assert both.met is True  # ≥ 65 %
    assert scope_value(indicators(), target("water", "water.centralized_rate", 0.70), [T1, T2]).met is False
    about = target("water", "water.centralized_rate", 0.70, tolerance=0.03)  # 67.86 % ≥ 70 % − 3 %
    assert scope_value(indicators(), about, [T1, T2]).met is True
    one = scope_value(indicators(), WATER, [T2])
    assert (one.value, one.numerator, one.denominator, one.met) == (0.5, 60, 120, False)  # the report's verdict
    county = scope_value(indicators(), WATER)
    assert (county.numerator, county.denominator, county.met) == (760, 1_120, True)


def test_a_sum_adds_the_townships_numerators_and_is_not_judged() -> None:
    assert is_sum(indicators(), "revenue")
    both = scope_value(indicators(), REVENUE, [T1, T2])
    assert (both.value, both.numerator, both.denominator, both.met) == (320_000, 320_000, 400, None)
    one = scope_value(indicators(), REVENUE, [T2])
    assert (one.value, one.met) == (70_000, None)
    county = scope_value(indicators(), REVENUE)
    assert (county.value, county.met) == (320_000, None)  # a province-wide target is not judged on a county


def test_an_average_amount_has_no_pooled_value() -> None:
    assert not is_sum(indicators(), "income")  # T1: 200,000 a village ≠ 400,000 in all
    both = scope_value(indicators(), INCOME, [T1, T2])
    assert math.isnan(both.value)
    assert both.met is None
    one = scope_value(indicators(), INCOME, [T1])
    assert (one.value, one.met) == (200_000, None)  # one township: its own average
    assert scope_value(indicators(), INCOME).value == pytest.approx(166_666.67, abs=0.01)  # 500,000 / 3


def test_nothing_in_the_scope_gives_no_value() -> None:
    empty = scope_value(indicators(), WATER, ["360222999"])
    assert math.isnan(empty.value)
    assert empty.met is None


@pytest.fixture(scope="module")
def targets() -> dict[str, Target]:
    return load_test_targets()


def revenue_id(targets: dict[str, Target]) -> str:
    return next(key for key, goal in targets.items() if goal.indicator == "pv.annual_revenue")


def page_and_card(report: Report, data: Dataset, targets: dict[str, Target], towns: list[str]) -> tuple[str, float]:
    """The PV page's revenue figure (its text) and the overview card's value, for the same townships."""
    figure = next(f for f in domain_view("pv", report, data, targets=targets, towns=towns).figures if "收益" in f.label)
    card = next(
        c for c in target_cards(report.indicators, targets, town_codes=towns) if c.target_id == revenue_id(targets)
    )
    assert figure.met is None
    assert card.met is None
    return figure.value, card.value


def test_two_townships_give_the_same_pv_revenue_on_the_overview_and_the_pv_page(targets) -> None:
    county = mini_county()
    report = run_report(county, targets, checks=load_test_checks())
    figure, card = page_and_card(report, county, targets, [T1, T2])
    assert card == 320_000  # 250,000 + 70,000 yuan
    assert figure == "32.0 万元"


def test_the_demo_county_two_townships_with_stations_agree(targets) -> None:
    """The demo's first two townships with PV stations: the overview used to read NaN, the PV page the sum."""
    data = load_dataset(require_demo())
    report = run_report(data, targets, checks=load_test_checks())
    stations, villages = data.layers["pv_stations"], data.layers["admin_villages"]
    town = (
        stations["village_code"]
        .astype(str)
        .map(dict(zip(villages["village_code"], villages["town_code"], strict=True)))
    )
    codes = data.layers["townships"]["town_code"].astype(str)
    towns = [code for code in codes if (town == code).any()][:2]
    ledger = float(pd.to_numeric(stations.loc[town.isin(towns).to_numpy(), "annual_revenue_yuan"]).fillna(0).sum())
    figure, card = page_and_card(report, data, targets, towns)
    assert card == pytest.approx(ledger)
    assert figure == f"{ledger / 1e4:,.1f} 万元"
