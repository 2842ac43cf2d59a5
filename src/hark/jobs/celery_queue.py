"""Scale-out: jobs dispatched through Celery (Redis broker) to `hark worker` processes on any machine."""

from __future__ import annotations

import logging
import os
import socket
import threading
from typing import Any

from hark.jobs import table
from hark.jobs.run import run_next
from hark.jobs.runtime import Runtime
from hark.settings import Settings

log = logging.getLogger(__name__)

TASK = "hark.run_job"
REAPER_SECONDS = 5.0
"""How often jobs whose worker died (or whose message was lost) are sent again."""

_worker_runtime: Runtime | None = None
"""The runtime of a `hark worker` process, set once by its entry point before the first task."""
_worker_lease = table.LEASE_SECONDS


def celery_app(settings: Settings) -> Any:
    from celery import Celery

    app = Celery("hark", broker=settings.broker_url)
    app.conf.update(
        task_ignore_result=True,
        # The database row is the truth: a message lost with a dying worker is re-sent by the reaper,
        # and acks_late makes Redis redeliver it too. Either way the claim runs the job once.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )

    @app.task(name=TASK)
    def run_job(job_id: int) -> None:
        rt = _worker_runtime
        if rt is None:
            raise RuntimeError("hark worker runtime is not set up")
        run_next(rt, f"{socket.gethostname()}-{os.getpid()}", _worker_lease, job_id=job_id)

    return app


class CeleryQueue:
    """Dispatches job ids to Celery; a reaper thread re-sends stale jobs."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.app = celery_app(rt.settings)
        self._stop = threading.Event()
        self._reaper: threading.Thread | None = None

    def dispatch(self, job_id: int, delay: float = 0.0) -> None:
        self.app.send_task(TASK, args=[job_id], countdown=delay or None)

    def hurry(self, job_id: int) -> None:
        # Celery workers are elsewhere; the job's raised priority is all we can do from here.
        self.dispatch(job_id)

    def start(self) -> None:
        self._reaper = threading.Thread(target=self._reap, name="hark-reaper", daemon=True)
        self._reaper.start()

    def stop(self) -> None:
        self._stop.set()
        if self._reaper is not None:
            self._reaper.join(10)

    def _broker_idle(self) -> bool:
        """True when the broker's queue is empty, so a job still queued in the database lost its message."""
        with self.app.connection_for_read() as conn:
            client = getattr(conn.default_channel, "client", None)
            if client is None:  # not Redis: we cannot tell, so do not flood the broker with duplicates
                return False
            return int(client.llen(self.app.conf.task_default_queue)) == 0

    def _reap(self) -> None:
        while not self._stop.wait(REAPER_SECONDS):
            try:
                for job_id in table.reap(self.rt.db, include_queued=self._broker_idle()):
                    self.dispatch(job_id)
            except Exception:  # broker or database briefly away: try again next round
                log.exception("could not re-send stale jobs")


def run_celery_worker(rt: Runtime, lease: float = table.LEASE_SECONDS) -> None:
    """Run a Celery worker in this process (solo pool, so the loaded voice stays warm between tasks)."""
    global _worker_runtime, _worker_lease
    _worker_runtime, _worker_lease = rt, lease
    queue = CeleryQueue(rt)
    rt.queue = queue
    queue.start()
    name = f"hark-{os.getpid()}@{socket.gethostname()}"
    try:
        queue.app.worker_main(["worker", "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle",
                               "--without-heartbeat", "-n", name])
    finally:
        queue.stop()
