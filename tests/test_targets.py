"""The targets file: strict loading, every target traceable to its plan, and judging values."""

from __future__ import annotations

import copy
import tomllib
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from geo.analysis.catalog import CATALOG, INDICATORS, gather
from geo.core.errors import ConfigError
from geo.core.targets import DEFAULT_CHECKS, load_checks, load_targets, parse_checks, parse_targets
from tests.plans import TARGETS_FILE, load_test_checks, load_test_library, load_test_targets

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def document() -> dict:
    return tomllib.loads(TARGETS_FILE.read_text(encoding="utf-8"))


def test_the_live_checks_file_loads_strictly() -> None:
    """data/checks.toml, which planners edit, still loads: every check is valid (the only test reading it)."""
    checks = load_checks(DEFAULT_CHECKS, catalog=CATALOG)
    assert set(checks) == set(CATALOG.checks)
    assert checks["water.works_overload"].params["per_capita_m3d"] == 0.1


def test_shipped_targets_load_and_cover_the_plans_headline_targets() -> None:
    targets = load_test_targets()
    by_indicator = {t.indicator: t for t in targets.values()}
    assert by_indicator["water.centralized_rate"].threshold == 0.95
    assert by_indicator["water.centralized_rate"].tolerance > 0  # 「左右」
    assert by_indicator["water.tap_rate"].threshold == 0.92
    assert by_indicator["sanitation.garbage_natural_villages"].threshold == 0.90
    assert by_indicator["sanitation.sanitary_toilet_rate"].threshold == 0.65
    assert by_indicator["telecom.g4_admin_villages"].deadline == 2021
    assert by_indicator["road.hardened_natural_villages"].params["min_households"] == 30
    assert by_indicator["road.hardened_natural_villages"].params["min_population"] == 100


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside the project")
def test_every_quote_is_a_sentence_of_its_seed() -> None:
    for target in load_test_targets().values():
        text = (SEEDS / target.source.seed).read_text(encoding="utf-8")
        assert target.source.quote in text, f"{target.id}: quote not found in {target.source.seed}"
        for other in target.source.also:
            assert (SEEDS / other).is_file()


def _broken(document: dict, mutate) -> dict:
    doc = copy.deepcopy(document)
    mutate(doc["target"][0])
    return doc


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda t: t.update(thresold=0.9), "unknown key 'thresold'"),
        (lambda t: t.update(threshold=95), "must be within 0–1"),
        (lambda t: t.update(threshold="95%"), "threshold must be a number"),
        (lambda t: t.update(indicator="water.centralised"), "unknown indicator 'water.centralised'"),
        (lambda t: t.update(comparison="=>"), "comparison must be one of"),
        (lambda t: t.update(level="village"), "level must be one of"),
        (lambda t: t.update(deadline="2025"), "deadline must be a year"),
        (lambda t: t.pop("source"), "missing key 'source'"),
        (lambda t: t["source"].pop("quote"), "source.quote is missing"),
        (lambda t: t.update(params={"radius": 5}), "unknown parameter 'radius'"),
        (lambda t: t.update(tolerance=-0.1), "tolerance must be a number ≥ 0"),
    ],
)
def test_a_broken_target_gives_one_clear_error(document: dict, mutate, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        parse_targets(_broken(document, mutate), catalog=CATALOG, origin="targets.toml")
    assert "target #1 (water_centralized_2025)" in str(info.value) or "target #1" in str(info.value)


def test_every_problem_is_reported_at_once(document: dict) -> None:
    doc = copy.deepcopy(document)
    doc["target"][0]["threshold"] = 2
    doc["target"][1]["indicator"] = "nope"
    doc["target"][2]["id"] = doc["target"][3]["id"]
    with pytest.raises(ConfigError) as info:
        parse_targets(doc, catalog=CATALOG, origin="t.toml")
    text = str(info.value)
    assert "3 problem(s)" in text
    assert "duplicate id" in text
    assert "unknown indicator 'nope'" in text


def test_parameter_types_are_checked(document: dict) -> None:
    doc = copy.deepcopy(document)
    road = next(t for t in doc["target"] if t["indicator"] == "road.hardened_natural_villages")
    road["params"]["min_households"] = True
    with pytest.raises(ConfigError, match="parameter 'min_households' has the wrong type"):
        parse_targets(doc, catalog=CATALOG)


def test_missing_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_targets(tmp_path / "none.toml", catalog=CATALOG)
    bad = tmp_path / "bad.toml"
    bad.write_text("[[target]\nid = 1", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_targets(bad, catalog=CATALOG)


def test_every_declared_indicator_has_a_function_and_a_target() -> None:
    """Every catalogued indicator and check can be computed, and every indicator is measured by a target of a plan."""
    assert all(callable(indicator.compute) for indicator in INDICATORS.values())
    assert set(INDICATORS) == set(CATALOG.indicators)
    measured = {t.indicator for t in load_test_targets().values()}
    measured |= {t.indicator for plan in load_test_library().values() for t in plan.targets.values()}
    assert measured == set(CATALOG.indicators), f"declared but not measured: {set(CATALOG.indicators) - measured}"


def test_an_indicator_declared_twice_is_refused() -> None:
    water = INDICATORS["water.tap_rate"]
    first, second = (
        SimpleNamespace(__name__="first", INDICATORS=(water,)),
        SimpleNamespace(__name__="second", INDICATORS=(water,)),
    )
    with pytest.raises(RuntimeError, match=r"water\.tap_rate is declared twice: in first and in second"):
        gather("INDICATORS", [first, second])


def test_a_target_naming_an_undeclared_indicator_is_refused_with_file_target_and_indicator(tmp_path: Path) -> None:
    text = TARGETS_FILE.read_text(encoding="utf-8").replace(
        'indicator = "water.tap_rate"', 'indicator = "water.not_written_yet"', 1
    )
    path = tmp_path / "targets.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_targets(path, catalog=CATALOG)
    message = str(info.value)
    assert str(path) in message
    assert "water_tap_2025" in message
    assert "unknown indicator 'water.not_written_yet'" in message
    assert "未知指标“water.not_written_yet”" in message


def test_each_target_carries_the_unit_of_its_indicator() -> None:
    for target in load_test_targets().values():
        assert target.unit == CATALOG.indicators[target.indicator].unit, target.id


def test_is_met_counts_the_tolerance_and_never_meets_missing_values() -> None:
    water = load_test_targets()["water_centralized_2025"]  # ≥ 0.95 with tolerance 0.01, so met from 0.94
    assert water.is_met(0.96) is True
    assert water.is_met(0.945) is True  # below 0.95 but within the tolerance: 0.945 ≥ 0.94
    assert water.is_met(0.93) is False  # 0.93 < 0.94
    assert water.is_met(float("nan")) is False


def test_met_mask_judges_each_value_on_the_values_index() -> None:
    water = load_test_targets()["water_centralized_2025"]  # ≥ 0.95 − 0.01 = 0.94
    values = pd.Series([0.96, 0.945, 0.93, None], index=[10, 11, 12, 13])
    met = water.met_mask(values)
    assert met.dtype == bool
    assert met.index.tolist() == [10, 11, 12, 13]
    assert met.tolist() == [True, True, False, False]  # the missing value (None → NaN) is never met
    assert water.met_mask(pd.Series([0.96, pd.NA], dtype="Float64")).tolist() == [True, False]
    assert water.gap(values.fillna(0.0)).round(3).tolist() == [0.0, 0.0, 0.02, 0.95]


def test_strict_greater_and_at_most() -> None:
    income = load_test_targets()["economy_collective_income_2025"]  # > 150,000, no tolerance
    assert income.met_mask(pd.Series([150000.0, 150001.0, float("nan")])).tolist() == [False, True, False]
    assert income.is_met(150000.0) is False  # strictly greater: the threshold itself is not met
    assert income.is_met(150001.0) is True
    at_most = replace(income, comparison="<=", threshold=10.0, tolerance=0.5)  # ≤ 10 + 0.5 = 10.5
    assert at_most.met_mask(pd.Series([10.5, 10.6, float("nan")])).tolist() == [True, False, False]
    assert at_most.is_met(10.5) is True
    assert at_most.is_met(10.6) is False
    assert at_most.is_met(float("nan")) is False


def test_shipped_checks_load_with_their_parameters() -> None:
    checks = load_test_checks()
    assert set(checks) == set(CATALOG.checks)
    assert checks["water.works_overload"].params == {"per_capita_m3d": 0.1, "max_load": 1.0}
    assert checks["water.works_overload"].bureau == "县水利局"


def test_a_targets_file_without_checks_gets_the_catalogue_defaults(document: dict) -> None:
    doc = {k: v for k, v in document.items() if k != "check"}
    parse_targets(doc, catalog=CATALOG)  # still a valid targets file
    checks = parse_checks(doc, catalog=CATALOG)
    assert checks["water.works_overload"].params == CATALOG.checks["water.works_overload"].defaults


@pytest.mark.parametrize(
    ("check", "message"),
    [
        ({"id": "water.nope"}, "unknown check 'water.nope'"),
        ({"id": "water.works_overload", "params": {"per_capita": 0.1}}, "unknown parameter 'per_capita'"),
        ({"id": "water.works_overload", "params": {"max_load": "1"}}, "parameter 'max_load' has the wrong type"),
        ({"id": "water.works_overload", "params": {"max_load": -1.0}}, "must not be negative"),
        ({"id": "water.works_overload", "treshold": 1}, "unknown key 'treshold'"),
    ],
)
def test_a_broken_check_is_refused_by_both_loaders(document: dict, check: dict, message: str) -> None:
    doc = {**copy.deepcopy(document), "check": [check]}
    with pytest.raises(ConfigError, match=message):
        parse_targets(doc, catalog=CATALOG, origin="targets.toml")
    with pytest.raises(ConfigError, match=message):
        parse_checks(doc, catalog=CATALOG, origin="targets.toml")
