"""Narrate on publish from RSS/Atom: schedule polls, fetch conditionally, narrate new and changed items."""

from __future__ import annotations

import html as htmllib
import logging
import time
from urllib.parse import urljoin
from typing import Callable

from sqlalchemy import select, update

from hark.errors import HarkError
from hark.jobs import table
from hark.jobs.feedfetch import fetch_feed
from hark.jobs.feedparse import FeedItem, parse_feed
from hark.jobs.runtime import Runtime
from hark.jobs.submit import submit_article
from hark.models import Article
from hark.store.schema import FeedItemRow, FeedRow

log = logging.getLogger(__name__)

def feed_key(feed_id: int) -> str:
    return f"feed:{feed_id}"


def queue_due_feeds(rt: Runtime) -> list[int]:
    """Queue a poll for every feed whose time has come; pushes its next poll out so it is queued once."""
    now = time.time()
    jobs = []
    with rt.db.write() as session:
        due = list(session.scalars(select(FeedRow).where(FeedRow.next_poll_at <= now)))
        for feed in due:
            feed.next_poll_at = now + rt.settings.feed_poll_seconds
            jobs.append(table.enqueue(session, "poll_feed", feed_key(feed.id), {"feed_id": feed.id}))
    return jobs


def run_poll_feed(rt: Runtime, claim: table.Claim, lease: float = table.LEASE_SECONDS) -> None:
    feed_id = int(claim.payload["feed_id"])
    with rt.db.read() as session:
        feed = session.get(FeedRow, feed_id)
        if feed is None:
            url = None
        else:
            url, voice, etag, modified = feed.url, feed.voice_id, feed.etag, feed.last_modified
    if url is None:
        with rt.db.write() as session:
            table.finish(session, claim)
        return
    values: dict[str, object] = {"last_polled_at": time.time()}
    try:
        response = fetch_feed(url, rt.settings, etag, modified)
        if response.status == 304:
            values.update(last_status="not-modified", last_error=None)
        else:
            items = parse_feed(response.body)
            errors = _narrate_items(rt, feed_id, url, items, voice, lambda: table.heartbeat(rt.db, claim, lease))
            values.update(last_status="ok", etag=response.etag, last_modified=response.last_modified,
                          last_error="; ".join(errors[:5]) or None)
    except HarkError as exc:
        # The feed is broken today; it is polled again on schedule and the reason is visible meanwhile.
        values.update(last_status="error", last_error=exc.message)
    with rt.db.write() as session:
        session.execute(update(FeedRow).where(FeedRow.id == feed_id).values(**values))
        table.finish(session, claim)


def _narrate_items(rt: Runtime, feed_id: int, feed_url: str, items: list[FeedItem], voice: str | None,
                   beat: Callable[[], bool]) -> list[str]:
    with rt.db.read() as session:
        seen = dict(session.execute(select(FeedItemRow.guid, FeedItemRow.item_hash).where(FeedItemRow.feed_id == feed_id)).all())
    errors = []
    for item in items:
        if seen.get(item.guid) == item.fingerprint:
            continue
        article_id, error = None, None
        try:
            link = urljoin(feed_url, item.link) if item.link else None  # Atom links may be relative
            article = _article_for(rt, item, link)
            article_id = submit_article(rt, article, "feed", link or article.url, voice).article_id
        except HarkError as exc:
            error = exc.message
            errors.append(f"{item.link or item.guid}: {exc.message}")
        _remember(rt, feed_id, item, article_id, error)
        beat()  # fetching item pages can take a while: keep the lease
    return errors


def _article_for(rt: Runtime, item: FeedItem, link: str | None) -> Article:
    from hark import pipeline
    from hark.article import extract_article
    from hark.errors import NoArticleError
    from hark.source.load import page_from_bytes

    if item.html:
        page_html = f"<html><body><article><h1>{htmllib.escape(item.title)}</h1>{item.html}</article></body></html>"
        try:
            return extract_article(page_from_bytes(page_html.encode(), name=f"feed item {item.guid}", kind="html",
                                                   url=link))
        except NoArticleError:
            if not link:
                raise
    if not link:
        raise NoArticleError(f"feed item {item.guid!r} has neither content nor a link")
    # The feed only carries a teaser: fetch the page (http(s) only, never a local path) through the SSRF guard.
    return pipeline.fetch_article(link, rt.settings)


def _remember(rt: Runtime, feed_id: int, item: FeedItem, article_id: str | None, error: str | None) -> None:
    with rt.db.write() as session:
        row = session.scalars(select(FeedItemRow).where(FeedItemRow.feed_id == feed_id, FeedItemRow.guid == item.guid)).first()
        if row is None:
            session.add(FeedItemRow(feed_id=feed_id, guid=item.guid, item_hash=item.fingerprint, article_id=article_id, error=error))
            session.execute(update(FeedRow).where(FeedRow.id == feed_id).values(items_seen=FeedRow.items_seen + 1))
        else:
            # A failed item keeps its old hash so the next poll tries it again.
            row.item_hash = item.fingerprint if error is None else row.item_hash
            row.article_id = article_id or row.article_id
            row.error = error
