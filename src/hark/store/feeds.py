"""The feeds repository: registered feeds, their poll state, and the items already seen."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, Callable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hark.models import Feed, SeenItem
from hark.store.schema import FeedItemRow, FeedRow

_FIELDS = [f.name for f in fields(Feed)]


def _feed(row: FeedRow) -> Feed:
    return Feed(**{name: getattr(row, name) for name in _FIELDS})


def _item(row: FeedItemRow) -> SeenItem:
    return SeenItem(guid=row.guid, item_hash=row.item_hash, article_id=row.article_id, error=row.error)


class Feeds:
    def __init__(self, session: Session, clock: Callable[[], float]) -> None:
        self._session = session
        self._now = clock

    def add(self, url: str, voice_id: str | None, first_poll_at: float) -> tuple[Feed, bool]:
        """The feed for `url`, registered if new; (feed, created)."""
        row = self._session.scalars(select(FeedRow).where(FeedRow.url == url)).first()
        if row is not None:
            return _feed(row), False
        row = FeedRow(url=url, voice_id=voice_id, next_poll_at=first_poll_at, created_at=self._now(), items_seen=0)
        self._session.add(row)
        self._session.flush()
        return _feed(row), True

    def get(self, feed_id: int) -> Feed | None:
        row = self._session.get(FeedRow, feed_id)
        return _feed(row) if row is not None else None

    def all(self) -> list[Feed]:
        return [_feed(row) for row in self._session.scalars(select(FeedRow).order_by(FeedRow.id))]

    def take_due(self, interval: float) -> list[Feed]:
        """Feeds whose poll is due, each pushed `interval` seconds on so it is taken once."""
        now = self._now()
        due = list(self._session.scalars(select(FeedRow).where(FeedRow.next_poll_at <= now)))
        for row in due:
            row.next_poll_at = now + interval
        return [_feed(row) for row in due]

    def record_poll(self, feed_id: int, **values: Any) -> None:
        """How a poll went: `last_status`, `last_error`, and the validators `etag`/`last_modified`."""
        allowed = {"last_status", "last_error", "etag", "last_modified"}
        unknown = set(values) - allowed
        if unknown:
            raise TypeError(f"not poll fields: {sorted(unknown)}")
        self._session.execute(update(FeedRow).where(FeedRow.id == feed_id)
                              .values(last_polled_at=self._now(), **values))

    def seen(self, feed_id: int) -> list[SeenItem]:
        query = select(FeedItemRow).where(FeedItemRow.feed_id == feed_id).order_by(FeedItemRow.id)
        return [_item(row) for row in self._session.scalars(query)]

    def unlink_article(self, article_id: str) -> None:
        """A deleted article: its feed items stay (so a poll does not publish it again) but no longer name it."""
        self._session.execute(update(FeedItemRow).where(FeedItemRow.article_id == article_id).values(article_id=None))

    def article_ids(self, feed_id: int) -> list[str]:
        """The articles this feed's items became (for the feed's own podcast)."""
        query = select(FeedItemRow.article_id).where(FeedItemRow.feed_id == feed_id,
                                                     FeedItemRow.article_id.is_not(None))
        return [article_id for article_id in self._session.scalars(query) if article_id]

    def remember(self, feed_id: int, guid: str, item_hash: str, article_id: str | None, error: str | None) -> None:
        """Record what became of an item; a failed item keeps its old hash so the next poll tries it again."""
        row = self._session.scalars(select(FeedItemRow).where(FeedItemRow.feed_id == feed_id,
                                                               FeedItemRow.guid == guid)).first()
        if row is None:
            self._session.add(FeedItemRow(feed_id=feed_id, guid=guid, item_hash=item_hash if error is None else "",
                                          article_id=article_id, error=error))
            self._session.execute(update(FeedRow).where(FeedRow.id == feed_id)
                                  .values(items_seen=FeedRow.items_seen + 1))
            return
        row.item_hash = item_hash if error is None else row.item_hash
        row.article_id = article_id or row.article_id
        row.error = error
