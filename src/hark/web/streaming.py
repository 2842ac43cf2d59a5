"""Streaming a narration that is still being made: follow the growing file until its job is done."""

from __future__ import annotations

import asyncio
from typing import AsyncIterator, BinaryIO, Callable

CHUNK = 64 * 1024
POLL_SECONDS = 0.05
STATE_EVERY = 4
"""Check the narration's state every this many empty polls (the database is asked 5×/s, not 20×)."""


async def follow(fh: BinaryIO, still_writing: Callable[[], bool], deadline_s: float = 600.0) -> AsyncIterator[bytes]:
    """Yield the bytes of an open, growing file as they appear; stop once the writer is done and all was read."""
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline_s
    empty = 0
    try:
        while loop.time() < end:
            data = fh.read(CHUNK)
            if data:
                empty = 0
                yield data
                continue
            empty += 1
            if empty % STATE_EVERY == 0 and not await loop.run_in_executor(None, still_writing):
                # The writer finished (or gave up): drain what it wrote last, then stop.
                while data := fh.read(CHUNK):
                    yield data
                return
            await asyncio.sleep(POLL_SECONDS)
    finally:
        fh.close()
