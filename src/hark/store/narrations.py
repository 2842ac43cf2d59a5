"""The narrations repository: one row per article × voice, and the few ways its state may change."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Callable

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hark.models import StoredNarration
from hark.store.schema import NarrationRow

_FIELDS = [f.name for f in fields(StoredNarration)]


def _record(row: NarrationRow) -> StoredNarration:
    return StoredNarration(**{name: getattr(row, name) for name in _FIELDS})


@dataclass(frozen=True)
class Finished:
    """What a finished attempt publishes."""

    audio_key: str
    audio_bytes: int
    audio_sha256: str
    content_hash: str
    duration_ms: int
    base_wpm: float
    sentences: int
    synthesized: int
    timings_json: str
    engine_version: str


class Narrations:
    def __init__(self, session: Session, clock: Callable[[], float]) -> None:
        self._session = session
        self._now = clock

    def get(self, narration_id: int) -> StoredNarration | None:
        row = self._session.get(NarrationRow, narration_id)
        return _record(row) if row is not None else None

    def find(self, article_id: str, voice_id: str) -> StoredNarration | None:
        row = self._session.scalars(
            select(NarrationRow).where(NarrationRow.article_id == article_id, NarrationRow.voice_id == voice_id)
        ).first()
        return _record(row) if row is not None else None

    def of_article(self, article_id: str) -> list[StoredNarration]:
        query = select(NarrationRow).where(NarrationRow.article_id == article_id).order_by(NarrationRow.id)
        return [_record(row) for row in self._session.scalars(query)]

    def of_articles(self, article_ids: list[str]) -> dict[str, list[StoredNarration]]:
        """The narrations of many articles in one query (for listings)."""
        found: dict[str, list[StoredNarration]] = {article_id: [] for article_id in article_ids}
        query = select(NarrationRow).where(NarrationRow.article_id.in_(article_ids)).order_by(NarrationRow.id)
        for row in self._session.scalars(query):
            found[row.article_id].append(_record(row))
        return found

    def in_progress(self) -> list[StoredNarration]:
        """Narrations waiting for or in the middle of an attempt (for recovery after a crash)."""
        query = select(NarrationRow).where(or_(NarrationRow.status.in_(("queued", "narrating")),
                                               NarrationRow.partial_key.is_not(None))).order_by(NarrationRow.id)
        return [_record(row) for row in self._session.scalars(query)]

    def ensure(self, article_id: str, voice_id: str, engine_version: str) -> tuple[StoredNarration, bool]:
        """The narration of this article in this voice, created if missing; (narration, created)."""
        found = self.find(article_id, voice_id)
        if found is not None:
            return found, False
        now = self._now()
        row = NarrationRow(article_id=article_id, voice_id=voice_id, engine_version=engine_version, status="queued",
                           created_at=now, updated_at=now)
        try:
            # A savepoint, so losing the race to another request leaves this transaction usable.
            with self._session.begin_nested():
                self._session.add(row)
        except IntegrityError:
            raced = self.find(article_id, voice_id)
            assert raced is not None
            return raced, False
        return _record(row), True

    def start_attempt(self, narration_id: int, partial_key: str) -> None:
        """An attempt begins writing `partial_key`; listeners may stream it from now on."""
        row = self._row(narration_id)
        if row.status != "ready":
            row.status = "narrating"
        row.partial_key = partial_key
        row.error = None
        row.updated_at = self._now()

    def publish(self, narration_id: int, done: Finished) -> StoredNarration:
        """The attempt's file becomes the narration's audio: a new version, ready."""
        row = self._row(narration_id)
        row.version += 1
        row.status = "ready"
        row.error = None
        row.partial_key = None
        for name in ("audio_key", "audio_bytes", "audio_sha256", "content_hash", "duration_ms", "base_wpm",
                     "sentences", "synthesized", "timings_json", "engine_version"):
            setattr(row, name, getattr(done, name))
        row.etag = f'"{done.audio_sha256[:32]}"'
        row.updated_at = self._now()
        self._session.flush()
        return _record(row)

    def end_attempt(self, narration_id: int, error: str | None = None, note: str | None = None
                    ) -> StoredNarration | None:
        """The attempt stopped without publishing. With `error`, the narration has failed for good (a
        narration with earlier audio stays ready and keeps serving it, with the error to say why it is old);
        with `note`, it will be tried again and the note says why it is taking long."""
        row = self._session.get(NarrationRow, narration_id)
        if row is None:
            return None
        row.partial_key = None
        row.updated_at = self._now()
        if note is not None:
            row.error = note
        if error is not None:
            row.status = "ready" if row.audio_key else "failed"
            row.error = error
        return _record(row)

    def ready(self) -> list[StoredNarration]:
        """Narrations with a finished file (for checking the files)."""
        query = select(NarrationRow).where(NarrationRow.audio_key.is_not(None)).order_by(NarrationRow.id)
        return [_record(row) for row in self._session.scalars(query)]

    def requeue(self, narration_id: int) -> None:
        """Mark a narration with no audio as waiting again (a new job was queued for it)."""
        self._session.execute(update(NarrationRow).where(NarrationRow.id == narration_id,
                                                         NarrationRow.status == "failed")
                              .values(status="queued", error=None, updated_at=self._now()))

    def mark_stale(self, narration_id: int) -> None:
        """What is said changed outside the article (the lexicon): the next job makes it again, while the old
        audio keeps serving until then."""
        self._session.execute(update(NarrationRow).where(NarrationRow.id == narration_id)
                              .values(content_hash="", updated_at=self._now()))

    def forget_audio(self, narration_id: int, reason: str) -> StoredNarration | None:
        """The stored file is damaged or gone: stop serving it until it is made again."""
        row = self._session.get(NarrationRow, narration_id)
        if row is None:
            return None
        row.audio_key = None
        row.audio_sha256 = None
        row.audio_bytes = 0
        row.content_hash = ""
        row.status = "queued"
        row.error = reason
        row.updated_at = self._now()
        return _record(row)

    def _row(self, narration_id: int) -> NarrationRow:
        row = self._session.get(NarrationRow, narration_id)
        if row is None:
            raise LookupError(f"narration {narration_id} is gone")
        return row
