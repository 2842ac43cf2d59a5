"""Narrations: the narrate job (one article in one voice → audio blob, timing map, a new version, exactly once),
and finding the narration a listener asks for."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from typing import Any

from hark.errors import HarkError, InputError, NotFoundError
from hark.models import Claim, Narration, StoredNarration, SynthesisOptions
from hark.service import views
from hark.service.publish import PRIORITY_LISTENER, narration_key
from hark.service.lexicon import lexicon_of, script_for
from hark.service.recovery import process_gone
from hark.service.render import narrate
from hark.service.runtime import Runtime
from hark.service.webhook import notify_later
from hark.store.narrations import Finished
from hark.store.jobs import backoff

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5.0
FORMAT = "mp3"
"""What the service stores: plays everywhere, streams while it is written."""


class LeaseLost(Exception):
    """Another attempt took this job over (our lease ran out): stop without writing anything."""


def _slug(voice_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", voice_id)


def file_digest(rt: Runtime, key: str) -> str:
    digest = hashlib.sha256()
    with rt.blobs.open(key) as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- the job ---------------------------------------------------------------------------------


def run_job(rt: Runtime, claim: Claim) -> None:
    narration_id = int(claim.payload["narration_id"])
    try:
        with rt.store.write() as tx:
            narration = tx.narrations.get(narration_id)
            stored = tx.articles.find(narration.article_id) if narration is not None else None
            if narration is None or stored is None:
                tx.jobs.finish(claim)  # the article was deleted meanwhile
                return
            if narration.status == "ready" and narration.content_hash == stored.content_hash and narration.audio_key:
                tx.jobs.finish(claim)  # unchanged since the last narration: nothing to do
                return
            if narration.partial_key:
                # Left by an attempt whose worker died: nobody is writing it any more.
                rt.blobs.delete(narration.partial_key)
            partial = f"{stored.id}/{_slug(narration.voice_id)}-{claim.token.replace(':', '-')}.{FORMAT}.part"
            # The empty file exists before its key is published, so a streaming reader can always open it.
            rt.blobs.create(partial).close()
            tx.narrations.start_attempt(narration_id, partial)
    except Exception as exc:  # a data folder that cannot be written (read-only, full): the narration says so
        record_failure(rt, claim, narration_id, exc)
        return

    try:
        result = _render(rt, claim, stored.article, narration.voice_id, partial)
    except LeaseLost:
        rt.blobs.delete(partial)
        return
    except Exception as exc:
        rt.blobs.delete(partial)
        record_failure(rt, claim, narration_id, exc)
        return

    requeue: int | None = None
    event: dict[str, Any] | None = None
    old_key: str | None = None
    try:
        sha = file_digest(rt, partial)
        final = f"{stored.id}/{_slug(narration.voice_id)}-{sha[:16]}.{FORMAT}"
        done = Finished(audio_key=final, audio_bytes=rt.blobs.size(partial), audio_sha256=sha,
                        content_hash=stored.content_hash, duration_ms=result.duration_ms,
                        base_wpm=round(result.base_wpm, 1), sentences=result.sentences,
                        synthesized=result.synthesized,
                        timings_json=json.dumps(result.timings.to_json(), ensure_ascii=False),
                        engine_version=result.extra["engine_version"])
        with rt.store.write() as tx:
            if not tx.jobs.finish(claim):
                # A later attempt owns the job now; it records its own result. Ours was never published.
                tx.rollback()
                rt.blobs.delete(partial)
                return
            before = tx.narrations.get(narration_id)
            old_key = before.audio_key if before is not None and before.audio_key != final else None
            published = tx.narrations.publish(narration_id, done)
            event = webhook_event("narration.ready", published, rt)
            current = tx.articles.find(stored.id)
            if current is not None and current.content_hash != stored.content_hash:
                # The article changed while we narrated it: narrate the new text too.
                requeue = tx.jobs.enqueue("narrate", narration_key(narration_id), {"narration_id": narration_id})
            # The file takes its final name last, inside the transaction that publishes the key, so an
            # attempt that lost the job never touches a published file.
            rt.blobs.rename(partial, final)
    except Exception as exc:  # after synthesis (digest, rename, the write): the narration fails visibly
        rt.blobs.delete(partial)
        record_failure(rt, claim, narration_id, exc)
        return
    if old_key:
        rt.blobs.delete(old_key)
    if requeue is not None:
        rt.queue.dispatch(requeue)
    notify_later(rt.settings, event)


def _render(rt: Runtime, claim: Claim, article: Any, voice_id: str, partial: str) -> Narration:
    speaker = rt.voices.resolve(voice_id)
    script = script_for(article, speaker, lexicon_of(rt.settings))
    last_beat = time.monotonic()

    def on_chunk() -> None:
        nonlocal last_beat
        sink.flush()  # readers streaming the growing file must see every sentence as soon as it is encoded
        if time.monotonic() - last_beat > min(HEARTBEAT_SECONDS, rt.lease / 3):
            last_beat = time.monotonic()
            with rt.store.write() as tx:
                if not tx.jobs.heartbeat(claim, rt.lease):
                    raise LeaseLost()

    with rt.blobs.create(partial) as sink:
        return narrate(script, speaker, SynthesisOptions(format=FORMAT), sink, cache=rt.clips, on_chunk=on_chunk)


def record_failure(rt: Runtime, claim: Claim, narration_id: int, exc: Exception) -> None:
    """A failed attempt: retried later (engine and storage hiccups may pass) or, for bad input and after the
    last attempt, the narration fails for good with the reason, visibly."""
    permanent = isinstance(exc, InputError)
    message = exc.message if isinstance(exc, HarkError) else f"{exc.__class__.__name__}: {exc}"
    if not isinstance(exc, HarkError):
        log.exception("narration %s failed", narration_id)
    fail(rt, claim, narration_id, message, retry=not permanent)


def fail(rt: Runtime, claim: Claim, narration_id: int, message: str, retry: bool) -> None:
    event = None
    with rt.store.write() as tx:
        retrying = tx.jobs.fail(claim, message, retry=retry)
        if retrying:
            # Still visible while it is retried: a listener or publisher sees why it is taking long.
            ended = tx.narrations.end_attempt(narration_id, note=f"attempt {claim.attempt} of {claim.max_attempts} "
                                                                f"failed ({message}); trying again")
        else:
            ended = tx.narrations.end_attempt(narration_id, message)
        if ended is not None and not retrying:
            event = webhook_event("narration.failed", ended, rt)
    if event is not None:
        notify_later(rt.settings, event)
    elif retrying:
        rt.queue.dispatch(claim.id, delay=backoff(claim.attempt))


def abandon(rt: Runtime, claim: Claim, message: str) -> None:
    """The job's earlier attempts all died with their worker: fail it, and its narration, for good."""
    narration_id = int(claim.payload["narration_id"])
    with rt.store.read() as tx:
        narration = tx.narrations.get(narration_id)
    if narration is not None and narration.partial_key:
        rt.blobs.delete(narration.partial_key)
    fail(rt, claim, narration_id, message, retry=False)


def webhook_event(kind: str, narration: StoredNarration, rt: Runtime) -> dict[str, Any]:
    base = (rt.settings.public_url or "").rstrip("/")
    view = views.narration_view(narration)
    return {
        "event": kind,
        "article": narration.article_id,
        "voice": narration.voice_id,
        "version": narration.version,
        "status": narration.status,
        "error": narration.error,
        "duration_ms": narration.duration_ms,
        "audio_url": base + view["audio_url"],
        "timings_url": base + view["timings_url"],
        "sent_at": int(time.time()),
    }


# --- listeners -------------------------------------------------------------------------------


def locate(rt: Runtime, article_id: str, voice_id: str | None) -> StoredNarration:
    """The narration a listener asks for: in that voice, or the article's main narration."""
    speaker = rt.voices.resolve(voice_id) if voice_id else None  # an unknown voice → 422
    with rt.store.read() as tx:
        stored = tx.articles.get(article_id)
        if speaker is not None:
            found = tx.narrations.find(article_id, speaker.id)
            if found is None:
                raise NotFoundError(f"article {article_id} is not narrated in {speaker.id}; "
                                    f"ask for it with POST /v1/articles/{article_id}/narrations")
            return found
        main = views.main_narration(tx.narrations.of_article(article_id),
                                    rt.voices.default_for(stored.article.language).id)
    if main is None:
        raise NotFoundError(f"article {article_id} has no narration yet")
    return main


def refresh(rt: Runtime, narration_id: int) -> StoredNarration | None:
    with rt.store.read() as tx:
        return tx.narrations.get(narration_id)


def hurry(rt: Runtime, narration: StoredNarration) -> None:
    """A listener is waiting and no live attempt is writing it: move the job to the front of the queue."""
    with rt.store.write() as tx:
        job_id = tx.jobs.enqueue("narrate", narration_key(narration.id), {"narration_id": narration.id},
                                 priority=PRIORITY_LISTENER)
        job = tx.jobs.get(job_id)
        if job is not None and job.status == "running" and job.worker and process_gone(job.worker):
            # Its attempt died with its process (this machine): take it over now, not when the lease runs out.
            tx.jobs.expire(job.id, job.worker)
    rt.queue.hurry(job_id)
