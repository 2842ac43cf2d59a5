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
    # Both past the warm-up (the leveler keeps a few filter responses, bounded, whatever the length).
    short_peak, short_samples = _peak(settings, 40, tmp_path)
    long_peak, long_samples = _peak(settings, 120, tmp_path)
    extra_pcm = (long_samples - short_samples) * 4  # float32: what holding the extra audio would cost
    # Three times the article: the peak is that of the sentences in flight, plus the (small) timing map.
    assert long_peak - short_peak < extra_pcm / 4, (short_peak, long_peak, extra_pcm)
    assert long_peak < long_samples * 4 / 2, (long_peak, long_samples * 4)  # holding it all would be more
