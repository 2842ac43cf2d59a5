"""A short sentence-case first line typed above the prose is the headline, not furniture."""

from __future__ import annotations

import pytest

from hark.article.extract import extract_article
from hark.models import Page
from hark.source.page import page_from_bytes

BODY = ("The council approved the harbour plans on Monday evening after a long debate, and residents who had "
        "campaigned for the new quay said they were delighted with the result and the promised jobs.\n\n"
        "Work will begin in the spring, the council said, and should take about two years to finish, with the "
        "first ferries expected to use the new berth before the summer season of the following year.")


@pytest.mark.parametrize("title", ["Harbour plans approved", "Harbour Plans Approved", "Quay reopens"])
@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_short_first_line_is_the_title(title: str, gap: str) -> None:
    article = extract_article(Page(f"{title}{gap}{BODY}", "text"))
    assert article.title == title
    assert article.body[0].text.startswith("The council approved")


def test_a_short_line_further_down_is_not_the_title() -> None:
    text = f"Menu\nSearch\n\nLatest news\n{BODY}"
    assert extract_article(Page(text, "text")).title != "Latest news"


def test_latin1_text_file_keeps_its_accents_and_title() -> None:
    text = f"Harbour plans approved\n\nThe naïve café owners agreed. {BODY}"
    article = extract_article(page_from_bytes(text.encode("latin-1"), name="story.txt", kind="text"))
    assert article.title == "Harbour plans approved"
    assert "naïve café" in article.body[0].text
