"""Parsing a single-range `Range` header (pure); anything fancier is left to Starlette's FileResponse."""

from __future__ import annotations

import re

_SINGLE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$")


def single_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) inclusive for one satisfiable range of a `size`-byte file; None for anything else
    (no header, several ranges, unsatisfiable, malformed), which the caller hands to the general path."""
    if not header or size <= 0:
        return None
    match = _SINGLE.match(header)
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        n = int(last)
        return (max(0, size - n), size - 1) if n > 0 else None
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start > end or start >= size:
        return None
    return start, end


def past_the_end(header: str | None, size: int) -> bool:
    """Whether the header is one well-formed range that starts at or after the end (RFC 9110: 416)."""
    match = _SINGLE.match(header or "")
    if match is None:
        return False
    first, last = match.groups()
    return bool(first) and int(first) >= size and (not last or int(last) >= int(first))
