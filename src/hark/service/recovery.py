"""After a crash: narrations whose attempt died, or whose job failed or is gone, are put right (on start and on the
service's clock), and which attempt is alive enough to be streamed to a listener."""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass

from hark.models import Job, StoredNarration
from hark.service.publish import narration_key
from hark.service.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Repair:
    narration_id: int
    action: str
    """`taken-over` (its worker's process is gone), `failed` (its job failed), `requeued` (its job is gone)."""
    reason: str


def process_gone(worker: str, host: str | None = None) -> bool:
    """Whether a claim token (`host-pid-n:hex`, `host-pid:hex` for Celery) names a process of this machine that no
    longer runs. Other machines' workers are never judged here: their lease tells."""
    name = worker.rsplit(":", 1)[0]
    prefix = (host or socket.gethostname()) + "-"
    if not name.startswith(prefix):
        return False
    pid = name[len(prefix):].split("-", 1)[0]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, someone else's
        return False
    return False


def attempt_alive(job: Job | None, partial_key: str, now: float) -> bool:
    """Whether the attempt writing `partial_key` still holds its job: running, its lease not run out, and the
    file is that attempt's own (its name carries the claim token)."""
    return (job is not None and job.status == "running" and job.worker is not None
            and (job.lease_until or 0) >= now and job.worker.replace(":", "-") in partial_key
            and not process_gone(job.worker))


def streamable(rt: Runtime, narration_id: int) -> StoredNarration | None:
    """The narration, if a live attempt is writing its partial file (else listeners must not be sent that file)."""
    with rt.store.read() as tx:
        n = tx.narrations.get(narration_id)
        if n is None or not n.partial_key:
            return None
        job = tx.jobs.latest_of_keys([narration_key(n.id)]).get(narration_key(n.id))
    return n if attempt_alive(job, n.partial_key, rt.store.clock()) else None


def recover(rt: Runtime) -> list[Repair]:
    """One pass over the narrations in progress. An attempt whose process is gone (this machine) gives its job up
    at once; a narration whose job failed is marked failed with the job's reason; one with no job left (pruned,
    lost with a database restored from backup) is queued again. Jobs to run are dispatched after the write."""
    repairs: list[Repair] = []
    dispatch: list[int] = []
    with rt.store.write() as tx:
        pending = tx.narrations.in_progress()
        latest = tx.jobs.latest_of_keys([narration_key(n.id) for n in pending])
        for n in pending:
            job = latest.get(narration_key(n.id))
            if job is not None and job.status == "running":
                if job.worker and process_gone(job.worker) and tx.jobs.expire(job.id, job.worker):
                    repairs.append(Repair(n.id, "taken-over", f"the process of worker {job.worker} is gone"))
                    dispatch.append(job.id)
                continue
            if job is not None and job.status == "queued":
                continue
            if job is not None and job.status == "failed":
                reason = job.error or "the narration job failed"
                tx.narrations.end_attempt(n.id, reason)
                repairs.append(Repair(n.id, "failed", reason))
                continue
            # No job, or one that finished without publishing: nobody will ever make this narration otherwise.
            dispatch.append(tx.jobs.enqueue("narrate", narration_key(n.id), {"narration_id": n.id}))
            tx.narrations.requeue(n.id)
            repairs.append(Repair(n.id, "requeued", "its job is gone" if job is None else f"its job is {job.status}"))
    for repair in repairs:
        log.warning("narration %s %s: %s", repair.narration_id, repair.action, repair.reason)
    for job_id in dispatch:
        rt.queue.dispatch(job_id)
    return repairs
