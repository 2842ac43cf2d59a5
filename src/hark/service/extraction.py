"""What will be read: an article's line-by-line extraction decisions, and a publisher's overrides of them."""

from __future__ import annotations

from typing import Any

from hark.errors import ConflictError, NoArticleError, ValidationFailedError
from hark.models import StoredArticle, StoredSource
from hark.service.ingest import reextract, text_decisions
from hark.service.publish import dispatch, queue_if_needed
from hark.service.runtime import Runtime
from hark.store import Tx


def decisions(rt: Runtime, article_id: str) -> dict[str, Any]:
    """Every input line of the article's plain text, numbered from 1, with its decision, re-run from the kept text."""
    with rt.store.read() as tx:
        stored, source = _text_source(tx, article_id)
    return _view(stored, source)


def override(rt: Runtime, article_id: str, restore: list[int], remove: list[int]) -> dict[str, Any]:
    """Set the publisher's overrides (1-based line numbers; they replace the previous ones), re-extract the
    article with them and queue a re-narration of every voice it has when what is said changed."""
    with rt.store.write() as tx:
        stored, source = _text_source(tx, article_id)
        count = len(text_decisions(source.content))
        _check_lines(restore, remove, count)
        keep, drop = frozenset(n - 1 for n in restore), frozenset(n - 1 for n in remove)
        article = reextract(source.content, stored.canonical_url, keep, drop)
        source = tx.sources.set_overrides(article_id, sorted(keep), sorted(drop))
        saved = tx.articles.replace(article_id, article)
        jobs = [job for n in tx.narrations.of_article(article_id)
                if (job := queue_if_needed(tx, n, saved.stored)) is not None]
    dispatch(rt, jobs)
    data = _view(saved.stored, source)
    data.update(changed=saved.changed, jobs=len(jobs))
    return data


def choose(rt: Runtime, article_id: str, kept: set[int]) -> dict[str, Any]:
    """Read exactly the lines numbered `kept` (the console's checkboxes): overrides are what differs from the
    decisions the rules and the model make on their own."""
    with rt.store.read() as tx:
        _, source = _text_source(tx, article_id)
    own = {n for n, d in enumerate(text_decisions(source.content), start=1) if d.kept}
    return override(rt, article_id, sorted(kept - own), sorted(own - kept))


def _text_source(tx: Tx, article_id: str) -> tuple[StoredArticle, StoredSource]:
    stored = tx.articles.get(article_id)
    source = tx.sources.get(article_id)
    if source is None:
        raise ConflictError(
            f"article {article_id!r} came from {stored.source}, not from plain text kept with it: line decisions "
            "exist only for articles published as text (POST /v1/articles with `text`)")
    return stored, source


def _check_lines(restore: list[int], remove: list[int], count: int) -> None:
    errors: list[dict[str, object]] = []
    for field, numbers in (("restore", restore), ("remove", remove)):
        for i, n in enumerate(numbers):
            if not 1 <= n <= count:
                errors.append({"loc": ["body", field, i], "msg": f"line {n} is not between 1 and {count}",
                               "type": "value_error"})
    both = sorted(set(restore) & set(remove))
    if both:
        errors.append({"loc": ["body"], "msg": f"lines {both} are both restored and removed", "type": "value_error"})
    if errors:
        raise ValidationFailedError("; ".join(str(e["msg"]) for e in errors), errors=errors)


def _reproduced(stored: StoredArticle, source: StoredSource, restore: frozenset[int], remove: frozenset[int]) -> bool:
    """Whether the kept text, re-extracted now, gives what is narrated (false after a model or rule change)."""
    try:
        again = reextract(source.content, stored.canonical_url, restore, remove)
    except NoArticleError:
        return False
    said = stored.article
    return (again.title, again.standfirst, again.body) == (said.title, said.standfirst, said.body)


def _view(stored: StoredArticle, source: StoredSource) -> dict[str, Any]:
    restore, remove = frozenset(source.restore), frozenset(source.remove)
    lines = text_decisions(source.content, restore, remove)
    return {
        "article_id": stored.id,
        "source": stored.source,
        "version": stored.version,
        "reproduced": _reproduced(stored, source, restore, remove),
        "overrides": {"restore": [i + 1 for i in source.restore], "remove": [i + 1 for i in source.remove]},
        "lines": [
            {"line": n, "text": d.text, "kept": d.kept, "reason": d.why,
             "confidence": round(d.confidence, 3) if d.confidence >= 0 else None}
            for n, d in enumerate(lines, start=1)
        ],
    }
