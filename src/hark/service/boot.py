"""Starting the service: the runtime and its queue backend, the in-process workers and the clock, a worker process."""

from __future__ import annotations

import logging
import signal
import threading
import time
from functools import partial

from hark.jobs.celery_queue import CeleryQueue
from hark.jobs.local import LocalQueue
from hark.jobs.queue import JobQueue
from hark.service import integrity, jobs, readers, recovery, voices
from hark.service.runtime import Runtime
from hark.service.schedule import start_scheduler
from hark.settings import Settings
from hark.store import Clock, open_blobs, open_store
from hark.voices import VoiceRegistry
from hark.voices.clipcache import ClipCache
from hark.voices.idle import fewer_malloc_arenas

log = logging.getLogger(__name__)


def _reap(rt: Runtime, broker_idle: bool) -> list[int]:
    with rt.store.write() as tx:
        return tx.jobs.reap(include_queued=broker_idle)


def make_queue(rt: Runtime) -> JobQueue:
    """The backend the settings name; it runs jobs by calling back into this runtime."""
    run = partial(jobs.run_next, rt)
    if rt.settings.queue == "celery":
        return CeleryQueue(rt.settings.broker_url, run, partial(_reap, rt))
    return LocalQueue(run, workers=rt.settings.workers)


def open_runtime(settings: Settings, clock: Clock = time.time) -> Runtime:
    rt = Runtime(settings=settings, store=open_store(settings, clock), blobs=open_blobs(settings),
                 voices=VoiceRegistry(settings), clips=ClipCache(settings.cache_dir))
    rt.queue = make_queue(rt)
    readers.load(rt)  # the publisher's default voices, before the first request picks one
    return rt


class Service:
    """The parts of a running service that run on their own: queue workers and the scheduler."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self._stop = threading.Event()

    def start(self) -> None:
        self.rt.queue.start()
        # Put right what a crash left behind before listeners arrive: attempts whose process is gone, narrations
        # whose job failed or is gone. The files are read through in the background (it may take a while).
        try:
            recovery.recover(self.rt)
        except Exception:  # the clock tries again within seconds
            log.exception("recovering narrations on start failed")
        threading.Thread(target=_verify, args=(self.rt,), name="hark-verify", daemon=True).start()
        start_scheduler(self.rt, self._stop)

    def stop(self) -> None:
        self._stop.set()
        self.rt.queue.stop()


def _verify(rt: Runtime) -> None:
    try:
        integrity.verify_all(rt)
    except Exception:  # a database hiccup at start must not take the service down; the clock checks again
        log.exception("checking the audio files failed")


def run_worker(settings: Settings) -> None:
    """`hark worker`: run jobs from the configured queue until SIGTERM or SIGINT (jobs in flight finish; a
    killed worker's jobs are taken over when their lease runs out)."""
    before_threads()
    rt = open_runtime(settings)
    voices.warm(rt.voices)
    recovery.recover(rt)  # a worker restarted on this machine takes its dead predecessor's jobs over at once
    if settings.queue != "celery":  # Celery's worker installs its own warm-shutdown handlers
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: rt.queue.stop())
    rt.queue.serve()


def before_threads() -> None:
    """Process-wide set-up for a long-running server, before any of its threads start."""
    fewer_malloc_arenas()
