"""Conditional GET of a feed (ETag / Last-Modified) through the guarded fetch of `hark.source`."""

from __future__ import annotations

from dataclasses import dataclass

from hark.settings import Settings
from hark.source.fetch import fetch

_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class FeedResponse:
    status: int
    """200, or 304 when the feed has not changed since the validators we sent."""
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None


def fetch_feed(url: str, settings: Settings, etag: str | None, last_modified: str | None) -> FeedResponse:
    headers = {"Accept": _ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    got = fetch(url, settings, headers)
    if got.status == 304:
        return FeedResponse(304, b"", "", etag, last_modified)
    return FeedResponse(got.status, got.body, got.headers.get("content-type", ""),
                        got.headers.get("etag"), got.headers.get("last-modified"))
