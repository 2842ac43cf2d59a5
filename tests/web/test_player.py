"""<hark-player> in Debian's Chromium against the real service: listen, words lit in order, speeds, voices, keyboard.

Every test fails on a console error or an uncaught page error (see `open_page`).
"""

from __future__ import annotations

import math
import time
from typing import Any

import pytest

from tests.web.conftest_player import ARTIFACTS, SECOND_VOICE, browser, open_page, player_ready, shadow, site, state, wait_for, settled  # noqa: F401

pytestmark = pytest.mark.browser

RECORD_WORDS = """
  window.__words = []; window.__events = [];
  for (const type of ['hark:word', 'hark:ratechange', 'hark:voicechange', 'hark:ended'])
    document.addEventListener(type, (e) => (type === 'hark:word' ? window.__words : window.__events).push({type, detail: e.detail}));
"""


def _fresh(open_page, site, **options):  # type: ignore[no-untyped-def]
    page = open_page(**options)
    page.add_init_script(RECORD_WORDS)
    page.goto(f"{site.url}/")
    player_ready(page)
    return page


def _speed_menu(page: Any) -> None:
    """Open the speed popover (the presets and the slider live there)."""
    if shadow(page, "#speed").is_hidden():
        shadow(page, ".chip.rate").click()
    assert page.get_by_role("group", name="Choose your listening speed").is_visible()


def _wpm(rate: float, base: float) -> int:
    """The player's rounding (JavaScript's Math.round: halves up, not to even)."""
    return math.floor(rate * base + 0.5)


def _words(timings: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(w, segment=s, sentence=n, word=i) for s, seg in enumerate(timings["segments"])
            for n, sen in enumerate(seg["sentences"]) for i, w in enumerate(sen["words"])]


def test_demo_page_shows_the_article_and_a_player_with_named_controls(open_page, site):  # type: ignore[no-untyped-def]
    page = _fresh(open_page, site)
    article = site.article(site.demo_id)
    assert page.locator("h1").inner_text() == article["title"]
    assert page.get_by_text(f"Reading Time: {article['reading_minutes']} minute").is_visible()
    assert page.locator(".byline").is_visible()
    for name in ("Listen", "Select Voice", "Back 15 seconds", "Forward 15 seconds"):
        assert page.get_by_role("button", name=name, exact=True).is_visible(), name
    assert page.get_by_role("slider", name="Seek").is_visible()
    s = state(page)
    base = site.timings(site.demo_id)["voice"]["base_wpm"]
    assert s["paused"] and s["rate"] == 1 and math.isclose(s["duration"], article["narrations"][0]["duration_ms"] / 1000)
    chip = page.get_by_role("button", name=f"1x · {_wpm(1, base)} WPM", exact=True)  # the speed chip
    assert chip.is_visible() and chip.get_attribute("aria-expanded") == "false"
    # Before the first play: one figure, the listening time at the chosen speed; no "Preparing audio…".
    assert s["status"] == f"Listen · {round(s['duration'] / 60)} min"
    _speed_menu(page)
    assert chip.get_attribute("aria-expanded") == "true"
    for name in ("Slow", "Average", "Fast"):
        assert page.get_by_role("button", name=name, exact=True).is_visible(), name
    assert page.get_by_role("slider", name="Listening speed").is_visible()
    assert shadow(page, "#speed").inner_text().count("Get through articles 2x faster") == 1
    page.keyboard.press("Escape")  # closes the menu, focus back on its button
    assert shadow(page, "#speed").is_hidden() and chip.evaluate("b => b.getRootNode().activeElement === b")


def test_listen_plays_and_lights_each_word_in_reading_order(open_page, site):  # type: ignore[no-untyped-def]
    page = _fresh(open_page, site)
    page.get_by_role("button", name="Listen").click()  # a real click: the autoplay policy wants a gesture
    assert page.get_by_role("button", name="Pause").is_visible()
    wait_for(lambda: page.evaluate("window.__words.length") >= 12, 30, "a dozen hark:word events")
    checks = []
    for _ in range(6):  # sample the highlight while it moves
        s = state(page)
        checks.append((s["word"]["text"] if s["word"] else None, s["lit"]))
        page.wait_for_function("n => window.__words.length > n", arg=page.evaluate("window.__words.length"))
    page.get_by_role("button", name="Pause").click()
    s = state(page)
    assert s["paused"] and s["currentTime"] > 1
    events = page.evaluate("window.__words.map(e => e.detail)")
    order = [(e["segment"], e["sentence"], e["word"]) for e in events]
    assert order == sorted(order) and len(set(order)) == len(order), order
    timed = _words(site.timings(site.demo_id))
    assert order[0] == (0, 0, 0) and [e["text"] for e in events] == [w["text"] for w in timed[: len(events)]]
    for word, lit in checks:
        assert word is not None and lit == [word], (word, lit)


def test_speed_label_follows_the_slider_presets_and_playback_rate(open_page, site):  # type: ignore[no-untyped-def]
    page = _fresh(open_page, site)
    base = site.timings(site.demo_id)["voice"]["base_wpm"]
    _speed_menu(page)
    slider = page.get_by_role("slider", name="Listening speed")
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    s = state(page)
    assert s["rate"] == pytest.approx(1.25) and s["playbackRate"] == pytest.approx(1.25) and s["preservesPitch"]
    assert shadow(page, ".rate").inner_text() == f"1.25x · {_wpm(1.25, base)} WPM"
    assert page.get_by_role("button", name="Fast").get_attribute("aria-pressed") == "true"
    slider.fill("1.7")  # any rate 0.5–2 in 0.05 steps
    assert shadow(page, ".rate").inner_text() == f"1.7x · {_wpm(1.7, base)} WPM"
    assert state(page)["playbackRate"] == pytest.approx(1.7)
    page.get_by_role("button", name="Slow").click()
    s = state(page)
    assert s["rate"] == pytest.approx(0.75) and s["playbackRate"] == pytest.approx(0.75) and s["wpm"] == _wpm(0.75, base)
    assert s["status"] == f"Listen · {round(s['duration'] / 0.75 / 60)} min"  # the listening time at 0.75x
    # The choice follows the reader to the next page (localStorage), and is applied while playing.
    page.reload()
    player_ready(page)
    page.get_by_role("button", name="Listen").click()
    wait_for(lambda: state(page)["currentTime"] > 0.5, 20, "playback")
    s = state(page)
    assert s["rate"] == pytest.approx(0.75) and s["playbackRate"] == pytest.approx(0.75)
    assert page.evaluate("window.__events.filter(e => e.type === 'hark:ratechange').length") == 0
    left = shadow(page, ".time").inner_text()  # one remaining figure, at the chosen speed
    m, sec = left.removesuffix(" left").split(":")
    assert (s["duration"] - state(page)["currentTime"]) / 0.75 == pytest.approx(int(m) * 60 + int(sec), abs=2)
    assert "Preparing" not in state(page)["status"]
    _speed_menu(page)
    page.get_by_role("button", name="Average").click()
    assert page.evaluate("window.__events.at(-1)") == {"type": "hark:ratechange", "detail": {"rate": 1, "wpm": _wpm(1, base)}}


def test_click_on_a_word_seeks_to_its_start(open_page, site):  # type: ignore[no-untyped-def]
    page = _fresh(open_page, site)
    target = next(w for w in _words(site.timings(site.demo_id)) if w["text"] == "cattle")
    box = page.evaluate("""(word) => {
      const walker = document.createTreeWalker(document.querySelector('#story .body'), NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = n.data.indexOf(word);
        if (at < 0) continue;
        const r = document.createRange(); r.setStart(n, at); r.setEnd(n, at + word.length);
        const b = r.getBoundingClientRect(); return {x: b.x + b.width / 2, y: b.y + b.height / 2};
      }
    }""", "cattle")
    page.mouse.click(box["x"], box["y"])
    s = state(page)
    assert s["word"] == {"segment": target["segment"], "sentence": target["sentence"], "word": target["word"], "text": "cattle"}
    assert s["currentTime"] == pytest.approx(target["start_ms"] / 1000, abs=0.05)
    assert s["lit"] == ["cattle"]
    # seekToWord is the same jump from script.
    first = _words(site.timings(site.demo_id))[0]
    assert page.evaluate("document.querySelector('hark-player').seekToWord(0, 0, 0)") is True
    assert state(page)["currentTime"] == pytest.approx(first["start_ms"] / 1000, abs=0.05)
    assert page.evaluate("document.querySelector('hark-player').seekToWord(99, 0, 0)") is False


def _focused(page: Any) -> str | None:
    return page.evaluate("""() => {
      const host = document.activeElement;
      const el = host && host.shadowRoot ? host.shadowRoot.activeElement : host;
      return el ? (el.getAttribute('aria-label') || el.textContent.trim() || el.tagName) : null;
    }""")


def test_keyboard_only_listening(open_page, site):  # type: ignore[no-untyped-def]
    page = _fresh(open_page, site)
    for _ in range(8):
        page.keyboard.press("Tab")
        if _focused(page) == "Listen":
            break
    assert _focused(page) == "Listen"
    outline = page.evaluate("getComputedStyle(document.querySelector('hark-player').shadowRoot.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    page.keyboard.press("Enter")
    wait_for(lambda: state(page)["currentTime"] > 0.3, 20, "playback from Enter")
    assert _focused(page) == "Pause"
    page.keyboard.press("Space")
    assert state(page)["paused"]
    before = state(page)["currentTime"]
    page.keyboard.press("ArrowRight")
    assert state(page)["currentTime"] == pytest.approx(before + 15, abs=0.3)
    page.keyboard.press("ArrowLeft")
    assert state(page)["currentTime"] == pytest.approx(before, abs=0.3)
    segments = site.timings(site.demo_id)["segments"]
    page.keyboard.press("Shift+ArrowRight")
    s = state(page)
    assert s["word"]["word"] == 0 and s["word"]["sentence"] == 0 and s["word"]["segment"] >= 1
    assert s["currentTime"] == pytest.approx(segments[s["word"]["segment"]]["sentences"][0]["start_ms"] / 1000, abs=0.05)
    page.keyboard.press("+")
    assert state(page)["rate"] == pytest.approx(1.25)
    page.keyboard.press("-")
    assert state(page)["rate"] == pytest.approx(1.0)
    for _ in range(10):  # past the seek bar, the skips and the speed chip
        page.keyboard.press("Tab")
        if _focused(page) == "Select Voice":
            break
    assert _focused(page) == "Select Voice"
    page.keyboard.press("Enter")
    assert shadow(page, "#voices").is_visible()
    assert page.evaluate("document.querySelector('hark-player').shadowRoot.activeElement.type") == "radio"
    page.keyboard.press("Escape")
    assert not shadow(page, "#voices").is_visible() and _focused(page) == "Select Voice"
    assert page.locator("hark-player [role=status]").inner_text() != ""


def test_voice_change_resumes_at_the_same_sentence(open_page, site):  # type: ignore[no-untyped-def]
    page = _fresh(open_page, site)
    page.get_by_role("button", name="Listen").click()
    page.evaluate("document.querySelector('hark-player').seekToWord(3, 0, 2)")
    wait_for(lambda: (state(page)["word"] or {}).get("word", 0) >= 3, 20, "playback past the seek")
    page.get_by_role("button", name="Pause").click()
    place = state(page)["word"]
    page.get_by_role("button", name="Select Voice").click()
    page.locator(f"hark-player input[value='{SECOND_VOICE}']").check()
    wait_for(lambda: "Preparing audio" in shadow(page, ".msg").inner_text(), 5, "Preparing audio…")
    wait_for(lambda: page.evaluate("window.__events.some(e => e.type === 'hark:voicechange')"), 240, "the new voice")
    wait_for(lambda: state(page)["voice"] == SECOND_VOICE and state(page)["word"] is not None, 20, "the new voice's place")
    s = state(page)
    assert (s["word"]["segment"], s["word"]["sentence"]) == (place["segment"], place["sentence"])
    start = site.timings(site.demo_id, SECOND_VOICE)["segments"][place["segment"]]["sentences"][place["sentence"]]["start_ms"]
    assert s["currentTime"] == pytest.approx(start / 1000, abs=0.1)
    page.get_by_role("button", name="Listen").click()
    wait_for(lambda: state(page)["currentTime"] > start / 1000 + 0.5, 20, "playback in the new voice")
    assert (state(page)["word"]["segment"], state(page)["word"]["sentence"]) >= (place["segment"], place["sentence"])
    # The choice is remembered for the next article.
    assert page.evaluate("JSON.parse(localStorage.getItem('hark:choice')).voice") == SECOND_VOICE
    page.evaluate("localStorage.clear()")


def _height(page: Any) -> float:
    return page.evaluate("document.querySelector('hark-player').getBoundingClientRect().height")  # type: ignore[no-any-return]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width,height,name", [(1280, 900, "desktop"), (390, 844, "phone")])
def test_screenshots(open_page, site, scheme, width, height, name):  # type: ignore[no-untyped-def]
    """Compact (one row on a desktop, <= 140 px everywhere before a menu opens), menus over the page, both schemes."""
    page = _fresh(open_page, site, width=width, height=height, scheme=scheme, mobile=name == "phone")
    page.evaluate("document.querySelector('hark-player').seekToWord(1, 0, 4)")  # a lit word in the shot
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing sticks out sideways
    bg = page.evaluate("getComputedStyle(document.querySelector('hark-player').shadowRoot.querySelector('.box')).backgroundColor")
    assert (bg == "rgb(255, 255, 255)") == (scheme == "light")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"player-{name}-{scheme}.png"), full_page=False)
    collapsed = _height(page)
    assert collapsed <= (72 if name == "desktop" else 140), collapsed
    for menu, button in (("speed", ".chip.rate"), ("voices", ".voice-btn")):
        shadow(page, button).click()
        pop = shadow(page, f"#{menu}")
        settled(page)
        assert pop.is_visible() and _height(page) == collapsed  # a popover, over the page: the player does not grow
        box = pop.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box  # on screen, also on a phone
        page.screenshot(path=str(ARTIFACTS / f"player-{name}-{scheme}-{menu}.png"), full_page=False)
        page.keyboard.press("Escape")
        assert pop.is_hidden()


def test_a_mini_player_docks_while_playing_out_of_view(open_page, site):  # type: ignore[no-untyped-def]
    page = _fresh(open_page, site, width=390, height=700, mobile=True)
    player = page.locator("hark-player")
    player.evaluate("p => p.removeAttribute('follow')")  # follow-scroll would bring the player back into view
    place = _height(page)
    page.get_by_role("button", name="Listen").click()
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("document.querySelector('hark-player').hasAttribute('docked')")
    box = shadow(page, ".box").bounding_box()
    assert box["y"] + box["height"] <= 700 and box["y"] > 700 - 150  # along the bottom of the window
    assert _height(page) == pytest.approx(place, abs=1)  # its place in the page is kept: nothing jumps
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "player-phone-docked.png"))
    page.get_by_role("button", name="Pause").click()  # still reachable while docked
    assert state(page)["paused"] and player.get_attribute("docked") is not None
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function("!document.querySelector('hark-player').hasAttribute('docked')")


def test_enter_on_a_selected_word_seeks_there(open_page, site):  # type: ignore[no-untyped-def]
    page = _fresh(open_page, site)
    target = next(w for w in _words(site.timings(site.demo_id)) if w["text"] == "estuary")
    page.evaluate("""(word) => {
      const walker = document.createTreeWalker(document.querySelector('#story .body'), NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = n.data.indexOf(word);
        if (at >= 0) { getSelection().setBaseAndExtent(n, at + 1, n, at + 1); return; }
      }
    }""", "estuary")
    page.keyboard.press("Enter")
    s = state(page)
    assert s["word"]["text"] == "estuary" and s["currentTime"] == pytest.approx(target["start_ms"] / 1000, abs=0.05)


def test_position_is_remembered_per_article(open_page, site):  # type: ignore[no-untyped-def]
    page = _fresh(open_page, site)
    page.evaluate("document.querySelector('hark-player').seekToWord(2, 1, 3)")
    page.get_by_role("button", name="Listen").click()
    wait_for(lambda: state(page)["currentTime"] > 0 and not state(page)["paused"], 20, "playback")
    page.get_by_role("button", name="Pause").click()
    place = state(page)["word"]
    page.reload()
    player_ready(page)
    wait_for(lambda: state(page)["word"] is not None, 10, "the saved place")
    s = state(page)
    start = site.timings(site.demo_id)["segments"][place["segment"]]["sentences"][place["sentence"]]["start_ms"]
    assert (s["word"]["segment"], s["word"]["sentence"]) == (place["segment"], place["sentence"])
    assert s["currentTime"] == pytest.approx(start / 1000, abs=0.1)  # back to the start of that sentence
    assert "Resumes at" in page.locator("hark-player [role=status]").inner_text()


def test_voice_preview_plays_a_few_seconds(open_page, site):  # type: ignore[no-untyped-def]
    page = _fresh(open_page, site)
    page.get_by_role("button", name="Select Voice").click()
    voice = site.article(site.demo_id)["narrations"][0]["voice"]
    preview = page.locator(f"hark-player button[data-voice='{voice}']")
    assert preview.get_attribute("aria-label").startswith("Preview ")
    preview.click()
    probe = "document.querySelector('hark-player').shadowRoot.querySelector('audio.preview')"
    wait_for(lambda: page.evaluate(f"{probe}.currentTime") > 0.3, 15, "the preview to play")
    assert state(page)["paused"]  # the article waits while the preview plays
    wait_for(lambda: page.evaluate(f"{probe}.paused"), 15, "the preview to stop by itself")
    assert page.evaluate(f"{probe}.currentTime") < 6.5


def test_screenshot_voice_panel_on_a_phone(open_page, site):  # type: ignore[no-untyped-def]
    page = _fresh(open_page, site, width=390, height=844, mobile=True)
    page.get_by_role("button", name="Select Voice").click()
    assert page.get_by_role("radio").count() >= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("hark-player").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "player-phone-voices.png"))


def test_fast_listening_shortens_the_pause_between_paragraphs(open_page, site):  # type: ignore[no-untyped-def]
    timings = site.timings(site.demo_id)
    seg = 2
    last = timings["segments"][seg]["sentences"][-1]
    nxt = timings["segments"][seg + 1]["sentences"][0]
    audio_gap = nxt["words"][0]["start_ms"] - last["words"][-1]["end_ms"]
    assert audio_gap > 400  # a paragraph pause worth shortening
    page = _fresh(open_page, site)
    page.evaluate("""() => { window.__stamps = [];
      document.addEventListener('hark:word', (e) => window.__stamps.push([e.detail.segment, e.detail.sentence, e.detail.word, performance.now()]));
      const a = document.querySelector('hark-player').shadowRoot.querySelector('audio.main');
      window.__jumps = []; a.addEventListener('seeking', () => window.__jumps.push(a.currentTime * 1000)); }""")
    _speed_menu(page)
    page.get_by_role("slider", name="Listening speed").fill("2")
    page.keyboard.press("Escape")
    n = len(last["words"])
    page.evaluate(f"document.querySelector('hark-player').seekToWord({seg}, {len(timings['segments'][seg]['sentences']) - 1}, {n - 3})")
    page.get_by_role("button", name="Listen").click()
    wait_for(lambda: page.evaluate(f"window.__stamps.some(s => s[0] === {seg + 1} && s[2] === 1)"), 20, "the next paragraph")
    page.get_by_role("button", name="Pause").click()
    # Inside the silence the player jumped forward once, keeping gap / rate² of it (a quarter at 2x),
    # and the last word of the paragraph was heard before the jump. (Wall-clock pause lengths are
    # not asserted: a seek in a loaded headless browser can stall for longer than the saving.)
    words = page.evaluate("window.__stamps")
    assert any(s[0] == seg and s[2] == n - 1 for s in words)
    jumps = [ms for ms in page.evaluate("window.__jumps") if last["words"][-1]["end_ms"] < ms < nxt["words"][0]["start_ms"]]
    assert len(jumps) == 1 and jumps[0] == pytest.approx(nxt["words"][0]["start_ms"] - audio_gap / 4, abs=2)


def test_end_of_article(open_page, site):  # type: ignore[no-untyped-def]
    timings = site.timings(site.demo_id)
    seg = len(timings["segments"]) - 1
    sen = len(timings["segments"][seg]["sentences"]) - 1
    page = _fresh(open_page, site)
    page.evaluate(f"document.querySelector('hark-player').seekToWord({seg}, {sen}, 0)")
    page.get_by_role("button", name="Listen").click()
    wait_for(lambda: page.evaluate("window.__events.some(e => e.type === 'hark:ended')"), 30, "hark:ended")
    assert page.get_by_role("button", name="Listen").is_visible()
    assert page.evaluate(f"localStorage.getItem('hark:position:{site.demo_id}')") is None
    assert page.locator("hark-player [role=status]").inner_text() == "Finished."


def test_a_token_said_as_several_words_stays_lit(open_page, site):  # type: ignore[no-untyped-def]
    # "£380,000" is said "three hundred and eighty thousand pounds": one displayed token, ~2 s of speech.
    token = max((w for w in _words(site.timings(site.demo_id)) if any(c.isdigit() for c in w["text"])),
                key=lambda w: w["end_ms"] - w["start_ms"])
    assert token["end_ms"] - token["start_ms"] > 1000
    page = _fresh(open_page, site)
    page.evaluate(f"document.querySelector('hark-player').seekToWord({token['segment']}, {token['sentence']}, {token['word']})")
    page.get_by_role("button", name="Listen").click()
    seen = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        s = state(page)
        if s["currentTime"] * 1000 >= token["end_ms"] - 50:
            break
        seen.append((round(s["currentTime"] * 1000), s["lit"]))
        page.wait_for_function("t => document.querySelector('hark-player').currentTime > t", arg=s["currentTime"] + 0.1)
    page.get_by_role("button", name="Pause").click()
    assert len(seen) >= 5 and all(lit == [token["text"]] for _, lit in seen), seen


def test_arrowing_through_voices_requests_nothing(open_page, site):  # type: ignore[no-untyped-def]
    page = open_page()
    page.clock.install()  # time still flows; run_for below fast-forwards the settle delay instead of sleeping
    page.add_init_script(RECORD_WORDS)
    page.goto(f"{site.url}/")
    player_ready(page)
    posts: list[str] = []
    page.on("request", lambda r: r.method == "POST" and "/narrations" in r.url and posts.append(r.url))
    page.get_by_role("button", name="Select Voice").click()  # focus lands on the checked voice
    before = state(page)["voice"]
    for key in ("ArrowDown", "ArrowDown", "ArrowUp", "ArrowUp"):
        page.keyboard.press(key)
    page.clock.run_for(1200)  # past the player's settle delay, on the page's own clock
    assert posts == [] and state(page)["voice"] == before
    assert page.evaluate("document.querySelector('hark-player').shadowRoot.activeElement.value") == before


def test_the_speed_range_is_the_one_the_service_publishes(open_page, site):  # type: ignore[no-untyped-def]
    # The player must take its range from GET /v1/voices, not restate it: narrow the published range on the way.
    def narrowed(route):  # type: ignore[no-untyped-def]
        body = route.fetch().json()
        assert {"rate_min", "rate_max", "rate_step"} <= set(body)
        route.fulfill(json={**body, "rate_min": 0.75, "rate_max": 1.5, "rate_step": 0.25})

    page = open_page()
    page.route("**/v1/voices", narrowed)
    page.goto(f"{site.url}/")
    player_ready(page)
    slider = shadow(page, ".rate-slider")
    wait_for(lambda: slider.get_attribute("max") == "1.5", 15, "the published range on the slider")
    assert (slider.get_attribute("min"), slider.get_attribute("step")) == ("0.75", "0.25")
    page.evaluate("document.querySelector('hark-player').rate = 2")
    assert state(page)["rate"] == 1.5
    page.evaluate("document.querySelector('hark-player').rate = 1.1")
    assert state(page)["rate"] == 1.0
