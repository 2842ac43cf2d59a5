"""Articles: publish (POST), read (GET), ask for another voice, delete, and listening figures."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from hark.service import articles, extraction, listens, readers
from hark.service.ingest import Source, ingest
from hark.service.keys import check_key
from hark.service.publish import PRIORITY_READER, request_voice, submit
from hark.service.runtime import Runtime
from hark.service.views import narration_view
from hark.web.deps import client_address, require_key, runtime
from hark.web.schemas import ArticleIn, ExtractionOverridesIn, NarrationIn

router = APIRouter(prefix="/v1", tags=["articles"])


@router.post("/articles", status_code=202, summary="Publish an article: it is narrated (once) in the background")
def post_article(body: ArticleIn, rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> JSONResponse:
    ingested = ingest(Source(url=body.url, html=body.html, text=body.text), rt.settings)
    submitted = submit(rt, ingested, rt.voices.resolve(body.voice, ingested.article.language))
    data = articles.view(rt, submitted.article_id)
    data.update(created=submitted.created, changed=submitted.changed)
    return JSONResponse(data, status_code=202, headers={"Location": f"/v1/articles/{submitted.article_id}"})


@router.get("/articles", summary="Articles, newest first; `?url=` finds the one published under a canonical URL")
def list_articles(url: str | None = None, limit: int = 20, rt: Runtime = Depends(runtime)) -> dict[str, Any]:
    return {"articles": articles.listing(rt, limit, url)}


@router.get("/articles/{article_id}", summary="An article and the state of its narrations")
def get_article(article_id: str, rt: Runtime = Depends(runtime)) -> dict[str, Any]:
    return articles.view(rt, article_id)


@router.delete("/articles/{article_id}", status_code=204,
               summary="Delete an article with its audio, timings and listening figures (needs a key)")
def delete_article(article_id: str, rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> Response:
    articles.delete(rt, article_id)
    return Response(status_code=204)


@router.post("/articles/{article_id}/renarrate", status_code=202,
             summary="Narrate the article again in every voice it has (needs a key); old audio serves meanwhile")
def renarrate(article_id: str, rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> dict[str, Any]:
    return {"id": article_id, "jobs": articles.renarrate(rt, article_id)}


@router.post("/articles/{article_id}/narrations", status_code=202,
             summary="Narrate an existing article in another installed voice (no key; rate-limited per address)")
def post_narration(article_id: str, body: NarrationIn, request: Request, rt: Runtime = Depends(runtime)) -> JSONResponse:
    # Open to readers: it only spends CPU on an article the publisher already published, in one of
    # the voices the publisher offers readers, and the buckets (per address, and for all readers
    # together so that many addresses cannot multiply it) bound how much. A key lifts both limits.
    speaker = rt.voices.resolve(body.voice)
    if request.headers.get("authorization"):
        check_key(rt.store, request.headers.get("authorization"))
    else:
        readers.check_offered(rt, speaker, [n["voice"] for n in articles.view(rt, article_id)["narrations"]])
        request.app.state.narration_limit.check(client_address(request))
        request.app.state.narration_total_limit.check("all", whose="from readers right now")
    narration, created = request_voice(rt, article_id, speaker, priority=PRIORITY_READER)
    data = narration_view(narration)
    data["created"] = created
    return JSONResponse(data, status_code=202)


@router.get("/articles/{article_id}/listens", summary="Listening figures for an article (needs a key)")
def get_listens(article_id: str, rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> dict[str, Any]:
    return listens.summary(rt, article_id)


@router.get("/articles/{article_id}/extraction",
            summary="What will be read: every line of the article's plain text with its decision (kept/removed, why, "
                    "model confidence; needs a key); 409 for articles that did not come from text")
def get_extraction(article_id: str, rt: Runtime = Depends(runtime), _key: str = Depends(require_key)) -> dict[str, Any]:
    return extraction.decisions(rt, article_id)


@router.put("/articles/{article_id}/extraction",
            summary="Restore or remove lines of a plain-text article (needs a key): stored with it, and re-narrated")
def put_extraction(article_id: str, body: ExtractionOverridesIn, rt: Runtime = Depends(runtime),
                   _key: str = Depends(require_key)) -> dict[str, Any]:
    return extraction.override(rt, article_id, body.restore, body.remove)
