"""The FastAPI app factory: runtime, queue and workers, middleware, routers and the one error handler."""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from typing import AsyncIterator

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from hark.jobs.queues import make_queue
from hark.jobs.runtime import Runtime, open_runtime
from hark.settings import Settings
from hark.web import problems
from hark.web.pages import router as pages_router
from hark.web.limits import BodyLimit, RateLimit
from hark.web.readcache import ReadCache
from hark.web.routes import articles, audio, events, feeds, speech, voices

log = logging.getLogger(__name__)


def create_app(settings: Settings, *, demo: bool = True, workers: bool = True) -> FastAPI:
    """The service. `workers` runs the in-process queue workers (local queue); `demo` publishes the demo article."""
    rt = open_runtime(settings)
    rt.queue = make_queue(rt)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stop = threading.Event()
        if workers:
            rt.queue.start()  # type: ignore[union-attr]
            from hark.jobs.schedule import start_scheduler

            start_scheduler(rt, stop)
        if demo:
            threading.Thread(target=_demo, args=(app, rt), daemon=True, name="hark-demo").start()
        try:
            yield
        finally:
            stop.set()
            if workers:
                rt.queue.stop()  # type: ignore[union-attr]

    app = FastAPI(title="Hark", version="0.1.0", lifespan=lifespan,
                  description="Narrates news articles with neural voices and word timings. See DESIGN.md.")
    app.state.runtime = rt
    app.state.settings = settings
    app.state.demo_article_id = None
    app.state.narration_limit = RateLimit(per_minute=settings.narrations_per_minute, burst=max(1, settings.narrations_per_minute // 2))
    app.state.events_limit = RateLimit(per_minute=settings.events_per_minute, burst=max(1, settings.events_per_minute // 3))
    app.state.read_cache = ReadCache()
    problems.install(app)
    for module in (articles, audio, voices, speech, events, feeds):
        app.include_router(module.router)
    app.include_router(pages_router)
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "Range", "If-None-Match", "If-Range"],
            expose_headers=["Content-Range", "Accept-Ranges", "Content-Length", "ETag", "X-Hark-Version"],
            max_age=600,
        )
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    return app


def _demo(app: FastAPI, rt: Runtime) -> None:
    from hark.web.demo import publish_demo

    try:
        app.state.demo_article_id = publish_demo(rt)
    except Exception:  # the service is useful without its demo
        log.exception("could not publish the demo article")
    rt.warm()
