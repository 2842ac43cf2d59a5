"""Phoneme durations → word sample spans: where each word of a sentence sits in its audio.

An engine such as Piper reports how many samples each phoneme of a sentence took; the script says
which words were spoken. espeak joins some words into one phoneme group ("on the" → "ɔnðə") and now
and then splits one, so groups and words do not always pair off. Each word is phonemized alone as
well; a small dynamic programme pairs the sentence's groups with the words' own groups (one to
many, many to one) by phoneme counts, and a group shared by several words is split between them
by their phoneme counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

WORD_BREAK = " "
PUNCTUATION = frozenset(",.;:!?¡¿—…\"“”«»()")
STRESS = frozenset("ˈˌ")
MAX_RUN = 4
"""Most groups one side may pair with on the other (espeak merges at most a few function words)."""


@dataclass(frozen=True)
class TimedPhoneme:
    phoneme: str
    start: int
    """First sample."""
    end: int
    """One past the last sample."""


def timeline(phonemes: Sequence[str], samples: Sequence[int], lead: int = 0) -> list[TimedPhoneme]:
    """Lay phonemes end to end from `lead` samples, each lasting its sample count."""
    out = []
    t = lead
    for phoneme, n in zip(phonemes, samples):
        out.append(TimedPhoneme(phoneme, t, t + int(n)))
        t += int(n)
    return out


def _is_content(p: str) -> bool:
    return p != WORD_BREAK and p not in PUNCTUATION and p not in STRESS


def groups_of(phonemes: str | Sequence[str]) -> list[int]:
    """Content-phoneme counts of the space/punctuation-separated groups of a phonemization."""
    out: list[int] = []
    inside = False
    for p in phonemes:
        if p in STRESS:
            continue
        if _is_content(p):
            if not inside:
                out.append(0)
            out[-1] += 1
            inside = True
        else:
            inside = False
    return out


def word_spans(timed: Sequence[TimedPhoneme], words: Sequence[str]) -> list[tuple[int, int]]:
    """(start, end) sample of each word, given the sentence timeline and each word's own phonemes
    ("" for a word that is not spoken)."""
    content = [tp for tp in timed if _is_content(tp.phoneme)]
    if not content:
        return [(0, 0) for _ in words]
    sentence_groups = groups_of([tp.phoneme for tp in timed])
    word_groups = [(k, n) for k, own in enumerate(words) for n in groups_of(own)]
    if not word_groups:
        return [(0, 0) for _ in words]
    ranges = _distribute(sentence_groups, word_groups)
    spans: list[tuple[int, int] | None] = [None] * len(words)
    for (owner, _), (lo, hi) in zip(word_groups, ranges):
        if hi <= lo:
            continue
        start, end = content[lo].start, content[hi - 1].end
        prev = spans[owner]
        spans[owner] = (start, end) if prev is None else (min(prev[0], start), max(prev[1], end))
    return _fill_silent(spans, content[-1].end)


def _distribute(sentence: list[int], words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Content-phoneme range of each word group, after pairing runs of groups on both sides."""
    blocks = _pair(sentence, [n for _, n in words])
    starts = [0]
    for n in sentence:
        starts.append(starts[-1] + n)
    ranges: list[tuple[int, int]] = [(0, 0)] * len(words)
    for (s0, s1), (w0, w1) in blocks:
        lo, hi = starts[s0], starts[s1]
        weights = [words[j][1] for j in range(w0, w1)]
        total = sum(weights) or 1
        acc = 0
        for j, w in zip(range(w0, w1), weights):
            a = lo + round((hi - lo) * acc / total)
            acc += w
            b = lo + round((hi - lo) * acc / total)
            ranges[j] = (a, b)
    return ranges


def _pair(sentence: list[int], words: list[int]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Monotone pairing of runs of sentence groups with runs of word groups, by least count mismatch."""
    inf = float("inf")
    S, W = len(sentence), len(words)
    cost = [[inf] * (W + 1) for _ in range(S + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (W + 1) for _ in range(S + 1)]
    cost[0][0] = 0.0
    for i in range(S + 1):
        for j in range(W + 1):
            c = cost[i][j]
            if c == inf:
                continue
            for a in range(0, MAX_RUN + 1):
                for b in range(0, MAX_RUN + 1):
                    if (a == 0 and b == 0) or i + a > S or j + b > W or (a > 1 and b > 1):
                        continue
                    left = sum(sentence[i : i + a])
                    right = sum(words[j : j + b])
                    # Unpaired groups (a or b zero) cost their whole length; merges cost a little
                    # so that a one-to-one pairing wins when counts agree.
                    step = abs(left - right) + 0.5 * (max(a, b) - 1) + (left + right if a == 0 or b == 0 else 0)
                    if c + step < cost[i + a][j + b]:
                        cost[i + a][j + b] = c + step
                        back[i + a][j + b] = (i, j)
    blocks = []
    i, j = S, W
    while (i, j) != (0, 0):
        prev = back[i][j]
        assert prev is not None
        blocks.append(((prev[0], i), (prev[1], j)))
        i, j = prev
    return list(reversed(blocks))


def _fill_silent(spans: list[tuple[int, int] | None], end: int) -> list[tuple[int, int]]:
    """A word with no sound sits, with no length, where the next spoken word starts."""
    out: list[tuple[int, int]] = []
    following = end
    for span in reversed(spans):
        if span is None:
            out.append((following, following))
        else:
            out.append(span)
            following = span[0]
    out.reverse()
    # Keep spans monotonic even if a shared group was split unevenly.
    for k in range(1, len(out)):
        if out[k][0] < out[k - 1][1]:
            start = out[k - 1][1]
            out[k] = (start, max(start, out[k][1]))
    return out
