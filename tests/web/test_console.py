"""The console in Debian's Chromium: sign in with a key, an article's figures and drop-off chart after scripted
listens, the site by day, lexicon add / hear / delete, keys, feeds, re-narrate and delete, the reader-voice menu,
a reader's "sounds wrong" from the player accepted in the console; CSRF and cookie flags. Screenshots of every
page (desktop/phone, light/dark) are in test_console_look.py."""

from __future__ import annotations

import secrets

import httpx
import pytest

from tests.web.conftest_player import ARTIFACTS, browser, open_page, player_ready, shadow, state  # noqa: F401
from tests.web.test_figures import FILLER, listen, publish

pytestmark = pytest.mark.browser


@pytest.fixture
def console(settings_factory, live_server, poll):  # type: ignore[no-untyped-def]
    from hark.service.keys import create_key, store_of

    settings = settings_factory(test_voice=True, default_voice="test:tone")
    base = live_server(settings)
    key = create_key(store_of(settings), "console tests")
    auth = {"Authorization": f"Bearer {key}"}
    article_id = publish(base, auth, poll, "The wall was mended in May.", "Boats may moor there again.")
    listen(base, article_id, "s-all", paragraphs=4, deciles=10, rate=1.0, complete=True)
    listen(base, article_id, "s-half", paragraphs=2, deciles=4, rate=1.5)
    return base, key, article_id


def _sign_in(page, base: str, key: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/console")
    assert page.url.endswith("/console/sign-in")
    page.fill("input[name=key]", key)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/console")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_console_sign_in_figures_lexicon(console, open_page):  # type: ignore[no-untyped-def]
    base, key, article_id = console
    page = open_page(f"{base}/console/sign-in")
    page.fill("input[name=key]", "hark_not-a-key")
    page.click("button[type=submit]")
    assert "not valid" in page.text_content("[role=alert]")

    _sign_in(page, base, key)
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "hark_console"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    row = page.locator("tbody tr").first
    assert "Harbour wall" in row.text_content() and "ready" in row.text_content() and "50%" in row.text_content()

    page.click("text=Harbour wall")
    page.wait_for_selector(".light-only svg")
    titles = page.eval_on_selector_all(".light-only svg title", "ts => ts.map(t => t.textContent)")
    assert len(titles) == 4 and titles[3].startswith("Boats may moor there again.") and "50%" in titles[3]
    assert "Plays2" in page.text_content(".figures").replace(" ", "").replace("\n", "")
    csv_text = page.request.get(f"{base}/console/articles/{article_id}/figures.csv").text()
    assert csv_text.splitlines()[0].startswith("article,loads,plays") and len(csv_text.splitlines()) == 5

    # The site by day: today's loads and plays, a bar titled with the day's figures, a CSV.
    page.click("nav >> text=Figures")
    today = page.text_content("#days tbody tr td")
    assert "2 plays" in " ".join(page.eval_on_selector_all(".light-only svg title", "ts => ts.map(t => t.textContent)"))
    assert page.locator("#days tbody tr").first.text_content().startswith(today) and "Plays2" in \
        page.text_content(".figures").replace(" ", "").replace("\n", "")
    daily = page.request.get(f"{base}/console/figures/daily.csv").text().splitlines()
    assert daily[0] == "day,loads,plays,completions,play_rate" and daily[-1].startswith(f"{today},2,2,1,")

    # A form without the session's CSRF token is refused, even with the cookie.
    forged = page.request.post(f"{base}/console/lexicon", form={"word": "Zyx", "respelling": "Zee"})
    assert forged.status == 401

    page.goto(f"{base}/console/lexicon")
    page.fill("input[name=word]", "Zyx")
    page.fill("input[name=respelling]", "Zee why ex")
    page.select_option("select[name=voice]", "test:tone")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#lexicon td:text-is('Zyx')")
    src = page.get_attribute("#lexicon tr:has(td:text-is('Zyx')) audio", "src")
    heard = page.request.get(base + src)
    assert heard.status == 200 and heard.headers["content-type"] == "audio/mpeg" and len(heard.body()) > 1000
    assert any(e["word"] == "Zyx" and e["voice"] == "test:tone"
               for e in httpx.get(f"{base}/v1/lexicon").json()["entries"])
    page.click("#lexicon tr:has(td:text-is('Zyx')) button.danger")
    page.wait_for_selector("#lexicon td:text-is('Zyx')", state="detached")

    page.goto(f"{base}/console/keys")
    page.fill("input[name=name]", "newsroom")
    page.click("form.card button[type=submit]")
    made = page.text_content("#new-key")
    assert httpx.get(f"{base}/v1/articles/{article_id}/figures",
                     headers={"Authorization": f"Bearer {made}"}).status_code == 200
    page.click("tr:has(td:text-is('newsroom')) button.danger")
    page.wait_for_selector("tr:has(td:text-is('newsroom')) >> text=revoked")
    assert httpx.get(f"{base}/v1/articles/{article_id}/figures",
                     headers={"Authorization": f"Bearer {made}"}).status_code == 401


WORD_AT = """(word) => {
  const root = document.querySelector('#story [data-hark-body]');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const i = n.data.indexOf(word);
    if (i < 0) continue;
    const r = document.createRange(); r.setStart(n, i + 1); r.setEnd(n, i + 2);
    const b = r.getBoundingClientRect();
    return {x: b.left + b.width / 2, y: b.top + b.height / 2};
  }
  return null;
}"""


def _player_page(open_page, base: str, article_id: str):  # type: ignore[no-untyped-def]
    page = open_page(f"{base}/articles/{article_id}")
    player_ready(page)
    return page


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_reader_report_from_the_player_accepted_in_the_console(console, open_page, poll):  # type: ignore[no-untyped-def]
    from tests.web.test_pronunciation_fix import _narration, _publish

    base, key, _ = console
    auth = {"Authorization": f"Bearer {key}"}
    # A new word each run: the clip cache is shared by the session, and a cached clip is not synthesized.
    word = "Plonk" + "".join(secrets.choice("bdfgklmnprstvz") for _ in range(4))
    sentence = f"The ferry sails to {word} on Monday."
    article_id = _publish(base, auth, f"Ferry to {word}", f"{sentence} It is full.", "Tickets are cheap.")
    poll(lambda: _narration(base, article_id)["status"] == "ready", 60, what="the narration")
    before = _narration(base, article_id)

    # The reader: right-click (a long press on a phone) on the word in the article, then "Sounds wrong".
    reader = _player_page(open_page, base, article_id)
    poll(lambda: reader.evaluate("!!document.querySelector('hark-player').highlighter"), 20, what="words aligned")
    at = reader.evaluate(WORD_AT, word)
    reader.mouse.click(at["x"], at["y"], button="right")
    menu = shadow(reader, ".report")
    assert menu.is_visible()
    shadow(reader, "button:text('Sounds wrong')").click()
    poll(lambda: "Thanks" in state(reader)["message"], 10, what="the report's thanks")
    assert not menu.is_visible()
    # No key needed, but a burst is cut off with 429.
    sent = {"article": article_id, "word": word, "sentence": sentence, "voice": "test:tone"}
    assert 429 in [httpx.post(f"{base}/v1/reports", json=sent).status_code for _ in range(6)]

    page = open_page()
    _sign_in(page, base, key)
    page.goto(f"{base}/console/reports")
    rows = page.locator(f"#reports tr[data-word={word}]")
    assert rows.count() == 3  # a burst of 3 per address: the player's (the oldest, last) and two more
    row = rows.last
    assert sentence in row.text_content()
    # "Heard" plays just the reported sentence from the served narration (a media fragment).
    src = row.locator("audio.sentence").get_attribute("src")
    path, fragment = src.split("#t=")
    timings = httpx.get(base + before["timings_url"]).json()
    spans = [(s["start_ms"], s["end_ms"]) for seg in timings["segments"] for s in seg["sentences"]
             if seg["text"][s["char_start"]:s["char_end"]] == sentence]
    assert [f"{a / 1000:.2f},{b / 1000:.2f}" for a, b in spans] == [fragment]
    assert page.request.get(base + path).status == 200

    row.locator("input[name=respelling]").fill("Pee " + word.lower())
    row.locator("button:text('Accept fix')").click()
    page.wait_for_selector("#renarrated")
    assert page.locator(f"#reports tr[data-word={word}]").count() == 0  # every report of the word is closed
    poll(lambda: _narration(base, article_id)["version"] > before["version"]
         and _narration(base, article_id)["status"] == "ready", 60, what="the re-narration")
    after = _narration(base, article_id)
    # The title and one sentence say the word: only those two are made again.
    assert after["synthesized"] == 2 and after["sentences"] == before["sentences"]
    page.screenshot(path=str(ARTIFACTS / "console-reports-accepted-desktop-light.png"), full_page=True)

    # The player serves the new version: its audio is the new file and its timing map the new one.
    again = _player_page(open_page, base, article_id)
    src = again.evaluate("document.querySelector('hark-player').shadowRoot.querySelector('audio.main').src")
    assert src.endswith(f"&v={after['version']}") and after["version"] != before["version"]
    poll(lambda: again.evaluate("document.querySelector('hark-player').duration") * 1000 == after["duration_ms"],
         10, what="the new timing map")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_console_reader_voice_menu(console, open_page, live_server, settings_factory):  # type: ignore[no-untyped-def]
    base, key, article_id = console
    joe, heart, tone = "piper:en_US-joe-medium", "hibari:heart", "test:tone"
    first = httpx.get(f"{base}/v1/voices").json()
    assert {v["id"] for v in first["voices"]} == {joe, heart, tone}  # neural voices and the default, no formant ones
    assert first["defaults"]["en"] == tone and len(httpx.get(f"{base}/v1/voices?all=1").json()["voices"]) > 3

    page = open_page()
    _sign_in(page, base, key)
    page.click("nav >> text=Voices")
    page.locator(f"input[name=offer][value='{heart}']").uncheck()
    page.select_option("select[name=default-en]", joe)
    page.click("text=Save the menu")
    page.wait_for_url(f"{base}/console/voices")
    assert page.locator(f"input[name=offer][value='{joe}']").is_checked()
    assert not page.locator(f"input[name=offer][value='{heart}']").is_checked()
    assert page.locator("select[name=default-en]").input_value() == joe

    menu = httpx.get(f"{base}/v1/voices").json()
    assert {v["id"] for v in menu["voices"]} == {joe, tone} and menu["defaults"]["en"] == joe
    assert {v["id"]: v["reader"] for v in httpx.get(f"{base}/v1/voices?all=1").json()["voices"]}[heart] is False
    # A reader may not ask for a voice that is not offered; a new article is narrated in the new default.
    refused = httpx.post(f"{base}/v1/articles/{article_id}/narrations", json={"voice": heart})
    assert refused.status_code == 422 and "not one of the voices offered" in refused.json()["detail"]
    made = httpx.post(f"{base}/v1/articles", headers={"Authorization": f"Bearer {key}"},
                      json={"text": f"Bus times change\n\n{FILLER}"}).json()
    assert [n["voice"] for n in made["narrations"]] == [joe]

    # The player's "Select Voice" lists the menu.
    reader = _player_page(open_page, base, article_id)
    reader.get_by_role("button", name="Select Voice").click()
    offered = reader.eval_on_selector_all("hark-player input[name=hark-voice]", "xs => xs.map(x => x.value)")
    assert sorted(offered) == sorted([joe, tone])

    # Kept in the database: another server on the same database serves the same menu.
    other = live_server(settings_factory(test_voice=True, default_voice="test:tone"), workers=False)
    assert httpx.get(f"{other}/v1/voices").json()["defaults"]["en"] == joe


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_console_renarrate_feeds_delete(console, open_page, poll):  # type: ignore[no-untyped-def]
    from tests.web.test_feeds import FeedSite

    base, key, article_id = console
    page = open_page()
    _sign_in(page, base, key)
    page.goto(f"{base}/console/articles/{article_id}")
    page.click("button:text('Re-narrate')")
    page.wait_for_selector("#renarrating")

    def version() -> dict | None:
        (n,) = httpx.get(f"{base}/v1/articles/{article_id}").json()["narrations"]
        return n if n["version"] == 2 and n["status"] == "ready" else None

    n = poll(version, 60, what="the new version")
    assert n["synthesized"] == 0  # nothing changed: every sentence came from the clip cache

    site = FeedSite()
    try:
        site.items = {"a-1": (f"Quay works {secrets.token_hex(3)}", "Work finishes in May.")}
        page.click("nav >> text=Feeds")
        page.fill("input[name=url]", site.url)
        page.click("text=Add the feed")
        assert site.url in page.locator("#feeds tbody tr").first.text_content()

        def polled() -> bool:
            page.reload()
            return "ok" in page.locator("#feeds tbody tr").first.text_content()

        poll(polled, 60, what="the first poll's result")
        asked = len(site.requests)
        page.locator("#feeds tbody tr").first.locator("button:text('Poll now')").click()
        poll(lambda: len(site.requests) > asked, 30, what="the poll now")
    finally:
        site.server.shutdown()

    page.goto(f"{base}/console/articles/{article_id}")
    page.click("button:text('Delete the article')")
    page.wait_for_url(f"{base}/console")
    assert article_id not in page.content()
    assert httpx.get(f"{base}/v1/articles/{article_id}").status_code == 404


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_console_what_will_be_read(settings_factory, live_server, open_page, poll):  # type: ignore[no-untyped-def]
    from hark.service.keys import create_key, store_of
    from tests.web.test_extraction import PAGE

    settings = settings_factory(test_voice=True, default_voice="test:tone")
    base = live_server(settings)
    key = create_key(store_of(settings), "console tests")
    auth = {"Authorization": f"Bearer {key}"}
    tag = secrets.token_hex(3)
    article_id = httpx.post(f"{base}/v1/articles", json={"text": PAGE.format(tag=tag)}, headers=auth).json()["id"]

    def narrated(version: int) -> dict | None:
        (n,) = httpx.get(f"{base}/v1/articles/{article_id}").json()["narrations"]
        assert n["status"] != "failed", n
        return n if n["status"] == "ready" and n["version"] == version else None

    poll(lambda: narrated(1), 60, what="the first narration")  # so the override's is a second version
    page = open_page()
    _sign_in(page, base, key)
    page.goto(f"{base}/console/articles/{article_id}")
    privacy = page.locator("tr", has_text="Privacy Policy")
    assert "removed" in privacy.get_attribute("class") and not privacy.locator("input").is_checked()
    privacy.locator("input").check()
    ferry = page.locator("tr", has_text="The first ferry leaves at six")
    assert ferry.locator("input").is_checked()  # kept by the model: the publisher takes it out
    ferry.locator("input").uncheck()
    page.click("text=Save and re-narrate")
    page.wait_for_url(f"{base}/console/articles/{article_id}")
    assert "restored by the publisher" in page.locator("tr", has_text="Privacy Policy").text_content()
    assert "removed by the publisher" in page.locator("tr", has_text="The first ferry leaves at six").text_content()
    overrides = httpx.get(f"{base}/v1/articles/{article_id}/extraction", headers=auth).json()["overrides"]
    assert overrides == {"restore": [7], "remove": [6]}

    n = poll(lambda: narrated(2), 60, what="the re-narration")
    said = [s["text"] for s in httpx.get(base + n["timings_url"]).json()["segments"]]
    assert said[-1] == "Privacy Policy" and not [s for s in said if "first ferry" in s]
