"""Page → Article: the one entry point, dispatching on the page's kind."""

from __future__ import annotations

from hark.article.blocks import iter_blocks  # noqa: F401  (re-exported for tests)
from hark.article.html import extract_blocks, parse_html
from hark.errors import NoArticleError
from hark.models import Article, Block, Page


def extract_article(page: Page) -> Article:
    tree = parse_html(page.content)
    if tree is None:
        raise NoArticleError("no article found")
    blocks = extract_blocks(tree, page.url)
    if not blocks:
        raise NoArticleError("no article found")
    return Article(title="", body=tuple(blocks))
