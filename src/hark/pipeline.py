"""The only module that chains the stages: source → page → article → script → clips → narration."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, Callable

from hark.article import extract_article
from hark.atomic import atomic_file
from hark.audio import Encoder, Timeline
from hark.models import Article, Narration, Script, SynthesisOptions
from hark.script import build_script
from hark.settings import Settings
from hark.source import load_page
from hark.voices import VoiceRegistry, check_rate
from hark.voices.clipcache import ClipCache
from hark.voices.registry import language_note
from hark.voices.render import render_clips

Progress = Callable[[int, int], None]
"""(sentences done, sentences in all)"""


def load_article(source: str, settings: Settings, stdin: BinaryIO | None = None) -> Article:
    """The article of a URL, a local file or `-` (stdin): for the CLI, where the user names the source."""
    return extract_article(load_page(source, settings, stdin))


def fetch_article(url: str, settings: Settings) -> Article:
    """The article of an http(s) URL only: for URLs that come from outside (API, feeds), which must
    never name a local file."""
    from hark.source.fetch import fetch_page

    return extract_article(fetch_page(url, settings))


def script_for(
    article: Article, settings: Settings, voice_id: str | None = None, registry: VoiceRegistry | None = None
) -> Script:
    """The spoken script, with the built-in lexicon and the publisher's own entries.

    With a registry, the voice that will really speak (an alias or the default for the article's
    language resolved to its full id) picks the lexicon's per-voice entries.
    """
    from hark.script import Lexicon

    if registry is not None:
        voice_id = registry.resolve(voice_id, article.language)[1].id
    return build_script(article, Lexicon.load(settings.resolved_lexicon_path), voice=voice_id)


def narrate_script(
    script: Script,
    settings: Settings,
    sink: BinaryIO,
    *,
    registry: VoiceRegistry | None = None,
    voice_id: str | None = None,
    rate: float = 1.0,
    fmt: str = "mp3",
    progress: Progress | None = None,
    on_chunk: Callable[[], None] | None = None,
) -> Narration:
    """Synthesize, assemble and encode a script into `sink`; `on_chunk` runs after each sentence is written."""
    check_rate(rate)
    registry = registry or VoiceRegistry(settings)
    engine, voice = registry.resolve(voice_id, script.language)
    options = SynthesisOptions(rate=rate)
    encoder = Encoder(fmt, voice.sample_rate, sink)
    timeline = Timeline(script, voice, voice.sample_rate, rate)
    total = sum(1 for _ in script.sentences())
    done = synthesized = 0
    for rendered in render_clips(script, engine, voice, options, ClipCache(settings.cache_dir)):
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
    note = language_note(voice, script.language)
    return Narration(format=fmt, timings=timings, voice=voice, rate=rate, sentences=total, synthesized=synthesized,
                     extra={"language_note": note} if note else {})


def narrate_to_file(script: Script, settings: Settings, out: Path, **kwargs) -> Narration:  # type: ignore[no-untyped-def]
    """Narrate into `out` atomically: a failure leaves no half-written file behind."""
    with atomic_file(out) as sink:
        return narrate_script(script, settings, sink, **kwargs)
