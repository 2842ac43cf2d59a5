"""Console sign-in sessions: a random cookie id per sign-in, held in this process (a restart signs everyone out),
each with its own CSRF token that every form must send back."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

LIFETIME = 8 * 3600
COOKIE = "hark_console"


@dataclass(frozen=True)
class ConsoleSession:
    name: str
    """The name of the API key that signed in."""
    csrf: str
    expires: float


class Sessions:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._live: dict[str, ConsoleSession] = {}

    def open(self, name: str) -> tuple[str, ConsoleSession]:
        token = secrets.token_urlsafe(32)
        session = ConsoleSession(name, secrets.token_urlsafe(24), time.time() + LIFETIME)
        with self._lock:
            self._live = {k: s for k, s in self._live.items() if s.expires > time.time()}
            self._live[token] = session
        return token, session

    def get(self, token: str | None) -> ConsoleSession | None:
        if not token:
            return None
        with self._lock:
            found = self._live.get(token)
        return found if found is not None and found.expires > time.time() else None

    def close(self, token: str | None) -> None:
        with self._lock:
            self._live.pop(token or "", None)
