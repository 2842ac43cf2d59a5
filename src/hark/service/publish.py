"""Publishing: an article in → saved once (deduped by content) → narrations queued for the voices it needs."""

from __future__ import annotations

from dataclasses import dataclass

from hark.models import Article, StoredArticle, StoredNarration
from hark.service.ingest import Ingested, reextract
from hark.service.runtime import Runtime
from hark.store import Tx
from hark.voices import Speaker

PRIORITY_READER = 5
"""A reader asked for this voice and is waiting: ahead of the publisher's back catalogue."""
PRIORITY_LISTENER = 10
"""A listener is already on the audio URL."""


@dataclass(frozen=True)
class Submitted:
    article_id: str
    created: bool
    changed: bool
    job_ids: tuple[int, ...]


def narration_key(narration_id: int) -> str:
    return f"narration:{narration_id}"


def submit(rt: Runtime, ingested: Ingested, speaker: Speaker) -> Submitted:
    """Save the article and queue what must be narrated: nothing at all when the content is unchanged."""
    version = speaker.version
    with rt.store.write() as tx:
        article = _with_overrides(tx, ingested)
        saved = tx.articles.save(article, ingested.kind, ingested.canonical_url)
        if ingested.source_text is not None:
            tx.sources.keep(saved.stored.id, ingested.kind, ingested.source_text)
        voices = {speaker.id}
        if saved.changed:
            voices |= {n.voice_id for n in tx.narrations.of_article(saved.stored.id)}
        jobs = []
        for voice_id in sorted(voices):
            narration, _ = tx.narrations.ensure(saved.stored.id, voice_id, version if voice_id == speaker.id else "")
            job = queue_if_needed(tx, narration, saved.stored)
            if job is not None:
                jobs.append(job)
    dispatch(rt, jobs)
    return Submitted(saved.stored.id, saved.created, saved.changed, tuple(jobs))


def _with_overrides(tx: Tx, ingested: Ingested) -> Article:
    """The same text sent again under its URL keeps the publisher's line overrides (a new text drops them)."""
    existing = tx.articles.id_for_url(ingested.canonical_url) if ingested.canonical_url else None
    source = tx.sources.get(existing) if existing else None
    if source is None or source.content != ingested.source_text or not (source.restore or source.remove):
        return ingested.article
    return reextract(source.content, ingested.canonical_url, frozenset(source.restore), frozenset(source.remove))


def request_voice(rt: Runtime, article_id: str, speaker: Speaker, priority: int = 0) -> tuple[StoredNarration, bool]:
    """Make sure the article is (being) narrated in this voice; (narration, newly created)."""
    with rt.store.write() as tx:
        stored = tx.articles.get(article_id)
        narration, created = tx.narrations.ensure(article_id, speaker.id, speaker.version)
        job = queue_if_needed(tx, narration, stored, priority)
        narration = tx.narrations.get(narration.id) or narration
    dispatch(rt, [job] if job is not None else [])
    return narration, created


def queue_if_needed(tx: Tx, narration: StoredNarration, stored: StoredArticle, priority: int = 0) -> int | None:
    """The live narrate job for this narration, queued when the audio is missing or out of date."""
    if narration.status not in ("queued", "narrating"):  # queued/narrating: enqueue returns the live job
        stale = narration.content_hash != stored.content_hash
        if not (stale or narration.status == "failed" and not narration.audio_key):
            return None
        tx.narrations.requeue(narration.id)
    return tx.jobs.enqueue("narrate", narration_key(narration.id), {"narration_id": narration.id}, priority=priority)


def dispatch(rt: Runtime, jobs: list[int]) -> None:
    for job_id in jobs:
        rt.queue.dispatch(job_id)
