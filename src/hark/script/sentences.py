"""Tokens → sentences: where a sentence ends, surviving abbreviations, initials, quotes and ellipses."""

from __future__ import annotations

from hark.script import abbreviations
from hark.script.tables import word_set
from hark.script.tokens import Token

LONG_SENTENCE = 80
"""Past this many words a sentence is cut at its next comma-like pause, so synthesis units stay short."""
MAX_SENTENCE = 160
"""Past this many words a sentence is cut wherever it is (a run-on list, a wall of text without stops)."""

_TERMINATORS = ".?!…"


def terminator(token: Token) -> str:
    """The sentence-ending mark written after a token ("." "?" "!" "…"), or ""."""
    for ch in token.trail:
        if ch in _TERMINATORS:
            return ch
    return ""


def _ends_sentence(token: Token, following: Token) -> bool:
    mark = terminator(token)
    opens = not following.text[0].islower()
    if mark in "?!…" and mark:
        return opens
    if mark == ".":
        # The dot is outside the word, so the word is no abbreviation: a plain full stop.
        return opens
    if not token.text.endswith("."):
        return False
    # The dot belongs to the word ("Dr.", "U.S.", "F."): a full stop only before a sentence opener.
    if abbreviations.never_final(token.text):
        return False
    starter = following.text in word_set("context", "sentence_starters")
    if len(token.text) == 2:  # an initial, "John F. Kennedy", unless a new sentence plainly starts
        return starter
    return starter and (abbreviations.may_end_sentence(token.text) or "." in token.text[:-1])


def split_sentences(tokens: list[Token]) -> list[tuple[int, int]]:
    """(first, last + 1) token indexes of each sentence, in order, covering every token."""
    spans: list[tuple[int, int]] = []
    first = 0
    soft = frozenset(",;:—–")
    for i, token in enumerate(tokens):
        last = i + 1 == len(tokens)
        length = i + 1 - first
        cut = last or _ends_sentence(token, tokens[i + 1])
        if not cut and length >= LONG_SENTENCE:
            cut = length >= MAX_SENTENCE or any(ch in soft for ch in token.trail)
        if cut:
            spans.append((first, i + 1))
            first = i + 1
    return spans
