"""The voice catalog: every installed voice with its facts and measured base WPM, calibration runs, and preview clips."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from hark.models import Article, Block, Voice
from hark.settings import Settings
from hark.voices.calibration import calibrate
from hark.voices.registry import VoiceRegistry

PREVIEW_TEXT = "Here is today's news, read in this voice. Choose your listening speed: slow, average or fast."


def voice_json(voice: Voice) -> dict[str, Any]:
    """One catalog entry as `hark voices --json` and `GET /v1/voices` show it."""
    return {"id": voice.id, "name": voice.name, "language": voice.language, "engine": voice.engine,
            "gender": voice.gender, "quality": voice.quality, "sample_rate": voice.sample_rate,
            "base_wpm": voice.base_wpm, "license": voice.license}


def calibrate_voices(settings: Settings, voice_ids: list[str] | None = None, force: bool = False,
                     registry: VoiceRegistry | None = None,
                     progress: Callable[[Voice, float], None] | None = None) -> list[Voice]:
    """Measure (or reuse) base WPM of the given voices, or of all of them; returns them with base_wpm set."""
    from dataclasses import replace

    registry = registry or VoiceRegistry(settings)
    chosen = [registry.resolve(vid)[1] for vid in voice_ids] if voice_ids else registry.voices()
    out = []
    for voice in chosen:
        wpm = calibrate(settings, registry.engines[voice.engine], voice, force=force)
        if progress:
            progress(voice, wpm)
        out.append(replace(voice, base_wpm=wpm))
    registry.forget()
    return out


def write_preview(settings: Settings, voice_id: str, path: Path, registry: VoiceRegistry | None = None) -> Voice:
    """Write a short clip of the voice reading PREVIEW_TEXT (MP3, or the format of the file's suffix); plays nothing."""
    from hark import pipeline
    from hark.audio import FORMATS
    from hark.script import build_script

    registry = registry or VoiceRegistry(settings)
    _, voice = registry.resolve(voice_id)
    fmt = path.suffix.lstrip(".").lower()
    fmt = fmt if fmt in FORMATS else "mp3"
    script = build_script(Article(title="", body=(Block("paragraph", PREVIEW_TEXT),)))
    # The same path as any narration (clip cache, loudness, atomic write), so a preview sounds like one.
    pipeline.narrate_to_file(script, settings, path, registry=registry, voice_id=voice.id, fmt=fmt)
    return voice
