"""API keys: made once, shown once, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
import time

from sqlalchemy import select

from hark.errors import AuthError
from hark.settings import Settings
from hark.store.db import Database, open_database
from hark.store.schema import ApiKeyRow

PREFIX = "hark_"


def hash_key(key: str) -> str:
    # Keys are 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(settings: Settings, name: str) -> str:
    return add_key(open_database(settings), name)


def add_key(db: Database, name: str) -> str:
    key = PREFIX + secrets.token_urlsafe(32)
    with db.write() as session:
        session.add(ApiKeyRow(name=name, key_hash=hash_key(key), created_at=time.time()))
    return key


def check_key(db: Database, authorization: str | None) -> str:
    """The key's name for a `Bearer KEY` header; AuthError otherwise."""
    if not authorization:
        raise AuthError("this request needs an API key: send `Authorization: Bearer KEY` (make one with `hark keys create NAME`)")
    scheme, _, key = authorization.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise AuthError("the Authorization header must be `Bearer KEY`")
    with db.read() as session:
        row = session.scalar(select(ApiKeyRow).where(ApiKeyRow.key_hash == hash_key(key.strip())))
    if row is None or row.revoked_at is not None:
        raise AuthError("the API key is not valid; make one with `hark keys create NAME`")
    return row.name
