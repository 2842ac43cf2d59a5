"""Integrated loudness (ITU-R BS.1770-4, mono), as pyloudnorm's `Meter.integrated_loudness` measures it.

The same K-weighting biquads (pyloudnorm's coefficients), the same 400 ms blocks with 75% overlap
and the same absolute (-70 LUFS) and relative (-10 LU) gates; it agrees with pyloudnorm to a
hundredth of a LU (tests/audio/test_loudness.py). Why not pyloudnorm itself: it filters through
scipy.signal, whose import costs 2-4 s of CPU in every process that narrates, more than leveling
a whole article. Here the filters are applied in the frequency domain (numpy's FFT), the blocks'
energies come from one cumulative sum, and nothing else is imported.
"""

from __future__ import annotations

import functools

import numpy as np

BLOCK_S = 0.4
OVERLAP = 0.75
ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0
TAIL_S = 0.25
"""Zeros after the signal before the circular FFT filter: the filters' responses die out well within it
(the 38 Hz high-pass decays with a 4 ms time constant), so nothing wraps around onto the start."""


def _biquad(kind: str, gain_db: float, q: float, fc: float, rate: float) -> tuple[np.ndarray, np.ndarray]:
    """RBJ cookbook coefficients, as pyloudnorm's IIRfilter computes them for K-weighting."""
    a = 10 ** (gain_db / 40.0)
    w0 = 2.0 * np.pi * fc / rate
    alpha = np.sin(w0) / (2.0 * q)
    cos = np.cos(w0)
    if kind == "high_shelf":
        b = [a * ((a + 1) + (a - 1) * cos + 2 * np.sqrt(a) * alpha), -2 * a * ((a - 1) + (a + 1) * cos),
             a * ((a + 1) + (a - 1) * cos - 2 * np.sqrt(a) * alpha)]
        den = [(a + 1) - (a - 1) * cos + 2 * np.sqrt(a) * alpha, 2 * ((a - 1) - (a + 1) * cos),
               (a + 1) - (a - 1) * cos - 2 * np.sqrt(a) * alpha]
    else:  # high_pass
        b = [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2]
        den = [1 + alpha, -2 * cos, 1 - alpha]
    return np.array(b) / den[0], np.array(den) / den[0]


def _fast_length(n: int) -> int:
    """The least 2^a 3^b 5^c >= n: numpy's FFT is several times slower on lengths with large prime factors."""
    best = 1 << max(0, (n - 1).bit_length())
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            m = p35
            while m < n:
                m *= 2
            best = min(best, m)
            p35 *= 3
        p5 *= 5
    return best


@functools.lru_cache(maxsize=8)
def _response(n: int, rate: int) -> np.ndarray:
    """The K-weighting filters' frequency response on the bins of an n-point rfft (leveling measures the
    same clip two or three times, so it is kept)."""
    z = np.exp(-1j * np.pi * np.arange(n // 2 + 1) / (n / 2))  # e^{-jw} on rfft's bins
    num, den = np.ones(1), np.ones(1)
    for kind, gain, q, fc in (("high_shelf", 4.0, 1 / np.sqrt(2), 1500.0), ("high_pass", 0.0, 0.5, 38.0)):
        b, a = _biquad(kind, gain, q, fc, rate)
        num, den = np.convolve(num, b), np.convolve(den, a)
    # Polynomials in z^-1, lowest power first; np.polyval wants the highest first.
    return np.polyval(num[::-1], z) / np.polyval(den[::-1], z)


def _k_weighted(x: np.ndarray, rate: int) -> np.ndarray:
    n = _fast_length(len(x) + int(TAIL_S * rate))
    return np.fft.irfft(np.fft.rfft(x, n) * _response(n, rate), n)[: len(x)]


def integrated_loudness(samples: np.ndarray, rate: int) -> float:
    """LUFS of a mono clip at least one block (400 ms) long; -inf for silence."""
    y = _k_weighted(np.asarray(samples, np.float64), rate)
    step = 1.0 - OVERLAP
    blocks = int(np.round((len(y) / rate - BLOCK_S) / (BLOCK_S * step))) + 1
    j = np.arange(blocks)
    lo = (BLOCK_S * (j * step) * rate).astype(np.int64)
    hi = np.minimum((BLOCK_S * (j * step + 1) * rate).astype(np.int64), len(y))
    energy = np.concatenate([[0.0], np.cumsum(y * y)])
    z = (energy[hi] - energy[lo]) / (BLOCK_S * rate)
    with np.errstate(divide="ignore"):
        block_lufs = -0.691 + 10.0 * np.log10(z)
        loud = block_lufs >= ABSOLUTE_GATE
        if not loud.any():
            return float("-inf")
        relative = -0.691 + 10.0 * np.log10(z[loud].mean()) + RELATIVE_GATE
        gated = (block_lufs > relative) & loud
        return float(-0.691 + 10.0 * np.log10(z[gated].mean())) if gated.any() else float("-inf")
