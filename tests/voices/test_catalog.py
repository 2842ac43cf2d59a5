"""The catalog across engines: every voice speaks, unknown ids fail, language routing, calibration, previews."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest

from hark.errors import VoiceError
from hark.models import SynthesisOptions
from hark.settings import Settings
from hark.voices import VoiceRegistry
from hark.voices import calibration as calibration_module
from hark.voices.catalog import calibrate_voices, voice_json, write_preview
from hark.voices.registry import language_note

from .conftest import assert_clip_ok, sentence_of


def test_every_catalog_voice_says_a_sentence_at_its_sample_rate(settings: Settings) -> None:
    registry = VoiceRegistry(settings)
    sentence = sentence_of("Good evening, here is the news for Tuesday.")
    voices = registry.voices()
    assert {"piper", "espeak"} <= {v.engine for v in voices}
    for voice in voices:
        engine = registry.engines[voice.engine]
        clip = engine.synthesize(sentence, voice, SynthesisOptions())
        if voice.lang == "en":  # word spans are checked where the words are English
            assert_clip_ok(clip, sentence, voice.sample_rate)
        else:
            assert clip.sample_rate == voice.sample_rate and clip.duration_s > 0.3, voice.id
            assert float(np.abs(clip.samples).max()) > 0.05, voice.id


def test_catalog_entries_carry_the_facts_a_listener_chooses_by(settings: Settings) -> None:
    entry = voice_json(VoiceRegistry(settings).resolve("piper:en_US-joe-medium")[1])
    assert entry == {"id": "piper:en_US-joe-medium", "name": "Joe (en-US, United States, medium)",
                     "language": "en-US", "engine": "piper", "gender": "male", "quality": "neural",
                     "sample_rate": 22050, "base_wpm": None, "license": "CC0-1.0"}


def test_an_unknown_voice_id_is_a_voice_error_naming_some_installed_ones(settings: Settings) -> None:
    with pytest.raises(VoiceError, match="unknown voice 'piper:nope'.*hark voices"):
        VoiceRegistry(settings).resolve("piper:nope")


def test_the_remote_engine_is_there_only_when_configured(settings: Settings) -> None:
    assert "remote" not in VoiceRegistry(settings).engines
    configured = settings.model_copy(update={"remote_tts_url": "http://127.0.0.1:9", "remote_tts_voices": "nova, echo"})
    ids = [v.id for v in VoiceRegistry(configured).voices() if v.engine == "remote"]
    assert ids == ["remote:nova", "remote:echo"]


def test_an_article_language_picks_a_voice_of_it_but_an_explicit_voice_always_wins(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    registry = VoiceRegistry(settings)
    assert registry.resolve(None, "en")[1].id == "piper:en_US-joe-medium"
    assert registry.resolve(None, "de")[1].lang == "de"
    with caplog.at_level(logging.WARNING):
        assert registry.resolve("piper:en_US-joe-medium", "de")[1].id == "piper:en_US-joe-medium"
    assert "speaks en-US, not de" in caplog.text


def test_text_no_installed_voice_speaks_falls_back_to_the_default_and_says_so(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    registry = VoiceRegistry(settings, engines=["piper"])
    with caplog.at_level(logging.WARNING):
        assert registry.resolve(None, "fi")[1].id == "piper:en_US-joe-medium"
    assert "not fi" in caplog.text
    assert language_note(registry.resolve(None, "en")[1], "en-GB") is None


def test_calibration_is_measured_once_stored_and_reused(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    [voice] = calibrate_voices(settings, ["espeak:en-gb-scotland+f3"])
    assert 120 < voice.base_wpm < 260  # type: ignore[operator]
    stored = json.loads((settings.data_dir / "voices" / "calibration.json").read_text())
    entry = stored["espeak:en-gb-scotland+f3"]
    assert entry["base_wpm"] == voice.base_wpm and entry["engine_version"].startswith("espeak-ng-")

    def no_synthesis(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a stored calibration must be reused, not measured again")

    monkeypatch.setattr(calibration_module, "measure_wpm", no_synthesis)
    assert calibrate_voices(settings, ["espeak:en-gb-scotland+f3"])[0].base_wpm == voice.base_wpm
    # Listing shows it, from the file alone.
    listed = {v.id: v for v in VoiceRegistry(settings).voices()}
    assert listed["espeak:en-gb-scotland+f3"].base_wpm == voice.base_wpm
    assert listed["espeak:en-us"].base_wpm is None


def test_calibration_is_measured_again_when_the_engine_version_changes(settings: Settings) -> None:
    path = settings.data_dir / "voices" / "calibration.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"espeak:en-us": {"engine_version": "espeak-ng-0.0-old", "base_wpm": 999.0}}))
    assert VoiceRegistry(settings).resolve("espeak:en-us")[1].base_wpm is None
    [voice] = calibrate_voices(settings, ["espeak:en-us"])
    assert voice.base_wpm != 999.0
    assert json.loads(path.read_text())["espeak:en-us"]["engine_version"] != "espeak-ng-0.0-old"


def test_a_preview_is_an_mp3_file_of_the_voice(settings: Settings, tmp_path: Path) -> None:
    import av

    target = tmp_path / "out" / "preview.mp3"
    voice = write_preview(settings, "espeak:en-029+f3", target)
    assert voice.id == "espeak:en-029+f3"
    with av.open(str(target)) as container:
        stream = container.streams.audio[0]
        assert container.format.name == "mp3"
        seconds = sum(frame.samples for frame in container.decode(audio=0)) / stream.rate
    assert 2 < seconds < 15
    assert not list(target.parent.glob("*.part"))


def test_a_preview_of_an_unknown_voice_writes_nothing(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(VoiceError):
        write_preview(settings, "espeak:xx", tmp_path / "p.mp3")
    assert not (tmp_path / "p.mp3").exists()
