"""What the use cases share in one process: settings, the store, audio blobs, warm voices, the clip cache, the queue."""

from __future__ import annotations

from dataclasses import dataclass, field

from hark.jobs.queue import JobQueue
from hark.settings import Settings
from hark.store import BlobStore, Store
from hark.voices import VoiceRegistry
from hark.voices.clipcache import ClipCache


@dataclass
class Runtime:
    settings: Settings
    store: Store
    blobs: BlobStore
    voices: VoiceRegistry
    clips: ClipCache
    queue: JobQueue = field(init=False)
    """Set by `hark.service.boot.open_runtime` (the queue calls back into the runtime it serves)."""

    @property
    def lease(self) -> float:
        """How long a worker holds a job without a heartbeat before another takes it over."""
        return self.settings.job_lease_seconds
