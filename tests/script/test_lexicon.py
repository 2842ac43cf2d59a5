"""The pronunciation lexicon: built-ins, the publisher's versioned file, matching, fingerprints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hark.errors import InputError
from hark.models import Article, Block
from hark.script import Entry, Lexicon, build_script


def _words(text: str, lexicon: Lexicon | None = None, voice: str | None = None):
    script = build_script(Article(title="", body=(Block("paragraph", text),)), lexicon, voice=voice)
    return [w for _, _, s in script.sentences() for w in s.words]


def test_builtin_names() -> None:
    entries = {e.word: e for e in Lexicon.load(None).entries()}
    for name in ("Xi", "Xi Jinping", "Wang Yi", "Lavrov", "Navalny", "Guangdong", "Zelensky", "Macron", "Erdogan",
                 "Modi", "Sunak", "Starmer", "Netanyahu", "Kyiv", "Qatar", "Beijing", "Nguyen", "Siobhan"):
        assert name in entries, name


def test_phrase_spreads_over_its_words() -> None:
    words = _words("Xi Jinping spoke.")
    assert [(w.text, w.spoken, w.phonemes) for w in words[:2]] == [
        ("Xi", "Shee", "ʃˈiː"),
        ("Jinping", "Jinping", "dʒˈɪnpˈɪŋ"),
    ]


def test_capitalized_entries_match_only_names() -> None:
    lexicon = Lexicon.load(None)
    lexicon.add(Entry("Nice", respelling="Neess"))
    assert [w.spoken for w in _words("Nice is nice.", lexicon)][:3] == ["Neess", "is", "nice"]


def test_lowercase_entries_match_any_case() -> None:
    lexicon = Lexicon.load(None)
    lexicon.add(Entry("quinoa", respelling="keenwah"))
    assert [w.spoken for w in _words("Quinoa and QUINOA", lexicon)] == ["keenwah", "and", "keenwah"]


def test_save_and_load_round_trip_with_version(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.json"
    lexicon = Lexicon.load(path)
    before = lexicon.version
    lexicon.add(Entry("Hark", respelling="Hahrk", language="en"))
    assert lexicon.version != before
    lexicon.save(path)
    assert json.loads(path.read_text())["version"] == 1
    again = Lexicon.load(path)
    assert again.version == lexicon.version and again.revision == 1
    again.add(Entry("Hark", phonemes="hˈɑːɹk", language="en"))
    again.save(path)
    assert json.loads(path.read_text())["version"] == 2
    assert [e for e in Lexicon.load(path).entries() if e.word == "Hark"] == [Entry("Hark", phonemes="hˈɑːɹk", language="en")]
    assert not list(tmp_path.glob(".*.tmp"))


def test_remove_hides_builtin(tmp_path: Path) -> None:
    lexicon = Lexicon.load(None)
    assert lexicon.remove("Xi") == 1
    assert _words("Xi spoke.", lexicon)[0].spoken == "Xi"
    lexicon.save(tmp_path / "l.json")
    assert _words("Xi spoke.", Lexicon.load(tmp_path / "l.json"))[0].spoken == "Xi"


def test_language_and_voice_specific_entries() -> None:
    lexicon = Lexicon.load(None)
    lexicon.add(Entry("Hark", respelling="Hahrk"))
    lexicon.add(Entry("Hark", respelling="Harrk", voice="piper:en_US-joe-medium"))
    lexicon.add(Entry("Hark", respelling="Arrk", language="fr"))
    assert _words("Hark", lexicon)[0].spoken == "Hahrk"
    assert _words("Hark", lexicon, voice="piper:en_US-joe-medium")[0].spoken == "Harrk"


def test_bad_entries_and_files(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        Entry("Xi")
    with pytest.raises(InputError):
        Entry(" ", respelling="x")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InputError):
        Lexicon.load(bad)
    bad.write_text('{"entries": [{"respelling": "x"}]}')
    with pytest.raises(InputError):
        Lexicon.load(bad)
