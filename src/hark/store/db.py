"""Engines and sessions for SQLite (WAL, immediate write transactions) and PostgreSQL, migrated on open."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from hark.errors import StorageError
from hark.settings import Settings
from hark.store.migrate import migrate

_OPEN: dict[str, "Database"] = {}
_LOCK = threading.Lock()


def _sqlite_engine(url: str, immediate: bool) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, pool_size=20, max_overflow=40)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite would defer it).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # Writers take the write lock up front: a deferred transaction that later writes can fail
        # with SQLITE_BUSY at once instead of waiting out busy_timeout.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    """One database: `read()` and `write()` sessions that commit on success and roll back on error."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.dialect = url.split(":", 1)[0].split("+", 1)[0]
        if self.dialect == "sqlite":
            self._reader = _sqlite_engine(url, immediate=False)
            self._writer = _sqlite_engine(url, immediate=True)
        else:
            self._reader = self._writer = create_engine(url, pool_size=10, max_overflow=30, pool_pre_ping=True)
        self._read_sessions = sessionmaker(self._reader, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._writer, expire_on_commit=False)

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    def migrate(self) -> int:
        try:
            with self._writer.begin() as conn:
                return migrate(conn)
        except SQLAlchemyError as exc:
            raise StorageError(f"could not prepare the database at {self._safe_url()}: {exc}") from exc

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._session(self._read_sessions) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._session(self._write_sessions) as session:
            yield session

    @contextmanager
    def _session(self, factory: sessionmaker[Session]) -> Iterator[Session]:
        session = factory()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise StorageError(f"database error: {exc.__class__.__name__}: {str(exc).splitlines()[0]}") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self._reader.dispose()
        if self._writer is not self._reader:
            self._writer.dispose()

    def _safe_url(self) -> str:
        return self.url.split("@")[-1] if "@" in self.url else self.url


def open_database(settings: Settings) -> Database:
    """The process-wide Database for these settings, created and migrated on first use."""
    url = settings.resolved_database_url
    with _LOCK:
        db = _OPEN.get(url)
        if db is None:
            if url.startswith("sqlite"):
                settings.data_dir.mkdir(parents=True, exist_ok=True)
            db = Database(url)
            db.migrate()
            _OPEN[url] = db
        return db


def close_database(settings: Settings) -> None:
    """Forget (and dispose) the cached Database for these settings: tests and forked workers."""
    with _LOCK:
        db = _OPEN.pop(settings.resolved_database_url, None)
    if db is not None:
        db.dispose()
