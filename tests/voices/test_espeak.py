"""The espeak-ng engine: curated English accents in both genders, every other language, word events, rate."""

from __future__ import annotations

import numpy as np
import pytest

from hark.errors import VoiceError
from hark.models import SynthesisOptions, Voice
from hark.voices.espeak import EspeakEngine, _word_spans

from .conftest import assert_clip_ok, sentence_of

TEXT = "The council approved the plan on Tuesday, after a long debate."


@pytest.fixture(scope="module")
def engine() -> EspeakEngine:
    return EspeakEngine()


def _voice(engine: EspeakEngine, voice_id: str) -> Voice:
    return next(v for v in engine.voices() if v.id == voice_id)


def test_english_accents_come_in_both_genders_and_other_languages_once(engine: EspeakEngine) -> None:
    voices = {v.id: v for v in engine.voices()}
    for accent in ("en-us", "en-gb", "en-gb-scotland", "en-029", "en-gb-x-rp"):
        assert voices[f"espeak:{accent}"].gender == "male"
        assert voices[f"espeak:{accent}+f3"].gender == "female"
    assert voices["espeak:en-gb-scotland+f3"].name == "espeak English (Scottish, female)"
    assert voices["espeak:en-029"].language == "en-029"
    assert voices["espeak:de"].lang == "de" and voices["espeak:fr-fr"].language == "fr-FR"
    assert "espeak:en-shaw" not in voices
    assert all(v.quality == "formant" and v.sample_rate == 22050 for v in voices.values())
    assert len(voices) > 100


def test_a_sentence_synthesizes_with_word_spans_from_word_events(engine: EspeakEngine) -> None:
    sentence = sentence_of(TEXT)
    clip = engine.synthesize(sentence, _voice(engine, "espeak:en-gb-scotland+f3"), SynthesisOptions())
    assert_clip_ok(clip, sentence, 22050)
    # Word events put "Tuesday" after "on" and well inside the sentence.
    texts = [w.text for w in sentence.words]
    tuesday = clip.word_spans[texts.index("Tuesday")]
    assert clip.word_spans[texts.index("on")][1] <= tuesday[0] < len(clip.samples) * 0.8


def test_rate_two_takes_about_half_the_time_of_rate_one(engine: EspeakEngine) -> None:
    sentence = sentence_of(TEXT)
    voice = _voice(engine, "espeak:en-us")
    normal = engine.synthesize(sentence, voice, SynthesisOptions(rate=1.0)).duration_s
    fast = engine.synthesize(sentence, voice, SynthesisOptions(rate=2.0)).duration_s
    assert fast / normal == pytest.approx(0.5, rel=0.15)


def test_every_espeak_voice_says_a_sentence(engine: EspeakEngine) -> None:
    sentence = sentence_of("Hello, one two three, this is a test of the voice.")
    failures = []
    for voice in engine.voices():
        clip = engine.synthesize(sentence, voice, SynthesisOptions())
        samples = np.asarray(clip.samples)
        if clip.sample_rate != voice.sample_rate or clip.duration_s < 0.3 or float(np.abs(samples).max()) < 0.05:
            failures.append(voice.id)
    assert not failures


def test_words_said_as_several_and_unsaid_words_map_to_one_span_each() -> None:
    # "five billion dollars" (one word) then "rose", with an unsaid token between.
    starts = [0, None, 21]
    events = [(0, 0), (5, 4000), (13, 9000), (21, 15000)]
    assert _word_spans(starts, events, 20000) == [(0, 15000), (15000, 15000), (15000, 20000)]


def test_an_unknown_espeak_voice_is_a_voice_error(engine: EspeakEngine) -> None:
    ghost = Voice(id="espeak:xx-nowhere", name="Ghost", language="xx", engine="espeak")
    with pytest.raises(VoiceError):
        engine.synthesize(sentence_of(TEXT), ghost, SynthesisOptions())


def test_espeak_and_piper_share_a_process(engine: EspeakEngine, piper_engine) -> None:  # type: ignore[no-untyped-def]
    # Piper links its own espeak-ng for phonemes; ours is a separate copy and neither disturbs the other.
    sentence = sentence_of(TEXT)
    joe = piper_engine.voices()[0]
    first = piper_engine.synthesize(sentence, joe, SynthesisOptions())
    engine.synthesize(sentence, _voice(engine, "espeak:de"), SynthesisOptions())
    again = piper_engine.synthesize(sentence, joe, SynthesisOptions())
    assert abs(first.duration_s - again.duration_s) < 0.25 * first.duration_s
