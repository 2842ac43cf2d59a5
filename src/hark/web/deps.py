"""Request-scoped access to the runtime, and the API-key check every write depends on."""

from __future__ import annotations

from fastapi import Request

from hark.service.keys import check_key
from hark.service.runtime import Runtime


def runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


def require_key(request: Request) -> str:
    """The key holder's name; AuthError (401 problem+json) without a valid key."""
    return check_key(runtime(request).store, request.headers.get("authorization"))


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
