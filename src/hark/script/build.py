"""Article → Script (first version: plain sentence split, words spoken as written)."""

from __future__ import annotations

import regex

from hark.models import Article, Block, Script, Segment, Sentence, Word

_SENTENCE_END = regex.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?\p{Lu}|\p{N})")
_TOKEN = regex.compile(r"\S+")
_EDGE_PUNCT = regex.compile(r"^[\p{P}\p{S}]+|[\p{P}\p{S}]+$")


def build_script(article: Article) -> Script:
    segments = tuple(_segment(block) for block in article.blocks)
    return Script(title=article.title, language=article.language, segments=segments, words=article.words)


def script_text(script: Script) -> str:
    """One spoken sentence per line (what `hark script` prints)."""
    return "\n".join(sentence.spoken for _, _, sentence in script.sentences() if not sentence.is_silent)


def _segment(block: Block) -> Segment:
    sentences = []
    start = 0
    text = block.text
    for match in _SENTENCE_END.finditer(text):
        sentences.append(_sentence(text, start, match.start()))
        start = match.end()
    if text[start:].strip():
        sentences.append(_sentence(text, start, len(text.rstrip())))
    return Segment(kind=block.kind, text=text, sentences=tuple(s for s in sentences if s.words))


def _sentence(text: str, start: int, end: int) -> Sentence:
    words = []
    for token in _TOKEN.finditer(text, start, end):
        core = _EDGE_PUNCT.sub("", token.group())
        if not core:
            continue
        offset = token.group().find(core)
        s = token.start() + offset
        trail = token.group()[offset + len(core):]
        pause = next((ch for ch in trail if ch in ",;:.?!"), "")
        words.append(Word(text=core, char_start=s, char_end=s + len(core), spoken=core, pause=pause))
    if words and words[-1].pause not in (".", "?", "!"):
        words[-1] = Word(words[-1].text, words[-1].char_start, words[-1].char_end, words[-1].spoken, pause=".")
    return Sentence(text=text[start:end], char_start=start, char_end=end, words=tuple(words))
