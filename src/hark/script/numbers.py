"""Numbers to words: cardinals, decimals, negatives, ordinals, years, decades, fractions, digit strings."""

from __future__ import annotations

from fractions import Fraction

import regex
from num2words import num2words

DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
MAX_DIGITS = 15
"""Longer integers are read digit by digit: nobody says a 40-digit number, and num2words slows on them."""

# Possessive quantifiers and no nesting keep every pattern linear on long digit runs.
NUMBER = regex.compile(r"([-−–]?+)(\d{1,3}+(?:,\d{3})++|\d++)(?:\.(\d++))?+")
"""An optional minus, digits with optional thousands separators, an optional decimal part."""

VULGAR = {
    "½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5), "⅖": (2, 5), "⅗": (3, 5),
    "⅘": (4, 5), "⅙": (1, 6), "⅚": (5, 6), "⅛": (1, 8), "⅜": (3, 8), "⅝": (5, 8), "⅞": (7, 8), "⅐": (1, 7),
    "⅑": (1, 9), "⅒": (1, 10),
}
_FRACTION_DENOMINATORS = frozenset({2, 3, 4, 5, 6, 8, 10})
"""Denominators read as fractions; "9/11" and "24/7" are said as their numbers."""
_DENOMINATORS = {2: ("half", "halves"), 4: ("quarter", "quarters")}


def digits(text: str) -> str:
    """Each digit by name: "007" → "zero zero seven"."""
    return " ".join(DIGITS[int(ch)] for ch in text if ch.isdecimal() and ch.isascii())


def cardinal(n: int) -> str:
    """ "1234" → "one thousand two hundred and thirty-four" (num2words, without its commas)."""
    if len(str(abs(n))) > MAX_DIGITS:
        return ("minus " if n < 0 else "") + digits(str(abs(n)))
    return num2words(n).replace(",", "")


def ordinal(n: int) -> str:
    if n > 10**MAX_DIGITS:
        return digits(str(n))
    return num2words(n, to="ordinal").replace(",", "")


def year(n: int) -> str:
    """ "2021" → "twenty twenty-one", "1905" → "nineteen oh-five", "2005" → "two thousand and five"."""
    if not 1000 <= n <= 2099:
        return cardinal(n)
    return num2words(n, to="year").replace(",", "")


def plural(words: str) -> str:
    """The plural of a number's last word, for decades: "nineteen ninety" → "nineteen nineties"."""
    head, _, last = words.rpartition(" ")
    if last.endswith("y"):
        last = last[:-1] + "ies"
    elif last.endswith(("x", "s")):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def number(text: str) -> str | None:
    """A written number ("1,234.5", "-3", "0.25") as words, or None if `text` is not one."""
    match = NUMBER.fullmatch(text)
    if not match:
        return None
    sign, whole, frac = match.groups()
    whole = whole.replace(",", "")
    # Check the length before int(): Python refuses to convert more than 4,300 digits.
    words = cardinal(int(whole)) if len(whole) <= MAX_DIGITS else digits(whole)
    if frac is not None:
        words += " point " + digits(frac)
    return f"minus {words}" if sign else words


def value(text: str) -> float | None:
    """A written number's value (for singular/plural choices), or None."""
    match = NUMBER.fullmatch(text)
    if not match or len(match.group(2)) > MAX_DIGITS:
        return None
    sign, whole, frac = match.groups()
    result = float(whole.replace(",", "") + ("." + frac[:6] if frac else ""))
    return -result if sign else result


def code(text: str) -> str:
    """Digits inside a code, as people say them: "7" → "seven", "370" → "three seventy", "1234" → digits."""
    if len(text) <= 2:
        return digits(text) if text[0] == "0" and len(text) == 2 else cardinal(int(text))
    if len(text) == 3 and text[0] != "0":
        if text[1:] == "00":
            return cardinal(int(text))
        tail = digits(text[2]) if text[1] == "0" else cardinal(int(text[1:]))
        return f"{DIGITS[int(text[0])]} {'oh ' if text[1] == '0' else ''}{tail}"
    return digits(text)


def fraction(numerator: int, denominator: int) -> str:
    """ "1/3" → "one third", "3/4" → "three quarters", "1/2" → "one half"."""
    if denominator in _DENOMINATORS:
        one, many = _DENOMINATORS[denominator]
    else:
        one = ordinal(denominator)
        many = one + "s"
    return f"{cardinal(numerator)} {one if numerator == 1 else many}"


def vulgar(text: str) -> str | None:
    """ "¼" → "one quarter", "2½" → "two and a half", or None."""
    if not text or text[-1] not in VULGAR:
        return None
    whole, (num, den) = text[:-1], VULGAR[text[-1]]
    if whole and not (whole.isdecimal() and whole.isascii() and len(whole) <= MAX_DIGITS):
        return None
    part = fraction(num, den)
    if not whole:
        return part
    if num == 1:
        part = "a half" if den == 2 else f"a {part.split(' ', 1)[1]}"
    return f"{cardinal(int(whole))} and {part}"


def is_fraction(numerator: int, denominator: int) -> bool:
    """Whether "N/D" reads as a fraction (a proper one with a small denominator) rather than "N D"."""
    return 0 < numerator < denominator and denominator in _FRACTION_DENOMINATORS and Fraction(numerator, denominator).denominator == denominator


_ORDINAL = regex.compile(r"(\d++)(?:st|nd|rd|th|ST|ND|RD|TH)")
_RANGE = regex.compile(r"(\d{1,3}+(?:,\d{3})++|\d++(?:\.\d++)?+)[-–](\d{1,3}+(?:,\d{3})++|\d++(?:\.\d++)?+)")
_SLASHED = regex.compile(r"\d++(?:/\d++)++")
_SIGNED = regex.compile(r"([+±])(\d[\d,.]*+)|(\d[\d,.]*+)\+")


def say(token: str, context: object = None) -> str | None:
    """The token read as a number: "1,234", "-3.5", "21st", "52-48", "1/3", "24/7", "2½", "18+"; or None."""
    words = number(token.replace("−", "-"))
    if words is not None:
        return words
    match = _ORDINAL.fullmatch(token)
    if match:
        return ordinal(int(match.group(1))) if len(match.group(1)) <= MAX_DIGITS else digits(match.group(1))
    match = _RANGE.fullmatch(token)
    if match:
        return f"{number(match.group(1))} to {number(match.group(2))}"  # scores and ranges: "52-48", "10-12"
    if _SLASHED.fullmatch(token):
        parts = token.split("/")
        if len(parts) == 2 and max(len(p) for p in parts) <= 3 and is_fraction(int(parts[0]), int(parts[1])):
            return fraction(int(parts[0]), int(parts[1]))
        # "24/7", "9/11", "2020/21": said as the numbers, without the slash.
        return " ".join(year(int(p)) if len(p) == 4 else (number(p) or "") for p in parts)
    match = _SIGNED.fullmatch(token)
    if match:
        if match.group(3) is not None:
            return f"{number(match.group(3)) or digits(match.group(3))} plus"
        sign = "plus" if match.group(1) == "+" else "plus or minus"
        return f"{sign} {number(match.group(2)) or digits(match.group(2))}"
    return vulgar(token)
