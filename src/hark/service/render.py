"""The one chain from a script to audio: clips (cached) → timeline (pauses, timings) → encoder."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import BinaryIO, Callable

from hark.atomic import atomic_file
from hark.audio import Encoder, Timeline
from hark.models import Narration, Script, SynthesisOptions
from hark.voices import Speaker
from hark.voices.clipcache import ClipCache
from hark.voices.idle import give_back_memory
from hark.voices.registry import language_note
from hark.voices.render import render_clips

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
"""(sentences done, sentences in all)"""


def narrate(
    script: Script,
    speaker: Speaker,
    options: SynthesisOptions,
    sink: BinaryIO,
    *,
    cache: ClipCache | None = None,
    progress: Progress | None = None,
    on_chunk: Callable[[], None] | None = None,
) -> Narration:
    """Synthesize, assemble and encode a script into `sink`, a sentence at a time: memory stays that of a few
    sentences however long the article. `on_chunk` runs after each sentence is written."""
    voice = speaker.voice
    note = language_note(voice, script.language)
    if note:
        log.warning("%s", note)
    encoder = Encoder(options.format, voice.sample_rate, sink)
    timeline = Timeline(script, voice, voice.sample_rate, options.rate)
    total = sum(1 for _ in script.sentences())
    done = synthesized = 0
    for rendered in render_clips(script, speaker.engine, voice, options, cache):
        encoder.write(timeline.add(rendered.segment, rendered.sentence, rendered.clip))
        done += 1
        synthesized += not rendered.cached
        if progress:
            progress(done, total)
        if on_chunk:
            on_chunk()
    tail, timings = timeline.finish()
    encoder.write(tail)
    encoder.close()
    give_back_memory()  # a server idles between narrations: the buffers of this one need not stay resident
    extra: dict[str, str] = {"engine_version": speaker.version}
    if note:
        extra["language_note"] = note
    return Narration(format=options.format, timings=timings, voice=voice, rate=options.rate, sentences=total,
                     synthesized=synthesized, extra=extra)


def narrate_to_file(script: Script, speaker: Speaker, options: SynthesisOptions, out: Path, *,
                    cache: ClipCache | None = None, progress: Progress | None = None) -> Narration:
    """Narrate into `out` atomically: a failure (or Ctrl-C) leaves no half-written file behind."""
    with atomic_file(out) as sink:
        return narrate(script, speaker, options, sink, cache=cache, progress=progress)
