"""RSS/Atom feeds registered for narrate-on-publish (filled in with the feed poller)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/v1", tags=["feeds"])
