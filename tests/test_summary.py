"""Headline figures on the hand-made county (tests/helpers_app.py), checked against hand sums."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import pytest

from geo.analysis.inventory import (
    cell_sites_by_tech,
    hardened_share,
    road_km_by_surface,
    summarize,
    tea_area_mu,
    two_lane_km,
)
from geo.core.scope import for_townships
from geo.core.store import Dataset
from geo.present.inventory import CARD_GROUPS, headline_cards
from geo.text.i18n import STRINGS, t
from tests.helpers_app import mini_county


@pytest.fixture(scope="module")
def county() -> Dataset:
    return mini_county()


def test_counts_and_people_are_the_ledger_sums(county: Dataset) -> None:
    figures = summarize(county)
    assert (figures.townships, figures.admin_villages, figures.natural_villages) == (2, 2, 3)
    assert figures.population == 1_000 + 450  # admin villages, not natural villages
    assert figures.households == 300 + 120


def test_road_lengths_are_measured_in_metres_not_degrees(county: Dataset) -> None:
    # R1: 3 km asphalt, two lanes; R2: 4 km gravel, one lane.
    by_surface = road_km_by_surface(county)
    assert list(by_surface) == ["asphalt", "gravel"]
    assert by_surface["asphalt"] == pytest.approx(3.0, abs=1e-6)
    assert by_surface["gravel"] == pytest.approx(4.0, abs=1e-6)
    assert hardened_share(county) == pytest.approx(3 / 7, abs=1e-6)
    assert two_lane_km(county) == pytest.approx(3.0, abs=1e-6)
    assert summarize(county).road_km == pytest.approx(7.0, abs=1e-6)


def test_infrastructure_and_industry_totals(county: Dataset) -> None:
    figures = summarize(county)
    assert figures.water_works == 2
    assert figures.water_capacity_m3d == 1_500 + 80
    assert cell_sites_by_tech(county) == {"4G": 2, "5G": 1}
    assert (figures.pv_stations, figures.pv_capacity_kw, figures.pv_annual_revenue_yuan) == (2, 400.0, 320_000.0)
    assert tea_area_mu(county) == 100 + 50  # camellia oil is not tea
    assert (figures.relocation_sites, figures.relocation_households, figures.relocation_population) == (1, 40, 150)


def test_missing_layers_give_zero_and_an_undefined_share() -> None:
    empty = Dataset(layers={}, rasters={}, source="empty")
    figures = summarize(empty)
    assert figures.townships == figures.population == figures.water_works == 0
    assert figures.road_km == 0.0
    assert math.isnan(figures.hardened_share)
    assert figures.cell_sites_by_tech == {"4G": 0, "5G": 0}


def test_township_scope_clips_roads_at_the_border(county: Dataset) -> None:
    # 甲镇 (x 0–4 km) keeps R1 whole and 3 of R2's 4 km; the other township gets the last km.
    first = summarize(for_townships(county, ["360222100"]))
    assert (first.townships, first.admin_villages, first.natural_villages, first.population) == (1, 1, 2, 1_000)
    assert first.road_km_by_surface["gravel"] == pytest.approx(3.0, abs=1e-3)
    assert first.road_km == pytest.approx(6.0, abs=1e-3)
    assert first.cell_sites_by_tech == {"4G": 1, "5G": 1}
    assert (first.water_works, first.pv_capacity_kw, first.tea_area_mu) == (1, 300.0, 100.0)
    second = summarize(for_townships(county, ["360222101"]))
    assert second.road_km == pytest.approx(1.0, abs=1e-3)
    assert second.relocation_sites == 0
    assert summarize(for_townships(county, [])) == summarize(county)


def test_headline_cards_in_chinese_and_english(county: Dataset) -> None:
    figures = summarize(county)
    zh = {c.key: c for c in headline_cards(figures, lang="zh")}
    en = {c.key: c for c in headline_cards(figures, lang="en")}
    assert zh.keys() == en.keys()
    assert {c.group for c in zh.values()} == set(CARD_GROUPS)
    assert zh["road_km"].label == "农村公路"
    assert zh["road_km"].value == "7 公里"
    assert zh["road_km"].note == "硬化 42.9%"
    assert en["road_km"].value == "7 km"
    assert en["road_km"].note == "42.9% hardened"
    assert zh["cell_sites"].value == "2 / 1"
    assert zh["pv_revenue"].value == "32.0 万元"
    assert en["pv_revenue"].value == "0.32 M yuan"
    assert zh["tea_area"].value == "150 亩"


def test_large_counts_use_wan_in_chinese(county: Dataset) -> None:
    figures = summarize(county)
    big = replace(figures, population=256_431)
    assert {c.key: c.value for c in headline_cards(big, lang="zh")}["population"] == "25.6万"
    assert {c.key: c.value for c in headline_cards(big, lang="en")}["population"] == "256,431"


def test_every_ui_string_has_both_languages_with_the_same_placeholders() -> None:
    for key, (zh, en) in STRINGS.items():
        assert zh.strip(), key
        assert en.strip(), key
        assert set(re.findall(r"{(\w+)[^}]*}", zh)) == set(re.findall(r"{(\w+)[^}]*}", en)), key
    assert t("app.title") == "乡村振兴基础设施覆盖一张图"
    assert t("app.title", "en") == "Rural infrastructure coverage map"
    assert t("metric.pv_note", "fr", n=3) == "3 座电站"  # unknown language: Chinese
    with pytest.raises(KeyError):
        t("no.such.key")
