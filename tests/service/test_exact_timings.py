"""With the deterministic `test:tone` voice every duration is known in advance, so the timing map, the pauses,
the rates and the written file are checked to the sample, not within a tolerance."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest

from hark.audio.timeline import PAUSE_AFTER, SENTENCE_PAUSE, TAIL
from hark.models import Article, Block, Script, SynthesisOptions
from hark.script import build_script
from hark.service.render import narrate, narrate_to_file
from hark.settings import Settings
from hark.voices import VoiceRegistry
from hark.voices.testvoice import SAMPLE_RATE, VOICE_ID, word_samples

ARTICLE = Article(
    title="Harbour plans approved",
    standfirst="The vote ends years of debate.",
    body=(
        Block("paragraph", "The council voted on Tuesday. Work starts in May."),
        Block("heading", "What next"),
        Block("paragraph", "Residents can comment until June."),
    ),
)


@pytest.fixture
def speaker(tmp_path: Path):  # type: ignore[no-untyped-def]
    return VoiceRegistry(Settings(data_dir=tmp_path / "data", test_voice=True, _env_file=None)).resolve(VOICE_ID)


def expected_samples(script: Script, rate: float) -> tuple[list[list[list[tuple[int, int]]]], int]:
    """Where every word must start and end (in samples), computed from the voice's rule and the pause table."""
    at, previous, layout = 0, None, []
    for s, segment in enumerate(script.segments):
        sentences = []
        for sentence in segment.sentences:
            if previous is not None:
                pause = SENTENCE_PAUSE if previous == s else PAUSE_AFTER[script.segments[previous].kind]
                at += int(round(pause / rate * SAMPLE_RATE))
            words = []
            for word in sentence.words:
                n = word_samples(word, rate)
                words.append((at, at + n))
                at += n
            sentences.append(words)
            previous = s
        layout.append(sentences)
    return layout, at + int(round(TAIL / rate * SAMPLE_RATE))


def ms(samples: int) -> int:
    return int(round(samples * 1000 / SAMPLE_RATE))


@pytest.mark.parametrize("rate", [0.5, 0.75, 1.0, 1.25, 2.0])
def test_every_word_and_pause_lands_where_the_voice_and_the_pause_table_say(speaker, rate: float) -> None:  # type: ignore[no-untyped-def]
    script = build_script(ARTICLE)
    narration = narrate(script, speaker, SynthesisOptions(rate=rate, format="wav"), io.BytesIO())
    layout, total = expected_samples(script, rate)
    timings = narration.timings
    assert timings.duration_ms == ms(total) and timings.rate == rate
    for seg, want in zip(timings.segments, layout):
        for sen, words in zip(seg.sentences, want):
            assert [(w.start_ms, w.end_ms) for w in sen.words] == [(ms(a), ms(b)) for a, b in words]
            assert (sen.start_ms, sen.end_ms) == (ms(words[0][0]), ms(words[-1][1]))


def test_twice_the_rate_is_half_the_length_and_base_wpm_stays(speaker) -> None:  # type: ignore[no-untyped-def]
    script = build_script(ARTICLE)
    slow = narrate(script, speaker, SynthesisOptions(rate=1.0, format="wav"), io.BytesIO())
    fast = narrate(script, speaker, SynthesisOptions(rate=2.0, format="wav"), io.BytesIO())
    assert abs(fast.duration_ms * 2 - slow.duration_ms) <= 2  # sample rounding, nothing else
    assert fast.base_wpm == pytest.approx(slow.base_wpm, abs=0.2)
    assert slow.wpm == pytest.approx(ARTICLE.words / (slow.duration_ms / 60_000))


def test_the_written_file_is_exactly_as_long_as_the_timing_map(speaker, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "story.wav"
    narration = narrate_to_file(build_script(ARTICLE), speaker, SynthesisOptions(format="wav"), out)
    with wave.open(str(out)) as w:
        assert w.getframerate() == SAMPLE_RATE
        frames = w.getnframes()
    assert ms(frames) == narration.duration_ms
    _, total = expected_samples(build_script(ARTICLE), 1.0)
    assert frames == total


def test_a_sentence_with_nothing_to_say_takes_no_time_and_no_pause(speaker) -> None:  # type: ignore[no-untyped-def]
    first, second = Block("paragraph", "First line here."), Block("paragraph", "Second line here.")
    plain = Article(title="", body=(first, second))
    with_credit = Article(title="", body=(first, Block("paragraph", "📷"), second))
    a = narrate(build_script(plain), speaker, SynthesisOptions(format="wav"), io.BytesIO())
    b = narrate(build_script(with_credit), speaker, SynthesisOptions(format="wav"), io.BytesIO())
    assert a.duration_ms == b.duration_ms
