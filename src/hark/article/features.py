"""Per-line features of scraped page text for the debris model, computed once per page as NumPy columns.

Three layers: a line's own shape (`own_features`), the vocabulary of debris learned from the training pages
(`vocabulary_features`: a log-odds weight per token and per whole line, shipped with the model), and
context (`context_features`: neighbours, wide windows, where the page's main run of prose lies). The second
stage of the model adds the first stage's probabilities of the neighbours (`stage_two_features`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from hark.article import classify

_STOP = frozenset(
    "the a an and or but of to in on at for with by from as is are was were be been it its this that "
    "these those he she they we you i his her their our not no have has had will would can could said "
    "says which who what when where there than then so if into about after over also more".split()
)
_TOKEN = re.compile(r"\w+")
_PUNCT = re.compile(r"[^\w\s]")
_DIGITS = b"0123456789"
_UPPER = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SEPARATOR = re.compile(r"[|•·»›/]")
_LINKISH = re.compile(r"https?://|www\.|@\w|\.com\b", re.IGNORECASE)
_MAX_TOKENS = 60
"""Tokens of a line looked up in the vocabulary: the start of a long paragraph says what it is."""


@dataclass(frozen=True)
class PageLines:
    """A page's units with what every layer needs from them, worked out once."""

    units: list[str]
    own: np.ndarray
    tokens: list[list[str]]
    keys: list[str]


def page_lines(units: list[str], after_blank: list[bool] | None = None) -> PageLines:
    keys = [classify.normalize(u) for u in units]
    counts = Counter(keys)
    rows = []
    tokens = []
    blank = after_blank or [True] * len(units)
    for unit, key, gap in zip(units, keys, blank):
        raw = _TOKEN.findall(unit)
        low = [t.lower() for t in raw]
        tokens.append(low[:_MAX_TOKENS])
        n = max(len(raw), 1)
        chars = max(len(unit), 1)
        words = classify.word_count(unit)
        # Counted by deleting characters (C speed), not by a Python loop over them.
        data = unit.encode()
        digits = len(data) - len(data.translate(None, _DIGITS))
        upper = len(data) - len(data.translate(None, _UPPER))
        punct = len(_PUNCT.findall(unit))
        letters = max(len(unit) - digits - punct - unit.count(" "), 1)
        rows.append((
            min(words, 200), min(len(unit), 1500), classify.ends_sentence(unit), classify.is_prose(unit),
            classify.is_debris(unit), classify.is_ui(unit), classify.is_headline_like(unit),
            classify.is_tail_marker(unit), sum(map(_STOP.__contains__, low)) / n,
            sum(t[0].isupper() for t in raw) / n, digits / chars,
            punct / chars, len(_SEPARATOR.findall(unit)), min(counts[key], 10),
            unit.count(","), unit.count(". "), upper / letters, unit[:1].islower(),
            unit[:1].isdigit(), unit.rstrip().endswith(":"), bool(_LINKISH.search(unit)), gap,
            unit.count('"') + unit.count("“") + unit.count("”"),
        ))
    own = np.asarray(rows, dtype=np.float64).reshape(len(units), -1)
    return PageLines(units, own, tokens, keys)


WORDS, ENDS, PROSE, RULE, UI, HEADLINE, TAIL, STOP = range(8)
OWN_COUNT = 23


def vocabulary_features(lines: PageLines, tokens: dict[str, float], whole: dict[str, float]) -> np.ndarray:
    """Mean, lowest and highest token weight, share of known tokens, and the whole line's weight."""
    rows = []
    for toks, key in zip(lines.tokens, lines.keys):
        weights = [tokens[t] for t in toks if t in tokens]
        if weights:
            rows.append((sum(weights) / len(weights), min(weights), max(weights), len(weights) / len(toks),
                         whole.get(key, 0.0)))
        else:
            rows.append((0.0, 0.0, 0.0, 0.0, whole.get(key, 0.0)))
    return np.asarray(rows, dtype=np.float64).reshape(len(lines.units), 5)


def _shift(column: np.ndarray, d: int, pad: float = -1.0) -> np.ndarray:
    out = np.full_like(column, pad)
    if d > 0:
        out[d:] = column[:-d]
    elif d < 0:
        out[:d] = column[-d:]
    else:
        out[:] = column
    return out


def _window_mean(column: np.ndarray, reach: int) -> np.ndarray:
    """Mean of the column over the lines within `reach` on each side (the line included)."""
    c = np.concatenate(([0.0], np.cumsum(column)))
    n = len(column)
    lo = np.clip(np.arange(n) - reach, 0, n)
    hi = np.clip(np.arange(n) + reach + 1, 0, n)
    return (c[hi] - c[lo]) / (hi - lo)


def _distance_to(mask: np.ndarray, cap: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """Lines up to the nearest marked line above and below (capped)."""
    n = len(mask)
    above = np.full(n, cap, dtype=np.float64)
    below = np.full(n, cap, dtype=np.float64)
    last = -10**9
    for i in range(n):
        above[i] = min(i - last, cap)
        if mask[i]:
            last = i
    last = 10**9
    for i in range(n - 1, -1, -1):
        below[i] = min(last - i, cap)
        if mask[i]:
            last = i
    return above, below


def main_run(weight: "np.ndarray | list[float]") -> tuple[int, int]:
    """The run of lines with the greatest total weight (Kadane): the article's body, as far as it shows."""
    best, best_span, total, start = -np.inf, (0, 0), 0.0, 0
    for i, w in enumerate(weight):
        if total <= 0:
            total, start = 0.0, i
        total += w
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


_RUN_PENALTY = 12.0
"""Words of prose a non-prose line costs the main run: a menu between two paragraphs does not split it."""


def _run_features(weight: np.ndarray) -> np.ndarray:
    n = len(weight)
    start, end = main_run(weight)
    idx = np.arange(n, dtype=np.float64)
    inside = (idx >= start) & (idx < end)
    before = np.clip(start - idx, 0, None)
    after = np.clip(idx - (end - 1), 0, None)
    rel = (idx - start) / max(end - start, 1)
    return np.column_stack([inside, np.minimum(before, 100), np.minimum(after, 100), np.clip(rel, -2, 3)])


_NEIGHBOUR = (WORDS, ENDS, PROSE, RULE, STOP, HEADLINE)
_REACH = 3
_WINDOWS = (5, 12, 30)


def context_features(lines: PageLines, vocab: np.ndarray) -> np.ndarray:
    """The first stage's rows: own features, vocabulary, neighbours, windows and the main run of prose."""
    own = lines.own
    n = len(lines.units)
    if n == 0:
        return np.zeros((0, 0))
    prose = own[:, PROSE]
    prose_words = own[:, WORDS] * prose
    total = prose_words.sum() or 1.0
    cols = [own, vocab]
    idx = np.arange(n, dtype=np.float64)
    cols.append(np.column_stack([
        idx / max(n - 1, 1), (np.cumsum(prose_words) - prose_words) / total, np.full(n, min(n, 2000)),
    ]))
    for d in range(-_REACH, _REACH + 1):
        if d:
            cols.append(np.column_stack([_shift(own[:, k], d) for k in _NEIGHBOUR] + [_shift(vocab[:, 0], d, 0.0)]))
    for reach in _WINDOWS:
        cols.append(np.column_stack([
            _window_mean(prose, reach), _window_mean(own[:, RULE], reach), _window_mean(vocab[:, 0], reach),
            _window_mean(own[:, WORDS], reach),
        ]))
    above, below = _distance_to(prose > 0)
    cols.append(np.column_stack([above, below]))
    cols.append(_run_features(np.where(prose > 0, own[:, WORDS], -_RUN_PENALTY)))
    return np.column_stack(cols)


def stage_two_features(first: np.ndarray, p: np.ndarray, words: np.ndarray) -> np.ndarray:
    """The first stage's rows with its probabilities around each line: debris comes in runs."""
    cols = [first, p[:, None]]
    cols.append(np.column_stack([_shift(p, d) for d in (-4, -3, -2, -1, 1, 2, 3, 4)]))
    cols.append(np.column_stack([_window_mean(p, r) for r in (2, 5, 12, 30)]))
    above, below = _distance_to(p >= 0.5)
    cols.append(np.column_stack([above, below]))
    cols.append(_run_features(np.where(p >= 0.5, np.maximum(words, 1.0) * (p - 0.5) * 2, -_RUN_PENALTY * (0.5 - p) * 2)))
    return np.column_stack(cols)
