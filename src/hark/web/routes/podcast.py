"""Podcast feeds over HTTP: /podcast.xml and one per registered feed, with ETag/Last-Modified revalidation;
the default artwork."""

from __future__ import annotations

from email.utils import formatdate, parsedate_to_datetime

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, Response

from hark.service.artwork import artwork_path
from hark.service.podcast import ARTWORK_PATH, PodcastFeed, build
from hark.service.runtime import Runtime
from hark.web.deps import FeedId, runtime

router = APIRouter(tags=["podcast"])

MEDIA_TYPE = "application/rss+xml; charset=utf-8"


def _base(request: Request, rt: Runtime) -> str:
    return rt.settings.public_url or str(request.base_url)


def _answer(request: Request, feed: PodcastFeed) -> Response:
    headers = {"ETag": feed.etag, "Cache-Control": "public, max-age=0, must-revalidate"}
    if feed.last_modified:
        headers["Last-Modified"] = formatdate(feed.last_modified, usegmt=True)
    wanted = request.headers.get("if-none-match")
    if wanted is not None:
        # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
        if wanted.strip() == "*" or feed.etag in [t.strip() for t in wanted.split(",")]:
            return Response(status_code=304, headers=headers)
    elif feed.last_modified and (since := request.headers.get("if-modified-since")):
        try:
            if int(feed.last_modified) <= parsedate_to_datetime(since).timestamp():
                return Response(status_code=304, headers=headers)
        except (TypeError, ValueError):
            pass  # an unreadable date is ignored, as RFC 9110 asks
    return Response(feed.body, media_type=MEDIA_TYPE, headers=headers)


@router.get("/podcast.xml", summary="Every narrated article as a podcast, newest first")
def podcast(request: Request, rt: Runtime = Depends(runtime)) -> Response:
    return _answer(request, build(rt, _base(request, rt), "/podcast.xml"))


@router.get("/v1/feeds/{feed_id}/podcast.xml", summary="The articles of one registered feed as a podcast")
def feed_podcast(request: Request, feed_id: int = FeedId, rt: Runtime = Depends(runtime)) -> Response:
    return _answer(request, build(rt, _base(request, rt), f"/v1/feeds/{feed_id}/podcast.xml", feed_id))


@router.get(ARTWORK_PATH, summary="The podcast's artwork when HARK_PODCAST_ARTWORK_URL sets none (1400 px PNG)")
def artwork(rt: Runtime = Depends(runtime)) -> FileResponse:
    return FileResponse(artwork_path(rt.settings), media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})
