"""The API keys repository: keys are stored only as a SHA-256 hash, with a short prefix to tell them apart."""

from __future__ import annotations

import hashlib
from typing import Callable

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from hark.models import ApiKey
from hark.store.schema import ApiKeyRow


def hash_key(key: str) -> str:
    # Keys are 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(key.encode()).hexdigest()


def _key(row: ApiKeyRow) -> ApiKey:
    return ApiKey(id=row.id, name=row.name, prefix=row.prefix or "", created_at=row.created_at,
                  revoked_at=row.revoked_at)


class Keys:
    def __init__(self, session: Session, clock: Callable[[], float]) -> None:
        self._session = session
        self._now = clock

    def add(self, name: str, key: str, prefix: str) -> ApiKey:
        row = ApiKeyRow(name=name, key_hash=hash_key(key), prefix=prefix, created_at=self._now())
        self._session.add(row)
        self._session.flush()
        return _key(row)

    def by_key(self, key: str) -> ApiKey | None:
        row = self._session.scalar(select(ApiKeyRow).where(ApiKeyRow.key_hash == hash_key(key)))
        return _key(row) if row is not None else None

    def all(self) -> list[ApiKey]:
        return [_key(row) for row in self._session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.id))]

    def revoke(self, name_or_prefix: str) -> list[ApiKey]:
        """Revoke the live keys with this name, or whose prefix starts so; the keys revoked."""
        query = select(ApiKeyRow).where(ApiKeyRow.revoked_at.is_(None), or_(
            ApiKeyRow.name == name_or_prefix,
            (ApiKeyRow.prefix != "") & ApiKeyRow.prefix.startswith(name_or_prefix, autoescape=True)))
        rows = list(self._session.scalars(query))
        now = self._now()
        for row in rows:
            row.revoked_at = now
        return [_key(row) for row in rows]

    def revoke_id(self, key_id: int) -> bool:
        result = self._session.execute(update(ApiKeyRow).where(ApiKeyRow.id == key_id, ApiKeyRow.revoked_at.is_(None))
                                       .values(revoked_at=self._now()))
        return bool(result.rowcount)  # type: ignore[attr-defined]
