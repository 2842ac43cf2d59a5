"""Pronunciation lexicon: built-in names of world news plus the publisher's versioned JSON file."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hark.atomic import write_atomic
from hark.errors import InputError
from hark.script.tables import table

_POSSESSIVE = ("'s", "’s")


@dataclass(frozen=True)
class Entry:
    """How to say one word or phrase."""

    word: str
    """The word or phrase as written ("Xi Jinping"); capitalized entries match only capitalized text."""
    respelling: str | None = None
    """Plain text espeak reads right ("Shee"), said instead of the word."""
    phonemes: str | None = None
    """IPA in espeak's phoneme set ("ʃˈiː"), sent to engines that take phonemes."""
    language: str | None = None
    """ISO 639-1 code the entry applies to; None for every language."""
    voice: str | None = None
    """Voice id the entry applies to; None for every voice."""

    def __post_init__(self) -> None:
        if not self.word.strip():
            raise InputError("A lexicon entry needs a word: give the word or phrase as written.")
        if not (self.respelling or self.phonemes):
            raise InputError(f"Lexicon entry {self.word!r} says nothing: give a respelling or IPA phonemes.")

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        return (self.word, self.language, self.voice)

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        if not isinstance(data, dict) or not isinstance(data.get("word"), str):
            raise InputError(f"Lexicon entry {data!r} is not an object with a \"word\".")
        return cls(
            word=data["word"],
            respelling=data.get("respelling"),
            phonemes=data.get("phonemes"),
            language=data.get("language"),
            voice=data.get("voice"),
        )


Said = tuple[str | None, str | None]
"""(respelling, phonemes) for one displayed word; None where the entry gives no such form."""


class Matcher:
    """The entries that apply to one language and voice, ready to match runs of displayed words."""

    def __init__(self, entries: list[Entry]) -> None:
        self._exact: dict[tuple[str, ...], Entry] = {}
        self._folded: dict[tuple[str, ...], Entry] = {}
        for entry in entries:  # later entries (more specific, the publisher's) win
            words = tuple(entry.word.split())
            if entry.word != entry.word.lower():
                self._exact[words] = entry
                self._exact[tuple(w.upper() for w in words)] = entry  # a headline in capitals
            else:
                self._folded[tuple(w.casefold() for w in words)] = entry
        self.longest = max((len(k) for k in (*self._exact, *self._folded)), default=0)

    def _find(self, words: tuple[str, ...]) -> Entry | None:
        return self._exact.get(words) or self._folded.get(tuple(w.casefold() for w in words))

    def match(self, texts: list[str]) -> dict[int, Said]:
        """Index of each displayed word an entry covers → what to say for it; longest phrase first."""
        found: dict[int, Said] = {}
        i = 0
        while i < len(texts):
            step = 1
            for n in range(min(self.longest, len(texts) - i), 0, -1):
                words = list(texts[i : i + n])
                suffix = ""
                if words[-1].endswith(_POSSESSIVE):
                    words[-1], suffix = words[-1][:-2], words[-1][-2:]
                entry = self._find(tuple(words))
                if entry is not None:
                    found.update(_spread(entry, i, n, suffix))
                    step = n
                    break
            i += step
        return found


def _spread(entry: Entry, first: int, count: int, suffix: str) -> dict[int, Said]:
    """One part of the respelling and phonemes per word when they split evenly, else all on the first."""

    def parts(value: str | None) -> list[str | None]:
        if value is None:
            return [None] * count
        split: list[str | None] = list(value.split())
        whole: list[str | None] = [""] * count
        whole[0] = value
        return split if len(split) == count else whole

    spoken, phonemes = parts(entry.respelling), parts(entry.phonemes)
    if suffix:  # "Xi's": the possessive is said after the name
        spoken[-1] = spoken[-1] + "'s" if spoken[-1] else spoken[-1]
        phonemes[-1] = phonemes[-1] + "z" if phonemes[-1] else phonemes[-1]
    return {first + k: (spoken[k], phonemes[k]) for k in range(count)}


class Lexicon:
    """Built-in entries plus the publisher's own; the publisher's file is rewritten whole on save."""

    def __init__(self, builtin: tuple[Entry, ...], custom: list[Entry] | None = None, revision: int = 0,
                 hidden: set[str] | None = None) -> None:
        self._builtin = builtin
        self._custom = list(custom or [])
        self._hidden = set(hidden or ())
        self.revision = revision
        """The file's "version": how many times it has been saved."""

    @classmethod
    def builtin(cls) -> Lexicon:
        return cls(_builtin_entries())

    @classmethod
    def load(cls, path: Path | None) -> Lexicon:
        """Built-in entries plus the publisher's file at `path` when it exists."""
        if path is None or not Path(path).exists():
            return cls.builtin()
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"Cannot read the lexicon {path}: {exc}. Fix or remove the file.") from exc
        if not isinstance(data, dict) or not isinstance(data.get("entries", []), list):
            raise InputError(f"The lexicon {path} is not {{\"version\": N, \"entries\": [...]}}; fix or remove it.")
        entries = [Entry.from_json(item) for item in data.get("entries", [])]
        return cls(_builtin_entries(), entries, int(data.get("version", 0)), set(data.get("hidden", [])))

    def save(self, path: Path) -> None:
        """Write the publisher's entries atomically (temp file + rename), one version up."""
        body = {
            "version": self.revision + 1,
            "entries": [e.to_json() for e in self._custom],
            "hidden": sorted(self._hidden),
        }
        write_atomic(Path(path), json.dumps(body, ensure_ascii=False, indent=2))
        self.revision += 1

    def add(self, entry: Entry) -> None:
        """Add or replace the publisher's entry for the same word, language and voice."""
        self._custom = [e for e in self._custom if e.key != entry.key] + [entry]
        self._hidden.discard(entry.word)

    def remove(self, word: str) -> int:
        """Drop every entry for `word` (a built-in one is hidden); how many were in effect."""
        before = len([e for e in self.entries() if e.word == word])
        self._custom = [e for e in self._custom if e.word != word]
        if any(e.word == word for e in self._builtin):
            self._hidden.add(word)
        return before

    def remove_key(self, word: str, language: str | None, voice: str | None) -> int:
        """Drop the one entry for this word, language and voice (a built-in one is hidden); 1 if there was one."""
        key = (word, language, voice)
        if any(e.key == key for e in self._custom):
            self._custom = [e for e in self._custom if e.key != key]
            return 1
        if any(e.key == key for e in self._builtin) and word not in self._hidden:
            self._hidden.add(word)
            return 1
        return 0

    def entries(self) -> list[Entry]:
        """Entries in effect: built-ins not hidden or replaced, then the publisher's."""
        mine = {e.key for e in self._custom}
        kept = [e for e in self._builtin if e.word not in self._hidden and e.key not in mine]
        return kept + self._custom

    @property
    def fingerprint(self) -> str:
        """Changes whenever the entries in effect change: part of every clip cache key."""
        blob = json.dumps([e.to_json() for e in self.entries()], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    @property
    def version(self) -> str:
        """The fingerprint, as the version string cache keys carry."""
        return self.fingerprint

    def matcher(self, language: str = "en", voice: str | None = None) -> Matcher:
        """Entries for this language and voice; the more specific entry wins over the general one."""
        lang = language.split("-")[0].lower()
        usable = [
            e for e in self.entries()
            if (e.language is None or e.language.split("-")[0].lower() == lang) and (e.voice is None or e.voice == voice)
        ]
        usable.sort(key=lambda e: (e.language is not None) + 2 * (e.voice is not None))  # stable: custom after builtin
        return Matcher(usable)


@cache
def _builtin_entries() -> tuple[Entry, ...]:
    return tuple(Entry.from_json(item) for item in table("lexicon")["entries"])


@cache
def builtin_matcher(language: str) -> Matcher:
    """The built-in lexicon's matcher, made once per language (the common case of `build_script`)."""
    return Lexicon.builtin().matcher(language)
