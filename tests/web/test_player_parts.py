"""player.js is joined from parts, one concern each; each part loads alone (no build step) and is checked here
on its own in Debian's Chromium: the timeline with no DOM, the aligner on a hand-made page, the joined file."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

from hark.web.pages import PARTS_DIR, PLAYER_PARTS, player_source
from tests.web.conftest_player import Site, browser, open_page, start_site  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The service without the demo article: only its static files are needed."""
    made, server = start_site(tmp_path_factory.mktemp("hark-parts"), demo=False)
    try:
        yield made
    finally:
        server.stop()


def _page_with(open_page, bare, parts: list[str], body: str) -> Any:  # type: ignore[no-untyped-def]
    page = open_page()
    scripts = "".join(f'<script src="/static/player/parts/{p}"></script>' for p in parts)
    html = f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Parts</title><link rel="icon" href="data:,">{scripts}</head><body>{body}</body></html>'
    page.route(f"{bare.url}/parts-test", lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    page.goto(f"{bare.url}/parts-test")
    return page


def test_the_joined_player_is_every_part_in_order(bare):  # type: ignore[no-untyped-def]
    assert sorted(PLAYER_PARTS) == sorted(p.name for p in Path(PARTS_DIR).glob("*.js"))  # none forgotten
    served = httpx.get(f"{bare.url}/player.js", timeout=10).text
    assert served == player_source().decode()
    at = [served.index(f"// --- {name} ---") for name in PLAYER_PARTS]
    assert at == sorted(at)
    assert served.count('customElements.define("hark-player"') == 1
    assert httpx.get(f"{bare.url}/static/player/parts/../pages.py", timeout=10).status_code == 404


def test_timeline_alone(open_page, bare):  # type: ignore[no-untyped-def]
    page = _page_with(open_page, bare, ["timeline.js"], "")
    got = page.evaluate("""() => {
      const w = (text, s, e) => ({text, start_ms: s, end_ms: e});
      const tl = new Timeline({duration_ms: 3000, voice: {base_wpm: 180}, segments: [
        {kind: 'title', text: 'A b', sentences: [{start_ms: 0, end_ms: 900, words: [w('A', 100, 400), w('b', 400, 900)]}]},
        {kind: 'paragraph', text: 'C d', sentences: [{start_ms: 1000, end_ms: 3000, words: [w('C', 1200, 2000), w('d', 2000, 3000)]}]}]});
      return {before: tl.wordAt(50), first: tl.wordAt(150), leadIn: tl.wordAt(1100), last: tl.wordAt(2999),
              seg: tl.segmentAt(1500), base: tl.baseWpm, word: tl.word(1, 0, 1).text};
    }""")
    # In a sentence's lead-in (0-100, 1000-1200 ms) its first word is shown, never the last sentence's.
    assert got == {"before": 0, "first": 0, "leadIn": 2, "last": 3, "seg": 1, "base": 180, "word": "d"}


def test_aligner_alone_never_paints_a_byline_word(open_page, bare):  # type: ignore[no-untyped-def]
    body = """<article id="story"><h1>Ferry becomes a library</h1><p class="byline">By the desk</p>
      <p>The council planned to sell her for scrap.</p><h2>Results</h2><p>The results were good, said the mayor.</p></article>"""
    page = _page_with(open_page, bare, ["align.js"], body)
    got = page.evaluate("""() => {
      const words = [];
      const add = (seg, text) => text.split(' ').forEach((t) => words.push({seg, text: t}));
      add(0, 'Ferry becomes a library');
      add(1, 'A standfirst that is not on this page at all');
      add(2, 'The council planned to sell her for scrap.');
      add(3, 'Results');
      add(4, 'The results were good, said the mayor.');
      const {ranges, share} = new TextAligner(document.querySelector('#story'))
        .align(words, ['title', 'standfirst', 'paragraph', 'heading', 'paragraph']);
      return {lit: ranges.map((r) => r && [r.toString(), r.startContainer.parentElement.tagName]), share};
    }""")
    lit = got["lit"]
    assert lit[:4] == [["Ferry", "H1"], ["becomes", "H1"], ["a", "H1"], ["library", "H1"]]
    assert lit[4:14] == [None] * 10  # the standfirst is absent: skipped, and never the byline's "the"
    assert lit[14] == ["The", "P"] and lit[21] == ["scrap.", "P"]
    assert lit[22] == ["Results", "H2"] and lit[23] == ["The", "P"]
    assert got["share"] == 1  # an absent front block is not counted as a difference
