"""The `Engine` protocol every speech engine implements."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from hark.models import Clip, Sentence, SynthesisOptions, Voice


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
        """Audio of one sentence at `options.rate` (already checked to be in range), with each word's sample span."""
        ...
