"""Article → Script: each block split into sentences and words, each word with what is said for it."""

from __future__ import annotations

from hark.models import Article, Block, Script, Segment, Sentence, Word
from hark.script.context import Context
from hark.script.lexicon import Lexicon, Matcher, builtin_matcher
from hark.script.normalize import say
from hark.script.sentences import split_sentences
from hark.script.tokens import Token, tokenize

_OPENERS = frozenset("([{")
_SOFT = frozenset(",.…—–-)]}")


def build_script(article: Article, lexicon: Lexicon | None = None, *, voice: str | None = None) -> Script:
    """What will be said for `article`, with the built-in lexicon when none is given (no voice model)."""
    lang = article.language or "en"
    matcher = builtin_matcher(lang) if lexicon is None else lexicon.matcher(lang, voice)
    segments = tuple(_segment(block, matcher) for block in article.blocks)
    return Script(title=article.title, language=article.language, segments=segments, words=article.words)


def _segment(block: Block, matcher: Matcher) -> Segment:
    text = block.text
    tokens = tokenize(text)
    shouting = _shouting(text)
    sentences = tuple(
        _sentence(text, tokens[first:last], matcher, shouting) for first, last in split_sentences(tokens)
    )
    return Segment(kind=block.kind, text=text, sentences=sentences)


def _shouting(text: str) -> bool:
    """A block in capitals ("BREAKING: FLOODS HIT TOWN"): its capitals are words, not acronyms."""
    return not any(ch.islower() for ch in text) and sum(ch.isupper() for ch in text) >= 12


def _sentence(text: str, tokens: list[Token], matcher: Matcher, shouting: bool) -> Sentence:
    texts = [t.text for t in tokens]
    lexicon = matcher.match(texts)
    n = len(tokens)
    words: list[Word] = []
    for k, token in enumerate(tokens):
        ctx = Context(
            prev=texts[k - 1] if k else "",
            prev2=texts[k - 2] if k > 1 else "",
            next=texts[k + 1] if k + 1 < n else "",
            next2=texts[k + 2] if k + 2 < n else "",
            shouting=shouting,
            after=token.trail,
        )
        spoken, phonemes = lexicon.get(k, (None, None))
        if spoken is None:
            spoken = say(token.text, ctx)
        pause = _pause(token, tokens[k + 1] if k + 1 < n else None)
        words.append(Word(token.text, token.start, token.end, spoken, phonemes or None, pause))
    start, end = tokens[0].span_start, tokens[-1].span_end
    return Sentence(text=text[start:end], char_start=start, char_end=end, words=_place_pauses(words, tokens[-1]))


def _pause(token: Token, following: Token | None) -> str:
    """The pause a word ends with inside a sentence: its own mark, or a comma for dashes and brackets."""
    trail = token.trail
    for mark in "?!;:":
        if mark in trail:
            return mark
    if any(ch in _SOFT for ch in trail):
        return ","
    if following is not None and any(ch in _OPENERS for ch in following.lead):
        return ","
    return ""


def _place_pauses(words: list[Word], last: Token) -> tuple[Word, ...]:
    """Pauses of silent words move to the spoken word before; the last spoken word ends the sentence."""
    out = list(words)
    spoken_at = -1
    for i, word in enumerate(out):
        if word.spoken or word.phonemes:
            spoken_at = i
        elif word.pause and spoken_at >= 0 and not out[spoken_at].pause:
            out[spoken_at] = _with_pause(out[spoken_at], word.pause)
    if spoken_at >= 0:
        mark = "?" if "?" in last.trail else "!" if "!" in last.trail else "."
        out[spoken_at] = _with_pause(out[spoken_at], mark)
        for i in range(spoken_at + 1, len(out)):
            out[i] = _with_pause(out[i], "")
    return tuple(out)


def _with_pause(word: Word, pause: str) -> Word:
    return Word(word.text, word.char_start, word.char_end, word.spoken, word.phonemes, pause)
