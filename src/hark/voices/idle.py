"""Give a loaded model back when nobody has spoken with it for a while.

An engine calls `busy()` around each synthesis; once `seconds` have passed with no synthesis
running or started, `release` is called (from a daemon thread) and the engine loads again on its
next sentence. One watcher thread per engine, alive only while something is loaded.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator


class IdleRelease:
    def __init__(self, seconds: float, release: Callable[[], None], name: str = "hark-idle") -> None:
        self.seconds = seconds
        self._release = release
        self._name = name
        self._cond = threading.Condition()
        self._active = 0
        self._last = time.monotonic()
        self._watching = False

    @contextmanager
    def busy(self) -> Iterator[None]:
        """Around one synthesis: the model is not released while it runs, and the idle clock restarts after."""
        with self._cond:
            self._active += 1
            if self.seconds > 0 and not self._watching:
                self._watching = True
                threading.Thread(target=self._watch, name=self._name, daemon=True).start()
        try:
            yield
        finally:
            with self._cond:
                self._active -= 1
                self._last = time.monotonic()
                self._cond.notify_all()

    def _watch(self) -> None:
        with self._cond:
            while True:
                left = self._last + self.seconds - time.monotonic()
                if self._active == 0 and left <= 0:
                    break
                # Wakes at the deadline, or when a synthesis ends (which moves the deadline).
                self._cond.wait(timeout=max(left, 0.05) if self._active == 0 else None)
            self._watching = False
            # Released under the condition: a synthesis starting now waits, then loads afresh.
            self._release()
        give_back_memory()


@functools.cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        return libc if libc is not None and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def give_back_memory() -> None:
    """Return freed heap pages to the system (glibc keeps them otherwise: a released model, or one
    narration's buffers, would stay in the process's RSS). A no-op where malloc is not glibc's."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


def fewer_malloc_arenas(arenas: int = 2) -> None:
    """Cap glibc's per-thread heaps (8 per core by default): a server's many threads each keep
    their own, and memory freed in one is never reused by another. Call before threads start."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(-8, arenas)  # M_ARENA_MAX
