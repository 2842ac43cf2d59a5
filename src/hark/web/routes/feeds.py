"""RSS/Atom feeds registered for narrate-on-publish: polled on a schedule, new and changed items narrated."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from hark.service import feeds
from hark.service.runtime import Runtime
from hark.web.deps import FeedId, require_key, runtime
from hark.web.schemas import FeedIn

router = APIRouter(prefix="/v1", tags=["feeds"])



@router.post("/feeds", status_code=201, summary="Register a feed; it is polled now and then on a schedule")
def post_feed(body: FeedIn, rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> JSONResponse:
    speaker = rt.voices.resolve(body.voice) if body.voice else None
    feed, created = feeds.register(rt, body.url, speaker)
    return JSONResponse(feeds.feed_view(feed), status_code=201 if created else 200,
                        headers={"Location": f"/v1/feeds/{feed.id}"})


@router.get("/feeds", summary="Registered feeds and how their last poll went")
def get_feeds(rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> dict[str, Any]:
    return {"feeds": [feeds.feed_view(f) for f in feeds.all_feeds(rt)]}


@router.get("/feeds/{feed_id}", summary="One feed, its items and their articles")
def get_feed(feed_id: int = FeedId, rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> dict[str, Any]:
    return feeds.feed_view(*feeds.feed_with_items(rt, feed_id))


@router.post("/feeds/{feed_id}/poll", status_code=202, summary="Poll a feed now")
def poll_feed(feed_id: int = FeedId, rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> dict[str, Any]:
    feeds.poll_now(rt, feed_id)
    return {"id": feed_id, "status": "queued"}
