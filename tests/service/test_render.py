"""The whole chain on real data: article → script → real Piper synthesis → encoded file + timing map."""

from __future__ import annotations

import io
from pathlib import Path

import av
import pytest

from hark.errors import VoiceError
from hark.models import Article, Block, SynthesisOptions
from hark.script import Entry, Lexicon
from hark.service.lexicon import lexicon_of, script_for
from hark.service.render import narrate, narrate_to_file
from hark.settings import Settings
from hark.voices import VoiceRegistry
from hark.voices.clipcache import ClipCache

ARTICLE = Article(
    title="Council approves new bridge",
    standfirst="The vote ends a decade of debate.",
    body=(
        Block("paragraph", "The city council voted on Tuesday to build the bridge. Work starts next spring."),
        Block("heading", "What happens next"),
        Block("paragraph", "Residents can comment until the end of the month, officials said."),
    ),
)


def decoded_ms(path: Path) -> tuple[float, int]:
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        samples = rate = 0
        for frame in container.decode(stream):
            samples += frame.samples
            rate = frame.sample_rate
    return samples * 1000 / rate, rate


@pytest.fixture(scope="module")
def narrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object, Settings]:
    root = tmp_path_factory.mktemp("narration")
    settings = Settings(data_dir=root / "data")
    out = root / "story.mp3"
    narration = narrate_to_file(*_script(settings), SynthesisOptions(format="mp3"), out, cache=_cache(settings))
    return out, narration, settings


def _script(settings: Settings, article: Article = ARTICLE):  # type: ignore[no-untyped-def]
    speaker = VoiceRegistry(settings).resolve(None, article.language)
    return script_for(article, speaker, lexicon_of(settings)), speaker


def _cache(settings: Settings) -> ClipCache:
    return ClipCache(settings.cache_dir)


def test_mp3_duration_matches_timing_map(narrated) -> None:
    out, narration, _ = narrated
    ms, rate = decoded_ms(out)
    assert rate == narration.voice.sample_rate
    # MP3 frames round the end up to 1152 samples (~52 ms); nothing else may differ.
    assert abs(ms - narration.timings.duration_ms) < 80


def test_timings_are_monotonic_and_end_within_duration(narrated) -> None:
    _, narration, _ = narrated
    t = narration.timings
    last = 0
    for seg in t.segments:
        for sen in seg.sentences:
            assert sen.start_ms >= last
            for w in sen.words:
                assert sen.start_ms <= w.start_ms <= w.end_ms <= sen.end_ms
                assert w.start_ms >= last
                last = w.end_ms
            last = sen.end_ms
    assert last <= t.duration_ms


def test_every_word_in_order_with_offsets_into_the_text(narrated) -> None:
    _, narration, _ = narrated
    segments = narration.timings.segments
    assert [s.kind for s in segments] == ["title", "standfirst", "paragraph", "heading", "paragraph"]
    assert [s.text for s in segments] == [b.text for b in ARTICLE.blocks]
    for seg in segments:
        words = [w for sen in seg.sentences for w in sen.words]
        for w in words:
            assert seg.text[w.char_start : w.char_end] == w.text
        # Every alphanumeric token of the displayed text is a timed word, in order.
        import re

        expected = re.findall(r"[A-Za-z0-9]+", seg.text)
        got = [t for w in words for t in re.findall(r"[A-Za-z0-9]+", w.text)]
        assert got == expected


def test_words_take_time_and_speech_fills_the_audio(narrated) -> None:
    _, narration, _ = narrated
    words = [w for seg in narration.timings.segments for sen in seg.sentences for w in sen.words]
    assert all(w.end_ms - w.start_ms >= 20 for w in words)
    spoken = sum(w.end_ms - w.start_ms for w in words)
    # Speech, not silence, makes most of a narration; pauses are the rest.
    assert 0.5 < spoken / narration.timings.duration_ms < 0.95


def test_measured_wpm_is_words_over_audio_minutes(narrated) -> None:
    # Measured independently: words of the article as a reader counts them, minutes of the decoded file.
    out, narration, _ = narrated
    ms, _ = decoded_ms(out)
    wpm = ARTICLE.words / (ms / 60000)
    assert narration.timings.words == ARTICLE.words
    assert narration.wpm == pytest.approx(wpm, rel=0.01)
    assert narration.timings.base_wpm == pytest.approx(wpm, rel=0.01)
    assert 100 < wpm < 260


def test_second_narration_comes_from_the_clip_cache(narrated, tmp_path: Path) -> None:
    _, first, settings = narrated
    again = narrate_to_file(*_script(settings), SynthesisOptions(format="wav"), tmp_path / "b.wav", cache=_cache(settings))
    assert first.synthesized == first.sentences > 0
    assert again.synthesized == 0
    assert abs(again.duration_ms - first.duration_ms) <= 1


@pytest.mark.parametrize("fmt", ["opus", "wav"])
def test_other_formats_decode_to_the_same_length(narrated, tmp_path: Path, fmt: str) -> None:
    _, first, settings = narrated
    out = tmp_path / f"story.{fmt}"
    narration = narrate_to_file(*_script(settings), SynthesisOptions(format=fmt), out, cache=_cache(settings))
    ms, got_rate = decoded_ms(out)
    assert got_rate == (48000 if fmt == "opus" else narration.voice.sample_rate)
    assert abs(ms - narration.timings.duration_ms) < 80


def test_rate_two_renders_about_half_as_long(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    article = Article(title="", body=(Block("paragraph", "The committee will publish its findings in the autumn."),))
    script, speaker = _script(settings, article)
    slow = narrate(script, speaker, SynthesisOptions(rate=1.0, format="wav"), io.BytesIO())
    fast = narrate(script, speaker, SynthesisOptions(rate=2.0, format="wav"), io.BytesIO())
    # The engine maps rates through a measured curve, so 2x really is about half (within 15%).
    assert fast.duration_ms / slow.duration_ms == pytest.approx(0.5, rel=0.15)
    # The pauses Hark adds shrink with the rate too: the closing silence is half as long.
    assert fast.duration_ms < slow.duration_ms - 200


def test_failed_narration_leaves_no_file(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    script, speaker = _script(settings)
    out = tmp_path / "x.mp3"

    class Broken(Exception):
        pass

    def progress(done: int, total: int) -> None:
        if done == 2:
            raise Broken()  # fails half-way, as an engine or a full disk would

    with pytest.raises(Broken):
        narrate_to_file(script, speaker, SynthesisOptions(), out, progress=progress)
    assert list(tmp_path.glob("x.mp3*")) == [] and not list(tmp_path.glob(".x.mp3*"))


def test_an_unknown_voice_is_refused_where_it_is_asked_for(tmp_path: Path) -> None:
    with pytest.raises(VoiceError):
        VoiceRegistry(Settings(data_dir=tmp_path / "data")).resolve("piper:nobody")


def test_narration_is_at_podcast_loudness_with_headroom(narrated) -> None:
    import numpy as np
    import pyloudnorm

    out, narration, _ = narrated
    with av.open(str(out)) as container:
        pcm = np.concatenate([f.to_ndarray().reshape(-1) for f in container.decode(audio=0)]).astype(np.float64)
    assert pyloudnorm.Meter(narration.voice.sample_rate).integrated_loudness(pcm) == pytest.approx(-16.0, abs=1.0)
    assert 20 * np.log10(np.max(np.abs(pcm))) < -0.5  # the limiter's -1 dBFS, plus MP3 overshoot


def test_a_per_voice_lexicon_entry_applies_to_the_default_voice(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    lexicon = Lexicon.load(settings.resolved_lexicon_path)
    lexicon.add(Entry(word="Council", respelling="Kownsill", voice=settings.default_voice))
    lexicon.add(Entry(word="bridge", respelling="brij", voice="espeak:en-gb"))
    settings.data_dir.mkdir(parents=True)
    lexicon.save(settings.resolved_lexicon_path)
    script, _ = _script(settings)
    title = script.segments[0].sentences[0]
    assert [w.spoken for w in title.words] == ["Kownsill", "approves", "new", "bridge"]
