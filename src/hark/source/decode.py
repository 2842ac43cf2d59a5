"""Bytes → text: the declared charset checked against the bytes, charset-normalizer when it lies."""

from __future__ import annotations

import codecs
import re

from hark.errors import SourceError

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)
_SNIFF_BYTES = 8192
_DETECT_BYTES = 256 * 1024
"""Enough text to tell encodings apart; detecting on all of a 10 MB page only costs time."""


_CLOSE = 0.15
"""Guesses this near the best one's mess ratio (chaos) are ties: on a short text one accented word
moves the ratio by about 0.1."""
_WESTERN = {"cp1252", "iso8859-1", "iso8859-15"}


def _western(data: bytes) -> str:
    # cp1252 is what "Latin-1" text from Windows really is (curly quotes at 0x91-0x94); the few bytes
    # it leaves undefined mean the text was true ISO-8859-1.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charsets(data: bytes, content_type: str | None = None) -> list[str]:
    """Charsets the page claims, strongest first: BOM, HTTP header, <meta charset>."""
    found: list[str | None] = []
    if data.startswith(codecs.BOM_UTF8):
        found.append("utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        found.append("utf-16")
    if content_type:
        header = _HEADER_CHARSET.search(content_type)
        found.append(_codec(header.group(1)) if header else None)
    meta = _META_CHARSET.search(data[:_SNIFF_BYTES])
    found.append(_codec(meta.group(1).decode("ascii")) if meta else None)
    return [name for name in dict.fromkeys(found) if name]


def decode_bytes(data: bytes, name: str, content_type: str | None = None) -> str:
    """The text of `data`; a declared charset is used only if the bytes really decode with it."""
    if b"\x00" in data[:_SNIFF_BYTES] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceError(f"{name} is a binary file, not HTML or text; give a web page or a .txt/.html file")
    candidates = declared_charsets(data, content_type)
    if candidates[:1] == ["utf-16"]:
        return data.decode("utf-16", errors="replace").lstrip("\ufeff")
    # Pages lie: a header says iso-8859-1 while the bytes are UTF-8. UTF-8 is strict enough that
    # bytes which decode as UTF-8 are almost surely UTF-8, so it is tried first.
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        pass
    # Any single-byte charset "decodes" anything, so a declared one is only believed when
    # charset-normalizer finds the bytes plausible in it; otherwise its guess wins. On short Western
    # text its guesses tie (naïve reads as "naďve" in cp1250 just as cleanly), so among the guesses
    # as clean as the best, the declared charset wins first, then Western (cp1252), then the best.
    from charset_normalizer import from_bytes  # only for bytes that are not UTF-8: it costs start-up time

    matches = from_bytes(data[:_DETECT_BYTES])
    best = matches.best()
    if best is not None:
        close = [m for m in matches if m.chaos <= best.chaos + _CLOSE]
        plausible = {_codec(name) for m in close for name in m.could_be_from_charset}
        chosen = next((c for c in candidates if c in plausible), None)
        if chosen is None and plausible & _WESTERN:
            return _western(data)
        chosen = chosen or _codec(best.encoding)
        if chosen:
            return data.decode(chosen, errors="replace")
    if candidates:
        return data.decode(candidates[0], errors="replace")
    raise SourceError(f"{name} is not text in any encoding Hark recognizes; save it as UTF-8 and retry")
