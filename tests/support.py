"""Small helpers every kind of test uses: a free loopback port, and polling with a deadline."""

from __future__ import annotations

import socket
import time
from typing import Any, Callable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Callable[[], Any], timeout: float = 60.0, every: float = 0.05, what: str = "condition") -> Any:
    """Poll `check` until it returns something truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(every)


def cpu_seconds(work: Callable[[], Any], repeat: int = 3) -> float:
    """Best-of-`repeat` CPU time of this process for `work`: other load on a shared machine barely moves it
    (for linear-time checks, which compare ratios, never absolute times)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


class FakeClock:
    """A clock the test moves by hand (`advance`), for leases, backoffs and schedules without sleeping."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
