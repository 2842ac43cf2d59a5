"""Hark's own BS.1770 meter and sliding filters give what pyloudnorm and scipy.ndimage give (they are
replaced only because their imports cost seconds of CPU in every narrating process)."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest
from scipy.ndimage import maximum_filter1d, uniform_filter1d

from hark.audio.level import moving_mean, sliding_max
from hark.audio.loudness import integrated_loudness

from .test_level import RATE, speechlike


@pytest.mark.parametrize("seconds,amplitude,rate", [(0.45, 0.3, RATE), (2.0, 0.05, RATE), (7.3, 0.8, 24_000),
                                                    (3.0, 0.5, 16_000)])
def test_integrated_loudness_is_pyloudnorms(seconds: float, amplitude: float, rate: int) -> None:
    x = speechlike(seconds, amplitude).astype(np.float64)
    # A silent stretch in the middle: the gates must drop the same blocks.
    x[len(x) // 3: len(x) // 2] *= 1e-4
    assert integrated_loudness(x, rate) == pytest.approx(pyloudnorm.Meter(rate).integrated_loudness(x), abs=0.01)


def test_silence_has_no_loudness() -> None:
    assert integrated_loudness(np.zeros(RATE), RATE) == float("-inf")


@pytest.mark.parametrize("n", [3, 119, 241, 5_000])
@pytest.mark.parametrize("size", [1, 2, 120, 241])
def test_sliding_filters_are_scipys(n: int, size: int) -> None:
    x = np.random.default_rng(n).random(n).astype(np.float32)
    assert np.array_equal(sliding_max(x, size), maximum_filter1d(x, size))
    assert np.allclose(moving_mean(x, size), uniform_filter1d(x, size), atol=1e-6)
