"""Every error as RFC 9457 problem+json, from one handler keyed on the exception type."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from hark.errors import HarkError, MalformedJSONError, RangeNotSatisfiableError, ValidationFailedError

log = logging.getLogger(__name__)

PROBLEM_TYPE = "application/problem+json"


def _slug(title: str) -> str:
    return title.lower().replace(" ", "-")


def problem(status: int, title: str, detail: str, instance: str | None = None, *, retry_after: int | None = None,
            headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"type": f"https://hark.invalid/problems/{_slug(title)}", "title": title, "status": status,
                            "detail": detail}
    if instance:
        body["instance"] = instance
    if retry_after is not None:
        body["retry_after"] = retry_after
    body.update({k: v for k, v in extra.items() if v is not None})
    sent = dict(headers or {})
    if retry_after is not None:
        sent["Retry-After"] = str(retry_after)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_TYPE, headers=sent or None)


def _loggable(path: str) -> str:
    """The path with control characters escaped, so a request cannot write a NUL or a fake line to the log."""
    return path if path.isprintable() else path.encode("unicode_escape").decode("ascii")


def validation_error(errors: list[Any]) -> HarkError:
    """Pydantic's errors as one of ours: malformed JSON, or what is wrong where."""
    if any(e.get("type") == "json_invalid" for e in errors):
        return MalformedJSONError("the request body is not valid JSON")
    parts = []
    for e in errors:
        where = ".".join(str(p) for p in e.get("loc", ()) if p != "body")
        if e.get("type") == "extra_forbidden":
            parts.append(f"unknown field {where!r}")
        else:
            parts.append(f"{where or 'body'}: {e.get('msg')}")
    return ValidationFailedError("; ".join(parts) or "the request is not valid",
                                 errors=[{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
                                         for e in errors])


def to_problem(request: Request, exc: Exception) -> JSONResponse:
    """The one mapping from anything raised to a response."""
    if isinstance(exc, RequestValidationError):
        exc = validation_error(list(exc.errors()))
    if isinstance(exc, HarkError):
        if exc.status >= 500:
            log.error("%s on %s: %s", exc.__class__.__name__, _loggable(request.url.path), exc.message)
        errors = exc.errors if isinstance(exc, ValidationFailedError) else None
        # RFC 9110: a 401 names the scheme that would be accepted.
        challenge = {"WWW-Authenticate": 'Bearer realm="hark"'} if exc.status == 401 else None
        if isinstance(exc, RangeNotSatisfiableError):
            challenge = {"Content-Range": f"bytes */{exc.size}"}
        return problem(exc.status, exc.title, exc.message, request.url.path, retry_after=exc.retry_after,
                       headers=challenge, errors=errors)
    if isinstance(exc, StarletteHTTPException):
        titles = {404: "Not found", 405: "Method not allowed", 401: "Unauthorized"}
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no such endpoint: {request.method} {request.url.path} (see /docs)"
        return problem(exc.status_code, titles.get(exc.status_code, "HTTP error"), detail, request.url.path,
                       headers=dict(exc.headers or {}))
    log.exception("unexpected error on %s", _loggable(request.url.path), exc_info=exc)
    return problem(500, "Internal error", "the server failed; the error was logged", request.url.path)


def install(app: FastAPI) -> None:
    for kind in (HarkError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, to_problem)  # type: ignore[arg-type]
