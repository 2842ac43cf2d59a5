"""One transaction and the repositories over it: what the service gets from `Store.read()` and `Store.write()`."""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Callable, Iterator

from sqlalchemy.orm import Session

from hark.settings import Settings
from hark.store.articles import Articles
from hark.store.db import Database, open_database
from hark.store.events import Events
from hark.store.feeds import Feeds
from hark.store.jobs import Jobs
from hark.store.keys import Keys
from hark.store.narrations import Narrations
from hark.store.readervoices import ReaderVoices
from hark.store.reports import Reports
from hark.store.sources import ArticleSources

Clock = Callable[[], float]
"""Seconds since the epoch; `time.time` but where a test moves time on by hand."""


class Tx:
    """The repositories of one transaction; it commits when the `with` block ends without an error."""

    def __init__(self, session: Session, clock: Clock) -> None:
        self._session = session
        self.articles = Articles(session, clock)
        self.narrations = Narrations(session, clock)
        self.jobs = Jobs(session, clock)
        self.feeds = Feeds(session, clock)
        self.keys = Keys(session, clock)
        self.events = Events(session, clock)
        self.reports = Reports(session, clock)
        self.sources = ArticleSources(session, clock)
        self.reader_voices = ReaderVoices(session, clock)

    def rollback(self) -> None:
        """Undo what this transaction wrote so far (the block then ends without committing anything)."""
        self._session.rollback()


class Store:
    """The database behind the repositories."""

    def __init__(self, db: Database, clock: Clock = time.time) -> None:
        self.db = db
        self.clock = clock

    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self.db.read() as session:
            yield Tx(session, self.clock)

    @contextmanager
    def write(self) -> Iterator[Tx]:
        with self.db.write() as session:
            yield Tx(session, self.clock)


def open_store(settings: Settings, clock: Clock = time.time) -> Store:
    return Store(open_database(settings), clock)
