"""Narrating an article to files (the CLI's use case): the audio, its timing map (.json) and captions (.vtt)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from hark.atomic import write_atomic
from hark.audio import webvtt
from hark.models import Article, Narration, SynthesisOptions
from hark.service.lexicon import lexicon_of, script_for
from hark.service.render import Progress, narrate_to_file
from hark.settings import Settings
from hark.voices import VoiceRegistry
from hark.voices.clipcache import ClipCache


@dataclass(frozen=True)
class Written:
    narration: Narration
    audio: Path
    timings: Path
    captions: Path


def to_files(article: Article, settings: Settings, voice_id: str | None, options: SynthesisOptions, audio: Path,
             progress: Progress | None = None) -> Written:
    """Narrate `article` into `audio`, with `.json` timings and `.vtt` captions beside it; each file is written
    whole or not at all."""
    speaker = VoiceRegistry(settings).resolve(voice_id, article.language)
    script = script_for(article, speaker, lexicon_of(settings))
    narration = narrate_to_file(script, speaker, options, audio, cache=ClipCache(settings.cache_dir),
                                progress=progress)
    timings, captions = audio.with_suffix(".json"), audio.with_suffix(".vtt")
    write_atomic(timings, json.dumps(narration.timings.to_json(), ensure_ascii=False, indent=1))
    write_atomic(captions, webvtt(narration.timings))
    return Written(narration, audio, timings, captions)
