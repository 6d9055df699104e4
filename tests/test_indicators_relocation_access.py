"""Relocation sites' schools and clinics along roads, on the hand-drawn county of tests/netfixture.py."""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

from geo.analysis.catalog import INDICATORS
from geo.analysis.context import Context
from geo.analysis.gap_rows import GAP_COLUMNS
from geo.core.store import Dataset
from tests import netfixture as nf
from tests.netfixture import value
from tests.plans import load_test_targets

TARGET = next(t for t in load_test_targets().values() if t.indicator == "relocation.service_access")


def run(data: Dataset, **params: object):
    target = replace(TARGET, params={**TARGET.params, **params}) if params else TARGET
    return INDICATORS["relocation.service_access"].compute(Context(data), target)


def test_service_access_along_roads() -> None:
    r = run(nf.dataset())
    # RS1 (5200,3100): 100 m to gravel R4 at 200 m from J. School SC1 (2400,3400) is 2.82 km away
    #   in a straight line, but along roads: 100 + 200 (R4 back to J) + 2600 (R1 to x = 2400) + 400 = 3300 m
    #   > 3000 → not served. Clinic CL1 (5000,3900) on R2: 100 + 200 + 900 = 1200 m ≤ 2000.
    # RS2 (1500,3200): school on the same stretch of R1: |2400 − 1500| + 200 + 400 = 1500 m; township
    #   hospital TH1 (1000,2900) serves as clinic: |1000 − 1500| + 200 + 100 = 800 m → served.
    d = r.details.set_index("site_id")
    assert d.loc["RS1", "school_m"] == pytest.approx(3300, abs=0.5)
    assert d.loc["RS1", "clinic_m"] == pytest.approx(1200, abs=0.5)
    assert d.loc["RS2", "school_m"] == pytest.approx(1500, abs=0.5)
    assert d.loc["RS2", "clinic_m"] == pytest.approx(800, abs=0.5)
    assert d.loc["RS2", "nearest_clinic"] == "东镇卫生院"
    assert value(r.units, "county", "county") == 0.5
    assert value(r.units, "feature", "RS1") == 0.0
    assert value(r.units, "admin_village", nf.AV1) == 1.0
    assert r.gaps["feature_id"].tolist() == ["RS1"]
    gap = r.gaps.iloc[0]
    assert "学校 3.3 公里（超过 3 公里）" in gap["reason_zh"]
    assert "卫生室 1.2 公里" in gap["reason_zh"]
    assert gap["population_affected"] == 1200
    assert gap["bureau"] == TARGET.bureau
    assert tuple(r.gaps.columns[: len(GAP_COLUMNS)]) == GAP_COLUMNS
    assert r.details.crs.to_epsg() == 4490


def test_limits_are_parameters() -> None:
    r = run(nf.dataset(), max_school_m=3500)
    assert value(r.units, "county", "county") == 1.0
    assert r.gaps.empty


def test_no_facility_of_a_kind_means_not_served() -> None:
    fac = nf.facilities()
    r = run(nf.dataset(facilities=fac[fac["kind"] != "school"]))
    assert value(r.units, "county", "county") == 0.0
    assert all("到不了任何学校" in text for text in r.gaps["reason_zh"])


@settings(max_examples=10)
@given(st.floats(0, 12000), st.floats(0, 6000), st.sampled_from(["school", "clinic"]))
def test_a_new_facility_never_makes_a_site_farther(x: float, y: float, kind: str) -> None:
    base = run(nf.dataset()).details.set_index("site_id")
    fac = nf.facilities()
    new = gpd.GeoDataFrame(
        {"facility_id": ["NEW"], "kind": [kind], "name": ["新设施"], "village_code": [nf.AV1]},
        geometry=gpd.GeoSeries([Point(nf.xy(x, y))], crs=nf.BUILD_EPSG).to_crs(4490),
    )
    more = run(nf.dataset(facilities=pd.concat([fac, new], ignore_index=True))).details.set_index("site_id")
    for column in ("school_m", "clinic_m"):
        assert np.all(more[column] <= base[column] + 1e-6)
    assert (more["ok"] >= base["ok"]).all()
