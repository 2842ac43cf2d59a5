"""Screenshots of every console page on a desktop and a phone, light and dark (saved under test-artifacts/ to be
looked at), with the checks a person would make: nothing runs off the side of a phone, the chart that matches the
colour scheme is the one shown, every table cell on a phone is labelled."""

from __future__ import annotations

import httpx
import pytest

from tests.web.conftest_player import ARTIFACTS, browser, open_page  # noqa: F401
from tests.web.test_console import _sign_in
from tests.web.test_feeds import FeedSite
from tests.web.test_figures import listen, publish

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_console_screenshots(settings_factory, live_server, poll, open_page):  # type: ignore[no-untyped-def]
    from hark.service.keys import create_key, store_of

    settings = settings_factory(test_voice=True, default_voice="test:tone")
    base = live_server(settings)
    key = create_key(store_of(settings), "newsroom")
    auth = {"Authorization": f"Bearer {key}"}
    article_id = publish(base, auth, poll, "The wall was mended in May after a long and wet winter of storms.",
                         "Boats may moor there again from Friday, the harbour master said.")
    for n, (paragraphs, deciles) in enumerate(((4, 10), (3, 7), (2, 4), (1, 1))):
        listen(base, article_id, f"s-{n}", paragraphs=paragraphs, deciles=deciles, rate=1.0 + n / 4,
               complete=deciles == 10)
    listen(base, article_id, "s-load", paragraphs=0, deciles=0, rate=1.0)
    httpx.post(f"{base}/v1/lexicon", headers=auth, json={"word": "Kyiv", "respelling": "Keev", "language": "en"})
    httpx.post(f"{base}/v1/reports", json={"article": article_id, "word": "moor",
                                           "sentence": "Boats may moor there again from Friday, the harbour master said.",
                                           "voice": "test:tone"})
    site = FeedSite()
    site.items = {"a-1": ("Quay works", "Work finishes in May.")}
    feed_id = httpx.post(f"{base}/v1/feeds", json={"url": site.url}, headers=auth).json()["id"]
    poll(lambda: httpx.get(f"{base}/v1/feeds/{feed_id}", headers=auth).json()["last_status"], 60, what="the poll")
    site.server.shutdown()

    pages = {"articles": "/console", "article": f"/console/articles/{article_id}", "figures": "/console/figures",
             "feeds": "/console/feeds", "voices": "/console/voices", "lexicon": "/console/lexicon",
             "reports": "/console/reports", "keys": "/console/keys"}
    for scheme in ("light", "dark"):
        for device, width, height, mobile in (("desktop", 1280, 900, False), ("phone", 390, 844, True)):
            page = open_page(width=width, height=height, scheme=scheme, mobile=mobile)
            _sign_in(page, base, key)
            for name, path in pages.items():
                page.goto(base + path)
                page.screenshot(path=str(ARTIFACTS / f"console-{name}-{device}-{scheme}.png"), full_page=True)
                wide = page.evaluate("document.documentElement.scrollWidth")
                assert wide <= width + 1, f"{name} runs off the side of a {device}: {wide}px"
                for chart in page.locator(".chart").all():
                    shown = chart.locator(".dark-only svg" if scheme == "dark" else ".light-only svg")
                    hidden = chart.locator(".light-only svg" if scheme == "dark" else ".dark-only svg")
                    assert shown.is_visible() and not hidden.is_visible()
                if mobile:  # each cell says which column it is, as the header row is hidden on a phone
                    assert page.evaluate("[...document.querySelectorAll('table.wide td:not([colspan])')]"
                                         ".every(td => td.dataset.label !== undefined)")
