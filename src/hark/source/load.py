"""Source string → Page: a URL is fetched, a path is read, `-` is standard input."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from hark.errors import SourceError, UnsupportedURLError
from hark.models import Page
from hark.settings import Settings


def load_page(source: str, settings: Settings, stdin: BinaryIO | None = None) -> Page:
    if "://" in source:
        if not source.lower().startswith(("http://", "https://")):
            raise UnsupportedURLError(f"only http and https URLs can be fetched, not {source!r}")
        from hark.source.fetch import fetch_page

        return fetch_page(source, settings)
    if source == "-":
        data = (stdin or sys.stdin.buffer).read()
        return page_from_bytes(data, name="standard input")
    path = Path(source)
    if not path.exists():
        raise SourceError(f"no such file: {source}")
    if not path.is_file():
        raise SourceError(f"not a file: {source}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read {source}: {exc.strerror}") from exc
    kind = "html" if path.suffix.lower() in (".html", ".htm", ".xhtml") else None
    return page_from_bytes(data, name=source, kind=kind)


def page_from_bytes(data: bytes, name: str, kind: str | None = None, url: str | None = None) -> Page:
    """Decode bytes to a Page, refusing binary data and sniffing HTML when the kind is unknown."""
    if not data.strip():
        raise SourceError(f"{name} is empty")
    if b"\x00" in data[:8192]:
        raise SourceError(f"{name} is a binary file, not HTML or text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise SourceError(f"{name} is not text in any encoding Hark recognizes") from None
        text = str(best)
    text = text.lstrip("\ufeff")
    if kind is None:
        kind = "html" if looks_like_html(text) else "text"
    return Page(content=text, kind=kind, url=url)  # type: ignore[arg-type]


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or any(
        tag in text[:20000].lower() for tag in ("<body", "<article", "<p>", "<div", "<head")
    )
