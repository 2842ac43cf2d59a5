"""Base WPM per voice: the calibration passage, and the measurements stored under the data folder per voice and
engine version (measuring is the service's: it narrates the passage like any article)."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from hark.atomic import write_atomic
from hark.models import Voice
from hark.settings import Settings
from hark.voices.engine import Engine

log = logging.getLogger(__name__)

PASSAGE_PATH = Path(__file__).with_name("data") / "calibration.txt"
_LOCK = threading.Lock()


def calibration_passage() -> str:
    """The calibration passage: about 100 words of neutral news prose, no numbers or names to expand."""
    return PASSAGE_PATH.read_text(encoding="utf-8").strip()


def store_path(settings: Settings) -> Path:
    return settings.data_dir / "voices" / "calibration.json"


def read_store(settings: Settings) -> dict[str, Any]:
    try:
        data = json.loads(store_path(settings).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def stored_wpm(store: dict[str, Any], voice: Voice, engine_version: str) -> float | None:
    """The stored base WPM of a voice if it was measured with this engine version; else None."""
    entry = store.get(voice.id)
    if isinstance(entry, dict) and entry.get("engine_version") == engine_version:
        value = entry.get("base_wpm")
        return float(value) if isinstance(value, (int, float)) else None
    return None


def with_stored_wpm(voices: list[Voice], engines: dict[str, Engine], settings: Settings) -> list[Voice]:
    """The voices with their stored base WPM filled in: a file read, never a synthesis (listing stays fast)."""
    store = read_store(settings)
    if not store:
        return voices
    out = []
    for voice in voices:
        wpm = None
        if voice.id in store and voice.engine in engines:
            try:
                wpm = stored_wpm(store, voice, engines[voice.engine].version(voice))
            except Exception as exc:  # a voice whose version cannot be read just shows no WPM
                log.debug("no version for %s: %s", voice.id, exc)
        out.append(replace(voice, base_wpm=wpm) if wpm else voice)
    return out


def record(settings: Settings, voice: Voice, engine_version: str, wpm: float) -> None:
    """Store a measurement (safe when several threads calibrate at once)."""
    with _LOCK:
        store = read_store(settings)
        store[voice.id] = {"engine_version": engine_version, "base_wpm": wpm,
                           "measured": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        _write_json(store_path(settings), store)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))
