"""Publishing: an article in → saved once (deduped by content) → narrations queued for the voices it needs."""

from __future__ import annotations

from dataclasses import dataclass

from hark.jobs import table
from hark.jobs.runtime import Runtime
from hark.models import Article
from hark.store.articles import ensure_narration, narrations_of, save_article
from hark.store.schema import ArticleRow, NarrationRow


@dataclass(frozen=True)
class Submitted:
    article_id: str
    created: bool
    changed: bool
    job_ids: tuple[int, ...]


def narration_key(narration_id: int) -> str:
    return f"narration:{narration_id}"


def submit_article(rt: Runtime, article: Article, source: str, canonical_url: str | None,
                   voice_id: str | None) -> Submitted:
    """Save the article and queue what must be narrated: nothing at all when the content is unchanged."""
    _, voice = rt.registry.resolve(voice_id, article.language)
    version = rt.engine_version(voice.id)
    with rt.db.write() as session:
        saved = save_article(session, article, source, canonical_url)
        voices = {voice.id}
        if saved.changed:
            voices |= {n.voice_id for n in narrations_of(session, saved.row.id)}
        jobs = []
        for vid in sorted(voices):
            narration, _ = ensure_narration(session, saved.row.id, vid, version if vid == voice.id else "")
            if _needs_work(narration, saved.row):
                jobs.append(table.enqueue(session, "narrate", narration_key(narration.id), {"narration_id": narration.id}))
        article_id = saved.row.id
    _dispatch(rt, jobs)
    return Submitted(article_id, saved.created, saved.changed, tuple(jobs))


def request_voice(rt: Runtime, article_id: str, voice_id: str, priority: int = 0) -> tuple[int, bool]:
    """Make sure the article is (being) narrated in this voice; (narration id, newly created)."""
    from hark.store.articles import get_article

    _, voice = rt.registry.resolve(voice_id)
    version = rt.engine_version(voice.id)
    jobs = []
    with rt.db.write() as session:
        article = get_article(session, article_id)
        narration, created = ensure_narration(session, article.id, voice.id, version)
        if _needs_work(narration, article):
            jobs.append(table.enqueue(session, "narrate", narration_key(narration.id), {"narration_id": narration.id},
                                      priority=priority))
        narration_id = narration.id
    _dispatch(rt, jobs)
    return narration_id, created


def _needs_work(narration: NarrationRow, article: ArticleRow) -> bool:
    if narration.status in ("queued", "narrating"):
        return True  # enqueue is idempotent: it returns the live job (or revives a lost one)
    return narration.content_hash != article.content_hash or narration.status == "failed" and not narration.audio_key


def _dispatch(rt: Runtime, jobs: list[int]) -> None:
    if rt.queue is not None:
        for job_id in jobs:
            rt.queue.dispatch(job_id)
