"""The `Engine` protocol every speech engine implements, and the rate limits all share."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from hark.errors import RateError
from hark.models import Clip, Sentence, SynthesisOptions, Voice

MIN_RATE = 0.5
MAX_RATE = 2.0


@runtime_checkable
class Engine(Protocol):
    """A speech engine: lists its voices and says one sentence at a time.

    `synthesize` may be called from several threads at once. An engine may also set
    `parallelism: int`, how many sentences are worth synthesizing at once (Piper: one per core,
    espeak: 1); the renderer uses 2 when it is absent.
    """

    name: str
    """The id prefix of its voices (`piper` in `piper:en_US-joe-medium`)."""

    def voices(self) -> list[Voice]:
        """The voices this engine can speak with now."""
        ...

    def version(self, voice: Voice) -> str:
        """Changes whenever the same input could sound different; part of every clip cache key."""
        ...

    def synthesize(self, sentence: Sentence, voice: Voice, options: SynthesisOptions) -> Clip:
        """Audio of one sentence at `options.rate`, with each word's sample span."""
        ...


def check_rate(rate: float) -> float:
    if not MIN_RATE <= rate <= MAX_RATE:
        raise RateError(f"rate {rate:g} is out of range: use a value from {MIN_RATE:g} to {MAX_RATE:g}")
    return rate
