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


def test_publisher_overrides_restore_and_remove_lines() -> None:
    from hark.article.text import extract_text, split_units

    page = ("Ferry terminal opens at the port\n\n"
            "Residents gathered at the town hall on Monday evening to hear the plans, and most of them said "
            "they were pleased with what they heard.\n\nShare this Story\n\n"
            "The terminal opened on Monday. It cost four million pounds.\n\nPhoto by Jane Smith\n\n"
            "The first ferry leaves at six. Tickets are on sale at the harbour office.\n\nPrivacy Policy\n")
    units = split_units(page)
    privacy, photo = units.index("Privacy Policy"), units.index("Photo by Jane Smith")
    plain = extract_text(page)
    assert "Privacy Policy" not in [b.text for b in plain.body]
    chosen = extract_text(page, restore=frozenset({privacy}), remove=frozenset({photo}))
    said = [b.text for b in chosen.body]
    assert said[-1] == "Privacy Policy" and "Photo by Jane Smith" not in said
    assert chosen.lines[privacy].kept and chosen.lines[privacy].why == "restored by the publisher"
    assert not chosen.lines[photo].kept and chosen.lines[photo].why == "removed by the publisher"
    # Removing the headline leaves the article without one rather than reading it.
    assert extract_text(page, remove=frozenset({0})).title == ""


def test_a_headline_with_no_kept_prose_under_it_is_no_headline(monkeypatch) -> None:
    from hark.article import text

    page = ("Residents of the harbour town spent three winters repairing the wall that protects their homes.\n\n"
            "Harbour wall holds through the winter storms\n\n"
            "The council has promised to pay for materials if another section fails, it said on Monday.\n")
    # The model's verdicts pinned: unsure of the first paragraph, sure the last line is not the article's.
    monkeypatch.setattr(text.debris_model, "article_probability", lambda units, *a: [0.5, 0.5, 0.05])
    article = text.extract_text(page)
    assert article.title == ""
    assert [b.text for b in article.body][0].startswith("Residents of the harbour town")
    assert "The council has promised" not in text.render(article)
