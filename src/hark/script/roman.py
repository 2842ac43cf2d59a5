"""Roman numerals in names: "Charles III" → "Charles the third", "World War II" → "World War two"."""

from __future__ import annotations

import regex

from hark.script import numbers
from hark.script.context import Context
from hark.script.tables import word_set

# Up to 89 with I, V, X, L only: "DC", "CD", "MD", "CV" stay acronyms (Washington DC is no 600).
_ROMAN = regex.compile(r"(?=[IVXL])(L?+X{0,3}+)(IX|IV|V?+I{0,3}+)")
_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def value(text: str) -> int:
    total = 0
    for ch, nxt in zip(text, text[1:] + " "):
        v = _VALUES[ch]
        total += -v if nxt != " " and _VALUES[nxt] > v else v
    return total


def say(token: str, ctx: Context) -> str | None:
    """The numeral's reading after a name, or None (the pronoun "I", "IV drip", "MIX")."""
    if not _ROMAN.fullmatch(token):
        return None
    regnal = ctx.prev in word_set("context", "regnal_names")
    named = ctx.prev in word_set("context", "roman_after")
    if len(token) == 1 and not (regnal or named):
        return None  # "I" is the pronoun unless a king or a war comes before it
    if regnal:
        return f"the {numbers.ordinal(value(token))}"
    if named or (ctx.prev[:1].isupper() and not ctx.prev.isupper()):
        return numbers.cardinal(value(token))
    return None
