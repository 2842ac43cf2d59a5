"""The jobs table as a durable queue: enqueue, claim with a lease, heartbeat, fenced finish, retry with backoff."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hark.store.db import Database
from hark.store.schema import JobRow

LEASE_SECONDS = 60.0
"""A worker that has not renewed its lease for this long is presumed dead and its job is taken again."""


@dataclass(frozen=True)
class Claim:
    """One attempt at one job; `token` fences its completion against a later attempt."""

    id: int
    kind: str
    payload: dict[str, Any]
    token: str
    attempt: int
    max_attempts: int


def enqueue(session: Session, kind: str, key: str, payload: dict[str, Any], priority: int = 0) -> int:
    """Queue a job unless one for the same key is already queued or running; returns the live job's id."""
    live = session.scalar(select(JobRow.id).where(JobRow.dedupe_key == key, JobRow.status.in_(("queued", "running"))))
    if live is not None:
        if priority:
            session.execute(update(JobRow).where(JobRow.id == live, JobRow.priority < priority).values(priority=priority))
        return live
    now = time.time()
    job = JobRow(kind=kind, dedupe_key=key, payload=json.dumps(payload), status="queued", priority=priority,
                 attempts=0, max_attempts=3, run_after=0.0, created_at=now, updated_at=now)
    try:
        with session.begin_nested():
            session.add(job)
    except IntegrityError:
        # Another request queued the same work a moment ago: use that job.
        found = session.scalar(select(JobRow.id).where(JobRow.dedupe_key == key, JobRow.status.in_(("queued", "running"))))
        assert found is not None
        return found
    return job.id


_CLAIMABLE = "((status = 'queued' AND run_after <= :now) OR (status = 'running' AND lease_until < :now))"


def claim(db: Database, worker: str, lease: float = LEASE_SECONDS, job_id: int | None = None) -> Claim | None:
    """Take the most urgent runnable job (or `job_id`), including jobs whose worker died; None if there is none."""
    now = time.time()
    token = f"{worker}:{secrets.token_hex(4)}"
    only = " AND id = :job_id" if job_id is not None else ""
    params: dict[str, Any] = {"now": now, "lease": now + lease, "token": token, "job_id": job_id}
    with db.write() as session:
        if db.is_postgres:
            # Row claim: concurrent workers skip each other's locked rows instead of queueing on them.
            picked = session.execute(
                text(f"SELECT id FROM jobs WHERE {_CLAIMABLE}{only} ORDER BY priority DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED"),
                params,
            ).scalar()
            if picked is None:
                return None
            params["picked"] = picked
            where = "id = :picked"
        else:
            # SQLite: one atomic UPDATE … WHERE under the database write lock.
            where = f"id = (SELECT id FROM jobs WHERE {_CLAIMABLE}{only} ORDER BY priority DESC, id LIMIT 1) AND {_CLAIMABLE}"
        row = session.execute(
            text(
                f"UPDATE jobs SET status = 'running', lease_until = :lease, worker = :token, attempts = attempts + 1, "
                f"updated_at = :now WHERE {where} RETURNING id, kind, payload, attempts, max_attempts"
            ),
            params,
        ).first()
    if row is None:
        return None
    return Claim(id=row.id, kind=row.kind, payload=json.loads(row.payload), token=token, attempt=row.attempts,
                 max_attempts=row.max_attempts)


def heartbeat(db: Database, claim: Claim, lease: float = LEASE_SECONDS) -> bool:
    """Extend the lease; False when the job was taken over (this attempt must stop)."""
    with db.write() as session:
        result = session.execute(
            update(JobRow)
            .where(JobRow.id == claim.id, JobRow.worker == claim.token, JobRow.status == "running")
            .values(lease_until=time.time() + lease)
        )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def finish(session: Session, claim: Claim) -> bool:
    """Mark the job done inside the caller's transaction, only if this attempt still owns it."""
    result = session.execute(
        update(JobRow)
        .where(JobRow.id == claim.id, JobRow.worker == claim.token, JobRow.status == "running")
        .values(status="done", lease_until=None, updated_at=time.time(), error=None)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def backoff(attempt: int) -> float:
    """Seconds before retry `attempt + 1`: 2, 8, 32… capped at ten minutes."""
    return float(min(600, 2 * 4 ** (attempt - 1)))


def fail(session: Session, claim: Claim, error: str, retry: bool) -> bool:
    """Record a failed attempt: queue a retry after a backoff, or fail for good. True if it will retry."""
    again = retry and claim.attempt < claim.max_attempts
    values: dict[str, Any] = {"error": error, "lease_until": None, "updated_at": time.time()}
    values.update({"status": "queued", "run_after": time.time() + backoff(claim.attempt)} if again else {"status": "failed"})
    session.execute(update(JobRow).where(JobRow.id == claim.id, JobRow.worker == claim.token).values(**values))
    return again


def reap(db: Database, include_queued: bool) -> list[int]:
    """Jobs a Celery deployment must send again: leases run out (their worker died), and, when the broker
    holds no messages, runnable jobs nobody took for a while (their message was lost). Each is marked so
    the next round does not send it again."""
    now = time.time()
    with db.write() as session:
        expired = list(session.scalars(
            update(JobRow)
            .where(JobRow.status == "running", JobRow.lease_until < now)
            .values(status="queued", lease_until=None, updated_at=now)
            .returning(JobRow.id)
        ))
        lost: list[int] = []
        if include_queued:
            lost = list(session.scalars(
                update(JobRow)
                .where(JobRow.status == "queued", JobRow.run_after <= now, JobRow.updated_at < now - 30)
                .values(updated_at=now)
                .returning(JobRow.id)
            ))
    return expired + lost
