"""Articles: publish (POST), read (GET), ask for another voice, and listening figures."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from hark.jobs.runtime import Runtime
from hark.jobs.submit import request_voice, submit_article
from hark.models import Article
from hark.source.load import page_from_bytes
from hark.store.articles import get_article, narrations_by_article, narrations_of
from hark.store.events import listen_summary
from hark.store.schema import ArticleRow, NarrationRow
from hark.web.deps import client_address, require_key, runtime
from hark.web.schemas import ArticleIn, NarrationIn
from hark.store.views import article_view, narration_view

router = APIRouter(prefix="/v1", tags=["articles"])


def load_submitted(body: ArticleIn, rt: Runtime) -> tuple[Article, str, str | None]:
    """(article, source kind, canonical URL); fetching a URL goes through the source stage and its SSRF guard."""
    from hark import pipeline
    from hark.article import extract_article

    if body.html is not None or body.text is not None:
        kind = "html" if body.html is not None else "text"
        content = body.html if body.html is not None else body.text
        assert content is not None
        page = page_from_bytes(content.encode(), name=f"the submitted {kind}", kind=kind, url=body.url)
        article = extract_article(page)
        return article, kind, body.url or article.url
    assert body.url is not None
    article = pipeline.fetch_article(body.url, rt.settings)
    return article, "url", article.url or body.url


def _article_json(rt: Runtime, article_id: str) -> dict[str, Any]:
    with rt.db.read() as session:
        row = get_article(session, article_id)
        return article_view(row, narrations_of(session, article_id), rt.settings.default_voice)


@router.post("/articles", status_code=202, summary="Publish an article: it is narrated (once) in the background")
def post_article(body: ArticleIn, rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> JSONResponse:
    article, kind, canonical = load_submitted(body, rt)
    submitted = submit_article(rt, article, kind, canonical, body.voice)
    data = _article_json(rt, submitted.article_id)
    data.update(created=submitted.created, changed=submitted.changed)
    return JSONResponse(data, status_code=202, headers={"Location": f"/v1/articles/{submitted.article_id}"})


@router.get("/articles", summary="Articles, newest first; `?url=` finds the one published under a canonical URL")
def list_articles(url: str | None = None, limit: int = 20, rt: Runtime = Depends(runtime)) -> dict[str, Any]:
    limit = max(1, min(limit, 100))
    with rt.db.read() as session:
        query = select(ArticleRow).order_by(ArticleRow.created_at.desc()).limit(limit)
        if url is not None:
            query = query.where(ArticleRow.canonical_url == url)
        rows = list(session.scalars(query))
        narrations = narrations_by_article(session, [row.id for row in rows])
        return {"articles": [article_view(row, narrations[row.id], rt.settings.default_voice) for row in rows]}


@router.get("/articles/{article_id}", summary="An article and the state of its narrations")
def get_article_json(article_id: str, rt: Runtime = Depends(runtime)) -> dict[str, Any]:
    return _article_json(rt, article_id)


@router.post("/articles/{article_id}/narrations", status_code=202,
             summary="Narrate an existing article in another installed voice (no key; rate-limited per address)")
def post_narration(article_id: str, body: NarrationIn, request: Request, rt: Runtime = Depends(runtime)) -> JSONResponse:
    # Open to readers: it only spends CPU on an article the publisher already published, in a voice
    # the operator installed, and the bucket bounds how much.
    request.app.state.narration_limit.check(client_address(request))
    narration_id, created = request_voice(rt, article_id, body.voice, priority=5)
    with rt.db.read() as session:
        narration = session.get(NarrationRow, narration_id)
        assert narration is not None
        data = narration_view(narration)
    data["created"] = created
    return JSONResponse(data, status_code=202)


@router.get("/articles/{article_id}/listens", summary="Listening figures for an article (needs a key)")
def get_listens(article_id: str, rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> dict[str, Any]:
    with rt.db.read() as session:
        get_article(session, article_id)
        return listen_summary(session, article_id)
