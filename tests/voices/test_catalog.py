"""The registry across engines: every voice speaks, unknown ids fail, language routing and the default voice."""

from __future__ import annotations

import io
import logging

import numpy as np
import pytest

from hark.errors import VoiceError
from hark.models import Article, Block, SynthesisOptions
from hark.script import build_script
from hark.service.render import narrate
from hark.settings import Settings
from hark.voices import VoiceRegistry
from hark.service.voices import menu_order, voice_json
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
    entry = voice_json(VoiceRegistry(settings).resolve("piper:en_US-joe-medium").voice)
    assert entry == {"id": "piper:en_US-joe-medium", "name": "Joe (en-US, United States, medium)",
                     "language": "en-US", "engine": "piper", "gender": "male", "quality": "neural",
                     "sample_rate": 22050, "base_wpm": None, "license": "CC0-1.0",
                     "label": "Joe — American English, male", "reader": True}


def test_readers_see_neural_voices_unless_the_publisher_chooses(settings: Settings) -> None:
    registry = VoiceRegistry(settings)
    heart = registry.resolve("hibari:heart").voice
    formant = registry.resolve("espeak:en-us").voice
    assert voice_json(heart)["label"] == "Heart — American English, female"
    assert (voice_json(heart, settings)["reader"], voice_json(formant, settings)["reader"]) == (True, False)
    chosen = settings.model_copy(update={"reader_voices": "espeak:en-us"})
    assert (voice_json(heart, chosen)["reader"], voice_json(formant, chosen)["reader"]) == (False, True)
    assert [v.quality for v in menu_order([formant, heart])] == ["neural", "formant"]


def test_an_unknown_voice_id_is_a_voice_error_naming_some_installed_ones(settings: Settings) -> None:
    with pytest.raises(VoiceError, match="unknown voice 'piper:nope'.*hark voices"):
        VoiceRegistry(settings).resolve("piper:nope")


def test_the_remote_engine_is_there_only_when_configured(settings: Settings) -> None:
    assert "remote" not in VoiceRegistry(settings).engines
    configured = settings.model_copy(update={"remote_tts_url": "http://127.0.0.1:9", "remote_tts_voices": "nova, echo"})
    ids = [v.id for v in VoiceRegistry(configured).voices() if v.engine == "remote"]
    assert ids == ["remote:nova", "remote:echo"]


def test_an_article_language_picks_a_voice_of_it_but_an_explicit_voice_always_wins(settings: Settings) -> None:
    registry = VoiceRegistry(settings)
    assert registry.resolve(None, "en").voice.id == settings.default_voice == "hibari:heart"
    assert registry.resolve(None, "de").voice.lang == "de"
    chosen = registry.resolve("piper:en_US-joe-medium", "de").voice
    assert chosen.id == "piper:en_US-joe-medium"
    assert "speaks en-US, not de" in (language_note(chosen, "de") or "")


def test_text_no_installed_voice_speaks_falls_back_to_the_default_and_says_so(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    registry = VoiceRegistry(settings.model_copy(update={"default_voice": "piper:en_US-joe-medium"}), engines=["piper"])
    speaker = registry.resolve(None, "fi")
    assert speaker.id == "piper:en_US-joe-medium"
    article = Article(title="Uutiset", body=(Block("paragraph", "Kaupunki avasi uuden kirjaston tiistaina."),),
                      language="fi")
    with caplog.at_level(logging.WARNING):
        narration = narrate(build_script(article), speaker, SynthesisOptions(format="wav"), io.BytesIO())
    assert "not fi" in caplog.text and "not fi" in narration.extra["language_note"]
    assert language_note(registry.resolve(None, "en").voice, "en-GB") is None
