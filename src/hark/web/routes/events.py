"""Listen beacons from the player (sendBeacon: JSON sent as text/plain or application/json; no cookies)."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError

from hark.errors import MalformedJSONError, PayloadTooLargeError, UnsupportedMediaTypeError
from hark.models import ListenEvent
from hark.service.listens import record
from hark.service.runtime import Runtime
from hark.web.deps import client_address, runtime
from hark.web.problems import validation_error
from hark.web.schemas import EventBatch, EventIn

router = APIRouter(prefix="/v1", tags=["events"])

MAX_EVENT_BYTES = 64 * 1024


def parse_events(raw: bytes) -> list[ListenEvent]:
    """One event, a list of events, or {"events": [...]}."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedJSONError("the event body is not valid JSON") from exc
    try:
        if isinstance(data, list):
            parsed = EventBatch(events=data).events
        elif isinstance(data, dict) and "events" in data:
            parsed = EventBatch.model_validate(data).events
        else:
            parsed = [EventIn.model_validate(data)]
    except ValidationError as exc:
        raise validation_error(list(exc.errors())) from exc
    return [ListenEvent(article_id=e.article, type=e.type, session=e.session, voice_id=e.voice,
                        position_ms=e.position_ms, rate=e.rate, value=e.value) for e in parsed]


def charge(state: Any, address: str, events: list[ListenEvent]) -> None:
    """Every event costs a token: from its address, from its article, and from the whole service.

    Beacons are anonymous, so an address is no identity: the per-article and global budgets are what
    many addresses (or many made-up sessions) cannot multiply.
    """
    state.events_limit.check(address, len(events))
    for article_id, count in Counter(e.article_id for e in events).items():
        state.events_article_limit.check(article_id, count, whose="for this article")
    state.events_total_limit.check("all", len(events), whose="right now")


@router.post("/events", status_code=204, summary="Record listen events: load, play, pause, seek, progress …")
async def post_events(request: Request, rt: Runtime = Depends(runtime)) -> Response:
    ctype = request.headers.get("content-type", "text/plain").split(";")[0].strip().lower()
    if ctype not in ("application/json", "text/plain", ""):
        raise UnsupportedMediaTypeError(f"send events as application/json or text/plain, not {ctype}")
    raw = await request.body()
    if len(raw) > MAX_EVENT_BYTES:
        raise PayloadTooLargeError(f"an event batch must be under {MAX_EVENT_BYTES:,} bytes")
    events = parse_events(raw)
    charge(request.app.state, client_address(request), events)
    await asyncio.get_running_loop().run_in_executor(None, record, rt, events)
    return Response(status_code=204)
