"""Published articles as readers and publishers see them: one, a listing, deletion, narrating again."""

from __future__ import annotations

from typing import Any

from hark.models import StoredArticle
from hark.service.publish import dispatch, narration_key, queue_if_needed
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
    """Remove the article, its narrations' audio and timings (their rows), its submitted text, reader reports,
    listening events and waiting jobs: nothing is left behind (its feed items stay, naming no article, so the
    next poll does not publish it again)."""
    with rt.store.write() as tx:
        tx.articles.get(article_id)
        narrations = tx.narrations.of_article(article_id)
        keys = [k for n in narrations for k in (n.audio_key, n.partial_key) if k]
        tx.jobs.forget([narration_key(n.id) for n in narrations])
        tx.events.delete_for_article(article_id)
        tx.feeds.unlink_article(article_id)
        tx.articles.delete(article_id)  # narrations, sources and reports go with it (foreign keys)
    for key in keys:
        rt.blobs.delete(key)


def renarrate(rt: Runtime, article_id: str) -> list[int]:
    """Narrate the article again in every voice it has (after a lexicon or voice change); the old audio serves
    until each new version is published. Only sentences whose clip is not cached are synthesized. The jobs."""
    jobs: list[int] = []
    with rt.store.write() as tx:
        stored = tx.articles.get(article_id)
        for n in tx.narrations.of_article(article_id):
            tx.narrations.mark_stale(n.id)
            job = queue_if_needed(tx, tx.narrations.get(n.id) or n, stored)
            if job is not None:
                jobs.append(job)
    dispatch(rt, jobs)
    return jobs
