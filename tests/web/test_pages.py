"""The reader-facing pages over HTTP: demo and article pages, escaping, /player.js and its weight, bad ids."""

from __future__ import annotations

import gzip
import re

import httpx
import pytest

from tests.web.conftest_player import site, start_site  # noqa: F401


def test_demo_page_is_a_news_article_with_the_player(site):  # type: ignore[no-untyped-def]
    article = site.article(site.demo_id)
    r = httpx.get(f"{site.url}/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert f"<h1>{article['title']}</h1>" in page
    assert f"Reading Time: {article['reading_minutes']} minute" in page
    assert f'<hark-player article="{site.demo_id}" for="#story" follow>' in page
    # Without JavaScript, the browser's own audio controls play the narration.
    assert f'<audio controls preload="none" src="/v1/articles/{site.demo_id}/audio"' in page
    assert httpx.get(f"{site.url}/v1/articles/{site.demo_id}/audio").status_code == 200
    assert re.search(r"<script src=\"/player\.js\?v=[0-9a-f]{12}\" defer></script>", page)
    assert 'class="byline"' in page
    # The text is in the HTML for readers without JavaScript, in the order it is narrated.
    timings = site.timings(site.demo_id)
    paragraphs = [s["text"] for s in timings["segments"] if s["kind"] == "paragraph"]
    shown = [p.replace("&quot;", '"').replace("&#x27;", "'") for p in re.findall(r"<p>(.*?)</p>", page)]
    assert paragraphs and all(p in shown for p in paragraphs)


def test_article_page_escapes_the_publishers_text(site):  # type: ignore[no-untyped-def]
    from hark.service.keys import create_key, store_of

    key = create_key(store_of(site.settings), "pages")
    text = ("Fish <b>&</b> chips \"tonight\" <script>alert(1)</script>\n\n"
            "Residents gathered at the town hall on Monday evening to hear the plans, and most of them said "
            "they were pleased with what they heard from the council and the engineers. <img src=x onerror=alert(2)>")
    r = httpx.post(f"{site.url}/v1/articles", json={"text": text}, headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 202, r.text
    page = httpx.get(f"{site.url}/articles/{r.json()['id']}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text and "<b>&</b>" not in page.text
    assert "&lt;script&gt;" in page.text or "alert(1)" not in page.text


def test_unknown_article_is_a_plain_404_page(site):  # type: ignore[no-untyped-def]
    r = httpx.get(f"{site.url}/articles/no-such-thing<x>")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "Article not found" in r.text and "no-such-thing&lt;x&gt;" in r.text and "<x>" not in r.text


def test_player_js_is_served_small_and_embeddable(site):  # type: ignore[no-untyped-def]
    r = httpx.get(f"{site.url}/player.js")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.headers["access-control-allow-origin"] == "*"
    assert "customElements.define(\"hark-player\"" in r.text
    assert len(gzip.compress(r.content, 9)) < 30_000
    assert httpx.get(f"{site.url}/static/player/page.css").status_code == 200
    assert httpx.get(f"{site.url}/static/player/artwork.svg").headers["content-type"] == "image/svg+xml"
    for bad in ("../pages.py", "..%2Fpages.py", "%2e%2e/pages.py", "nope.js"):
        assert httpx.get(f"{site.url}/static/player/{bad}").status_code == 404, bad


def test_demo_page_says_preparing_until_the_demo_exists(tmp_path):  # type: ignore[no-untyped-def]
    made, server = start_site(tmp_path, demo=False)
    try:
        r = httpx.get(f"{made.url}/")
        assert r.status_code == 200
        assert "Preparing audio…" in r.text and 'http-equiv="refresh"' in r.text
        assert "<hark-player" in r.text
    finally:
        server.stop()
