"""Per-line features of scraped page text for the debris model: the line's own shape and its neighbours'."""

from __future__ import annotations

import re
from collections import Counter

from hark.article import classify

_STOP = frozenset(
    "the a an and or but of to in on at for with by from as is are was were be been it its this that "
    "these those he she they we you i his her their our not no have has had will would can could said "
    "says which who what when where there than then so if into about after over also more".split()
)
_TOKEN = re.compile(r"\w+")
WINDOW = 2
"""Neighbours on each side whose shape joins a line's features: debris comes in runs (menus, footers)."""


def _own(line: str, index: int, total: int, repeats: int) -> list[float]:
    tokens = _TOKEN.findall(line.lower())
    raw = _TOKEN.findall(line)
    n = max(len(tokens), 1)
    words = classify.word_count(line)
    return [
        float(min(words, 200)),
        float(min(len(line), 1500)),
        float(classify.ends_sentence(line)),
        float(classify.is_prose(line)),
        float(classify.is_debris(line)),
        float(classify.is_ui(line)),
        float(classify.is_headline_like(line)),
        float(classify.is_tail_marker(line)),
        sum(t in _STOP for t in tokens) / n,
        sum(w[:1].isupper() for w in raw) / n,
        sum(c.isdigit() for c in line) / max(len(line), 1),
        sum((not c.isalnum()) and not c.isspace() for c in line) / max(len(line), 1),
        float(line.count("|") + line.count("•") + line.count("·")),
        index / max(total - 1, 1),
        float(min(repeats, 10)),
        float(line.count(",")),
        float(line.count(". ")),
    ]


_NEIGHBOUR = (0, 2, 3, 4, 8)
"""Of a neighbour: words, ends a sentence, prose, rule debris, stop-word share."""


def line_features(units: list[str]) -> list[list[float]]:
    """One row per unit: its own features, then the chosen ones of each neighbour within WINDOW."""
    counts = Counter(classify.normalize(u) for u in units)
    own = [_own(u, i, len(units), counts[classify.normalize(u)]) for i, u in enumerate(units)]
    prose_words = [row[0] if row[3] else 0.0 for row in own]
    total = sum(prose_words) or 1.0
    rows = []
    before = 0.0
    pad = [-1.0] * len(_NEIGHBOUR)
    for i, row in enumerate(own):
        features = list(row)
        features.append(before / total)  # share of the page's prose above this line
        before += prose_words[i]
        for d in range(-WINDOW, WINDOW + 1):
            if d == 0:
                continue
            j = i + d
            features.extend([own[j][k] for k in _NEIGHBOUR] if 0 <= j < len(own) else pad)
        rows.append(features)
    return rows
