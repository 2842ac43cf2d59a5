"""Loudness: sentences brought to -16 LUFS, peaks kept under -1 dBFS."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest

from hark.audio.level import CEILING, TARGET_LUFS, level

RATE = 22050


def speechlike(seconds: float, amplitude: float, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    envelope = 0.5 + 0.5 * np.sin(2 * np.pi * 3 * t) ** 2
    tone = np.sin(2 * np.pi * 180 * t) + 0.3 * rng.standard_normal(t.size)
    return (amplitude * envelope * tone / np.max(np.abs(tone))).astype(np.float32)


@pytest.mark.parametrize("amplitude", [0.08, 0.2, 0.9])
def test_quiet_and_loud_sentences_end_at_the_target(amplitude: float) -> None:
    out = level(speechlike(2.0, amplitude), RATE)
    loudness = pyloudnorm.Meter(RATE).integrated_loudness(out.astype(np.float64))
    assert loudness == pytest.approx(TARGET_LUFS, abs=0.5)
    assert np.max(np.abs(out)) <= CEILING + 1e-6


def test_silence_stays_silent_and_empty_stays_empty() -> None:
    assert np.all(level(np.zeros(RATE, np.float32), RATE) == 0)
    assert level(np.zeros(0, np.float32), RATE).size == 0
