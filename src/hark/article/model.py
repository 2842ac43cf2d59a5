"""The trained debris model: gradient-boosted trees read from JSON, evaluated with NumPy (no scikit-learn at run time)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import numpy as np

from hark.article.features import line_features

THRESHOLD = 0.35
"""Probability of being article text below which a line is left out (best F1 in bench/train_debris.py --cv)."""


Model = tuple[float, float, list[tuple[np.ndarray, ...]]]


@cache
def _shipped() -> Model:
    return load(json.loads(resources.files("hark.article").joinpath("data/debris_model.json").read_text("utf-8")))


def load(data: dict) -> Model:
    """A model from its JSON form (as bench/train_debris.py writes it)."""
    trees = [
        tuple(np.asarray(t[k]) for k in ("feature", "threshold", "left", "right", "value"))
        for t in data["trees"]
    ]
    return float(data["init"]), float(data["rate"]), trees


def article_probability(units: list[str], model: Model | None = None) -> list[float]:
    """For each unit, the model's probability that it is article text."""
    if not units:
        return []
    x = np.asarray(line_features(units), dtype=np.float64)
    init, rate, trees = model or _shipped()
    score = np.full(len(units), init)
    rows = np.arange(len(units))
    for feature, threshold, left, right, value in trees:
        node = np.zeros(len(units), dtype=np.int64)
        while True:
            inner = left[node] >= 0
            if not inner.any():
                break
            f = feature[node]
            go_left = x[rows, np.maximum(f, 0)] <= threshold[node]
            node = np.where(inner, np.where(go_left, left[node], right[node]), node)
        score += rate * value[node]
    return list(1.0 / (1.0 + np.exp(-score)))
