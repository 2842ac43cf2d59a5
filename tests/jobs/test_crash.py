"""A worker killed in the middle of a narration: another worker takes the job over and it finishes exactly once."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys

from hark.models import Article, Block, StoredNarration
from hark.service.boot import open_runtime
from hark.service.ingest import Ingested
from hark.service.publish import narration_key, submit


def _worker(settings) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    """`hark worker` in its own process, with a short lease so a dead worker's job is taken over soon."""
    env = {**os.environ, "HARK_DATA_DIR": str(settings.data_dir), "HARK_WORKERS": "1",
           "HARK_DATABASE_URL": settings.resolved_database_url, "HARK_QUEUE": "local", "HARK_JOB_LEASE_SECONDS": "2"}
    return subprocess.Popen([sys.executable, "-m", "hark.cli", "worker"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def test_killed_worker_job_finishes_exactly_once(settings, poll):  # type: ignore[no-untyped-def]
    rt = open_runtime(settings)
    tag = secrets.token_hex(3)
    # Fresh sentences so the narration takes seconds, long enough to kill the worker half-way.
    body = tuple(Block("paragraph", f"Paragraph {i} of dispatch {tag} describes the harbour at length.") for i in range(14))
    article = Article(title=f"Dispatch {tag}", body=body)
    submitted = submit(rt, Ingested(article, "text", None), rt.voices.resolve(None, "en"))

    def narration() -> StoredNarration:
        with rt.store.read() as tx:
            (found,) = tx.narrations.of_article(submitted.article_id)
            return found

    first = _worker(settings)
    try:
        def half_way() -> bool:
            n = narration()
            return bool(n.partial_key) and rt.blobs.exists(n.partial_key) and rt.blobs.size(n.partial_key) > 20_000

        poll(half_way, 120, what="the first worker to be half-way through")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        assert narration().status == "narrating"
    finally:
        if first.poll() is None:
            first.kill()
    second = _worker(settings)
    try:
        done = poll(lambda: (n := narration()).status == "ready" and n, 120, what="the second worker to finish")
    finally:
        second.terminate()
        second.wait(30)
    assert done.version == 1 and done.sentences == 15
    with rt.store.read() as tx:
        (job,) = tx.jobs.of_key(narration_key(done.id))
    assert job.status == "done" and job.attempts == 2
    audio = sorted(p.name for p in (settings.data_dir / "audio" / submitted.article_id).iterdir())
    assert audio == [done.audio_key.split("/")[-1]]  # the dead attempt's half-written file is gone
