"""HTTP fetching of pages with limits."""

from __future__ import annotations

import httpx

from hark.errors import FetchError
from hark.models import Page
from hark.settings import Settings
from hark.source.load import page_from_bytes


def fetch_page(url: str, settings: Settings) -> Page:
    try:
        with httpx.Client(
            follow_redirects=True,
            max_redirects=5,
            timeout=settings.fetch_timeout,
            headers={"User-Agent": settings.user_agent},
        ) as client:
            response = client.get(url)
    except httpx.HTTPError as exc:
        raise FetchError(f"could not fetch {url}: {exc}") from exc
    if response.status_code >= 400:
        raise FetchError(f"{url} answered HTTP {response.status_code}")
    ctype = response.headers.get("content-type", "")
    kind = "text" if ctype.startswith("text/plain") else None
    return page_from_bytes(response.content, name=url, kind=kind, url=str(response.url))
