"""HTTP fetching of pages: httpx with a size cap, manual redirects each checked by the SSRF guard."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from hark.errors import FetchError
from hark.models import Page
from hark.settings import Settings
from hark.source.connect import GuardedTransport
from hark.source.guard import check_url
from hark.source.page import page_from_bytes

MAX_REDIRECTS = 5
_REDIRECTS = (301, 302, 303, 307, 308)
_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
    "Accept-Language": "en;q=0.9,*;q=0.5",
}


@dataclass(frozen=True)
class Fetched:
    """One guarded GET after redirects: what any caller (page, feed) needs of the answer."""

    url: str
    """The final URL, after redirects."""
    status: int
    body: bytes
    headers: httpx.Headers


def fetch(
    url: str,
    settings: Settings,
    headers: dict[str, str] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Fetched:
    """GET `url` within the limits in `settings`; every redirect hop passes the SSRF guard.

    The guard runs twice a hop: on the URL (an early, clear refusal) and on the address the
    connection is really opened to (`GuardedTransport`); `transport` replaces the latter (tests).
    Statuses of 400 and above raise FetchError; others (200, 304 …) are returned to the caller.
    """
    sent = {**_HEADERS, "User-Agent": settings.user_agent, **(headers or {})}
    # Redirects are followed by hand so that every hop passes the SSRF guard, not only the first.
    # trust_env off: an HTTP(S)_PROXY from the environment would connect on our behalf, unguarded.
    with httpx.Client(
        follow_redirects=False, timeout=settings.fetch_timeout, headers=sent, trust_env=False,
        transport=transport or GuardedTransport(settings.allow_private_urls),
    ) as client:
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(current, settings.allow_private_urls)
            data, response = _get(client, current, settings.fetch_max_bytes)
            if response.status_code in _REDIRECTS and "location" in response.headers:
                current = urljoin(current, response.headers["location"])
                continue
            if response.status_code >= 400:
                raise FetchError(f"{current} answered HTTP {response.status_code}; check the URL or try later")
            return Fetched(current, response.status_code, data, response.headers)
    raise FetchError(f"{url} redirected more than {MAX_REDIRECTS} times; give the final URL")


def fetch_page(url: str, settings: Settings, transport: httpx.BaseTransport | None = None) -> Page:
    """GET `url` like a browser would; the body decoded to a Page."""
    got = fetch(url, settings, transport=transport)
    content_type = got.headers.get("content-type", "")
    return page_from_bytes(got.body, name=got.url, kind=_kind(content_type), url=got.url, content_type=content_type or None)


def _get(client: httpx.Client, url: str, limit: int) -> tuple[bytes, httpx.Response]:
    try:
        with client.stream("GET", url) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(_too_large(url, limit))
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:  # stop reading: the server may lie about or omit Content-Length
                    raise FetchError(_too_large(url, limit))
                chunks.append(chunk)
            return b"".join(chunks), response
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url} did not answer within the time limit; try again later") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"could not fetch {url}: {exc}; check the URL and your connection") from exc


def _too_large(url: str, limit: int) -> str:
    return f"{url} is larger than {limit // (1024 * 1024)} MB, too large for an article page"


def _kind(content_type: str) -> str | None:
    mime = content_type.split(";")[0].strip().lower()
    if mime == "text/plain":
        return "text"
    if mime in ("text/html", "application/xhtml+xml"):
        return "html"
    if mime and not mime.startswith("text/") and mime not in ("application/xml", "application/octet-stream"):
        raise FetchError(f"the page is {mime}, not HTML or text; give the URL of an article page")
    return None
