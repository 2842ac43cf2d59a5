"""The default queue: worker threads in this process taking jobs from the database table."""

from __future__ import annotations

import logging
import os
import socket
import threading

from hark.jobs.queue import Runner

log = logging.getLogger(__name__)

URGENT_THREADS = 2
"""Jobs run beside the queue for waiting listeners, at most; beyond that they wait their turn (by priority)."""

IDLE_POLL_SECONDS = 1.0
"""How often idle workers look for jobs queued by other processes (local dispatches wake them at once)."""


class LocalQueue:
    """`workers` threads; `dispatch` wakes them, and they also poll so jobs from other processes and retries run."""

    def __init__(self, run: Runner, workers: int = 1) -> None:
        self.run = run
        self.workers = max(1, workers)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._timers: list[threading.Timer] = []
        self._urgent = threading.Semaphore(URGENT_THREADS)

    def dispatch(self, job_id: int, delay: float = 0.0) -> None:
        if delay > 0:
            timer = threading.Timer(delay, self._wake.set)
            timer.daemon = True
            timer.start()
            self._timers = [t for t in self._timers if t.is_alive()] + [timer]
        else:
            self._wake.set()

    def hurry(self, job_id: int) -> None:
        """Run the job in its own thread now, so a listener never waits behind a long narration."""
        if not self._threads or not self._urgent.acquire(blocking=False):
            self.dispatch(job_id)
            return
        name = f"{socket.gethostname()}-{os.getpid()}-urgent-{job_id}"

        def run() -> None:
            try:
                self.run(name, job_id)
            except Exception:
                log.exception("urgent run of job %s failed", job_id)
            finally:
                self._urgent.release()

        threading.Thread(target=run, name=name, daemon=True).start()

    def start(self) -> None:
        for n in range(self.workers):
            name = f"{socket.gethostname()}-{os.getpid()}-{n}"
            thread = threading.Thread(target=self._loop, args=(name,), name=f"hark-worker-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        for timer in self._timers:
            timer.cancel()
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()

    def serve(self) -> None:
        """Work until `stop()` (from a signal handler); jobs in flight finish, or are taken over when their
        lease runs out if the process is killed."""
        self.start()
        self._stop.wait()
        self.stop()

    def _loop(self, name: str) -> None:
        while not self._stop.is_set():
            try:
                worked = self.run(name, None)
            except Exception:  # the database may be briefly unavailable; keep the worker alive
                log.exception("worker %s could not take a job", name)
                worked = False
            if not worked:
                self._wake.wait(IDLE_POLL_SECONDS)
                self._wake.clear()
