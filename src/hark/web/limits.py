"""Request body limits (ASGI middleware) and a per-client rate limit for anonymous work."""

from __future__ import annotations

import threading
import time
from typing import Any

from hark.errors import PayloadTooLargeError, RateLimitedError
from hark.web.problems import problem


class BodyLimit:
    """Refuse bodies over `limit` bytes: by Content-Length up front, or while reading a chunked body."""

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
        if length is not None or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        # A chunked body has no length up front: read it here, within the limit, then replay it.
        chunks, seen, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            seen += len(chunks[-1])
            more = message.get("more_body", False)
            if seen > self.limit:
                response = problem(413, PayloadTooLargeError.title, self._message(), scope.get("path"))
                await response(scope, receive, send)
                return
        body, replayed = b"".join(chunks), False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if replayed:
                return await receive()  # type: ignore[no-any-return]
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    def _message(self) -> str:
        return f"the request body is larger than {self.limit:,} bytes"


class RateLimit:
    """A token bucket per client address: `rate` requests per minute, bursts up to `burst`."""

    def __init__(self, per_minute: float, burst: int, what: str = "requests") -> None:
        self.what = what
        self.rate = per_minute / 60.0
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, client: str, cost: int = 1, whose: str = "from this address") -> None:
        """Take `cost` tokens from `client`'s bucket (a batch of 100 events costs 100), or raise 429."""
        now = time.monotonic()
        cost = max(1, min(cost, self.burst))  # a batch larger than the burst can still pass once the bucket is full
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens < cost:
                raise RateLimitedError(f"too many {self.what} {whose}; try again in a minute",
                                       retry_after=int((cost - tokens) / self.rate) + 1)
            self._buckets[client] = (tokens - cost, now)
            if len(self._buckets) > 10_000:  # forget idle clients so the table cannot grow without bound
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 600}
