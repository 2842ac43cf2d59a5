"""Source string → Page: a URL is fetched, a path is read, `-` is standard input."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from hark.errors import SourceError, UnsupportedURLError
from hark.models import Page
from hark.source.page import page_from_bytes

if TYPE_CHECKING:  # pydantic-settings loads only where Settings are made: start-up time
    from hark.settings import Settings

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def load_page(source: str, settings: Settings, stdin: BinaryIO | None = None) -> Page:
    """A URL, a file path or `-` (standard input) read into a Page."""
    if "://" in source or source.lower().startswith(("http:", "https:")):
        if not source.lower().startswith(("http://", "https://")):
            raise UnsupportedURLError(f"only http and https URLs can be fetched, not {source!r}")
        from hark.source.fetch import fetch_page  # httpx: only when a URL is fetched (start-up time)

        return fetch_page(source, settings)
    if source == "-":
        data = (stdin or sys.stdin.buffer).read(settings.fetch_max_bytes + 1)
        _check_size(data, "standard input", settings.fetch_max_bytes)
        return page_from_bytes(data, name="standard input")
    path = Path(source)
    if not path.exists():
        raise SourceError(f"no such file: {source}")
    if not path.is_file():
        raise SourceError(f"not a file: {source}")
    try:
        with path.open("rb") as handle:
            data = handle.read(settings.fetch_max_bytes + 1)
    except OSError as exc:
        raise SourceError(f"cannot read {source}: {exc.strerror}") from exc
    _check_size(data, source, settings.fetch_max_bytes)
    kind = "html" if path.suffix.lower() in _HTML_SUFFIXES else None
    return page_from_bytes(data, name=source, kind=kind)


def _check_size(data: bytes, name: str, limit: int) -> None:
    if len(data) > limit:
        raise SourceError(f"{name} is larger than {limit // (1024 * 1024)} MB, too large for an article")
