"""Scraped plain-text pages → the article, exactly: no debris kept, no sentence lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from hark.article import extract_article
from hark.models import Page

PAGES = Path(__file__).parent / "pages"
NAMES = sorted(p.name.removesuffix(".txt") for p in PAGES.glob("*.txt") if not p.name.endswith(".expected.txt"))


def test_the_corpus_has_at_least_twelve_pages() -> None:
    assert len(NAMES) >= 12


@pytest.mark.parametrize("name", NAMES)
def test_page_gives_exactly_the_article(name: str) -> None:
    text = (PAGES / f"{name}.txt").read_text(encoding="utf-8")
    expected = [line for line in (PAGES / f"{name}.expected.txt").read_text(encoding="utf-8").splitlines() if line]
    article = extract_article(Page(content=text, kind="text"))
    got = [block.text for block in article.blocks]
    kept_debris = [line for line in got if line not in expected]
    lost = [line for line in expected if line not in got]
    assert not kept_debris, f"debris kept: {kept_debris}"
    assert not lost, f"article text lost: {lost}"
    assert got == expected, "article text out of order or repeated"
    assert article.title == expected[0]
