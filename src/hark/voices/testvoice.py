"""The `test` engine: a deterministic voice with known durations, so tests of timings, pauses, streaming and
rates assert exact values (in the spirit of Piper's `test_voice.onnx`). Offered only with `HARK_TEST_VOICE`."""

from __future__ import annotations

import numpy as np

from hark.models import Clip, Sentence, SynthesisOptions, Voice, Word
from hark.settings import Settings

ENGINE_NAME = "test"
VOICE_ID = "test:tone"
SAMPLE_RATE = 16_000
MS_PER_LETTER = 40
"""Each word lasts this long per letter of its spoken form, at 1x (spaces count: "ten thousand" is 12)."""
MIN_WORD_MS = 80


def word_samples(word: Word, rate: float = 1.0) -> int:
    """How many samples the engine says for `word` at `rate`: the figure tests compute expectations from."""
    said = word.spoken or (word.phonemes or "")
    if not said:
        return 0
    ms = max(MIN_WORD_MS, MS_PER_LETTER * len(said))
    return int(round(SAMPLE_RATE * ms / 1000 / rate))


def create_engine(settings: Settings) -> TestEngine | None:
    return TestEngine() if settings.test_voice else None


class TestEngine:
    """Each word is a tone (its pitch steps with the word's place in the sentence), exactly `word_samples` long."""

    __test__ = False  # not a pytest test class, whatever its name
    name = ENGINE_NAME
    parallelism = 1

    def voices(self) -> list[Voice]:
        return [Voice(id=VOICE_ID, name="Test tone", language="en-US", engine=ENGINE_NAME, quality="test",
                      sample_rate=SAMPLE_RATE, license="GPL-3.0-or-later")]

    def version(self, voice: Voice) -> str:
        return f"test-{MS_PER_LETTER}-{MIN_WORD_MS}-1"

    def synthesize(self, sentence: Sentence, voice: Voice, options: SynthesisOptions) -> Clip:
        pieces, spans, at = [], [], 0
        for n, word in enumerate(sentence.words):
            count = word_samples(word, options.rate)
            t = np.arange(count, dtype=np.float32) / SAMPLE_RATE
            pieces.append(0.3 * np.sin(2 * np.pi * (200 + 25 * (n % 8)) * t).astype(np.float32))
            spans.append((at, at + count))
            at += count
        samples = np.concatenate(pieces) if pieces else np.zeros(0, np.float32)
        return Clip(samples, SAMPLE_RATE, tuple(spans))
