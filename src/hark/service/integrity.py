"""Finished audio is served only while it is what was stored: its size checked on every request, its checksum on
start, periodically and whenever the file's size or modification time changed. A damaged or missing file is taken
out of service (logged, the narration queued again) and listeners get a 503 saying why."""

from __future__ import annotations

import hashlib
import logging
import os
from typing import TYPE_CHECKING

from hark.errors import AudioUnavailableError
from hark.models import StoredNarration
from hark.service.publish import narration_key

if TYPE_CHECKING:
    from hark.service.runtime import Runtime

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10


def sha256_of(path: os.PathLike[str] | str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def problem_with(n: StoredNarration, size: int | None, sha256: str | None = None) -> str | None:
    """Why the file on disk is not the narration's audio (None: it is). `size` None: there is no file.
    Rows from before checksums were stored (no size, no checksum) are taken as they are."""
    if size is None:
        return "the audio file is missing"
    if n.audio_bytes and size != n.audio_bytes:
        return f"the audio file is {size} bytes, but {n.audio_bytes} were stored"
    if sha256 is not None and n.audio_sha256 and sha256 != n.audio_sha256:
        return "the audio file's checksum does not match the one stored (the file is damaged)"
    return None


def looks_whole(rt: Runtime, n: StoredNarration) -> bool:
    """The cheap check made on every request (one stat, no read): the file has the stored size and has not
    changed since it was last found whole."""
    path = rt.blobs.local_path(n.audio_key or "")
    if path is None:
        return True
    try:
        st = path.stat()
    except FileNotFoundError:
        return False
    if problem_with(n, st.st_size) is not None:
        return False
    stamp, seen = (st.st_size, st.st_mtime_ns), rt.stamps.get(n.audio_key or "")
    if seen is None:
        # First sight in this process: taken as whole (the check on start reads every file through), and any
        # change from now on is noticed.
        rt.stamps.put(n.audio_key or "", stamp)
        return True
    return seen == stamp


def check_served(rt: Runtime, n: StoredNarration) -> str | None:
    """The full check of a file that did not look whole: why it cannot be served (after taking it out of service),
    or None when it is whole after all (touched, same bytes). A file first seen is trusted until `verify_all`
    (on start, then periodically) has read it through."""
    path = rt.blobs.local_path(n.audio_key or "")
    if path is None:
        return None
    try:
        st = path.stat()
    except FileNotFoundError:
        reason = problem_with(n, None)
    else:
        stamp = (st.st_size, st.st_mtime_ns)
        reason = problem_with(n, st.st_size)
        if reason is None:
            seen = rt.stamps.get(n.audio_key or "")
            if seen is not None and seen != stamp:
                reason = problem_with(n, st.st_size, sha256_of(path))
            if reason is None:
                rt.stamps.put(n.audio_key or "", stamp)
    if reason is not None:
        take_out_of_service(rt, n, reason)
    return reason


def unavailable(reason: str) -> AudioUnavailableError:
    return AudioUnavailableError(f"{reason}; it is being narrated again, try again shortly",
                                 retry_after=RETRY_AFTER_SECONDS)


def verify_all(rt: Runtime) -> list[tuple[int, str]]:
    """Read every finished file through and compare it with what was stored (on start and periodically);
    damaged or missing ones are taken out of service. Returns (narration id, reason) for each."""
    with rt.store.read() as tx:
        finished = tx.narrations.ready()
    damaged = []
    for n in finished:
        path = rt.blobs.local_path(n.audio_key or "")
        if path is None:
            continue
        try:
            st = path.stat()
            reason = problem_with(n, st.st_size) or problem_with(n, st.st_size, sha256_of(path))
        except FileNotFoundError:
            reason = problem_with(n, None)
        if reason is None:
            rt.stamps.put(n.audio_key or "", (st.st_size, st.st_mtime_ns))
        elif take_out_of_service(rt, n, reason):
            damaged.append((n.id, reason))
    return damaged


def take_out_of_service(rt: Runtime, n: StoredNarration, reason: str) -> bool:
    """Stop serving `n`'s file (unless a newer version replaced it meanwhile), delete it and narrate it again."""
    with rt.store.write() as tx:
        current = tx.narrations.get(n.id)
        if current is None or current.audio_key != n.audio_key:
            return False
        tx.narrations.forget_audio(n.id, reason)
        job = tx.jobs.enqueue("narrate", narration_key(n.id), {"narration_id": n.id})
    log.error("narration %s of article %s (%s): %s; no longer served, narrating it again",
              n.id, n.article_id, n.voice_id, reason)
    rt.blobs.delete(n.audio_key or "")
    rt.queue.dispatch(job)
    return True
