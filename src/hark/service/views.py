"""Stored records → the JSON shapes of DESIGN.md (articles, narrations), for the API, webhooks and pages alike."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from hark.models import StoredArticle, StoredNarration, reading_minutes


def audio_url(n: StoredNarration) -> str:
    # `v` pins the version: such URLs never change content, so they are cached for a year.
    pin = f"&v={n.version}" if n.audio_key else ""
    return f"/v1/articles/{n.article_id}/audio?voice={quote(n.voice_id, safe='')}{pin}"


def narration_view(n: StoredNarration) -> dict[str, Any]:
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


def main_narration(narrations: list[StoredNarration], default_voice: str) -> StoredNarration | None:
    """The narration that speaks for the article: the default voice's, else the first one asked for."""
    if not narrations:
        return None
    return next((n for n in narrations if n.voice_id == default_voice), narrations[0])


def article_view(stored: StoredArticle, narrations: list[StoredNarration], default_voice: str) -> dict[str, Any]:
    """`default_voice` is the id `VoiceRegistry.default_for` gives for the article's language."""
    main = main_narration(narrations, default_voice)
    status = main.status if main is not None else "queued"
    failed = next((n.error for n in narrations if n.status == "failed"), None)
    article = stored.article
    return {
        "id": stored.id,
        "status": status,
        "error": failed if status == "failed" else None,
        "title": article.title,
        "words": article.words,
        "reading_minutes": reading_minutes(article.words),
        "language": article.language,
        "url": stored.canonical_url,
        "version": stored.version,
        "created_at": stored.created_at,
        "updated_at": stored.updated_at,
        # The default voice's first: a player that has no choice of its own starts with it.
        "narrations": [narration_view(n) for n in sorted(narrations, key=lambda n: n is not main)],
    }
