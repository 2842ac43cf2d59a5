"""RSS/Atom feeds registered for narrate-on-publish: polled on a schedule, new and changed items narrated."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import select

from hark.errors import NotFoundError
from hark.jobs import table
from hark.source.guard import check_url
from hark.jobs.feeds import feed_key
from hark.jobs.runtime import Runtime
from hark.store.schema import FeedItemRow, FeedRow
from hark.web.deps import require_key, runtime
from hark.web.schemas import FeedIn

router = APIRouter(prefix="/v1", tags=["feeds"])


def feed_view(feed: FeedRow, items: list[FeedItemRow] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": feed.id, "url": feed.url, "voice": feed.voice_id, "last_polled_at": feed.last_polled_at,
        "next_poll_at": feed.next_poll_at, "last_status": feed.last_status, "last_error": feed.last_error,
        "items_seen": feed.items_seen,
    }
    if items is not None:
        data["items"] = [{"guid": i.guid, "article": i.article_id, "error": i.error} for i in items]
    return data


def _poll_now(rt: Runtime, feed_id: int) -> None:
    with rt.db.write() as session:
        job_id = table.enqueue(session, "poll_feed", feed_key(feed_id), {"feed_id": feed_id})
    if rt.queue is not None:
        rt.queue.dispatch(job_id)


@router.post("/feeds", status_code=201, summary="Register a feed; it is polled now and then on a schedule")
def post_feed(body: FeedIn, rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> JSONResponse:
    check_url(body.url, rt.settings.allow_private_urls)
    voice = rt.registry.resolve(body.voice)[1].id if body.voice else None
    with rt.db.write() as session:
        feed = session.scalars(select(FeedRow).where(FeedRow.url == body.url)).first()
        created = feed is None
        if feed is None:
            feed = FeedRow(url=body.url, voice_id=voice, next_poll_at=time.time() + rt.settings.feed_poll_seconds,
                           created_at=time.time(), items_seen=0)
            session.add(feed)
            session.flush()
        data = feed_view(feed)
    if created:
        _poll_now(rt, data["id"])
    return JSONResponse(data, status_code=201 if created else 200, headers={"Location": f"/v1/feeds/{data['id']}"})


@router.get("/feeds", summary="Registered feeds and how their last poll went")
def get_feeds(rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> dict[str, Any]:
    with rt.db.read() as session:
        return {"feeds": [feed_view(f) for f in session.scalars(select(FeedRow).order_by(FeedRow.id))]}


@router.get("/feeds/{feed_id}", summary="One feed, its items and their articles")
def get_feed(feed_id: int, rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> dict[str, Any]:
    with rt.db.read() as session:
        feed = session.get(FeedRow, feed_id)
        if feed is None:
            raise NotFoundError(f"no feed with id {feed_id}")
        items = list(session.scalars(select(FeedItemRow).where(FeedItemRow.feed_id == feed_id).order_by(FeedItemRow.id)))
        return feed_view(feed, items)


@router.post("/feeds/{feed_id}/poll", status_code=202, summary="Poll a feed now")
def poll_feed(feed_id: int, rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> dict[str, Any]:
    with rt.db.read() as session:
        if session.get(FeedRow, feed_id) is None:
            raise NotFoundError(f"no feed with id {feed_id}")
    _poll_now(rt, feed_id)
    return {"id": feed_id, "status": "queued"}
