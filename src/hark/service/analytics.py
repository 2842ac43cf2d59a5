"""Listening figures a publisher can act on, worked out from the player's beacons (sessions, never addresses):
per article loads, plays, play rate, listen-through, speed, voices and drop-off by paragraph; site-wide by day."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from hark.models import ListenEvent
from hark.service.runtime import Runtime
from hark.service.views import main_narration

THRESHOLDS = (25, 50, 75, 100)
DAY = 86400


@dataclass(frozen=True)
class Paragraph:
    index: int
    """The segment index the player reports in `paragraph` beacons."""
    kind: str
    first_words: str
    still_listening: float
    """Share of the sessions that played which reached this segment."""


def _session(event: ListenEvent) -> str:
    # Beacons without a session id count as one listener each.
    return event.session or f"anon-{id(event)}"


def article_figures(rt: Runtime, article_id: str) -> dict[str, Any]:
    with rt.store.read() as tx:
        stored = tx.articles.get(article_id)
        events = tx.events.of_article(article_id)
        narrations = tx.narrations.of_article(article_id)
    main = main_narration(narrations, rt.voices.default_for(stored.article.language).id)
    duration = (main.duration_ms if main else None) or 0
    segments = json.loads(main.timings_json)["segments"] if main and main.timings_json else []
    loads = {_session(e) for e in events if e.type == "load"}
    players = {_session(e) for e in events if e.type == "play"}
    reach: dict[str, float] = defaultdict(float)
    furthest: dict[str, int] = {}
    voices: dict[str, int] = defaultdict(int)
    voiced: set[tuple[str, str]] = set()
    rates = [e.rate for e in events if e.rate is not None]
    for e in events:
        s = _session(e)
        if e.type == "progress" and e.value is not None:
            reach[s] = max(reach[s], e.value * 10)
        elif e.type == "complete":
            reach[s] = 100.0
        elif e.type == "paragraph" and e.value is not None:
            furthest[s] = max(furthest.get(s, 0), int(e.value))
        if e.position_ms is not None and duration:
            reach[s] = max(reach[s], min(100.0, 100.0 * e.position_ms / duration))
        if e.type == "play" and e.voice_id and (s, e.voice_id) not in voiced:
            voiced.add((s, e.voice_id))
            voices[e.voice_id] += 1
    listeners = len(players)
    through = {str(t): round(sum(1 for s in players if reach[s] >= t) / listeners, 3) if listeners else 0.0
               for t in THRESHOLDS}
    paragraphs = [Paragraph(i, seg["kind"], _first_words(seg.get("text", "")),
                            round(sum(1 for s in players if furthest.get(s, -1) >= i) / listeners, 3)
                            if listeners else 0.0)
                  for i, seg in enumerate(segments)]
    return {
        "article": article_id,
        "title": stored.article.title,
        "loads": len(loads),
        "plays": listeners,
        "play_rate": round(listeners / len(loads), 3) if loads else 0.0,
        "listen_through": through,
        "average_rate": round(sum(rates) / len(rates), 3) if rates else None,
        "voices": dict(voices),
        "drop_off": [{"paragraph": p.index, "kind": p.kind, "first_words": p.first_words,
                      "still_listening": p.still_listening} for p in paragraphs],
    }


def _first_words(text: str, n: int = 6) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def daily(rt: Runtime, days: int = 30) -> list[dict[str, Any]]:
    """Site-wide loads, plays and completions per UTC day (distinct sessions), oldest first."""
    start = (int(rt.store.clock()) // DAY - days + 1) * DAY
    with rt.store.read() as tx:
        rows = tx.events.since(start)
    counted: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for when, e in rows:
        counted[int(when) // DAY][e.type].add(_session(e))
    out = []
    for day in range(start // DAY, start // DAY + days):
        got = counted.get(day, {})
        loads, plays, done = (len(got.get(t, ())) for t in ("load", "play", "complete"))
        out.append({"day": _iso_day(day), "loads": loads, "plays": plays, "completions": done,
                    "play_rate": round(plays / loads, 3) if loads else 0.0})
    return out


def _iso_day(day: int) -> str:
    return dt.datetime.fromtimestamp(day * DAY, dt.timezone.utc).strftime("%Y-%m-%d")


def daily_csv(rows: list[dict[str, Any]]) -> str:
    sink = io.StringIO()
    writer = csv.DictWriter(sink, fieldnames=["day", "loads", "plays", "completions", "play_rate"])
    writer.writeheader()
    writer.writerows(rows)
    return sink.getvalue()


def article_csv(figures: dict[str, Any]) -> str:
    """The drop-off table with the article's totals on every row (one flat table a spreadsheet opens)."""
    sink = io.StringIO()
    writer = csv.writer(sink)
    writer.writerow(["article", "loads", "plays", "play_rate", "through_25", "through_50", "through_75",
                     "through_100", "average_rate", "paragraph", "kind", "first_words", "still_listening"])
    head = [figures["article"], figures["loads"], figures["plays"], figures["play_rate"],
            *(figures["listen_through"][str(t)] for t in THRESHOLDS), figures["average_rate"] or ""]
    for p in figures["drop_off"] or [{"paragraph": "", "kind": "", "first_words": "", "still_listening": ""}]:
        writer.writerow(head + [p["paragraph"], p["kind"], p["first_words"], p["still_listening"]])
    return sink.getvalue()
