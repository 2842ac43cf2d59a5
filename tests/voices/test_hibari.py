"""The hibari engine on real synthesis (short sentences): timings, exact rates, trimmed silence,
determinism, the graph patch, and no download ever."""

from __future__ import annotations

import gc
import socket
import time
import urllib.request
import weakref

import numpy as np
import onnx
import pytest

import hibari.voices
from hark.errors import VoiceError
from hark.models import SynthesisOptions
from hark.voices import hibari_graph
from hark.voices.hibari import HibariEngine, engine_phonemes, speed_for

from tests.support import wait_until
from .conftest import assert_clip_ok, sentence_of

TEXT = "The council approved the plan on Tuesday, after a long debate."


@pytest.fixture(scope="module")
def engine() -> HibariEngine:
    return HibariEngine(sessions=1)


def test_only_the_bundled_voice_is_offered(engine: HibariEngine) -> None:
    voices = engine.voices()
    assert [v.id for v in voices] == ["hibari:heart"]
    assert (voices[0].language, voices[0].gender, voices[0].quality, voices[0].sample_rate) == (
        "en-US", "female", "neural", 24_000)


def _model_bytes() -> bytes:
    with open(hibari.voices.voice_path("heart", download_missing=False), "rb") as f:
        return f.read()


def test_the_pinned_graph_still_has_the_duration_tensors() -> None:
    # Fails loudly when a hibari-tts upgrade renames or drops the tensors the patch exposes; the
    # byte-level patch must give the model onnx itself would (same message, outputs typed).
    patched = onnx.load_from_string(hibari_graph.expose_durations(_model_bytes()))
    reference = onnx.load_from_string(_model_bytes())
    reference.graph.output.append(onnx.helper.make_tensor_value_info(hibari_graph.RAW_TENSOR, onnx.TensorProto.FLOAT, None))
    reference.graph.output.append(onnx.helper.make_tensor_value_info(hibari_graph.FRAME_TENSOR, onnx.TensorProto.INT64, None))
    assert patched == reference
    assert [o.name for o in patched.graph.output][-2:] == [hibari_graph.RAW_TENSOR, hibari_graph.FRAME_TENSOR]


def test_a_graph_without_the_tensors_is_refused() -> None:
    model = onnx.load_from_string(_model_bytes())
    for node in model.graph.node:
        node.output[:] = [o.replace(hibari_graph.FRAME_TENSOR, "/renamed") for o in node.output]
    with pytest.raises(VoiceError, match="0.2.1"):
        hibari_graph.expose_durations(model.SerializeToString())


def test_a_truncated_model_is_refused() -> None:
    with pytest.raises(VoiceError, match="truncated"):
        hibari_graph.expose_durations(_model_bytes()[:100_000])


def test_a_sentence_has_word_spans_and_no_long_silences_at_its_ends(engine: HibariEngine) -> None:
    sentence = sentence_of(TEXT)
    clip = engine.synthesize(sentence, engine.voices()[0], SynthesisOptions())
    assert_clip_ok(clip, sentence, 24_000)
    spans = [s for s, w in zip(clip.word_spans, sentence.words) if w.spoken]
    assert spans[0][0] == 0  # the model's ~310 ms lead is cut
    assert len(clip.samples) - spans[-1][1] <= 0.06 * 24_000  # and its ~490 ms tail
    # The comma's pause is not counted into "Tuesday": a gap follows it.
    tuesday = next(i for i, w in enumerate(sentence.words) if w.spoken.lower() == "tuesday")
    assert spans[tuesday + 1][0] - spans[tuesday][1] > 0.05 * 24_000


def test_the_same_input_gives_the_same_samples(engine: HibariEngine) -> None:
    sentence = sentence_of("Noise is seeded, so the cache holds.")
    a = engine.synthesize(sentence, engine.voices()[0], SynthesisOptions())
    b = engine.synthesize(sentence, engine.voices()[0], SynthesisOptions())
    assert np.array_equal(a.samples, b.samples) and a.word_spans == b.word_spans


@pytest.mark.parametrize("rate", [0.75, 1.3, 1.5])
def test_rates_hit_the_asked_length(engine: HibariEngine, rate: float) -> None:
    sentence = sentence_of(TEXT)
    one = engine.synthesize(sentence, engine.voices()[0], SynthesisOptions())
    fast = engine.synthesize(sentence, engine.voices()[0], SynthesisOptions(rate=rate))
    assert one.word_spans[-1][1] / fast.word_spans[-1][1] == pytest.approx(rate, rel=0.05)


def test_speed_is_solved_on_the_frame_rounding() -> None:
    raw = np.array([14.0, 1.6, 1.4, 3.2, 2.5, 1.1, 9.0, 1.0])
    speed = speed_for(raw, 1.3)
    frames = lambda s: int(np.maximum(np.round(raw[1:-1] / s), 1).sum())  # noqa: E731
    assert abs(frames(speed) - frames(1.0) / 1.3) <= 1


def test_lexicon_ipa_becomes_misaki_letters() -> None:
    assert engine_phonemes("hˈeɪ dʒˈoʊ") == "hˈA ʤˈO"
    assert engine_phonemes("bˈɜːɹd") == "bˈɜɹd"


def test_no_download_is_ever_attempted(engine: HibariEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network use attempted: {args!r}")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    fresh = HibariEngine(sessions=1)
    sentence = sentence_of("Offline only.")
    clip = fresh.synthesize(sentence, fresh.voices()[0], SynthesisOptions())
    assert len(clip.samples) > 0


def _onset(samples: np.ndarray, frm: int, to: int) -> int:
    """First sample of [frm, to) where sound begins: a 5 ms frame above 2% of the clip's loudest."""
    hop = 120
    rms = lambda a: np.sqrt(np.mean(a.reshape(-1, hop) ** 2, axis=1))  # noqa: E731
    peak = rms(samples[: len(samples) // hop * hop]).max()
    seg = samples[frm: frm + (to - frm) // hop * hop]
    return frm + int(np.nonzero(rms(seg) > 0.02 * peak)[0][0]) * hop


@pytest.mark.parametrize("text", ["Always the same, after a long debate.", "Money matters, nobody denies it."])
def test_word_starts_sit_on_the_sound_not_after_it(engine: HibariEngine, text: str) -> None:
    # The model's sound runs ~85 ms ahead of its durations: the clip must not cut into the first
    # word, and a word after a pause must start where its sound does: never after it (the highlight
    # would trail the voice, as it did by 40-60 ms), at most 60 ms before.
    sentence = sentence_of(text)
    clip = engine.synthesize(sentence, engine.voices()[0], SynthesisOptions())
    samples = np.asarray(clip.samples)
    spans = [s for s, w in zip(clip.word_spans, sentence.words) if w.spoken]
    first = _onset(samples, 0, spans[1][0])
    assert 0 < first <= 0.08 * 24_000, f"first word's sound at {first / 24:.0f} ms of the clip"
    comma = next(i for i, w in enumerate(w for w in sentence.words if w.spoken) if w.pause == ",")
    gap_end = spans[comma + 1][0]
    after = _onset(samples, spans[comma][1] + 1_200, gap_end + 4_800)
    assert -0.01 * 24_000 <= after - gap_end <= 0.06 * 24_000, f"word after the pause: span {gap_end / 24:.0f} ms, sound {after / 24:.0f} ms"
    assert spans[-1][1] <= len(samples) <= spans[-1][1] + 1_200 + 1


def test_the_model_is_released_when_idle_and_loads_again(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = HibariEngine(sessions=1, idle_seconds=0.3)
    voice = engine.voices()[0]
    engine.synthesize(sentence_of("First words."), voice, SynthesisOptions())
    assert engine.loaded
    with engine._pool.session() as session:  # type: ignore[union-attr]
        gone = weakref.ref(session)
    del session
    wait_until(lambda: not engine.loaded, timeout=20, what="the idle model to be released")
    gc.collect()
    assert gone() is None, "something still holds the ONNX session: its memory is not given back"
    clip = engine.synthesize(sentence_of("Second words."), voice, SynthesisOptions())
    assert engine.loaded and len(clip.samples) > 0


def test_a_busy_model_is_not_released() -> None:
    engine = HibariEngine(sessions=1, idle_seconds=0.2)
    voice = engine.voices()[0]
    engine.synthesize(sentence_of("Warm."), voice, SynthesisOptions())
    with engine.idle.busy():  # a synthesis that runs far past the idle time
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            assert engine.loaded
            time.sleep(0.05)
    wait_until(lambda: not engine.loaded, timeout=20, what="release once the work is done")
