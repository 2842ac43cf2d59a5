"""The espeak-ng engine: formant voices for English accents (male and female) and, by language, the rest."""

from __future__ import annotations

import bisect
from importlib import metadata

import numpy as np

from hark.errors import SynthesisError, VoiceError
from hark.models import Clip, Sentence, SynthesisOptions, Voice
from hark.settings import Settings
from hark.voices.espeaklib import DEFAULT_WPM, library

ENGINE_NAME = "espeak"
FEMALE = "f3"
MALE = "m3"

ENGLISH: tuple[tuple[str, str, str], ...] = (
    # (espeak language, BCP 47 tag, accent shown to listeners)
    ("en-us", "en-US", "US"),
    ("en-us-nyc", "en-US", "New York City"),
    ("en-gb", "en-GB", "British"),
    ("en-gb-x-rp", "en-GB", "Received Pronunciation"),
    ("en-gb-scotland", "en-GB", "Scottish"),
    ("en-gb-x-gbclan", "en-GB", "Lancaster"),
    ("en-gb-x-gbcwmd", "en-GB", "West Midlands"),
    ("en-029", "en-029", "Caribbean"),
)
"""The curated English voices; each comes as espeak's own (male) voice and a female variant."""
SKIPPED = frozenset({"en-shaw"})
"""espeak voices not offered: Shavian is a spelling, not an accent."""


def create_engine(settings: Settings) -> "EspeakEngine | None":
    return EspeakEngine()


class EspeakEngine:
    """Speaks with libespeak-ng; one sentence at a time (the library is not reentrant)."""

    name = ENGINE_NAME
    parallelism = 1
    """espeak runs under one lock, and is far faster than real time anyway."""

    def __init__(self) -> None:
        self._voices: dict[str, Voice] | None = None
        self._files: dict[str, str] = {}
        """espeak language tag → the voice file espeak loads by name (`en-gb` → `gmw/en`)."""

    def _library(self):  # type: ignore[no-untyped-def]
        try:
            return library()
        except OSError as exc:
            raise VoiceError(f"espeak-ng could not be loaded: {exc}") from exc

    def voices(self) -> list[Voice]:
        if self._voices is None:
            lib = self._library()
            rate = lib.sample_rate
            common = dict(engine=ENGINE_NAME, quality="formant", sample_rate=rate, license="GPL-3.0-or-later")
            found: dict[str, Voice] = {}
            listed = lib.voices()
            self._files = {info.language: info.identifier for info in listed}
            for lang, tag, accent in ENGLISH:
                if lang not in self._files:
                    continue
                found[f"espeak:{lang}"] = Voice(id=f"espeak:{lang}", name=f"espeak English ({accent}, male)",
                                                language=tag, gender="male", **common)  # type: ignore[arg-type]
                found[f"espeak:{lang}+{FEMALE}"] = Voice(
                    id=f"espeak:{lang}+{FEMALE}", name=f"espeak English ({accent}, female)", language=tag,
                    gender="female", **common)  # type: ignore[arg-type]
            for info in sorted(listed, key=lambda v: v.language):
                vid = f"espeak:{info.language}"
                if info.language in SKIPPED or vid in found or info.language.startswith("en"):
                    continue
                found[vid] = Voice(id=vid, name=f"espeak {info.name}", language=_bcp47(info.language),
                                   gender=info.gender, **common)  # type: ignore[arg-type]
            self._voices = found
        return list(self._voices.values())

    def version(self, voice: Voice) -> str:
        try:
            loader = metadata.version("espeakng-loader")
        except metadata.PackageNotFoundError:
            loader = "unknown"
        return f"espeak-ng-{self._library().version}-loader-{loader}-w1"

    def synthesize(self, sentence: Sentence, voice: Voice, options: SynthesisOptions) -> Clip:
        rate = options.rate
        if voice.id not in {v.id for v in self.voices()}:
            raise VoiceError(f"unknown espeak voice {voice.id!r}; see `hark voices`")
        lib = self._library()
        text, starts = _said_text(sentence)
        if not text:
            return Clip(np.zeros(0, np.float32), lib.sample_rate, tuple((0, 0) for _ in sentence.words))
        try:
            lang, plus, variant = voice.id.removeprefix("espeak:").partition("+")
            samples, events = lib.synthesize(text, self._files[lang] + plus + variant, round(_wpm(rate)))
        except (RuntimeError, ValueError) as exc:
            raise SynthesisError(f"espeak-ng failed on {sentence.text[:60]!r}: {exc}") from exc
        spans = _word_spans(starts, [(e.text_position, e.sample) for e in events], len(samples))
        return Clip(samples, lib.sample_rate, tuple(spans))


def _wpm(rate: float) -> float:
    # espeak's rate parameter is in its own words per minute; 1x is its default.
    return DEFAULT_WPM * rate


def _bcp47(lang: str) -> str:
    head, _, rest = lang.partition("-")
    return f"{head}-{rest.upper()}" if len(rest) == 2 else lang


def _said_text(sentence: Sentence) -> tuple[str, list[int | None]]:
    """The words' spoken forms joined by spaces, and where each word starts in it (None: not said).

    Raw lexicon phonemes are IPA, which espeak cannot take in its own input; the spoken form is
    said instead.
    """
    parts: list[str] = []
    starts: list[int | None] = []
    at = 0
    for word in sentence.words:
        said = word.said
        if not said:
            starts.append(None)
            continue
        starts.append(at)
        parts.append(said)
        at += len(said) + 1
    return " ".join(parts), starts


def _word_spans(starts: list[int | None], events: list[tuple[int, int]], total: int) -> list[tuple[int, int]]:
    """Each word from the first word event inside its text to the next word's start.

    A word said as several (\"five billion dollars\") gets several events; they all fall in it.
    A word with no event of its own (espeak joined it to a neighbour) shares its neighbour's time.
    """
    said = [(s, k) for k, s in enumerate(starts) if s is not None]
    first: dict[int, int] = {}
    positions = [s for s, _ in said]
    for position, sample in events:
        idx = bisect.bisect_right(positions, position) - 1
        if idx < 0:
            continue
        owner = said[idx][1]
        first[owner] = min(first.get(owner, sample), sample)
    spans: list[tuple[int, int]] = [(0, 0)] * len(starts)
    begin = 0
    order = [k for _, k in said]
    starts_at = []
    for k in order:
        begin = max(begin, first.get(k, begin))
        starts_at.append(begin)
    for i, k in enumerate(order):
        end = starts_at[i + 1] if i + 1 < len(order) else total
        spans[k] = (starts_at[i], max(starts_at[i], end))
    # Unsaid words sit, with no length, where the next said word starts.
    following = total
    for k in range(len(starts) - 1, -1, -1):
        if starts[k] is None:
            spans[k] = (following, following)
        else:
            following = spans[k][0]
    return spans
