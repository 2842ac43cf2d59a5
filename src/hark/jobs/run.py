"""Runs one claimed job by its kind: the one place job kinds map to code."""

from __future__ import annotations

import logging
from typing import Callable

from hark.jobs import table
from hark.jobs.runtime import Runtime

log = logging.getLogger(__name__)

Handler = Callable[[Runtime, table.Claim, float], None]


def _handlers() -> dict[str, Handler]:
    from hark.jobs.feeds import run_poll_feed
    from hark.jobs.narrate import run_narrate

    return {"narrate": run_narrate, "poll_feed": run_poll_feed}


def run_claim(rt: Runtime, claim: table.Claim, lease: float = table.LEASE_SECONDS) -> None:
    handler = _handlers().get(claim.kind)
    if handler is None:
        with rt.db.write() as session:
            table.fail(session, claim, f"unknown job kind {claim.kind!r}", retry=False)
        return
    try:
        handler(rt, claim, lease)
    except Exception as exc:  # a handler bug must not kill the worker; the job records why
        log.exception("job %s (%s) crashed", claim.id, claim.kind)
        with rt.db.write() as session:
            table.fail(session, claim, f"{exc.__class__.__name__}: {exc}", retry=True)


def run_next(rt: Runtime, worker: str, lease: float = table.LEASE_SECONDS, job_id: int | None = None) -> bool:
    """Claim and run one job; False when there was nothing to do."""
    claim = table.claim(rt.db, worker, lease, job_id=job_id)
    if claim is None:
        return False
    run_claim(rt, claim, lease)
    return True
