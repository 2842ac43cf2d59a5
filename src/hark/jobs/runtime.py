"""What the API and the workers share in one process: settings, database, blobs, warm voices and the queue."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Protocol

from hark.settings import Settings
from hark.store.blobs import BlobStore, open_blobs
from hark.store.db import Database, open_database
from hark.voices import VoiceRegistry

log = logging.getLogger(__name__)


class JobQueue(Protocol):
    """Moves a job (already a row in the jobs table) to a worker; the table stays the truth."""

    def dispatch(self, job_id: int, delay: float = 0.0) -> None:
        """Tell a worker that job `job_id` can run (after `delay` seconds)."""
        ...

    def hurry(self, job_id: int) -> None:
        """A listener is waiting for this job: run it now, beside the queue, if this backend can."""
        ...

    def start(self) -> None:
        """Start in-process workers, if this backend has any."""
        ...

    def stop(self) -> None:
        ...


@dataclass
class Runtime:
    settings: Settings
    db: Database
    blobs: BlobStore
    registry: VoiceRegistry
    queue: JobQueue | None = None
    _registry_lock: threading.Lock = field(default_factory=threading.Lock)

    def engine_version(self, voice_id: str) -> str:
        engine, voice = self.registry.resolve(voice_id)
        return engine.version(voice)

    def warm(self) -> None:
        """Load the default voice now, so the first listener does not wait for the model to load."""
        from hark.models import Sentence, SynthesisOptions, Word

        try:
            engine, voice = self.registry.resolve(None, "en")
            engine.synthesize(Sentence("Ready.", 0, 6, (Word("Ready", 0, 5, "ready", pause="."),)), voice, SynthesisOptions())
        except Exception as exc:  # a cold voice is slower, not broken
            log.warning("could not warm the default voice: %s", exc)


def open_runtime(settings: Settings) -> Runtime:
    return Runtime(settings=settings, db=open_database(settings), blobs=open_blobs(settings), registry=VoiceRegistry(settings))
