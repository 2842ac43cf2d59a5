"""<hark-player> when things are not as they should be: unknown ids, failed narrations, dropped connections,
page text that differs from the narration, and an article still being narrated; plus beacons and Media Session.

A 404 or an aborted request makes Chromium itself log "Failed to load resource"; that line is allowed
where the test causes it on purpose. Anything the player throws still fails the test.
"""

from __future__ import annotations

import json
import re

import httpx
import pytest

from tests.web.conftest_player import browser, open_page, player_ready, shadow, site, state, wait_for  # noqa: F401

pytestmark = pytest.mark.browser

NETWORK_NOISE = (r"^Failed to load resource",)


def _embed(page, site, body: str, path: str = "/embed-test") -> None:  # type: ignore[no-untyped-def]
    """A third-party-like page on the service's origin (served by the browser itself) embedding the player."""
    html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Embed</title>
      <link rel="icon" href="data:,"><script src="/player.js"></script></head><body>{body}</body></html>"""
    page.route(f"{site.url}{path}", lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    page.goto(f"{site.url}{path}")


def _demo_blocks(site) -> list[str]:  # type: ignore[no-untyped-def]
    return [s["text"] for s in site.timings(site.demo_id)["segments"]]


def test_unknown_article_says_so_and_throws_nothing(open_page, site):  # type: ignore[no-untyped-def]
    page = open_page(allow=NETWORK_NOISE)
    _embed(page, site, '<article id="a"><p>Some text.</p><hark-player article="no-such-article"></hark-player></article>')
    wait_for(lambda: "could not be found" in shadow(page, ".msg").inner_text(), 15, "the not-found message")
    assert page.get_by_role("button", name="Listen").is_disabled()
    assert page.locator("#a > p").inner_text() == "Some text."  # the page stays usable


def test_failed_narration_is_explained(open_page, site):  # type: ignore[no-untyped-def]
    page = open_page(allow=NETWORK_NOISE)
    real = site.article(site.demo_id)
    failed = dict(real, status="failed", narrations=[dict(n, status="failed", error="the voice crashed") for n in real["narrations"]])
    page.route(f"{site.url}/v1/articles/{site.demo_id}", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(failed)))
    page.goto(f"{site.url}/")
    text = wait_for(lambda: shadow(page, ".msg").inner_text(), 15, "a message")
    assert "failed" in text and "the voice crashed" in text and "Select Voice" in text
    assert page.get_by_role("button", name="Listen").is_disabled()
    assert page.get_by_role("button", name="Select Voice").is_enabled()


def test_dropped_connection_retries_then_says_what_happened(open_page, site):  # type: ignore[no-untyped-def]
    page = open_page(allow=NETWORK_NOISE)
    page.goto(f"{site.url}/")
    player_ready(page)
    page.get_by_role("button", name="Listen").click()
    wait_for(lambda: state(page)["currentTime"] > 0.5, 20, "playback")
    # The network goes: every audio request fails from now on, then the player reloads its source.
    page.route(re.compile(r".*/audio\?.*"), lambda route: route.abort("internetdisconnected"))
    page.evaluate("""() => { const a = document.querySelector('hark-player').shadowRoot.querySelector('audio');
                           a.src = a.src.replace(/&v=\\d+/, '') + '&drop=1'; a.load(); a.play().catch(() => {}); }""")
    wait_for(lambda: "Trying again" in shadow(page, ".msg").inner_text(), 20, "the retry notice")
    text = wait_for(lambda: "couldn't be loaded" in shadow(page, ".msg").inner_text() and shadow(page, ".msg").inner_text(),
                    30, "the give-up message")
    assert "Check your connection" in text
    assert page.get_by_role("button", name="Listen").is_enabled()  # try again is one press away
    before = state(page)["currentTime"]
    page.unroute(re.compile(r".*/audio\?.*"))
    page.get_by_role("button", name="Listen").click()
    wait_for(lambda: not state(page)["paused"] and state(page)["currentTime"] > before + 0.3, 20, "playback after the network is back")
    assert shadow(page, ".msg").inner_text() == ""


def test_page_text_that_differs_is_aligned_where_it_matches(open_page, site):  # type: ignore[no-untyped-def]
    blocks = _demo_blocks(site)
    timings = site.timings(site.demo_id)
    # The publisher's copy: curly quotes, different spacing, an ad in the middle, one paragraph rewritten.
    changed = len(blocks) - 2
    paragraphs = []
    for i, text in enumerate(blocks):
        if i == changed:
            text = "This paragraph was rewritten after the narration was made, with entirely new words in it."
        text = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", text).replace(". ", ".  \n ")
        paragraphs.append(f"<p>{text}</p>")
        if i == 2:
            paragraphs.append('<aside>Advertisement: subscribe today</aside>')
    page = open_page()
    _embed(page, site, f'<hark-player article="{site.demo_id}" for="#copy"></hark-player><div id="copy">{"".join(paragraphs)}</div>')
    player_ready(page)
    wait_for(lambda: page.evaluate("!!(CSS.highlights.get('hark-word'))"), 15, "highlighting")
    for seg in (0, 2, len(blocks) - 1):  # unchanged blocks are lit word for word
        words = timings["segments"][seg]["sentences"][0]["words"]
        for w in (0, len(words) // 2):
            page.evaluate(f"document.querySelector('hark-player').seekToWord({seg}, 0, {w})")
            assert state(page)["lit"] == [words[w]["text"]], (seg, w)
    page.evaluate(f"document.querySelector('hark-player').seekToWord({changed}, 0, 1)")
    assert state(page)["lit"] == []  # not there: nothing lit rather than a wrong word
    assert state(page)["word"]["segment"] == changed  # the audio still knows where it is


def test_page_with_other_text_plays_without_highlighting(open_page, site):  # type: ignore[no-untyped-def]
    page = open_page()
    _embed(page, site, f'<hark-player article="{site.demo_id}" for="#copy"></hark-player>'
                       '<div id="copy"><p>Completely unrelated text about gardening tools.</p></div>')
    player_ready(page)
    wait_for(lambda: "differs from the narration" in shadow(page, ".msg").inner_text(), 15, "the differs message")
    page.get_by_role("button", name="Listen").click()
    wait_for(lambda: state(page)["currentTime"] > 0.5, 20, "playback")
    assert state(page)["lit"] == []


def test_missing_container_is_not_an_error(open_page, site):  # type: ignore[no-untyped-def]
    page = open_page()
    _embed(page, site, f'<hark-player article="{site.demo_id}" for="#nowhere"></hark-player>')
    player_ready(page)
    wait_for(lambda: "wasn't found" in shadow(page, ".msg").inner_text(), 15, "the message")
    assert page.get_by_role("button", name="Listen").is_enabled()


def test_article_still_being_narrated_says_preparing_then_plays(open_page, site):  # type: ignore[no-untyped-def]
    from hark.service.keys import create_key, store_of

    key = create_key(store_of(site.settings), "edges")
    sentences = " ".join(f"Stall number {n} at the harbour market sold fresh bread, cheese and apples on Sunday morning."
                         for n in range(1, 25))
    text = f"Market day returns to the harbour\n\n{sentences}\n\nThe market will be back next week."
    r = httpx.post(f"{site.url}/v1/articles", json={"text": text}, headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 202, r.text
    article_id = r.json()["id"]
    page = open_page()
    page.add_init_script("window.__said = []; new MutationObserver(() => {}).observe(document, {childList: true});")
    page.goto(f"{site.url}/articles/{article_id}")
    player_ready(page)
    if site.article(article_id)["status"] != "ready":
        assert "Preparing audio" in shadow(page, ".status").inner_text()
    page.get_by_role("button", name="Listen").click()
    wait_for(lambda: state(page)["currentTime"] > 0.5, 60, "playback of the streaming narration")
    assert "Preparing" not in state(page)["status"]  # sound is coming out: the row says what is playing
    wait_for(lambda: site.article(article_id)["status"] == "ready", 180, "the narration to finish")
    wait_for(lambda: state(page)["lit"] != [], 30, "highlighting once the timings arrive")
    s = state(page)
    assert s["lit"] == [s["word"]["text"]]


def test_beacons_and_media_session(open_page, site):  # type: ignore[no-untyped-def]
    page = open_page()
    # Record what the player hands to sendBeacon (the beacon still goes to the service).
    page.add_init_script("""window.__beacons = []; const send = navigator.sendBeacon.bind(navigator);
      navigator.sendBeacon = (url, blob) => { blob.text().then((t) => window.__beacons.push({url, type: blob.type, body: JSON.parse(t)})); return send(url, blob); };""")
    beacons = lambda: page.evaluate("window.__beacons")  # noqa: E731
    page.goto(f"{site.url}/")
    player_ready(page)
    page.get_by_role("button", name="Listen").click()
    wait_for(lambda: state(page)["currentTime"] > 1, 20, "playback")
    shadow(page, ".chip.rate").click()  # the speed menu
    page.get_by_role("button", name="Fast").click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Forward 15 seconds").click()
    page.get_by_role("button", name="Pause").click()
    wait_for(lambda: {"load", "play", "pause", "seek", "ratechange", "paragraph"} <= {b["body"]["type"] for b in beacons()}, 10,
             "the beacons")
    assert all(b["url"] == f"{site.url}/v1/events" and b["type"] == "application/json" for b in beacons())
    sent = [b["body"] for b in beacons()]
    for event in sent:
        assert event["article"] == site.demo_id and set(event) == {"article", "type", "session", "voice", "position_ms", "rate", "value"}
    assert len({e["session"] for e in sent}) == 1
    assert any(e["type"] == "ratechange" and e["value"] == 1.25 for e in sent)
    cookies = page.context.cookies()
    assert cookies == []
    meta = page.evaluate("({title: navigator.mediaSession.metadata.title, album: navigator.mediaSession.metadata.album,"
                         " art: navigator.mediaSession.metadata.artwork.length})")
    assert meta["title"] == site.article(site.demo_id)["title"] and meta["album"] and meta["art"] == 1


def test_without_the_highlight_api_words_are_wrapped_in_spans(open_page, site):  # type: ignore[no-untyped-def]
    page = open_page()
    page.add_init_script("delete window.Highlight;")  # an older browser
    page.goto(f"{site.url}/")
    player_ready(page)
    wait_for(lambda: page.locator("#story .hark-w").count() > 100, 15, "wrapped words")
    words = site.timings(site.demo_id)["segments"][2]["sentences"][0]["words"]
    page.evaluate("document.querySelector('hark-player').seekToWord(2, 0, 3)")
    assert page.locator("#story .hark-w.hark-on").inner_text() == words[3]["text"]
    assert page.locator("#story .hark-w.hark-in").count() == len(words) - 1  # the rest of its sentence, softly
    # The text reads the same as before (spans add no characters).
    assert words[0]["text"] in page.locator("#story .body p").first.inner_text()


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_follow_scroll_keeps_the_word_in_view(open_page, site, motion):  # type: ignore[no-untyped-def]
    page = open_page(width=390, height=700, mobile=True, reduced_motion=motion)
    page.goto(f"{site.url}/")
    player_ready(page)
    last = len(site.timings(site.demo_id)["segments"]) - 1
    page.get_by_role("button", name="Listen").click()
    page.evaluate(f"document.querySelector('hark-player').seekToWord({last}, 0, 0)")
    wait_for(lambda: page.evaluate("scrollY") > 300, 10, "the page to follow the reading")
    top = "[...CSS.highlights.get('hark-word')][0].getBoundingClientRect().top"
    wait_for(lambda: 0 <= page.evaluate(top) <= 700, 5, "the lit word on screen")  # smooth scrolling takes a moment
    page.get_by_role("button", name="Pause").click()


def test_follow_scroll_stands_back_after_the_reader_scrolls_away(open_page, site):  # type: ignore[no-untyped-def]
    page = open_page(width=390, height=700, mobile=True)
    page.goto(f"{site.url}/")
    player_ready(page)
    page.get_by_role("button", name="Listen").click()
    wait_for(lambda: state(page)["word"] is not None, 20, "the first lit word")
    # A scroll with no wheel or touch event, like dragging the scrollbar: the lit word is now far above.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    bottom = page.evaluate("scrollY")
    first = state(page)["word"]
    wait_for(lambda: state(page)["word"] != first, 10, "the reading to move on")
    page.wait_for_timeout(1500)  # several words on: each would have scrolled the page back up
    assert not state(page)["paused"] and page.evaluate("scrollY") == bottom
    page.get_by_role("button", name="Pause").click()


def test_without_javascript_the_page_still_reads_and_plays(browser, site):  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site.url}/")
        assert page.locator("hark-player audio[controls]").is_visible()
        assert page.locator("#story .body p").count() >= 3 and page.locator("h1").is_visible()
    finally:
        context.close()


def test_changing_the_article_attribute_loads_the_other_article(open_page, site):  # type: ignore[no-untyped-def]
    from hark.service.keys import create_key, store_of

    key = create_key(store_of(site.settings), "switch")
    text = ("Bridge repairs finish early\n\nResidents gathered at the town hall on Monday evening to hear the plans, "
            "and most of them said they were pleased with what they heard from the council and the engineers.")
    other = httpx.post(f"{site.url}/v1/articles", json={"text": text}, headers={"Authorization": f"Bearer {key}"}).json()["id"]
    wait_for(lambda: site.article(other)["status"] == "ready", 120, "the other article")
    page = open_page(f"{site.url}/")
    player_ready(page)
    page.evaluate(f"document.querySelector('hark-player').setAttribute('article', '{other}')")
    wait_for(lambda: page.evaluate("document.querySelector('hark-player').duration")
             == pytest.approx(site.article(other)["narrations"][0]["duration_ms"] / 1000), 15, "the other article's audio")
    assert "differs from the narration" in shadow(page, ".msg").inner_text()  # its text is not on this page


def test_timings_unavailable_still_plays(open_page, site):  # type: ignore[no-untyped-def]
    page = open_page(allow=NETWORK_NOISE)
    page.route(re.compile(r".*/timings\?.*"), lambda route: route.fulfill(status=503, content_type="application/problem+json",
                                                                         body='{"title": "busy"}'))
    page.goto(f"{site.url}/")
    player_ready(page)
    assert "can't be highlighted" in shadow(page, ".msg").inner_text()
    page.get_by_role("button", name="Listen").click()
    wait_for(lambda: state(page)["currentTime"] > 0.5, 20, "playback without timings")
    assert state(page)["word"] is None
    page.get_by_role("button", name="Pause").click()


def test_host_page_themes_the_player(open_page, site):  # type: ignore[no-untyped-def]
    page = open_page()
    _embed(page, site, '<style>hark-player{--hark-accent:rgb(200, 0, 0);--hark-radius:0px}</style>'
                       f'<article><hark-player article="{site.demo_id}"></hark-player></article>')
    player_ready(page)
    listen = page.get_by_role("button", name="Listen")
    assert listen.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(200, 0, 0)"
    assert shadow(page, ".box").evaluate("b => getComputedStyle(b).borderRadius") == "0px"
    # A wide container (the whole window here) has room for the paragraph jumps in the row.
    for name in ("Previous paragraph", "Next paragraph"):
        assert page.get_by_role("button", name=name, exact=True).is_visible(), name
    # ::part lets the publisher restyle pieces from outside the shadow root.
    page.add_style_tag(content="hark-player::part(speed){text-transform:uppercase}")
    assert shadow(page, ".chip.rate").evaluate("b => getComputedStyle(b).textTransform") == "uppercase"
    # A reader in dark mode on a page that is always light: theme="light" keeps the player light.
    page.emulate_media(color_scheme="dark")
    bg = "b => getComputedStyle(b).backgroundColor"
    assert shadow(page, ".box").evaluate(bg) != "rgb(255, 255, 255)"
    page.evaluate("document.querySelector('hark-player').setAttribute('theme', 'light')")
    assert shadow(page, ".box").evaluate(bg) == "rgb(255, 255, 255)"
    assert listen.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(200, 0, 0)"  # the page's own theme still wins


def test_url_attribute_for_a_page_never_narrated(open_page, site):  # type: ignore[no-untyped-def]
    page = open_page(allow=NETWORK_NOISE)
    _embed(page, site, '<article><p>Text.</p><hark-player url="https://news.example/never-narrated"></hark-player></article>')
    wait_for(lambda: "hasn't been narrated yet" in shadow(page, ".msg").inner_text(), 15, "the message")
