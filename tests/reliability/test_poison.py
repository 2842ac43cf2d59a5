"""Poison jobs: an attempt counts when the job is leased, so a job that kills its worker every time is given up
after the maximum, and its narration says so (issue 14: a 10 MB text was seen at attempts=5 of 3, still running)."""

from __future__ import annotations

from hark.service import jobs
from hark.service.boot import open_runtime
from hark.service.publish import narration_key

from tests.reliability.common import narration_of, submit_fresh
from tests.support import FakeClock


def test_a_job_whose_worker_dies_every_time_fails_its_narration_visibly(settings):  # type: ignore[no-untyped-def]
    clock = FakeClock()
    rt = open_runtime(settings.model_copy(update={"test_voice": True}), clock)
    article = submit_fresh(rt, 3)
    n = narration_of(rt, article)
    for attempt in (1, 2, 3):
        with rt.store.write() as tx:
            claim = tx.jobs.claim(f"doomed-{attempt}", lease=rt.lease)
        # Counted when leased: the worker dies right here (killed, out of memory) and records nothing.
        assert claim is not None and claim.attempt == attempt
        with rt.store.read() as tx:
            assert tx.jobs.get(claim.id).attempts == attempt  # type: ignore[union-attr]
        clock.advance(rt.lease + 1)
    assert jobs.run_next(rt, "survivor")
    failed = narration_of(rt, article)
    assert failed.status == "failed" and failed.id == n.id
    assert "crashed or was killed" in (failed.error or "") and "3 attempts" in (failed.error or "")
    with rt.store.read() as tx:
        (job,) = tx.jobs.of_key(narration_key(n.id))
    assert job.status == "failed" and job.attempts == 4
    assert not jobs.run_next(rt, "survivor")  # given up for good: nothing runs it again
