"""Picks the JobQueue backend from the settings (the registry of queue backends)."""

from __future__ import annotations

from typing import Callable

from hark.jobs.runtime import JobQueue, Runtime


def _local(rt: Runtime) -> JobQueue:
    from hark.jobs.local import LocalQueue

    return LocalQueue(rt, workers=rt.settings.workers, lease=rt.settings.job_lease_seconds)


def _celery(rt: Runtime) -> JobQueue:
    from hark.jobs.celery_queue import CeleryQueue

    return CeleryQueue(rt)


QUEUES: dict[str, Callable[[Runtime], JobQueue]] = {"local": _local, "celery": _celery}


def make_queue(rt: Runtime) -> JobQueue:
    return QUEUES[rt.settings.queue](rt)
