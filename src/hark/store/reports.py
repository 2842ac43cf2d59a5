"""The reader-reports repository: "sounds wrong" marks on words, open until a publisher accepts or dismisses them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hark.store.schema import ReportRow


@dataclass(frozen=True)
class Report:
    id: int
    article_id: str
    voice_id: str | None
    word: str
    sentence: str
    position_ms: int | None
    status: str
    created_at: float


def _report(row: ReportRow) -> Report:
    return Report(row.id, row.article_id, row.voice_id, row.word, row.sentence, row.position_ms, row.status,
                  row.created_at)


class Reports:
    def __init__(self, session: Session, clock: Callable[[], float]) -> None:
        self._session = session
        self._now = clock

    def add(self, article_id: str, voice_id: str | None, word: str, sentence: str, position_ms: int | None) -> int:
        row = ReportRow(article_id=article_id, voice_id=voice_id, word=word, sentence=sentence,
                        position_ms=position_ms, status="open", created_at=self._now())
        self._session.add(row)
        self._session.flush()
        return row.id

    def get(self, report_id: int) -> Report | None:
        row = self._session.get(ReportRow, report_id)
        return _report(row) if row is not None else None

    def open(self, limit: int = 200) -> list[Report]:
        query = select(ReportRow).where(ReportRow.status == "open").order_by(ReportRow.id.desc()).limit(limit)
        return [_report(row) for row in self._session.scalars(query)]

    def close_word(self, word: str, status: str) -> int:
        """Close every open report of this word (one fix answers them all)."""
        result = self._session.execute(update(ReportRow).where(ReportRow.word == word, ReportRow.status == "open")
                                       .values(status=status))
        return int(result.rowcount)  # type: ignore[attr-defined]
