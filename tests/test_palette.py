"""The status palette survives colour blindness and a photocopier; the first palette did not.

Colour-vision deficiency is simulated with the matrices of Machado, Oliveira & Fernandes (2009),
"A physiologically-based model for simulation of color vision deficiency" (severity 1.0), applied
to linear sRGB; colour difference is CIEDE2000 in CIELAB (D65), checked here against the first
pair of Sharma, Wu & Dalal's test data (2005). A photocopy is the WCAG relative luminance
Y = 0.2126 R + 0.7152 G + 0.0722 B of linear sRGB; contrast is (Y1 + 0.05) / (Y2 + 0.05).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from geo.map import palette

DEUTERANOPIA = np.array(
    [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
)
PROTANOPIA = np.array(
    [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
)
MIN_DELTA_E = 20.0
MIN_CONTRAST = 1.5
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
WHITE_D65 = np.array([0.95047, 1.0, 1.08883])


def linear(color: str) -> np.ndarray:
    c = np.array([int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def luminance(rgb: np.ndarray) -> float:
    return float(np.clip(rgb, 0, 1) @ [0.2126, 0.7152, 0.0722])


def contrast(a: np.ndarray, b: np.ndarray) -> float:
    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)


def lab(rgb: np.ndarray) -> tuple[float, float, float]:
    xyz = SRGB_TO_XYZ @ np.clip(rgb, 0, 1) / WHITE_D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def delta_e2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 (Sharma, Wu & Dalal 2005, equations 1–17; kL = kC = kH = 1)."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p, h2p = math.degrees(math.atan2(b1, a1p)) % 360, math.degrees(math.atan2(b2, a2p)) % 360
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p + 180) % 360 - 180
    d_hp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, c_barp = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + (360 if h1p + h2p < 360 else -360)) / 2
    tt = (
        1
        - 0.17 * math.cos(math.radians(h_bar - 30))
        + 0.24 * math.cos(math.radians(2 * h_bar))
        + 0.32 * math.cos(math.radians(3 * h_bar + 6))
        - 0.20 * math.cos(math.radians(4 * h_bar - 63))
    )
    rc = 2 * math.sqrt(c_barp**7 / (c_barp**7 + 25**7))
    rt = -math.sin(math.radians(60 * math.exp(-(((h_bar - 275) / 25) ** 2)))) * rc
    sl = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    sc, sh = 1 + 0.045 * c_barp, 1 + 0.015 * c_barp * tt
    dl, dc, dhh = (l2 - l1) / sl, (c2p - c1p) / sc, d_hp / sh
    return math.sqrt(dl**2 + dc**2 + dhh**2 + rt * dc * dhh)


def simulated_delta_e(colors: dict[str, str], matrix: np.ndarray) -> dict[tuple[str, str], float]:
    seen = {name: lab(matrix @ linear(color)) for name, color in colors.items()}
    return {(a, b): delta_e2000(seen[a], seen[b]) for a, b in itertools.combinations(colors, 2)}


def grey_contrast(colors: dict[str, str]) -> dict[tuple[str, str], float]:
    return {(a, b): contrast(linear(colors[a]), linear(colors[b])) for a, b in itertools.combinations(colors, 2)}


NEW = {name: palette.STATUS_COLORS[name] for name in ("met", "near", "far")}
OLD = dict(palette.OLD_STATUS_COLORS)


def test_the_colour_maths_matches_published_figures() -> None:
    # Sharma et al. 2005, table 1, pair 1: (50, 2.6772, −79.7751) vs (50, 0, −82.7485) → ΔE00 = 2.0425.
    assert delta_e2000((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    # Pair 17: (50, 2.5, 0) vs (73, 25, −18) → 27.1492.
    assert delta_e2000((50.0, 2.5, 0.0), (73.0, 25.0, -18.0)) == pytest.approx(27.1492, abs=1e-4)
    # White on black is the WCAG maximum, 21:1; the matrices keep white white (rows sum to 1).
    assert contrast(linear("#ffffff"), linear("#000000")) == pytest.approx(21.0)
    for matrix in (DEUTERANOPIA, PROTANOPIA):
        assert matrix.sum(axis=1) == pytest.approx(np.ones(3), abs=1e-5)


@pytest.mark.parametrize("matrix", [DEUTERANOPIA, PROTANOPIA], ids=["deuteranopia", "protanopia"])
def test_met_near_far_stay_apart_for_colour_blind_readers(matrix: np.ndarray) -> None:
    differences = simulated_delta_e(NEW, matrix)
    assert min(differences.values()) >= MIN_DELTA_E, differences
    # The old palette's met and far look alike (ΔE00 ≈ 9.6 under deuteranopia, ≈ 19 under protanopia).
    assert min(simulated_delta_e(OLD, matrix).values()) < MIN_DELTA_E


def test_met_near_far_stay_apart_on_a_greyscale_photocopy() -> None:
    contrasts = grey_contrast(NEW)
    assert min(contrasts.values()) >= MIN_CONTRAST, contrasts
    # Lightness falls with the shortfall (met lightest, far darkest): the order reads without colour.
    assert luminance(linear(NEW["met"])) > luminance(linear(NEW["near"])) > luminance(linear(NEW["far"]))
    # The old met green and far red print as the same grey: contrast 1.30.
    assert grey_contrast(OLD)[("met", "far")] == pytest.approx(1.30, abs=0.01)
    assert min(grey_contrast(OLD).values()) < MIN_CONTRAST


def test_the_deuteranope_sees_a_lightness_step_too() -> None:
    # The figure: the old met and far had a luminance contrast of 1.03 for a deuteranope.
    old = {name: DEUTERANOPIA @ linear(color) for name, color in OLD.items()}
    assert contrast(old["met"], old["far"]) == pytest.approx(1.03, abs=0.01)
    new = {name: DEUTERANOPIA @ linear(color) for name, color in NEW.items()}
    assert min(contrast(a, b) for a, b in itertools.combinations(new.values(), 2)) >= MIN_CONTRAST


def test_tints_and_hatches_cover_every_status() -> None:
    assert palette.tint("#542788", 1.0) == "#542788"
    assert palette.tint("#000000", 0.0) == "#ffffff"
    assert palette.tint("#000000", 0.5) == "#808080"  # 255 − 255 × 0.5 = 127.5 → 128
    assert set(palette.STATUS_HATCHES) == set(palette.STATUS_COLORS) == set(palette.HATCH_COLORS)
    assert len(set(palette.STATUS_HATCHES.values())) == len(palette.STATUS_HATCHES)  # each class its own pattern
