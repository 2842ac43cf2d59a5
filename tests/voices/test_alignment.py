"""Phoneme timeline → word spans (pure): groups pair with words even when espeak merges or splits them."""

from __future__ import annotations

from hark.voices.alignment import groups_of, timeline, word_spans

from tests.support import cpu_seconds


def _timed(phonemes: str, each: int = 10, lead: int = 0):  # type: ignore[no-untyped-def]
    return timeline(list(phonemes), [each] * len(phonemes), lead)


def test_timeline_lays_phonemes_end_to_end_from_the_lead() -> None:
    tl = timeline(["a", "b", "c"], [3, 0, 5], lead=7)
    assert [(t.start, t.end) for t in tl] == [(7, 10), (10, 10), (10, 15)]


def test_groups_count_content_phonemes_between_breaks_and_ignore_stress() -> None:
    assert groups_of("hˈɛloʊ wˈɜːld, aɪ") == [5, 5, 2]  # the length mark ː is a phoneme of its own
    assert groups_of("") == []
    assert groups_of(" , ") == []


def test_one_group_per_word_gives_each_word_its_own_phonemes() -> None:
    spans = word_spans(_timed("ab cde f"), ["ab", "cde", "f"])
    assert spans == [(0, 20), (30, 60), (70, 80)]


def test_a_merged_group_is_split_between_its_words_by_their_phoneme_counts() -> None:
    # espeak says "on the" as one group ("ɔnðə"); the words phonemized alone are "ɔn" and "ðə".
    spans = word_spans(_timed("ɔnðə kæt"), ["ɔn", "ðə", "kæt"])
    assert spans == [(0, 20), (20, 40), (50, 80)]


def test_a_word_split_in_two_groups_spans_both() -> None:
    spans = word_spans(_timed("ab cd ef"), ["abcd", "ef"])
    assert spans == [(0, 50), (60, 80)]


def test_an_unspoken_word_sits_with_no_length_where_the_next_word_starts() -> None:
    spans = word_spans(_timed("ab cd"), ["ab", "", "cd"])
    assert spans == [(0, 20), (30, 30), (30, 50)]
    assert word_spans(_timed("ab"), ["ab", ""]) == [(0, 20), (20, 20)]


def test_spans_stay_monotonic_when_counts_disagree() -> None:
    spans = word_spans(_timed("abcdefg hi jklmn"), ["ab", "cdefghij", "k", "lmn"])
    assert len(spans) == 4
    for (a0, a1), (b0, b1) in zip(spans, spans[1:]):
        assert a0 <= a1 <= b0 <= b1
    assert spans[0][0] == 0 and spans[-1][1] == 160


def test_no_phonemes_gives_empty_spans() -> None:
    assert word_spans([], ["ab", "cd"]) == [(0, 0), (0, 0)]
    assert word_spans(_timed("ab"), ["", ""]) == [(0, 0), (0, 0)]


def test_the_pairing_of_a_long_sentence_grows_no_faster_than_its_square() -> None:
    def pairing(n: int) -> float:
        words = ["abc"] * n
        timed = _timed(" ".join(words))
        return cpu_seconds(lambda: word_spans(timed, words))

    # The DP is quadratic in the words of one sentence (sentences are short); three times the words may cost
    # nine times the work, never the 27 of a cubic search. CPU time, best of three: load barely moves it.
    assert pairing(300) / pairing(100) < 15
    words = ["abc"] * 120
    spans = word_spans(_timed(" ".join(words)), words)
    assert spans[0] == (0, 30) and spans[-1] == (119 * 40, 119 * 40 + 30)
