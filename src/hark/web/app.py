"""The FastAPI app factory: runtime, queue and workers, middleware, routers and the one error handler."""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from typing import AsyncIterator

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from hark.service.boot import Service, open_runtime
from hark.service.demo import publish_demo
from hark.service.runtime import Runtime
from hark.service.voices import calibrate_in_background, warm
from hark.settings import Settings
from hark.web import openapi, problems
from hark.web.compress import PlayerGzip
from hark.web.console.routes import router as console_router
from hark.web.limits import BodyLimit, RateLimit
from hark.web.pages import router as pages_router
from hark.web.readcache import ReadCache
from hark.web.routes import articles, audio, events, feeds, figures, lexicon, podcast, reports, speech, voices

log = logging.getLogger(__name__)


def create_app(settings: Settings, *, demo: bool = True, workers: bool = True, runtime: Runtime | None = None) -> FastAPI:
    """The service. `workers` runs the in-process queue workers and the scheduler; `demo` publishes the demo
    article. A test may hand in its own `runtime` (e.g. with a clock it moves by hand)."""
    rt = runtime or open_runtime(settings)
    service = Service(rt)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if workers:
            service.start()
        if demo:
            threading.Thread(target=_demo, args=(app, rt), daemon=True, name="hark-demo").start()
        try:
            yield
        finally:
            if workers:
                service.stop()

    app = FastAPI(title="Hark", version="0.1.0", lifespan=lifespan,
                  description="Narrates news articles with neural voices and word timings. See DESIGN.md.")
    app.state.runtime = rt
    app.state.settings = settings
    app.state.demo_article_id = None
    app.state.narration_limit = RateLimit(per_minute=settings.narrations_per_minute,
                                          burst=max(1, settings.narrations_per_minute // 2), what="narration requests")
    app.state.events_limit = RateLimit(per_minute=settings.events_per_minute,
                                       burst=max(1, settings.events_per_minute // 3), what="listening events")
    app.state.events_article_limit = RateLimit(per_minute=settings.events_per_article_per_minute,
                                               burst=max(1, settings.events_per_article_per_minute // 3),
                                               what="listening events")
    app.state.events_total_limit = RateLimit(per_minute=settings.events_total_per_minute,
                                             burst=max(1, settings.events_total_per_minute // 3), what="listening events")
    app.state.narration_total_limit = RateLimit(per_minute=settings.narrations_total_per_minute,
                                                burst=max(1, settings.narrations_total_per_minute // 2),
                                                what="requests for another voice")
    app.state.read_cache = ReadCache()
    problems.install(app)
    openapi.install(app)
    for module in (articles, audio, voices, speech, events, feeds, podcast, lexicon, figures, reports):
        app.include_router(module.router)
    app.include_router(pages_router)
    app.include_router(console_router)
    app.add_middleware(PlayerGzip)
    _cors(app, settings)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    return app


def _cors(app: FastAPI, settings: Settings) -> None:
    """Any origin may embed the player by default: the reads it makes are public, and writes still need a key
    (CORS never grants one). HARK_CORS_ORIGINS names the only origins allowed, for a publisher who restricts."""
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()] or ["*"]
    app.add_middleware(
        CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "Range", "If-None-Match", "If-Range"],
        expose_headers=["Content-Range", "Accept-Ranges", "Content-Length", "ETag", "X-Hark-Version"],
        max_age=600,
    )


def _demo(app: FastAPI, rt: Runtime) -> None:
    try:
        app.state.demo_article_id = publish_demo(rt)
    except Exception:  # the service is useful without its demo
        log.exception("could not publish the demo article")
    warm(rt.voices)
    calibrate_in_background(rt.settings, rt.voices)
