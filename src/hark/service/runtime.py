"""What the use cases share in one process: settings, the store, audio blobs, warm voices, the clip cache, the queue."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from hark.jobs.queue import JobQueue
from hark.settings import Settings
from hark.store import BlobStore, Store
from hark.voices import VoiceRegistry
from hark.voices.clipcache import ClipCache


class FileStamps:
    """What each served file looked like when last found whole (size, mtime): a file whose stamp changed is read
    through and checksummed again before it is served."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[int, int] | None:
        with self._lock:
            return self._seen.get(key)

    def put(self, key: str, stamp: tuple[int, int]) -> None:
        with self._lock:
            if len(self._seen) > 100_000:
                self._seen.clear()
            self._seen[key] = stamp


@dataclass
class Runtime:
    settings: Settings
    store: Store
    blobs: BlobStore
    voices: VoiceRegistry
    clips: ClipCache
    stamps: FileStamps = field(default_factory=FileStamps)
    """Finished files as last found whole (hark.service.integrity)."""
    queue: JobQueue = field(init=False)
    """Set by `hark.service.boot.open_runtime` (the queue calls back into the runtime it serves)."""

    @property
    def lease(self) -> float:
        """How long a worker holds a job without a heartbeat before another takes it over."""
        return self.settings.job_lease_seconds
