"""The `JobQueue` protocol every backend implements, and the `Runner` it calls to run a job."""

from __future__ import annotations

from typing import Callable, Protocol

Runner = Callable[[str, "int | None"], bool]
"""(worker name, job id or None for "the most urgent one") → whether a job was run."""


class JobQueue(Protocol):
    """Moves a job (already a row in the jobs table) to a worker."""

    def dispatch(self, job_id: int, delay: float = 0.0) -> None:
        """Tell a worker that job `job_id` can run (after `delay` seconds)."""
        ...

    def hurry(self, job_id: int) -> None:
        """A listener is waiting for this job: run it now, beside the queue, if this backend can."""
        ...

    def start(self) -> None:
        """Start this process's workers (or helper threads), if this backend has any."""
        ...

    def stop(self) -> None:
        ...

    def serve(self) -> None:
        """Run as a worker process until stopped (`hark worker`)."""
        ...
