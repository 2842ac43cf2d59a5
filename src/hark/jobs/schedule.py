"""The service's clock: queue a poll for each feed that is due (polls run as ordinary jobs)."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hark.jobs.runtime import Runtime

log = logging.getLogger(__name__)

TICK_SECONDS = 2.0


def start_scheduler(rt: Runtime, stop: threading.Event) -> threading.Thread:
    from hark.jobs.feeds import queue_due_feeds

    def loop() -> None:
        while not stop.wait(TICK_SECONDS):
            try:
                for job_id in queue_due_feeds(rt):
                    if rt.queue is not None:
                        rt.queue.dispatch(job_id)
            except Exception:  # a database hiccup must not stop future polls
                log.exception("feed scheduler tick failed")

    thread = threading.Thread(target=loop, name="hark-scheduler", daemon=True)
    thread.start()
    return thread
