"""Listening figures: the player's beacons recorded (sessions, never addresses), and what they add up to."""

from __future__ import annotations

from collections import Counter
from typing import Any

from hark.errors import RateLimitedError

from hark.models import ListenEvent
from hark.service.runtime import Runtime


def record(rt: Runtime, events: list[ListenEvent]) -> int:
    """Store a batch of beacons; every article they name must exist (NotFoundError otherwise).

    A session (one page view of one article; beacons without one share a bucket per article) keeps
    at most `events_per_session` rows: a real listen sends a few dozen, a script sends millions.
    """
    cap = rt.settings.events_per_session
    with rt.store.write() as tx:
        for article_id in {e.article_id for e in events}:
            tx.articles.get(article_id)
        for (article_id, session), count in Counter((e.article_id, e.session) for e in events).items():
            if tx.events.count_for_session(article_id, session) + count > cap:
                raise RateLimitedError(f"this session already sent {cap:,} listening events for the article; "
                                       "a new page view starts a new session")
        return tx.events.record(events)


def summary(rt: Runtime, article_id: str) -> dict[str, Any]:
    with rt.store.read() as tx:
        tx.articles.get(article_id)
        return tx.events.summary(article_id)
