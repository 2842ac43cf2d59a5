"""Request body limits (ASGI middleware) and a per-client rate limit for anonymous work."""

from __future__ import annotations

import threading
import time
from typing import Any

from hark.web.problems import PayloadTooLargeError, RateLimitedError, problem


class BodyLimit:
    """Refuse bodies over `limit` bytes: by Content-Length up front, or while a chunked body streams in."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            response = problem(413, PayloadTooLargeError.title, self._message(), scope.get("path"))
            await response(scope, receive, send)
            return
        seen = 0

        async def counting_receive() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise PayloadTooLargeError(self._message())
            return message  # type: ignore[no-any-return]

        await self.app(scope, counting_receive, send)

    def _message(self) -> str:
        return f"the request body is larger than {self.limit:,} bytes"


class RateLimit:
    """A token bucket per client address: `rate` requests per minute, bursts up to `burst`."""

    def __init__(self, per_minute: float, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens < 1.0:
                error = RateLimitedError("too many narration requests from this address; try again in a minute")
                error.retry_after = int((1.0 - tokens) / self.rate) + 1  # type: ignore[attr-defined]
                raise error
            self._buckets[client] = (tokens - 1.0, now)
            if len(self._buckets) > 10_000:  # forget idle clients so the table cannot grow without bound
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 600}
