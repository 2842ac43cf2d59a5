"""Page → Article: the one entry point, dispatching on the page's kind."""

from __future__ import annotations

from hark.article import classify
from hark.article.language import detect_language
from hark.article.text import extract_text
from hark.article.tidy import tidy_blocks
from hark.errors import NoArticleError
from hark.models import Article, Block, Page

_MIN_PROSE_WORDS = 30
"""Less prose than this is a home page, login wall or error page, not an article."""


def extract_article(
    page: Page, restore: frozenset[int] = frozenset(), remove: frozenset[int] = frozenset(), detect: bool = True,
) -> Article:
    """The article in a page; NoArticleError when the page holds none. `restore` / `remove`: a publisher's
    line overrides for a plain-text page (0-based indexes into its lines, see `hark.article.text`).
    `detect=False` skips language detection (the page's declared language, else "en"): loading the detector's
    model is most of a short command's start-up, and `hark extract` does not print the language."""
    if page.kind == "text":
        return _from_text(page, restore, remove, detect)
    return _from_html(page, detect)


def _from_html(page: Page, detect: bool = True) -> Article:
    # trafilatura and lxml load only for HTML: `hark extract page.txt` starts without them.
    from hark.article.html import extract_blocks, parse_html
    from hark.article.metadata import read_metadata

    tree = parse_html(page.content)
    if tree is None:
        raise NoArticleError("no article found: the page has no HTML document in it")
    meta = read_metadata(tree, page.url)
    body = tidy_blocks(extract_blocks(tree, page.url), meta.title)
    _require_prose(body, "page")
    standfirst = meta.standfirst
    if meta.standfirst_marked:
        # The page marks its dek: it is said once, after the headline, and not again in the body.
        key = classify.normalize(standfirst)
        body = [block for block in body if classify.normalize(block.text) != key]
        _require_prose(body, "page")
    body_text = "\n".join(block.text for block in body)
    if standfirst and not meta.standfirst_marked and classify.normalize(standfirst)[:200] in classify.normalize(body_text):
        standfirst = ""  # the summary is the first paragraph: say it once, in the body
    return Article(
        title=meta.title or _first_heading(body),
        body=tuple(body),
        standfirst=standfirst,
        byline=meta.byline,
        published=meta.published,
        language=detect_language(body_text if detect else "", meta.declared_language),
        url=meta.url,
        site_name=meta.site_name,
    )


def _from_text(page: Page, restore: frozenset[int], remove: frozenset[int], detect: bool = True) -> Article:
    found = extract_text(page.content, restore=restore, remove=remove)
    _require_prose(list(found.body), "text", found.standfirst)
    body_text = "\n".join(block.text for block in found.body)
    return Article(
        title=found.title, body=found.body, standfirst=found.standfirst,
        language=detect_language(body_text if detect else ""), url=page.url,
    )


def _require_prose(body: list[Block], what: str, standfirst: str | None = None) -> None:
    # A standfirst is narrated prose too: a short story of two sentences is still an article.
    texts = [b.text for b in body if b.kind == "paragraph"] + ([standfirst] if standfirst else [])
    prose = sum(classify.word_count(t) for t in texts if classify.is_prose(t))
    if prose < _MIN_PROSE_WORDS:
        raise NoArticleError(
            f"no article found in the {what}: it has {prose} words of prose "
            "(a home page, login wall or error page?); give the URL or text of one article"
        )


def _first_heading(body: list[Block]) -> str:
    return next((block.text for block in body if block.kind == "heading"), "")
