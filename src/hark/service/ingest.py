"""Ingest: a source (a URL, an HTML page, a text, a file or standard input) → the Article to narrate. The one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, Literal

from hark.article import extract_article
from hark.article.text import LineDecision, explain, extract_text
from hark.errors import ArticleTooLongError, InputError
from hark.models import Article, Page
from hark.source.load import load_page
from hark.source.page import page_from_bytes

if TYPE_CHECKING:  # pydantic-settings loads only where Settings are made: start-up time
    from hark.settings import Settings

SourceKind = Literal["url", "html", "text", "file", "feed"]

_CHARS_PER_WORD = {"text": 20, "html": 100}
"""Raw characters allowed per word of the limit before extraction is even tried: English averages ~6 per word,
so a text above 20× (or a page above 100×, for markup and scripts) cannot hold an article within the limit
that is worth the extraction's time and memory."""


@dataclass(frozen=True)
class Source:
    """Where an article comes from. Exactly one of `url` (fetched), `html`, `text` or `argument` (a URL, a
    local file or `-`, as a person types it on the command line); with `html` or `text`, `url` is the
    canonical address and is not fetched."""

    url: str | None = None
    html: str | None = None
    text: str | None = None
    argument: str | None = None
    kind: SourceKind | None = None
    """How it came in, when the caller knows better than the fields (`feed`)."""

    def __post_init__(self) -> None:
        given = [name for name in ("html", "text", "argument") if getattr(self, name) is not None]
        if len(given) > 1:
            raise InputError(f"send one source, not {' and '.join(given)}")
        if not given and self.url is None:
            raise InputError("send one of url, html or text")

    @property
    def source_kind(self) -> SourceKind:
        if self.kind is not None:
            return self.kind
        if self.html is not None:
            return "html"
        if self.text is not None:
            return "text"
        return "file" if self.argument is not None else "url"


@dataclass(frozen=True)
class Ingested:
    article: Article
    kind: SourceKind
    canonical_url: str | None
    """The address the article is known by: the given URL, else the one the page declares."""
    source_text: str | None = None
    """The plain text the article was extracted from (kept with it, so its line decisions can be re-run)."""


def ingest(source: Source, settings: Settings, stdin: BinaryIO | None = None, detect: bool = True) -> Ingested:
    """The article of a source. URLs that come from outside (the API, feeds) are fetched over http(s) only,
    through the SSRF guard; only a command-line argument may name a local file."""
    if source.html is not None or source.text is not None:
        kind = "html" if source.html is not None else "text"
        content = source.html if source.html is not None else source.text
        assert content is not None
        page = page_from_bytes(content.encode(), name=f"the submitted {kind}", kind=kind, url=source.url)
    elif source.argument is not None:
        page = load_page(source.argument, settings, stdin)
    else:
        assert source.url is not None
        from hark.source.fetch import fetch_page  # httpx: only when a URL is fetched

        page = fetch_page(source.url, settings)
    _refuse_raw_size(page, settings.max_article_words)
    article = extract_article(page, detect=detect)
    _refuse_long(article, settings.max_article_words)
    if source.html is not None or source.text is not None:
        canonical = source.url or article.url
    else:
        canonical = article.url or source.url or page.url
    return Ingested(article, source.source_kind, canonical, page.content if page.kind == "text" else None)


def reextract(content: str, url: str | None, restore: frozenset[int], remove: frozenset[int]) -> Article:
    """The article of a kept plain text, with a publisher's line overrides applied."""
    page = page_from_bytes(content.encode(), name="the kept text", kind="text", url=url)
    return extract_article(page, restore, remove)


def text_decisions(content: str, restore: frozenset[int] = frozenset(),
                   remove: frozenset[int] = frozenset()) -> tuple[LineDecision, ...]:
    """Every line of a kept plain text with what became of it, overrides applied."""
    return extract_text(content, restore=restore, remove=remove).lines


def _refuse_raw_size(page: Page, limit: int) -> None:
    ceiling = limit * _CHARS_PER_WORD.get(page.kind, 20)
    if len(page.content) > ceiling:
        about = len(page.content) // 6
        raise ArticleTooLongError(f"the {page.kind} is {len(page.content):,} characters (about {about:,} words); "
                                  f"articles of up to {limit:,} words are narrated (HARK_MAX_ARTICLE_WORDS)",
                                  words=about, limit=limit)


def _refuse_long(article: Article, limit: int) -> None:
    words = sum(len(block.text.split()) for block in article.blocks)
    if words > limit:
        raise ArticleTooLongError(f"the article has {words:,} words; articles of up to {limit:,} words are "
                                  "narrated (HARK_MAX_ARTICLE_WORDS)", words=words, limit=limit)


def explain_source(source: Source, settings: Settings, stdin: BinaryIO | None = None) -> str:
    """Every line of a plain-text page with what became of it (kept / removed, why, model confidence)."""
    assert source.argument is not None
    page = load_page(source.argument, settings, stdin)
    if page.kind != "text":
        raise InputError("--explain shows the plain-text path's decisions: give a .txt page (or text on stdin)")
    return explain(extract_text(page.content))
