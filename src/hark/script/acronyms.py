"""Capitals said as letters or as words (WHO → "W H O", NATO → "Nato"), and letter–digit codes (G7, MH370)."""

from __future__ import annotations

import regex

from hark.script import numbers
from hark.script.context import Context
from hark.script.tables import table, word_set

_INITIALISM = regex.compile(r"(?:\p{L}\.)++\p{L}?+\.?+")
_CAPITALS = regex.compile(r"(\p{Lu}[\p{Lu}&]*+)(s|['’]s)?+")
_MIXED_SPELLED = regex.compile(r"\p{Lu}[\p{L}&]*+")
_CODE = regex.compile(r"\p{L}[\p{L}\p{M}]*+|\d++(?:\.\d++)?+|.", regex.DOTALL)
_SYMBOLS = {"&": "and", "+": "plus", "@": "at", "%": "percent", "=": "equals", "°": "degrees", "×": "times", "#": "number"}
_VOWELS = frozenset("AEIOUY")


def spell(letters: str) -> str:
    """Letters by name as espeak says them: "GDP" → "G D P", "A" → "Eh" (a lone "A" is read as "uh")."""
    names = table("acronyms")["letters"]
    out = []
    for ch in letters:
        if ch == "&":
            out.append("and")
        elif ch.isalpha():
            out.append(names.get(ch.upper(), ch.upper()))
    return " ".join(out)


def _pronounceable(caps: str) -> bool:
    """Whether unknown capitals read as a word: long, with vowels, and no run of three consonants."""
    if len(caps) < 5 or not any(ch in _VOWELS for ch in caps):
        return False
    run = 0
    for ch in caps:
        run = 0 if ch in _VOWELS else run + 1
        if run >= 3:
            return False
    return True


def _capitals(caps: str, suffix: str, ctx: Context) -> str:
    as_words = table("acronyms")["as_words"]
    if caps in as_words:
        said = as_words[caps]
    elif "&" not in caps and (
        (ctx.shouting and caps not in word_set("acronyms", "spelled")) or _pronounceable(caps)
    ):
        said = caps.capitalize()
    else:
        said = spell(caps)
    if not suffix:
        return said
    # "MPs" → "M P's": espeak drops the s of "MPs" but says "P's" as "pees".
    return f"{said}'s" if " " in said or len(said) == 1 else f"{said}s"


def say(token: str, ctx: Context) -> str | None:
    """The token read as an acronym or initialism, or None if it is not one."""
    if len(token) > 1 and _INITIALISM.fullmatch(token) and "." in token:
        return spell(token)
    if token.isalpha() and token in word_set("acronyms", "spelled"):
        return spell(token)
    match = _CAPITALS.fullmatch(token)
    if match and len(match.group(1)) > 1:  # "Is", "As" are words, not a plural letter
        return _capitals(match.group(1), match.group(2) or "", ctx)
    return None


def code(token: str, ctx: Context) -> str:
    """Any token part by part: letters as words or spelled capitals, digits as in codes, symbols by name.

    "G7" → "G seven", "MH370" → "M H three seventy", "5G" → "five G", "COP26" → "cop twenty-six".
    """
    parts = []
    has_digits = any(ch.isdecimal() for ch in token)
    for match in _CODE.finditer(token):
        part = match.group()
        if part[0].isalpha():  # a run of letters (with their accents)
            if part.isupper() and (has_digits or len(part) > 1):
                parts.append(_capitals(part, "", ctx) if len(part) > 1 else spell(part))
            else:
                parts.append(part)
        elif part[0].isdecimal():
            if "." in part:
                parts.append(numbers.number(part) or numbers.digits(part))
            else:
                parts.append(numbers.code(part) if len(part) <= 3 else numbers.digits(part))
        elif part in _SYMBOLS:
            parts.append(_SYMBOLS[part])
    return " ".join(p for p in parts if p)
