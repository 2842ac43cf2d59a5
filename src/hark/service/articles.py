"""Published articles as readers and publishers see them: one, a listing, an article's page text, deletion."""

from __future__ import annotations

from typing import Any

from hark.models import StoredArticle
from hark.service.runtime import Runtime
from hark.service.views import article_view


def view(rt: Runtime, article_id: str) -> dict[str, Any]:
    with rt.store.read() as tx:
        stored = tx.articles.get(article_id)
        narrations = tx.narrations.of_article(article_id)
    return article_view(stored, narrations, rt.voices.default_for(stored.article.language).id)


def listing(rt: Runtime, limit: int = 20, url: str | None = None) -> list[dict[str, Any]]:
    """Newest first; with `url`, the article published under that canonical URL."""
    with rt.store.read() as tx:
        stored = tx.articles.newest(max(1, min(limit, 100)), url)
        narrations = tx.narrations.of_articles([s.id for s in stored])
    return [article_view(s, narrations[s.id], rt.voices.default_for(s.article.language).id) for s in stored]


def stored_article(rt: Runtime, article_id: str) -> StoredArticle:
    with rt.store.read() as tx:
        return tx.articles.get(article_id)


def delete(rt: Runtime, article_id: str) -> None:
    """Remove the article, its narrations' audio and timings, and its listening events: nothing is left behind."""
    with rt.store.write() as tx:
        tx.articles.get(article_id)
        keys = [k for n in tx.narrations.of_article(article_id) for k in (n.audio_key, n.partial_key) if k]
        tx.events.delete_for_article(article_id)
        tx.articles.delete(article_id)
    for key in keys:
        rt.blobs.delete(key)
