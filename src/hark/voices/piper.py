"""The Piper engine: the bundled `en_US-joe-medium` voice and any Piper voice in the voices folder."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from hark.errors import SynthesisError, VoiceError
from hark.models import Clip, Sentence, SynthesisOptions, Voice
from hark.settings import Settings
from hark.voices.alignment import TimedPhoneme, timeline, word_spans
from hark.voices.piperfiles import ENGINE_NAME, PiperModel, bundled_models, folder_models, speaker_id, voices_of
from hark.voices.idle import IdleRelease
from hark.voices.sessions import SessionPool, core_count, patched_model_bytes

log = logging.getLogger(__name__)

__all__ = ["ENGINE_NAME", "PiperEngine", "create_engine"]

ALIGNMENT_VERSION = "2"
"""Bump when audio or word spans would come out differently for the same input (2: the rate curve)."""

DURATION_CURVE: tuple[tuple[float, float], ...] = (
    (0.472, 0.15), (0.478, 0.2), (0.493, 0.25), (0.513, 0.3), (0.538, 0.35), (0.579, 0.4), (0.632, 0.5),
    (0.683, 0.6), (0.773, 0.7), (0.872, 0.8), (0.957, 0.9), (1.0, 1.0), (1.107, 1.2), (1.276, 1.4),
    (1.436, 1.6), (1.592, 1.8), (1.733, 2.0), (1.974, 2.3), (2.206, 2.6), (2.505, 3.0),
)
"""(duration relative to 1x, length scale that gives it), measured on ten article sentences with the
bundled voice. Duration is far from proportional to the length scale: every phoneme and the pad
after it last at least one frame (256 samples), so halving the scale shortens speech by only a
third. Piper models share that architecture, so the curve serves them all."""


def create_engine(settings: Settings) -> "PiperEngine":
    return PiperEngine(settings.voices_dir, idle_seconds=settings.voice_idle_seconds)


@dataclass
class LoadedModel:
    """A model ready to speak: Piper's phonemizer and config, and the pool of sessions that run it."""

    voice: Any
    """piper.PiperVoice, used for its config and phonemizer (its own session is not used)."""
    pool: SessionPool


class PiperEngine:
    """Speaks with Piper models; loads each model once, on first use, and is safe to call from many threads."""

    name = ENGINE_NAME

    def __init__(self, voices_dir: Path | None = None, sessions: int | None = None, idle_seconds: float = 0.0) -> None:
        self.voices_dir = voices_dir
        self.parallelism = sessions or core_count()
        """Sentences worth synthesizing at once: one per session."""
        self._models: dict[str, PiperModel] | None = None
        self._loaded: dict[str, LoadedModel] = {}
        self._lock = threading.Lock()
        self.idle = IdleRelease(idle_seconds, self.release, "hark-piper-idle")

    def models(self) -> dict[str, PiperModel]:
        if self._models is None:
            found = bundled_models() + folder_models(self.voices_dir)
            self._models = {m.name: m for m in found}
        return self._models

    def voices(self) -> list[Voice]:
        return [voice for model in self.models().values() for voice in voices_of(model)]

    def version(self, voice: Voice) -> str:
        model = self._model_for(voice)
        stat = model.model_path.stat()
        digest = hashlib.sha1(f"{model.model_path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:12]
        return f"piper-{_piper_version()}-{digest}-a{ALIGNMENT_VERSION}"

    def _model_for(self, voice: Voice) -> PiperModel:
        name = voice.id.removeprefix("piper:").split("#", 1)[0]
        model = self.models().get(name)
        if model is None:
            raise VoiceError(f"unknown Piper voice {voice.id!r}; see `hark voices` for the installed ones")
        return model

    def load(self, voice: Voice) -> LoadedModel:
        """The loaded model of a voice; the first call reads and patches the file and builds one session."""
        model = self._model_for(voice)
        with self._lock:
            loaded = self._loaded.get(model.name)
            if loaded is None:
                loaded = self._loaded[model.name] = _load(model, self.parallelism, voice.id)
        return loaded

    def warm(self, voice: Voice) -> None:
        """Load the voice and build all its sessions, so the first narration starts at full speed."""
        with self.idle.busy():
            self.load(voice).pool.fill()

    def release(self) -> None:
        """Forget every loaded model (an idle server gives its memory back); the next sentence loads again."""
        with self._lock:
            self._loaded.clear()

    def synthesize(self, sentence: Sentence, voice: Voice, options: SynthesisOptions) -> Clip:
        with self.idle.busy():
            return self._synthesize(sentence, voice, options)

    def _synthesize(self, sentence: Sentence, voice: Voice, options: SynthesisOptions) -> Clip:
        rate = options.rate
        model = self._model_for(voice)
        loaded = self.load(voice)
        piper_voice = loaded.voice
        sample_rate = piper_voice.config.sample_rate
        words = sentence.words
        text = " ".join(_engine_text(w.said, w.phonemes, w.pause) for w in words if w.spoken or w.phonemes)
        phonemes = [p for part in _join_sentences(piper_voice.phonemize(text)) for p in part]
        if not phonemes:
            return Clip(np.zeros(0, dtype=np.float32), sample_rate, tuple((0, 0) for _ in words))
        ids = piper_voice.phonemes_to_ids(phonemes)
        speaker = speaker_id(model, voice.id)
        with loaded.pool.session() as session:
            try:
                audio, durations = _run(session, piper_voice.config, ids, speaker, rate)
            except Exception as exc:
                raise SynthesisError(f"Piper failed on {sentence.text[:60]!r}: {exc}") from exc
        espeak_voice = piper_voice.config.espeak_voice
        own = [_word_phonemes(espeak_voice, w.spoken, w.phonemes, piper_voice) if (w.spoken or w.phonemes) else ""
               for w in words]
        spans = word_spans(_phoneme_timeline(piper_voice, phonemes, durations, len(audio)), own)
        return Clip(audio, sample_rate, tuple(spans))


def _load(model: PiperModel, sessions: int, voice_id: str) -> LoadedModel:
    # piper-tts (and espeak-ng data through it) only when a Piper voice first speaks.
    from piper import PiperVoice, config as piper_config, patch_voice_with_alignment

    def expose_durations(graph: Any, onnx: Any) -> None:
        try:
            patch_voice_with_alignment.add_alignment_output(graph)
        except ValueError:
            pass  # already patched, or no duration tensor: checked just below
        if len(graph.graph.output) < 2:
            raise ValueError("it gives no phoneme durations, which word timings need")

    try:
        pool = SessionPool(patched_model_bytes(model.model_path, expose_durations), sessions)
        config = piper_config.PiperConfig.from_dict(json.loads(model.config_path.read_text(encoding="utf-8")))
    except Exception as exc:
        raise VoiceError(f"voice {voice_id} could not be loaded ({exc}); is its model file complete?") from exc
    # PiperVoice wants a session; ours run in the pool, so it gets a placeholder it never uses.
    return LoadedModel(PiperVoice(session=None, config=config), pool)  # type: ignore[arg-type]


def _run(session: Any, config: Any, ids: list[int], speaker: int | None, rate: float) -> tuple[np.ndarray, np.ndarray]:
    """One forward pass: audio and samples per phoneme id, rate through the length scale."""
    scales = np.array([config.noise_scale, config.length_scale * length_scale_for(rate), config.noise_w_scale],
                      dtype=np.float32)
    args = {
        "input": np.array([ids], dtype=np.int64),
        "input_lengths": np.array([len(ids)], dtype=np.int64),
        "scales": scales,
    }
    if config.num_speakers > 1:
        args["sid"] = np.array([config.default_speaker_id if speaker is None else speaker], dtype=np.int64)
    result = session.run(None, args)
    audio = np.clip(result[0].squeeze(), -1.0, 1.0).astype(np.float32)
    durations = (result[1].squeeze() * config.hop_length).astype(np.int64)
    return audio, durations


def length_scale_for(rate: float) -> float:
    """The length scale (relative to the voice's own) that makes speech last 1/rate as long."""
    if rate == 1.0:
        return 1.0
    durations, scales = zip(*DURATION_CURVE)
    return float(np.interp(1.0 / rate, durations, scales))


def _engine_text(said: str, phonemes: str | None, pause: str) -> str:
    # Piper reads [[ ... ]] as raw phonemes: the lexicon's IPA goes straight to the model.
    return f"[[ {phonemes} ]]{pause}" if phonemes else said


def _join_sentences(parts: list[list[str]]) -> list[list[str]]:
    """espeak may cut one of our sentences in two; say it as one, with a break between the parts."""
    out: list[list[str]] = []
    for part in parts:
        if out and out[-1] and out[-1][-1] != " ":
            out.append([" "])
        out.append(part)
    return out


@functools.lru_cache(maxsize=50_000)
def _espeak_word(espeak_voice: str, text: str, phonemize: Any) -> str:
    return "".join(p for part in phonemize(text) for p in part)


def _word_phonemes(espeak_voice: str, spoken: str, phonemes: str | None, piper_voice: Any) -> str:
    if phonemes:
        return phonemes
    return _espeak_word(espeak_voice, spoken, piper_voice.phonemize)


def _phoneme_timeline(piper_voice: Any, phonemes: list[str], id_samples: Any, total: int) -> list[TimedPhoneme]:
    """Samples per phoneme from samples per phoneme id (each phoneme is its ids plus a pad)."""
    id_map = piper_voice.config.phoneme_id_map
    per_phoneme: list[int] = []
    idx = 1 + len(id_map.get("_", [0]))  # BOS and its pad
    lead = int(sum(id_samples[:idx]))
    used = []
    for p in phonemes:
        n = len(id_map.get(p, [])) + 1 if p in id_map else 0
        per_phoneme.append(int(sum(id_samples[idx : idx + n])))
        used.append(p)
        idx += n
    tl = timeline(used, per_phoneme, lead)
    scale = total / max(1, int(sum(id_samples)))
    # The model's hop-length arithmetic can differ from the audio length by a frame; stretch to fit.
    return [TimedPhoneme(t.phoneme, int(t.start * scale), int(t.end * scale)) for t in tl]


@functools.cache
def _piper_version() -> str:
    try:
        return metadata.version("piper-tts")
    except metadata.PackageNotFoundError:
        return "unknown"
