"""The per-sentence clip cache under the data folder: the same words in the same voice are synthesized once."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from hark.atomic import atomic_file
from hark.models import Clip, Sentence, Voice


def clip_key(sentence: Sentence, voice: Voice, engine_version: str, rate: float) -> str:
    """Everything that changes how the sentence sounds, and nothing else (not its displayed text)."""
    said = [(w.said, w.phonemes) for w in sentence.words]
    blob = json.dumps([voice.id, engine_version, round(rate, 3), said], ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


class ClipCache:
    """Clips as small .npz files, two-level fan-out; writes are atomic so readers never see half a clip."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.npz"

    def get(self, key: str) -> Clip | None:
        path = self._path(key)
        try:
            with np.load(path) as data:
                return Clip(
                    samples=data["samples"].astype(np.float32),
                    sample_rate=int(data["rate"]),
                    word_spans=tuple((int(a), int(b)) for a, b in data["spans"]),
                    estimated=bool(data["estimated"]),
                )
        except (OSError, KeyError, ValueError):
            return None

    def put(self, key: str, clip: Clip) -> None:
        spans = np.asarray(clip.word_spans, dtype=np.int64).reshape(-1, 2)
        with atomic_file(self._path(key)) as fh:
            np.savez(fh, samples=np.asarray(clip.samples, dtype=np.float32), rate=clip.sample_rate, spans=spans,
                     estimated=clip.estimated)
