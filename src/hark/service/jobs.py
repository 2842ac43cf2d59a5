"""Running one job: claim it, run the use case its kind names (the one place kinds map to code), record crashes."""

from __future__ import annotations

import logging
from typing import Callable

from hark.models import Claim
from hark.service import feeds, narrations
from hark.service.runtime import Runtime

log = logging.getLogger(__name__)

Handler = Callable[[Runtime, Claim], None]
Abandon = Callable[[Runtime, Claim, str], None]


def _abandon_plain(rt: Runtime, claim: Claim, message: str) -> None:
    with rt.store.write() as tx:
        tx.jobs.fail(claim, message, retry=False)


HANDLERS: dict[str, tuple[Handler, Abandon]] = {
    "narrate": (narrations.run_job, narrations.abandon),
    "poll_feed": (feeds.run_poll, _abandon_plain),
}


def run_next(rt: Runtime, worker: str, job_id: int | None = None) -> bool:
    """Claim and run one job (or job `job_id`); False when there was nothing to do."""
    with rt.store.write() as tx:
        claim = tx.jobs.claim(worker, rt.lease, job_id=job_id)
    if claim is None:
        return False
    run_claim(rt, claim)
    return True


def run_claim(rt: Runtime, claim: Claim) -> None:
    handler, abandon = HANDLERS.get(claim.kind, (None, _abandon_plain))
    if handler is None:
        abandon(rt, claim, f"unknown job kind {claim.kind!r}")
        return
    if claim.attempt > claim.max_attempts:
        # Every earlier attempt ended with its worker dying (killed, out of memory): a poison job.
        abandon(rt, claim, f"the worker stopped (crashed or was killed) during each of its {claim.max_attempts} "
                           "attempts; the job was given up")
        return
    try:
        handler(rt, claim)
    except Exception as exc:  # a handler bug must not kill the worker; the job records why
        log.exception("job %s (%s) crashed", claim.id, claim.kind)
        with rt.store.write() as tx:
            tx.jobs.fail(claim, f"{exc.__class__.__name__}: {exc}", retry=True)
