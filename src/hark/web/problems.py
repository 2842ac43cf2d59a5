"""Every error as RFC 9457 problem+json, from one handler keyed on the exception type."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from hark.errors import HarkError, InputError

log = logging.getLogger(__name__)

PROBLEM_TYPE = "application/problem+json"


class PayloadTooLargeError(InputError):
    status = 413
    title = "Request too large"


class RateLimitedError(InputError):
    status = 429
    title = "Too many requests"


class MalformedJSONError(InputError):
    status = 400
    title = "Malformed JSON"


class ValidationFailedError(InputError):
    status = 422
    title = "Invalid request"


class NotAcceptableError(InputError):
    status = 415
    title = "Unsupported media type"


def _slug(title: str) -> str:
    return title.lower().replace(" ", "-")


def problem(status: int, title: str, detail: str, instance: str | None = None, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"type": f"https://hark.invalid/problems/{_slug(title)}", "title": title, "status": status,
                            "detail": detail}
    if instance:
        body["instance"] = instance
    body.update({k: v for k, v in extra.items() if v is not None})
    headers = {"Retry-After": str(extra["retry_after"])} if extra.get("retry_after") else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_TYPE, headers=headers)


def _from_validation(exc: RequestValidationError) -> HarkError:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return MalformedJSONError("the request body is not valid JSON")
    parts = []
    for e in errors:
        where = ".".join(str(p) for p in e.get("loc", ()) if p != "body")
        if e.get("type") == "extra_forbidden":
            parts.append(f"unknown field {where!r}")
        else:
            parts.append(f"{where or 'body'}: {e.get('msg')}")
    error = ValidationFailedError("; ".join(parts) or "the request is not valid")
    error.errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in errors]  # type: ignore[attr-defined]
    return error


def to_problem(request: Request, exc: Exception) -> JSONResponse:
    """The one mapping from anything raised to a response."""
    if isinstance(exc, RequestValidationError):
        exc = _from_validation(exc)
    if isinstance(exc, HarkError):
        if exc.status >= 500:
            log.error("%s on %s: %s", exc.__class__.__name__, request.url.path, exc.message)
        return problem(exc.status, exc.title, exc.message, request.url.path, errors=getattr(exc, "errors", None),
                       retry_after=getattr(exc, "retry_after", None))
    if isinstance(exc, StarletteHTTPException):
        titles = {404: "Not found", 405: "Method not allowed", 401: "Unauthorized"}
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no such endpoint: {request.method} {request.url.path} (see /docs)"
        return problem(exc.status_code, titles.get(exc.status_code, "HTTP error"), detail, request.url.path)
    log.exception("unexpected error on %s", request.url.path, exc_info=exc)
    return problem(500, "Internal error", "the server failed; the error was logged", request.url.path)


def install(app: FastAPI) -> None:
    for kind in (HarkError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, to_problem)  # type: ignore[arg-type]
