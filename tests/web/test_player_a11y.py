"""axe-core (from npm, package.json; `make test` installs it) on Hark's pages and a publisher's embed page, in
Debian's Chromium: no serious or critical violation with the player collapsed, with each menu open and while
playing; focus stays put when the player re-renders what has it. Console errors fail every test (open_page)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest_player import browser, open_page, player_ready, shadow, site, state, wait_for, settled  # noqa: F401
from tests.web.test_player_embed import publisher  # noqa: F401

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _serious(page: Any) -> list[dict[str, Any]]:
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed ({AXE}): run `make system-deps` (npm ci)")
    if not page.evaluate("!!window.axe"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5)}))""")
    return found  # type: ignore[no-any-return]


def _check_all_states(page: Any) -> None:
    assert _serious(page) == []
    for button, menu in ((".chip.rate", "#speed"), (".voice-btn", "#voices")):
        shadow(page, button).click()
        assert shadow(page, menu).is_visible()
        # Contrast is measured once the menu has faded in (axe reads the colours as they are mid-animation).
        settled(page)
        assert _serious(page) == [], menu
        page.keyboard.press("Escape")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_demo_page_has_no_serious_violations(open_page, site, scheme):  # type: ignore[no-untyped-def]
    page = open_page(f"{site.url}/", scheme=scheme)
    player_ready(page)
    _check_all_states(page)
    page.get_by_role("button", name="Listen").click()
    wait_for(lambda: state(page)["currentTime"] > 0.3, 20, "playback")
    assert _serious(page) == []  # playing: Pause, a lit word and sentence, the remaining time
    page.get_by_role("button", name="Pause").click()


def test_article_page_on_a_phone_has_no_serious_violations(open_page, site):  # type: ignore[no-untyped-def]
    page = open_page(f"{site.url}/articles/{site.demo_id}", width=390, height=844, mobile=True)
    player_ready(page)
    _check_all_states(page)


def test_embed_page_has_no_serious_violations(open_page, site, publisher):  # type: ignore[no-untyped-def]
    page = open_page(publisher)
    player_ready(page)
    _check_all_states(page)


def test_focus_stays_on_a_preview_button_when_the_voice_list_is_rebuilt(open_page, site):  # type: ignore[no-untyped-def]
    page = open_page(f"{site.url}/")
    player_ready(page)
    page.get_by_role("button", name="Select Voice").click()
    preview = shadow(page, "button[data-act=preview]").first
    voice = preview.get_attribute("data-voice")
    preview.focus()
    page.keyboard.press("+")  # a faster speed re-renders the list (each voice's WPM at that speed)
    assert state(page)["rate"] == pytest.approx(1.25)
    focused = page.evaluate("document.querySelector('hark-player').shadowRoot.activeElement?.dataset.voice")
    assert focused == voice
    assert page.evaluate("document.activeElement.tagName") == "HARK-PLAYER"  # not fallen to <body>
