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
from hark.errors import ConflictError, NotReadyError, RangeNotSatisfiableError
from hark.models import StoredNarration, TimingMap
from hark.service.narrations import hurry, locate, refresh
from hark.service.runtime import Runtime
from hark.web.deps import runtime
from hark.web.ranges import past_the_end, single_range
from hark.web.readcache import ReadCache
from hark.web.streaming import follow

router = APIRouter(prefix="/v1", tags=["audio"])

YEAR = 365 * 24 * 3600
SMALL_RANGE = 1 << 20
"""Ranges up to this size are read in one go; larger ones stream from the file."""
START_WAIT_SECONDS = 30.0
"""How long an audio request waits for a queued narration to start before giving up with 409."""


def _cache_headers(n: StoredNarration, pinned: bool) -> dict[str, str]:
    # A URL naming the version is immutable; the bare URL must revalidate (its ETag changes on edits).
    cache = f"public, max-age={YEAR}, immutable" if pinned else "public, max-age=0, must-revalidate"
    return {"ETag": n.etag or "", "Cache-Control": cache, "Accept-Ranges": "bytes",
            "X-Hark-Version": str(n.version)}


def _not_modified(request: Request, etag: str | None) -> bool:
    wanted = request.headers.get("if-none-match")
    return bool(etag and wanted and (wanted.strip() == "*" or etag in [t.strip() for t in wanted.split(",")]))


@router.api_route("/articles/{article_id}/audio", methods=["GET", "HEAD"], summary="The narration's audio; streams while it is still being made")
async def get_audio(article_id: str, request: Request, voice: str | None = None, v: int | None = None,
                    rt: Runtime = Depends(runtime)) -> Response:
    loop = asyncio.get_running_loop()
    cache: ReadCache = request.app.state.read_cache
    n = cache.get(article_id, voice or "")
    if n is None:
        n = await loop.run_in_executor(None, locate, rt, article_id, voice)
        cache.put(article_id, voice or "", n)
    if n.audio_key:
        try:
            return _finished(rt, n, request, pinned=v is not None and v == n.version)
        except FileNotFoundError:
            # Replaced by a newer version a moment ago: look again.
            cache.forget(article_id, voice or "")
            n = await loop.run_in_executor(None, locate, rt, article_id, voice)
            if n.audio_key:
                return _serve(rt, n, request)
    if n.status == "failed":
        raise ConflictError(f"the narration failed: {n.error}")
    if not n.partial_key:
        # A listener is waiting and no worker is writing it yet: move the job to the front of the queue.
        await loop.run_in_executor(None, hurry, rt, n)
    deadline = time.monotonic() + START_WAIT_SECONDS
    while True:
        if n.audio_key:
            return _serve(rt, n, request)
        if n.status == "failed":
            raise ConflictError(f"the narration failed: {n.error}")
        if n.partial_key:
            try:
                # Opened here, before the response starts, so a file that just vanished is not a broken stream.
                fh = await loop.run_in_executor(None, rt.blobs.open, n.partial_key)
            except FileNotFoundError:
                pass
            else:
                return _stream(rt, n, fh)
        if time.monotonic() > deadline:
            raise NotReadyError("the narration has not started yet; try again shortly", retry_after=5)
        await asyncio.sleep(0.1)
        n = await loop.run_in_executor(None, refresh, rt, n.id) or n


def _serve(rt: Runtime, n: StoredNarration, request: Request) -> Response:
    """The finished file, or a 409 to retry when it was replaced between the lookup and the open."""
    try:
        return _finished(rt, n, request, pinned=False)
    except FileNotFoundError:
        raise NotReadyError("the narration is being replaced by a newer version; try again", retry_after=1) from None


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
        row = refresh(rt, n.id)
        return bool(row and row.partial_key == partial)

    headers = {"Cache-Control": "no-store", "X-Hark-Streaming": "1", "Accept-Ranges": "none"}
    # Range is ignored while streaming (RFC 9110 lets a server send 200): the length is not known yet.
    return StreamingResponse(follow(fh, still_writing), media_type=content_type(n.format),
                             headers=headers)


def _ready(rt: Runtime, article_id: str, voice: str | None) -> StoredNarration:
    n = locate(rt, article_id, voice)
    if not n.timings_json:
        if n.status == "failed":
            raise ConflictError(f"the narration failed: {n.error}")
        raise NotReadyError(f"the narration is {n.status}; its timings come when it is ready", retry_after=2)
    return n


@router.get("/articles/{article_id}/timings", summary="The timing map (DESIGN.md): word → milliseconds")
def get_timings(article_id: str, request: Request, voice: str | None = None, rt: Runtime = Depends(runtime)) -> Response:
    n = _ready(rt, article_id, voice)
    headers = {"ETag": n.etag or "", "Cache-Control": "public, max-age=0, must-revalidate"}
    if _not_modified(request, n.etag):
        return Response(status_code=304, headers=headers)
    return Response(n.timings_json, media_type="application/json", headers=headers)


@router.get("/articles/{article_id}/captions.vtt", summary="WebVTT captions of the narration")
def get_captions(article_id: str, voice: str | None = None, rt: Runtime = Depends(runtime)) -> Response:
    n = _ready(rt, article_id, voice)
    return Response(webvtt(TimingMap.from_json(json.loads(n.timings_json or "{}"))), media_type="text/vtt",
                    headers={"ETag": n.etag or "", "Cache-Control": "public, max-age=0, must-revalidate"})
