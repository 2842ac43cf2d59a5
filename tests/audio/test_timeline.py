"""Timeline: pauses by block kind scaled by rate, word times offset into the whole narration."""

from __future__ import annotations

import numpy as np
import pytest

from hark.audio.timeline import PAUSE_AFTER, SENTENCE_PAUSE, TAIL, Timeline
from hark.models import Clip, Script, Segment, Sentence, Voice, Word

RATE = 1000  # samples per second: one sample is one millisecond
VOICE = Voice(id="test:v", name="V", language="en", engine="test", sample_rate=RATE)


def sentence(text: str, start: int = 0) -> Sentence:
    words, pos = [], start
    for token in text.split():
        words.append(Word(token, pos, pos + len(token), token.lower()))
        pos += len(token) + 1
    return Sentence(text, start, start + len(text), tuple(words))


SCRIPT = Script(
    title="Title here",
    language="en",
    segments=(
        Segment("title", "Title here", (sentence("Title here"),)),
        Segment("paragraph", "One two. Three", (sentence("One two."), sentence("Three", 9))),
    ),
    words=5,
)


def clip(ms: int, spans: list[tuple[int, int]]) -> Clip:
    return Clip(np.ones(ms, np.float32) * 0.1, RATE, tuple(spans))


def run(rate: float = 1.0) -> tuple[np.ndarray, object]:
    tl = Timeline(SCRIPT, VOICE, RATE, rate)
    parts = [
        tl.add(0, 0, clip(500, [(0, 200), (250, 480)])),
        tl.add(1, 0, clip(400, [(10, 150), (160, 390)])),
        tl.add(1, 1, clip(300, [(20, 280)])),
    ]
    tail, timings = tl.finish()
    return np.concatenate([*parts, tail]), timings


def test_pauses_follow_block_kinds_and_words_are_offset() -> None:
    pcm, t = run()
    after_title = int(PAUSE_AFTER["title"] * 1000)
    para = t.segments[1].sentences
    assert t.segments[0].sentences[0].words[1].start_ms == 250
    assert para[0].start_ms == 500 + after_title
    assert para[0].words[0].start_ms == 500 + after_title + 10
    assert para[1].start_ms == 500 + after_title + 400 + int(SENTENCE_PAUSE * 1000)
    assert t.duration_ms == len(pcm) == para[1].end_ms + int(TAIL * 1000)


def test_faster_rate_shortens_the_pauses_not_the_clips() -> None:
    pcm1, t1 = run(1.0)
    pcm2, t2 = run(2.0)
    speech = 500 + 400 + 300
    assert len(pcm2) - speech == pytest.approx((len(pcm1) - speech) / 2, abs=2)
    assert t2.rate == 2.0


def test_base_wpm_is_measured_at_one_x() -> None:
    _, t1 = run(1.0)
    _, t2 = run(2.0)
    assert t1.base_wpm == pytest.approx(5 / (t1.duration_ms / 60000), rel=0.001)
    assert t2.base_wpm == pytest.approx(5 / (t2.duration_ms / 60000) / 2, rel=0.001)


def test_span_count_must_match_words() -> None:
    tl = Timeline(SCRIPT, VOICE, RATE)
    with pytest.raises(ValueError):
        tl.add(0, 0, clip(100, [(0, 50)]))


def test_sentence_never_added_keeps_its_place_with_no_length() -> None:
    tl = Timeline(SCRIPT, VOICE, RATE)
    tl.add(0, 0, clip(500, [(0, 200), (250, 480)]))
    tl.add(1, 0, clip(400, [(10, 150), (160, 390)]))
    _, t = tl.finish()
    missing = t.segments[1].sentences[1]
    assert missing.start_ms == missing.end_ms == missing.words[0].start_ms
    assert missing.char_start == 9


def test_a_silent_sentence_adds_no_second_pause() -> None:
    tl = Timeline(SCRIPT, VOICE, RATE)
    tl.add(0, 0, clip(500, [(0, 200), (250, 480)]))
    tl.add(1, 0, clip(400, [(10, 150), (160, 390)]))
    silent = tl.add(1, 1, Clip(np.zeros(0, np.float32), RATE, ((0, 0),)))
    tail, t = tl.finish()
    assert silent.size == 0
    sentence = t.segments[1].sentences[1]
    assert sentence.start_ms == sentence.end_ms == t.segments[1].sentences[0].end_ms
    assert t.duration_ms == t.segments[1].sentences[0].end_ms + int(TAIL * 1000)
