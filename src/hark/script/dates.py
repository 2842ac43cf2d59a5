"""Dates and times said as people say them: years, decades, year ranges, days of months, clock times."""

from __future__ import annotations

from functools import cache

import regex

from hark.script import numbers
from hark.script.context import Context
from hark.script.tables import table, word_set

_YEAR = regex.compile(r"\d{4}+")
_DECADE = regex.compile(r"(?:(1\d|20)|['’])?+(\d)0s")
_YEAR_RANGE = regex.compile(r"(\d{4}+)[-–/](\d{2}|\d{4})")
_DAY = regex.compile(r"\d{1,2}+")
_CLOCK = regex.compile(r"(\d{1,2}+)(?:[:.](\d{2}))?+(am|pm|a\.m\.|p\.m\.)?+", regex.IGNORECASE)
_MERIDIEM = {"am": "Eh M", "a.m.": "Eh M", "pm": "P M", "p.m.": "P M"}


@cache
def _months() -> dict[str, str]:
    """Every way a month is written (full, short, short with a dot) → its full name."""
    data = table("abbreviations")
    names = {name: name for name in data["month_names"]}
    for short, full in data["months"].items():
        names[short] = full
        names[f"{short}."] = full
    return names


def month(token: str) -> str | None:
    return _months().get(token)


def _is_day(text: str) -> bool:
    return _DAY.fullmatch(text) is not None and 1 <= int(text) <= 31


def _is_year(text: str) -> bool:
    return _YEAR.fullmatch(text) is not None and 1100 <= int(text) <= 2099


def say(token: str, ctx: Context) -> str | None:
    """The token read as part of a date or time, or None."""
    full = month(token)
    if full is not None:
        # "Jan" is also a name: expand a short month only next to a day or a year.
        if full == token or _is_day(ctx.next) or _is_day(ctx.prev) or _is_year(ctx.next):
            return full
        return None
    if _is_day(token):
        if month(ctx.prev) is not None:
            return numbers.ordinal(int(token))  # "March 16" → "March sixteenth"
        if month(ctx.next) is not None:
            return f"the {numbers.ordinal(int(token))} of"  # "4 July" → "the fourth of July"
    if _is_year(token):
        if ctx.next.lower() in word_set("context", "count_nouns"):
            return None  # "2000 people"
        return numbers.year(int(token))
    if token.lower() in _MERIDIEM and ctx.prev[-1:].isdecimal():
        return _MERIDIEM[token.lower()]
    return _decade(token) or _year_range(token) or _clock(token, ctx)


def _decade(token: str) -> str | None:
    match = _DECADE.fullmatch(token)
    if not match:
        return None
    century, tens = match.groups()
    if century is None or not century.isdecimal():
        return numbers.plural(numbers.cardinal(int(tens) * 10)) if tens != "0" else None
    return numbers.plural(numbers.year(int(f"{century}{tens}0")))


def _year_range(token: str) -> str | None:
    match = _YEAR_RANGE.fullmatch(token)
    if not match or not _is_year(match.group(1)):
        return None
    first, second = int(match.group(1)), match.group(2)
    if len(second) == 2:
        end = first // 100 * 100 + int(second)
        end += 100 if end <= first else 0  # "1999-00"
    else:
        end = int(second)
    if not first < end <= 2100:
        return None
    return f"{numbers.year(first)} to {numbers.year(end)}"


def _clock(token: str, ctx: Context) -> str | None:
    match = _CLOCK.fullmatch(token)
    if not match:
        return None
    hour_text, minutes, meridiem = match.groups()
    hour = int(hour_text)
    colon = ":" in token
    if meridiem is None:
        # "11:45" is a time; "3.30" only after "at" ("at 3.30"), else it is a decimal.
        if minutes is None or not (colon or ctx.prev.lower() in ("at", "until", "till")):
            return None
        if hour > 24 or int(minutes) > 59:
            return None
    elif hour > 12 or (minutes is not None and int(minutes) > 59):
        return None
    words = numbers.cardinal(hour)
    if minutes and minutes != "00":
        words += (" oh " + numbers.DIGITS[int(minutes[1])]) if minutes[0] == "0" else f" {numbers.cardinal(int(minutes))}"
    elif meridiem is None:
        words += " o'clock" if hour <= 12 else " hundred"
    if meridiem:
        words += " " + _MERIDIEM[meridiem.lower()]
    return words
