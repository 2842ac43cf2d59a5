"""Titles and abbreviations said in full: Dr. → Doctor, St. → Saint or Street, No 10 → number ten."""

from __future__ import annotations

from functools import cache

from hark.script.context import Context
from hark.script.tables import table, word_set


@cache
def dotted_forms() -> frozenset[str]:
    """Every abbreviation written with a final dot, so the tokenizer keeps that dot in the word."""
    data = table("abbreviations")
    forms = {f"{title}." for title in data["titles"]}
    forms |= {key for key in data["dotted"] if key.endswith(".")}
    forms |= {key for key in data["before_number"] if key.endswith(".")}
    forms |= {f"{month}." for month in data["months"]}
    forms |= set(data["never_final"]) | set(data["sentence_final"])
    return frozenset(forms)


def never_final(token: str) -> bool:
    """Whether a dotted token never ends a sentence (titles, e.g., No.), whatever follows it."""
    data = table("abbreviations")
    return token in word_set("abbreviations", "never_final") or (token.endswith(".") and token[:-1] in data["titles"])


def may_end_sentence(token: str) -> bool:
    """Whether a dotted abbreviation can be the last word of a sentence ("etc.", "U.S.", "a.m.")."""
    return token in word_set("abbreviations", "sentence_final")


def _starts_number(text: str) -> bool:
    return bool(text) and text[0].isdecimal()


def _capitalized(text: str) -> bool:
    """A name-like word: "Smith", not "Z" (so "Gen Z" stays a generation)."""
    return len(text) > 1 and text[0].isupper()


def say(token: str, ctx: Context) -> str | None:
    """The expansion of an abbreviation at this place, or None if `token` is not one here."""
    data = table("abbreviations")
    if token in data["saint_or_street"]:
        # "St Paul's", "St. Louis" name a saint; "Downing St", "Oxford St, London" a street.
        return "Saint" if _capitalized(ctx.next) and not ctx.after else "Street"
    if token in data["before_number"]:
        return data["before_number"][token] if _starts_number(ctx.next) else None
    bare = token[:-1] if token.endswith(".") else token
    titles = data["titles"]
    if bare in titles:
        # Without its dot "Gen" or "Col" is a word unless a name follows; "Dr", "Mr" never are.
        if token.endswith(".") or bare in word_set("abbreviations", "dotless_titles") or _capitalized(ctx.next):
            return titles[bare]
    return data["dotted"].get(token)
