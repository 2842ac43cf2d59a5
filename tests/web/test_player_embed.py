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
from tests.web.conftest_player import ARTIFACTS, browser, open_page, player_ready, site, state, wait_for, settled  # noqa: F401

pytestmark = pytest.mark.browser


def _publisher_page(service: str, article: dict[str, Any], standfirst_on_page: bool = True) -> bytes:
    """A newspaper layout: title, standfirst and byline outside the `for` target, the body (Hark's own
    rendering of it, so the words are the publisher's) inside it."""
    own = httpx.get(f"{service}/articles/{article['id']}", timeout=10).text
    body = own.split("data-hark-body>", 1)[1].split("</div>\n</article>", 1)[0]
    standfirst = re.search(r'<p class="standfirst">.*?</p>', own, re.S)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Publisher</title>
<script src="{service}/player.js" defer></script></head><body>
<h1>{html.escape(article['title'])}</h1>{standfirst.group(0) if standfirst and standfirst_on_page else ""}
<p class="byline">By a publisher's desk</p>
<hark-player article="{article['id']}" for="#story"></hark-player>
<article id="story">{body}</article></body></html>""".encode()


@pytest.fixture(scope="module")
def publisher(site) -> Iterator[str]:  # type: ignore[no-untyped-def]
    pages = {"/": _publisher_page(site.url, site.article(site.demo_id)),
             "/no-standfirst": _publisher_page(site.url, site.article(site.demo_id), standfirst_on_page=False)}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            page = pages.get(self.path, pages["/"])
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


# Every word's range, checked in the page: the text it covers must be the word (letters and digits), and
# no sentence highlight may touch the byline, a badge or a player.
AUDIT = """() => {
  const p = document.querySelector('hark-player'), h = p.highlighter, tl = p.timeline;
  const norm = (t) => [...t].filter((c) => /[\\p{L}\\p{N}]/u.test(c)).join('').toLowerCase();
  const wrong = [], found = [], foreign = [];
  const avoid = [...document.querySelectorAll('.byline, .badge, hark-player')];
  tl.words.forEach((w, i) => {
    const r = h.ranges[i];
    if (!r) return;
    found.push(i);
    if (norm(r.toString()) !== norm(w.text)) wrong.push([w.text, r.toString()]);
  });
  tl.sentences.forEach((s) => h.sentenceRanges(s).forEach((r) => {
    if (avoid.some((el) => r.intersectsNode(el))) foreign.push(r.toString().slice(0, 60));
  }));
  const where = (seg) => tl.words.filter((w) => w.seg === seg).map((w) => {
    const r = h.ranges[tl.words.indexOf(w)];
    return r ? r.startContainer.parentElement.closest('h1,p,h2').tagName + (r.startContainer.parentElement.closest('#story') ? '#story' : '') : null;
  });
  return {words: tl.words.length, found: found.length, wrong, foreign,
          kinds: tl.segments.map((s) => s.kind), where: tl.map.segments.map((_, seg) => where(seg)),
          message: p.shadowRoot.querySelector('.msg').textContent};
}"""


def _audit(page):  # type: ignore[no-untyped-def]
    page.wait_for_function("() => !!document.querySelector('hark-player').highlighter")
    return page.evaluate(AUDIT)


def _first_body_words_light(page, site, kinds):  # type: ignore[no-untyped-def]
    timings = site.timings(site.demo_id)
    seg = next(i for i, s in enumerate(timings["segments"]) if s["kind"] == "paragraph")
    for w in range(3):
        page.evaluate(f"document.querySelector('hark-player').seekToWord({seg}, 0, {w})")
        assert state(page)["lit"] == [timings["segments"][seg]["sentences"][0]["words"][w]["text"]], w


def test_publisher_layout_lights_its_own_title_standfirst_and_body(open_page, site, publisher):  # type: ignore[no-untyped-def]
    page = open_page(publisher)
    player_ready(page)
    audit = _audit(page)
    assert audit["wrong"] == [] and audit["foreign"] == [], audit
    assert audit["found"] == audit["words"], audit  # every narrated word is on this page, and found
    kinds = [s["kind"] for s in site.timings(site.demo_id)["segments"]]
    assert kinds[:2] == ["title", "standfirst"]
    assert set(audit["where"][0]) == {"H1"} and set(audit["where"][1]) == {"P"}  # outside `for`, found in the page
    assert all(set(w) == {"P#story"} for w, k in zip(audit["where"], kinds) if k == "paragraph")
    _first_body_words_light(page, site, kinds)
    assert audit["message"] == ""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width,height,name", [(1280, 900, "desktop"), (390, 844, "phone")])
def test_screenshots_on_a_publisher_page(open_page, site, publisher, scheme, width, height, name):  # type: ignore[no-untyped-def]
    page = open_page(publisher, width=width, height=height, scheme=scheme, mobile=name == "phone")
    player_ready(page)
    page.evaluate("document.querySelector('hark-player').seekToWord(2, 0, 3)")
    height_px = page.evaluate("document.querySelector('hark-player').getBoundingClientRect().height")
    assert height_px <= 140 and page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"embed-{name}-{scheme}.png"))
    page.locator("hark-player .chip.rate").click()
    settled(page)
    page.screenshot(path=str(ARTIFACTS / f"embed-{name}-{scheme}-speed.png"))


def test_a_standfirst_missing_from_the_page_is_skipped_cleanly(open_page, site, publisher):  # type: ignore[no-untyped-def]
    page = open_page(publisher + "no-standfirst")
    player_ready(page)
    audit = _audit(page)
    assert audit["wrong"] == [] and audit["foreign"] == [], audit
    assert audit["where"][1] and set(audit["where"][1]) == {None}  # nothing of it lit, rather than the body's words
    assert audit["found"] == audit["words"] - len(audit["where"][1])
    _first_body_words_light(page, site, None)
    page.evaluate("document.querySelector('hark-player').seekToWord(1, 0, 0)")
    assert state(page)["lit"] == []
    assert audit["message"] == ""  # skipped, not counted as a difference


def test_hark_page_never_lights_the_byline_or_the_badge(open_page, site):  # type: ignore[no-untyped-def]
    page = open_page(f"{site.url}/")
    player_ready(page)
    audit = _audit(page)
    assert audit["wrong"] == [] and audit["foreign"] == [] and audit["found"] == audit["words"], audit
