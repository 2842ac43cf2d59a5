"""The jobs table as a durable queue: enqueue, claim with a lease, heartbeat, fenced finish, retry with backoff."""

from __future__ import annotations

import json
import secrets
from typing import Any, Callable

from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hark.models import Claim, Job
from hark.store.schema import JobRow

MAX_ATTEMPTS = 3

_CLAIMABLE = "((status = 'queued' AND run_after <= :now) OR (status = 'running' AND lease_until < :now))"
_LIVE = ("queued", "running")


def backoff(attempt: int) -> float:
    """Seconds before retry `attempt + 1`: 2, 8, 32… capped at ten minutes."""
    return float(min(600, 2 * 4 ** (attempt - 1)))


def _job(row: JobRow) -> Job:
    return Job(id=row.id, kind=row.kind, key=row.dedupe_key, status=row.status,  # type: ignore[arg-type]
               attempts=row.attempts, max_attempts=row.max_attempts, priority=row.priority, run_after=row.run_after,
               error=row.error, created_at=row.created_at, updated_at=row.updated_at, worker=row.worker,
               lease_until=row.lease_until)


class Jobs:
    def __init__(self, session: Session, clock: Callable[[], float]) -> None:
        self._session = session
        self._now = clock

    def enqueue(self, kind: str, key: str, payload: dict[str, Any], priority: int = 0) -> int:
        """Queue a job unless one for the same key is already queued or running; returns the live job's id."""
        live = self._live(key)
        if live is not None:
            if priority:
                self._session.execute(update(JobRow).where(JobRow.id == live, JobRow.priority < priority)
                                      .values(priority=priority))
            return live
        now = self._now()
        job = JobRow(kind=kind, dedupe_key=key, payload=json.dumps(payload), status="queued", priority=priority,
                     attempts=0, max_attempts=MAX_ATTEMPTS, run_after=0.0, created_at=now, updated_at=now)
        try:
            with self._session.begin_nested():
                self._session.add(job)
        except IntegrityError:
            # Another request queued the same work a moment ago: use that job.
            found = self._live(key)
            assert found is not None
            return found
        return job.id

    def get(self, job_id: int) -> Job | None:
        row = self._session.get(JobRow, job_id)
        return _job(row) if row is not None else None

    def of_key(self, key: str) -> list[Job]:
        return [_job(row) for row in self._session.scalars(select(JobRow).where(JobRow.dedupe_key == key)
                                                          .order_by(JobRow.id))]

    def latest_of_keys(self, keys: list[str]) -> dict[str, Job]:
        """The newest job of each key that has one (one query, for recovery over many narrations)."""
        found: dict[str, Job] = {}
        for start in range(0, len(keys), 500):
            query = select(JobRow).where(JobRow.dedupe_key.in_(keys[start:start + 500])).order_by(JobRow.id)
            for row in self._session.scalars(query):
                found[row.dedupe_key] = _job(row)
        return found

    def claim(self, worker: str, lease: float, job_id: int | None = None) -> Claim | None:
        """Take the most urgent runnable job (or `job_id`), including jobs whose worker died; None if none.

        Taking over a job whose lease ran out counts an attempt like any other, so a job that kills its worker
        every time (a poison job) comes back with `attempt > max_attempts`: the caller fails it for good."""
        now = self._now()
        token = f"{worker}:{secrets.token_hex(4)}"
        only = " AND id = :job_id" if job_id is not None else ""
        params: dict[str, Any] = {"now": now, "lease": now + lease, "token": token, "job_id": job_id}
        if self._session.get_bind().dialect.name == "postgresql":
            # Row claim: concurrent workers skip each other's locked rows instead of queueing on them.
            picked = self._session.execute(
                text(f"SELECT id FROM jobs WHERE {_CLAIMABLE}{only} ORDER BY priority DESC, id LIMIT 1 "
                     "FOR UPDATE SKIP LOCKED"), params).scalar()
            if picked is None:
                return None
            params["picked"] = picked
            where = "id = :picked"
        else:
            # SQLite: one atomic UPDATE … WHERE under the database write lock.
            where = (f"id = (SELECT id FROM jobs WHERE {_CLAIMABLE}{only} ORDER BY priority DESC, id LIMIT 1) "
                     f"AND {_CLAIMABLE}")
        row = self._session.execute(
            text("UPDATE jobs SET status = 'running', lease_until = :lease, worker = :token, "
                 f"attempts = attempts + 1, updated_at = :now WHERE {where} "
                 "RETURNING id, kind, payload, attempts, max_attempts"), params).first()
        if row is None:
            return None
        return Claim(id=row.id, kind=row.kind, payload=json.loads(row.payload), token=token, attempt=row.attempts,
                     max_attempts=row.max_attempts)

    def heartbeat(self, claim: Claim, lease: float) -> bool:
        """Extend the lease; False when the job was taken over (this attempt must stop)."""
        result = self._session.execute(
            update(JobRow).where(JobRow.id == claim.id, JobRow.worker == claim.token, JobRow.status == "running")
            .values(lease_until=self._now() + lease))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def finish(self, claim: Claim) -> bool:
        """Mark the job done, only if this attempt still owns it."""
        result = self._session.execute(
            update(JobRow).where(JobRow.id == claim.id, JobRow.worker == claim.token, JobRow.status == "running")
            .values(status="done", lease_until=None, updated_at=self._now(), error=None))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def fail(self, claim: Claim, error: str, retry: bool) -> bool:
        """Record a failed attempt: queue a retry after a backoff, or fail for good. True if it will retry."""
        again = retry and claim.attempt < claim.max_attempts
        now = self._now()
        values: dict[str, Any] = {"error": error, "lease_until": None, "updated_at": now}
        values.update({"status": "queued", "run_after": now + backoff(claim.attempt)} if again else {"status": "failed"})
        self._session.execute(update(JobRow).where(JobRow.id == claim.id, JobRow.worker == claim.token).values(**values))
        return again

    def expire(self, job_id: int, worker: str) -> bool:
        """End the lease of an attempt known to be dead (its process is gone), so the job is taken over now
        rather than when the lease would have run out. Only while that attempt still holds it."""
        result = self._session.execute(
            update(JobRow).where(JobRow.id == job_id, JobRow.worker == worker, JobRow.status == "running")
            .values(lease_until=self._now() - 1, updated_at=self._now()))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def reap(self, include_queued: bool) -> list[int]:
        """Jobs a Celery deployment must send again: leases run out (their worker died), and, when the broker
        holds no messages, runnable jobs nobody took for a while (their message was lost). Each is marked so
        the next round does not send it again."""
        now = self._now()
        expired = list(self._session.scalars(
            update(JobRow).where(JobRow.status == "running", JobRow.lease_until < now)
            .values(status="queued", lease_until=None, updated_at=now).returning(JobRow.id)))
        lost: list[int] = []
        if include_queued:
            lost = list(self._session.scalars(
                update(JobRow).where(JobRow.status == "queued", JobRow.run_after <= now, JobRow.updated_at < now - 30)
                .values(updated_at=now).returning(JobRow.id)))
        return expired + lost

    def forget(self, keys: list[str]) -> int:
        """Delete the jobs of these targets that no worker holds (a deleted article's); how many went."""
        if not keys:
            return 0
        result = self._session.execute(delete(JobRow).where(JobRow.dedupe_key.in_(keys), JobRow.status != "running"))
        return int(result.rowcount)  # type: ignore[attr-defined]

    def prune(self, older_than: float) -> int:
        """Delete finished jobs (done or failed) last touched before `older_than`; how many went."""
        result = self._session.execute(delete(JobRow).where(JobRow.status.in_(("done", "failed")),
                                                            JobRow.updated_at < older_than))
        return int(result.rowcount)  # type: ignore[attr-defined]

    def _live(self, key: str) -> int | None:
        return self._session.scalar(select(JobRow.id).where(JobRow.dedupe_key == key, JobRow.status.in_(_LIVE)))
