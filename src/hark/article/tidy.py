"""Body blocks from HTML → the ones a listener should hear: no furniture, pull quotes or repeats."""

from __future__ import annotations

from hark.article import classify
from hark.models import Block

_PULL_QUOTE_MAX_WORDS = 60
_MIN_REPEAT_WORDS = 12
"""Lists repeat short lines on purpose (a meal plan's "1 cup blueberries"); long repeats are copies."""
_MIN_PULL_QUOTE_WORDS = 5


def tidy_blocks(blocks: list[Block], title: str) -> list[Block]:
    """Drop debris lines ("READ MORE: …", bylines, credits), the repeated headline, pull quotes
    (a short block whose words also stand inside a longer block) and second copies of a block."""
    title_key = classify.normalize(title)
    keys = [classify.normalize(block.text) for block in blocks]
    kept: list[Block] = []
    seen: set[str] = set()
    for i, (block, key) in enumerate(zip(blocks, keys)):
        if not key or classify.is_debris(block.text, scraped=False):
            continue
        if key == title_key and not kept:
            continue  # the headline repeated at the top of the body
        if key in seen and classify.word_count(block.text) >= _MIN_REPEAT_WORDS:
            continue
        if _is_pull_quote(key, i, keys):
            continue
        seen.add(key)
        kept.append(block)
    return kept


def _is_pull_quote(key: str, index: int, keys: list[str]) -> bool:
    words = len(key.split())
    if words < _MIN_PULL_QUOTE_WORDS or words > _PULL_QUOTE_MAX_WORDS:
        return False
    return any(j != index and len(other) > len(key) and key in other for j, other in enumerate(keys))
