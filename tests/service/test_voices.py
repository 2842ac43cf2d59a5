"""The voice catalog: base WPM measured once per voice and engine version and reused; previews."""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest

from hark.errors import VoiceError
from hark.service import voices as catalog
from hark.service.voices import calibrate, preview_to
from hark.settings import Settings
from hark.voices import VoiceRegistry


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", _env_file=None)  # type: ignore[call-arg]


def test_calibration_is_measured_once_stored_and_reused(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    [voice] = calibrate(settings, VoiceRegistry(settings), ["espeak:en-gb-scotland+f3"])
    assert 120 < voice.base_wpm < 260  # type: ignore[operator]
    stored = json.loads((settings.data_dir / "voices" / "calibration.json").read_text())
    entry = stored["espeak:en-gb-scotland+f3"]
    assert entry["base_wpm"] == voice.base_wpm and entry["engine_version"].startswith("espeak-ng-")

    def no_synthesis(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a stored calibration must be reused, not measured again")

    monkeypatch.setattr(catalog, "measure_wpm", no_synthesis)
    assert calibrate(settings, VoiceRegistry(settings), ["espeak:en-gb-scotland+f3"])[0].base_wpm == voice.base_wpm
    # Listing shows it, from the file alone.
    listed = {v.id: v for v in VoiceRegistry(settings).voices()}
    assert listed["espeak:en-gb-scotland+f3"].base_wpm == voice.base_wpm
    assert listed["espeak:en-us"].base_wpm is None


def test_calibration_is_measured_again_when_the_engine_version_changes(settings: Settings) -> None:
    path = settings.data_dir / "voices" / "calibration.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"espeak:en-us": {"engine_version": "espeak-ng-0.0-old", "base_wpm": 999.0}}))
    assert VoiceRegistry(settings).resolve("espeak:en-us").voice.base_wpm is None
    [voice] = calibrate(settings, VoiceRegistry(settings), ["espeak:en-us"])
    assert voice.base_wpm != 999.0
    assert json.loads(path.read_text())["espeak:en-us"]["engine_version"] != "espeak-ng-0.0-old"


def test_a_preview_is_an_mp3_file_of_the_voice(settings: Settings, tmp_path: Path) -> None:
    target = tmp_path / "out" / "preview.mp3"
    preview_to(settings, "espeak:en-029+f3", target)
    with av.open(str(target)) as container:
        stream = container.streams.audio[0]
        assert container.format.name == "mp3"
        seconds = sum(frame.samples for frame in container.decode(audio=0)) / stream.rate
    assert 2 < seconds < 15
    assert not list(target.parent.glob("*.part"))


def test_a_preview_of_an_unknown_voice_writes_nothing(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(VoiceError):
        preview_to(settings, "espeak:xx", tmp_path / "p.mp3")
    assert not (tmp_path / "p.mp3").exists()


def test_a_fresh_data_folder_lists_two_neural_english_engines_each_with_a_base_wpm(settings: Settings) -> None:
    # What `hark voices --json` shows on a fresh install, for the neural engines (the ~140 espeak languages
    # take a minute to measure: one of them stands in for the rest below).
    assert not (settings.data_dir / "voices" / "calibration.json").exists()
    registry = VoiceRegistry(settings, engines=["hibari", "piper", "espeak"])
    voices = catalog.with_base_wpm(settings, registry, lambda v: v.quality == "neural" or v.id == "espeak:en-us")
    neural = [catalog.voice_json(v, settings) for v in catalog.menu_order(voices) if v.quality == "neural"]
    english = [v for v in neural if v["language"].startswith("en")]
    assert len({v["engine"] for v in english}) >= 2 and len(english) >= 2
    assert all(v["base_wpm"] and 120 < v["base_wpm"] < 260 for v in neural), neural
    assert next(v for v in voices if v.id == "espeak:en-us").base_wpm
    # Stored: a second listing measures nothing.
    again = VoiceRegistry(settings, engines=["hibari", "piper"])
    assert all(v.base_wpm for v in again.voices())
