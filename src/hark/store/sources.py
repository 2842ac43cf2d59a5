"""The article-sources repository: the plain text an article came from, and the publisher's line overrides."""

from __future__ import annotations

import json
from typing import Callable

from sqlalchemy.orm import Session

from hark.models import StoredSource
from hark.store.schema import ArticleSourceRow


def _record(row: ArticleSourceRow) -> StoredSource:
    overrides = json.loads(row.overrides_json or "{}")
    return StoredSource(article_id=row.article_id, kind=row.kind, content=row.content,
                        restore=tuple(overrides.get("restore", ())), remove=tuple(overrides.get("remove", ())))


class ArticleSources:
    def __init__(self, session: Session, clock: Callable[[], float]) -> None:
        self._session = session
        self._now = clock

    def keep(self, article_id: str, kind: str, content: str) -> StoredSource:
        """Record what the article was extracted from. A different text drops the overrides: they name its lines."""
        row = self._session.get(ArticleSourceRow, article_id)
        if row is None:
            row = ArticleSourceRow(article_id=article_id, kind=kind, content=content, overrides_json="{}",
                                   updated_at=self._now())
            self._session.add(row)
        elif row.content != content:
            row.kind, row.content, row.overrides_json, row.updated_at = kind, content, "{}", self._now()
        self._session.flush()
        return _record(row)

    def get(self, article_id: str) -> StoredSource | None:
        row = self._session.get(ArticleSourceRow, article_id)
        return _record(row) if row is not None else None

    def set_overrides(self, article_id: str, restore: list[int], remove: list[int]) -> StoredSource:
        """Replace the overrides of a kept source (the caller has checked it exists and the indexes are in range)."""
        row = self._session.get(ArticleSourceRow, article_id)
        assert row is not None
        row.overrides_json = json.dumps({"restore": sorted(set(restore)), "remove": sorted(set(remove))})
        row.updated_at = self._now()
        self._session.flush()
        return _record(row)
