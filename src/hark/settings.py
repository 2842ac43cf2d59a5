"""One table of settings (name, default, help), read once at the entry point and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from hark.limits import FETCH_MAX_BYTES, MAX_ARTICLE_WORDS


class Settings(BaseSettings):
    """Every setting of Hark; each is read from `HARK_<NAME>` or a `.env` file."""

    model_config = SettingsConfigDict(env_prefix="HARK_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("hark-data"), description="Folder for the SQLite file, audio and the clip cache.")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL; default a SQLite file in the data folder. PostgreSQL: postgresql+psycopg://…"
    )
    queue: Literal["local", "celery"] = Field("local", description="Job queue: in-process durable queue or Celery.")
    broker_url: str = Field("redis://127.0.0.1:6379/0", description="Celery broker URL when queue=celery.")
    voices_dir: Path | None = Field(None, description="Folder of extra Piper voices (*.onnx + *.onnx.json).")
    default_voice: str = Field("hibari:heart", description="Voice used when none is asked for.")
    voice_idle_seconds: float = Field(
        300.0, ge=0, description="Seconds after a voice last spoke before its model is released (0: kept loaded)."
    )
    reader_voices: str = Field(
        "", description="Comma-separated voice ids readers may choose in the player (default: every neural voice)."
    )
    allow_private_urls: bool = Field(False, description="Let fetches reach private/loopback hosts (tests only).")
    remote_tts_url: str | None = Field(None, description="Base URL of an OpenAI-compatible speech server.")
    remote_tts_key: str | None = Field(None, description="API key for the remote speech server.")
    remote_tts_voices: str = Field("", description="Comma-separated voice names the remote server offers.")
    remote_tts_model: str = Field("tts-1", description="Model name sent to the remote speech server.")
    remote_tts_timeout: float = Field(30.0, description="Seconds before the remote speech server gives up on one sentence.")
    fetch_timeout: float = Field(15.0, description="Seconds before a page fetch gives up.")
    fetch_max_bytes: int = Field(FETCH_MAX_BYTES, description="Largest page fetched, in bytes.")
    user_agent: str = Field(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 Hark/0.1",
        description="User-Agent sent when fetching pages and feeds.",
    )
    lexicon_path: Path | None = Field(None, description="Publisher pronunciation lexicon (JSON); default in the data folder.")
    cors_origins: str = Field("", description="Comma-separated origins allowed to embed the player; empty means any origin.")
    public_url: str | None = Field(None, description="Base URL the service is reached at (for feeds and webhooks).")
    webhook_url: str | None = Field(None, description="URL told when a narration is ready or fails.")
    webhook_secret: str | None = Field(None, description="HMAC-SHA256 key that signs webhook bodies.")
    feed_poll_seconds: int = Field(600, description="How often registered feeds are polled.")
    workers: int = Field(1, description="In-process narration workers started by `hark serve`.")
    job_lease_seconds: float = Field(60.0, description="How long a worker holds a job without a heartbeat before another takes it over.")
    narrations_per_minute: int = Field(20, description="Unauthenticated requests for another voice of an article, per client address.")
    events_per_minute: int = Field(600, description="Listening beacons accepted per client address (each event counts, not each request).")
    events_per_article_per_minute: int = Field(
        3000, description="Listening beacons accepted per article from everyone together (many addresses cannot multiply it).")
    events_total_per_minute: int = Field(
        12000, description="Listening beacons accepted by the whole service per minute (a ceiling on database writes).")
    events_per_session: int = Field(
        500, description="Most beacons stored for one session (page view) of one article; more are refused with 429.")
    narrations_total_per_minute: int = Field(
        60, description="Unauthenticated requests for another voice, from every address together (keys are not limited).")
    test_voice: bool = Field(False, description="Offer the deterministic `test:tone` voice (tests only).")
    max_article_words: int = Field(MAX_ARTICLE_WORDS, description="Longest article narrated, in words; longer ones are refused.")
    max_body_bytes: int = Field(12 * 1024 * 1024, description="Largest request body the API accepts.")
    podcast_title: str = Field("Hark", description="Title of the podcast feeds (/podcast.xml).")
    podcast_author: str = Field("Hark", description="Author named in the podcast feeds.")
    podcast_artwork_url: str | None = Field(None, description="Square JPEG/PNG artwork (1400-3000 px) for podcast apps.")
    podcast_category: str = Field("News", description="Apple Podcasts category of the feeds.")
    podcast_explicit: bool = Field(False, description="Whether the podcast feeds are marked explicit.")

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'hark.db').resolve()}"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @property
    def resolved_lexicon_path(self) -> Path:
        return self.lexicon_path or self.data_dir / "lexicon.json"
