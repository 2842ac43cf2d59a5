"""The pronunciation loop's last step: a fix becomes a lexicon entry, and every article that says the word is
narrated again. The clip cache keys clips by what each sentence says, so only sentences with the word are made anew."""

from __future__ import annotations

import regex

import json
from dataclasses import dataclass

from hark.errors import NotFoundError
from hark.script import Entry
from hark.service import lexicon
from hark.service.publish import dispatch, queue_if_needed
from hark.service.runtime import Runtime
from hark.service.views import audio_url, main_narration
from hark.store.reports import Report

SCANNED = 1000
"""How many of the newest articles a fix reaches (older ones pick it up when next narrated)."""


def says(text: str, word: str) -> bool:
    """The word as a whole word (a capitalized entry matches only capitalized text, as the lexicon does)."""
    flags = 0 if word[:1].isupper() else regex.IGNORECASE
    return regex.search(rf"(?<!\w){regex.escape(word)}(?!\w)", text, flags) is not None


def apply_fix(rt: Runtime, entry: Entry) -> list[str]:
    """Add the entry, then queue a new narration of each affected article in the voices it applies to; the
    ids of the articles queued."""
    lexicon.add(rt.settings, entry)
    touched: list[str] = []
    jobs: list[int] = []
    with rt.store.write() as tx:
        for stored in tx.articles.newest(SCANNED):
            article = stored.article
            lang = article.language.split("-")[0].lower()
            if entry.language and entry.language.split("-")[0].lower() != lang:
                continue
            if not any(says(b.text, entry.word) for b in article.blocks):
                continue
            for n in tx.narrations.of_article(stored.id):
                if entry.voice and entry.voice != n.voice_id:
                    continue
                tx.narrations.mark_stale(n.id)
                job = queue_if_needed(tx, tx.narrations.get(n.id) or n, stored)
                if job is not None:
                    jobs.append(job)
                    if stored.id not in touched:
                        touched.append(stored.id)
    dispatch(rt, jobs)
    return touched


def report(rt: Runtime, article_id: str, voice_id: str | None, word: str, sentence: str,
           position_ms: int | None) -> int:
    """A reader says a word sounds wrong: it joins the console's queue (the article must exist)."""
    with rt.store.write() as tx:
        tx.articles.get(article_id)
        return tx.reports.add(article_id, voice_id, word.strip(), sentence.strip(), position_ms)


@dataclass(frozen=True)
class Heard:
    """Where the reported sentence is in the narration as it is served now."""

    audio_url: str
    start_ms: int
    end_ms: int


def heard(rt: Runtime, found: Report) -> Heard | None:
    """The reported sentence in the reported voice's narration (else the article's main one): the sentence at
    the reported time, else the one with the reported text, else the first that says the word; None when there
    is no audio to point at."""
    with rt.store.read() as tx:
        stored = tx.articles.find(found.article_id)
        narrations = [n for n in tx.narrations.of_article(found.article_id) if n.audio_key and n.timings_json]
    if stored is None or not narrations:
        return None
    n = next((n for n in narrations if n.voice_id == found.voice_id), None) or main_narration(
        narrations, rt.voices.default_for(stored.article.language).id)
    assert n is not None and n.timings_json
    spans = [(s["start_ms"], s["end_ms"], seg["text"][s["char_start"]:s["char_end"]])
             for seg in json.loads(n.timings_json)["segments"] for s in seg["sentences"]]
    at = found.position_ms
    pick = next((sp for sp in spans if at is not None and sp[0] <= at < sp[1] and says(sp[2], found.word)), None) \
        or next((sp for sp in spans if found.sentence and sp[2].strip() == found.sentence), None) \
        or next((sp for sp in spans if says(sp[2], found.word)), None)
    return Heard(audio_url(n), pick[0], pick[1]) if pick else None


def open_reports(rt: Runtime) -> list[Report]:
    with rt.store.read() as tx:
        return tx.reports.open()


def accept(rt: Runtime, report_id: int, respelling: str | None, phonemes: str | None,
           language: str | None = None) -> list[str]:
    """The publisher's fix for a report: the lexicon entry, re-narration, and every open report of the word closed."""
    with rt.store.read() as tx:
        found = tx.reports.get(report_id)
    if found is None:
        raise NotFoundError(f"no report with id {report_id}")
    touched = apply_fix(rt, Entry(word=found.word, respelling=respelling or None, phonemes=phonemes or None,
                                  language=language or None))
    with rt.store.write() as tx:
        tx.reports.close_word(found.word, "accepted")
    return touched


def dismiss(rt: Runtime, report_id: int) -> None:
    with rt.store.write() as tx:
        found = tx.reports.get(report_id)
        if found is None:
            raise NotFoundError(f"no report with id {report_id}")
        tx.reports.close_word(found.word, "dismissed")
