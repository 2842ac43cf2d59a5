"""Request-scoped access to the runtime, and the API-key check every write depends on."""

from __future__ import annotations

from fastapi import Path, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from hark.service.keys import check_key
from hark.service.runtime import Runtime


def runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


_bearer = HTTPBearer(auto_error=False, scheme_name="bearer", description="An API key from `hark keys create`.")
"""Declared so the OpenAPI document lists the scheme on every keyed route; the check itself is check_key's."""


def require_key(request: Request, _declared: HTTPAuthorizationCredentials | None = Security(_bearer)) -> str:
    """The key holder's name; AuthError (401 problem+json) without a valid key."""
    return check_key(runtime(request).store, request.headers.get("authorization"))


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


FeedId = Path(..., ge=1, le=2**63 - 1, description="The feed's id.")
"""Every route naming a feed: ids beyond a 64-bit integer are 422, not an overflow in the database."""
ReportId = Path(..., ge=1, le=2**63 - 1, description="The pronunciation report's id.")
