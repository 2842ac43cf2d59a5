"""The durable queue: exclusive claims under contention, leases, fenced completion, retries with backoff."""

from __future__ import annotations

import concurrent.futures
import time

from sqlalchemy import select

from hark.jobs import table
from hark.store.db import open_database
from hark.store.schema import JobRow


def test_each_job_is_claimed_by_exactly_one_of_many_workers(settings):  # type: ignore[no-untyped-def]
    db = open_database(settings)
    with db.write() as session:
        for i in range(40):
            table.enqueue(session, "noop", f"k{i}", {"i": i})

    def drain(worker: int) -> list[int]:
        got = []
        while (claim := table.claim(db, f"w{worker}")) is not None:
            got.append(claim.id)
            with db.write() as session:
                assert table.finish(session, claim)
        return got

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(drain, range(8)))
    claimed = [job for got in results for job in got]
    assert len(claimed) == 40 and len(set(claimed)) == 40


def test_enqueue_is_idempotent_per_live_key(settings):  # type: ignore[no-untyped-def]
    db = open_database(settings)
    with db.write() as session:
        first = table.enqueue(session, "narrate", "narration:1", {})
        assert table.enqueue(session, "narrate", "narration:1", {}, priority=9) == first
    with db.read() as session:
        assert session.get(JobRow, first).priority == 9
    claim = table.claim(db, "w")
    with db.write() as session:
        table.finish(session, claim)
        # Finished jobs are history: the same key can be queued again.
        assert table.enqueue(session, "narrate", "narration:1", {}) != first


def test_expired_lease_is_taken_over_and_the_old_attempt_is_fenced(settings):  # type: ignore[no-untyped-def]
    db = open_database(settings)
    with db.write() as session:
        table.enqueue(session, "noop", "k", {})
    dead = table.claim(db, "dead", lease=0.2)
    assert dead is not None and table.claim(db, "other") is None
    time.sleep(0.3)
    alive = table.claim(db, "alive")
    assert alive is not None and alive.id == dead.id and alive.attempt == 2
    assert not table.heartbeat(db, dead)
    with db.write() as session:
        assert not table.finish(session, dead)
        assert table.finish(session, alive)
    with db.read() as session:
        job = session.scalars(select(JobRow)).one()
        assert job.status == "done" and job.attempts == 2


def test_failures_retry_with_backoff_then_fail(settings):  # type: ignore[no-untyped-def]
    db = open_database(settings)
    with db.write() as session:
        job_id = table.enqueue(session, "noop", "k", {})
    for attempt in (1, 2, 3):
        claim = table.claim(db, "w")
        assert claim is not None and claim.attempt == attempt
        with db.write() as session:
            retrying = table.fail(session, claim, f"boom {attempt}", retry=True)
        assert retrying == (attempt < 3)
        assert table.claim(db, "w") is None  # backing off
        with db.write() as session:
            session.get(JobRow, job_id).run_after = 0.0
    with db.read() as session:
        job = session.get(JobRow, job_id)
        assert job.status == "failed" and job.error == "boom 3"
    assert [table.backoff(n) for n in (1, 2, 3)] == [2.0, 8.0, 32.0]


def test_reaper_requeues_dead_workers_jobs_once(settings):  # type: ignore[no-untyped-def]
    db = open_database(settings)
    with db.write() as session:
        dead_id = table.enqueue(session, "noop", "dead", {})
        waiting_id = table.enqueue(session, "noop", "waiting", {})
    dead = table.claim(db, "dead", lease=0.1, job_id=dead_id)
    time.sleep(0.2)
    assert table.reap(db, include_queued=False) == [dead_id]
    assert table.reap(db, include_queued=False) == []  # marked: not sent twice
    with db.write() as session:
        assert not table.finish(session, dead)  # the dead attempt is fenced off
        session.get(JobRow, waiting_id).updated_at = time.time() - 60
    # Only when the broker is idle is a long-queued job presumed to have lost its message.
    assert waiting_id not in table.reap(db, include_queued=False)
    assert waiting_id in table.reap(db, include_queued=True)
    assert table.claim(db, "new", job_id=dead_id) is not None
