"""One displayed token → what is said for it: the category readers tried in order, then a safe fallback."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import regex

from hark.script import abbreviations, acronyms, addresses, currency, dates, measures, numbers, roman
from hark.script.context import Context
from hark.script.tables import table

Reader = Callable[[str, Context], "str | None"]

# Order matters where readings overlap: "St." before initials, money before plain numbers,
# "100m" as a quantity before "100" as a number, "III" after a name before "III" as capitals.
READERS: tuple[Reader, ...] = (
    addresses.say,
    abbreviations.say,
    dates.say,
    currency.say,
    measures.say,
    numbers.say,
    roman.say,
    acronyms.say,
)

_PLAIN = regex.compile(r"\p{L}[\p{L}\p{M}'’]*+")
_HYPHEN = regex.compile(r"[-‐‑]")
_SPEAKABLE = regex.compile(r"[^\p{L}\p{M}'\- ]++")
_SPACES = regex.compile(r"\s++")
_DIGIT_RUN = regex.compile(r"\d++")
_MAX_PARTS = 64
"""Past this many hyphenated parts a token is no compound but debris: it is read part by part as a code."""


def say(token: str, ctx: Context) -> str:
    """What to say for a token: plain words espeak reads right, "" for a token not read aloud."""
    if token.isalpha() and token.islower() and token not in _special_lower():
        return token  # most words of an article: no reader has anything to say about them
    return clean(_read(token, ctx))


@cache
def _special_lower() -> frozenset[str]:
    """Lower-case words some reader may say differently ("billion" after money, "km" after a number)."""
    words = set(table("units")["units"]) | set(table("currencies")["magnitude_words"])
    words |= {w for w in table("abbreviations")["dotted"] if w.isalpha()}
    words |= {"am", "pm"}
    return frozenset(w for w in words if w.islower())


def _read(token: str, ctx: Context) -> str:
    for reader in READERS:
        said = reader(token, ctx)
        if said is not None:
            return said
    if _PLAIN.fullmatch(token):
        return token.replace("’", "'")
    parts = _HYPHEN.split(token)
    if 1 < len(parts) <= _MAX_PARTS and all(parts):
        # A compound: "19th-century", "U.S.-China", "Covid-19", "F-35", "five-year-old".
        words: list[str] = []
        for i, part in enumerate(parts):
            prev = parts[i - 1] if i else ctx.prev
            nxt = parts[i + 1] if i + 1 < len(parts) else ctx.next
            words.append(_read(part, Context(prev=prev, next=nxt, shouting=ctx.shouting)))
        return " ".join(words)
    return acronyms.code(token, ctx)


def clean(said: str) -> str:
    """Only letters, apostrophes, hyphens and spaces survive: espeak reads any digit or symbol as noise."""
    if any(ch.isdecimal() for ch in said):
        said = _DIGIT_RUN.sub(lambda m: f" {numbers.digits(m.group())} ", said)
    said = _SPEAKABLE.sub(" ", said)
    return _SPACES.sub(" ", said).strip(" -'")
