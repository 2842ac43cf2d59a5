"""Bytes → Page: decoded to text, binary refused, HTML told from plain text when nobody said which."""

from __future__ import annotations

from hark.errors import SourceError
from hark.models import Page
from hark.source.decode import decode_bytes

_HTML_MARKERS = ("<body", "<article", "<p>", "<p ", "<div", "<head", "<title")


def page_from_bytes(
    data: bytes, name: str, kind: str | None = None, url: str | None = None, content_type: str | None = None
) -> Page:
    """Decode bytes to a Page, refusing binary data and sniffing HTML when the kind is unknown."""
    if not data.strip():
        raise SourceError(f"{name} is empty: there is nothing to narrate")
    text = decode_bytes(data, name, content_type)
    if kind is None:
        kind = "html" if looks_like_html(text) else "text"
    return Page(content=text, kind=kind, url=url)  # type: ignore[arg-type]


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return True
    sample = text[:20000].lower()
    return any(marker in sample for marker in _HTML_MARKERS)
