"""Clips laid end to end with pauses that sound like a person reading; the timing map as they go."""

from __future__ import annotations

import numpy as np

from hark.models import (
    BlockKind,
    Clip,
    Script,
    SegmentTiming,
    SentenceTiming,
    TimingMap,
    Voice,
    WordTiming,
)

PAUSE_AFTER: dict[BlockKind, float] = {
    "title": 0.9,
    "standfirst": 0.75,
    "heading": 0.6,
    "paragraph": 0.55,
}
"""Seconds of silence after the last sentence of a block, by the block's kind."""
SENTENCE_PAUSE = 0.22
"""Seconds between sentences of one block (on top of the voice's own breath at the edges)."""
TAIL = 0.4
"""Silence at the very end, so players do not cut the last word."""


class Timeline:
    """Takes each sentence's clip in reading order; returns the PCM to append and, at the end, the timing map.

    Pauses are divided by the rate, so a faster reading is faster between sentences too.
    """

    def __init__(self, script: Script, voice: Voice, sample_rate: int, rate: float = 1.0) -> None:
        self.script = script
        self.voice = voice
        self.sample_rate = sample_rate
        self.rate = rate
        self._position = 0
        self._previous: tuple[int, int] | None = None
        self._sentences: dict[tuple[int, int], SentenceTiming] = {}
        self._estimated = False

    @property
    def position_ms(self) -> int:
        return self._ms(self._position)

    def add(self, segment: int, sentence: int, clip: Clip) -> np.ndarray:
        """PCM for this sentence: the pause that precedes it, then the clip.

        A sentence with nothing to say (an emoji, a photo credit) keeps its place with no length and
        adds no pause, so the pause around it is not doubled.
        """
        if len(clip.samples) == 0:
            spec = self.script.segments[segment].sentences[sentence]
            self._sentences[(segment, sentence)] = _unsaid(spec, self._ms(self._position))
            return np.zeros(0, np.float32)
        pause = self._silence(self._pause_before(segment))
        start = self._position + pause.size
        spec = self.script.segments[segment].sentences[sentence]
        words = tuple(
            WordTiming(w.text, self._ms(start + a), self._ms(start + b), w.char_start, w.char_end)
            for w, (a, b) in zip(spec.words, _spans(clip, len(spec.words)))
        )
        end = start + len(clip.samples)
        self._sentences[(segment, sentence)] = SentenceTiming(
            self._ms(start), self._ms(end), spec.char_start, spec.char_end, words
        )
        self._estimated = self._estimated or clip.estimated
        self._position = end
        self._previous = (segment, sentence)
        return np.concatenate([pause, np.asarray(clip.samples, dtype=np.float32)])

    def finish(self) -> tuple[np.ndarray, TimingMap]:
        """The closing silence and the timing map of everything added."""
        tail = self._silence(TAIL / self.rate)
        self._position += tail.size
        duration = self._ms(self._position)
        segments = []
        for s, segment in enumerate(self.script.segments):
            sentences = tuple(
                self._sentences.get((s, n)) or _unsaid(segment.sentences[n], self._ms(self._position))
                for n in range(len(segment.sentences))
            )
            segments.append(SegmentTiming(segment.kind, segment.text, sentences))
        words = self.script.words
        minutes = duration / 60_000
        wpm = round(words / minutes / self.rate, 1) if minutes else 0.0
        return tail, TimingMap(
            title=self.script.title,
            words=words,
            language=self.script.language,
            voice_id=self.voice.id,
            base_wpm=wpm,
            duration_ms=duration,
            segments=tuple(segments),
            rate=self.rate,
            estimated=self._estimated,
        )

    def _pause_before(self, segment: int) -> float:
        if self._previous is None:
            return 0.0
        if self._previous[0] == segment:
            return SENTENCE_PAUSE / self.rate
        return PAUSE_AFTER[self.script.segments[self._previous[0]].kind] / self.rate

    def _silence(self, seconds: float) -> np.ndarray:
        n = int(round(seconds * self.sample_rate))
        return np.zeros(n, dtype=np.float32)

    def _ms(self, samples: int) -> int:
        return int(round(samples * 1000 / self.sample_rate))


def _spans(clip: Clip, n: int) -> tuple[tuple[int, int], ...]:
    if len(clip.word_spans) != n:
        raise ValueError(f"clip has {len(clip.word_spans)} word spans for {n} words")
    return clip.word_spans


def _unsaid(sentence, at_ms: int) -> SentenceTiming:  # type: ignore[no-untyped-def]
    # A sentence never added (nothing to say in it) keeps its place with no length.
    return SentenceTiming(
        at_ms, at_ms, sentence.char_start, sentence.char_end,
        tuple(WordTiming(w.text, at_ms, at_ms, w.char_start, w.char_end) for w in sentence.words),
    )
