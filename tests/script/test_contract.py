"""The Script contract the engine and the player rely on: segments, offsets, pauses, JSON shape."""

from __future__ import annotations

import json
import subprocess
import sys

from hark.models import Article, Block
from hark.script import build_script, script_json, script_text

ARTICLE = Article(
    title="Xi meets Macron as $5bn deal nears",
    standfirst="Talks in Beijing — the first since 2019 — end today.",
    body=(
        Block("paragraph", "Dr. Smith said the deal, worth £3.2m, was signed at 3.30pm. “It’s done,” she said."),
        Block("heading", "What next?"),
        Block("paragraph", "The WHO and Nato 🙂 welcomed it."),
    ),
)


def test_segments_follow_blocks() -> None:
    script = build_script(ARTICLE)
    assert [(s.kind, s.text) for s in script.segments] == [(b.kind, b.text) for b in ARTICLE.blocks]
    assert script.words == ARTICLE.words
    assert script.title == ARTICLE.title and script.language == "en"


def test_offsets_index_segment_text() -> None:
    for segment in build_script(ARTICLE).segments:
        last = 0
        for sentence in segment.sentences:
            assert segment.text[sentence.char_start : sentence.char_end] == sentence.text
            for word in sentence.words:
                assert segment.text[word.char_start : word.char_end] == word.text
                assert sentence.char_start <= word.char_start < word.char_end <= sentence.char_end
                assert word.char_start >= last
                last = word.char_end


def test_one_word_per_displayed_token() -> None:
    script = build_script(ARTICLE)
    words = {w.text: w for _, _, s in script.sentences() for w in s.words}
    assert words["$5bn"].spoken == "five billion dollars"
    assert words["Dr."].spoken == "Doctor"
    assert words["3.30pm"].spoken == "three thirty P M"
    assert words["🙂"].spoken == ""
    assert words["Xi"].phonemes == "ʃˈiː"


def test_last_spoken_word_carries_terminator() -> None:
    for _, _, sentence in build_script(ARTICLE).sentences():
        spoken = [w for w in sentence.words if w.spoken]
        assert spoken[-1].pause in (".", "?", "!")
        assert all(w.pause in ("", ",", ";", ":", ".", "?", "!") for w in sentence.words)


def test_script_text_is_one_sentence_a_line() -> None:
    lines = script_text(build_script(ARTICLE)).splitlines()
    assert lines[0] == "Shee meets Mackron as five billion dollars deal nears."
    assert lines[1] == "Talks in Beijing, the first since twenty nineteen, end today."
    assert "What next?" in lines


def test_script_json_shape() -> None:
    data = script_json(build_script(ARTICLE))
    json.dumps(data)
    assert set(data) == {"title", "language", "words", "segments"}
    sentence = data["segments"][0]["sentences"][0]
    assert {"text", "char_start", "char_end", "spoken", "words"} <= set(sentence)
    assert {"text", "char_start", "char_end", "spoken", "phonemes"} <= set(sentence["words"][0])


def test_empty_and_blank_blocks() -> None:
    script = build_script(Article(title="", body=(Block("paragraph", "   "), Block("paragraph", "— … —"))))
    assert [s.sentences for s in script.segments] == [(), ()]
    silent = build_script(Article(title="🙂 🙂", body=()))
    assert all(s.is_silent for _, _, s in silent.sentences())


def test_build_script_loads_no_voice_model() -> None:
    """`hark script` must be fast: building a script imports no engine."""
    code = (
        "import sys; from hark.models import Article; from hark.script import build_script, script_text;"
        "script_text(build_script(Article(title='Xi said $5bn', body=())));"
        "assert not {'piper', 'onnxruntime'} & set(sys.modules), sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
