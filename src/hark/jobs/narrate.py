"""The narrate job: one article in one voice → audio blob, timing map and a new version, exactly once."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from typing import Any

from hark import pipeline
from hark.errors import HarkError, InputError
from hark.jobs import table
from hark.jobs.submit import narration_key
from hark.jobs.runtime import Runtime
from hark.jobs.webhook import notify_later
from hark.store.articles import article_from_json
from hark.store.schema import ArticleRow, NarrationRow
from hark.store.views import audio_url, narration_view

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5.0


class LeaseLost(Exception):
    """Another attempt took this job over (our lease ran out): stop without writing anything."""


def _slug(voice_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", voice_id)


def _file_digest(rt: Runtime, key: str) -> str:
    digest = hashlib.sha256()
    with rt.blobs.open(key) as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def run_narrate(rt: Runtime, claim: table.Claim, lease: float = table.LEASE_SECONDS) -> None:
    narration_id = int(claim.payload["narration_id"])
    with rt.db.write() as session:
        narration = session.get(NarrationRow, narration_id)
        if narration is None:
            table.finish(session, claim)
            return
        article = session.get(ArticleRow, narration.article_id)
        assert article is not None
        if narration.status == "ready" and narration.content_hash == article.content_hash and narration.audio_key:
            table.finish(session, claim)  # unchanged since the last narration: nothing to do
            return
        article_json, digest, article_id = article.article_json, article.content_hash, article.id
        voice_id = narration.voice_id
        if narration.partial_key:
            # Left by an attempt whose worker died: nobody is writing it any more.
            rt.blobs.delete(narration.partial_key)
        partial = f"{article_id}/{_slug(voice_id)}-{claim.token.replace(':', '-')}.mp3.part"
        if narration.status != "ready":
            narration.status = "narrating"
        # The empty file exists before its key is published, so a streaming reader can always open it.
        rt.blobs.create(partial).close()
        narration.partial_key = partial
        narration.error = None
        narration.updated_at = time.time()

    try:
        result = _render(rt, claim, article_json, voice_id, partial, lease)
    except LeaseLost:
        rt.blobs.delete(partial)
        return
    except Exception as exc:
        rt.blobs.delete(partial)
        _record_failure(rt, claim, narration_id, exc)
        return

    requeue: int | None = None
    event: dict[str, Any] | None = None
    old_key: str | None = None
    try:
        sha = _file_digest(rt, partial)
        final = f"{article_id}/{_slug(voice_id)}-{sha[:16]}.mp3"
        with rt.db.write() as session:
            if not table.finish(session, claim):
                # A later attempt owns the job now; it records its own result. Ours was never published.
                session.rollback()
                rt.blobs.delete(partial)
                return
            narration = session.get(NarrationRow, narration_id)
            assert narration is not None
            old_key = narration.audio_key if narration.audio_key != final else None
            narration.version += 1
            narration.status = "ready"
            narration.error = None
            narration.audio_key = final
            narration.partial_key = None
            narration.audio_bytes = rt.blobs.size(partial)
            narration.etag = f'"{narration.id}.{narration.version}.{sha[:16]}"'
            narration.content_hash = digest
            narration.duration_ms = result.duration_ms
            narration.base_wpm = round(result.base_wpm, 1)
            narration.sentences = result.sentences
            narration.synthesized = result.synthesized
            narration.timings_json = json.dumps(result.timings.to_json(), ensure_ascii=False)
            narration.engine_version = result.extra.get("engine_version", narration.engine_version)
            narration.updated_at = time.time()
            event = _event("narration.ready", narration, rt)
            article = session.get(ArticleRow, article_id)
            if article is not None and article.content_hash != digest:
                # The article changed while we narrated it: narrate the new text too.
                requeue = table.enqueue(session, "narrate", narration_key(narration_id), {"narration_id": narration_id})
            # The file takes its final name last, inside the transaction that publishes the key, so an
            # attempt that lost the job never touches a published file.
            rt.blobs.rename(partial, final)
    except Exception as exc:  # after synthesis (digest, rename, the write): the narration fails visibly
        rt.blobs.delete(partial)
        _record_failure(rt, claim, narration_id, exc)
        return
    if old_key:
        rt.blobs.delete(old_key)
    if requeue is not None and rt.queue is not None:
        rt.queue.dispatch(requeue)
    notify_later(rt.settings, event)


def _render(rt: Runtime, claim: table.Claim, article_json: str, voice_id: str, partial: str, lease: float) -> Any:
    article = article_from_json(article_json)
    script = pipeline.script_for(article, rt.settings, voice_id, rt.registry)
    last_beat = time.monotonic()

    def on_chunk() -> None:
        nonlocal last_beat
        sink.flush()  # readers streaming the growing file must see every sentence as soon as it is encoded
        if time.monotonic() - last_beat > min(HEARTBEAT_SECONDS, lease / 3):
            last_beat = time.monotonic()
            if not table.heartbeat(rt.db, claim, lease):
                raise LeaseLost()

    with rt.blobs.create(partial) as sink:
        narration = pipeline.narrate_script(script, rt.settings, sink, registry=rt.registry, voice_id=voice_id,
                                            fmt="mp3", on_chunk=on_chunk)
    engine, voice = rt.registry.resolve(voice_id)
    narration.extra["engine_version"] = engine.version(voice)
    return narration


def _record_failure(rt: Runtime, claim: table.Claim, narration_id: int, exc: Exception) -> None:
    # Bad input never gets better by retrying; engine and storage hiccups might.
    permanent = isinstance(exc, InputError)
    message = exc.message if isinstance(exc, HarkError) else f"{exc.__class__.__name__}: {exc}"
    if not isinstance(exc, HarkError):
        log.exception("narration %s failed", narration_id)
    event = None
    with rt.db.write() as session:
        retrying = table.fail(session, claim, message, retry=not permanent)
        narration = session.get(NarrationRow, narration_id)
        if narration is None:
            return
        narration.partial_key = None
        narration.updated_at = time.time()
        if not retrying:
            narration.status = "failed" if not narration.audio_key else "ready"
            narration.error = message
            event = _event("narration.failed", narration, rt)
    if event is not None:
        notify_later(rt.settings, event)
    elif rt.queue is not None:
        rt.queue.dispatch(claim.id, delay=table.backoff(claim.attempt))


def _event(kind: str, narration: NarrationRow, rt: Runtime) -> dict[str, Any]:
    base = (rt.settings.public_url or "").rstrip("/")
    return {
        "event": kind,
        "article": narration.article_id,
        "voice": narration.voice_id,
        "version": narration.version,
        "status": narration.status,
        "error": narration.error,
        "duration_ms": narration.duration_ms,
        "audio_url": base + audio_url(narration),
        "timings_url": base + narration_view(narration)["timings_url"],
        "sent_at": int(time.time()),
    }
