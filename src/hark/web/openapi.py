"""The OpenAPI document tells the truth: every operation lists its problem+json errors (401 where a key is needed)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from hark.web.problems import PROBLEM_TYPE

_PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object", "required": ["type", "title", "status", "detail"],
    "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                   "detail": {"type": "string"}, "instance": {"type": "string"}, "retry_after": {"type": "integer"},
                   "errors": {"type": "array", "items": {"type": "object"}}},
}
_ERRORS = {"400": "Malformed JSON", "404": "Not found", "409": "Conflict (e.g. narration not ready)",
           "413": "Request or article too large", "422": "Invalid request or source",
           "429": "Too many requests (see Retry-After)"}


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = doc.setdefault("components", {})
        components.setdefault("schemas", {})["Problem"] = _PROBLEM_SCHEMA
        ref = {"content": {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for operations in doc.get("paths", {}).values():
            for op in operations.values():
                keyed = "security" in op  # FastAPI put it there from require_key's HTTPBearer
                responses = op.setdefault("responses", {})
                for status, text in {**_ERRORS, **({"401": "Missing or wrong API key"} if keyed else {})}.items():
                    responses[status] = {"description": text, **ref}  # replaces FastAPI's HTTPValidationError 422
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
