"""Script → clips in reading order: cache first, then the engine, a few sentences ahead of the reader."""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterator

import numpy as np

from hark.audio.level import VERSION as LEVEL_VERSION
from hark.audio.level import level
from hark.models import Clip, Script, Sentence, SynthesisOptions, Voice
from hark.voices.clipcache import ClipCache, clip_key
from hark.voices.engine import Engine

LOOKAHEAD = 8
"""Sentences queued ahead of the reader: a long sentence on one worker must not leave the other idle."""


@dataclass(frozen=True)
class RenderedClip:
    segment: int
    sentence: int
    clip: Clip
    cached: bool


def render_clips(
    script: Script,
    engine: Engine,
    voice: Voice,
    options: SynthesisOptions,
    cache: ClipCache | None = None,
    workers: int | None = None,
) -> Iterator[RenderedClip]:
    """Each sentence's leveled clip, in order; sentences with nothing to say give an empty clip.

    `workers` defaults to the engine's `parallelism` (Piper: one per ONNX session, i.e. per core):
    each worker phonemizes, synthesizes, aligns, levels and caches its own sentence, so the Python
    work of one overlaps the other's ONNX run, and the caller encodes while both synthesize.
    """
    version = f"{engine.version(voice)}+level{LEVEL_VERSION}"
    workers = workers or int(getattr(engine, "parallelism", 2))

    def one(sentence: Sentence) -> tuple[Clip, bool]:
        if sentence.is_silent:
            return Clip(np.zeros(0, np.float32), voice.sample_rate, tuple((0, 0) for _ in sentence.words)), True
        key = clip_key(sentence, voice, version, options.rate)
        if cache is not None:
            hit = cache.get(key)
            if hit is not None:
                return hit, True
        raw = engine.synthesize(sentence, voice, options)
        clip = Clip(level(np.asarray(raw.samples, np.float32), raw.sample_rate), raw.sample_rate, raw.word_spans, raw.estimated)
        if cache is not None:
            cache.put(key, clip)
        return clip, False

    todo = list(script.sentences())
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="hark-synth")
    interrupted = False
    try:
        pending: deque[tuple[int, int, Future[tuple[Clip, bool]]]] = deque()
        for s, n, sentence in todo:
            pending.append((s, n, pool.submit(one, sentence)))
            if len(pending) > max(LOOKAHEAD, 2 * workers):
                yield _ready(pending.popleft())
        while pending:
            yield _ready(pending.popleft())
    except KeyboardInterrupt:
        # Ctrl-C (or the CLI's SIGTERM): the process is leaving, so the sentences being made (a model
        # still loading can take many seconds) are abandoned rather than awaited.
        interrupted = True
        raise
    finally:
        # A reader who stops early (an error, a closed connection) must not wait for queued sentences.
        pool.shutdown(wait=not interrupted, cancel_futures=True)


def _ready(item: tuple[int, int, Future[tuple[Clip, bool]]]) -> RenderedClip:
    s, n, future = item
    clip, cached = future.result()
    return RenderedClip(s, n, clip, cached)


ProgressCallback = Callable[[int, int], None]
"""Called with (sentences done, sentences in all)."""
