"""Band-limited fractal noise by spectral synthesis (FFT), the raw material of the terrain.

Filtering white noise in the frequency domain gives isotropic noise with a power-law spectrum
in one vectorized step; wavelengths are in metres, so the texture does not depend on the cell
size (a coarse test grid simply loses the short wavelengths).
"""

from __future__ import annotations

import numpy as np


def fractal_noise(
    shape: tuple[int, int],
    cell_m: float,
    rng: np.random.Generator,
    *,
    min_wavelength_m: float,
    max_wavelength_m: float,
    exponent: float = 2.0,
) -> np.ndarray:
    """Noise with amplitude ∝ wavelength**(exponent/2) between two wavelengths; mean 0, std 1.

    The field is synthesised on a grid padded by the longest wavelength and cropped, so the
    periodicity of the FFT does not show at the edges.
    """
    pad = int(np.ceil(max_wavelength_m / cell_m))
    rows, cols = shape[0] + pad, shape[1] + pad
    white = rng.standard_normal((rows, cols))
    fy = np.fft.fftfreq(rows, d=cell_m)[:, None]
    fx = np.fft.rfftfreq(cols, d=cell_m)[None, :]
    freq = np.hypot(fy, fx)
    band = (freq >= 1.0 / max_wavelength_m) & (freq <= 1.0 / max(min_wavelength_m, 2.0 * cell_m))
    amplitude = np.zeros_like(freq)
    amplitude[band] = freq[band] ** (-exponent / 2.0)
    field = np.fft.irfft2(np.fft.rfft2(white) * amplitude, s=(rows, cols))[: shape[0], : shape[1]]
    std = field.std()
    return (field - field.mean()) / std if std > 0 else field


def ridged_noise(
    shape: tuple[int, int],
    cell_m: float,
    rng: np.random.Generator,
    *,
    wavelengths_m: tuple[float, ...],
    gain: float = 0.55,
) -> np.ndarray:
    """Ridged multi-octave noise in [0, 1]: sharp crests where band noise crosses zero."""
    total = np.zeros(shape)
    weight_sum = 0.0
    weight = 1.0
    for wavelength in wavelengths_m:
        band = fractal_noise(shape, cell_m, rng, min_wavelength_m=wavelength / 2.0, max_wavelength_m=wavelength * 2.0)
        total += weight * (1.0 - np.abs(np.tanh(band)))
        weight_sum += weight
        weight *= gain
    return total / weight_sum
