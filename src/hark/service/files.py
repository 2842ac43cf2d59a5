"""Narrating an article to files (the CLI's use case): the audio, its timing map (.json) and captions (.vtt)."""

from __future__ import annotations

import json
import logging
import threading
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


log = logging.getLogger(__name__)


def warming(settings: Settings, voice_id: str | None) -> VoiceRegistry:
    """A registry whose likely voice (the one asked for, else the default) loads in the background.

    The CLI starts this before it reads the article, so the model, its G2P and its sessions load
    on the other core while the page is fetched and extracted (~1 s of a short article's narration).
    A voice the article's language rules out was loaded for nothing, which costs only memory.
    """
    registry = VoiceRegistry(settings)

    def warm() -> None:
        try:
            speaker = registry.resolve(voice_id)
            prepare = getattr(speaker.engine, "warm", None)
            if prepare is not None:
                prepare(speaker.voice)
        except Exception as exc:  # the narration itself reports a bad voice, in its own words
            log.debug("could not warm %s: %s", voice_id, exc)

    # Not a daemon: a process that exits early (a bad page) must wait for the load to finish, since
    # ONNX Runtime aborts the process when it is torn down in the middle of building a session.
    threading.Thread(target=warm, name="hark-warm").start()
    return registry


@dataclass(frozen=True)
class Written:
    narration: Narration
    audio: Path
    timings: Path
    captions: Path


def to_files(article: Article, settings: Settings, voice_id: str | None, options: SynthesisOptions, audio: Path,
             progress: Progress | None = None, registry: VoiceRegistry | None = None) -> Written:
    """Narrate `article` into `audio`, with `.json` timings and `.vtt` captions beside it; each file is written
    whole or not at all."""
    speaker = (registry or VoiceRegistry(settings)).resolve(voice_id, article.language)
    script = script_for(article, speaker, lexicon_of(settings))
    narration = narrate_to_file(script, speaker, options, audio, cache=ClipCache(settings.cache_dir),
                                progress=progress)
    timings, captions = audio.with_suffix(".json"), audio.with_suffix(".vtt")
    write_atomic(timings, json.dumps(narration.timings.to_json(), ensure_ascii=False, indent=1))
    write_atomic(captions, webvtt(narration.timings))
    return Written(narration, audio, timings, captions)
