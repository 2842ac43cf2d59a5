"""The hibari engine: the `heart` voice bundled in the hibari-tts wheel (never a download).

Word timings come from the model's own per-phoneme durations (an internal tensor the graph patch in
`hibari_graph` exposes); each word is phonemized alone, so a word's span is the sum of its phonemes'
durations, with the pause the model folds into a word's last phoneme trimmed by energy. Rates are
exact: the durations at 1x give the length any speed would produce, and the speed that hits the asked
length is solved for before the real pass (the model rounds each phoneme to whole frames, so its own
`speed` is far from proportional). Leading and trailing silence are cut so Hark's pauses rule, and
the noise is seeded so the same input always gives the same samples (the clip cache depends on it).
"""

from __future__ import annotations

import functools
import json
import os
import threading
from importlib import metadata
from pathlib import Path
from typing import Any

import hibari.dsp
import hibari.voices
import numpy as np

from hark.errors import SynthesisError, VoiceError
from hark.models import Clip, Sentence, SynthesisOptions, Voice
from hark.settings import Settings
from hark.voices.hibari_graph import AUDIO_OUTPUTS, DURATIONS, FRAME_SAMPLES, RAW_DURATIONS, expose_durations
from hark.voices.idle import IdleRelease
from hark.voices.sessions import SessionPool, core_count

ENGINE_NAME = "hibari"
ALIGNMENT_VERSION = "2"
"""Bump when audio or word spans would come out differently for the same input."""
SEED = 20_261_203
TAIL_SAMPLES = 1_200
"""Kept after the last word (50 ms at 24 kHz): the decay of its last sound."""
PAUSE_PUNCTUATION = frozenset(",.;:!?—…")
SOUND_LEAD = 85 * 24
"""How far the model's sound runs ahead of its own duration boundaries (85 ms at 24 kHz): each phoneme
is heard before the frames the durations give it begin. Measured by bench/timings.py (PocketSphinx
forced alignment: a steady +85 ms lag of every word but the first without it) and by the energy onset
of a clip's first word; without it the lead trim cut into the first word and every later word was late."""

# Never fetch a voice from the hub: only the files inside the wheel are used (see `bundled_voices`).
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def create_engine(settings: Settings) -> "HibariEngine":
    return HibariEngine(idle_seconds=settings.voice_idle_seconds)


def _g2p(british: bool) -> Any:
    # hibari's G2P reads its lexicons and tagger (tens of MB): only when the voice first speaks.
    from hibari.g2p import G2P

    return G2P(british=british)


class HibariEngine:
    """Speaks with hibari's bundled voices; loads the model on first use, safe to call from many threads."""

    name = ENGINE_NAME

    def __init__(self, sessions: int | None = None, idle_seconds: float = 0.0) -> None:
        self.parallelism = sessions or core_count()
        self._pool: SessionPool | None = None
        self._g2p: Any = None
        self._vocab: dict[str, int] | None = None
        self._lock = threading.Lock()
        self.idle = IdleRelease(idle_seconds, self.release, "hark-hibari-idle")

    def voices(self) -> list[Voice]:
        return [Voice(id=f"{ENGINE_NAME}:{name}", name=name.capitalize(), language=info["language"],
                      engine=ENGINE_NAME, gender=info.get("gender"), quality="neural", sample_rate=24_000,
                      license="Apache-2.0")
                for name, info in bundled_voices().items()]

    def version(self, voice: Voice) -> str:
        return f"hibari-{hibari_version()}-a{ALIGNMENT_VERSION}-s{SEED}"

    def _load(self, voice: Voice) -> tuple[SessionPool, Any, dict[str, int]]:
        name = voice.id.removeprefix(f"{ENGINE_NAME}:")
        if name not in bundled_voices():
            raise VoiceError(f"unknown hibari voice {voice.id!r}; only the bundled voices are used here")
        with self._lock:
            if self._pool is None:
                path = hibari.voices.voice_path(name, download_missing=False)
                self._pool = SessionPool(expose_durations(Path(path).read_bytes()), self.parallelism, arena=False)
                self._g2p = _g2p(bundled_voices()[name]["british"])
                self._vocab = _vocab()
        assert self._vocab is not None
        return self._pool, self._g2p, self._vocab

    def warm(self, voice: Voice) -> None:
        """Load the model and build every session now (a narration is about to use them all)."""
        with self.idle.busy():
            self._load(voice)[0].fill()

    def release(self) -> None:
        """Forget the loaded model (an idle server gives its memory back); the next sentence loads it again."""
        with self._lock:
            self._pool = None
            self._g2p = None
        _cached_g2p.cache_clear()  # its keys hold the G2P object, which holds the lexicons

    @property
    def loaded(self) -> bool:
        return self._pool is not None

    def synthesize(self, sentence: Sentence, voice: Voice, options: SynthesisOptions) -> Clip:
        with self.idle.busy():
            return self._synthesize(sentence, voice, options)

    def _synthesize(self, sentence: Sentence, voice: Voice, options: SynthesisOptions) -> Clip:
        pool, g2p, vocab = self._load(voice)
        words = sentence.words
        word_ids: list[list[int]] = []
        for w in words:
            said = engine_phonemes(w.phonemes) + w.pause if w.phonemes else (_word_phonemes(g2p, w.said) if w.spoken else "")
            word_ids.append([vocab[c] for c in said if c in vocab])
        space = vocab.get(" ")
        ids: list[int] = [0]
        owner: list[int] = [-1]
        for n, chunk in enumerate(word_ids):
            if not chunk:
                continue
            if len(ids) > 1 and space is not None:
                ids.append(space)
                owner.append(-1)
            ids.extend(chunk)
            owner.extend([n] * len(chunk))
        ids.append(0)
        owner.append(-1)
        if len(ids) < 3:
            return Clip(np.zeros(0, np.float32), 24_000, tuple((0, 0) for _ in words))
        try:
            with pool.session() as session:
                out = _run(session, ids, 1.0)
                if options.rate != 1.0:
                    out = _run(session, ids, speed_for(out[RAW_DURATIONS], options.rate))
        except Exception as exc:
            raise SynthesisError(f"hibari failed on {sentence.text[:60]!r}: {exc}") from exc
        audio = hibari.dsp.synth(*out[:AUDIO_OUTPUTS], np.random.default_rng(SEED))
        durations = np.asarray(out[DURATIONS], dtype=np.int64) * FRAME_SAMPLES
        return _clip(audio, durations, ids, owner, vocab, len(words))


def _run(session: Any, ids: list[int], speed: float) -> list[Any]:
    result = session.run(None, {"ids": np.asarray([ids], np.int64), "speed": np.asarray([speed], np.float32)})
    # The spectrum outputs carry a batch axis; the duration tensors may not.
    return [r[0] for r in result[:AUDIO_OUTPUTS]] + [np.ravel(r) for r in result[AUDIO_OUTPUTS:]]


def speed_for(raw_durations: Any, rate: float) -> float:
    """The model speed whose frame-rounded durations last 1/rate as long as at 1x (pads excluded).

    The model rounds each phoneme's duration to whole frames, at least one: total length is a
    staircase in speed, so it is solved for by bisection on the same arithmetic.
    """
    raw = np.asarray(raw_durations, dtype=np.float64)[1:-1]

    def frames(speed: float) -> int:
        return int(np.maximum(np.round(raw / speed), 1).sum())

    target = frames(1.0) / rate
    lo, hi = 0.2, 5.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if frames(mid) > target:
            lo = mid
        else:
            hi = mid
    return float(lo if abs(frames(lo) - target) < abs(frames(hi) - target) else hi)


def _clip(audio: Any, durations: Any, ids: list[int], owner: list[int], vocab: dict[str, int], n_words: int) -> Clip:
    """Word spans from per-id samples; lead and tail silence cut; pauses inside the last phoneme trimmed.

    Every boundary is moved `SOUND_LEAD` earlier, so the cut before the first word falls in the
    silence before its sound, not inside it."""
    audio = np.clip(audio, -1.0, 1.0).astype(np.float32)
    scale = len(audio) / max(1, int(durations.sum()))
    bounds = np.maximum(0, np.concatenate([[0], np.cumsum(durations)]) * scale - SOUND_LEAD)
    starts, ends = bounds[:-1], bounds[1:]
    pause_ids = {vocab[c] for c in PAUSE_PUNCTUATION if c in vocab}
    spans: list[tuple[int, int]] = []
    for n in range(n_words):
        idx = [i for i, o in enumerate(owner) if o == n and ids[i] not in pause_ids]
        if not idx:
            spans.append((-1, -1))
            continue
        start, last = int(starts[idx[0]]), idx[-1]
        spans.append((start, _speech_end(audio, int(starts[last]), int(ends[last]))))
    spoken = [s for s in spans if s[0] >= 0]
    if not spoken:
        return Clip(np.zeros(0, np.float32), 24_000, tuple((0, 0) for _ in range(n_words)))
    lead = spoken[0][0]
    stop = min(len(audio), spoken[-1][1] + TAIL_SAMPLES)
    out, at = [], 0
    for s, e in spans:
        if s < 0:
            out.append((at, at))
        else:
            out.append((s - lead, e - lead))
            at = e - lead
    return Clip(audio[lead:stop].copy(), 24_000, tuple(out))


def _speech_end(audio: Any, start: int, end: int) -> int:
    """Where the sound of a phoneme stops: the model counts a following pause into it."""
    hop = FRAME_SAMPLES // 2
    if end - start <= 4 * hop:
        return end
    seg = audio[start:end]
    frames = len(seg) // hop
    rms = np.sqrt(np.mean(seg[: frames * hop].reshape(frames, hop) ** 2, axis=1) + 1e-12)
    loud = np.nonzero(rms > 0.1 * rms.max())[0]
    if not len(loud):
        return end
    return min(end, start + (int(loud[-1]) + 1) * hop)


# espeak IPA (the lexicon's) → misaki's letters for the same sounds, longest first.
_IPA_TO_MISAKI: tuple[tuple[str, str], ...] = (
    ("eɪ", "A"), ("aɪ", "I"), ("oʊ", "O"), ("əʊ", "O"), ("aʊ", "W"), ("ɔɪ", "Y"), ("dʒ", "ʤ"), ("tʃ", "ʧ"),
    ("ɚ", "əɹ"), ("ɝ", "ɜɹ"), ("r", "ɹ"), ("ɐ", "ə"), ("ᵻ", "ɪ"), ("ː", ""), ("g", "ɡ"), ("e", "ɛ"), ("ɬ", "l"),
)


def engine_phonemes(ipa: str) -> str:
    """A lexicon entry's IPA in hibari's phoneme set (misaki's), as near as its letters allow."""
    for src, dst in _IPA_TO_MISAKI:
        ipa = ipa.replace(src, dst)
    return ipa


@functools.lru_cache(maxsize=50_000)
def _cached_g2p(g2p_id: int, text: str, g2p: Any) -> str:
    return g2p(text)


def _word_phonemes(g2p: Any, said: str) -> str:
    return _cached_g2p(id(g2p), said, g2p)


@functools.cache
def bundled_voices() -> dict[str, dict[str, Any]]:
    """hibari's voices that are inside the wheel; the others would be downloaded, so they are never offered."""
    return {name: info for name, info in hibari.voices.VOICES.items() if info.get("bundled")}


@functools.cache
def _vocab() -> dict[str, int]:
    path = os.path.join(os.path.dirname(hibari.voices.__file__), "assets", "vocab.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


@functools.cache
def hibari_version() -> str:
    return metadata.version("hibari-tts")
