"""Conditional GET of a feed (ETag / Last-Modified) with the SSRF guard and size limits.

Stop-gap until `hark.source` offers a fetch with request headers: then this becomes a call to it.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from hark.errors import BlockedURLError, FetchError, UnsupportedURLError
from hark.settings import Settings

MAX_REDIRECTS = 5


@dataclass(frozen=True)
class FeedResponse:
    status: int
    """200, or 304 when the feed has not changed since the validators we sent."""
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None


def check_host(url: str, settings: Settings) -> None:
    """Refuse URLs whose host resolves to a private, loopback, link-local or reserved address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsupportedURLError(f"only http and https URLs can be fetched, not {url!r}")
    if settings.allow_private_urls:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except OSError as exc:
        raise FetchError(f"could not resolve {parts.hostname}: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise BlockedURLError(f"{url} points at a private or local address ({address}); feeds must be public")


def fetch_feed(url: str, settings: Settings, etag: str | None, last_modified: str | None) -> FeedResponse:
    headers = {"User-Agent": settings.user_agent, "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    # Redirects are followed by hand so every hop passes the guard.
    with httpx.Client(timeout=settings.fetch_timeout, follow_redirects=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_host(url, settings)
            try:
                with client.stream("GET", url, headers=headers) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    body = _read_limited(response, settings.fetch_max_bytes, url)
            except httpx.HTTPError as exc:
                raise FetchError(f"could not fetch the feed {url}: {exc}") from exc
            if response.status_code == 304:
                return FeedResponse(304, b"", "", etag, last_modified)
            if response.status_code >= 400:
                raise FetchError(f"the feed {url} answered HTTP {response.status_code}")
            return FeedResponse(response.status_code, body, response.headers.get("content-type", ""),
                                response.headers.get("etag"), response.headers.get("last-modified"))
    raise FetchError(f"the feed {url} redirected more than {MAX_REDIRECTS} times")


def _read_limited(response: httpx.Response, limit: int, url: str) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise FetchError(f"the feed {url} is larger than {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
