"""Memory while narrating stays that of a few sentences, whatever the article's length: sentences stream to the
encoder and the whole article's audio is never held (issue 14; bench/memory.py measures 30,000 words)."""

from __future__ import annotations

import tracemalloc

from hark.models import Article, Block, SynthesisOptions
from hark.service.lexicon import lexicon_of, script_for
from hark.service.render import narrate
from hark.voices import VoiceRegistry
from hark.voices.testvoice import SAMPLE_RATE

from tests.reliability.common import TEST_VOICE, fresh_paragraphs


def _peak(settings, sentences: int, tmp_path) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Peak bytes Python allocated (numpy arrays included) while narrating, and the samples of audio made."""
    speaker = VoiceRegistry(settings).resolve(TEST_VOICE)
    article = Article(title="Long read", body=tuple(Block("paragraph", p) for p in fresh_paragraphs(sentences)))
    script = script_for(article, speaker, lexicon_of(settings))
    with open(tmp_path / f"out-{sentences}.mp3", "w+b") as sink:
        tracemalloc.start()
        try:
            narration = narrate(script, speaker, SynthesisOptions(format="mp3"), sink)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return peak, narration.timings.duration_ms * SAMPLE_RATE // 1000


def test_peak_memory_does_not_grow_with_article_length(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings = settings.model_copy(update={"test_voice": True})
    short_peak, _ = _peak(settings, 8, tmp_path)
    long_peak, long_samples = _peak(settings, 80, tmp_path)
    whole_pcm = long_samples * 4  # float32: what holding the whole article's audio would cost
    # Ten times the article: the peak is that of the sentences in flight, plus the (small) timing map.
    assert long_peak < 1.5 * short_peak + 1_000_000, (short_peak, long_peak)
    assert long_peak < whole_pcm / 4, (long_peak, whole_pcm)
