"""Money: "$5bn" → "five billion dollars", "£25.50", "HK$120 million", "50p", currency codes."""

from __future__ import annotations

from functools import cache

import regex

from hark.script import numbers
from hark.script.context import Context
from hark.script.tables import table


@cache
def _money() -> regex.Pattern[str]:
    """Symbol, amount, optional magnitude: built from the currency table, longest alternatives first."""
    data = table("currencies")
    symbols = "|".join(regex.escape(s) for s in sorted(data["symbols"], key=len, reverse=True))
    magnitudes = "|".join(regex.escape(m) for m in sorted(data["magnitudes"], key=len, reverse=True))
    return regex.compile(
        rf"([-−]?+)({symbols})\s?+(\d{{1,3}}+(?:,\d{{3}})++|\d++)(?:\.(\d++))?+({magnitudes})?+"
    )


_MINOR = regex.compile(r"(\d{1,3}+)([pc])")


def _amount(whole: str, frac: str | None) -> str:
    words = numbers.cardinal(int(whole.replace(",", ""))) if len(whole) <= numbers.MAX_DIGITS else numbers.digits(whole)
    return f"{words} point {numbers.digits(frac)}" if frac else words


def parse(token: str) -> tuple[str, str, str | None, str | None] | None:
    """(symbol, whole, decimals, magnitude) of a money token, or None."""
    match = _money().fullmatch(token)
    if not match:
        return None
    return match.group(2), match.group(3), match.group(4), match.group(5)


def say(token: str, ctx: Context) -> str | None:
    """The token read as money, or None."""
    data = table("currencies")
    match = _money().fullmatch(token)
    if match:
        sign, symbol, whole, frac, magnitude = match.groups()
        one, many, minor_one, minor_many = data["symbols"][symbol]
        minus = "minus " if sign else ""
        if magnitude:
            return f"{minus}{_amount(whole, frac)} {data['magnitudes'][magnitude]} {many}"
        if ctx.next.lower() in data["magnitude_words"]:
            return minus + _amount(whole, frac)  # the magnitude word says "billion dollars"
        if frac is not None and len(frac) == 2:
            cents = int(frac)
            units = int(whole.replace(",", "")) if len(whole) <= numbers.MAX_DIGITS else 2
            head = f"{_amount(whole, None)} {one if units == 1 else many}"
            if not cents:
                return minus + head
            tail = f"{numbers.cardinal(cents)} {minor_one if cents == 1 else minor_many}"
            return minus + (tail if units == 0 else f"{head} and {tail}")
        value = numbers.value(whole + (f".{frac}" if frac else ""))
        return f"{minus}{_amount(whole, frac)} {one if value == 1 else many}"
    if token.lower() in data["magnitude_words"]:
        money = parse(ctx.prev)
        if money and money[3] is None:
            return f"{token} {data['symbols'][money[0]][1]}"
        return None
    minor = _MINOR.fullmatch(token)
    if minor:
        one, many = data["minor_suffixes"][minor.group(2)]
        count = int(minor.group(1))
        return f"{numbers.cardinal(count)} {one if count == 1 else many}"
    if token in data["codes"] and (ctx.prev[-1:].isdecimal() or ctx.next[:1].isdecimal() or ctx.prev.lower() in data["magnitude_words"]):
        return data["codes"][token][1]
    return None
