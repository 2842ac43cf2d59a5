"""The voice catalog: installed voices with their facts and measured base WPM, calibration, previews, warming up."""

from __future__ import annotations

import dataclasses
import io
import logging
import re
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from hark.models import Article, Block, Sentence, SynthesisOptions, Voice, Word, count_words
from hark.script import build_script
from hark.service.render import narrate, narrate_to_file
from hark.settings import Settings
from hark.speeds import RATE_MAX, RATE_MIN, RATE_STEP
from hark.voices import Speaker, VoiceRegistry
from hark.voices.calibration import calibration_passage, record, stored_wpm, read_store
from hark.voices.clipcache import ClipCache

log = logging.getLogger(__name__)

PREVIEW_TEXT = "Here is today's news, read in this voice. Choose your listening speed: slow, average or fast."
_PREVIEWS = threading.Lock()


_LANGUAGE_NAMES = {"en-US": "American English", "en-GB": "British English", "en": "English"}
_CALIBRATING = threading.Lock()


def voice_json(voice: Voice, settings: Settings | None = None, reader: bool | None = None) -> dict[str, Any]:
    """One catalog entry as `hark voices --json` and `GET /v1/voices` show it; `reader` as the publisher's menu
    says (the service knows it), else as the settings say."""
    return {"id": voice.id, "name": voice.name, "label": reader_label(voice), "language": voice.language,
            "engine": voice.engine, "gender": voice.gender, "quality": voice.quality,
            "sample_rate": voice.sample_rate, "base_wpm": voice.base_wpm, "license": voice.license,
            "reader": for_readers(voice, settings) if reader is None else reader}


def reader_label(voice: Voice) -> str:
    """What a reader's voice menu shows: "Heart — American English, female" (no engine jargon)."""
    first = re.split(r"[\s_(-]+", voice.name.strip())[0] or voice.id
    language = _LANGUAGE_NAMES.get(voice.language) or _LANGUAGE_NAMES.get(voice.lang) or voice.language
    return f"{first.capitalize()} — {language}" + (f", {voice.gender}" if voice.gender else "")


def for_readers(voice: Voice, settings: Settings | None) -> bool:
    """Whether the player offers the voice: the publisher's `HARK_READER_VOICES`, else every neural voice."""
    chosen = [v.strip() for v in (settings.reader_voices if settings else "").split(",") if v.strip()]
    return voice.id in chosen if chosen else voice.quality == "neural"


def menu_order(voices: list[Voice]) -> list[Voice]:
    """Neural voices first, then by id."""
    return sorted(voices, key=lambda v: (v.quality != "neural", v.id))


def with_base_wpm(settings: Settings, registry: VoiceRegistry,
                  which: Callable[[Voice], bool] = lambda v: True) -> list[Voice]:
    """Every voice with its base WPM: voices (of `which`) not yet measured with this engine version are
    measured now, once, on the calibration passage, and stored; a voice that fails to measure shows none."""
    voices = registry.voices()
    if all(v.base_wpm for v in voices if which(v)):
        return voices
    with _CALIBRATING:  # one measurement per voice, however many callers list at once
        registry.forget()
        for voice in registry.voices():
            if voice.base_wpm or not which(voice):
                continue
            try:
                calibrate(settings, registry, [voice.id])
            except Exception as exc:  # one broken voice must not hide the others' rates
                log.warning("could not measure the base WPM of %s: %s", voice.id, exc)
        registry.forget()
        return registry.voices()


def rate_range() -> dict[str, float]:
    """The rates a listener may choose, as the player reads them."""
    return {"rate_min": RATE_MIN, "rate_max": RATE_MAX, "rate_step": RATE_STEP}


def measure_wpm(speaker: Speaker) -> float:
    """Words of the calibration passage ÷ minutes of its narration at 1x, pauses included, as any narration
    is measured (the same chain, into memory)."""
    text = calibration_passage()
    script = build_script(Article(title="", body=(Block("paragraph", text),)))
    # Every voice reads the same English passage on purpose: no "speaks af, not en" note for each of them.
    script = dataclasses.replace(script, language=speaker.voice.lang)
    narration = narrate(script, speaker, SynthesisOptions(format="wav"), io.BytesIO())
    minutes = narration.duration_ms / 60_000
    return round(count_words(text) / minutes, 1) if minutes else 0.0


def installed(settings: Settings) -> list[Voice]:
    """Every installed voice, with its base WPM (measured on first use), neural voices first."""
    return menu_order(with_base_wpm(settings, VoiceRegistry(settings)))


def preview_to(settings: Settings, voice_id: str, path: Path) -> None:
    write_preview(settings, VoiceRegistry(settings).resolve(voice_id), path)


def calibrate(settings: Settings, registry: VoiceRegistry, voice_ids: list[str] | None = None, force: bool = False,
              progress: Callable[[Voice, float], None] | None = None) -> list[Voice]:
    """Measure (or reuse) the base WPM of the given voices, or of all of them; they come back with it set."""
    speakers = [registry.resolve(vid) for vid in voice_ids] if voice_ids else [registry.resolve(v.id)
                                                                              for v in registry.voices()]
    out = []
    for speaker in speakers:
        version = speaker.version
        wpm = None if force else stored_wpm(read_store(settings), speaker.voice, version)
        if wpm is None:
            wpm = measure_wpm(speaker)
            record(settings, speaker.voice, version, wpm)
        if progress:
            progress(speaker.voice, wpm)
        out.append(replace(speaker.voice, base_wpm=wpm))
    registry.forget()
    return out


def preview_path(settings: Settings, speaker: Speaker) -> Path:
    """A short clip of the voice (MP3), made once per voice and engine version and kept."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{speaker.id}-{speaker.version}")[:200] + ".mp3"
    path = settings.data_dir / "previews" / name
    if not path.exists():
        with _PREVIEWS:  # one synthesis per voice, however many readers open the list at once
            if not path.exists():  # written atomically, so a reader never sees half a preview
                write_preview(settings, speaker, path)
    return path


def write_preview(settings: Settings, speaker: Speaker, path: Path) -> None:
    """The preview into `path` (MP3, or the format its suffix names); the same path as any narration."""
    fmt = path.suffix.lstrip(".").lower()
    script = build_script(Article(title="", body=(Block("paragraph", PREVIEW_TEXT),)))
    options = SynthesisOptions(format=fmt if fmt in ("mp3", "opus", "wav") else "mp3")
    narrate_to_file(script, speaker, options, path, cache=ClipCache(settings.cache_dir))


def calibrate_in_background(settings: Settings, registry: VoiceRegistry) -> threading.Thread:
    """Measure the reader voices' base WPM off the request path (a server's first minute), so
    `/v1/voices` never waits on a synthesis; other voices are measured by `hark voices`."""
    thread = threading.Thread(target=with_base_wpm, args=(settings, registry, lambda v: for_readers(v, settings)),
                              name="hark-calibrate", daemon=True)
    thread.start()
    return thread


def warm(registry: VoiceRegistry) -> None:
    """Load the default voice now, so the first listener does not wait for the model to load."""
    try:
        speaker = registry.resolve(None, "en")
        speaker.synthesize(Sentence("Ready.", 0, 6, (Word("Ready", 0, 5, "ready", pause="."),)), SynthesisOptions())
    except Exception as exc:  # a cold voice is slower, not broken
        log.warning("could not warm the default voice: %s", exc)
