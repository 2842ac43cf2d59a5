"""`hark worker`: a narration worker for the configured queue (in-database by default, Celery when asked)."""

from __future__ import annotations

import logging
import signal
import threading

from hark.jobs.runtime import open_runtime
from hark.settings import Settings


def run_worker(settings: Settings, lease: float | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    lease = lease or settings.job_lease_seconds
    rt = open_runtime(settings)
    rt.warm()
    if settings.queue == "celery":
        from hark.jobs.celery_queue import run_celery_worker

        run_celery_worker(rt, lease)
        return
    from hark.jobs.local import LocalQueue

    queue = LocalQueue(rt, workers=settings.workers, lease=lease)
    rt.queue = queue
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    queue.start()
    stop.wait()
    # Jobs in flight finish (or, if we are killed, are taken over when their lease runs out).
    queue.stop()
