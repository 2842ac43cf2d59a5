"""The service's clock: queue a poll for each feed that is due, re-read the reader-voice menu, prune old finished
jobs (each as a plain call)."""

from __future__ import annotations

import logging
import threading

from hark.service import feeds, integrity, readers, recovery
from hark.service.runtime import Runtime

log = logging.getLogger(__name__)

TICK_SECONDS = 2.0
JOB_HISTORY_SECONDS = 7 * 24 * 3600.0
"""Finished jobs are kept a week (to see what happened), then pruned."""
PRUNE_EVERY_TICKS = 1800
MENU_EVERY_TICKS = 15
"""How often (in ticks) the reader-voice menu is read again, for changes made by another process."""
RECOVER_EVERY_TICKS = 5
"""Narrations left behind by dead attempts or failed jobs are put right within ~10 s."""
VERIFY_EVERY_TICKS = 1800 * 6
"""Every finished file is read through and checksummed about every six hours."""


def tick(rt: Runtime, n: int = 0) -> list[int]:
    """One round: due feed polls queued and dispatched; every few rounds, narrations recovered (see
    `recovery.recover`); now and then the reader-voice menu re-read, old jobs pruned and the audio files checked."""
    jobs = feeds.queue_due(rt)
    for job_id in jobs:
        rt.queue.dispatch(job_id)
    if n % MENU_EVERY_TICKS == 0:
        readers.load(rt)
    if n % RECOVER_EVERY_TICKS == 0:
        recovery.recover(rt)
    if n and n % VERIFY_EVERY_TICKS == 0:
        integrity.verify_all(rt)
    if n % PRUNE_EVERY_TICKS == 0:
        with rt.store.write() as tx:
            tx.jobs.prune(older_than=rt.store.clock() - JOB_HISTORY_SECONDS)
    return jobs


def start_scheduler(rt: Runtime, stop: threading.Event) -> threading.Thread:
    def loop() -> None:
        n = 0
        while not stop.wait(TICK_SECONDS):
            try:
                tick(rt, n)
            except Exception:  # a database hiccup must not stop future polls
                log.exception("scheduler tick failed")
            n += 1

    thread = threading.Thread(target=loop, name="hark-scheduler", daemon=True)
    thread.start()
    return thread
