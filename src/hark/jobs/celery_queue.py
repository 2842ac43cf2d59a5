"""Scale-out: job ids sent through Celery (Redis broker) to `hark worker` processes on any machine."""

from __future__ import annotations

import logging
import os
import socket
import threading
from typing import Any, Callable

from hark.jobs.queue import Runner

log = logging.getLogger(__name__)

TASK = "hark.run_job"
REAPER_SECONDS = 5.0
"""How often jobs whose worker died (or whose message was lost) are sent again."""

Reaper = Callable[[bool], list[int]]
"""(the broker holds no messages) → ids of jobs to send again (see `hark.store.jobs.Jobs.reap`)."""

_worker_run: Runner | None = None
"""The runner of a `hark worker` process, set by `CeleryQueue.serve` before the first task."""


def celery_app(broker_url: str) -> Any:
    # Celery is imported only by deployments that scale out: it costs a second at every start.
    from celery import Celery

    app = Celery("hark", broker=broker_url)
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
        if _worker_run is None:
            raise RuntimeError("hark worker runner is not set up")
        _worker_run(f"{socket.gethostname()}-{os.getpid()}", job_id)

    return app


class CeleryQueue:
    """Dispatches job ids to Celery; a reaper thread re-sends stale jobs."""

    def __init__(self, broker_url: str, run: Runner, reap: Reaper) -> None:
        self.run = run
        self.reap = reap
        self.app = celery_app(broker_url)
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

    def serve(self) -> None:
        """A Celery worker in this process (solo pool, so the loaded voice stays warm between tasks)."""
        global _worker_run
        _worker_run = self.run
        self.start()
        name = f"hark-{os.getpid()}@{socket.gethostname()}"
        try:
            self.app.worker_main(["worker", "--pool=solo", "--loglevel=INFO", "--without-gossip",
                                  "--without-mingle", "--without-heartbeat", "-n", name])
        finally:
            self.stop()

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
                for job_id in self.reap(self._broker_idle()):
                    self.dispatch(job_id)
            except Exception:  # broker or database briefly away: try again next round
                log.exception("could not re-send stale jobs")
