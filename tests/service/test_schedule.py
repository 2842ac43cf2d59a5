"""The scheduler prunes finished jobs older than the history window on its prune ticks, and keeps the rest."""

from __future__ import annotations

from hark.service.boot import open_runtime
from hark.service.schedule import JOB_HISTORY_SECONDS, PRUNE_EVERY_TICKS, tick
from tests.support import FakeClock


def test_scheduler_prunes_old_finished_jobs(settings):  # type: ignore[no-untyped-def]
    clock = FakeClock()
    rt = open_runtime(settings, clock)
    with rt.store.write() as tx:
        old_done = tx.jobs.enqueue("noop", "old-done", {})
        tx.jobs.finish(tx.jobs.claim("w", lease=5, job_id=old_done))
        old_failed = tx.jobs.enqueue("noop", "old-failed", {})
        tx.jobs.fail(tx.jobs.claim("w", lease=5, job_id=old_failed), "broken", retry=False)
        live = tx.jobs.enqueue("noop", "live", {})
    clock.advance(JOB_HISTORY_SECONDS - 60)
    with rt.store.write() as tx:
        recent = tx.jobs.enqueue("noop", "recent", {})
        tx.jobs.finish(tx.jobs.claim("w", lease=5, job_id=recent))
    clock.advance(120)

    tick(rt, 1)  # not a prune tick: nothing goes
    with rt.store.read() as tx:
        assert tx.jobs.get(old_done) is not None
    tick(rt, PRUNE_EVERY_TICKS)
    with rt.store.read() as tx:
        assert tx.jobs.get(old_done) is None and tx.jobs.get(old_failed) is None
        assert tx.jobs.get(live) is not None and tx.jobs.get(recent) is not None
