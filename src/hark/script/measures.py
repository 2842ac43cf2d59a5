"""Quantities: percentages, multipliers ("2x"), units ("5km", "35°C"), bare magnitudes ("250k", "100m")."""

from __future__ import annotations

from functools import cache

import regex

from hark.script import numbers
from hark.script.context import Context
from hark.script.tables import table, word_set

_NUM = r"[-−]?+(?:\d{1,3}+(?:,\d{3})++|\d++)(?:\.\d++)?+"
_PERCENT = regex.compile(rf"({_NUM})(%|‰|pc)")
_TIMES = regex.compile(rf"({_NUM})[x×X]")
_BARE_MAGNITUDE = {"k": "thousand", "K": "thousand", "m": "million", "bn": "billion", "tn": "trillion", "trn": "trillion"}


@cache
def _unit() -> regex.Pattern[str]:
    units = sorted(table("units")["units"], key=len, reverse=True)
    return regex.compile(rf"({_NUM})\s?+({'|'.join(regex.escape(u) for u in units)})")


_MAGNITUDE = regex.compile(rf"({_NUM})(k|K|m|bn|tn|trn)")


def _words(text: str) -> str:
    return numbers.number(text.replace("−", "-")) or ""


def _unit_words(count: str, unit: str) -> str:
    one, many = table("units")["units"][unit]
    return one if numbers.value(count.replace("−", "-")) in (1.0, -1.0) else many


def say(token: str, ctx: Context) -> str | None:
    """The token read as a quantity, or None."""
    match = _PERCENT.fullmatch(token)
    if match:
        return f"{_words(match.group(1))} {'per mille' if match.group(2) == '‰' else 'percent'}"
    match = _TIMES.fullmatch(token)
    if match:
        return f"{_words(match.group(1))} times"
    match = _MAGNITUDE.fullmatch(token)
    if match:
        count, suffix = match.groups()
        nearby = ctx.next.lower() in word_set("context", "sports_words")
        if suffix == "m" and nearby:
            return f"{_words(count)} {_unit_words(count, 'm')}"  # "100m sprint", "a 30m wall"
        if suffix in "kK" and nearby:
            return f"{_words(count)} K"  # "a 5k run"
        return f"{_words(count)} {_BARE_MAGNITUDE[suffix]}"
    match = _unit().fullmatch(token)
    if match:
        count, unit = match.groups()
        return f"{_words(count)} {_unit_words(count, unit)}"
    units = table("units")
    if token in units["units"] and numbers.NUMBER.fullmatch(ctx.prev.replace("−", "-")):
        return _unit_words(ctx.prev, token)  # "5 km", "35 °C"
    if token == "%" and ctx.prev[-1:].isdecimal():
        return "percent"
    return None
