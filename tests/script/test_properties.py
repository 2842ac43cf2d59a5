"""Property tests: for any Unicode text, every word is covered once, in order, with offsets in bounds."""

from __future__ import annotations

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hark.models import Article, Block
from hark.script import build_script, script_json

_WORD = regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}'’.,-]*[\p{L}\p{N}\p{M}])?")  # models.count_words' word
_PAUSES = {"", ",", ";", ":", ".", "?", "!"}
_SPOKEN = regex.compile(r"[\p{L}\p{M}' -]*")

NEWS = st.sampled_from(
    ["$5bn", "U.S.", "Dr.", "3.30pm", "2020-21", "St.", "No.", "e.g.", "5%", "£3.2m", "WHO", "G7", "III", "—", "…",
     "...", "“", "”", "(", ")", "1/3", "¼", "-5°C", "24/7", "x@y.com", "#tag", "a.", "1", "$", "Xi", "Jinping"]
)
TEXT = st.lists(
    st.one_of(
        st.text(min_size=1, max_size=8),
        st.text(alphabet="\u200b\u200d\u202e\u0000\u0007\ufeff\u0301 \n\t", min_size=1, max_size=3),
        st.text(alphabet="مرحباשלום😀👍🏽🇬🇧", min_size=1, max_size=4),
        NEWS,
    ),
    max_size=30,
).map(lambda parts: " ".join(parts) if len(parts) % 2 else "".join(parts))


def _check(text: str) -> None:
    script = build_script(Article(title="", body=(Block("paragraph", text),)))
    segment = script.segments[0]
    assert segment.text == text
    spans = []
    last_sentence_end = 0
    for sentence in segment.sentences:
        assert 0 <= last_sentence_end <= sentence.char_start < sentence.char_end <= len(text)
        assert text[sentence.char_start : sentence.char_end] == sentence.text
        last_sentence_end = sentence.char_end
        for word in sentence.words:
            assert sentence.char_start <= word.char_start < word.char_end <= sentence.char_end
            assert text[word.char_start : word.char_end] == word.text
            assert word.pause in _PAUSES
            assert _SPOKEN.fullmatch(word.spoken), word.spoken  # no digits or symbols for espeak to garble
            spans.append((word.char_start, word.char_end))
    assert spans == sorted(spans)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
    # Every word a reader counts lies inside exactly one displayed word.
    for match in _WORD.finditer(text):
        owners = [s for s in spans if s[0] <= match.start() and match.end() <= s[1]]
        assert len(owners) == 1, (match.group(), spans)
    script_json(script)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_any_text_is_covered_once(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode(text: str) -> None:
    _check(text)


def test_known_hard_inputs() -> None:
    for text in ["", " ", "\u200b", "\u202eabc\u202c", "a\u0301", "\u0301a", "...", "a.b.c.d", "1.2.3.4", "$-5",
                 "U.S.-China", "—a—b—", "“”", "10:99", "99:99pm", "13pm", "¼¼", "#", "@", "a@b", "http://", "II I",
                 "9" * 40, "$" + "9" * 40 + "bn", "9" * 20 + "th", "1/" + "9" * 30, "-" * 10 + "5", "x" * 1000]:
        _check(text)
