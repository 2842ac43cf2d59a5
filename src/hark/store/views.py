"""Rows → the JSON shapes of DESIGN.md (articles, narrations), for the API and the webhooks alike."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from hark.models import reading_minutes
from hark.store.schema import ArticleRow, NarrationRow


def audio_url(n: NarrationRow) -> str:
    # `v` pins the version: such URLs never change content, so they are cached for a year.
    pin = f"&v={n.version}" if n.audio_key else ""
    return f"/v1/articles/{n.article_id}/audio?voice={quote(n.voice_id, safe='')}{pin}"


def narration_view(n: NarrationRow) -> dict[str, Any]:
    voice = quote(n.voice_id, safe="")
    return {
        "voice": n.voice_id,
        "status": n.status,
        "error": n.error,
        "version": n.version,
        "duration_ms": n.duration_ms,
        "base_wpm": n.base_wpm,
        "sentences": n.sentences,
        "synthesized": n.synthesized,
        "etag": n.etag,
        "audio_url": audio_url(n),
        "timings_url": f"/v1/articles/{n.article_id}/timings?voice={voice}",
        "captions_url": f"/v1/articles/{n.article_id}/captions.vtt?voice={voice}",
    }


def article_status(narrations: list[NarrationRow], default_voice: str) -> str:
    """The article's status is its main narration's: the default voice's, else the first one asked for."""
    if not narrations:
        return "queued"
    main = next((n for n in narrations if n.voice_id == default_voice), narrations[0])
    return main.status


def article_view(row: ArticleRow, narrations: list[NarrationRow], default_voice: str) -> dict[str, Any]:
    status = article_status(narrations, default_voice)
    failed = next((n.error for n in narrations if n.status == "failed"), None)
    return {
        "id": row.id,
        "status": status,
        "error": failed if status == "failed" else None,
        "title": row.title,
        "words": row.words,
        "reading_minutes": reading_minutes(row.words),
        "language": row.language,
        "url": row.canonical_url,
        "version": row.version,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "narrations": [narration_view(n) for n in narrations],
    }
