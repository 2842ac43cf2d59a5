"""Listening figures: the player's beacons recorded (sessions, never addresses), and what they add up to."""

from __future__ import annotations

from typing import Any

from hark.models import ListenEvent
from hark.service.runtime import Runtime


def record(rt: Runtime, events: list[ListenEvent]) -> int:
    """Store a batch of beacons; every article they name must exist (NotFoundError otherwise)."""
    with rt.store.write() as tx:
        for article_id in {e.article_id for e in events}:
            tx.articles.get(article_id)
        return tx.events.record(events)


def summary(rt: Runtime, article_id: str) -> dict[str, Any]:
    with rt.store.read() as tx:
        tx.articles.get(article_id)
        return tx.events.summary(article_id)
