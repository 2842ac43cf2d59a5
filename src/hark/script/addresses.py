"""Emails, web addresses, hashtags and handles: "bbc.co.uk/news" → "b b c dot co dot u k slash news"."""

from __future__ import annotations

import regex

from hark.script import acronyms, numbers
from hark.script.context import Context

_EMAIL = regex.compile(r"[\w.+-]++@[\w-]++(?:\.[\w-]++)++")
_HOST = regex.compile(r"[\w-]++(?:\.[\w-]++)++")
_TLDS = frozenset("com org net gov edu io co uk int info news ai app eu us de fr".split())
_SCHEME = regex.compile(r"(?:https?://)?+(?:www\.)?+", regex.IGNORECASE)
_PART = regex.compile(r"\p{L}++|\d++|[./@_-]")
_SAID = {".": "dot", "/": "slash", "@": "at", "_": "underscore", "-": "dash"}
_TAG = regex.compile(r"([#@])([\p{L}\p{N}_]++)")


def _label(part: str, after_dot: bool) -> str:
    """One name in an address: a pronounceable word stays; a vowelless one or a country code is spelled."""
    if part.isdecimal():
        return numbers.code(part) if len(part) <= 3 else numbers.digits(part)
    if part.lower() in ("co", "io", "ai"):
        return part
    vowels = any(ch in "aeiouy" for ch in part.lower())
    return part if vowels and (len(part) > 2 or not after_dot) else acronyms.spell(part)


def _address(text: str) -> str:
    out: list[str] = []
    for match in _PART.finditer(text):
        part = match.group()
        out.append(_SAID[part] if part in _SAID else _label(part, bool(out) and out[-1] == "dot"))
    while out and out[-1] in _SAID.values():
        out.pop()  # a trailing slash is not said
    return " ".join(out)


def _is_url(token: str) -> bool:
    """A scheme, "www.", or a dotted host ending in a known top-level domain (checked without backtracking)."""
    if token.lower().startswith(("http://", "https://", "www.")):
        return len(token) > 11 or "." in token.split("//")[-1]
    host = token.split("/", 1)[0]
    return _HOST.fullmatch(host) is not None and host.rsplit(".", 1)[1].lower() in _TLDS


def say(token: str, ctx: Context) -> str | None:
    """The token read as an email, a web address, a hashtag or a handle; or None."""
    if "@" in token and _EMAIL.fullmatch(token):
        return _address(token)
    if "." in token and _is_url(token):
        return _address(token[_SCHEME.match(token).end():])
    match = _TAG.fullmatch(token)
    if match:
        head = "hashtag" if match.group(1) == "#" else "at"
        tail = match.group(2)
        if head == "hashtag" and tail.isdecimal():
            return f"number {numbers.number(tail) or numbers.digits(tail)}"
        return f"{head} {acronyms.code(tail, ctx) if any(c.isdecimal() for c in tail) else tail}"
    return None
