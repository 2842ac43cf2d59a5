"""Golden HTML pages: what must and must not be narrated, one known extraction quirk per page."""

from __future__ import annotations

from pathlib import Path

import pytest

from hark.article import extract_article
from hark.errors import NoArticleError
from hark.models import Article, Page

HTML = Path(__file__).parent / "html"


def _extract(name: str) -> Article:
    return extract_article(Page(content=(HTML / name).read_text(encoding="utf-8"), kind="html"))


def test_hidden_duplicate_body_is_not_read_twice() -> None:
    article = _extract("hidden_duplicate.html")
    text = "\n".join(article.paragraphs)
    assert "HIDDEN COPY" not in text
    assert text.count("The harbour authority said on Monday") == 1
    assert "Local businesses along the front" in text


def test_standfirst_subheads_and_metadata() -> None:
    article = _extract("hidden_duplicate.html")
    assert article.title == "Sea wall delayed by two years"
    assert article.standfirst.startswith("Storm damage pushes")
    assert article.standfirst not in article.paragraphs
    assert ("heading", "What the delay costs") in [(b.kind, b.text) for b in article.body]
    assert article.published == "2024-03-12T10:41:00+00:00"
    assert article.url == "https://coast.example/sea-wall"
    assert article.site_name == "Coast News"
    assert article.language == "en"


def test_split_containers_captions_pull_quotes_and_teasers() -> None:
    article = _extract("split_teasers.html")
    text = "\n".join(article.paragraphs)
    assert "Work on the second section is expected to restart in April" in text  # after the ad
    assert "Engineers told the board" in text
    assert "Photograph" not in text and "Waves break" not in text  # figure caption
    assert "READ MORE" not in text
    assert "Advertisement" not in text
    assert "Lifeboat crew" not in text and "Ferry timetable" not in text  # teasers
    assert sum("the design itself was sound" in p for p in article.paragraphs) == 1  # pull quote


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><nav><a href='/'>Home</a><a href='/news'>News</a></nav><h1>Welcome</h1></body></html>",
        "<html><body><h1>404</h1><p>Page not found.</p></body></html>",
        "<html><body><form><p>Sign in to continue reading.</p><input name=u></form></body></html>",
        "",
        "<<<>>>\x00\x01 not html at all",
        "<html><body><p>Unclosed <b>tags <div> everywhere",
    ],
)
def test_pages_without_an_article_raise_no_article(html: str) -> None:
    with pytest.raises(NoArticleError):
        extract_article(Page(content=html, kind="html"))


def test_text_without_prose_raises_no_article() -> None:
    with pytest.raises(NoArticleError):
        extract_article(Page(content="Home\nNews\nSign in\nAdvertisement\n", kind="text"))
