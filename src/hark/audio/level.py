"""Loudness: each sentence brought to -16 LUFS (the spoken-word podcast norm), peaks kept under -1 dBFS."""

from __future__ import annotations

import numpy as np
from hark.audio.loudness import integrated_loudness

VERSION = "2"
"""Bump when leveled clips would come out differently: cached clips are stored leveled."""
TARGET_LUFS = -16.0
CEILING = 10 ** (-1.0 / 20)
"""-1 dBFS: room for the overshoot lossy encoders add."""
MIN_GATED_SECONDS = 0.4
"""BS.1770 measures in 400 ms blocks; shorter clips get the gain of a typical sentence."""
TYPICAL_GAIN_DB = 3.0
MAKEUP_STEPS = 2


def level(samples: np.ndarray, sample_rate: int, target: float = TARGET_LUFS) -> np.ndarray:
    """The clip at the target loudness, with a smooth limiter on the few peaks the gain pushes over."""
    if samples.size == 0:
        return samples.astype(np.float32)
    source = samples.astype(np.float32)
    gain_db = _gain_db(source, sample_rate, target)
    out = _limit(source * np.float32(10 ** (gain_db / 20)), sample_rate)
    # The limiter takes back a little of the loudness it protects; make it up, a step or two.
    for _ in range(MAKEUP_STEPS):
        short = _gain_db(out, sample_rate, target) if source.size >= MIN_GATED_SECONDS * sample_rate else 0.0
        if short < 0.25:
            break
        gain_db += short
        out = _limit(source * np.float32(10 ** (gain_db / 20)), sample_rate)
    return out


def _gain_db(samples: np.ndarray, sample_rate: int, target: float) -> float:
    if samples.size < MIN_GATED_SECONDS * sample_rate:
        return TYPICAL_GAIN_DB
    loudness = integrated_loudness(samples, sample_rate)
    if not np.isfinite(loudness):  # silence
        return 0.0
    # Never boost near-silence into noise: at most +20 dB.
    return float(min(target - loudness, 20.0))


def _limit(x: np.ndarray, sample_rate: int) -> np.ndarray:
    """Gain reduction following the 5 ms peak envelope, so peaks are tamed without clicks."""
    peak = float(np.max(np.abs(x)))
    if peak <= CEILING:
        return x
    window = max(1, int(0.005 * sample_rate))
    envelope = sliding_max(np.abs(x), 2 * window + 1)
    gain = np.minimum(1.0, CEILING / np.maximum(envelope, 1e-9))
    gain = moving_mean(gain, window)
    out = x * gain
    return np.clip(out, -CEILING, CEILING).astype(np.float32)


# The two sliding filters below are scipy.ndimage's maximum_filter1d and uniform_filter1d (mode
# "reflect", origin 0) in numpy: scipy.ndimage's import costs ~1 s of CPU in every narrating process.

def _reflect_pad(x: np.ndarray, size: int) -> np.ndarray:
    half = size // 2
    return np.pad(x, (half, size - 1 - half), mode="symmetric")


def sliding_max(x: np.ndarray, size: int) -> np.ndarray:
    """Maximum over the `size` samples centred on each one (van Herk/Gil-Werman: two running maxima per block)."""
    padded = _reflect_pad(x, size)
    blocks = -(-len(padded) // size)
    full = np.pad(padded, (0, blocks * size - len(padded)), mode="edge").reshape(blocks, size)
    prefix = np.maximum.accumulate(full, axis=1).ravel()
    suffix = np.maximum.accumulate(full[:, ::-1], axis=1)[:, ::-1].ravel()
    starts = np.arange(len(x))
    return np.maximum(suffix[starts], prefix[starts + size - 1])


def moving_mean(x: np.ndarray, size: int) -> np.ndarray:
    """Mean over the `size` samples centred on each one."""
    total = np.concatenate([[0.0], np.cumsum(_reflect_pad(x, size), dtype=np.float64)])
    return ((total[size:] - total[:-size]) / size).astype(x.dtype)
