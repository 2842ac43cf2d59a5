"""A narration's audio (Range, ETag, long caching; streamed while still being made), timing map and captions."""

from __future__ import annotations

import asyncio
import json
import os
import time
from typing import Any, BinaryIO

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, Response, StreamingResponse

from hark.audio import content_type, webvtt
from hark.errors import NarrationFailedError, NotReadyError, RangeNotSatisfiableError
from hark.models import StoredNarration, TimingMap
from hark.service import integrity
from hark.service.narrations import hurry, locate, refresh
from hark.service.recovery import streamable
from hark.service.runtime import Runtime
from hark.web.deps import runtime
from hark.web.ranges import past_the_end, single_range
from hark.web.readcache import ReadCache
from hark.web.streaming import follow

router = APIRouter(prefix="/v1", tags=["audio"])

_FAILED: dict[int | str, dict[str, Any]] = {500: {"description": "The narration failed for good (problem+json with the reason)"}}
_UNAVAILABLE: dict[int | str, dict[str, Any]] = {503: {"description": "The stored file is missing or damaged; it is being narrated again "
                                     "(problem+json, Retry-After)"}}

YEAR = 365 * 24 * 3600
SMALL_RANGE = 1 << 20
"""Ranges up to this size are read in one go; larger ones stream from the file."""
START_WAIT_SECONDS = 30.0
"""How long an audio request waits for a queued narration to start before giving up with 409."""
HURRY_EVERY_SECONDS = 1.0
"""How often a waiting request asks for its job to be run now."""


def _cache_headers(n: StoredNarration, pinned: bool) -> dict[str, str]:
    # A URL naming the version is immutable; the bare URL must revalidate (its ETag changes on edits).
    cache = f"public, max-age={YEAR}, immutable" if pinned else "public, max-age=0, must-revalidate"
    return {"ETag": n.etag or "", "Cache-Control": cache, "Accept-Ranges": "bytes",
            "X-Hark-Version": str(n.version)}


def _not_modified(request: Request, etag: str | None) -> bool:
    wanted = request.headers.get("if-none-match")
    return bool(etag and wanted and (wanted.strip() == "*" or etag in [t.strip() for t in wanted.split(",")]))


@router.api_route("/articles/{article_id}/audio", methods=["GET", "HEAD"], summary="The narration's audio; streams while it is still being made",
                  responses={**_FAILED, **_UNAVAILABLE})
async def get_audio(article_id: str, request: Request, voice: str | None = None, v: int | None = None,
                    rt: Runtime = Depends(runtime)) -> Response:
    loop = asyncio.get_running_loop()
    cache: ReadCache = request.app.state.read_cache
    n = cache.get(article_id, voice or "")
    if n is None:
        n = await loop.run_in_executor(None, locate, rt, article_id, voice)
        cache.put(article_id, voice or "", n)
    if n.audio_key:
        return await _serve(rt, n, request, pinned=v is not None and v == n.version)
    deadline = time.monotonic() + START_WAIT_SECONDS
    hurried = 0.0
    while True:
        if n.audio_key:
            return await _serve(rt, n, request, pinned=False)
        if n.status == "failed":
            raise NarrationFailedError(f"the narration failed: {n.error}")
        live = await loop.run_in_executor(None, streamable, rt, n.id) if n.partial_key else None
        if live is not None and live.partial_key:
            try:
                # Opened here, before the response starts, so a file that just vanished is not a broken stream.
                fh = await loop.run_in_executor(None, rt.blobs.open, live.partial_key)
            except FileNotFoundError:
                pass
            else:
                return _stream(rt, live, fh)
        elif time.monotonic() - hurried > HURRY_EVERY_SECONDS:
            # A listener is waiting and no live attempt is writing it (none yet, or a dead one's file): move the
            # job to the front of the queue; a dead attempt's job is taken over as soon as its lease runs out.
            hurried = time.monotonic()
            await loop.run_in_executor(None, hurry, rt, n)
        if time.monotonic() > deadline:
            raise NotReadyError("the narration has not started yet; try again shortly", retry_after=5)
        await asyncio.sleep(0.1)
        n = await loop.run_in_executor(None, refresh, rt, n.id) or n


async def _serve(rt: Runtime, n: StoredNarration, request: Request, pinned: bool) -> Response:
    """The finished file, once it is checked to be the one stored; a damaged or missing one is a 503 (and is
    narrated again), one replaced by a newer version a moment ago is looked up again."""
    loop = asyncio.get_running_loop()
    cache: ReadCache = request.app.state.read_cache
    for _ in range(3):
        reason = None if integrity.looks_whole(rt, n) else await loop.run_in_executor(None, integrity.check_served, rt, n)
        if reason is None:
            try:
                return _finished(rt, n, request, pinned)
            except FileNotFoundError:  # gone between the check and the open
                reason = await loop.run_in_executor(None, integrity.check_served, rt, n)
        # Damaged or gone, or replaced by a newer version meanwhile: look again.
        cache.forget(n.article_id, request.query_params.get("voice") or "")
        fresh = await loop.run_in_executor(None, refresh, rt, n.id)
        if fresh is None or not fresh.audio_key:
            raise integrity.unavailable(reason or (fresh.error if fresh else None) or "the audio file is missing")
        if fresh.audio_key == n.audio_key and reason is not None:
            raise integrity.unavailable(reason)
        n, pinned = fresh, False
    raise NotReadyError("the narration is being replaced by a newer version; try again", retry_after=1)


def _finished(rt: Runtime, n: StoredNarration, request: Request, pinned: bool) -> Response:
    headers = _cache_headers(n, pinned)
    if _not_modified(request, n.etag):
        return Response(status_code=304, headers=headers)
    path = rt.blobs.local_path(n.audio_key or "")
    if path is None:
        return Response(rt.blobs.open(n.audio_key or "").read(), media_type=content_type(n.format), headers=headers)
    if_range = request.headers.get("if-range")
    wanted = request.headers.get("range") if not if_range or if_range == n.etag else None
    # The file as it is on disk decides, not the size stored for it: a damaged, shorter file must not answer
    # a range it no longer holds with an empty 206.
    size = path.stat().st_size
    if past_the_end(wanted, size):
        raise RangeNotSatisfiableError(f"the range starts past the end of the {size}-byte file", size=size)
    span = single_range(wanted, size)
    if span is not None and span[1] - span[0] < SMALL_RANGE:
        # The hot path of a seeking player: one pread from the page cache, no thread hop.
        first, last = span
        fd = os.open(path, os.O_RDONLY)
        try:
            body = os.pread(fd, last - first + 1, first)
        finally:
            os.close(fd)
        headers["Content-Range"] = f"bytes {first}-{last}/{size}"
        return Response(body, status_code=206, media_type=content_type(n.format), headers=headers)
    # Starlette answers the rest: whole files, multi-range, 416 and If-Range.
    if not path.exists():
        raise FileNotFoundError(path)
    return FileResponse(path, media_type=content_type(n.format), headers=headers)


def _stream(rt: Runtime, n: StoredNarration, fh: BinaryIO) -> Response:
    partial = n.partial_key or ""

    def still_writing() -> bool:
        # Only while the attempt writing it is alive: a dead attempt's file ends the stream instead of hanging.
        row = streamable(rt, n.id)
        return bool(row and row.partial_key == partial)

    headers = {"Cache-Control": "no-store", "X-Hark-Streaming": "1", "Accept-Ranges": "none"}
    # Range is ignored while streaming (RFC 9110 lets a server send 200): the length is not known yet.
    return StreamingResponse(follow(fh, still_writing), media_type=content_type(n.format),
                             headers=headers)


def _ready(rt: Runtime, article_id: str, voice: str | None) -> StoredNarration:
    n = locate(rt, article_id, voice)
    if not n.timings_json:
        if n.status == "failed":
            raise NarrationFailedError(f"the narration failed: {n.error}")
        raise NotReadyError(f"the narration is {n.status}; its timings come when it is ready", retry_after=2)
    return n


@router.get("/articles/{article_id}/timings", summary="The timing map (DESIGN.md): word → milliseconds",
            responses=_FAILED)
def get_timings(article_id: str, request: Request, voice: str | None = None, rt: Runtime = Depends(runtime)) -> Response:
    n = _ready(rt, article_id, voice)
    headers = {"ETag": n.etag or "", "Cache-Control": "public, max-age=0, must-revalidate"}
    if _not_modified(request, n.etag):
        return Response(status_code=304, headers=headers)
    return Response(n.timings_json, media_type="application/json", headers=headers)


@router.get("/articles/{article_id}/captions.vtt", summary="WebVTT captions of the narration", responses=_FAILED)
def get_captions(article_id: str, voice: str | None = None, rt: Runtime = Depends(runtime)) -> Response:
    n = _ready(rt, article_id, voice)
    return Response(webvtt(TimingMap.from_json(json.loads(n.timings_json or "{}"))), media_type="text/vtt",
                    headers={"ETag": n.etag or "", "Cache-Control": "public, max-age=0, must-revalidate"})
