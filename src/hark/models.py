"""The frozen dataclasses handed between stages: source → article → script → clips → narration."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Iterator, Literal

from hark.errors import FormatError, RateError
from hark.speeds import RATE_MAX, RATE_MIN

PageKind = Literal["html", "text"]
BlockKind = Literal["title", "standfirst", "heading", "paragraph"]

READING_WPM = 238
"""Average adult silent reading speed of non-fiction (Brysbaert 2019): the reading-time badge."""

@cache
def _word() -> Any:
    import regex  # loaded on first count, not at import: `hark extract` starts without it

    return regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}'’.,-]*[\p{L}\p{N}\p{M}])?")


def count_words(text: str) -> int:
    """Words as a reader counts them: "$5bn" is one, "U.S." is one, "well-known" is one."""
    return sum(1 for _ in _word().finditer(text))


def reading_minutes(words: int) -> int:
    """Whole minutes a reader needs at READING_WPM, never less than one for any text."""
    return max(1, math.ceil(words / READING_WPM)) if words else 0


# --- source ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A fetched or read document, decoded to text."""

    content: str
    """The document as text (HTML markup or plain text)."""
    kind: PageKind
    """Whether `content` is HTML or plain text."""
    url: str | None = None
    """Where it came from (after redirects), if it came from the web."""


# --- article ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One displayed unit of an article: the title, the standfirst, a subhead or a paragraph."""

    kind: BlockKind
    text: str


@dataclass(frozen=True)
class Article:
    """What will be narrated, in reading order, with the page's metadata."""

    title: str
    """The headline."""
    body: tuple[Block, ...]
    """Subheads and paragraphs of the body, in order (no title or standfirst)."""
    standfirst: str = ""
    """The dek / summary under the headline, or "" if the page has none."""
    byline: str | None = None
    published: str | None = None
    """Publication date, ISO 8601, when the page says it."""
    language: str = "en"
    """ISO 639-1 code of the article's language."""
    url: str | None = None
    """Canonical URL."""
    site_name: str | None = None

    @property
    def blocks(self) -> tuple[Block, ...]:
        """Everything narrated, in order: title, standfirst, then the body."""
        head = [Block("title", self.title)] if self.title else []
        if self.standfirst:
            head.append(Block("standfirst", self.standfirst))
        return (*head, *self.body)

    @property
    def paragraphs(self) -> list[str]:
        """The body as text, one entry per subhead or paragraph."""
        return [block.text for block in self.body]

    @property
    def words(self) -> int:
        return sum(count_words(block.text) for block in self.blocks)

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self.words)

    def to_json(self) -> dict[str, Any]:
        """The `hark extract --json` shape (DESIGN.md)."""
        return {
            "title": self.title,
            "standfirst": self.standfirst,
            "paragraphs": self.paragraphs,
            "byline": self.byline,
            "published": self.published,
            "language": self.language,
            "url": self.url,
            "site_name": self.site_name,
            "words": self.words,
            "reading_minutes": self.reading_minutes,
        }


# --- script ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """One displayed token and what is said for it."""

    text: str
    """The token as displayed ("$5bn")."""
    char_start: int
    """Offset of the token in its segment's text."""
    char_end: int
    spoken: str
    """What is said for it ("five billion dollars"); "" for a token that is not read aloud."""
    phonemes: str | None = None
    """IPA from the pronunciation lexicon, said instead of `spoken` by engines that take phonemes."""
    pause: str = ""
    """Punctuation that shapes how the word ends (`,` `;` `:` `.` `?` `!`), or ""; the last word of
    a sentence carries its terminator."""

    @property
    def said(self) -> str:
        """The word's spoken form with its punctuation: the unit engines are given."""
        return f"{self.spoken}{self.pause}" if self.spoken else ""


@dataclass(frozen=True)
class Sentence:
    """One sentence: the unit of synthesis and of the clip cache."""

    text: str
    """The sentence as displayed."""
    char_start: int
    """Offset of the sentence in its segment's text."""
    char_end: int
    words: tuple[Word, ...]

    @property
    def spoken(self) -> str:
        """The whole sentence as said, with its punctuation (what `hark script` prints)."""
        return " ".join(word.said for word in self.words if word.spoken)

    @property
    def is_silent(self) -> bool:
        return not any(word.spoken or word.phonemes for word in self.words)


@dataclass(frozen=True)
class Segment:
    """A block of the article (title, standfirst, heading, paragraph) split into sentences."""

    kind: BlockKind
    text: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Script:
    """What will be said, segment by segment."""

    title: str
    language: str
    segments: tuple[Segment, ...]
    words: int
    """Words of the original text (what WPM is measured in)."""

    def sentences(self) -> Iterator[tuple[int, int, Sentence]]:
        """(segment index, sentence index, sentence) in reading order."""
        for s, segment in enumerate(self.segments):
            for n, sentence in enumerate(segment.sentences):
                yield s, n, sentence


# --- voices ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Voice:
    """What a voice is: identity and catalog facts (not how to speak this time)."""

    id: str
    """`engine:name[#speaker]`, e.g. `piper:en_US-joe-medium`."""
    name: str
    language: str
    """BCP 47 tag, e.g. `en-US`."""
    engine: str
    gender: str | None = None
    quality: str = "neural"
    """`neural` or `formant`."""
    sample_rate: int = 22050
    license: str | None = None
    base_wpm: float | None = None
    """Words per minute at 1x on the calibration passage, once measured."""

    @property
    def lang(self) -> str:
        """The ISO 639-1 part of `language`."""
        return self.language.split("-")[0].split("_")[0].lower()


AudioFormat = Literal["mp3", "opus", "wav"]
AUDIO_FORMATS: tuple[AudioFormat, ...] = ("mp3", "opus", "wav")


@dataclass(frozen=True)
class SynthesisOptions:
    """How to speak this time: validated once, where a request enters, and trusted from there on."""

    rate: float = 1.0
    """Speed factor: 2.0 says the same in half the time (RATE_MIN to RATE_MAX)."""
    format: str = "mp3"
    """The audio file written (one of AUDIO_FORMATS); engines ignore it."""

    def __post_init__(self) -> None:
        if not (isinstance(self.rate, (int, float)) and math.isfinite(self.rate) and RATE_MIN <= self.rate <= RATE_MAX):
            raise RateError(f"rate {self.rate:g} is out of range: use a value from {RATE_MIN:g} to {RATE_MAX:g}")
        if self.format not in AUDIO_FORMATS:
            raise FormatError(f"unknown audio format {self.format!r}: use one of {', '.join(AUDIO_FORMATS)}")


@dataclass(frozen=True, eq=False)
class Clip:
    """One sentence of audio with the sample span of each of its words."""

    samples: Any
    """Mono float32 numpy array in [-1, 1]."""
    sample_rate: int
    word_spans: tuple[tuple[int, int], ...]
    """(start, end) sample of each word of the sentence, in order, within `samples`."""
    estimated: bool = False
    """True when word times are spread by length rather than aligned by the engine."""

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate


# --- timing map ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WordTiming:
    text: str
    start_ms: int
    end_ms: int
    char_start: int
    char_end: int


@dataclass(frozen=True)
class SentenceTiming:
    start_ms: int
    end_ms: int
    char_start: int
    char_end: int
    words: tuple[WordTiming, ...]


@dataclass(frozen=True)
class SegmentTiming:
    kind: BlockKind
    text: str
    sentences: tuple[SentenceTiming, ...]


@dataclass(frozen=True)
class TimingMap:
    """Word → milliseconds for one rendition; the format of DESIGN.md."""

    title: str
    words: int
    language: str
    voice_id: str
    base_wpm: float
    duration_ms: int
    segments: tuple[SegmentTiming, ...]
    rate: float = 1.0
    estimated: bool = False

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self.words)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TimingMap:
        """The timing map back from its JSON (as stored and served)."""
        return cls(
            title=data["article"]["title"],
            words=data["article"]["words"],
            language=data["article"]["language"],
            voice_id=data["voice"]["id"],
            base_wpm=data["voice"]["base_wpm"],
            duration_ms=data["duration_ms"],
            rate=data.get("rate", 1.0),
            estimated=data.get("estimated", False),
            segments=tuple(
                SegmentTiming(seg["kind"], seg["text"], tuple(
                    SentenceTiming(s["start_ms"], s["end_ms"], s["char_start"], s["char_end"],
                                   tuple(WordTiming(**w) for w in s["words"]))
                    for s in seg["sentences"]))
                for seg in data["segments"]
            ),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "article": {
                "title": self.title,
                "words": self.words,
                "reading_minutes": self.reading_minutes,
                "language": self.language,
            },
            "voice": {"id": self.voice_id, "base_wpm": self.base_wpm},
            "rate": self.rate,
            "estimated": self.estimated,
            "duration_ms": self.duration_ms,
            "segments": [
                {
                    "kind": seg.kind,
                    "text": seg.text,
                    "sentences": [
                        {
                            "start_ms": sen.start_ms,
                            "end_ms": sen.end_ms,
                            "char_start": sen.char_start,
                            "char_end": sen.char_end,
                            "words": [
                                {
                                    "text": w.text,
                                    "start_ms": w.start_ms,
                                    "end_ms": w.end_ms,
                                    "char_start": w.char_start,
                                    "char_end": w.char_end,
                                }
                                for w in sen.words
                            ],
                        }
                        for sen in seg.sentences
                    ],
                }
                for seg in self.segments
            ],
        }


@dataclass(frozen=True)
class Narration:
    """A finished rendition: what was written to the audio sink, and its timing map."""

    format: str
    """`mp3`, `opus` or `wav`."""
    timings: TimingMap
    voice: Voice
    rate: float = 1.0
    sentences: int = 0
    synthesized: int = 0
    """Sentences synthesized now (the rest came from the clip cache)."""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def duration_ms(self) -> int:
        return self.timings.duration_ms

    @property
    def wpm(self) -> float:
        """Words per minute of this rendition, measured from its audio."""
        minutes = self.timings.duration_ms / 60_000
        return self.timings.words / minutes if minutes else 0.0

    @property
    def base_wpm(self) -> float:
        """WPM this voice would give at 1x: the measured rate divided by the rendering rate."""
        return self.wpm / self.rate


# --- service records: what the store keeps, handed to and from its repositories -------------

NarrationStatus = Literal["queued", "narrating", "ready", "failed"]


@dataclass(frozen=True)
class StoredSource:
    """The plain text an article was extracted from, and the publisher's line overrides (0-based unit indexes)."""

    article_id: str
    kind: str
    content: str
    restore: tuple[int, ...] = ()
    remove: tuple[int, ...] = ()


@dataclass(frozen=True)
class StoredArticle:
    """A published article: its content and where it came from."""

    id: str
    source: str
    """How it came in: `url`, `html`, `text` or `feed`."""
    canonical_url: str | None
    content_hash: str
    """Hash of what is said, whitespace-normalized: an equal hash never re-narrates."""
    article: Article
    version: int
    """Bumped each time the content changes."""
    created_at: float
    updated_at: float


@dataclass(frozen=True)
class StoredNarration:
    """One article in one voice: the state of its audio, as the store keeps it."""

    id: int
    article_id: str
    voice_id: str
    status: NarrationStatus
    error: str | None = None
    version: int = 0
    """Bumped each time a finished narration replaces the previous one."""
    engine_version: str = ""
    content_hash: str = ""
    """The article content this narration was (or is being) made from."""
    etag: str | None = None
    format: str = "mp3"
    audio_key: str | None = None
    """The finished audio blob, once there is one."""
    partial_key: str | None = None
    """The blob being written right now (streamed to listeners while it grows)."""
    audio_bytes: int = 0
    audio_sha256: str | None = None
    duration_ms: int | None = None
    base_wpm: float | None = None
    sentences: int = 0
    synthesized: int = 0
    timings_json: str | None = None
    created_at: float = 0.0
    updated_at: float = 0.0


@dataclass(frozen=True)
class Claim:
    """One attempt at one job; `token` fences its completion against a later attempt."""

    id: int
    kind: str
    payload: dict[str, Any]
    token: str
    attempt: int
    max_attempts: int


@dataclass(frozen=True)
class Job:
    """A job as the queue table holds it."""

    id: int
    kind: str
    key: str
    status: Literal["queued", "running", "done", "failed"]
    attempts: int
    max_attempts: int
    priority: int
    run_after: float
    error: str | None
    created_at: float
    updated_at: float
    worker: str | None = None
    """The claim token of the attempt running it (`host-pid-n:hex`), while it runs."""
    lease_until: float | None = None
    """When the running attempt's lease runs out unless it heartbeats."""


@dataclass(frozen=True)
class Feed:
    """An RSS/Atom feed polled for narrate-on-publish."""

    id: int
    url: str
    voice_id: str | None
    etag: str | None = None
    last_modified: str | None = None
    last_polled_at: float | None = None
    next_poll_at: float = 0.0
    last_status: str | None = None
    last_error: str | None = None
    items_seen: int = 0
    created_at: float = 0.0


@dataclass(frozen=True)
class SeenItem:
    """A feed item already looked at: what it was (by hash) and which article it became."""

    guid: str
    item_hash: str
    article_id: str | None
    error: str | None


@dataclass(frozen=True)
class ApiKey:
    """An API key as stored: a name and a hash, never the key."""

    id: int
    name: str
    prefix: str
    """The first characters of the key, to tell keys apart in a list."""
    created_at: float
    revoked_at: float | None


ListenEventType = Literal["load", "play", "pause", "seek", "ratechange", "voicechange", "progress", "paragraph",
                          "complete"]
LISTEN_EVENT_TYPES: tuple[str, ...] = ("load", "play", "pause", "seek", "ratechange", "voicechange", "progress",
                                       "paragraph", "complete")


@dataclass(frozen=True)
class ListenEvent:
    """One beacon from the player. No cookie, no address: `session` is a random id per page view."""

    article_id: str
    type: str
    session: str | None = None
    voice_id: str | None = None
    position_ms: int | None = None
    rate: float | None = None
    value: float | None = None
    """Decile for `progress`, paragraph index for `paragraph`, the new rate or seek target."""
