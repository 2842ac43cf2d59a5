"""One line of page text → debris or content, from its own shape and the debris vocabulary."""

from __future__ import annotations

import re
from functools import lru_cache

from hark.article import debris

_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORDS = re.compile(rf"[^\W{_CJK}]+")
_CJK_CHARS = re.compile(rf"[{_CJK}]")
_CJK_CHARS_PER_WORD = 2
"""Chinese and Japanese write no spaces; about two characters make a word's worth of text."""
_TERMINAL = frozenset(".!?…:;\"”’'»)。！？」』")
_QUOTES = frozenset("\"“”«»")
_SOFT_MAX_WORDS = 60
# One alternation per family: one scan of the line instead of one per pattern.
_DEBRIS = re.compile("|".join(f"(?:{p.pattern})" for p in debris.DEBRIS_PATTERNS), re.IGNORECASE)
_SOFT = re.compile("|".join(f"(?:{p.pattern})" for p in debris.SOFT_PATTERNS), re.IGNORECASE)


@lru_cache(maxsize=16384)
def normalize(line: str) -> str:
    """Lowercased, whitespace-collapsed, without leading/trailing punctuation or bullets."""
    return _EDGE.sub("", " ".join(line.lower().split()))


@lru_cache(maxsize=16384)
def word_count(line: str) -> int:
    return len(_WORDS.findall(line)) + len(_CJK_CHARS.findall(line)) // _CJK_CHARS_PER_WORD


def ends_sentence(line: str) -> bool:
    """True when the line ends like a sentence (or a quote, or a colon introducing a list)."""
    stripped = line.rstrip()
    return bool(stripped) and stripped[-1] in _TERMINAL


def is_prose(line: str) -> bool:
    """Sentence-shaped text of some length: what an article body is made of."""
    words = word_count(line)
    return words >= 20 or (words >= 8 and ends_sentence(line))


def is_ui(line: str) -> bool:
    # A UI label carries no full stop: "Listen." or "No." said by someone is a sentence.
    return normalize(line) in debris.UI_LINES and not line.rstrip().endswith((".", "!", "?"))


_GLUED_TAIL = re.compile(
    r"^(?i:" + "|".join(re.escape(m) for m in sorted(debris.TAIL_MARKERS, key=len, reverse=True)) + r")(?=[A-Z])"
)


def is_tail_marker(line: str) -> bool:
    """A line that opens what follows a story ("Related articles", "214 comments"), also when the scrape ran it
    into the next element: "About the AuthorTOI Lifestyle Desk"."""
    text = line.strip()
    return (
        normalize(text) in debris.TAIL_MARKERS or bool(debris.COUNT_HEADER.match(text))
        or bool(_GLUED_TAIL.match(text))
    )


@lru_cache(maxsize=16384)
def is_debris(line: str, scraped: bool = True) -> bool:
    """Whether the line alone is page furniture: UI word, label, credit, byline, timestamp, count.

    `scraped` adds the rules for select-all text, where video cards survive as "Title 03:01";
    HTML extraction has dropped those already, and there "scale 1:24" is content."""
    text = " ".join(line.split())
    if not text:
        return True
    if is_ui(text):
        return True
    if _DEBRIS.search(text):
        return True
    if debris.BYLINE.match(text) or debris.TIMESTAMP.match(text):
        return True
    words = word_count(text)
    if scraped and words <= 16 and debris.DURATION_TAIL.search(text):
        return True  # "How the flood unfolded 03:01": a video card
    if words <= _SOFT_MAX_WORDS and not (_QUOTES & set(text)):
        if _SOFT.search(text) or debris.BIO.match(text):
            return True
    return False


def is_duration(line: str) -> bool:
    return bool(debris.DURATION_ONLY.match(line.strip()))


def is_headline_like(line: str) -> bool:
    """A short line that does not end a sentence: a headline, subhead, link or nav item."""
    return 0 < word_count(line) <= 20 and not line.rstrip().endswith((".", ";", ":"))
