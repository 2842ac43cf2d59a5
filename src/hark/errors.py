"""The one error tree of Hark; the CLI and the web map it to exit codes and statuses in one place each.

* HarkError — anything Hark reports to a person (message says what happened and what to do)
  * InputError — the request or its input is wrong; the caller can fix it (CLI exit 2, HTTP 4xx)
    * SourceError — a file, URL or stdin could not be read as a page
      * UnsupportedURLError — not http(s), malformed
      * BlockedURLError — the host resolves to a private/loopback/reserved address (SSRF guard)
      * FetchError — unreachable, timed out, HTTP error status, too large, too many redirects
      * NotAFeedError — a feed URL that answers with something other than RSS or Atom
    * NoArticleError — the page holds no article (home page, login wall, 404, empty text)
    * VoiceError — unknown voice id, voice that cannot be loaded
    * RateError — speaking rate outside 0.5–2.0
    * FormatError — an audio format Hark does not write
    * NotFoundError — an id that names nothing (HTTP 404)
    * ConflictError — the request collides with the current state (HTTP 409)
      * NotReadyError — the narration is not made yet; try again after `retry_after` seconds
    * AuthError — missing or wrong API key (HTTP 401)
    * MalformedJSONError — the body is not JSON (HTTP 400)
    * ValidationFailedError — the body is JSON but not the right shape; `errors` says where (HTTP 422)
    * PayloadTooLargeError — the body is over the limit (HTTP 413)
      * ArticleTooLongError — the article has more words than HARK_MAX_ARTICLE_WORDS; `words`, `limit`
    * RangeNotSatisfiableError — a Range that starts past the end of the file; `size` (HTTP 416)
    * UnsupportedMediaTypeError — a body type the endpoint does not take (HTTP 415)
    * RateLimitedError — too many requests; try again after `retry_after` seconds (HTTP 429)
  * SynthesisError — an engine failed on valid input (HTTP 502 for remote engines, 500 otherwise)
    * RemoteEngineError — a remote speech server timed out or returned garbage
  * NarrationFailedError — the narration failed for good; `message` carries its recorded reason (HTTP 500)
  * StorageError — the database or blob store failed
    * AudioUnavailableError — the stored file is missing or damaged; it is being made again (HTTP 503)
"""

from __future__ import annotations


class HarkError(Exception):
    """Base of every error Hark reports."""

    status = 500
    title = "Internal error"

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
        """Seconds after which the same request may succeed (HTTP `Retry-After`), when that is known."""


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


class NotAFeedError(SourceError):
    title = "Not a feed"


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


class NotReadyError(ConflictError):
    title = "Narration not ready"


class AuthError(InputError):
    status = 401
    title = "Unauthorized"


class MalformedJSONError(InputError):
    status = 400
    title = "Malformed JSON"


class ValidationFailedError(InputError):
    status = 422
    title = "Invalid request"

    def __init__(self, message: str, *, errors: list[dict[str, object]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []
        """Each problem: `loc` (where in the body), `msg`, `type`."""


class PayloadTooLargeError(InputError):
    status = 413
    title = "Request too large"


class ArticleTooLongError(PayloadTooLargeError):
    title = "Article too long"

    def __init__(self, message: str, *, words: int, limit: int) -> None:
        super().__init__(message)
        self.words = words
        """Words counted (at least this many, when refused on raw size before extraction)."""
        self.limit = limit


class RangeNotSatisfiableError(InputError):
    status = 416
    title = "Range not satisfiable"

    def __init__(self, message: str, *, size: int) -> None:
        super().__init__(message)
        self.size = size
        """The file's length in bytes (HTTP `Content-Range: bytes */size`)."""


class UnsupportedMediaTypeError(InputError):
    status = 415
    title = "Unsupported media type"


class RateLimitedError(InputError):
    status = 429
    title = "Too many requests"


class SynthesisError(HarkError):
    status = 500
    title = "Synthesis failed"


class RemoteEngineError(SynthesisError):
    status = 502
    title = "Remote speech server failed"


class StorageError(HarkError):
    status = 500
    title = "Storage failed"


class NarrationFailedError(HarkError):
    # Not a 409: nothing the caller does to the request will make it succeed, and waiting will not either.
    status = 500
    title = "Narration failed"


class AudioUnavailableError(StorageError):
    status = 503
    title = "Audio unavailable"
