"""Recovery: narrations left behind by a dead attempt, a failed or a vanished job are put right; only a live
attempt's file is streamed; a data folder that cannot be written fails the narration visibly (issue 14, finding 3)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess

import httpx

from hark.service import jobs
from hark.service.boot import open_runtime
from hark.service.publish import narration_key
from hark.service.recovery import recover, streamable

from tests.reliability.common import narration_of, submit_fresh
from tests.support import FakeClock


def _runtime(settings, clock=None):  # type: ignore[no-untyped-def]
    return open_runtime(settings.model_copy(update={"test_voice": True}), clock or FakeClock())


def _dead_worker() -> str:
    """A worker name of this machine whose process has exited (as after kill -9)."""
    gone = subprocess.Popen(["true"])
    gone.wait()
    return f"{socket.gethostname()}-{gone.pid}-0"


def _start_attempt(rt, article_id: str, worker: str, lease: float):  # type: ignore[no-untyped-def]
    """What `run_job` does up to its first sentence, for an attempt that then dies: a claim and a partial file."""
    with rt.store.write() as tx:
        claim = tx.jobs.claim(worker, lease=lease)
        partial = f"{article_id}/dead-{claim.token.replace(':', '-')}.mp3.part"
        with rt.blobs.create(partial) as fh:
            fh.write(b"STALE" * 1000)
        tx.narrations.start_attempt(narration_of(rt, article_id).id, partial)
    return claim, partial


def test_narration_whose_job_failed_is_marked_failed_with_the_reason(settings):  # type: ignore[no-untyped-def]
    rt = _runtime(settings)
    article = submit_fresh(rt, 2)
    claim, _ = _start_attempt(rt, article, "w", rt.lease)
    with rt.store.write() as tx:  # the job failed and nothing told the narration (it said `narrating` forever)
        tx.jobs.fail(claim, "PermissionError: [Errno 13] Permission denied", retry=False)
    assert narration_of(rt, article).status == "narrating"
    (repair,) = recover(rt)
    n = narration_of(rt, article)
    assert repair.action == "failed" and n.status == "failed" and "Permission denied" in (n.error or "")
    assert n.partial_key is None
    assert recover(rt) == []  # nothing left to put right


def test_narration_whose_job_is_gone_is_queued_again_and_made(settings):  # type: ignore[no-untyped-def]
    rt = _runtime(settings)
    article = submit_fresh(rt, 2)
    n = narration_of(rt, article)
    with rt.store.write() as tx:  # the job vanished (pruned, lost with a restored database)
        claim = tx.jobs.claim("w", lease=rt.lease)
        tx.jobs.finish(claim)
        tx.jobs.prune(older_than=rt.store.clock() + 1)
        assert tx.jobs.of_key(narration_key(n.id)) == []
    (repair,) = recover(rt)
    assert repair.action == "requeued"
    assert jobs.run_next(rt, "w")
    assert narration_of(rt, article).status == "ready"


def test_attempt_of_a_dead_process_is_taken_over_at_once_not_after_its_lease(settings):  # type: ignore[no-untyped-def]
    rt = _runtime(settings)
    article = submit_fresh(rt, 3)
    _, partial = _start_attempt(rt, article, _dead_worker(), lease=3600)
    n = narration_of(rt, article)
    assert streamable(rt, n.id) is None  # its process is gone: listeners are not sent its file
    assert not jobs.run_next(rt, "w")  # the lease alone would hold the job for an hour
    (repair,) = recover(rt)
    assert repair.action == "taken-over"
    assert jobs.run_next(rt, "w")
    done = narration_of(rt, article)
    assert done.status == "ready" and done.version == 1 and not rt.blobs.exists(partial)
    with rt.store.read() as tx:
        (job,) = tx.jobs.of_key(narration_key(n.id))
    assert job.status == "done" and job.attempts == 2


def test_partial_file_is_streamable_only_while_its_attempt_holds_the_lease(settings):  # type: ignore[no-untyped-def]
    clock = FakeClock()
    rt = _runtime(settings, clock)
    article = submit_fresh(rt, 2)
    _, partial = _start_attempt(rt, article, "other-machine-1-0", lease=60)  # not judged by its pid: elsewhere
    n = narration_of(rt, article)
    live = streamable(rt, n.id)
    assert live is not None and live.partial_key == partial
    clock.advance(61)  # no heartbeat: that worker is dead
    assert streamable(rt, n.id) is None


def _unwritable(folder) -> None:  # type: ignore[no-untyped-def]
    """Make the audio folder unwritable: read-only for an ordinary user; as root (who writes through
    permissions) a file stands where the folder should be, which fails every write beneath it just the same."""
    if os.geteuid() != 0:
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o555)
    else:
        shutil.rmtree(folder, ignore_errors=True)
        folder.write_text("not a folder")


def test_unwritable_data_folder_fails_the_narration_visibly(settings, live_server):  # type: ignore[no-untyped-def]
    clock = FakeClock()
    rt = _runtime(settings, clock)
    article = submit_fresh(rt, 2)
    _unwritable(settings.data_dir / "audio")
    try:
        assert jobs.run_next(rt, "w")
        retrying = narration_of(rt, article)
        assert retrying.status != "failed" and "attempt 1 of 3 failed" in (retrying.error or "")
        for _ in range(2):
            clock.advance(3600)  # past the backoff
            assert jobs.run_next(rt, "w")
        n = narration_of(rt, article)
        assert n.status == "failed" and n.error and "Error" in n.error and n.partial_key is None
        base = live_server(settings, runtime=rt, workers=False)
        view = httpx.get(f"{base}/v1/articles/{article}").json()
        assert view["status"] == "failed" and view["error"] == n.error
        for path in ("timings", "audio", "captions.vtt"):
            r = httpx.get(f"{base}/v1/articles/{article}/{path}", timeout=10)
            # Not a 409 to retry forever, not a hang: a problem that says it failed, and why.
            assert r.status_code == 500 and r.headers["content-type"].startswith("application/problem+json")
            assert r.json()["title"] == "Narration failed" and n.error in r.json()["detail"]
    finally:
        folder = settings.data_dir / "audio"
        if folder.is_dir():
            folder.chmod(0o755)
