"""API keys: made once, shown once, stored only as a hash; checked on every write; listed and revoked by name."""

from __future__ import annotations

import secrets

from hark.errors import AuthError, InputError
from hark.models import ApiKey
from hark.settings import Settings
from hark.store import Store, open_store

PREFIX = "hark_"
SHOWN = len(PREFIX) + 6
"""Characters of a key kept in the clear to tell keys apart (too few to guess the rest from)."""


def store_of(settings: Settings) -> Store:
    return open_store(settings)


def create_key(store: Store, name: str) -> str:
    """A new key for `name`; the only time the key itself is seen."""
    if not name.strip():
        raise InputError("a key needs a name: who or what it is for")
    key = PREFIX + secrets.token_urlsafe(32)
    with store.write() as tx:
        tx.keys.add(name.strip(), key, key[:SHOWN])
    return key


def check_key(store: Store, authorization: str | None) -> str:
    """The key's name for a `Bearer KEY` header; AuthError otherwise."""
    if not authorization:
        raise AuthError("this request needs an API key: send `Authorization: Bearer KEY` "
                        "(make one with `hark keys create NAME`)")
    scheme, _, key = authorization.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise AuthError("the Authorization header must be `Bearer KEY`")
    with store.read() as tx:
        found = tx.keys.by_key(key.strip())
    if found is None or found.revoked_at is not None:
        raise AuthError("the API key is not valid; make one with `hark keys create NAME`")
    return found.name


def list_keys(store: Store) -> list[ApiKey]:
    with store.read() as tx:
        return tx.keys.all()


def revoke_keys(store: Store, name_or_prefix: str) -> list[ApiKey]:
    """Revoke the keys with this name, or the key starting with this prefix (at least its shown part)."""
    wanted = name_or_prefix.strip()
    if wanted.startswith(PREFIX) and len(wanted) < SHOWN:
        raise InputError(f"give at least the first {SHOWN} characters of the key, as `hark keys list` shows them")
    if wanted.startswith(PREFIX):
        wanted = wanted[:SHOWN]
    with store.write() as tx:
        revoked = tx.keys.revoke(wanted)
    if not revoked:
        raise InputError(f"no live key is named or starts with {name_or_prefix!r} (see `hark keys list`)")
    return revoked
