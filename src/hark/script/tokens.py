"""Segment text → displayed tokens with offsets, each with the punctuation written around it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

from hark.script.abbreviations import dotted_forms

# A piece runs to whitespace or a dash/ellipsis; an en dash between digits ("2020–21") stays inside.
# One character class per step and a fixed-width lookaround: linear on any input.
_PIECE = regex.compile(r"(?:[^\s—―…–]|(?<=\d)–(?=\d))++")
_INITIALS = regex.compile(r"(?:\p{L}\.)++\p{L}?+")
"""U.S, a.m, e.g (the final dot is tested apart): letters each followed by a dot."""

_KEEP = frozenset("&%‰")
"""Punctuation characters that are said ("and", "percent"), so they stay in the word."""
_SIGNS = frozenset("-−–+")


@dataclass(frozen=True)
class Token:
    """One displayed word with the punctuation around it."""

    text: str
    start: int
    end: int
    lead: str
    """Punctuation written just before it (opening quotes and brackets)."""
    trail: str
    """Punctuation after it up to the next token (commas, terminators, dashes, closing quotes)."""
    span_start: int
    """Start of the token with its leading punctuation (where a sentence it opens starts)."""
    span_end: int
    """End of the token with its trailing punctuation (where a sentence it closes ends)."""


def _strippable(ch: str) -> bool:
    """Punctuation and invisible characters that frame a word but are not part of it."""
    if ch in _KEEP:
        return False
    category = unicodedata.category(ch)
    return category[0] == "P" or category in ("Cc", "Cf", "Zs", "Zl", "Zp")


def _core(text: str, start: int, end: int) -> tuple[int, int]:
    """The word inside a piece: framing punctuation removed, said signs and symbols kept."""
    s = start
    while s < end and _strippable(text[s]):
        nxt = text[s + 1] if s + 1 < end else ""
        # Keep "#tag", "@handle", "'90s"; a sign before a digit is "-5" or "+3".
        if text[s] in "#@" and nxt.isalnum():
            break
        if text[s] in "'’" and nxt.isdecimal() and text[s + 1 : s + 4].endswith("s"):
            break
        if text[s] in _SIGNS and nxt.isdecimal():
            break
        s += 1
    e = end
    while e > s and _strippable(text[e - 1]):
        e -= 1
    if e < end and text[e] == "." and e > s and _keeps_dot(text[s:e]):
        e += 1
    return s, e


def _keeps_dot(word: str) -> bool:
    """Whether a following dot belongs to the word: "Dr.", "U.S.", "F." (an initial)."""
    if f"{word}." in dotted_forms():
        return True
    if len(word) == 1:
        return word.isupper()
    return "." in word and _INITIALS.fullmatch(word) is not None


def tokenize(text: str) -> list[Token]:
    """The tokens of a segment in order; punctuation-only pieces join the trail of the token before."""
    tokens: list[Token] = []
    pending = ""  # punctuation seen before the first token
    last_end = 0
    for piece in _PIECE.finditer(text):
        gap = text[last_end : piece.start()]
        last_end = piece.end()
        gap_marks = "".join(ch for ch in gap if not ch.isspace())
        s, e = _core(text, piece.start(), piece.end())
        if tokens and gap_marks:
            # The dash or ellipsis ends where the gap's last mark does (the sentence may end there).
            mark_end = piece.start() - (len(gap) - len(gap.rstrip()))
            tokens[-1] = _extend(tokens[-1], gap_marks, mark_end)
        if s == e:  # a piece that is all punctuation: a dash, an ellipsis, a lone quote
            if tokens:
                tokens[-1] = _extend(tokens[-1], text[piece.start() : piece.end()], piece.end())
            else:
                pending += text[piece.start() : piece.end()]
            continue
        tokens.append(
            Token(
                text=text[s:e],
                start=s,
                end=e,
                lead=pending + text[piece.start() : s],
                trail=text[e : piece.end()],
                span_start=piece.start(),
                span_end=piece.end(),
            )
        )
        pending = ""
    if tokens:
        rest = text[last_end:]
        tail = "".join(ch for ch in rest if not ch.isspace())
        if tail:
            tokens[-1] = _extend(tokens[-1], tail, last_end + len(rest.rstrip()))
    return tokens


def _extend(token: Token, marks: str, span_end: int) -> Token:
    return Token(token.text, token.start, token.end, token.lead, token.trail + marks, token.span_start, span_end)
