"""The reader-voice menu repository: which voices readers may choose in the player, and the default per language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hark.store.schema import ReaderVoiceRow


@dataclass(frozen=True)
class ReaderMenu:
    offered: tuple[str, ...]
    """Voice ids readers may choose, in id order; empty when the publisher has not chosen (the settings decide)."""
    defaults: dict[str, str] = field(default_factory=dict)
    """Language (two letters) → the voice id readers get first."""


class ReaderVoices:
    def __init__(self, session: Session, clock: Callable[[], float]) -> None:
        self._session = session
        self._now = clock

    def menu(self) -> ReaderMenu:
        rows = list(self._session.scalars(select(ReaderVoiceRow).order_by(ReaderVoiceRow.voice_id)))
        return ReaderMenu(tuple(r.voice_id for r in rows), {r.default_for: r.voice_id for r in rows if r.default_for})

    def replace(self, offered: list[str], defaults: dict[str, str]) -> None:
        """The whole menu at once (a form saves it whole); `defaults` name offered voices only."""
        self._session.execute(delete(ReaderVoiceRow))
        self._session.flush()
        by_voice = {voice: lang for lang, voice in defaults.items()}
        now = self._now()
        self._session.add_all(ReaderVoiceRow(voice_id=v, default_for=by_voice.get(v), updated_at=now)
                              for v in dict.fromkeys(offered))
        self._session.flush()
