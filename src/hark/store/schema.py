"""The tables: articles, narrations, jobs, API keys, lexicon entries, feeds, listen events, reader reports and the
reader-voice menu."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    source: Mapped[str] = mapped_column(String(16))
    """How it came in: `url`, `html`, `text` or `feed`."""
    canonical_url: Mapped[str | None] = mapped_column(String(2048), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    """Hash of what is narrated, whitespace-normalized: equal hashes never re-narrate."""
    title: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(16), default="en")
    words: Mapped[int] = mapped_column(Integer, default=0)
    article_json: Mapped[str] = mapped_column(Text)
    """The Article (blocks and metadata) as JSON: what workers narrate."""
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)


class ArticleSourceRow(Base):
    __tablename__ = "article_sources"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    """The submitted plain text: the extraction's decisions are re-run from it, never stored."""
    overrides_json: Mapped[str] = mapped_column(Text, default="{}")
    """The publisher's `{"restore": [...], "remove": [...]}` (0-based line indexes into `content`)."""
    updated_at: Mapped[float] = mapped_column(Float)


class NarrationRow(Base):
    __tablename__ = "narrations"
    # Exactly one narration per article × voice, however many workers race for it.
    __table_args__ = (UniqueConstraint("article_id", "voice_id", name="uq_narration_article_voice"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    voice_id: Mapped[str] = mapped_column(String(128))
    engine_version: Mapped[str] = mapped_column(String(128), default="")
    status: Mapped[str] = mapped_column(String(16), default="queued")
    error: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    """The article content this narration was (or is being) made from."""
    version: Mapped[int] = mapped_column(Integer, default=0)
    """Bumped each time a finished narration replaces the previous one."""
    etag: Mapped[str | None] = mapped_column(String(80))
    format: Mapped[str] = mapped_column(String(8), default="mp3")
    audio_key: Mapped[str | None] = mapped_column(String(256))
    partial_key: Mapped[str | None] = mapped_column(String(256))
    """Blob being written right now, for streaming while narrating."""
    audio_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    audio_sha256: Mapped[str | None] = mapped_column(String(64))
    """Checksum of the finished file: only a file that still matches it is served."""
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    base_wpm: Mapped[float | None] = mapped_column(Float)
    sentences: Mapped[int] = mapped_column(Integer, default=0)
    synthesized: Mapped[int] = mapped_column(Integer, default=0)
    timings_json: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)


class JobRow(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        # At most one live job per target (a narration, a feed); finished jobs stay as history.
        Index(
            "uq_jobs_live_key",
            "dedupe_key",
            unique=True,
            sqlite_where=text("status IN ('queued', 'running')"),
            postgresql_where=text("status IN ('queued', 'running')"),
        ),
        Index("ix_jobs_claim", "status", "priority", "run_after"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    dedupe_key: Mapped[str] = mapped_column(String(128))
    payload: Mapped[str] = mapped_column(Text, default="{}")
    status: Mapped[str] = mapped_column(String(16), default="queued")
    priority: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    run_after: Mapped[float] = mapped_column(Float, default=0.0)
    lease_until: Mapped[float | None] = mapped_column(Float)
    worker: Mapped[str | None] = mapped_column(String(128))
    """Claim token of the current attempt; completion is fenced on it."""
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)


class ApiKeyRow(Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str | None] = mapped_column(String(16))
    """The key's first characters, to tell keys apart in a list (not enough to use it)."""
    created_at: Mapped[float] = mapped_column(Float)
    revoked_at: Mapped[float | None] = mapped_column(Float)


class LexiconRow(Base):
    __tablename__ = "lexicon"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    term: Mapped[str] = mapped_column(String(200), unique=True)
    spoken: Mapped[str | None] = mapped_column(Text)
    phonemes: Mapped[str | None] = mapped_column(Text)


class FeedRow(Base):
    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    voice_id: Mapped[str | None] = mapped_column(String(128))
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(128))
    last_polled_at: Mapped[float | None] = mapped_column(Float)
    next_poll_at: Mapped[float] = mapped_column(Float, default=0.0)
    last_status: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(Text)
    items_seen: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[float] = mapped_column(Float)


class FeedItemRow(Base):
    __tablename__ = "feed_items"
    __table_args__ = (UniqueConstraint("feed_id", "guid", name="uq_feed_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    guid: Mapped[str] = mapped_column(String(2048))
    item_hash: Mapped[str] = mapped_column(String(64))
    article_id: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text)


class ListenEventRow(Base):
    __tablename__ = "listen_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(String(32), index=True)
    session: Mapped[str | None] = mapped_column(String(64))
    """A random id the player makes per page view; no cookie, no IP stored."""
    type: Mapped[str] = mapped_column(String(16))
    voice_id: Mapped[str | None] = mapped_column(String(128))
    position_ms: Mapped[int | None] = mapped_column(BigInteger)
    rate: Mapped[float | None] = mapped_column(Float)
    value: Mapped[float | None] = mapped_column(Float)
    """Decile for `progress`, paragraph index for `paragraph`, the new rate or seek target."""
    created_at: Mapped[float] = mapped_column(Float)


class ReportRow(Base):
    """A reader's "sounds wrong" on one word of a narration; no address or cookie is kept with it."""

    __tablename__ = "reader_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    voice_id: Mapped[str | None] = mapped_column(String(128))
    word: Mapped[str] = mapped_column(String(200))
    sentence: Mapped[str] = mapped_column(Text, default="")
    position_ms: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[float] = mapped_column(Float)


class ReaderVoiceRow(Base):
    """A voice the publisher offers readers in the player's menu; `default_for` marks the language it is the
    default of (at most one voice per language). No rows: the menu the settings give."""

    __tablename__ = "reader_voices"

    voice_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    default_for: Mapped[str | None] = mapped_column(String(16), unique=True)
    updated_at: Mapped[float] = mapped_column(Float)
