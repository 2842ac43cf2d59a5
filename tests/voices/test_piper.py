"""The Piper engine on real synthesis: audio, word spans, rate, speakers, and broken model files."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from hark.errors import VoiceError
from hark.models import SynthesisOptions, Voice
from hark.voices.piper import PiperEngine
from hark.voices.piperfiles import PiperModel, check_onnx, speaker_id, voices_of

from .conftest import assert_clip_ok, sentence_of

JOE = "piper:en_US-joe-medium"
TEXT = "The council approved the plan on Tuesday, after a long debate."


def _voice(engine: PiperEngine, voice_id: str = JOE) -> Voice:
    return next(v for v in engine.voices() if v.id == voice_id)


def test_the_bundled_voice_is_listed_with_its_facts(piper_engine: PiperEngine) -> None:
    voice = _voice(piper_engine)
    assert (voice.language, voice.quality, voice.sample_rate, voice.license, voice.gender) == (
        "en-US", "neural", 22050, "CC0-1.0", "male")


def test_a_sentence_synthesizes_with_word_spans_covering_the_audio(piper_engine: PiperEngine) -> None:
    sentence = sentence_of(TEXT)
    clip = piper_engine.synthesize(sentence, _voice(piper_engine), SynthesisOptions())
    assert_clip_ok(clip, sentence, 22050)
    assert not clip.estimated


def test_rate_two_takes_about_half_the_time_of_rate_one(piper_engine: PiperEngine) -> None:
    sentence = sentence_of(TEXT)
    voice = _voice(piper_engine)
    normal = piper_engine.synthesize(sentence, voice, SynthesisOptions(rate=1.0)).duration_s
    fast = piper_engine.synthesize(sentence, voice, SynthesisOptions(rate=2.0)).duration_s
    slow = piper_engine.synthesize(sentence, voice, SynthesisOptions(rate=0.75)).duration_s
    assert fast / normal == pytest.approx(0.5, rel=0.15)
    assert slow / normal == pytest.approx(1 / 0.75, rel=0.15)


def test_sessions_run_side_by_side_from_many_threads(piper_engine: PiperEngine) -> None:
    from concurrent.futures import ThreadPoolExecutor

    voice = _voice(piper_engine)
    sentences = [sentence_of(f"Sentence number {n} is read on its own.") for n in ("one", "two", "three", "four")]
    with ThreadPoolExecutor(4) as pool:
        clips = list(pool.map(lambda s: piper_engine.synthesize(s, voice, SynthesisOptions()), sentences))
    for sentence, clip in zip(sentences, clips):
        assert_clip_ok(clip, sentence, 22050)
    # Four sentences at once need more than one session: the pool grew to its size, and no further.
    pool = piper_engine.load(voice).pool
    assert pool.size == 1 or pool.built == pool.size


def _copy_voice(bundled: Path, folder: Path, name: str, cut: int | None = None, config: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.onnx"
    if cut is None:
        shutil.copyfile(bundled, target)
    else:
        with bundled.open("rb") as src:
            target.write_bytes(src.read(cut))
    cfg = config or json.loads(bundled.with_name(bundled.name + ".json").read_text())
    target.with_name(target.name + ".json").write_text(json.dumps(cfg))
    return target


def test_a_truncated_or_corrupt_model_is_skipped_with_a_warning_and_the_others_still_speak(
    tmp_path: Path, bundled_model: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "voices"
    _copy_voice(bundled_model, folder, "en_US-cut-medium", cut=5_000_000)
    (folder / "en_US-junk-medium.onnx").write_bytes(b"this is not a model" * 100)
    (folder / "en_US-junk-medium.onnx.json").write_text(bundled_model.with_name(bundled_model.name + ".json").read_text())
    (folder / "en_US-noconfig-medium.onnx").write_bytes(b"\x08\x07" + b"\0" * 2000)
    with caplog.at_level(logging.WARNING):
        engine = PiperEngine(folder)
        ids = [v.id for v in engine.voices()]
    assert ids == [JOE]
    assert "en_US-cut-medium.onnx" in caplog.text and "truncated" in caplog.text
    assert "en_US-junk-medium.onnx" in caplog.text
    sentence = sentence_of(TEXT)
    assert_clip_ok(engine.synthesize(sentence, _voice(engine), SynthesisOptions()), sentence, 22050)


def test_the_onnx_check_accepts_the_real_model_and_refuses_every_cut_of_it(bundled_model: Path, tmp_path: Path) -> None:
    check_onnx(bundled_model)
    data = bundled_model.read_bytes()
    for cut in (2048, len(data) // 3, len(data) - 1):
        path = tmp_path / f"cut{cut}.onnx"
        path.write_bytes(data[:cut])
        with pytest.raises(ValueError):
            check_onnx(path)


def test_a_whole_model_in_the_voices_folder_is_a_voice_too(tmp_path: Path, bundled_model: Path) -> None:
    _copy_voice(bundled_model, tmp_path / "voices", "en_GB-copy-medium")
    engine = PiperEngine(tmp_path / "voices")
    assert "piper:en_GB-copy-medium" in [v.id for v in engine.voices()]


def test_multi_speaker_models_list_each_speaker_by_the_config_map(bundled_model: Path) -> None:
    cfg = json.loads(bundled_model.with_name(bundled_model.name + ".json").read_text())
    cfg.update(num_speakers=3, speaker_id_map={"p_alice": 2, "p_bob": 0, "p_carol": 1},
               speaker_genders={"p_alice": "F", "p_bob": "M"})
    model = PiperModel(bundled_model, bundled_model, cfg, "CC-BY-4.0")
    voices = voices_of(model)
    assert [v.id for v in voices] == [
        "piper:en_US-joe-medium#p_bob", "piper:en_US-joe-medium#p_carol", "piper:en_US-joe-medium#p_alice"]
    assert [v.gender for v in voices] == ["male", None, "female"]
    assert speaker_id(model, "piper:en_US-joe-medium#p_alice") == 2
    assert speaker_id(model, "piper:en_US-joe-medium") is None
    with pytest.raises(VoiceError):
        speaker_id(model, "piper:en_US-joe-medium#nobody")


def test_an_unknown_piper_voice_is_a_voice_error(piper_engine: PiperEngine) -> None:
    ghost = Voice(id="piper:xx_XX-ghost-low", name="Ghost", language="xx", engine="piper")
    with pytest.raises(VoiceError, match="unknown Piper voice"):
        piper_engine.synthesize(sentence_of(TEXT), ghost, SynthesisOptions())
