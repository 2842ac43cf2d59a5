"""Engines register here by name (the built-ins exactly as an outside package would); a voice id is resolved
here, once, into a `Speaker`, and here alone is the default voice decided."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable

from hark.errors import VoiceError
from hark.models import Clip, Sentence, SynthesisOptions, Voice
from hark.settings import Settings
from hark.voices.calibration import with_stored_wpm
from hark.voices.engine import Engine

log = logging.getLogger(__name__)

EngineFactory = Callable[[Settings], Engine | None]
"""Builds an engine from the settings, or None when it is not configured here."""

_FACTORIES: dict[str, EngineFactory] = {}


def register_engine(name: str, factory: EngineFactory) -> None:
    _FACTORIES[name] = factory


def _builtin_factories() -> None:
    # The engine modules pull in ONNX Runtime and libespeak-ng: only what speaks pays for them.
    from hark.voices import espeak, hibari, piper, remote, testvoice

    for module in (hibari, piper, espeak, remote, testvoice):
        _FACTORIES.setdefault(module.ENGINE_NAME, module.create_engine)


@dataclass(frozen=True)
class Speaker:
    """A voice bound to the engine that speaks it: what a voice id is resolved to where a request enters."""

    voice: Voice
    engine: Engine

    @property
    def id(self) -> str:
        return self.voice.id

    @property
    def version(self) -> str:
        """Changes whenever the same text could sound different (engine, model, alignment)."""
        return self.engine.version(self.voice)

    def synthesize(self, sentence: Sentence, options: SynthesisOptions) -> Clip:
        return self.engine.synthesize(sentence, self.voice, options)


class VoiceRegistry:
    """All engines available with these settings, and their voices by id."""

    def __init__(self, settings: Settings, engines: list[str] | None = None) -> None:
        _builtin_factories()
        self.settings = settings
        self.engines: dict[str, Engine] = {}
        for name, factory in _FACTORIES.items():
            if engines is not None and name not in engines:
                continue
            engine = factory(settings)
            if engine is not None:
                self.engines[name] = engine
        self._voices: dict[str, Voice] | None = None
        self._listing = threading.Lock()  # a warm-up thread and the request may list at once
        self._preferred: dict[str, str] = {}

    def prefer(self, defaults: dict[str, str]) -> None:
        """The publisher's default voice per language (two letters → voice id), ahead of the settings' default."""
        self._preferred = dict(defaults)

    def voices(self) -> list[Voice]:
        return list(self._index().values())

    def forget(self) -> None:
        """List again next time (after a calibration, or a voice added to the folder)."""
        self._voices = None

    def _index(self) -> dict[str, Voice]:
        with self._listing:
            return self._list()

    def _list(self) -> dict[str, Voice]:
        if self._voices is None:
            found: list[Voice] = []
            for engine in self.engines.values():
                try:
                    found.extend(engine.voices())
                except Exception as exc:  # one broken engine must not hide the others
                    log.warning("engine %s could not list its voices: %s", engine.name, exc)
            self._voices = {v.id: v for v in with_stored_wpm(found, self.engines, self.settings)}
        return self._voices

    def resolve(self, voice_id: str | None, language: str | None = None) -> Speaker:
        """The speaker for a voice id; with no id, the default voice for the language."""
        index = self._index()
        if voice_id:
            voice = index.get(voice_id) or index.get(f"piper:{voice_id}")
            if voice is None:
                known = ", ".join(sorted(index)[:6])
                raise VoiceError(f"unknown voice {voice_id!r}; installed voices include {known} (see `hark voices`)")
        else:
            voice = self.default_for(language)
        return Speaker(voice, self.engines[voice.engine])

    def default_for(self, language: str | None) -> Voice:
        """The publisher's choice for the language, else the configured default unless the article's language calls
        for another installed voice."""
        index = self._index()
        lang = (language or "en").split("-")[0].lower()
        chosen = index.get(self._preferred.get(lang, ""))
        if chosen is not None:  # an uninstalled choice falls back to the rules below
            return chosen
        default = index.get(self.settings.default_voice)
        if default is not None and default.lang == lang:
            return default
        same_language = [v for v in index.values() if v.lang == lang]
        if same_language:
            # Neural voices first: they are the ones people want to listen to.
            return sorted(same_language, key=lambda v: (v.quality != "neural", v.id))[0]
        if default is not None:
            return default
        if not index:
            raise VoiceError("no voices are installed")
        return next(iter(index.values()))


def language_note(voice: Voice, language: str | None) -> str | None:
    """What to tell the listener when the voice does not speak the text's language, else None.

    An explicit voice always wins, and no installed voice may speak the language; either way the
    text is read with the voice's own pronunciation rules, which is what this says.
    """
    lang = (language or "").split("-")[0].lower()
    if not lang or lang == voice.lang:
        return None
    return (f"voice {voice.id} speaks {voice.language}, not {lang}: the text is read with {voice.language} "
            f"pronunciation (install a {lang} voice or choose one with --voice)")
