"""Request bodies at the web boundary: strict pydantic models (unknown fields are refused)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hark.models import ListenEventType
from hark.speeds import RATE_MAX, RATE_MIN


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArticleIn(Strict):
    """One of `url`, `html` or `text`; with `html` or `text`, `url` is the canonical address (not fetched)."""

    url: str | None = Field(None, max_length=2048, description="Page to fetch, or the canonical URL of html/text.")
    html: str | None = Field(None, description="The article page as HTML.")
    text: str | None = Field(None, description="The article as plain text; the first line is the title.")
    voice: str | None = Field(None, max_length=128, description="Voice id (see GET /v1/voices); default voice if omitted.")

    @model_validator(mode="after")
    def _one_source(self) -> "ArticleIn":
        if self.html is not None and self.text is not None:
            raise ValueError("send either html or text, not both")
        if self.url is None and self.html is None and self.text is None:
            raise ValueError("send one of url, html or text")
        return self


class NarrationIn(Strict):
    voice: str = Field(..., max_length=128)


class SpeechIn(Strict):
    """OpenAI's `POST /v1/audio/speech` body."""

    model: str = Field(..., max_length=64)
    input: str = Field(..., min_length=1, max_length=4096)
    voice: str | dict[str, str] = Field(..., description="A Hark voice id, or an OpenAI voice name (mapped to the default).")
    instructions: str | None = Field(None, max_length=4096, description="Accepted and ignored.")
    response_format: Literal["mp3", "opus", "aac", "flac", "wav", "pcm"] = "mp3"
    speed: float = Field(1.0, ge=RATE_MIN, le=RATE_MAX, allow_inf_nan=False,
                         description=f"{RATE_MIN:g} to {RATE_MAX:g} here (OpenAI allows 0.25–4.0).")
    stream_format: Literal["audio", "sse"] | None = None


class EventIn(Strict):
    """One listen beacon. No cookies: `session` is a random id the player makes per page view."""

    article: str = Field(..., max_length=32)
    type: ListenEventType
    session: str | None = Field(None, max_length=64)
    voice: str | None = Field(None, max_length=128)
    position_ms: int | None = Field(None, ge=0, le=10 * 3600 * 1000)
    rate: float | None = Field(None, ge=RATE_MIN, le=RATE_MAX, allow_inf_nan=False)
    value: float | None = Field(None, ge=0, le=10 * 3600 * 1000, allow_inf_nan=False,
                                description="progress: decile 1–10; paragraph: its index; seek: target ms.")


class EventBatch(Strict):
    events: list[EventIn] = Field(..., max_length=100)


class FeedIn(Strict):
    url: str = Field(..., max_length=2048)
    voice: str | None = Field(None, max_length=128)


class ExtractionOverridesIn(Strict):
    """A publisher's overrides of the plain-text extraction: line numbers (from GET .../extraction) to read
    or to leave out, whatever the model decided. They replace the previous overrides; `[]` and `[]` undo them."""

    restore: list[int] = Field(default_factory=list, max_length=10000, description="Lines to read although removed.")
    remove: list[int] = Field(default_factory=list, max_length=10000, description="Lines to leave out although kept.")
