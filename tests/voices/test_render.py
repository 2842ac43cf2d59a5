"""Rendering a script: clips come in reading order from parallel workers, from the cache the second time."""

from __future__ import annotations

from pathlib import Path

from hark.models import Article, Block, SynthesisOptions
from hark.script import build_script
from hark.voices.clipcache import ClipCache
from hark.voices.render import render_clips

PARAGRAPHS = (
    "The first sentence is short. The second one is a little longer than the first one was.",
    "A third sentence follows in a new paragraph. Then a fourth. And a fifth sentence ends the story.",
)


def test_clips_come_in_reading_order_and_from_the_cache_the_second_time(piper_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    script = build_script(Article(title="", body=tuple(Block("paragraph", p) for p in PARAGRAPHS)))
    voice = piper_engine.voices()[0]
    cache = ClipCache(tmp_path / "cache")
    first = list(render_clips(script, piper_engine, voice, SynthesisOptions(), cache))
    assert [(r.segment, r.sentence) for r in first] == [(s, n) for s, n, _ in script.sentences()]
    assert not any(r.cached for r in first)
    # Longer sentences give longer clips: the order is the script's, not the workers'.
    assert first[1].clip.duration_s > first[0].clip.duration_s
    again = list(render_clips(script, piper_engine, voice, SynthesisOptions(), cache))
    assert all(r.cached for r in again)
    assert [len(r.clip.samples) for r in again] == [len(r.clip.samples) for r in first]


def test_a_reader_who_stops_early_does_not_wait_for_the_rest(piper_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(f"This is sentence number {n} of a long story that nobody will finish." for n in range(40))
    script = build_script(Article(title="", body=(Block("paragraph", text),)))
    voice = piper_engine.voices()[0]
    calls = []

    class Counting:
        name, parallelism = piper_engine.name, 2

        def version(self, v):  # type: ignore[no-untyped-def]
            return piper_engine.version(v)

        def synthesize(self, sentence, v, options):  # type: ignore[no-untyped-def]
            calls.append(sentence)
            return piper_engine.synthesize(sentence, v, options)

    clips = render_clips(script, Counting(), voice, SynthesisOptions())  # type: ignore[arg-type]
    next(clips)
    clips.close()
    # Only the sentences already running finish; the queued ones are cancelled.
    assert len(calls) <= 4
