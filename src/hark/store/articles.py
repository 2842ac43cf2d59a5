"""The articles repository: save with content-hash dedupe, look up, list, delete; rows in, `StoredArticle` out."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from hark.errors import NotFoundError
from hark.models import Article, Block, StoredArticle
from hark.store.schema import ArticleRow


def article_to_json(article: Article) -> str:
    data = article.to_json()
    data["body"] = [[b.kind, b.text] for b in article.body]
    return json.dumps(data, ensure_ascii=False)


def article_from_json(raw: str) -> Article:
    data: dict[str, Any] = json.loads(raw)
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


def _record(row: ArticleRow) -> StoredArticle:
    return StoredArticle(id=row.id, source=row.source, canonical_url=row.canonical_url, content_hash=row.content_hash,
                         article=article_from_json(row.article_json), version=row.version, created_at=row.created_at,
                         updated_at=row.updated_at)


@dataclass(frozen=True)
class Saved:
    stored: StoredArticle
    created: bool
    changed: bool
    """True when an existing article got new content (its narrations must be redone)."""


class Articles:
    def __init__(self, session: Session, clock: Callable[[], float]) -> None:
        self._session = session
        self._now = clock

    def save(self, article: Article, source: str, canonical_url: str | None) -> Saved:
        """Insert a new article, or update the one with this URL (or this content) if it changed."""
        digest = content_hash(article)
        self._serialize_same_article(canonical_url, digest)
        existing = None
        if canonical_url:
            existing = self._first(ArticleRow.canonical_url == canonical_url)
        if existing is None:
            existing = self._first(ArticleRow.content_hash == digest)
        now = self._now()
        if existing is not None:
            if existing.content_hash == digest:
                return Saved(_record(existing), created=False, changed=False)
            existing.content_hash = digest
            existing.article_json = article_to_json(article)
            existing.title = article.title
            existing.language = article.language
            existing.words = article.words
            existing.version += 1
            existing.updated_at = now
            return Saved(_record(existing), created=False, changed=True)
        row = ArticleRow(id=secrets.token_hex(8), source=source, canonical_url=canonical_url, content_hash=digest,
                         title=article.title, language=article.language, words=article.words,
                         article_json=article_to_json(article), version=1, created_at=now, updated_at=now)
        self._session.add(row)
        self._session.flush()
        return Saved(_record(row), created=True, changed=False)

    def replace(self, article_id: str, article: Article) -> Saved:
        """Give an existing article new content (a publisher's override re-extracted it); NotFoundError if absent."""
        row = self._session.get(ArticleRow, article_id)
        if row is None:
            raise NotFoundError(f"no article with id {article_id!r}")
        digest = content_hash(article)
        if row.content_hash == digest:
            return Saved(_record(row), created=False, changed=False)
        row.content_hash = digest
        row.article_json = article_to_json(article)
        row.title = article.title
        row.language = article.language
        row.words = article.words
        row.version += 1
        row.updated_at = self._now()
        return Saved(_record(row), created=False, changed=True)

    def get(self, article_id: str) -> StoredArticle:
        """The article; NotFoundError when there is none with that id."""
        row = self._session.get(ArticleRow, article_id)
        if row is None:
            raise NotFoundError(f"no article with id {article_id!r}")
        return _record(row)

    def find(self, article_id: str) -> StoredArticle | None:
        row = self._session.get(ArticleRow, article_id)
        return _record(row) if row is not None else None

    def exists(self, article_id: str) -> bool:
        return self._session.scalar(select(ArticleRow.id).where(ArticleRow.id == article_id)) is not None

    def id_for_url(self, url: str) -> str | None:
        return self._session.scalar(
            select(ArticleRow.id).where(ArticleRow.canonical_url == url).order_by(ArticleRow.created_at).limit(1))

    def newest(self, limit: int, url: str | None = None, ids: list[str] | None = None) -> list[StoredArticle]:
        """Newest first; only the one under `url`, or only those among `ids`, when given."""
        query = select(ArticleRow).order_by(ArticleRow.created_at.desc()).limit(limit)
        if url is not None:
            query = query.where(ArticleRow.canonical_url == url)
        if ids is not None:
            query = query.where(ArticleRow.id.in_(ids))
        return [_record(row) for row in self._session.scalars(query)]

    def delete(self, article_id: str) -> bool:
        """Remove the article row (its narrations go with it, by foreign key)."""
        result = self._session.execute(delete(ArticleRow).where(ArticleRow.id == article_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def _first(self, where: Any) -> ArticleRow | None:
        return self._session.scalars(select(ArticleRow).where(where).order_by(ArticleRow.created_at).limit(1)).first()

    def _serialize_same_article(self, canonical_url: str | None, digest: str) -> None:
        """Two submissions of one article must not both insert it. SQLite writers are already serialized
        (BEGIN IMMEDIATE); on PostgreSQL, READ COMMITTED lets both read "absent", so take a transaction-scoped
        advisory lock per URL and per content hash first (sorted, so two keys never deadlock)."""
        if self._session.get_bind().dialect.name != "postgresql":
            return
        for key in sorted({canonical_url or "", digest} - {""}):
            lock = int(hashlib.sha256(key.encode()).hexdigest()[:15], 16)
            self._session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock})
