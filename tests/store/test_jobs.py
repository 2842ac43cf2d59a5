"""The durable queue: exclusive claims under contention, leases, fenced completion, retries with backoff, poison
jobs. Time moves by a clock the test holds, never by sleeping."""

from __future__ import annotations

import concurrent.futures

from hark.store import open_store
from hark.store.jobs import MAX_ATTEMPTS, backoff

from tests.support import FakeClock


def test_each_job_is_claimed_by_exactly_one_of_many_workers(settings):  # type: ignore[no-untyped-def]
    store = open_store(settings)
    with store.write() as tx:
        for i in range(40):
            tx.jobs.enqueue("noop", f"k{i}", {"i": i})

    def drain(worker: int) -> list[int]:
        got = []
        while True:
            with store.write() as tx:
                claim = tx.jobs.claim(f"w{worker}", lease=60)
            if claim is None:
                return got
            got.append(claim.id)
            with store.write() as tx:
                assert tx.jobs.finish(claim)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(drain, range(8)))
    claimed = [job for got in results for job in got]
    assert len(claimed) == 40 and len(set(claimed)) == 40


def test_enqueue_is_idempotent_per_live_key(settings):  # type: ignore[no-untyped-def]
    store = open_store(settings)
    with store.write() as tx:
        first = tx.jobs.enqueue("narrate", "narration:1", {})
        assert tx.jobs.enqueue("narrate", "narration:1", {}, priority=9) == first
    with store.write() as tx:
        assert tx.jobs.get(first).priority == 9
        claim = tx.jobs.claim("w", lease=60)
        tx.jobs.finish(claim)
        # Finished jobs are history: the same key can be queued again.
        assert tx.jobs.enqueue("narrate", "narration:1", {}) != first


def test_expired_lease_is_taken_over_and_the_old_attempt_is_fenced(settings):  # type: ignore[no-untyped-def]
    clock = FakeClock()
    store = open_store(settings, clock)
    with store.write() as tx:
        tx.jobs.enqueue("noop", "k", {})
    with store.write() as tx:
        dead = tx.jobs.claim("dead", lease=10)
        assert dead is not None and tx.jobs.claim("other", lease=10) is None
    clock.advance(9)
    with store.write() as tx:
        assert tx.jobs.claim("early", lease=10) is None  # the lease still holds
    clock.advance(2)
    with store.write() as tx:
        alive = tx.jobs.claim("alive", lease=10)
        assert alive is not None and alive.id == dead.id and alive.attempt == 2
        assert not tx.jobs.heartbeat(dead, 10)
        assert not tx.jobs.finish(dead)
        assert tx.jobs.finish(alive)
        job = tx.jobs.get(alive.id)
    assert job.status == "done" and job.attempts == 2


def test_failures_retry_with_backoff_then_fail(settings):  # type: ignore[no-untyped-def]
    clock = FakeClock()
    store = open_store(settings, clock)
    with store.write() as tx:
        job_id = tx.jobs.enqueue("noop", "k", {})
    for attempt in (1, 2, 3):
        with store.write() as tx:
            claim = tx.jobs.claim("w", lease=60)
            assert claim is not None and claim.attempt == attempt
            retrying = tx.jobs.fail(claim, f"boom {attempt}", retry=True)
        assert retrying == (attempt < 3)
        with store.write() as tx:
            assert tx.jobs.claim("w", lease=60) is None  # backing off (or failed for good)
        clock.advance(backoff(attempt) + 0.001)
    with store.read() as tx:
        job = tx.jobs.get(job_id)
    assert job.status == "failed" and job.error == "boom 3"
    assert [backoff(n) for n in (1, 2, 3)] == [2.0, 8.0, 32.0]


def test_a_job_whose_worker_dies_every_time_comes_back_marked_exhausted(settings):  # type: ignore[no-untyped-def]
    clock = FakeClock()
    store = open_store(settings, clock)
    with store.write() as tx:
        tx.jobs.enqueue("noop", "poison", {})
    for attempt in range(1, MAX_ATTEMPTS + 2):
        with store.write() as tx:
            claim = tx.jobs.claim(f"w{attempt}", lease=5)
        assert claim is not None and claim.attempt == attempt
        clock.advance(6)  # the worker died without a word: its lease runs out
    # The caller sees `attempt > max_attempts` and fails it for good (hark.service.jobs does).
    assert claim.attempt == claim.max_attempts + 1
    with store.write() as tx:
        assert not tx.jobs.fail(claim, "gave up", retry=True)
        assert tx.jobs.claim("w", lease=5) is None


def test_reaper_requeues_dead_workers_jobs_once(settings):  # type: ignore[no-untyped-def]
    clock = FakeClock()
    store = open_store(settings, clock)
    with store.write() as tx:
        dead_id = tx.jobs.enqueue("noop", "dead", {})
        waiting_id = tx.jobs.enqueue("noop", "waiting", {})
        dead = tx.jobs.claim("dead", lease=1, job_id=dead_id)
    clock.advance(2)
    with store.write() as tx:
        assert tx.jobs.reap(include_queued=False) == [dead_id]
        assert tx.jobs.reap(include_queued=False) == []  # marked: not sent twice
        assert not tx.jobs.finish(dead)  # the dead attempt is fenced off
    clock.advance(60)
    with store.write() as tx:
        # Only when the broker is idle is a long-queued job presumed to have lost its message.
        assert waiting_id not in tx.jobs.reap(include_queued=False)
        assert waiting_id in tx.jobs.reap(include_queued=True)
        assert tx.jobs.claim("new", lease=1, job_id=dead_id) is not None


def test_old_finished_jobs_are_pruned_and_live_ones_kept(settings):  # type: ignore[no-untyped-def]
    clock = FakeClock()
    store = open_store(settings, clock)
    with store.write() as tx:
        done = tx.jobs.enqueue("noop", "done", {})
        live = tx.jobs.enqueue("noop", "live", {})
        tx.jobs.finish(tx.jobs.claim("w", lease=5, job_id=done))
    clock.advance(100)
    with store.write() as tx:
        assert tx.jobs.prune(older_than=clock() - 50) == 1
        assert tx.jobs.get(done) is None and tx.jobs.get(live) is not None
