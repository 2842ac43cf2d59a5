"""Feeds: registered, polled with conditional GET, new and updated items narrated, broken feeds reported."""

from __future__ import annotations

import http.server
import secrets
import struct
import threading
from typing import Iterator

import feedparser
import httpx
import pytest

FILLER = ("Residents gathered at the town hall on Monday evening to hear the plans, and most of them "
          "said they were pleased with what they heard from the council and the engineers.")


class FeedSite:
    """A loopback web server whose feed the test edits; it counts requests and answers 304s."""

    def __init__(self) -> None:
        self.items: dict[str, tuple[str, str]] = {}
        self.mode = "rss"
        self.requests: list[dict[str, str]] = []
        self.version = 0
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                site.requests.append(dict(self.headers))
                if site.mode == "500":
                    self.send_response(500)
                    self.end_headers()
                    return
                if site.mode == "html":
                    body = b"<!doctype html><html><body><p>Welcome to our site</p></body></html>"
                    ctype = "text/html"
                else:
                    etag = f'"v{site.version}"'
                    if self.headers.get("If-None-Match") == etag:
                        self.send_response(304)
                        self.end_headers()
                        return
                    body, ctype = site.rss().encode(), "application/rss+xml"
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("ETag", f'"v{site.version}"')
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/feed.xml"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def rss(self) -> str:
        root = self.url.rsplit("/", 1)[0]
        entries = "".join(
            f"<item><title>{title}</title><link>{root}/{guid}</link><guid>{guid}</guid>"
            f"<content:encoded><![CDATA[<p>{FILLER}</p><p>{body}</p>]]></content:encoded></item>"
            for guid, (title, body) in self.items.items()
        )
        return ('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
                f"<channel><title>Test news</title>{entries}</channel></rss>")


@pytest.fixture
def site() -> Iterator[FeedSite]:
    s = FeedSite()
    yield s
    s.server.shutdown()


def test_feed_items_are_narrated_and_updates_renarrated(settings, live_server, api_key, poll, site):  # type: ignore[no-untyped-def]
    base = live_server(settings)
    auth = {"Authorization": f"Bearer {api_key}"}
    tag = secrets.token_hex(3)
    site.items = {f"a-{tag}": (f"Quay works {tag}", "Work finishes in May."),
                  f"b-{tag}": (f"School fete {tag}", "The fete raised two thousand pounds.")}
    r = httpx.post(f"{base}/v1/feeds", json={"url": site.url}, headers=auth)
    assert r.status_code == 201, r.text
    feed_id = r.json()["id"]

    def articles_ready() -> list[str] | None:
        feed = httpx.get(f"{base}/v1/feeds/{feed_id}", headers=auth).json()
        ids = [i["article"] for i in feed["items"]]
        if len(ids) < 2 or None in ids:
            return None
        ok = all(httpx.get(f"{base}/v1/articles/{i}").json()["status"] == "ready" for i in ids)
        return ids if ok else None

    ids = poll(articles_ready, 120, what="feed items narrated")
    # The feed's own podcast holds its articles only (not one published another way).
    other = httpx.post(f"{base}/v1/articles", json={"text": f"Bus times {tag}\n\n{FILLER}"}, headers=auth).json()["id"]
    cast = httpx.get(f"{base}/v1/feeds/{feed_id}/podcast.xml")
    parsed = feedparser.parse(cast.content)
    assert cast.status_code == 200 and not parsed.bozo, parsed.get("bozo_exception")
    assert sorted(e.id for e in parsed.entries) == sorted(f"hark:article:{i}" for i in ids) and other not in cast.text
    for entry in parsed.entries:
        assert int(entry.enclosures[0].length) == len(httpx.get(entry.enclosures[0].href).content)
    # No artwork set: one drawn with the title, square and 1400 px as podcast apps require.
    art = httpx.get(parsed.feed.image.href)
    assert art.headers["content-type"] == "image/png" and art.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", art.content[16:24]) == (1400, 1400)
    # Unchanged feed: a conditional GET answered 304, nothing re-narrated.
    httpx.post(f"{base}/v1/feeds/{feed_id}/poll", headers=auth)
    poll(lambda: httpx.get(f"{base}/v1/feeds/{feed_id}", headers=auth).json()["last_status"] == "not-modified", 60,
         what="a 304 poll")
    assert site.requests[-1].get("If-None-Match") == f'"v{site.version}"'
    # An edited item is narrated again (same article, version 2).
    site.items[f"a-{tag}"] = (f"Quay works {tag}", f"Work now finishes in June, report {tag} says.")
    site.version += 1
    httpx.post(f"{base}/v1/feeds/{feed_id}/poll", headers=auth)

    def renarrated() -> bool:
        n = httpx.get(f"{base}/v1/articles/{ids[0]}").json()["narrations"][0]
        return n["version"] == 2 and n["status"] == "ready"

    poll(renarrated, 120, what="the updated item re-narrated")
    assert httpx.get(f"{base}/v1/articles/{ids[1]}").json()["narrations"][0]["version"] == 1


@pytest.mark.parametrize("mode,reason", [("html", "not an RSS or Atom feed"), ("500", "HTTP 500")])
def test_broken_feed_reports_why(settings, live_server, api_key, poll, site, mode, reason):  # type: ignore[no-untyped-def]
    base = live_server(settings)
    auth = {"Authorization": f"Bearer {api_key}"}
    site.mode = mode
    feed_id = httpx.post(f"{base}/v1/feeds", json={"url": site.url}, headers=auth).json()["id"]
    feed = poll(lambda: (f := httpx.get(f"{base}/v1/feeds/{feed_id}", headers=auth).json())["last_status"] and f, 60,
                what="the poll")
    assert feed["last_status"] == "error" and reason in feed["last_error"]
    assert httpx.get(f"{base}/v1/voices").status_code == 200


def test_feed_bad_input(settings, live_server, api_key, settings_factory):  # type: ignore[no-untyped-def]
    base = live_server(settings_factory(allow_private_urls=False))
    auth = {"Authorization": f"Bearer {api_key}"}
    assert httpx.post(f"{base}/v1/feeds", json={"url": "http://127.0.0.1:9/rss"}, headers=auth).status_code == 422
    assert httpx.post(f"{base}/v1/feeds", json={"url": "gopher://x"}, headers=auth).status_code == 422
    # IPv4 inside IPv6 (compatible, NAT64, 6to4, mapped) is refused when the feed is registered, not stored.
    for url in ("http://[::127.0.0.1]:9/rss", "http://[64:ff9b::127.0.0.1]:9/rss", "http://[2002:7f00:1::]:9/rss",
                "http://[::ffff:127.0.0.1]:9/rss"):
        refused = httpx.post(f"{base}/v1/feeds", json={"url": url}, headers=auth)
        assert refused.status_code == 422 and refused.headers["content-type"].startswith("application/problem+json")
        assert "private, loopback or reserved" in refused.json()["detail"]
    assert httpx.get(f"{base}/v1/feeds", headers=auth).json()["feeds"] == []
    assert httpx.post(f"{base}/v1/feeds", json={"url": "https://news.example", "every": 5}, headers=auth).status_code == 422
    assert httpx.get(f"{base}/v1/feeds/999", headers=auth).status_code == 404
