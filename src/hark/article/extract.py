"""Page → Article: HTML through trafilatura, plain text split into paragraphs."""

from __future__ import annotations

import json

import trafilatura

from hark.errors import NoArticleError
from hark.models import Article, Block, Page


def extract_article(page: Page) -> Article:
    if page.kind == "html":
        return _from_html(page)
    return _from_text(page)


def _from_html(page: Page) -> Article:
    raw = trafilatura.extract(
        page.content, url=page.url, output_format="json", with_metadata=True,
        include_comments=False, include_tables=False,
    )
    if not raw:
        raise NoArticleError("no article found in the page")
    data = json.loads(raw)
    paragraphs = [p.strip() for p in (data.get("text") or "").split("\n") if p.strip()]
    if not paragraphs:
        raise NoArticleError("no article found in the page")
    return Article(
        title=(data.get("title") or "").strip(),
        standfirst=(data.get("description") or "").strip(),
        body=tuple(Block("paragraph", p) for p in paragraphs),
        byline=data.get("author"),
        published=data.get("date"),
        language=data.get("language") or "en",
        url=data.get("source") or page.url,
        site_name=data.get("sitename"),
    )


def _from_text(page: Page) -> Article:
    lines = [line.strip() for line in page.content.splitlines()]
    paragraphs = [line for line in lines if line]
    if not paragraphs:
        raise NoArticleError("the text is empty: no article to narrate")
    title, body = (paragraphs[0], paragraphs[1:]) if len(paragraphs) > 1 else ("", paragraphs)
    return Article(title=title, body=tuple(Block("paragraph", p) for p in body))
