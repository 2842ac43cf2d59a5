"""The listen-events repository: beacons from the player, and the per-article summary of them."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Callable

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from hark.models import LISTEN_EVENT_TYPES, ListenEvent
from hark.store.schema import ListenEventRow


def _event(row: ListenEventRow) -> ListenEvent:
    return ListenEvent(article_id=row.article_id, type=row.type, session=row.session, voice_id=row.voice_id,
                       position_ms=row.position_ms, rate=row.rate, value=row.value)


class Events:
    def __init__(self, session: Session, clock: Callable[[], float]) -> None:
        self._session = session
        self._now = clock

    def record(self, events: list[ListenEvent]) -> int:
        now = self._now()
        self._session.add_all(ListenEventRow(created_at=now, **asdict(event)) for event in events)
        return len(events)

    def count_for_session(self, article_id: str, session: str | None) -> int:
        """Rows of one session about one article (None: the beacons that came without a session)."""
        same = ListenEventRow.session.is_(None) if session is None else ListenEventRow.session == session
        return int(self._session.scalar(select(func.count()).where(ListenEventRow.article_id == article_id, same)) or 0)

    def of_article(self, article_id: str) -> list[ListenEvent]:
        """Every beacon about one article, oldest first (figures are worked out from them in the service)."""
        query = select(ListenEventRow).where(ListenEventRow.article_id == article_id).order_by(ListenEventRow.id)
        return [_event(row) for row in self._session.scalars(query)]

    def since(self, when: float) -> list[tuple[float, ListenEvent]]:
        """(time, beacon) for loads, plays and completions since `when`: the site-wide daily figures."""
        query = (select(ListenEventRow).where(ListenEventRow.created_at >= when,
                                              ListenEventRow.type.in_(("load", "play", "complete")))
                 .order_by(ListenEventRow.id))
        return [(row.created_at, _event(row)) for row in self._session.scalars(query)]

    def delete_for_article(self, article_id: str) -> int:
        result = self._session.execute(delete(ListenEventRow).where(ListenEventRow.article_id == article_id))
        return int(result.rowcount)  # type: ignore[attr-defined]

    def summary(self, article_id: str) -> dict[str, Any]:
        """Counts a publisher reads: loads, listeners, completions, how far people got, speeds and voices."""
        where = ListenEventRow.article_id == article_id
        session = self._session
        by_type = dict(session.execute(select(ListenEventRow.type, func.count()).where(where)
                                       .group_by(ListenEventRow.type)).all())
        sessions = func.count(func.distinct(ListenEventRow.session))
        listeners = session.scalar(select(sessions).where(where, ListenEventRow.type == "play")) or 0
        deciles = dict(session.execute(select(ListenEventRow.value, sessions)
                                       .where(where, ListenEventRow.type == "progress")
                                       .group_by(ListenEventRow.value)).all())
        voices = dict(session.execute(select(ListenEventRow.voice_id, sessions)
                                      .where(where, ListenEventRow.type == "play", ListenEventRow.voice_id.is_not(None))
                                      .group_by(ListenEventRow.voice_id)).all())
        mean_rate = session.scalar(select(func.avg(ListenEventRow.rate)).where(where, ListenEventRow.rate.is_not(None)))
        completes = session.scalar(select(sessions).where(where, ListenEventRow.type == "complete")) or 0
        return {
            "article": article_id,
            "events": {t: int(by_type.get(t, 0)) for t in LISTEN_EVENT_TYPES},
            "loads": int(by_type.get("load", 0)),
            "listeners": int(listeners),
            "completions": int(completes),
            "completion_rate": round(completes / listeners, 3) if listeners else 0.0,
            "reached_decile": {str(d * 10): int(deciles.get(float(d), 0)) for d in range(1, 11)},
            "voices": {k: int(v) for k, v in voices.items()},
            "mean_rate": round(float(mean_rate), 3) if mean_rate is not None else None,
        }
