"""The publisher's pronunciation lexicon: the script of an article with it; list, add and remove entries (new
narrations use them at once)."""

from __future__ import annotations

import threading

from hark.errors import NotFoundError
from hark.models import Article, Script
from hark.script import Entry, Lexicon, build_script
from hark.settings import Settings
from hark.voices import Speaker

_EDITS = threading.Lock()
"""Edits rewrite the file whole: one at a time in this process (the rename keeps readers safe)."""


def lexicon_of(settings: Settings) -> Lexicon:
    """The built-in lexicon with the publisher's own entries."""
    return Lexicon.load(settings.resolved_lexicon_path)


def script_for(article: Article, speaker: Speaker | None, lexicon: Lexicon) -> Script:
    """The spoken script; the voice that will really speak picks the lexicon's per-voice entries."""
    return build_script(article, lexicon, voice=speaker.id if speaker else None)


def entries(settings: Settings) -> list[Entry]:
    return lexicon_of(settings).entries()


def split_entries(settings: Settings) -> tuple[list[Entry], list[Entry]]:
    """(the publisher's own entries, the built-in ones still in effect)."""
    builtin = set(Lexicon.builtin().entries())
    found = entries(settings)
    return [e for e in found if e not in builtin], [e for e in found if e in builtin]


def add(settings: Settings, entry: Entry) -> Lexicon:
    with _EDITS:
        lexicon = lexicon_of(settings)
        lexicon.add(entry)
        lexicon.save(settings.resolved_lexicon_path)
    return lexicon


def remove(settings: Settings, word: str) -> int:
    """Drop the entries for `word` (a built-in one is hidden); how many were in effect."""
    with _EDITS:
        lexicon = lexicon_of(settings)
        removed = lexicon.remove(word)
        if removed:
            lexicon.save(settings.resolved_lexicon_path)
    return removed


def remove_entry(settings: Settings, word: str, language: str | None, voice: str | None) -> None:
    """Drop the one entry for this word, language and voice; NotFoundError when there is none."""
    with _EDITS:
        lexicon = lexicon_of(settings)
        if not lexicon.remove_key(word, language, voice):
            raise NotFoundError(f"no lexicon entry for {word!r} (language {language or 'any'}, voice {voice or 'any'})")
        lexicon.save(settings.resolved_lexicon_path)


def matching(settings: Settings, language: str | None, voice: str | None) -> list[Entry]:
    """Entries that apply to `language` and `voice` (general ones included); all of them when neither is given."""
    lang = language.split("-")[0].lower() if language else None
    return [e for e in entries(settings)
            if (lang is None or e.language is None or e.language.split("-")[0].lower() == lang)
            and (voice is None or e.voice is None or e.voice == voice)]
