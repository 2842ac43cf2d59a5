"""The console in Debian's Chromium: sign in with a key, an article's figures and drop-off chart after scripted
listens, lexicon add / hear / delete, keys; CSRF and cookie flags; screenshots desktop/phone, light/dark."""

from __future__ import annotations

import secrets

import httpx
import pytest

from tests.web.conftest_player import ARTIFACTS, browser, open_page  # noqa: F401
from tests.web.test_figures import listen, publish

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
    page.screenshot(path=str(ARTIFACTS / "console-article-desktop-light.png"), full_page=True)

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


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_console_screenshots(console, open_page):  # type: ignore[no-untyped-def]
    base, key, article_id = console
    for scheme in ("light", "dark"):
        for name, width, height, mobile in (("desktop", 1280, 900, False), ("phone", 390, 844, True)):
            page = open_page(width=width, height=height, scheme=scheme, mobile=mobile)
            _sign_in(page, base, key)
            page.screenshot(path=str(ARTIFACTS / f"console-articles-{name}-{scheme}.png"), full_page=True)
            page.goto(f"{base}/console/articles/{article_id}")
            shown = ".dark-only svg" if scheme == "dark" else ".light-only svg"
            assert page.locator(shown).is_visible()
            page.screenshot(path=str(ARTIFACTS / f"console-article-{name}-{scheme}.png"), full_page=True)
            # Nothing runs off the side of a phone.
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_console_accepts_a_reader_report(console, open_page, poll):  # type: ignore[no-untyped-def]
    from tests.web.test_pronunciation_fix import _narration, _publish

    base, key, _ = console
    auth = {"Authorization": f"Bearer {key}"}
    # A new word each run: the clip cache is shared by the session, and a cached clip is not synthesized.
    word = "Plonk" + "".join(secrets.choice("bdfgklmnprstvz") for _ in range(4))
    article_id = _publish(base, auth, f"Ferry to {word}", f"The ferry sails to {word} on Monday. It is full.",
                          "Tickets are cheap.")
    poll(lambda: _narration(base, article_id)["status"] == "ready", 60, what="the narration")
    before = _narration(base, article_id)
    # The reader's report needs no key; a burst of them is cut off with 429.
    sent = {"article": article_id, "word": word, "sentence": f"The ferry sails to {word} on Monday.",
            "voice": "test:tone"}
    assert httpx.post(f"{base}/v1/reports", json=sent).status_code == 202
    codes = [httpx.post(f"{base}/v1/reports", json=sent).status_code for _ in range(5)]
    assert 429 in codes

    page = open_page()
    _sign_in(page, base, key)
    page.goto(f"{base}/console/reports")
    row = page.locator(f"#reports tr[data-word={word}]").first
    assert f"The ferry sails to {word} on Monday." in row.text_content()
    row.locator("input[name=respelling]").fill("Pee " + word.lower())
    row.locator("button:text('Accept fix')").click()
    page.wait_for_selector("#renarrated")
    assert page.locator(f"#reports tr[data-word={word}]").count() == 0  # every report of the word is closed
    poll(lambda: _narration(base, article_id)["version"] > before["version"], 60, what="the re-narration")
    after = _narration(base, article_id)
    # The title and one sentence say the word: only those two are made again.
    assert after["synthesized"] == 2 and after["sentences"] == before["sentences"]
    page.screenshot(path=str(ARTIFACTS / "console-reports-desktop-light.png"), full_page=True)


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
    page.locator("tr", has_text="Photo by Jane Smith").locator("input").uncheck()
    page.click("text=Save and re-narrate")
    page.wait_for_url(f"{base}/console/articles/{article_id}")
    assert "restored by the publisher" in page.locator("tr", has_text="Privacy Policy").text_content()
    assert "removed by the publisher" in page.locator("tr", has_text="Photo by Jane Smith").text_content()
    overrides = httpx.get(f"{base}/v1/articles/{article_id}/extraction", headers=auth).json()["overrides"]
    assert overrides == {"restore": [7], "remove": [5]}

    n = poll(lambda: narrated(2), 60, what="the re-narration")
    said = [s["text"] for s in httpx.get(base + n["timings_url"]).json()["segments"]]
    assert said[-1] == "Privacy Policy" and "Photo by Jane Smith" not in said
