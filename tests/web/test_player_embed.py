"""The README's embed snippet on a publisher page served from a second loopback origin (another port), with
the service on its defaults (HARK_CORS_ORIGINS empty): the player loads cross-origin and plays."""

from __future__ import annotations

import html
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator

import httpx
import pytest

from tests.support import free_port
from tests.web.conftest_player import browser, open_page, player_ready, site, state, wait_for  # noqa: F401

pytestmark = pytest.mark.browser


def _publisher_page(service: str, article: dict[str, Any]) -> bytes:
    """A newspaper layout: title, standfirst and byline outside the `for` target, the body (Hark's own
    rendering of it, so the words are the publisher's) inside it."""
    own = httpx.get(f"{service}/articles/{article['id']}", timeout=10).text
    body = own.split("data-hark-body>", 1)[1].split("</div>\n</article>", 1)[0]
    standfirst = re.search(r'<p class="standfirst">.*?</p>', own, re.S)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Publisher</title>
<script src="{service}/player.js" defer></script></head><body>
<h1>{html.escape(article['title'])}</h1>{standfirst.group(0) if standfirst else ""}
<p class="byline">By a publisher's desk</p>
<hark-player article="{article['id']}" for="#story"></hark-player>
<article id="story">{body}</article></body></html>""".encode()


@pytest.fixture(scope="module")
def publisher(site) -> Iterator[str]:  # type: ignore[no-untyped-def]
    page = _publisher_page(site.url, site.article(site.demo_id))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True, name="publisher").start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_the_readme_snippet_plays_on_another_origin_with_the_defaults(open_page, site, publisher):  # type: ignore[no-untyped-def]
    assert site.settings.cors_origins == ""
    assert publisher.split("/")[2] != site.url.split("/")[2]  # a different origin: another port
    page = open_page(publisher)
    player_ready(page)
    page.get_by_role("button", name="Listen").click()
    wait_for(lambda: state(page)["currentTime"] > 0.5, 30, "the audio to play on the publisher page")
    s = state(page)
    assert not s["paused"] and "Couldn't reach" not in s["message"]
    page.get_by_role("button", name="Pause").click()


def test_player_timings_and_captions_are_gzipped_and_the_versioned_player_is_immutable(site):  # type: ignore[no-untyped-def]
    page = httpx.get(f"{site.url}/articles/{site.demo_id}", timeout=10).text
    src = re.search(r'<script src="(/player\.js\?v=[0-9a-f]{12})"', page)
    assert src, "the page links a versioned player.js"
    gz = {"Accept-Encoding": "gzip"}
    player = httpx.get(site.url + src.group(1), headers=gz, timeout=10)
    assert player.headers["content-encoding"] == "gzip" and "immutable" in player.headers["cache-control"]
    assert "immutable" not in httpx.get(f"{site.url}/player.js?v=old", timeout=10).headers["cache-control"]
    voice = site.article(site.demo_id)["narrations"][0]["voice"]
    for path in ("timings", "captions.vtt"):
        r = httpx.get(f"{site.url}/v1/articles/{site.demo_id}/{path}", params={"voice": voice}, headers=gz, timeout=10)
        assert r.status_code == 200 and r.headers.get("content-encoding") == "gzip", path
    cross = httpx.get(f"{site.url}/v1/articles/{site.demo_id}", headers={"Origin": "http://elsewhere.example"}, timeout=10)
    assert cross.headers["access-control-allow-origin"] == "*"
