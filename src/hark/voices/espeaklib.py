"""libespeak-ng through ctypes (the copy shipped by `espeakng-loader`): voices, and text → samples with word events.

This is a second espeak-ng in the process, apart from the one Piper links into its own
`espeakbridge` module: ctypes loads it RTLD_LOCAL, so the two keep separate state. espeak-ng is not
reentrant (one global voice, one callback), so every call goes through one process-wide lock.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import espeakng_loader
import numpy as np

AUDIO_OUTPUT_SYNCHRONOUS = 2
POS_CHARACTER = 1
CHARS_UTF8 = 1
EVENT_LIST_TERMINATED = 0
EVENT_WORD = 1
EVENT_MSG_TERMINATED = 6
PARAM_RATE = 1
DEFAULT_WPM = 175
"""espeak-ng's own speed at 1x, in its words per minute."""
GENDERS = {1: "male", 2: "female"}

LOCK = threading.RLock()
"""Held around everything that touches the library's global state."""


class _Voice(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("languages", ctypes.c_char_p), ("identifier", ctypes.c_char_p),
                ("gender", ctypes.c_ubyte), ("age", ctypes.c_ubyte), ("variant", ctypes.c_ubyte),
                ("xx1", ctypes.c_ubyte), ("score", ctypes.c_int), ("spare", ctypes.c_void_p)]


class _Id(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", _Id)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


@dataclass(frozen=True)
class EspeakVoiceInfo:
    name: str
    """Display name, e.g. `English (Scotland)`."""
    language: str
    """espeak's language tag, e.g. `en-gb-scotland`."""
    identifier: str
    gender: str | None


@dataclass(frozen=True)
class WordEvent:
    text_position: int
    """0-based character offset in the text that was synthesized."""
    length: int
    """Characters of the word."""
    sample: int
    """First sample of the word in the output."""


class Espeak:
    """The loaded library; build it with `library()`, which does it once per process."""

    def __init__(self) -> None:
        self._lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib = self._lib
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
                                     ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        lib.espeak_Info.restype = ctypes.c_char_p
        lib.espeak_Info.argtypes = [ctypes.c_void_p]
        self.data_path = Path(espeakng_loader.get_data_path())
        self.sample_rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 100, str(self.data_path).encode(), 0)
        if self.sample_rate <= 0:
            raise OSError("espeak-ng could not start (its data folder may be missing)")
        self.version = (lib.espeak_Info(None) or b"?").decode()
        self._chunks: list[np.ndarray] = []
        self._events: list[tuple[int, int, int]] = []
        # Keep a reference: ctypes frees the trampoline if the Python object goes away.
        self._callback = _CALLBACK(self._collect)
        lib.espeak_SetSynthCallback(self._callback)

    def voices(self) -> list[EspeakVoiceInfo]:
        with LOCK:
            listed = self._lib.espeak_ListVoices(None)
            out = []
            i = 0
            while listed[i]:
                v = listed[i].contents
                # `languages` is a priority byte then a NUL-terminated tag, repeated; ctypes reads up to the first NUL.
                language = (v.languages or b"?")[1:].decode(errors="replace")
                identifier = v.identifier.decode()
                # A few listed voices ship without their dictionary and would say nothing at all.
                if self._has_dictionary(language, identifier):
                    out.append(EspeakVoiceInfo(v.name.decode(), language, identifier, GENDERS.get(v.gender)))
                i += 1
            return out

    def _has_dictionary(self, language: str, identifier: str) -> bool:
        name = language.split("-")[0]
        try:
            for line in (self.data_path / "lang" / identifier).read_text(encoding="utf-8", errors="replace").splitlines():
                key, _, value = line.strip().partition(" ")
                if key in ("dictionary", "translator") and value.strip():
                    name = value.strip().split()[0]
                    break
        except OSError:
            pass
        return (self.data_path / f"{name}_dict").is_file()

    def _collect(self, wav: Any, count: int, events: Any) -> int:
        if count > 0 and wav:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        i = 0
        while events[i].type != EVENT_LIST_TERMINATED:
            e = events[i]
            if e.type == EVENT_WORD:
                self._events.append((e.text_position - 1, e.length, e.audio_position))
            i += 1
        return 0

    def synthesize(self, text: str, voice: str, wpm: int) -> tuple[np.ndarray, list[WordEvent]]:
        """Mono float32 samples of the text and where each word starts; `voice` as espeak names it (`en-us+f3`)."""
        data = text.encode("utf-8") + b"\0"
        with LOCK:
            if self._lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise ValueError(f"espeak-ng has no voice {voice!r}")
            self._lib.espeak_SetParameter(PARAM_RATE, int(wpm), 0)
            self._chunks, self._events = [], []
            status = self._lib.espeak_Synth(data, len(data), 0, POS_CHARACTER, 0, CHARS_UTF8, None, None)
            chunks, events = self._chunks, self._events
            self._chunks, self._events = [], []
        if status != 0:
            raise RuntimeError(f"espeak-ng failed with status {status}")
        pcm = np.concatenate(chunks) if chunks else np.zeros(0, np.int16)
        samples = (pcm.astype(np.float32) / 32768.0)
        rate = self.sample_rate
        words = [WordEvent(pos, length, min(len(samples), int(ms * rate / 1000))) for pos, length, ms in events]
        return samples, words


_LIBRARY: Espeak | None = None


def library() -> Espeak:
    global _LIBRARY
    with LOCK:
        if _LIBRARY is None:
            _LIBRARY = Espeak()
        return _LIBRARY
