"""The poll-feed job (filled in below the narration path)."""

from __future__ import annotations

from hark.jobs import table
from hark.jobs.runtime import Runtime


def run_poll_feed(rt: Runtime, claim: table.Claim, lease: float = table.LEASE_SECONDS) -> None:
    with rt.db.write() as session:
        table.finish(session, claim)


def queue_due_feeds(rt: Runtime) -> list[int]:
    return []
