"""WebVTT from a timing map: cues per sentence, long sentences cut at words, valid stamps."""

from __future__ import annotations

import re

from hark.audio.captions import MAX_CUE_CHARS, webvtt
from hark.models import SegmentTiming, SentenceTiming, TimingMap, WordTiming


def timing_map(text: str) -> TimingMap:
    words, pos, t = [], 0, 0
    for token in text.split(" "):
        words.append(WordTiming(token, t, t + 300, pos, pos + len(token)))
        pos += len(token) + 1
        t += 350
    sentence = SentenceTiming(0, t, 0, len(text), tuple(words))
    return TimingMap("T", len(words), "en", "v", 180.0, t + 400, (SegmentTiming("paragraph", text, (sentence,)),))


def test_short_sentence_is_one_cue_with_its_punctuation() -> None:
    vtt = webvtt(timing_map("The bridge opens on Monday."))
    assert vtt.splitlines()[:5] == ["WEBVTT", "", "1", "00:00:00.000 --> 00:00:01.700", "The bridge opens on Monday."]


def test_long_sentence_is_cut_into_cues_within_the_limit() -> None:
    text = " ".join(["word"] * 60) + "."
    vtt = webvtt(timing_map(text))
    cues = [line for line in vtt.splitlines() if line.startswith("word")]
    assert len(cues) > 1
    assert all(len(c) <= MAX_CUE_CHARS + 1 for c in cues)
    assert " ".join(cues).count("word") == 60
    stamps = re.findall(r"(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> (\d\d):(\d\d):(\d\d)\.(\d\d\d)", vtt)
    ends = [int(s[4]) * 3600000 + int(s[5]) * 60000 + int(s[6]) * 1000 + int(s[7]) for s in stamps]
    assert ends == sorted(ends)


def test_opening_quote_and_closing_punctuation_stay_in_the_cue() -> None:
    text = "“We will rebuild,” the mayor said."
    words, pos, t = [], 0, 0
    for token, start in (("We", 1), ("will", 4), ("rebuild", 9), ("the", 19), ("mayor", 23), ("said", 29)):
        words.append(WordTiming(token, t, t + 300, start, start + len(token)))
        t += 350
    sentence = SentenceTiming(0, t, 0, len(text), tuple(words))
    vtt = webvtt(TimingMap("T", 6, "en", "v", 180.0, t, (SegmentTiming("paragraph", text, (sentence,)),)))
    assert text in vtt.splitlines()


def test_cue_text_is_escaped_and_read_back_by_a_real_parser() -> None:
    import webvtt as parser  # the real parser, only needed here

    text = "Tom & Jerry <script>x</script> at 00:00:00.000 --> 09:59:59.000 today."
    vtt = _vtt(text)
    assert "<script>" not in vtt and "-->" not in "".join(vtt.splitlines()[4:])
    cues = parser.from_string(vtt).captions
    read_back = " ".join(c.raw_text for c in cues)
    assert "&amp;" in read_back and "&lt;script&gt;" in read_back
    assert all(c.raw_text.strip() for c in cues)


def _vtt(text: str) -> str:
    return webvtt(timing_map(text))
