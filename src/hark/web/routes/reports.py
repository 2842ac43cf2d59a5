"""Readers' "sounds wrong" reports: public and keyless (from the player), rate-limited per address, which is
used for the limit only and never stored."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import Field

from hark.service.pronunciation import report
from hark.service.runtime import Runtime
from hark.web.deps import client_address, runtime
from hark.web.limits import RateLimit
from hark.web.schemas import Strict

router = APIRouter(prefix="/v1", tags=["reports"])

REPORTS_PER_MINUTE = 6


class ReportIn(Strict):
    article: str = Field(..., max_length=32)
    word: str = Field(..., min_length=1, max_length=200)
    sentence: str = Field("", max_length=2000, description="The sentence the word was heard in.")
    voice: str | None = Field(None, max_length=128)
    position_ms: int | None = Field(None, ge=0, le=10 * 3600 * 1000)


def _limit(request: Request) -> RateLimit:
    state = request.app.state
    if not hasattr(state, "reports_limit"):
        state.reports_limit = RateLimit(per_minute=REPORTS_PER_MINUTE, burst=3, what="pronunciation reports")
    return state.reports_limit  # type: ignore[no-any-return]


@router.post("/reports", status_code=202, summary="A reader marks a word as sounding wrong (no key; rate-limited)")
def post_report(body: ReportIn, request: Request, rt: Runtime = Depends(runtime)) -> dict[str, int]:
    _limit(request).check(client_address(request))
    return {"id": report(rt, body.article, body.voice, body.word, body.sentence, body.position_ms)}
