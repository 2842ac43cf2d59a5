"""The one error tree of Hark; the CLI and the web map it to exit codes and statuses in one place each.

* HarkError — anything Hark reports to a person (message says what happened and what to do)
  * InputError — the request or its input is wrong; the caller can fix it (CLI exit 2, HTTP 4xx)
    * SourceError — a file, URL or stdin could not be read as a page
      * UnsupportedURLError — not http(s), malformed
      * BlockedURLError — the host resolves to a private/loopback/reserved address (SSRF guard)
      * FetchError — unreachable, timed out, HTTP error status, too large, too many redirects
    * NoArticleError — the page holds no article (home page, login wall, 404, empty text)
    * VoiceError — unknown voice id, voice that cannot be loaded
    * RateError — speaking rate outside 0.5–2.0
    * FormatError — an audio format Hark does not write
    * NotFoundError — an id that names nothing (HTTP 404)
    * ConflictError — the request collides with the current state (HTTP 409)
    * AuthError — missing or wrong API key (HTTP 401)
  * SynthesisError — an engine failed on valid input (HTTP 502 for remote engines, 500 otherwise)
    * RemoteEngineError — a remote speech server timed out or returned garbage
  * StorageError — the database or blob store failed
"""

from __future__ import annotations


class HarkError(Exception):
    """Base of every error Hark reports."""

    status = 500
    title = "Internal error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(HarkError):
    status = 400
    title = "Bad input"


class SourceError(InputError):
    status = 422
    title = "Unreadable source"


class UnsupportedURLError(SourceError):
    title = "Unsupported URL"


class BlockedURLError(SourceError):
    title = "URL not allowed"


class FetchError(SourceError):
    status = 422
    title = "Could not fetch the page"


class NoArticleError(InputError):
    status = 422
    title = "No article found"


class VoiceError(InputError):
    status = 422
    title = "Unknown voice"


class RateError(InputError):
    status = 422
    title = "Rate out of range"


class FormatError(InputError):
    status = 422
    title = "Unsupported format"


class NotFoundError(InputError):
    status = 404
    title = "Not found"


class ConflictError(InputError):
    status = 409
    title = "Conflict"


class AuthError(InputError):
    status = 401
    title = "Unauthorized"


class SynthesisError(HarkError):
    status = 500
    title = "Synthesis failed"


class RemoteEngineError(SynthesisError):
    status = 502
    title = "Remote speech server failed"


class StorageError(HarkError):
    status = 500
    title = "Storage failed"
