"""Tea and specialty crops: area per village, township and county, organic share.

G1 tea      organic      30 mu  village A   (box 0.002° × 0.002°)
G2 tea      not organic  10 mu  village A
G3 camellia organic      20 mu  village C
→ A tea 40 mu, organic 30/40 = 0.75; T1 all 40; T2 camellia 20 (organic 1.0); county all 60, organic 50/60
"""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from geo.analysis.context import Context
from geo.analysis.industry import PROFILE_COLUMNS, industry_profile
from tests import handdrawn as hd
from tests.handdrawn import T1, T2, A, C


def _plots():
    return hd.farm_plots(
        [
            {
                "plot_id": "G1",
                "crop": "tea",
                "organic": True,
                "area_mu": 30.0,
                "village_code": A,
                "box": (117.01, 29.31, 117.012, 29.312),
            },
            {
                "plot_id": "G2",
                "crop": "tea",
                "organic": False,
                "area_mu": 10.0,
                "village_code": A,
                "box": (117.02, 29.31, 117.021, 29.311),
            },
            {
                "plot_id": "G3",
                "crop": "camellia_oil",
                "organic": True,
                "area_mu": 20.0,
                "village_code": C,
                "box": (117.15, 29.31, 117.151, 29.311),
            },
        ]
    )


@pytest.fixture(scope="module")
def profile() -> pd.DataFrame:
    return industry_profile(Context(hd.dataset(farm_plots=_plots())))


def _row(profile: pd.DataFrame, level: str, code: str, crop: str) -> pd.Series:
    rows = profile[(profile["level"] == level) & (profile["unit_code"] == code) & (profile["crop"] == crop)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_area_and_organic_share_per_unit_and_crop(profile: pd.DataFrame) -> None:
    assert list(profile.columns) == list(PROFILE_COLUMNS)
    tea_a = _row(profile, "admin_village", A, "tea")
    assert (tea_a["area_mu"], tea_a["organic_area_mu"], tea_a["organic_share"], tea_a["plots"]) == (40, 30, 0.75, 2)
    assert tea_a["crop_zh"] == "茶叶"
    assert tea_a["town_code"] == T1
    assert _row(profile, "township", T1, "all")["area_mu"] == 40
    assert _row(profile, "township", T2, "camellia_oil")["organic_share"] == 1.0
    county = _row(profile, "county", "county", "all")
    assert (county["area_mu"], county["organic_share"]) == (60, pytest.approx(50 / 60))
    assert county["mu_per_person"] == pytest.approx(60 / 1400)


def test_mapped_area_cross_checks_the_ledger(profile: pd.DataFrame) -> None:
    # G1 is 0.002° × 0.002° at 29.31°N ≈ 194 m × 221 m ≈ 43,000 m² ≈ 64.5 mu (the ledger says 30)
    g1_m2 = (0.002 * 111_320 * math.cos(math.radians(29.311))) * (0.002 * 110_574)
    tea_a = _row(profile, "admin_village", A, "tea")
    expected = (g1_m2 + g1_m2 / 4) / (10_000 / 15)
    assert tea_a["mapped_area_mu"] == pytest.approx(expected, rel=0.01)


def test_no_plots_no_rows() -> None:
    data = hd.dataset()
    layers = {k: v for k, v in data.layers.items() if k != "farm_plots"}
    assert len(industry_profile(Context(dataclasses.replace(data, layers=layers)))) == 0


def test_row_order_does_not_matter() -> None:
    first = industry_profile(Context(hd.dataset(farm_plots=_plots())))
    second = industry_profile(Context(hd.dataset(farm_plots=_plots().iloc[::-1])))
    pd.testing.assert_frame_equal(first, second)
