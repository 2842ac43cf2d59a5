"""The trained debris model: two stages of gradient-boosted trees and a learned debris vocabulary, read
from JSON and evaluated with NumPy (no scikit-learn at run time).

Stage one judges each line from its own shape, its vocabulary and its neighbours' shape; stage two sees
stage one's verdicts on the lines around it, since debris comes in runs (menus, footers, link lists).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from hark.article import features

THRESHOLD = 0.5
"""Probability of being article text below which a line is left out (the shipped model carries its own,
chosen by cross-validation in bench/train_debris.py)."""


@dataclass(frozen=True)
class Forest:
    """Trees padded to one node count, evaluated all at once: leaves point to themselves."""

    base: float
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int

    def raw(self, x: np.ndarray) -> np.ndarray:
        n, (trees, width) = len(x), self.feature.shape
        if n == 0 or trees == 0:
            return np.full(n, self.base)
        # Flat indexes (np.take on 1-D arrays): every line down every tree at once, one level per step.
        flat_x = np.ascontiguousarray(x, dtype=np.float64).ravel()
        row = (np.arange(n) * x.shape[1])[:, None]
        node = np.broadcast_to(np.arange(trees) * width, (n, trees)).copy()
        feature, threshold = self.feature.ravel(), self.threshold.ravel()
        left, right = self.left.ravel(), self.right.ravel()
        for _ in range(self.depth):
            go_left = np.take(flat_x, row + np.take(feature, node)) <= np.take(threshold, node)
            node = np.where(go_left, np.take(left, node), np.take(right, node))
        return self.base + np.take(self.value.ravel(), node).sum(axis=1)


@dataclass(frozen=True)
class Model:
    first: Forest
    second: Forest
    tokens: dict[str, float]
    whole: dict[str, float]
    threshold: float
    headline: Forest | None = None
    """Scores headline candidates (hark.article.headline); None in a model trained before it."""


def _forest(data: dict[str, Any]) -> Forest:
    trees = data["trees"]
    width = max((len(t["feature"]) for t in trees), default=1)
    shape = (len(trees), width)
    feature = np.zeros(shape, dtype=np.intp)
    threshold = np.zeros(shape)
    left = np.tile(np.arange(width, dtype=np.intp), (len(trees), 1))
    right = left.copy()
    value = np.zeros(shape)
    depth = 0
    for i, t in enumerate(trees):
        k = len(t["feature"])
        feature[i, :k] = t["feature"]
        threshold[i, :k] = t["threshold"]
        value[i, :k] = t["value"]
        for j, (lo, hi) in enumerate(zip(t["left"], t["right"])):
            if lo >= 0:  # an inner node; a leaf keeps pointing at itself
                left[i, j], right[i, j] = lo, hi
        depth = max(depth, _depth(t["left"], t["right"]))
    feature[feature < 0] = 0
    offset = (np.arange(len(trees)) * width)[:, None]
    left, right = left + offset, right + offset
    return Forest(float(data["base"]), feature, threshold, left, right, value, depth)


def _depth(left: list[int], right: list[int]) -> int:
    deepest, stack = 0, [(0, 0)]
    while stack:
        node, d = stack.pop()
        if left[node] < 0:
            deepest = max(deepest, d)
        else:
            stack += [(left[node], d + 1), (right[node], d + 1)]
    return deepest


def load(data: dict[str, Any]) -> Model:
    """A model from its JSON form (as bench/train_debris.py writes it)."""
    return Model(
        _forest(data["first"]), _forest(data["second"]), dict(data["tokens"]), dict(data["whole"]),
        float(data.get("threshold", THRESHOLD)), _forest(data["headline"]) if "headline" in data else None,
    )


@cache
def shipped() -> Model:
    return load(json.loads(resources.files("hark.article").joinpath("data/debris_model.json").read_text("utf-8")))


def stage_one(lines: features.PageLines, model: Model) -> tuple[np.ndarray, np.ndarray]:
    """Stage one's rows and its probabilities."""
    x = features.context_features(lines, features.vocabulary_features(lines, model.tokens, model.whole))
    return x, _sigmoid(model.first.raw(x))


def probabilities(lines: features.PageLines, model: Model) -> np.ndarray:
    x, p = stage_one(lines, model)
    return _sigmoid(model.second.raw(features.stage_two_features(x, p, lines.own[:, features.WORDS])))


def article_probability(
    units: list[str], model: Model | None = None, after_blank: list[bool] | None = None,
) -> list[float]:
    """For each unit, the model's probability that it is article text."""
    if not units:
        return []
    return probabilities(features.page_lines(units, after_blank), model or shipped()).tolist()


def headline_probability(rows: np.ndarray, model: Model) -> np.ndarray:
    """For each headline candidate's row (hark.article.headline.rows), the probability it is the headline."""
    assert model.headline is not None
    return _sigmoid(model.headline.raw(rows))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))
