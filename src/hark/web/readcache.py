"""A one-second memory of finished narrations, so hot audio reads skip the database."""

from __future__ import annotations

import threading
import time

from hark.models import StoredNarration

TTL_SECONDS = 1.0
"""How stale a read may be: an edit shows up at most this long after its narration is stored."""


class ReadCache:
    def __init__(self, ttl: float = TTL_SECONDS, limit: int = 4096) -> None:
        self.ttl = ttl
        self.limit = limit
        self._rows: dict[tuple[str, str], tuple[float, StoredNarration]] = {}
        self._lock = threading.Lock()

    def get(self, article_id: str, voice: str) -> StoredNarration | None:
        hit = self._rows.get((article_id, voice))
        return hit[1] if hit and hit[0] > time.monotonic() else None

    def put(self, article_id: str, voice: str, row: StoredNarration) -> None:
        # Only finished narrations: a narration in progress changes from one moment to the next.
        if not row.audio_key:
            return
        with self._lock:
            if len(self._rows) >= self.limit:
                now = time.monotonic()
                self._rows = {k: v for k, v in self._rows.items() if v[0] > now}
                if len(self._rows) >= self.limit:
                    self._rows.clear()
            self._rows[(article_id, voice)] = (time.monotonic() + self.ttl, row)

    def forget(self, article_id: str, voice: str) -> None:
        self._rows.pop((article_id, voice), None)
