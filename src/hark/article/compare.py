"""Choosing between two extractions of one page by how much of each the other confirms."""

from __future__ import annotations

import re
from collections import Counter

from hark.models import Block

_TOKEN = re.compile(r"\w+")
_N = 4


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < _N:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + _N]) for i in range(len(tokens) - _N + 1))


def _text(blocks: list[Block]) -> str:
    return "\n".join(block.text for block in blocks)


def choose_blocks(primary: list[Block], secondary: list[Block]) -> list[Block]:
    """Primary (trafilatura) blocks, corrected by the secondary (readability) extraction.

    - primary holds all of secondary and much more: the extra is teasers for other posts or a
      second copy of the body, so keep only the primary blocks the secondary confirms;
    - secondary holds all of primary and much more: the article was split around an ad and
      primary kept only its first part, so take the secondary;
    - otherwise trust primary, which is the better extractor on average.
    """
    if not primary:
        return secondary
    if not secondary:
        return primary
    p, s = _shingles(_text(primary)), _shingles(_text(secondary))
    shared = sum((p & s).values())
    p_total, s_total = sum(p.values()), sum(s.values())
    if not shared or not p_total or not s_total:
        return primary
    of_secondary, of_primary = shared / s_total, shared / p_total
    if of_secondary >= 0.9 and of_primary <= 0.8:
        return _confirmed(primary, s)
    if of_primary >= 0.9 and of_secondary <= 0.5:
        return secondary
    return primary


def _confirmed(blocks: list[Block], reference: Counter[tuple[str, ...]]) -> list[Block]:
    kept = []
    for block in blocks:
        own = _shingles(block.text)
        total = sum(own.values())
        if total and sum((own & reference).values()) / total >= 0.5:
            kept.append(block)
    return kept
