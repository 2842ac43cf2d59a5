"""Listen events from the player and the per-article summary of them."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hark.store.schema import ListenEventRow

EVENT_TYPES = ("load", "play", "pause", "seek", "ratechange", "voicechange", "progress", "paragraph", "complete")


def record_events(session: Session, events: list[dict[str, Any]]) -> int:
    now = time.time()
    session.add_all(ListenEventRow(created_at=now, **event) for event in events)
    return len(events)


def listen_summary(session: Session, article_id: str) -> dict[str, Any]:
    """Counts a publisher reads: loads, listeners, completions, how far people got, speeds and voices."""
    where = ListenEventRow.article_id == article_id
    by_type = dict(
        session.execute(select(ListenEventRow.type, func.count()).where(where).group_by(ListenEventRow.type)).all()
    )
    listeners = session.scalar(
        select(func.count(func.distinct(ListenEventRow.session))).where(where, ListenEventRow.type == "play")
    ) or 0
    deciles = dict(
        session.execute(
            select(ListenEventRow.value, func.count(func.distinct(ListenEventRow.session)))
            .where(where, ListenEventRow.type == "progress")
            .group_by(ListenEventRow.value)
        ).all()
    )
    voices = dict(
        session.execute(
            select(ListenEventRow.voice_id, func.count(func.distinct(ListenEventRow.session)))
            .where(where, ListenEventRow.type == "play", ListenEventRow.voice_id.is_not(None))
            .group_by(ListenEventRow.voice_id)
        ).all()
    )
    mean_rate = session.scalar(select(func.avg(ListenEventRow.rate)).where(where, ListenEventRow.rate.is_not(None)))
    completes = session.scalar(
        select(func.count(func.distinct(ListenEventRow.session))).where(where, ListenEventRow.type == "complete")
    ) or 0
    return {
        "article": article_id,
        "events": {t: int(by_type.get(t, 0)) for t in EVENT_TYPES},
        "loads": int(by_type.get("load", 0)),
        "listeners": int(listeners),
        "completions": int(completes),
        "completion_rate": round(completes / listeners, 3) if listeners else 0.0,
        "reached_decile": {str(d * 10): int(deciles.get(float(d), 0)) for d in range(1, 11)},
        "voices": {k: int(v) for k, v in voices.items()},
        "mean_rate": round(float(mean_rate), 3) if mean_rate is not None else None,
    }
