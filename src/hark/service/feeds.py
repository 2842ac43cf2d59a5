"""Narrate on publish from RSS/Atom: register feeds, poll them on a schedule (as jobs), narrate new and changed items."""

from __future__ import annotations

import html as htmllib
import logging
from typing import Any
from urllib.parse import urljoin

from hark.errors import HarkError, NoArticleError, NotFoundError
from hark.models import Claim, Feed, SeenItem
from hark.service.ingest import Ingested, Source, ingest
from hark.service.publish import submit
from hark.service.runtime import Runtime
from hark.source.feedfetch import fetch_feed
from hark.source.feedparse import FeedItem, parse_feed
from hark.source.guard import check_url
from hark.voices import Speaker

log = logging.getLogger(__name__)


def feed_key(feed_id: int) -> str:
    return f"feed:{feed_id}"


def feed_view(feed: Feed, items: list[SeenItem] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": feed.id, "url": feed.url, "voice": feed.voice_id, "last_polled_at": feed.last_polled_at,
        "next_poll_at": feed.next_poll_at, "last_status": feed.last_status, "last_error": feed.last_error,
        "items_seen": feed.items_seen,
    }
    if items is not None:
        data["items"] = [{"guid": i.guid, "article": i.article_id, "error": i.error} for i in items]
    return data


def register(rt: Runtime, url: str, speaker: Speaker | None) -> tuple[Feed, bool]:
    """Register a feed (checked by the SSRF guard now, and again at every poll); polled at once when new."""
    check_url(url, rt.settings.allow_private_urls)
    with rt.store.write() as tx:
        feed, created = tx.feeds.add(url, speaker.id if speaker else None,
                                     first_poll_at=rt.store.clock() + rt.settings.feed_poll_seconds)
    if created:
        poll_now(rt, feed.id)
    return feed, created


def all_feeds(rt: Runtime) -> list[Feed]:
    with rt.store.read() as tx:
        return tx.feeds.all()


def feed_with_items(rt: Runtime, feed_id: int) -> tuple[Feed, list[SeenItem]]:
    with rt.store.read() as tx:
        feed = tx.feeds.get(feed_id)
        if feed is None:
            raise NotFoundError(f"no feed with id {feed_id}")
        return feed, tx.feeds.seen(feed_id)


def poll_now(rt: Runtime, feed_id: int) -> int:
    with rt.store.write() as tx:
        if tx.feeds.get(feed_id) is None:
            raise NotFoundError(f"no feed with id {feed_id}")
        job_id = tx.jobs.enqueue("poll_feed", feed_key(feed_id), {"feed_id": feed_id})
    rt.queue.dispatch(job_id)
    return job_id


def queue_due(rt: Runtime) -> list[int]:
    """Queue a poll for every feed whose time has come (each is pushed on, so it is queued once)."""
    with rt.store.write() as tx:
        due = tx.feeds.take_due(rt.settings.feed_poll_seconds)
        return [tx.jobs.enqueue("poll_feed", feed_key(feed.id), {"feed_id": feed.id}) for feed in due]


def run_poll(rt: Runtime, claim: Claim) -> None:
    feed_id = int(claim.payload["feed_id"])
    with rt.store.read() as tx:
        feed = tx.feeds.get(feed_id)
    if feed is None:
        with rt.store.write() as tx:
            tx.jobs.finish(claim)
        return
    values: dict[str, Any]
    try:
        response = fetch_feed(feed.url, rt.settings, feed.etag, feed.last_modified)
        if response.status == 304:
            values = {"last_status": "not-modified", "last_error": None}
        else:
            errors = _narrate_items(rt, feed, parse_feed(response.body), claim)
            values = {"last_status": "ok", "etag": response.etag, "last_modified": response.last_modified,
                      "last_error": "; ".join(errors[:5]) or None}
    except HarkError as exc:
        # The feed is broken today; it is polled again on schedule and the reason is visible meanwhile.
        values = {"last_status": "error", "last_error": exc.message}
    with rt.store.write() as tx:
        tx.feeds.record_poll(feed_id, **values)
        tx.jobs.finish(claim)


def _narrate_items(rt: Runtime, feed: Feed, items: list[FeedItem], claim: Claim) -> list[str]:
    with rt.store.read() as tx:
        seen = {item.guid: item.item_hash for item in tx.feeds.seen(feed.id)}
    speaker = rt.voices.resolve(feed.voice_id) if feed.voice_id else None
    errors = []
    for item in items:
        if seen.get(item.guid) == item.fingerprint:
            continue
        article_id, error = None, None
        try:
            ingested = item_article(rt, item, feed.url)
            chosen = speaker or rt.voices.resolve(None, ingested.article.language)
            article_id = submit(rt, ingested, chosen).article_id
        except HarkError as exc:
            error = exc.message
            errors.append(f"{item.link or item.guid}: {exc.message}")
        with rt.store.write() as tx:
            tx.feeds.remember(feed.id, item.guid, item.fingerprint, article_id, error)
            tx.jobs.heartbeat(claim, rt.lease)  # fetching item pages can take a while: keep the lease
    return errors


def item_article(rt: Runtime, item: FeedItem, feed_url: str) -> Ingested:
    """The article of a feed item: its own content when it has enough, else its page (http(s) only, through
    the SSRF guard: a feed must never make Hark read a local file)."""
    link = urljoin(feed_url, item.link) if item.link else None  # Atom links may be relative
    if item.html:
        page = f"<html><body><article><h1>{htmllib.escape(item.title)}</h1>{item.html}</article></body></html>"
        try:
            found = ingest(Source(html=page, url=link, kind="feed"), rt.settings)
            return Ingested(found.article, "feed", link or found.article.url)
        except NoArticleError:
            if not link:
                raise
    if not link:
        raise NoArticleError(f"feed item {item.guid!r} has neither content nor a link")
    found = ingest(Source(url=link, kind="feed"), rt.settings)
    return Ingested(found.article, "feed", link or found.article.url)
