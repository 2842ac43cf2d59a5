"""Articles and their narrations as rows: save with content-hash dedupe, look up, list."""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hark.errors import NotFoundError
from hark.models import Article, Block
from hark.store.schema import ArticleRow, NarrationRow


def article_to_json(article: Article) -> str:
    data = article.to_json()
    data["body"] = [[b.kind, b.text] for b in article.body]
    return json.dumps(data, ensure_ascii=False)


def article_from_json(text: str) -> Article:
    data: dict[str, Any] = json.loads(text)
    return Article(
        title=data["title"],
        body=tuple(Block(kind, body) for kind, body in data["body"]),
        standfirst=data.get("standfirst") or "",
        byline=data.get("byline"),
        published=data.get("published"),
        language=data.get("language") or "en",
        url=data.get("url"),
        site_name=data.get("site_name"),
    )


def content_hash(article: Article) -> str:
    """What is said, whitespace-normalized: re-flowed or re-broken paragraphs are not a change."""
    said = " ".join(" ".join(b.text.split()) for b in article.blocks)
    blob = json.dumps([article.language, said], ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


@dataclass(frozen=True)
class Saved:
    row: ArticleRow
    created: bool
    changed: bool
    """True when an existing article got new content (its narrations must be redone)."""


def save_article(session: Session, article: Article, source: str, canonical_url: str | None) -> Saved:
    """Insert a new article, or update the one with this URL (or this content) if it changed."""
    digest = content_hash(article)
    _serialize_same_article(session, canonical_url, digest)
    existing = None
    if canonical_url:
        existing = session.scalars(
            select(ArticleRow).where(ArticleRow.canonical_url == canonical_url).order_by(ArticleRow.created_at).limit(1)
        ).first()
    if existing is None:
        existing = session.scalars(
            select(ArticleRow).where(ArticleRow.content_hash == digest).order_by(ArticleRow.created_at).limit(1)
        ).first()
    now = time.time()
    if existing is not None:
        if existing.content_hash == digest:
            return Saved(existing, created=False, changed=False)
        existing.content_hash = digest
        existing.article_json = article_to_json(article)
        existing.title = article.title
        existing.language = article.language
        existing.words = article.words
        existing.version += 1
        existing.updated_at = now
        return Saved(existing, created=False, changed=True)
    row = ArticleRow(
        id=secrets.token_hex(8),
        source=source,
        canonical_url=canonical_url,
        content_hash=digest,
        title=article.title,
        language=article.language,
        words=article.words,
        article_json=article_to_json(article),
        version=1,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return Saved(row, created=True, changed=False)


def _serialize_same_article(session: Session, canonical_url: str | None, digest: str) -> None:
    """Two submissions of one article must not both insert it. SQLite writers are already serialized
    (BEGIN IMMEDIATE); on PostgreSQL, READ COMMITTED lets both read "absent", so take a transaction-scoped
    advisory lock per URL and per content hash first (sorted, so two keys never deadlock)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted({canonical_url or "", digest} - {""}):
        lock = int(hashlib.sha256(key.encode()).hexdigest()[:15], 16)
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock})


def get_article(session: Session, article_id: str) -> ArticleRow:
    row = session.get(ArticleRow, article_id)
    if row is None:
        raise NotFoundError(f"no article with id {article_id!r}")
    return row


def narrations_of(session: Session, article_id: str) -> list[NarrationRow]:
    return list(session.scalars(select(NarrationRow).where(NarrationRow.article_id == article_id).order_by(NarrationRow.id)))


def narrations_by_article(session: Session, article_ids: list[str]) -> dict[str, list[NarrationRow]]:
    """The narrations of many articles in one query (for listings)."""
    found: dict[str, list[NarrationRow]] = {article_id: [] for article_id in article_ids}
    query = select(NarrationRow).where(NarrationRow.article_id.in_(article_ids)).order_by(NarrationRow.id)
    for row in session.scalars(query):
        found[row.article_id].append(row)
    return found


def find_narration(session: Session, article_id: str, voice_id: str) -> NarrationRow | None:
    return session.scalars(
        select(NarrationRow).where(NarrationRow.article_id == article_id, NarrationRow.voice_id == voice_id)
    ).first()


def ensure_narration(session: Session, article_id: str, voice_id: str, engine_version: str) -> tuple[NarrationRow, bool]:
    """The narration of this article in this voice, created if missing; (row, created)."""
    row = find_narration(session, article_id, voice_id)
    if row is not None:
        return row, False
    now = time.time()
    row = NarrationRow(article_id=article_id, voice_id=voice_id, engine_version=engine_version, status="queued",
                       created_at=now, updated_at=now)
    try:
        # A savepoint, so losing the race to another request leaves this transaction usable.
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        found = find_narration(session, article_id, voice_id)
        assert found is not None
        return found, False
    return row, True
