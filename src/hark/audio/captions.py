"""Timing map → WebVTT captions: one cue per sentence, long sentences cut at word boundaries."""

from __future__ import annotations

from hark.models import TimingMap, WordTiming

MAX_CUE_CHARS = 84
"""Two lines of 42 characters, the usual caption limit."""


def webvtt(timings: TimingMap) -> str:
    lines = ["WEBVTT", ""]
    n = 0
    for segment in timings.segments:
        for sentence in segment.sentences:
            cues = _cues(list(sentence.words))
            for i, words in enumerate(cues):
                spoken = [w for w in words if w.end_ms > w.start_ms] or words
                start, end = spoken[0].start_ms, spoken[-1].end_ms
                if end <= start:
                    continue
                # The last cue of a sentence keeps its closing punctuation.
                # ... and the first keeps its opening quote or bracket.
                stop = sentence.char_end if i == len(cues) - 1 else words[-1].char_end
                begin = sentence.char_start if i == 0 else words[0].char_start
                text = segment.text[begin:stop].strip()
                n += 1
                lines += [str(n), f"{_stamp(start)} --> {_stamp(end)}", _escape(text.replace("\n", " ")), ""]
    return "\n".join(lines)


def _escape(text: str) -> str:
    # WebVTT cue text: & < > are markup, and "-->" would end the cue for a parser (spec 4.2.2).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cues(words: list[WordTiming]) -> list[list[WordTiming]]:
    cues: list[list[WordTiming]] = []
    current: list[WordTiming] = []
    for word in words:
        if current and word.char_end - current[0].char_start > MAX_CUE_CHARS:
            cues.append(current)
            current = []
        current.append(word)
    if current:
        cues.append(current)
    return cues


def _stamp(ms: int) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"
