"""Numbered migrations applied at start, recorded in `schema_version`; safe when several processes start at once."""

from __future__ import annotations

import time
from typing import Callable

from sqlalchemy import Connection, inspect, text

from hark.store.schema import Base


def _m001_initial(conn: Connection) -> None:
    Base.metadata.create_all(conn)


def _add_column(conn: Connection, table: str, column: str, sql_type: str) -> None:
    # A database made by this version's create_all already has it; one made by an older version does not.
    if column not in {c["name"] for c in inspect(conn).get_columns(table)}:
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}"))


def _m002_checksums_and_key_prefixes(conn: Connection) -> None:
    _add_column(conn, "narrations", "audio_sha256", "VARCHAR(64)")
    _add_column(conn, "api_keys", "prefix", "VARCHAR(16)")


def _m003_article_sources(conn: Connection) -> None:
    Base.metadata.create_all(conn, tables=[Base.metadata.tables["article_sources"]])


def _m005_reader_reports(conn: Connection) -> None:
    Base.metadata.create_all(conn, tables=[Base.metadata.tables["reader_reports"]])


def _m007_reader_voices(conn: Connection) -> None:
    Base.metadata.create_all(conn, tables=[Base.metadata.tables["reader_voices"]])


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "initial tables", _m001_initial),
    (2, "narration checksums, key prefixes", _m002_checksums_and_key_prefixes),
    (3, "submitted text and line overrides of articles", _m003_article_sources),
    (5, "reader pronunciation reports", _m005_reader_reports),
    (7, "the publisher's reader-voice menu", _m007_reader_voices),
]
"""(number, what it does, how): append only; never edit a released one."""


def migrate(conn: Connection) -> int:
    """Apply every migration not yet recorded; returns the schema version reached."""
    if conn.dialect.name == "postgresql":
        # Two workers starting together must not both create the tables.
        conn.execute(text("SELECT pg_advisory_xact_lock(727361)"))
    conn.execute(text("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT, applied_at FLOAT)"))
    done = {row[0] for row in conn.execute(text("SELECT version FROM schema_version"))}
    for number, name, apply in MIGRATIONS:
        if number in done:
            continue
        apply(conn)
        conn.execute(
            text("INSERT INTO schema_version (version, name, applied_at) VALUES (:v, :n, :t)"),
            {"v": number, "n": name, "t": time.time()},
        )
    return max([n for n, _, _ in MIGRATIONS], default=0)
